// Used by scripts/channel-org.sh: reads configtxlator JSON, adds or removes an org (and sets the
// Admins rule), writes JSON.
//   editChannelConfig add <config.json> <org-group.json> <mspId> <out.json> [admins-rule]
//   editChannelConfig remove <config.json> <mspId> <out.json> [admins-rule]
//   editChannelConfig admins <config.json> <out.json> <admins-rule>
//   editChannelConfig describe <config.json> [joined-msp-ids]   prints {members, adminsRule, joinedPeers}
//   editChannelConfig crl <config.json> <mspId> <crl.pem> <out.json>   the CA's CRL into the org's MSP
// and the other JSON documents of an update (fabric/channelUpdateFiles.ts):
//   editChannelConfig block-config <block.json> <out.json>     the configuration inside a config block
//   editChannelConfig block-number <block.json>                prints the block's number
//   editChannelConfig envelope <update.json> <channel> <out.json>   the CONFIG_UPDATE envelope
//   editChannelConfig anchor <org-group.json> <host> <port>    sets the org's anchor peer (in place)
//   editChannelConfig invitation <mspId> <orgName> <ca.pem> <admin.pem>   prints an invitation
//   editChannelConfig invitation-msp <invitation.json> <mspId> <msp-dir>  writes its cacerts/tlscacerts
//   editChannelConfig members <config.json>                    prints the application orgs, one a line
// Exit codes: 0 written (or printed), 3 nothing to do (already a member / not a member / same CRL),
// 2 refused.
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  ChannelConfigEditError,
  describeApplication,
  parseAdminsRule,
  withNewOrg,
  withAdminsRule,
  withoutOrg,
  type AdminsRule,
  type JsonObject,
} from '../fabric/channelConfigEdit';
import {
  blockNumberOf,
  configOfBlock,
  configUpdateEnvelope,
  invitationMsp,
  invitationOf,
  withAnchorPeer,
} from '../fabric/channelUpdateFiles';
import { withCrl } from '../fabric/crlConfigEdit';

const USAGE =
  'usage: editChannelConfig add <config.json> <org-group.json> <mspId> <out.json> [admins-rule]\n' +
  '       editChannelConfig remove <config.json> <mspId> <out.json> [admins-rule]\n' +
  '       editChannelConfig admins <config.json> <out.json> <admins-rule>\n' +
  '       editChannelConfig describe <config.json> [joined-msp-ids, comma-separated]\n' +
  '       editChannelConfig crl <config.json> <mspId> <crl.pem> <out.json>\n' +
  '       editChannelConfig block-config <block.json> <out.json>\n' +
  '       editChannelConfig block-number <block.json>\n' +
  '       editChannelConfig envelope <update.json> <channel> <out.json>\n' +
  '       editChannelConfig anchor <org-group.json> <host> <port>\n' +
  '       editChannelConfig invitation <mspId> <orgName> <ca.pem> <admin.pem>\n' +
  '       editChannelConfig invitation-msp <invitation.json> <mspId> <msp-dir>\n' +
  '       editChannelConfig members <config.json>';

/** Thrown when the edit would change nothing (exit code 3). */
class NothingToDo extends Error {}

interface Edited {
  readonly out: string;
  readonly config: JsonObject;
}

const readJson = (file: string): JsonObject => JSON.parse(fs.readFileSync(file, 'utf8')) as JsonObject;
const ruleOf = (rule: string | undefined): AdminsRule | undefined =>
  rule === undefined || rule === '' ? undefined : parseAdminsRule(rule);

function add(configFile: string, [orgFile, mspId, out, rule]: readonly string[]): Edited | undefined {
  if (orgFile === undefined || mspId === undefined || out === undefined) return undefined;
  return { out, config: withNewOrg(readJson(configFile), mspId, readJson(orgFile), ruleOf(rule)) };
}

function remove(configFile: string, [mspId, out, rule]: readonly string[]): Edited | undefined {
  if (mspId === undefined || out === undefined) return undefined;
  return { out, config: withoutOrg(readJson(configFile), mspId, ruleOf(rule)) };
}

function admins(configFile: string, [out, rule]: readonly string[]): Edited | undefined {
  if (out === undefined || rule === undefined) return undefined;
  return { out, config: withAdminsRule(readJson(configFile), parseAdminsRule(rule)) };
}

function crl(configFile: string, [mspId, crlFile, out]: readonly string[]): Edited | undefined {
  if (mspId === undefined || crlFile === undefined || out === undefined) return undefined;
  const edit = withCrl(readJson(configFile), mspId, fs.readFileSync(crlFile, 'utf8'));
  if (!edit.changed) throw new NothingToDo(`${mspId} already has this CRL`);
  return { out, config: edit.config };
}

const MODES: Readonly<Record<string, (configFile: string, rest: readonly string[]) => Edited | undefined>> = {
  add,
  remove,
  admins,
  crl,
};

function edit([mode, configFile, ...rest]: readonly string[]): Edited | undefined {
  const apply = MODES[mode ?? ''];
  return apply === undefined || configFile === undefined ? undefined : apply(configFile, rest);
}

/** `describe`: the application orgs and Admins rule of a config, and the MSPs whose peer has joined. */
function describe(configFile: string, joined: string | undefined): void {
  const joinedPeers = (joined ?? '').split(',').filter((id) => id !== '');
  process.stdout.write(`${JSON.stringify({ ...describeApplication(readJson(configFile)), joinedPeers })}\n`);
}

const print = (text: string): void => {
  process.stdout.write(`${text}\n`);
};
const writeJson = (file: string, value: unknown): void => {
  fs.writeFileSync(file, JSON.stringify(value));
};

/** Writes the PEM files of an invitation's channel MSP: `<dir>/cacerts/ca-<i>.pem`, `tlscacerts/…`. */
function writeInvitationMsp(invitationFile: string, mspId: string, dir: string): void {
  const msp = invitationMsp(JSON.parse(fs.readFileSync(invitationFile, 'utf8')) as unknown, mspId);
  for (const [folder, pems] of [
    ['cacerts', msp.cacerts],
    ['tlscacerts', msp.tlscacerts],
  ] as const) {
    fs.mkdirSync(path.join(dir, folder), { recursive: true });
    pems.forEach((pem, i) => {
      fs.writeFileSync(path.join(dir, folder, `ca-${i}.pem`), pem);
    });
  }
}

/** A command that is not an edit: how many arguments it needs, and what it does with them. */
interface DocumentCommand {
  readonly arity: number;
  readonly run: (arg: (index: number) => string, optional: (index: number) => string | undefined) => void;
}

const DOCUMENTS: Readonly<Record<string, DocumentCommand>> = {
  describe: {
    arity: 1,
    run: (arg, optional) => {
      describe(arg(0), optional(1));
    },
  },
  'block-config': {
    arity: 2,
    run: (arg) => {
      writeJson(arg(1), configOfBlock(readJson(arg(0))));
    },
  },
  'block-number': {
    arity: 1,
    run: (arg) => {
      print(blockNumberOf(readJson(arg(0))));
    },
  },
  envelope: {
    arity: 3,
    run: (arg) => {
      writeJson(arg(2), configUpdateEnvelope(readJson(arg(0)), arg(1)));
    },
  },
  anchor: {
    arity: 3,
    run: (arg) => {
      writeJson(arg(0), withAnchorPeer(readJson(arg(0)), arg(1), Number(arg(2))));
    },
  },
  invitation: {
    arity: 4,
    run: (arg) => {
      const [ca, admin] = [fs.readFileSync(arg(2), 'utf8'), fs.readFileSync(arg(3), 'utf8')];
      print(JSON.stringify(invitationOf(arg(0), arg(1), ca, admin), null, 2));
    },
  },
  'invitation-msp': {
    arity: 3,
    run: (arg) => {
      writeInvitationMsp(arg(0), arg(1), arg(2));
    },
  },
  members: {
    arity: 1,
    run: (arg) => {
      print(describeApplication(readJson(arg(0))).members.join('\n'));
    },
  },
};

/** Runs a document command; false when its arguments are missing. */
function runDocument(command: DocumentCommand, args: readonly string[]): boolean {
  if (args.length < command.arity) return false;
  command.run(
    (index) => args[index] ?? '',
    (index) => args[index],
  );
  return true;
}

function main(argv: readonly string[]): number {
  try {
    const document = DOCUMENTS[argv[0] ?? ''];
    if (document !== undefined) {
      if (runDocument(document, argv.slice(1))) return 0;
      console.error(USAGE);
      return 2;
    }
    const result = edit(argv);
    if (result === undefined) {
      console.error(USAGE);
      return 2;
    }
    fs.writeFileSync(result.out, JSON.stringify(result.config));
    return 0;
  } catch (err) {
    if (err instanceof NothingToDo) {
      console.error(err.message);
      return 3;
    }
    if (!(err instanceof ChannelConfigEditError)) throw err;
    console.error(err.message);
    return /already a member|is not a member/.test(err.message) ? 3 : 2;
  }
}

process.exitCode = main(process.argv.slice(2));

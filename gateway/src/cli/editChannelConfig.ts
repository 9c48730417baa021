// Used by scripts/channel-org.sh: reads configtxlator JSON, adds or removes an org (and sets the
// Admins rule), writes JSON.
//   editChannelConfig add <config.json> <org-group.json> <mspId> <out.json> [admins-rule]
//   editChannelConfig remove <config.json> <mspId> <out.json> [admins-rule]
//   editChannelConfig admins <config.json> <out.json> <admins-rule>
//   editChannelConfig describe <config.json> [joined-msp-ids]   prints {members, adminsRule, joinedPeers}
//   editChannelConfig crl <config.json> <mspId> <crl.pem> <out.json>   the CA's CRL into the org's MSP
// Exit codes: 0 written (or printed), 3 nothing to do (already a member / not a member / same CRL),
// 2 refused.
import * as fs from 'node:fs';
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
import { withCrl } from '../fabric/crlConfigEdit';

const USAGE =
  'usage: editChannelConfig add <config.json> <org-group.json> <mspId> <out.json> [admins-rule]\n' +
  '       editChannelConfig remove <config.json> <mspId> <out.json> [admins-rule]\n' +
  '       editChannelConfig admins <config.json> <out.json> <admins-rule>\n' +
  '       editChannelConfig describe <config.json> [joined-msp-ids, comma-separated]\n' +
  '       editChannelConfig crl <config.json> <mspId> <crl.pem> <out.json>';

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

function main(argv: readonly string[]): number {
  try {
    if (argv[0] === 'describe' && argv[1] !== undefined) {
      describe(argv[1], argv[2]);
      return 0;
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

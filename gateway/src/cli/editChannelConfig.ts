// Used by scripts/channel-org.sh for the documents of an org that joins (fabric/channelUpdateFiles.ts);
// the configuration update itself is cli/channelUpdate.ts.
//   editChannelConfig invitation <mspId> <orgName> <ca.pem> <admin.pem>   prints an invitation
//   editChannelConfig invitation-msp <invitation.json> <mspId> <msp-dir>  writes its cacerts/tlscacerts
//   editChannelConfig anchor <org-group.json> <host> <port>    sets the org's anchor peer (in place)
// Exit codes: 0 written (or printed), 2 refused.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ChannelConfigEditError, type JsonObject } from '../fabric/channelConfigEdit';
import { invitationMsp, invitationOf, withAnchorPeer } from '../fabric/channelUpdateFiles';

const USAGE =
  'usage: editChannelConfig invitation <mspId> <orgName> <ca.pem> <admin.pem>\n' +
  '       editChannelConfig invitation-msp <invitation.json> <mspId> <msp-dir>\n' +
  '       editChannelConfig anchor <org-group.json> <host> <port>';

const readJson = (file: string): JsonObject => JSON.parse(fs.readFileSync(file, 'utf8')) as JsonObject;

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

/** A command: how many arguments it needs, and what it does with them. */
interface DocumentCommand {
  readonly arity: number;
  readonly run: (arg: (index: number) => string) => void;
}

const DOCUMENTS: Readonly<Record<string, DocumentCommand>> = {
  anchor: {
    arity: 3,
    run: (arg) => {
      fs.writeFileSync(arg(0), JSON.stringify(withAnchorPeer(readJson(arg(0)), arg(1), Number(arg(2)))));
    },
  },
  invitation: {
    arity: 4,
    run: (arg) => {
      const [ca, admin] = [fs.readFileSync(arg(2), 'utf8'), fs.readFileSync(arg(3), 'utf8')];
      process.stdout.write(`${JSON.stringify(invitationOf(arg(0), arg(1), ca, admin), null, 2)}\n`);
    },
  },
  'invitation-msp': {
    arity: 3,
    run: (arg) => {
      writeInvitationMsp(arg(0), arg(1), arg(2));
    },
  },
};

function main([name, ...args]: readonly string[]): number {
  const command = DOCUMENTS[name ?? ''];
  if (command === undefined || args.length < command.arity) {
    console.error(USAGE);
    return 2;
  }
  try {
    command.run((index) => args[index] ?? '');
    return 0;
  } catch (err) {
    if (!(err instanceof ChannelConfigEditError)) throw err;
    console.error(err.message);
    return 2;
  }
}

process.exitCode = main(process.argv.slice(2));

/**
 * `gateway_cli channelUpdate <command>` (run by scripts/channel-org.sh, which keeps the processes and
 * state files): one channel configuration update from fetch to submit, with Fabric's binaries
 * (FABRIC_BIN_DIR) on the network of NETWORK_RUN_DIR / NETWORK_TOPOLOGY / NETWORK_PORT_BASE:
 *   join <org> <org-group.json> --signers A,B [--admins-rule R]   add the org's group (configtxgen -printOrg)
 *   remove <org> --signers A,B [--admins-rule R]                   take the org out
 *   admins --admins-rule R --signers A,B                           set the Application Admins policy
 *   crl <org> <crl.pem> --peers A,B    put the CRL into the org's MSP (signed by the org), wait until the
 *                                      configuration and the first peers of A,B carry it; prints
 *                                      {"org","mspId","configBlock","peers"}
 *   members --as A                     prints the channel's application MSP ids, one a line
 *   status --as A --peers A,B          prints {"members","adminsRule","joinedPeers"} (joinedPeers: the MSP
 *                                      ids of the orgs of --peers whose first peer has joined)
 * Every command takes --work DIR (files of the update; the fetched configuration stays there as
 * config.json) and --log FILE (output of `peer`). The last org of
 * --signers submits, the others sign first. Exit codes: 0 done, 3 nothing to change (join: already a
 * member, remove: not a member), 2 usage, 1 failed (an `error:` line says why).
 */
import * as fs from 'node:fs';
import { parseArgs } from 'node:util';
import {
  describeApplication,
  parseAdminsRule,
  type AdminsRule,
  type JsonObject,
} from '../fabric/channelConfigEdit';
import { applyChannelEdit, ordererTarget, type ChannelEdit } from '../fabric/channelUpdate';
import { ChannelUpdateError, ChannelUpdateRunner } from '../fabric/channelUpdateRun';
import { networkLayout, orgLayout, type NetworkLayout } from '../fabric/networkLayout';
import { loadTopology } from '../topology/loadTopology';

const USAGE = `usage: channelUpdate join <org> <org-group.json> --signers A,B [--admins-rule RULE] --work DIR --log FILE
       channelUpdate remove <org> --signers A,B [--admins-rule RULE] --work DIR --log FILE
       channelUpdate admins --admins-rule RULE --signers A,B --work DIR --log FILE
       channelUpdate crl <org> <crl.pem> --peers A,B --work DIR --log FILE
       channelUpdate members --as A --work DIR --log FILE
       channelUpdate status --as A --peers A,B --work DIR --log FILE`;

/** How long crl waits for the configuration block, and then for each peer. */
const CRL_WAIT_MS = 60_000;

class UsageError extends Error {}

interface Options {
  readonly positionals: readonly string[];
  readonly signers: readonly string[];
  readonly peers: readonly string[];
  readonly as: string | undefined;
  readonly adminsRule: AdminsRule | undefined;
}

const list = (value: string | undefined): readonly string[] =>
  (value ?? '').split(',').filter((item) => item !== '');

const log = (message: string): void => {
  const time = new Date().toTimeString().slice(0, 8);
  process.stderr.write(`${time} ${message}\n`);
};

const readJson = (file: string): JsonObject => JSON.parse(fs.readFileSync(file, 'utf8')) as JsonObject;

const positional = (options: Options, index: number, what: string): string => {
  const value = options.positionals[index];
  if (value === undefined) throw new UsageError(`missing ${what}`);
  return value;
};

/** The edit of join, remove and admins, and the orgs that sign it. */
function editOf(command: string, options: Options, layout: NetworkLayout): ChannelEdit {
  const rule = options.adminsRule;
  switch (command) {
    case 'join': {
      const org = positional(options, 0, '<org>');
      const orgGroup = readJson(positional(options, 1, '<org-group.json>'));
      return { kind: 'add', mspId: orgLayout(layout, org).mspId, orgGroup, adminsRule: rule };
    }
    case 'remove':
      return {
        kind: 'remove',
        mspId: orgLayout(layout, positional(options, 0, '<org>')).mspId,
        adminsRule: rule,
      };
    default:
      if (rule === undefined) throw new UsageError('admins needs --admins-rule');
      return { kind: 'admins', adminsRule: rule };
  }
}

/** join, remove, admins: fetch as the first signer, edit, sign and submit. Returns the exit code. */
async function update(
  command: string,
  options: Options,
  layout: NetworkLayout,
  runner: ChannelUpdateRunner,
): Promise<number> {
  const edit = editOf(command, options, layout);
  const first = options.signers[0];
  if (first === undefined) throw new UsageError('--signers is required');
  const { config } = await runner.fetchConfig(first);
  const outcome = applyChannelEdit(config, edit);
  if (!outcome.changed) {
    log(outcome.reason);
    return 3;
  }
  await runner.submit(config, outcome.config, options.signers);
  return 0;
}

/** crl: the update as the org's admin, then the waits; prints where the CRL was committed. */
async function crl(options: Options, layout: NetworkLayout, runner: ChannelUpdateRunner): Promise<number> {
  const org = positional(options, 0, '<org>');
  const crlPem = fs.readFileSync(positional(options, 1, '<crl.pem>'), 'utf8');
  const { mspId } = orgLayout(layout, org);
  const edit: ChannelEdit = { kind: 'crl', mspId, crlPem };
  const { config } = await runner.fetchConfig(org);
  const outcome = applyChannelEdit(config, edit);
  if (outcome.changed) await runner.submit(config, outcome.config, [org]);
  else log(outcome.reason);
  // The orderers cut the update into a block soon after accepting it: wait until the channel's latest
  // configuration carries the CRL, and take that block's number.
  const number = await waitFor(
    async () => {
      const latest = await runner.fetchConfig(org);
      return applyChannelEdit(latest.config, edit).changed ? undefined : Number(latest.blockNumber);
    },
    `the channel configuration has no CRL of ${mspId} 60 s after the update`,
    500,
  );
  // Every member peer that runs must have committed that block before the revocation counts as done.
  for (const peerOrg of options.peers) {
    await waitFor(
      async () => ((await runner.peerHeight(peerOrg)) > number ? true : undefined),
      `the first peer of ${peerOrg} has not committed configuration block ${number} after 60 s`,
      250,
    );
  }
  log(
    `${mspId}'s CRL is in channel ${layout.channelName}'s configuration (block ${number}), committed on every member peer`,
  );
  const peers = options.peers.map((o) => orgLayout(layout, o).mspId);
  process.stdout.write(`${JSON.stringify({ org, mspId, configBlock: number, peers })}\n`);
  return 0;
}

/** Polls `probe` every `everyMs` until it returns a value; throws `timeout` after {@link CRL_WAIT_MS}. */
async function waitFor<T>(probe: () => Promise<T | undefined>, timeout: string, everyMs: number): Promise<T> {
  const deadline = Date.now() + CRL_WAIT_MS;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() >= deadline) throw new ChannelUpdateError(timeout);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** members and status: read the configuration as `--as`. */
async function read(
  command: string,
  options: Options,
  layout: NetworkLayout,
  runner: ChannelUpdateRunner,
): Promise<number> {
  if (options.as === undefined) throw new UsageError(`${command} needs --as`);
  const summary = describeApplication((await runner.fetchConfig(options.as)).config);
  if (command === 'members') {
    process.stdout.write(`${summary.members.join('\n')}\n`);
    return 0;
  }
  const joinedPeers: string[] = [];
  for (const org of options.peers) {
    if ((await runner.joinedChannels(org)).includes(layout.channelName))
      joinedPeers.push(orgLayout(layout, org).mspId);
  }
  process.stdout.write(`${JSON.stringify({ ...summary, joinedPeers })}\n`);
  return 0;
}

const OPTIONS = {
  signers: { type: 'string' },
  peers: { type: 'string' },
  as: { type: 'string' },
  'admins-rule': { type: 'string' },
  work: { type: 'string' },
  log: { type: 'string' },
} as const;

function parseOptions(
  argv: readonly string[],
): ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>> {
  try {
    return parseArgs({ args: [...argv], allowPositionals: true, options: OPTIONS });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

function parse(argv: readonly string[]): {
  command: string;
  options: Options;
  work: string;
  logFile: string;
} {
  const { values, positionals } = parseOptions(argv);
  const [command, ...rest] = positionals;
  if (command === undefined || values.work === undefined || values.log === undefined) {
    throw new UsageError('a command, --work and --log are required');
  }
  const rule = values['admins-rule'];
  return {
    command,
    work: values.work,
    logFile: values.log,
    options: {
      positionals: rest,
      signers: list(values.signers),
      peers: list(values.peers),
      as: values.as,
      adminsRule: rule === undefined || rule === '' ? undefined : parseAdminsRule(rule),
    },
  };
}

/** The commands, by name: each returns the exit code. */
const COMMANDS: Readonly<
  Record<
    string,
    (command: string, options: Options, layout: NetworkLayout, runner: ChannelUpdateRunner) => Promise<number>
  >
> = {
  join: update,
  remove: update,
  admins: update,
  crl: (_command, options, layout, runner) => crl(options, layout, runner),
  members: read,
  status: read,
};

async function runCommand(argv: readonly string[]): Promise<number> {
  const { command, options, work, logFile } = parse(argv);
  const handler = COMMANDS[command];
  if (handler === undefined) throw new UsageError(`unknown command '${command}'`);
  const binDir = process.env.FABRIC_BIN_DIR;
  if (binDir === undefined || binDir === '') throw new UsageError('FABRIC_BIN_DIR is not set');
  const layout = networkLayout();
  const orderer = ordererTarget(loadTopology(), layout.cryptoDir);
  const runner = new ChannelUpdateRunner({ binDir, layout, orderer, workDir: work, logFile, log });
  return handler(command, options, layout, runner);
}

async function main(argv: readonly string[]): Promise<number> {
  try {
    return await runCommand(argv);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`error: ${err.message}\n${USAGE}\n`);
      return 2;
    }
    // ChannelUpdateError, ChannelConfigEditError, an unknown org or an unreadable file.
    process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});

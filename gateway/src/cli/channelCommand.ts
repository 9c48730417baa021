/**
 * `ledger channel`: the network's channels. `create` makes one more channel for some of the main
 * channel's member orgs (scripts/channel-create.sh does the work; gateway/src/topology/channelPlan.ts
 * checks the request); `list` prints the channels the gateways serve.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { newProgram, paragraph, programStatus, type Command } from './commandLine';

const CREATE = `create channel NAME for the member orgs --members lists (at least two MSP ids of members of
the main channel): its configuration holds only them (their MSPs and anchor peers; Admins from the
consortium's voting policy over them, Endorsement and LifecycleEndorsement a MAJORITY of them), every
orderer joins it (osnadmin), every peer of the member orgs joins it, the chaincode is approved by the
members and committed with the channel's own Endorsement policy. Then RUN/channels/NAME.json
({"name","members":[MSP ids, sorted]}) records it and the member orgs' running gateways are restarted to
serve it. Orgs outside the channel receive no block of it. Runs as the member orgs' admins
(RUN/crypto/<org>/users/admin) and the orderer admin: run it where the network's run folder is. A
creation that stopped half way is resumed by the same command; a created channel is refused.`;

const LIST = `the channels, one JSON object a line: the main channel {"name","main":true}, then each channel
\`ledger channel create\` made {"name","members":[MSP ids]} (from RUN/channels/*.json)`;

const HELP_AFTER = `
NAME follows Fabric's channel name rule: lower-case letters, digits, '.' and '-', starting with a
letter, at most 249 characters.
Environment: NETWORK_RUN_DIR (network/.run), NETWORK_TOPOLOGY (network/topology.json),
NETWORK_PORT_BASE (7000), GATEWAY_PORT (50051).
Exit status: 0 done, 1 refused or failed (the reason is printed, naming the argument), 2 usage error.`;

/** The repository root (scripts/ lives there), from gateway/{src,dist}/cli. */
const REPO = path.resolve(__dirname, '..', '..', '..');

/**
 * Runs scripts/channel-create.sh with the terminal's output streams.
 *
 * @returns the script's exit status.
 */
function runCreate(name: string, members: string, runDir: string): Promise<number> {
  return new Promise((resolve) => {
    const child = execFile(
      'bash',
      [path.join(REPO, 'scripts', 'channel-create.sh'), name, '--members', members],
      {
        env: { ...process.env, NETWORK_RUN_DIR: runDir },
      },
    );
    child.stdout?.pipe(process.stdout);
    child.stderr?.pipe(process.stderr);
    child.on('close', (code) => {
      resolve(code ?? 1);
    });
  });
}

async function list(): Promise<void> {
  const { loadTopology, runDirOf } = await import('../topology/loadTopology');
  const main = loadTopology().channels[0]?.name ?? 'ledger';
  process.stdout.write(`${JSON.stringify({ name: main, main: true })}\n`);
  const dir = path.join(runDirOf(), 'channels');
  if (!fs.existsSync(dir)) return;
  for (const file of fs
    .readdirSync(dir)
    .filter((n) => n.endsWith('.json'))
    .sort()) {
    const record = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as unknown;
    process.stdout.write(`${JSON.stringify(record)}\n`);
  }
}

/**
 * `ledger channel create` and `ledger channel list`.
 *
 * @param exit - receives the exit status of `create` (the script's).
 */
export function channelProgram(exit: (status: number) => void): Command {
  const program = newProgram('ledger channel', "the network's channels; create one for some member orgs")
    .usage('<command> [options]')
    .addHelpText('after', HELP_AFTER);
  program
    .command('create')
    .description(paragraph(CREATE))
    .argument('<NAME>', "the new channel's name, e.g. org1org2")
    .requiredOption(
      '--members <MSP,MSP...>',
      'MSP ids of the member orgs, separated by commas, e.g. ManufacturerMSP,SupplierMSP',
    )
    .action(async (name: string, flags: { members: string }) => {
      const { runDirOf } = await import('../topology/loadTopology');
      exit(await runCreate(name, flags.members, runDirOf()));
    });
  program
    .command('list')
    .description(paragraph(LIST))
    .action(() => list());
  return program;
}

/**
 * Runs `ledger channel ARGS`.
 *
 * @param argv - the arguments after `channel`.
 * @returns the exit status: the script's for `create`, 0 for `list` and help, 2 for a usage error, 1
 *   for an unreadable channel record.
 */
export async function runChannelCommand(argv: readonly string[]): Promise<number> {
  try {
    return await programStatus(channelProgram, argv);
  } catch (err) {
    process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}

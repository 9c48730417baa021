/**
 * `ledger fabric archive`, `verify-archive` and `import`: the command lines, defined once with commander
 * so that `--help` comes from the definitions that parse them. Loads nothing heavy: archiving and
 * verifying (`fabricArchiveAction.ts`) and the import (`fabricImport.ts`), with gRPC and the Fabric
 * client, are loaded by the actions. Returns the exit status rather than exiting, so that tests can
 * run it.
 */
import type { ImportConnector } from '../migration/importConnector';
import type { FabricCommandOutput, FabricFlags } from './fabricArchiveAction';
import type { ArchiveReader, FabricImportOutput } from './fabricImport';
import { programStatus, newProgram, Option, paragraph, UsageError, type Command } from './commandLine';
import { addImportRunOptions, importRunArgs, type ImportRunFlags } from './importArgs';

export type { FabricCommandOutput } from './fabricArchiveAction';

const ARCHIVE_DESCRIPTION = paragraph(`read every block of channel C from the Deliver service of an orderer
  or of a peer (--peer: blocks as the peer committed them, with the validation flags that say which
  transactions are valid; needed to import them), signing the request as a member identity the
  channel's Readers policy admits. Each block is verified as it arrives, then stored in DIR/blocks/
  with a line of DIR/index.jsonl; DIR/manifest.json says what was archived. Run it again to resume
  after the last stored block (and fetch blocks added since). Checks: the header hash chain from the
  genesis block, each block's data hash, the orderer signatures against the orderer orgs' CAs of the
  configuration in force, the configuration block the orderer names, and each valid transaction's
  creator and endorsement signatures against the channel's MSPs (docs/migration.md).`);

const REPORT_AFTER = `
Progress (blocks, blocks/s, ETA) goes to stderr when it is a terminal, or with --progress. A JSON
report goes to stdout; on failure it names the first failing block and field, also on stderr.
Exit status: 0 verified, 1 failed (what failed is printed), 2 usage error.`;

const IMPORT_DESCRIPTION = [
  `verify the archive DIR again exactly as 'fabric verify-archive' does (nothing is imported unless
  every block verifies), then journal each valid transaction as a 'fabric-transaction' entry
  (channel, block, transaction index, transaction id, creator MSP, block header hash, timestamp,
  its writes per namespace and key — value or delete — and its private data hashes), through the
  chaincode (Migration:ImportEntries, as the org's admin), and end with one 'fabric-anchor' entry
  holding the last block's header hash and a SHA-256 over the imported transactions.`,
  `Import ids: fabric/<channel>/<block>/<tx index>; every write of a key reads back with
  'ledger history fabric/<channel>/<namespace>/<key>'. Each member org's gateway signs the anchor
  into its digests: 'ledger history import/<mspId>/fabric/<channel>/anchor/<block> --org ORG
  --receipt FILE' gives that org's signed receipt.`,
]
  .map(paragraph)
  .join('\n\n');

const IMPORT_AFTER = `
Prints a JSON report on stdout. Exit status 0 imported, 1 verification or import failed, 2 usage
error.`;

const SIGNER_GROUP = 'Who signs the Deliver request (a member identity the Readers policy admits):';
const SERVICE_GROUP = 'The Deliver service:';

/** What the programs' actions need besides the command line. */
interface FabricContext {
  readonly out: FabricCommandOutput;
  readonly readArchive?: ArchiveReader;
  readonly connector?: ImportConnector;
  readonly env: NodeJS.ProcessEnv;
  /** Records the exit status an action chose. */
  exit(status: number): void;
}

/** Adds `options` to `command` under the heading `group`. */
function addGroup(command: Command, group: string, options: readonly Option[]): Command {
  for (const option of options) command.addOption(option.helpGroup(group));
  return command;
}

function addArchiveOptions(command: Command): Command {
  command
    .option('--out <DIR>', 'the archive folder: new, empty, or an archive to resume (required)')
    .option('--channel <C>', "the channel (default: the network's channel, ledger)")
    .option('--progress', 'draw a progress line on stderr even when it is not a terminal');
  addGroup(command, SERVICE_GROUP, [
    new Option('--orderer <ADDR>', "an orderer's Deliver service (default: the topology's first orderer)"),
    new Option('--peer <ADDR>', "a peer's Deliver service instead: blocks with their validation flags"),
    new Option(
      '--tls-ca <FILE>',
      "the CA of the service's TLS certificate (default: this network's orderer CA, or the org's CA for --peer)",
    ),
    new Option('--tls-server-name <NAME>', "the name the service's TLS certificate must carry"),
    new Option(
      '--tls-cert <FILE>',
      'a TLS client certificate, for a service that requires one; with --tls-key',
    ),
    new Option('--tls-key <FILE>', "that TLS client certificate's private key"),
  ]);
  return addGroup(command, SIGNER_GROUP, [
    new Option('--org <ORG>', "an org of this network (default: the topology's first founding org)"),
    new Option('--user <NAME>', "that org's user (default auditor1)"),
    new Option('--msp-id <MSP>', 'or any member identity: its MSP id; with --cert and --key'),
    new Option('--cert <FILE>', "that identity's certificate"),
    new Option('--key <FILE>', "that identity's private key"),
  ]);
}

async function importAction(dir: string, flags: ImportRunFlags, context: FabricContext): Promise<void> {
  const { out } = context;
  const importOut: FabricImportOutput = {
    stdout: (text) => {
      out.stdout(text);
    },
    stderr: (text) => {
      out.stderr.write(text);
    },
    stderrIsTTY: out.stderr.isTTY,
  };
  let args;
  try {
    args = { dir, ...importRunArgs(flags, context.env) };
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    importOut.stderr(`usage: ${err.message}\n`);
    context.exit(2);
    return;
  }
  const { importFabricArchive } = await import('./fabricImport');
  const readArchive =
    context.readArchive ?? (await import('../fabricArchive/verifiedArchive')).readVerifiedArchive;
  const connector = context.connector ?? (await import('../migration/importConnector')).peerImportConnector;
  context.exit(await importFabricArchive(args, importOut, readArchive, connector));
}

/** `ledger fabric archive`, `verify-archive` and `import`, printing to `context.out`. */
function fabricProgram(context: FabricContext): Command {
  const { out } = context;
  const program = newProgram(
    'ledger fabric',
    'archive every block of a Fabric channel over the Deliver service, verified; re-verify an archive offline; import its valid transactions into the journal',
  ).configureOutput({
    writeOut: (text) => {
      out.stdout(text);
    },
    writeErr: (text) => {
      out.stderr.write(text);
    },
  });
  const archive = program
    .command('archive')
    .summary('archive every block of a channel over the Deliver service, verified as it arrives; resumable')
    .description(ARCHIVE_DESCRIPTION)
    .addHelpText('after', REPORT_AFTER);
  addArchiveOptions(archive).action(async (flags: FabricFlags) => {
    const { archiveAction } = await import('./fabricArchiveAction');
    context.exit(await archiveAction(flags, out));
  });
  program
    .command('verify-archive')
    .description(
      "re-verify a stored archive offline, block by block, with the same checks as 'fabric archive'",
    )
    .argument('<DIR>', 'the archive folder')
    .option('--progress', 'draw a progress line on stderr even when it is not a terminal')
    .addHelpText('after', REPORT_AFTER)
    .action(async (dir: string, flags: FabricFlags) => {
      const { verifyArchiveAction } = await import('./fabricArchiveAction');
      context.exit(verifyArchiveAction(dir, flags, out));
    });
  const importer = program
    .command('import')
    .summary("verify an archive again, then journal its valid transactions and the archive's anchor")
    .description(IMPORT_DESCRIPTION)
    .argument('<DIR>', "an archive folder written by 'fabric archive --peer'")
    .addHelpText('after', IMPORT_AFTER);
  addImportRunOptions(importer, {
    checkpointDefault: 'DIR/import-<org>.checkpoint.json',
    records: 'transactions',
    order: 'block order',
  }).action((dir: string, flags: ImportRunFlags) => importAction(dir, flags, context));
  return program;
}

/** Runs the fabric program on `argv`; returns the exit status an action chose, or commander's. */
async function runFabricProgram(
  argv: readonly string[],
  context: Omit<FabricContext, 'exit'>,
): Promise<number> {
  return programStatus((exit) => fabricProgram({ ...context, exit }), argv);
}

/**
 * Runs `ledger fabric ARGS`.
 *
 * @param argv - the arguments after `fabric`.
 * @param out - stdout and stderr (commander's help and usage errors included).
 * @returns the exit status: 0 verified, 1 failed, 2 usage error; `--help` 0.
 */
export function runFabricCommand(
  argv: readonly string[],
  out: FabricCommandOutput,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  return runFabricProgram(argv, { out, env });
}

/**
 * Runs `ledger fabric import ARGS`.
 *
 * @param argv - the arguments after `import`.
 * @param out - stdout and stderr.
 * @param readArchive - reads and verifies the archive.
 * @param connector - how to reach the network.
 * @returns the exit status.
 */
export function runFabricImport(
  argv: readonly string[],
  out: FabricImportOutput,
  readArchive: ArchiveReader,
  connector: ImportConnector,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const stderr = {
    isTTY: out.stderrIsTTY ?? false,
    write: (text: string) => {
      out.stderr(text);
    },
  };
  return runFabricProgram(['import', ...argv], {
    out: {
      stdout: (text) => {
        out.stdout(text);
      },
      stderr,
    },
    readArchive,
    connector,
    env,
  });
}

/**
 * `ledger qldb verify` and `ledger qldb import`: the command lines, defined once with commander so that
 * `--help` comes from the definitions that parse them. Loads nothing heavy: the verifier
 * (`qldbVerify.ts`) and the import (`qldbImport.ts`), with ion-js and the Fabric client, are loaded by
 * the actions. Returns the exit status rather than exiting, so that tests can run it.
 */
import type { ImportConnector } from '../migration/importConnector';
import { programStatus, newProgram, paragraph, repeatable, UsageError, type Command } from './commandLine';
import { addImportRunOptions, importRunArgs, type ImportRunFlags } from './importArgs';
import type { QldbImportOutput } from './qldbImport';

const VERIFY_DESCRIPTION = [
  `verify Amazon QLDB journal exports offline, with no AWS account and no network. Each DIR holds
  one or more exports as downloaded from S3 (aws s3 cp --recursive s3://BUCKET/PREFIX DIR):
  <exportId>.started.manifest, <exportId>.<strandId>.completed.manifest and the data objects, in
  ION_TEXT, ION_BINARY or JSON (JSON Lines). Several exports of one ledger are joined per strand;
  a gap or an overlap between them, or exports of different ledgers, are refused.`,
  `Every block: entriesHash = Merkle root of entriesHashList; blockHash = dot(entriesHash,
  previousBlockHash); previousBlockHash = the blockHash of the block before it; the Merkle root of
  its revision hashes, the Ion hash of transactionInfo and of redactionInfo are in entriesHashList.
  Every revision: its hash recomputed from metadata and data ("recomputed"), from metadata and the
  published dataHash when redacted ("recomputed-from-data-hash"), or, where it cannot be (system
  entries with only a hash, deleted revisions, and every revision of a JSON Lines export, whose
  Ion types were lost), bound to its block only ("in-block", with the reason).`,
]
  .map(paragraph)
  .join('\n\n');

const VERIFY_AFTER = `
Prints a JSON report on stdout. On failure, names the first failure on stderr: block address, field,
expected and computed values. Exit status: 0 verified, 1 failed (what failed is printed), 2 usage error.`;

const IMPORT_DESCRIPTION = [
  `verify the exports exactly as 'qldb verify' does (nothing is imported unless everything
  verifies), then journal every revision, strand by strand in block order, as a 'qldb-revision'
  entry through the chaincode (Migration:ImportEntries, as the org's admin), and end with one
  'qldb-anchor' entry holding the digest, its tip address, each strand's last block hash, the
  number of revisions and the SHA-256 over their hashes. An Ion export's revision is journaled
  only when its hash recomputed from the journaled JSON is QLDB's (docs/migration.md).`,
  `Import ids: qldb/<ledger>/<strandId>:<sequenceNo>/<revision index>; every revision of a document
  reads back with 'ledger history qldb/<table>/<documentId>'.`,
]
  .map(paragraph)
  .join('\n\n');

const IMPORT_AFTER = `
Prints a JSON report on stdout: revisions, imported, skipped (imported by an earlier run), the
anchor, seconds and revisions per second. Exit status 0 imported, 1 verification or import failed
(named on stderr), 2 usage error.`;

/** What the qldb commands print to, and whether stderr is a terminal. */
export type CommandOutput = QldbImportOutput;

/** The flags of `qldb verify` and `qldb import` as commander parsed them. */
interface QldbFlags extends ImportRunFlags {
  readonly digest?: string;
  readonly block?: string[];
  readonly revision?: string[];
  readonly summary?: boolean;
  readonly ledgerName?: string;
}

/** What the programs' actions need besides the command line. */
interface QldbContext {
  readonly out: CommandOutput;
  readonly connector?: ImportConnector;
  readonly env: NodeJS.ProcessEnv;
  /** Records the exit status an action chose. */
  exit(status: number): void;
}

/** Adds the digest and proof flags both commands take. */
function addProofOptions(command: Command, digestHelp: string): Command {
  command.option('--digest <FILE>', digestHelp);
  repeatable(
    command,
    '--block <FILE>',
    "the output of 'aws qldb get-block' (with --digest-tip-address of the digest): its proof folds from the block hash to the digest, and an exported block at that address has the same hash. Repeatable; needs --digest",
  );
  return repeatable(
    command,
    '--revision <FILE>',
    "the output of 'aws qldb get-revision': the revision hash recomputed, found in the exported block, and its proof folds to the digest. Repeatable; needs --digest",
  );
}

/** Prints a usage error found after parsing; returns its exit status, and rethrows anything else. */
function usageStatus(err: unknown, out: CommandOutput): number {
  if (!(err instanceof UsageError)) throw err;
  out.stderr(`usage: ${err.message}\n`);
  return 2;
}

async function verifyAction(dirs: string[], flags: QldbFlags, context: QldbContext): Promise<void> {
  const blocks = flags.block ?? [];
  const revisions = flags.revision ?? [];
  if (flags.digest === undefined && blocks.length + revisions.length > 0) {
    context.exit(usageStatus(new UsageError('--block and --revision need --digest FILE'), context.out));
    return;
  }
  const { verifyAndReport } = await import('./qldbVerify');
  const args = { dirs, blocks, revisions, ...(flags.digest === undefined ? {} : { digest: flags.digest }) };
  context.exit(verifyAndReport(args, flags.summary === true, context.out));
}

async function importAction(dirs: string[], flags: QldbFlags, context: QldbContext): Promise<void> {
  try {
    if (flags.digest === undefined)
      throw new UsageError('qldb import needs --digest FILE (the anchor holds the digest)');
    const args = {
      dirs,
      digest: flags.digest,
      blocks: flags.block ?? [],
      revisions: flags.revision ?? [],
      ...(flags.ledgerName === undefined ? {} : { ledgerName: flags.ledgerName }),
      ...importRunArgs(flags, context.env),
    };
    const { importQldb } = await import('./qldbImport');
    const connector = context.connector ?? (await import('../migration/importConnector')).peerImportConnector;
    context.exit(await importQldb(args, context.out, connector));
  } catch (err) {
    context.exit(usageStatus(err, context.out));
  }
}

/** `ledger qldb verify` and `ledger qldb import`, printing to `context.out`. */
function qldbProgram(context: QldbContext): Command {
  const program = newProgram(
    'ledger qldb',
    'Amazon QLDB journal exports and proofs: verify them offline; import them into the journal',
  ).configureOutput({
    writeOut: (text) => {
      context.out.stdout(text);
    },
    writeErr: (text) => {
      context.out.stderr(text);
    },
  });
  const verify = program
    .command('verify')
    .summary('verify Amazon QLDB journal exports, a digest and its proofs offline')
    .description(VERIFY_DESCRIPTION)
    .argument('<DIR...>', 'export folders, as downloaded from S3')
    .addHelpText('after', VERIFY_AFTER);
  addProofOptions(
    verify,
    "the output of 'aws qldb get-digest' (Digest, DigestTipAddress): its tip must be a block of an exported strand, not before the export's first block",
  )
    .option('--summary', 'print strands, digest and proofs, without the per-block and per-revision report')
    .action((dirs: string[], flags: QldbFlags) => verifyAction(dirs, flags, context));

  const importer = program
    .command('import')
    .summary("verify the exports, then journal every revision and the digest's anchor")
    .description(IMPORT_DESCRIPTION)
    .argument('<DIR...>', 'export folders, as downloaded from S3')
    .addHelpText('after', IMPORT_AFTER);
  addProofOptions(importer, "the output of 'aws qldb get-digest' (required: the anchor holds it)").option(
    '--ledger-name <NAME>',
    "the ledger's name in import ids (default: the export manifest's ledgerName)",
  );
  addImportRunOptions(importer, {
    checkpointDefault: './qldb-import-<ledger>-<org>.checkpoint.json',
    records: 'revisions',
    order: 'export order',
  }).action((dirs: string[], flags: QldbFlags) => importAction(dirs, flags, context));
  return program;
}

/**
 * Runs `ledger qldb ARGS`.
 *
 * @param argv - the arguments after `qldb`.
 * @param out - stdout and stderr (commander's help and usage errors included).
 * @param connector - how `import` reaches the network (default: the peers of the network's run folder).
 * @param env - the environment the import's defaults come from.
 * @returns the exit status: 0 done, 1 failed (named), 2 usage error; `--help` 0.
 */
export async function runQldbCommand(
  argv: readonly string[],
  out: CommandOutput,
  connector?: ImportConnector,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  return programStatus(
    (exit) => qldbProgram({ out, env, ...(connector === undefined ? {} : { connector }), exit }),
    argv,
  );
}

/**
 * Runs `ledger qldb import ARGS`.
 *
 * @param argv - the arguments after `import`.
 * @returns the exit status.
 */
export function runQldbImport(
  argv: readonly string[],
  out: CommandOutput,
  connector?: ImportConnector,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  return runQldbCommand(['import', ...argv], out, connector, env);
}

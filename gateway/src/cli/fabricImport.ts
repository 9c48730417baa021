/**
 * `ledger fabric import`: journal the valid transactions of a verified channel archive (`ledger fabric
 * archive`) as `fabric-transaction` entries, then the `fabric-anchor` entry with the archive's last
 * block header hash. Batched, resumable from a checkpoint file, with a progress line. The archive is
 * verified again first: nothing is imported unless every block verifies. Returns the exit status.
 */
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import type { ImportConnector } from '../migration/importConnector';
import type { ProgressTarget } from './progressLine';
import {
  collectArgs,
  ImportUsageError,
  importRunArgs,
  IMPORT_RUN_OPTIONS,
  type ImportRunArgs,
} from './importArgs';
import {
  fabricAnchorItem,
  fabricTransactionItem,
  type FabricArchiveTip,
  type FabricTransaction,
} from '../migration/fabricImportItems';
import { runAnchoredImport } from '../migration/anchoredImport';

/** A verified archive, as the import needs it. */
export interface VerifiedArchive {
  readonly tip: FabricArchiveTip;
  readonly transactions: readonly FabricTransaction[];
  readonly orderer: string;
  readonly archivedBy: string;
  readonly blocks: number;
}

/** Reads and verifies an archive folder; throws naming the first block that fails. */
export type ArchiveReader = (dir: string) => VerifiedArchive;

/** `ledger fabric import --help`. */
export const FABRIC_IMPORT_USAGE = `  ledger fabric import DIR [--org org1|org2|org3] [--user admin1] [--checkpoint FILE]
                       [--batch N] [--in-flight N] [--progress]
      verify the archive DIR again exactly as 'fabric verify-archive' does (nothing is imported unless
      every block verifies), then journal each valid transaction as a 'fabric-transaction' entry
      (channel, block, transaction index, transaction id, creator MSP, block header hash, timestamp,
      its writes per namespace and key — value or delete — and its private data hashes), through the
      chaincode (Migration:ImportEntries, as the org's admin), and end with one 'fabric-anchor' entry
      holding the last block's header hash and a SHA-256 over the imported transactions.
      Import ids: fabric/<channel>/<block>/<tx index>; every write of a key reads back with
      'ledger history fabric/<channel>/<namespace>/<key>'. Each member org's gateway signs the anchor
      into its digests: 'ledger history import/<mspId>/fabric/<channel>/anchor/<block> --org ORG
      --receipt FILE' gives that org's signed receipt.
      --org, --user      who imports (default org1, admin1; role admin)
      --checkpoint FILE  where progress is kept (default DIR/import-<org>.checkpoint.json); a run started
                         again resumes after the last committed batch; an id this org already imported
                         is never journaled twice
      --batch N          transactions per Fabric transaction, 1-500 (default 200)
      --in-flight N      transactions in flight, 1-16 (default 4; 1 keeps the journal in block order)
      --progress         draw a progress line on stderr even when it is not a terminal
  Prints a JSON report on stdout. Exit status 0 imported, 1 verification or import failed, 2 usage
  error.
`;

interface FabricImportArgs extends ImportRunArgs {
  readonly dir: string;
}

function parseArgs(argv: readonly string[], env: NodeJS.ProcessEnv): FabricImportArgs {
  const args = collectArgs(argv, new Set<string>(IMPORT_RUN_OPTIONS));
  const [dir] = args.positionals;
  if (dir === undefined || args.positionals.length > 1) {
    throw new ImportUsageError('fabric import needs one archive folder DIR');
  }
  return { dir, ...importRunArgs(args, env) };
}

/** Output streams, and whether stderr is a terminal. */
export interface FabricImportOutput {
  stdout(text: string): void;
  stderr(text: string): void;
  readonly stderrIsTTY?: boolean;
}

async function importArchive(
  args: FabricImportArgs,
  archive: VerifiedArchive,
  submit: ReturnType<ImportConnector>['submit'],
  target: ProgressTarget,
): Promise<Record<string, unknown>> {
  const anchor = fabricAnchorItem(archive.tip, archive.transactions, {
    orderer: archive.orderer,
    archivedBy: archive.archivedBy,
  });
  const fingerprint = createHash('sha256')
    .update(
      JSON.stringify([anchor.importId, anchor.record.lastBlockHeaderHash, anchor.record.transactionsSha256]),
    )
    .digest('hex');
  const checkpointFile = args.checkpoint ?? path.join(args.dir, `import-${args.org}.checkpoint.json`);
  const outcome = await runAnchoredImport({
    records: archive.transactions.map(fabricTransactionItem),
    anchor,
    submit,
    limits: { maxRecords: args.batch, maxBytes: 1024 * 1024 },
    inFlight: args.inFlight,
    checkpointFile,
    fingerprint,
    progressLabel: 'transactions',
    progressTarget: target,
    showProgress: args.progress || target.isTTY,
  });
  return {
    ok: true,
    channel: archive.tip.channel,
    blocks: archive.blocks,
    transactions: archive.transactions.length,
    imported: outcome.imported,
    skipped: outcome.skipped,
    resumedAfter: outcome.resumedAfter,
    anchor: { importId: anchor.importId, imported: outcome.anchorImported, ...anchor.record },
    checkpoint: checkpointFile,
    seconds: outcome.seconds,
    transactionsPerSecond: outcome.recordsPerSecond,
  };
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
export async function runFabricImport(
  argv: readonly string[],
  out: FabricImportOutput,
  readArchive: ArchiveReader,
  connector: ImportConnector,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  let connection: ReturnType<ImportConnector> | undefined;
  try {
    const args = parseArgs(argv, env);
    const archive = readArchive(args.dir);
    connection = connector(args.org, args.user);
    const report = await importArchive(args, archive, connection.submit, {
      write: (text) => {
        out.stderr(text);
      },
      isTTY: out.stderrIsTTY ?? false,
    });
    out.stdout(`${JSON.stringify(report)}\n`);
    return 0;
  } catch (err) {
    const usage = err instanceof ImportUsageError;
    out.stderr(
      `${usage ? 'usage' : 'fabric import: FAILED'}: ${err instanceof Error ? err.message : String(err)}\n`,
    );
    return usage ? 2 : 1;
  } finally {
    connection?.close();
  }
}

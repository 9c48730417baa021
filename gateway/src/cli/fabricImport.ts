/**
 * What `ledger fabric import` does once its command line is parsed: journal the valid transactions of a
 * verified channel archive (`ledger fabric archive`) as `fabric-transaction` entries, then the
 * `fabric-anchor` entry with the archive's last block header hash. Batched, resumable from a checkpoint
 * file, with a progress line. The archive is verified again first: nothing is imported unless every
 * block verifies. Loaded by the command's action, not by `--help`.
 */
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import type { ImportConnector } from '../migration/importConnector';
import type { ProgressTarget } from '../progress/progressLine';
import { ImportUsageError, type ImportRunArgs } from './importArgs';
import { fabricAnchorItem, fabricTransactionItem } from '../migration/fabricImportItems';
import { runAnchoredImport } from '../migration/anchoredImport';
import type { ArchiveReader, VerifiedArchive } from '../fabricArchive/verifiedArchive';

export type { ArchiveReader, VerifiedArchive };

/** What `ledger fabric import` was asked: the archive folder and who imports. */
export interface FabricImportArgs extends ImportRunArgs {
  readonly dir: string;
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
 * Verifies the archive again, then imports it (nothing reaches the network unless every block
 * verifies); prints the JSON report, or names what failed.
 *
 * @param readArchive - reads and verifies the archive.
 * @param connector - how to reach the network.
 * @returns the exit status: 0 imported, 1 verification or import failed, 2 usage error.
 */
export async function importFabricArchive(
  args: FabricImportArgs,
  out: FabricImportOutput,
  readArchive: ArchiveReader,
  connector: ImportConnector,
): Promise<number> {
  let connection: ReturnType<ImportConnector> | undefined;
  try {
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

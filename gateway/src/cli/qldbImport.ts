/**
 * What `ledger qldb import` does once its command line is parsed: verify a QLDB journal export against
 * its digest, then journal every revision as a `qldb-revision` entry and end with a `qldb-anchor` entry
 * (the digest, its tip, every strand's last block and a hash over the imported revision hashes).
 * Batched, a few batches in flight, resumable from a checkpoint file, with a progress line. Loaded by
 * the command's action (it loads ion-js), not by `--help`.
 */
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import type { ImportItem } from '../migration/importBatches';
import { ImportConflictError, runAnchoredImport } from '../migration/anchoredImport';
import type { ImportConnector } from '../migration/importConnector';
import type { SubmitImportBatch } from '../migration/importLoop';
import {
  anchorImportItem,
  blocksInImportOrder,
  checkLedgerName,
  revisionImportItems,
  revisionsSha256,
  type QldbImportItem,
} from '../qldb/importRecords';
import { strandTips } from '../qldb/verifyChain';
import { ImportUsageError, type ImportRunArgs } from './importArgs';
import type { ProgressTarget } from '../progress/progressLine';
import { describeFailure, readDigest, verifyExports, type CommandOutput, type QldbArgs } from './qldbVerify';

/** What `ledger qldb import` was asked: the exports, digest and proofs, the ledger's name, who imports. */
export interface QldbImportArgs extends ImportRunArgs, QldbArgs {
  readonly digest: string;
  readonly ledgerName?: string;
}

/** Output streams, and whether stderr is a terminal (for the progress line). */
export type QldbImportOutput = CommandOutput & { readonly stderrIsTTY?: boolean };

/** The import's records and what names it. */
interface PlannedImport {
  readonly ledgerName: string;
  readonly revisions: QldbImportItem[];
  readonly anchor: QldbImportItem;
  readonly fingerprint: string;
  readonly blocks: number;
}

function plan(args: QldbImportArgs): PlannedImport {
  const { exports } = verifyExports({
    dirs: args.dirs,
    digest: args.digest,
    blocks: args.blocks,
    revisions: args.revisions,
  });
  const digest = readDigest(args.digest);
  const named = args.ledgerName ?? exports.find((e) => e.ledgerName !== undefined)?.ledgerName;
  if (named === undefined) throw new ImportUsageError('the exports name no ledger: give --ledger-name NAME');
  let ledgerName: string;
  try {
    ledgerName = checkLedgerName(named);
  } catch (err) {
    throw new ImportUsageError((err as Error).message);
  }
  const segments = exports.flatMap((e) => e.segments);
  const blocks = blocksInImportOrder(segments);
  const revisions = revisionImportItems(ledgerName, blocks);
  const anchor = anchorImportItem(
    ledgerName,
    digest,
    strandTips(segments),
    revisions,
    exports.map((e) => e.exportId),
  );
  const fingerprint = createHash('sha256')
    .update(
      JSON.stringify([anchor.importId, anchor.record.digest, revisions.length, revisionsSha256(revisions)]),
    )
    .digest('hex');
  return { ledgerName, revisions, anchor, fingerprint, blocks: blocks.length };
}

function asImportItem(item: QldbImportItem): ImportItem {
  return { type: item.type, importId: item.importId, record: item.record };
}

async function importPlanned(
  args: QldbImportArgs,
  planned: PlannedImport,
  submit: SubmitImportBatch,
  progressTarget: ProgressTarget,
): Promise<Record<string, unknown>> {
  const checkpointFile =
    args.checkpoint ?? path.resolve(`qldb-import-${planned.ledgerName}-${args.org}.checkpoint.json`);
  const outcome = await runAnchoredImport({
    records: planned.revisions.map(asImportItem),
    anchor: asImportItem(planned.anchor),
    submit,
    limits: { maxRecords: args.batch, maxBytes: 1024 * 1024 },
    inFlight: args.inFlight,
    checkpointFile,
    fingerprint: planned.fingerprint,
    progressLabel: 'revisions',
    progressTarget,
    showProgress: args.progress || progressTarget.isTTY,
  });
  return {
    ok: true,
    ledgerName: planned.ledgerName,
    blocks: planned.blocks,
    revisions: planned.revisions.length,
    imported: outcome.imported,
    skipped: outcome.skipped,
    resumedAfter: outcome.resumedAfter,
    anchor: { importId: planned.anchor.importId, imported: outcome.anchorImported, ...planned.anchor.record },
    checkpoint: checkpointFile,
    seconds: outcome.seconds,
    revisionsPerSecond: outcome.recordsPerSecond,
  };
}

/** Prints what failed; returns the exit status. */
function reportFailure(err: unknown, out: CommandOutput): number {
  if (err instanceof ImportUsageError) {
    out.stderr(`usage: ${err.message}\n`);
    return 2;
  }
  if (err instanceof ImportConflictError) {
    out.stderr(`qldb import: FAILED: ${err.message}\n`);
    return 1;
  }
  let described: ReturnType<typeof describeFailure>;
  try {
    described = describeFailure(err, 'import');
  } catch {
    out.stderr(`qldb import: FAILED: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
  if (described.failure !== undefined) {
    out.stdout(`${JSON.stringify({ ok: false, failure: described.failure })}\n`);
  }
  out.stderr(`${described.message}\n`);
  return described.status;
}

/**
 * Verifies the exports, then imports them (nothing reaches the network unless everything verifies);
 * prints the JSON report, or names what failed.
 *
 * @param connector - how to reach the network.
 * @returns the exit status: 0 imported, 1 verification or import failed, 2 usage error.
 */
export async function importQldb(
  args: QldbImportArgs,
  out: QldbImportOutput,
  connector: ImportConnector,
): Promise<number> {
  let connection: ReturnType<ImportConnector> | undefined;
  try {
    // Verify everything before reaching the network: nothing is imported unless it all verifies.
    const planned = plan(args);
    connection = connector(args.org, args.user);
    const report = await importPlanned(args, planned, connection.submit, {
      write: (text) => {
        out.stderr(text);
      },
      isTTY: out.stderrIsTTY ?? false,
    });
    out.stdout(`${JSON.stringify(report)}\n`);
    return 0;
  } catch (err) {
    return reportFailure(err, out);
  } finally {
    connection?.close();
  }
}

/**
 * An import that ends with an anchor: the records (several batches in flight), then the anchor alone,
 * once every record committed. Resumes from a checkpoint file, draws a progress line, and fails naming
 * the first id the org imported before with other content. Shared by `ledger qldb import` and
 * `ledger fabric import`.
 */
import type { ProgressTarget } from '../progress/progressLine';
import { newProgressLine } from '../progress/progressLine';
import type { BatchLimits, ImportItem } from './importBatches';
import { readImportCheckpoint, writeImportCheckpoint } from './importCheckpoint';
import { runImport, type SubmitImportBatch } from './importLoop';

/** Ids the org imported before with other content. */
export class ImportConflictError extends Error {
  override readonly name = 'ImportConflictError';
}

/** What to import and how. */
export interface AnchoredImportOptions {
  /** The records, in import order. */
  readonly records: readonly ImportItem[];
  /** The anchor, journaled last. */
  readonly anchor: ImportItem;
  readonly submit: SubmitImportBatch;
  readonly limits: BatchLimits;
  readonly inFlight: number;
  /** The checkpoint file, and the fingerprint that names this import in it. */
  readonly checkpointFile: string;
  readonly fingerprint: string;
  /** What the progress line counts ("revisions", "transactions"), where it goes, and whether it is drawn. */
  readonly progressLabel: string;
  readonly progressTarget: ProgressTarget;
  readonly showProgress: boolean;
}

/** What an anchored import did. */
export interface AnchoredImportOutcome {
  /** Records journaled by this run. */
  readonly imported: number;
  /** Records the org had imported before (sent again after a kill, or run twice). */
  readonly skipped: number;
  /** Records before the checkpoint this run started at (not sent again). */
  readonly resumedAfter: number;
  /** Whether this run journaled the anchor (false when an earlier run had). */
  readonly anchorImported: boolean;
  readonly seconds: number;
  /** Records sent per second by this run. */
  readonly recordsPerSecond: number;
}

/**
 * Runs the import.
 *
 * @throws ImportConflictError naming the first conflicting id; the submit's error when a batch fails.
 */
export async function runAnchoredImport(
  options: Readonly<AnchoredImportOptions>,
): Promise<AnchoredImportOutcome> {
  const items = [...options.records, options.anchor];
  const last = options.records.length;
  const startAt = readImportCheckpoint(options.checkpointFile, options.fingerprint);
  const progress = newProgressLine(
    options.progressTarget,
    options.progressLabel,
    items.length,
    startAt,
    options.showProgress,
  );
  const common = {
    items,
    submit: options.submit,
    limits: options.limits,
    onCheckpoint: (committed: number): void => {
      writeImportCheckpoint(options.checkpointFile, {
        fingerprint: options.fingerprint,
        committed,
        total: items.length,
      });
    },
    onProgress: (done: number): void => {
      progress.update(done);
    },
  };
  const started = Date.now();
  const body = await runImport({
    ...common,
    items: items.slice(0, last),
    inFlight: options.inFlight,
    startAt: Math.min(startAt, last),
  });
  const tail = await runImport({ ...common, inFlight: 1, startAt: Math.max(startAt, last) });
  progress.finish(items.length);
  const conflicts = [...body.conflicts, ...tail.conflicts];
  if (conflicts.length > 0) {
    throw new ImportConflictError(
      `${conflicts.length} import id(s) were imported before by this org with other content, first ${conflicts[0] ?? ''}`,
    );
  }
  const seconds = (Date.now() - started) / 1000;
  const sent = last - Math.min(startAt, last);
  return {
    imported: body.imported,
    skipped: body.skipped,
    resumedAfter: body.resumedAfter,
    anchorImported: tail.imported === 1,
    seconds: Number(seconds.toFixed(3)),
    recordsPerSecond: seconds > 0 ? Number((sent / seconds).toFixed(1)) : 0,
  };
}

/**
 * Runs an import: submits batches of records (a few in flight), counts what was imported and what
 * an earlier run already had, reports progress, and records a checkpoint after every batch that
 * extends the committed prefix, so that a run started again after a kill resumes there. Nothing is
 * imported twice either way: the chaincode skips an id the org imported before.
 */
import { importBatches, type BatchLimits, type ImportItem } from './importBatches';

/** What one `Migration:ImportEntries` call answered. */
export interface ImportCallResult {
  readonly imported: readonly string[];
  readonly skipped: readonly string[];
  readonly conflicts: readonly string[];
}

/** Submits one batch and resolves once it is committed (rejects when it is not). */
export type SubmitImportBatch = (items: readonly ImportItem[]) => Promise<ImportCallResult>;

/** What a run did. */
export interface ImportTotals {
  readonly imported: number;
  readonly skipped: number;
  /** Ids this org imported before with different content: the run fails naming the first. */
  readonly conflicts: string[];
  /** Items before the checkpoint the run started at (not sent again). */
  readonly resumedAfter: number;
}

/** Options of {@link runImport}. */
export interface ImportLoopOptions {
  readonly items: readonly ImportItem[];
  readonly submit: SubmitImportBatch;
  readonly limits?: BatchLimits;
  /** Batches in flight at once (1 keeps the journal in import order). */
  readonly inFlight: number;
  /** Items already committed by an earlier run (its checkpoint). */
  readonly startAt: number;
  /** Called with the number of items committed so far (prefix), after each batch. */
  readonly onCheckpoint: (committed: number) => void;
  /** Called with the number of items done (committed in any order) after each batch. */
  readonly onProgress: (done: number) => void;
}

/**
 * Imports the items from `startAt` on.
 *
 * @returns the totals; the first failed batch rejects the run (batches in flight are awaited first,
 *   and the checkpoint never passes a batch that did not commit).
 */
export async function runImport(options: ImportLoopOptions): Promise<ImportTotals> {
  const batches = importBatches(options.items.slice(options.startAt), options.limits);
  const committed = new Set<number>();
  const totals = { imported: 0, skipped: 0, conflicts: [] as string[] };
  let prefix = options.startAt;
  /** The first batch not yet counted in the committed prefix. */
  let prefixBatch = 0;
  let done = options.startAt;
  let failure: Error | undefined;
  let next = 0;
  /** Moves the committed prefix over every batch that is committed and starts where it ends. */
  const advance = (): void => {
    const before = prefix;
    for (
      let b = batches[prefixBatch];
      b !== undefined && committed.has(b.start);
      b = batches[++prefixBatch]
    ) {
      prefix += b.items.length;
    }
    if (prefix !== before) options.onCheckpoint(prefix);
  };
  const submitOne = async (batch: (typeof batches)[number]): Promise<void> => {
    const result = await options.submit(batch.items);
    totals.imported += result.imported.length;
    totals.skipped += result.skipped.length;
    totals.conflicts.push(...result.conflicts);
    done += batch.items.length;
    committed.add(batch.start);
    advance();
    options.onProgress(done);
  };
  const worker = async (): Promise<void> => {
    for (let batch = batches[next++]; batch !== undefined && failure === undefined; batch = batches[next++]) {
      try {
        await submitOne(batch);
      } catch (err) {
        failure ??= err instanceof Error ? err : new Error(String(err));
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.inFlight) }, () => worker()));
  if (failure !== undefined) throw failure;
  return { ...totals, resumedAfter: options.startAt };
}

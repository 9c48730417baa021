/**
 * Cutting records to import into `Migration:ImportEntries` calls: at most a number of records and of
 * canonical JSON bytes per call, in order. Pure.
 */
import { canonicalBytes, type CanonicalObject } from '@fabric-ledger/chaincode/shared';

/** One record to import, as `Migration:ImportEntries` takes it. */
export interface ImportItem {
  readonly type: string;
  readonly importId: string;
  readonly record: CanonicalObject;
}

/** Per-call limits. */
export interface BatchLimits {
  /** Most records per call (the chaincode allows 500). */
  readonly maxRecords: number;
  /** Most record bytes (canonical JSON) per call (the chaincode allows 2 MiB). */
  readonly maxBytes: number;
}

/** Default limits: well under the chaincode's, so a call stays small for the endorsers. */
export const DEFAULT_BATCH_LIMITS: BatchLimits = { maxRecords: 200, maxBytes: 1024 * 1024 };

/** One call's records and where the first sits in the whole list. */
export interface ImportBatch<T extends ImportItem> {
  readonly start: number;
  readonly items: readonly T[];
}

/**
 * Cuts the items into batches in order.
 *
 * @param items - the records, in import order.
 * @param limits - per-call limits; a record larger than `maxBytes` travels alone.
 * @returns consecutive batches covering every item once.
 */
export function importBatches<T extends ImportItem>(
  items: readonly T[],
  limits: BatchLimits = DEFAULT_BATCH_LIMITS,
): ImportBatch<T>[] {
  const batches: ImportBatch<T>[] = [];
  let current: T[] = [];
  let start = 0;
  let bytes = 0;
  items.forEach((item, index) => {
    const size = canonicalBytes(item.record).length;
    if (current.length > 0 && (current.length >= limits.maxRecords || bytes + size > limits.maxBytes)) {
      batches.push({ start, items: current });
      current = [];
      bytes = 0;
      start = index;
    }
    current.push(item);
    bytes += size;
  });
  if (current.length > 0) batches.push({ start, items: current });
  return batches;
}

/** What `Journal:SubmitEvents` stores for each transaction. */

/**
 * The stored record of one `Journal:SubmitEvents` transaction under `eventbatch/<txId>`. The events
 * themselves travel in the journal event (and so in the block); world state keeps one small record per
 * transaction, so that a batch of N events costs a constant number of state writes, not N.
 */
export interface StoredEventBatch {
  readonly fabricTxId: string;
  /** ISO-8601 instant of the transaction. */
  readonly timestamp: string;
  /** Event ids journaled by the transaction, in entry order. */
  readonly eventIds: readonly string[];
  /** SHA-256 hex over the `eventContentHash` values of the events, in entry order, as hex text. */
  readonly contentSha256: string;
}

/** The result of `Journal:SubmitEvents`. */
export interface SubmitEventsResult {
  /** Event ids journaled by this call (first occurrence of each id in the call), in input order. */
  readonly accepted: readonly string[];
  /** Event ids repeated identically in the call (journaled once). */
  readonly duplicates: readonly string[];
  /** Event ids repeated in the call with different content than their first occurrence; not journaled. */
  readonly conflicts: readonly string[];
}

/** What `Journal:SubmitEvents` stores for each accepted event. */

/**
 * The stored record of a submitted event under `event/<eventId>`. The payload itself travels in the
 * journal event (and so in the block); state keeps its hash and size, which halves the transaction size.
 */
export interface StoredEvent {
  readonly eventId: string;
  /** SHA-256 hex of the decoded payload. */
  readonly payloadSha256: string;
  readonly payloadSize: number;
  readonly vepsSignature: string;
  readonly vepsTimestamp: string;
  readonly metadata: Readonly<Record<string, string>>;
  /** `eventContentHash` of the five client fields: equal hashes mean the same event. */
  readonly contentHash: string;
  readonly fabricTxId: string;
  /** Position of the event among the journal entries of its transaction (0-based). */
  readonly entryIndex: number;
  /** ISO-8601 instant of the transaction. */
  readonly timestamp: string;
}

/** The result of `Journal:SubmitEvents`. */
export interface SubmitEventsResult {
  /** Event ids written and journaled by this call, in input order. */
  readonly accepted: readonly string[];
  /** Event ids already stored with identical content (or repeated identically in the call). */
  readonly duplicates: readonly string[];
  /** Event ids already stored (or earlier in the call) with different content; not written. */
  readonly conflicts: readonly string[];
}

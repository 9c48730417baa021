/** What `Migration:ImportEntries` stores and answers. */

/** The marker of one imported record, under `import/<mspId>/<importId>`. */
export interface ImportMarker {
  readonly type: string;
  /** SHA-256 hex of the record's canonical JSON (the entry's payload bytes). */
  readonly payloadSha256: string;
  /** The Fabric transaction that journaled it. */
  readonly fabricTxId: string;
}

/** The stored record of one `Migration:ImportEntries` transaction under `importbatch/<txId>`. */
export interface StoredImportBatch {
  readonly fabricTxId: string;
  /** ISO-8601 instant of the transaction. */
  readonly timestamp: string;
  /** Import ids journaled by the transaction, in entry order. */
  readonly importIds: readonly string[];
  /** SHA-256 hex over the payload SHA-256 hex values of the records, in entry order, as hex text. */
  readonly contentSha256: string;
}

/** The result of `Migration:ImportEntries`. */
export interface ImportEntriesResult {
  /** Import ids journaled by this call, in input order. */
  readonly imported: readonly string[];
  /** Import ids this org imported before with the same content: not journaled again. */
  readonly skipped: readonly string[];
  /** Import ids this org imported before with different content: not journaled; the caller's error. */
  readonly conflicts: readonly string[];
}

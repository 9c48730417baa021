/** Audit trail and query result shapes. */

/** One audit record per resource a successful write transaction wrote; never updated or deleted. */
export interface AuditRecord {
  /** The Fabric transaction id. */
  readonly eventId: string;
  /** The client identity id of the caller. */
  readonly userId: string;
  readonly msp: string;
  readonly role: string;
  /** `Contract:Function`. */
  readonly action: string;
  /** The printable key of the record written, e.g. `/account/ACC-1/`. */
  readonly resource: string;
  /** ISO-8601 instant of the transaction. */
  readonly timestamp: string;
}

/** One revision of a key, as `getHistoryForKey` reports it. */
export interface HistoryEntry {
  readonly txId: string;
  readonly timestamp: string;
  readonly isDelete: boolean;
  /** The decoded record, `null` for a delete. */
  readonly value: unknown;
}

/** A page of a paged query. */
export interface Page<T> {
  readonly records: readonly T[];
  readonly fetchedRecordsCount: number;
  /** Pass back to get the next page; `""` when there is none. */
  readonly bookmark: string;
}

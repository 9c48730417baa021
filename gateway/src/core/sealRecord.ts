/**
 * The seal: one sealed journal entry as the gateway holds it (the sequencer builds it, the index
 * stores it, the services serve it), and who submitted it. Types only, no I/O.
 */

/**
 * Who submitted a journal entry, from its journal record (bound by the leaf, `core/entryRecord.ts`).
 */
export interface SealSubmitter {
  /** MSP id of the transaction's creator. */
  readonly mspId: string;
  /** Fabric identity id of the creator (`x509::<subject>::<issuer>`). */
  readonly id: string;
  /** SHA-256 hex of the creator's certificate ('' for a version 1 record). */
  readonly certSha256: string;
  /** Event entries: SHA-256 hex of the submitting client's certificate ('' otherwise). */
  readonly clientCertSha256: string;
  /** Event entries: the submitting client's certificate subject ('' otherwise). */
  readonly clientSubject: string;
}

/** One sealed journal entry. */
export interface SealRecord {
  readonly sequenceNumber: number;
  readonly eventId: string;
  readonly payload: Uint8Array;
  readonly eventHash: Uint8Array;
  readonly previousHash: Uint8Array;
  /** Transaction timestamp, milliseconds since the epoch. */
  readonly sealedTimestamp: number;
  readonly blockNumber: number;
  readonly transactionId: string;
  /** Position of the entry inside its transaction. */
  readonly entryIndex: number;
  /** `event`, or the write entry's type (`account`, `transaction`, `custody`). */
  readonly entryType: string;
  /** Canonical base64 of the VEPS signature as stored in the journal ('' for write entries). */
  readonly vepsSignature: string;
  /** Milliseconds; 0 for write entries. */
  readonly vepsTimestamp: number;
  readonly metadata: Readonly<Record<string, string>>;
  /** Who submitted it. */
  readonly submitter: SealSubmitter;
}

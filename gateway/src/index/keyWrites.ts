/**
 * Which keys a journal entry wrote: the rows of the index's key → sequence table. Write entries list
 * their writes; an `event` entry wrote the key `event/<eventId>` (no value hash in the journal); an
 * imported record is listed under its marker and the keys its content names (chaincode
 * `lib/importRecord.ts`: `qldb/<table>/<documentId>`, `fabric/<channel>/<namespace>/<key>`). Pure.
 */
import {
  EVENT_ENTRY_TYPE,
  EVENT_KEY_PREFIX,
  IMPORT_ENTRY_TYPES,
  importedRecordKeys,
  isImportEntry,
  type JournalEntry,
} from '@fabric-ledger/chaincode/shared';

/** One key written by the journal entry with this sequence number. */
export interface KeyWriteRecord {
  readonly key: string;
  readonly sequenceNumber: number;
  /** Lowercase hex SHA-256 of the value; null for a delete or an event entry. */
  readonly valueHash: string | null;
  readonly deleted: boolean;
}

/**
 * The keys one entry wrote.
 *
 * @param entry - a decoded journal entry.
 * @param sequenceNumber - its sequence number.
 * @param mspId - the org whose identity journaled it (the transaction's creator).
 * @returns one row per key, in the entry's order.
 */
export function entryKeyWrites(entry: JournalEntry, sequenceNumber: number, mspId: string): KeyWriteRecord[] {
  if (isImportEntry(entry)) {
    return importKeyWrites(
      entry.type,
      mspId,
      entry.importId,
      Buffer.from(entry.payload, 'base64'),
      sequenceNumber,
    );
  }
  if (entry.type === EVENT_ENTRY_TYPE) {
    return [{ key: EVENT_KEY_PREFIX + entry.eventId, sequenceNumber, valueHash: null, deleted: false }];
  }
  return entry.writes.map((w) => ({
    key: w.key,
    sequenceNumber,
    valueHash: w.valueHash,
    deleted: w.deleted,
  }));
}

/** The fields of a stored seal that {@link sealKeyWrites} reads. */
export interface StoredSealFields {
  readonly sequenceNumber: number;
  readonly entryType: string;
  readonly eventId: string;
  readonly payload: Uint8Array;
  readonly submitter: { readonly mspId: string };
}

function importKeyWrites(
  type: string,
  mspId: string,
  importId: string,
  payload: Uint8Array,
  sequenceNumber: number,
): KeyWriteRecord[] {
  return importedRecordKeys(type, mspId, importId, payload).map((key) => ({
    key,
    sequenceNumber,
    valueHash: null,
    deleted: false,
  }));
}

/**
 * The keys a stored seal's entry wrote, recovered from the seal alone (for write entries the payload is
 * the entry's canonical JSON): used to fill the key table of an index written before it existed.
 *
 * @param seal - a stored seal.
 * @returns one row per key ([] for an entry of unknown shape).
 */
export function sealKeyWrites(seal: StoredSealFields): KeyWriteRecord[] {
  if ((IMPORT_ENTRY_TYPES as readonly string[]).includes(seal.entryType)) {
    return importKeyWrites(
      seal.entryType,
      seal.submitter.mspId,
      seal.eventId,
      seal.payload,
      seal.sequenceNumber,
    );
  }
  if (seal.entryType === EVENT_ENTRY_TYPE) {
    return [
      {
        key: EVENT_KEY_PREFIX + seal.eventId,
        sequenceNumber: seal.sequenceNumber,
        valueHash: null,
        deleted: false,
      },
    ];
  }
  const entry = JSON.parse(Buffer.from(seal.payload).toString('utf8')) as { writes?: unknown };
  if (!Array.isArray(entry.writes)) return [];
  return (entry.writes as { key: string; valueHash: string | null; deleted: boolean }[]).map((w) => ({
    key: w.key,
    sequenceNumber: seal.sequenceNumber,
    valueHash: w.valueHash,
    deleted: w.deleted,
  }));
}

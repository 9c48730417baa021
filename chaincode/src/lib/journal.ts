/**
 * The journal record: the one chaincode event every successful write transaction emits, and the
 * contract between the chaincode and the gateway. The gateway hashes the exact event bytes, so the
 * record is defined, encoded ({@link encodeJournalRecord}) and decoded ({@link decodeJournalRecord})
 * here only, and checked against the vectors in `test/vectors/journal/`.
 *
 * Shape (canonical JSON, see `canonicalJson.ts`):
 * ```
 * {"actor":{"cert":…,"id":…,"msp":…,"role":…},"entries":[…],"timestamp":"…Z","txId":…,"version":2}
 * ```
 * Version 2 adds `actor.cert` (SHA-256 hex of the creator's certificate) and, on every event entry,
 * `client: {cert, subject}` (who called the gateway). Version 1 records (no such fields) still decode.
 * A record holds either exactly one {@link WriteEntry} (every contract function that writes, except
 * `Journal:SubmitEvents` and `Migration:ImportEntries`), one {@link EventEntry} per accepted event, in
 * input order, or one {@link ImportEntry} per imported record (a QLDB revision, a Fabric transaction,
 * or the anchor of an import), in input order.
 */
import { canonicalBytes } from './canonicalJson';
import { show } from './errors';
import { ROLES, type Role } from './roles';
import { sha256Hex } from './sha256';

/** Name of the chaincode event that carries a journal record. */
export const JOURNAL_EVENT_NAME = 'ledger.journal';
/** The record version this module writes. */
export const JOURNAL_VERSION = 2;
/** The record versions this module reads. */
export const JOURNAL_VERSIONS_READ = [1, 2] as const;
/** Longest event id, in characters (printable ASCII U+0020..U+007E). */
export const MAX_EVENT_ID_LENGTH = 256;
/** Largest decoded payload of one event: 1 MiB. */
export const MAX_PAYLOAD_BYTES = 1024 * 1024;
/** Largest sum of decoded payloads in one `Journal:SubmitEvents` call: 2 MiB (keeps blocks small). */
export const MAX_BATCH_PAYLOAD_BYTES = 2 * 1024 * 1024;
/** Most events in one `Journal:SubmitEvents` call. */
export const MAX_EVENTS_PER_SUBMIT = 500;
/** Largest decoded VEPS signature. */
export const MAX_SIGNATURE_BYTES = 8192;
/** Most metadata entries of one event. */
export const MAX_METADATA_ENTRIES = 64;
/** Longest metadata key, in characters (at least 1). */
export const MAX_METADATA_KEY_LENGTH = 128;
/** Longest metadata value, in characters. */
export const MAX_METADATA_VALUE_LENGTH = 1024;
/** `vepsTimestamp` (milliseconds since the epoch) must be below 2^53. */
export const VEPS_TIMESTAMP_LIMIT = 2n ** 53n;

/** Event ids: 1 to {@link MAX_EVENT_ID_LENGTH} printable ASCII characters (U+0020..U+007E). */
export const EVENT_ID_PATTERN = /^[\x20-\x7e]{1,256}$/;

/** Entry types of write entries, one per contract family. */
export const WRITE_ENTRY_TYPES = ['account', 'transaction', 'custody', 'governance', 'terms'] as const;
/** One of {@link WRITE_ENTRY_TYPES}. */
export type WriteEntryType = (typeof WRITE_ENTRY_TYPES)[number];
/** Entry type of a submitted VEPS event. */
export const EVENT_ENTRY_TYPE = 'event';
/**
 * Entry types of records imported from another ledger (`Migration:ImportEntries`): a QLDB document
 * revision, the anchor of a QLDB import (its digest and tip), one valid transaction of a Fabric channel,
 * the anchor of a Fabric import (its last block header hash).
 */
export const IMPORT_ENTRY_TYPES = [
  'qldb-revision',
  'qldb-anchor',
  'fabric-transaction',
  'fabric-anchor',
] as const;
/** One of {@link IMPORT_ENTRY_TYPES}. */
export type ImportEntryType = (typeof IMPORT_ENTRY_TYPES)[number];
/** Import ids: 1 to 256 printable ASCII characters without spaces. */
export const IMPORT_ID_PATTERN = /^[\x21-\x7e]{1,256}$/;

/** One key written by a transaction. */
export interface JournalWrite {
  /** The printable key (U+0000 replaced by `/`). */
  readonly key: string;
  /** SHA-256 hex of the value bytes written, `null` when the key was deleted. */
  readonly valueHash: string | null;
  /** True when the key was deleted. */
  readonly deleted: boolean;
}

/** The entry of an ordinary write transaction. */
export interface WriteEntry {
  readonly type: WriteEntryType;
  /** `Contract:Function`, e.g. `Accounts:OpenAccount`. */
  readonly action: string;
  /** Every key written except the audit trail's own keys, sorted by key. */
  readonly writes: readonly JournalWrite[];
}

/** A certified event as submitted by VEPS through the gateway. */
export interface CertifiedEvent {
  /** 1..256 printable ASCII characters. */
  readonly eventId: string;
  /** Canonical (padded, standard alphabet) base64 of at most {@link MAX_PAYLOAD_BYTES}. */
  readonly payload: string;
  /** Canonical base64 of the VEPS signature (may be empty). */
  readonly vepsSignature: string;
  /** Decimal string of integer milliseconds, 0 < t < 2^53. */
  readonly vepsTimestamp: string;
  /** String → string, at most {@link MAX_METADATA_ENTRIES} entries. */
  readonly metadata: Readonly<Record<string, string>>;
}

/** The client that submitted an event to the gateway (version 2 records). */
export interface EventClient {
  /** SHA-256 hex of the client's certificate (DER). */
  readonly cert: string;
  /** The certificate's subject, as the gateway shows it (e.g. `C=US, O=Org1, CN=user1`). */
  readonly subject: string;
}

/** The entry of one accepted event of `Journal:SubmitEvents`. */
export interface EventEntry extends CertifiedEvent {
  readonly type: typeof EVENT_ENTRY_TYPE;
  /** Who submitted the event to the gateway; absent in version 1 records only. */
  readonly client?: EventClient;
}

/**
 * The entry of one imported record. Its leaf is `(importId, payload)`, as an event's is
 * `(eventId, payload)`; the payload is the record's canonical JSON, whose `type` is the entry's.
 */
export interface ImportEntry {
  readonly type: ImportEntryType;
  /** The record's id in the importing org's scope (unique per org: a second import is skipped). */
  readonly importId: string;
  /** Canonical base64 of the record's canonical JSON bytes, at most {@link MAX_PAYLOAD_BYTES}. */
  readonly payload: string;
}

/** Any journal entry. */
export type JournalEntry = WriteEntry | EventEntry | ImportEntry;

/**
 * True for the entry of an imported record.
 *
 * @param entry - a journal entry.
 * @returns whether its type is one of {@link IMPORT_ENTRY_TYPES}.
 */
export function isImportEntry(entry: JournalEntry): entry is ImportEntry {
  return (IMPORT_ENTRY_TYPES as readonly string[]).includes(entry.type);
}

/** Who submitted the transaction. */
export interface JournalActor {
  readonly msp: string;
  readonly id: string;
  readonly role: Role;
  /** SHA-256 hex of the creator's certificate (DER); absent in version 1 records only. */
  readonly cert?: string;
}

/** The payload of the {@link JOURNAL_EVENT_NAME} chaincode event. */
export interface JournalRecord {
  readonly version: (typeof JOURNAL_VERSIONS_READ)[number];
  /** The Fabric transaction id. */
  readonly txId: string;
  /** The transaction timestamp, ISO-8601 UTC with milliseconds. */
  readonly timestamp: string;
  readonly actor: JournalActor;
  readonly entries: readonly JournalEntry[];
}

/** One element of the hash chain: what the gateway feeds into `event_hash`. */
export interface JournalLeaf {
  /** The client's event id, or the Fabric tx id for write entries. */
  readonly eventId: string;
  /** The client's decoded payload, or the canonical bytes of the write entry. */
  readonly payload: Uint8Array;
}

/** Thrown for a record or event that breaks a rule; `field`, `got` and `want` say which and how. */
export class JournalFormatError extends Error {
  /** JSON path of the offending value, e.g. `events[2].vepsTimestamp`. */
  readonly field: string;
  /** The offending value. */
  readonly got: unknown;
  /** What is allowed. */
  readonly want: string;

  /**
   * @param field - JSON path of the offending value.
   * @param got - the offending value.
   * @param want - what is allowed.
   */
  constructor(field: string, got: unknown, want: string) {
    super(`${field}: got ${show(got)}, want ${want}`);
    this.name = 'JournalFormatError';
    this.field = field;
    this.got = got;
    this.want = want;
  }
}

const TX_ID = /^[\x21-\x7e]{1,256}$/;
const MSP_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
const ACTION = /^[A-Z][A-Za-z]*:[A-Z][A-Za-z]*$/;
const SHA256_HEX = /^[0-9a-f]{64}$/;
const ISO_MILLIS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const VEPS_TIMESTAMP = /^[1-9][0-9]{0,15}$/;
const MAX_ACTOR_ID_LENGTH = 4096;
const EVENT_FIELDS = ['eventId', 'payload', 'vepsSignature', 'vepsTimestamp', 'metadata'] as const;
/** Longest client certificate subject, in characters. */
export const MAX_CLIENT_SUBJECT_LENGTH = 1024;

type Fields = Readonly<Record<string, unknown>>;

/**
 * Checks one certified event as it arrives in `Journal:SubmitEvents` (no other fields allowed).
 *
 * @param value - a parsed JSON value.
 * @param path - where it sits, for messages (e.g. `events[0]`).
 * @returns the event, with the decoded payload size.
 * @throws {@link JournalFormatError} naming the first rule broken.
 */
export function checkCertifiedEvent(value: unknown, path: string): CertifiedEvent & { payloadBytes: number } {
  const fields = exactObject(value, path, EVENT_FIELDS);
  const eventId = fields.eventId;
  if (typeof eventId !== 'string' || !EVENT_ID_PATTERN.test(eventId)) {
    throw new JournalFormatError(
      `${path}.eventId`,
      eventId,
      `1 to ${MAX_EVENT_ID_LENGTH} printable ASCII characters`,
    );
  }
  const payload = base64Field(fields.payload, `${path}.payload`, MAX_PAYLOAD_BYTES);
  base64Field(fields.vepsSignature, `${path}.vepsSignature`, MAX_SIGNATURE_BYTES);
  const vepsTimestamp = fields.vepsTimestamp;
  if (
    typeof vepsTimestamp !== 'string' ||
    !VEPS_TIMESTAMP.test(vepsTimestamp) ||
    BigInt(vepsTimestamp) >= VEPS_TIMESTAMP_LIMIT
  ) {
    throw new JournalFormatError(
      `${path}.vepsTimestamp`,
      vepsTimestamp,
      'a decimal string of integer milliseconds, 0 < t < 2^53',
    );
  }
  const metadata = metadataField(fields.metadata, `${path}.metadata`);
  return {
    eventId,
    payload: fields.payload as string,
    vepsSignature: fields.vepsSignature as string,
    vepsTimestamp,
    metadata,
    payloadBytes: payload.length,
  };
}

/**
 * Checks the `client` of an event: `{cert: 64 lowercase hex, subject: 1 to 1024 characters}`.
 *
 * @param value - a parsed JSON value.
 * @param path - where it sits, for messages (e.g. `events[0].client`).
 * @returns the client.
 * @throws {@link JournalFormatError} naming the first rule broken.
 */
export function checkEventClient(value: unknown, path: string): EventClient {
  const fields = exactObject(value, path, ['cert', 'subject']);
  checkCertHash(fields.cert, `${path}.cert`);
  const subject = fields.subject;
  if (typeof subject !== 'string' || subject.length === 0 || subject.length > MAX_CLIENT_SUBJECT_LENGTH) {
    throw new JournalFormatError(
      `${path}.subject`,
      subject,
      `a certificate subject of 1 to ${MAX_CLIENT_SUBJECT_LENGTH} characters`,
    );
  }
  return { cert: fields.cert as string, subject };
}

/**
 * The content hash of an event: SHA-256 hex of the canonical JSON of its five client fields. Two
 * submissions of one event id are the same event exactly when their content hashes are equal.
 *
 * @param event - a checked event.
 * @returns 64 lowercase hex characters.
 */
export function eventContentHash(event: CertifiedEvent): string {
  const { eventId, payload, vepsSignature, vepsTimestamp, metadata } = event;
  return sha256Hex(canonicalBytes({ eventId, payload, vepsSignature, vepsTimestamp, metadata }));
}

/**
 * Encodes a journal record as the canonical bytes the chaincode emits.
 *
 * @param record - the record; it is checked first.
 * @returns canonical JSON bytes.
 * @throws {@link JournalFormatError} if the record breaks a rule.
 */
export function encodeJournalRecord(record: JournalRecord): Uint8Array {
  checkRecord(record);
  return canonicalBytes(record);
}

/**
 * Decodes and checks the payload of a {@link JOURNAL_EVENT_NAME} event. Only the canonical encoding
 * is accepted: the bytes must equal the re-encoding of what they decode to.
 *
 * @param bytes - the event payload.
 * @returns the record.
 * @throws {@link JournalFormatError} for invalid UTF-8, invalid JSON, a broken rule or a non-canonical encoding.
 */
export function decodeJournalRecord(bytes: Uint8Array): JournalRecord {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes)) as unknown;
  } catch {
    throw new JournalFormatError('$', `${bytes.length} bytes`, 'UTF-8 JSON text');
  }
  const record = checkRecord(value);
  if (!Buffer.from(canonicalBytes(record)).equals(Buffer.from(bytes))) {
    throw new JournalFormatError('$', `${bytes.length} bytes`, 'the canonical JSON encoding of the record');
  }
  return record;
}

/**
 * The hash-chain leaves of a record, in order: one per entry. For an event entry the client's event
 * id and decoded payload; for a write entry the Fabric tx id and the entry's canonical bytes.
 *
 * @param record - a decoded record.
 * @returns one leaf per entry.
 */
export function journalLeaves(record: JournalRecord): JournalLeaf[] {
  return record.entries.map((entry) => {
    if (entry.type === EVENT_ENTRY_TYPE) {
      return { eventId: entry.eventId, payload: new Uint8Array(Buffer.from(entry.payload, 'base64')) };
    }
    if (isImportEntry(entry)) {
      return { eventId: entry.importId, payload: new Uint8Array(Buffer.from(entry.payload, 'base64')) };
    }
    return { eventId: record.txId, payload: canonicalBytes(entry) };
  });
}

function checkRecord(value: unknown): JournalRecord {
  const fields = exactObject(value, '$', ['version', 'txId', 'timestamp', 'actor', 'entries']);
  const version = fields.version;
  if (version !== 1 && version !== 2) {
    throw new JournalFormatError('$.version', version, JOURNAL_VERSIONS_READ.join(' or '));
  }
  if (typeof fields.txId !== 'string' || !TX_ID.test(fields.txId)) {
    throw new JournalFormatError(
      '$.txId',
      fields.txId,
      'a transaction id of 1 to 256 printable ASCII characters',
    );
  }
  checkIsoMillis(fields.timestamp, '$.timestamp');
  checkActor(fields.actor, version);
  checkEntries(fields.entries, version);
  return value as JournalRecord;
}

function checkCertHash(value: unknown, path: string): void {
  if (typeof value !== 'string' || !SHA256_HEX.test(value)) {
    throw new JournalFormatError(path, value, 'the SHA-256 of a certificate, 64 lowercase hex');
  }
}

function checkIsoMillis(value: unknown, path: string): void {
  const valid = typeof value === 'string' && ISO_MILLIS.test(value) && isSameInstant(value);
  if (!valid) {
    throw new JournalFormatError(
      path,
      value,
      'an ISO-8601 UTC instant with milliseconds, as Date#toISOString',
    );
  }
}

function isSameInstant(iso: string): boolean {
  const millis = Date.parse(iso);
  return Number.isFinite(millis) && new Date(millis).toISOString() === iso;
}

function checkActor(value: unknown, version: 1 | 2): void {
  const actor = exactObject(
    value,
    '$.actor',
    version === 1 ? ['msp', 'id', 'role'] : ['cert', 'msp', 'id', 'role'],
  );
  if (version === 2) checkCertHash(actor.cert, '$.actor.cert');
  if (typeof actor.msp !== 'string' || !MSP_ID.test(actor.msp)) {
    throw new JournalFormatError('$.actor.msp', actor.msp, 'an MSP id');
  }
  if (typeof actor.id !== 'string' || actor.id.length === 0 || actor.id.length > MAX_ACTOR_ID_LENGTH) {
    throw new JournalFormatError(
      '$.actor.id',
      actor.id,
      `a client identity id of 1 to ${MAX_ACTOR_ID_LENGTH} characters`,
    );
  }
  if (typeof actor.role !== 'string' || !(ROLES as readonly string[]).includes(actor.role)) {
    throw new JournalFormatError('$.actor.role', actor.role, `one of ${ROLES.join(', ')}`);
  }
}

function checkEntries(value: unknown, version: 1 | 2): void {
  if (!Array.isArray(value) || value.length === 0) {
    throw new JournalFormatError('$.entries', value, 'a non-empty array');
  }
  const entries = value as readonly unknown[];
  const first = entries[0];
  const firstType = isObject(first) ? first.type : undefined;
  const isEvents = firstType === EVENT_ENTRY_TYPE;
  const isImports = version === 2 && (IMPORT_ENTRY_TYPES as readonly unknown[]).includes(firstType);
  if (!isEvents && !isImports && entries.length !== 1) {
    throw new JournalFormatError(
      '$.entries',
      `${entries.length} entries`,
      'exactly one write entry, only event entries or only import entries',
    );
  }
  let payloadBytes = 0;
  entries.forEach((entry, index) => {
    const path = `$.entries[${index}]`;
    if (isEvents) {
      payloadBytes += checkEventEntry(entry, path, version);
    } else if (isImports) {
      payloadBytes += checkImportEntry(entry, path);
    } else {
      checkWriteEntry(entry, path);
    }
  });
  if (payloadBytes > MAX_BATCH_PAYLOAD_BYTES || entries.length > MAX_EVENTS_PER_SUBMIT) {
    throw new JournalFormatError(
      '$.entries',
      `${entries.length} entries of ${payloadBytes} payload bytes`,
      `at most ${MAX_EVENTS_PER_SUBMIT} entries and ${MAX_BATCH_PAYLOAD_BYTES} payload bytes`,
    );
  }
}

function checkEventEntry(value: unknown, path: string, version: 1 | 2): number {
  const names = version === 1 ? ['type', ...EVENT_FIELDS] : ['type', 'client', ...EVENT_FIELDS];
  const fields = exactObject(value, path, names);
  if (fields.type !== EVENT_ENTRY_TYPE) {
    throw new JournalFormatError(`${path}.type`, fields.type, `"${EVENT_ENTRY_TYPE}" like the other entries`);
  }
  if (version === 2) checkEventClient(fields.client, `${path}.client`);
  const event = Object.fromEntries(
    Object.entries(fields).filter(([name]) => name !== 'type' && name !== 'client'),
  );
  return checkCertifiedEvent(event, path).payloadBytes;
}

function checkImportEntry(value: unknown, path: string): number {
  const fields = exactObject(value, path, ['type', 'importId', 'payload']);
  if (!(IMPORT_ENTRY_TYPES as readonly unknown[]).includes(fields.type)) {
    throw new JournalFormatError(
      `${path}.type`,
      fields.type,
      `one of ${IMPORT_ENTRY_TYPES.join(', ')} like the other entries`,
    );
  }
  if (typeof fields.importId !== 'string' || !IMPORT_ID_PATTERN.test(fields.importId)) {
    throw new JournalFormatError(
      `${path}.importId`,
      fields.importId,
      '1 to 256 printable ASCII characters without spaces',
    );
  }
  return base64Field(fields.payload, `${path}.payload`, MAX_PAYLOAD_BYTES).length;
}

function checkWriteEntry(value: unknown, path: string): void {
  const fields = exactObject(value, path, ['type', 'action', 'writes']);
  if (typeof fields.type !== 'string' || !(WRITE_ENTRY_TYPES as readonly string[]).includes(fields.type)) {
    throw new JournalFormatError(`${path}.type`, fields.type, `one of ${WRITE_ENTRY_TYPES.join(', ')}`);
  }
  if (typeof fields.action !== 'string' || !ACTION.test(fields.action)) {
    throw new JournalFormatError(
      `${path}.action`,
      fields.action,
      'Contract:Function, e.g. "Accounts:OpenAccount"',
    );
  }
  const writes = fields.writes;
  if (!Array.isArray(writes) || writes.length === 0) {
    throw new JournalFormatError(`${path}.writes`, writes, 'a non-empty array');
  }
  let previous: string | undefined;
  (writes as readonly unknown[]).forEach((write, index) => {
    const key = checkWrite(write, `${path}.writes[${index}]`);
    if (previous !== undefined && !(previous < key)) {
      throw new JournalFormatError(
        `${path}.writes[${index}].key`,
        key,
        `a key sorting after ${show(previous)} (sorted, unique)`,
      );
    }
    previous = key;
  });
}

function checkWrite(value: unknown, path: string): string {
  const write = exactObject(value, path, ['key', 'valueHash', 'deleted']);
  const { key, valueHash, deleted } = write;
  if (typeof key !== 'string' || key.length === 0 || key.includes('\u0000')) {
    throw new JournalFormatError(`${path}.key`, key, 'a non-empty printable key (U+0000 written as "/")');
  }
  if (typeof deleted !== 'boolean') {
    throw new JournalFormatError(`${path}.deleted`, deleted, 'true or false');
  }
  const hashOk = deleted ? valueHash === null : typeof valueHash === 'string' && SHA256_HEX.test(valueHash);
  if (!hashOk) {
    throw new JournalFormatError(
      `${path}.valueHash`,
      valueHash,
      deleted ? 'null for a deleted key' : '64 lowercase hex characters',
    );
  }
  return key;
}

function base64Field(value: unknown, path: string, maxBytes: number): Buffer {
  const decoded = typeof value === 'string' ? Buffer.from(value, 'base64') : undefined;
  if (decoded === undefined || decoded.toString('base64') !== value) {
    throw new JournalFormatError(path, value, 'canonical base64 (standard alphabet, with padding)');
  }
  if (decoded.length > maxBytes) {
    throw new JournalFormatError(path, `${decoded.length} bytes`, `at most ${maxBytes} bytes`);
  }
  return decoded;
}

function metadataField(value: unknown, path: string): Readonly<Record<string, string>> {
  if (!isObject(value) || Array.isArray(value)) {
    throw new JournalFormatError(path, value, 'an object of string values');
  }
  const entries = Object.entries(value);
  if (entries.length > MAX_METADATA_ENTRIES) {
    throw new JournalFormatError(
      path,
      `${entries.length} entries`,
      `at most ${MAX_METADATA_ENTRIES} entries`,
    );
  }
  for (const [key, item] of entries) {
    if (key.length === 0 || key.length > MAX_METADATA_KEY_LENGTH) {
      throw new JournalFormatError(
        `${path}[${JSON.stringify(key)}]`,
        key,
        `a key of 1 to ${MAX_METADATA_KEY_LENGTH} characters`,
      );
    }
    if (typeof item !== 'string' || item.length > MAX_METADATA_VALUE_LENGTH) {
      throw new JournalFormatError(
        `${path}[${JSON.stringify(key)}]`,
        item,
        `a string of at most ${MAX_METADATA_VALUE_LENGTH} characters`,
      );
    }
  }
  return value as Readonly<Record<string, string>>;
}

function isObject(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null;
}

function exactObject(value: unknown, path: string, names: readonly string[]): Fields {
  if (!isObject(value) || Array.isArray(value)) {
    throw new JournalFormatError(path, value, `an object with fields ${names.join(', ')}`);
  }
  const missing = names.find((name) => !Object.hasOwn(value, name));
  if (missing !== undefined) {
    throw new JournalFormatError(`${path}.${missing}`, undefined, 'a value (the field is required)');
  }
  const extra = Object.keys(value).find((name) => !names.includes(name));
  if (extra !== undefined) {
    throw new JournalFormatError(`${path}.${extra}`, value[extra], 'no such field');
  }
  return value;
}

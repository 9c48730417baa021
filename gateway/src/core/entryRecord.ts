/**
 * Journal leaves, format 2: what binds every field of a seal (beyond the four `event_hash` covers) to
 * the Merkle tree and so to the signed digest.
 *
 * ```
 * entry_record = "ledger-entry-v2\n"                       (16 ASCII bytes)
 *   || lp(entry_type) || lp(transaction_id) || u64(block_number) || u32(entry_index)
 *   || u64(sealed_timestamp) || lp(veps_signature) || u64(veps_timestamp)
 *   || u32(#metadata) || lp(key) || lp(value) …           (keys sorted by their UTF-8 bytes)
 *   || lp(submitter_msp_id) || lp(submitter_id) || lp(submitter_cert_sha256)
 *   || lp(client_cert_sha256) || lp(client_subject)
 * entry_hash   = SHA-256(entry_record)
 * leaf_data    = 0x02 || event_hash || entry_hash          (65 bytes; 0x02 = LEAF_VERSION)
 * leaf_hash    = SHA-256(0x00 || leaf_data)                (RFC 9162)
 * ```
 *
 * Strings are UTF-8; the hex fingerprints are their 64 lowercase ASCII characters (or empty).
 * `sequence_number`, `event_id`, `payload` and `previous_hash` are bound through `event_hash`,
 * `leaf_index` by the inclusion proof itself (it is `sequence_number - 1`).
 */
import { concatBytes, lp, u32, u64, utf8 } from './encoding';
import { InvalidArgumentError } from './errors';
import { assertHash, sha256 } from './sha256';
import { leafHash } from './merkleHash';

/** The leaf format version: the first byte of every leaf's data. */
export const LEAF_VERSION = 2;
/** Domain-separation prefix of {@link encodeEntryRecord} (16 ASCII bytes, ends with a line feed). */
export const ENTRY_RECORD_PREFIX = 'ledger-entry-v2\n';
const PREFIX_BYTES = new TextEncoder().encode(ENTRY_RECORD_PREFIX);

/** The fields of one sealed entry that its entry record binds, in record order. */
export interface EntryRecordFields {
  /** `event`, `account`, `transaction`, `custody` or `governance`. */
  readonly entryType: string;
  /** Fabric transaction id. */
  readonly transactionId: string;
  /** Fabric block number. */
  readonly blockNumber: bigint | number;
  /** Position of the entry in its transaction. */
  readonly entryIndex: number;
  /** The transaction's timestamp (its channel header), milliseconds since the epoch. */
  readonly sealedTimestamp: bigint | number;
  /** The VEPS signature as the seal returns it ('' for write entries). */
  readonly vepsSignature: string;
  /** Milliseconds; 0 for write entries. */
  readonly vepsTimestamp: bigint | number;
  /** VEPS metadata ({} for write entries). */
  readonly metadata: Readonly<Record<string, string>>;
  /** MSP id of the Fabric identity that created the transaction. */
  readonly submitterMspId: string;
  /** Fabric identity id of the creator (`x509::<subject>::<issuer>`). */
  readonly submitterId: string;
  /** SHA-256 hex of the creator's certificate (DER); '' in journal records of version 1. */
  readonly submitterCertSha256: string;
  /** Event entries: SHA-256 hex of the certificate of the client that submitted the event; else ''. */
  readonly clientCertSha256: string;
  /** Event entries: the subject of that certificate; else ''. */
  readonly clientSubject: string;
}

/** The names of {@link EntryRecordFields}, in record order. */
export const ENTRY_RECORD_FIELDS = [
  'entryType',
  'transactionId',
  'blockNumber',
  'entryIndex',
  'sealedTimestamp',
  'vepsSignature',
  'vepsTimestamp',
  'metadata',
  'submitterMspId',
  'submitterId',
  'submitterCertSha256',
  'clientCertSha256',
  'clientSubject',
] as const satisfies readonly (keyof EntryRecordFields)[];

const FINGERPRINT = /^(?:[0-9a-f]{64})?$/;

/** Compares two strings by their UTF-8 bytes. */
function byUtf8(a: string, b: string): number {
  return Buffer.compare(Buffer.from(utf8(a)), Buffer.from(utf8(b)));
}

/**
 * Encodes an entry record (see the module comment).
 *
 * @param fields - the entry's fields.
 * @returns the record bytes.
 * @throws {@link InvalidArgumentError} for a number out of range, a lone surrogate or a fingerprint
 *   that is neither empty nor 64 lowercase hex characters.
 */
export function encodeEntryRecord(fields: Readonly<EntryRecordFields>): Uint8Array {
  for (const name of ['submitterCertSha256', 'clientCertSha256'] as const) {
    if (!FINGERPRINT.test(fields[name])) {
      throw new InvalidArgumentError(name, fields[name], "'' or 64 lowercase hex characters");
    }
  }
  const keys = Object.keys(fields.metadata).sort(byUtf8);
  return concatBytes(
    PREFIX_BYTES,
    lp(utf8(fields.entryType)),
    lp(utf8(fields.transactionId)),
    u64(fields.blockNumber, 'blockNumber'),
    u32(fields.entryIndex, 'entryIndex'),
    u64(fields.sealedTimestamp, 'sealedTimestamp'),
    lp(utf8(fields.vepsSignature)),
    u64(fields.vepsTimestamp, 'vepsTimestamp'),
    u32(keys.length, 'metadata'),
    ...keys.flatMap((key) => [lp(utf8(key)), lp(utf8(fields.metadata[key] ?? ''))]),
    lp(utf8(fields.submitterMspId)),
    lp(utf8(fields.submitterId)),
    lp(utf8(fields.submitterCertSha256)),
    lp(utf8(fields.clientCertSha256)),
    lp(utf8(fields.clientSubject)),
  );
}

/**
 * `entry_hash`: SHA-256 of {@link encodeEntryRecord}.
 *
 * @param fields - the entry's fields.
 * @returns 32 bytes.
 */
export function entryHash(fields: Readonly<EntryRecordFields>): Uint8Array {
  return sha256(encodeEntryRecord(fields));
}

/**
 * The Merkle leaf data of an entry: `0x02 || event_hash || entry_hash` (65 bytes).
 *
 * @param eventHash - the entry's event hash (32 bytes).
 * @param entryRecordHash - its {@link entryHash} (32 bytes).
 * @returns 65 bytes.
 * @throws {@link InvalidArgumentError} if a hash is not 32 bytes.
 */
export function journalLeafData(eventHash: Uint8Array, entryRecordHash: Uint8Array): Uint8Array {
  assertHash(eventHash, 'eventHash');
  assertHash(entryRecordHash, 'entryHash');
  return concatBytes(Uint8Array.of(LEAF_VERSION), eventHash, entryRecordHash);
}

/**
 * The RFC 9162 leaf hash of an entry: `SHA-256(0x00 || journalLeafData(eventHash, entryHash))`.
 *
 * @param eventHash - the entry's event hash.
 * @param entryRecordHash - its {@link entryHash}.
 * @returns 32 bytes.
 */
export function journalLeafHash(eventHash: Uint8Array, entryRecordHash: Uint8Array): Uint8Array {
  return leafHash(journalLeafData(eventHash, entryRecordHash));
}

/** The fields of an entry record as {@link decodeEntryRecord} reads them (integers as bigint). */
export interface DecodedEntryRecord extends EntryRecordFields {
  readonly blockNumber: bigint;
  readonly sealedTimestamp: bigint;
  readonly vepsTimestamp: bigint;
}

/** The fields of an event hash preimage (`u64(seq) || lp(event_id) || lp(payload) || previous_hash`). */
export interface DecodedEventHashPreimage {
  readonly sequenceNumber: bigint;
  readonly eventId: string;
  readonly payload: Uint8Array;
  readonly previousHash: Uint8Array;
}

/** Reads big-endian integers and length-prefixed strings off a byte string, front to back. */
class Reader {
  #at = 0;
  constructor(
    private readonly bytes: Uint8Array,
    private readonly what: string,
  ) {}

  take(n: number, field: string): Uint8Array {
    if (this.#at + n > this.bytes.length) {
      throw new InvalidArgumentError(this.what, `${this.bytes.length} bytes`, `more bytes for ${field}`);
    }
    const out = this.bytes.subarray(this.#at, this.#at + n);
    this.#at += n;
    return out;
  }

  u32(field: string): number {
    const b = this.take(4, field);
    return new DataView(b.buffer, b.byteOffset, 4).getUint32(0, false);
  }

  u64(field: string): bigint {
    const b = this.take(8, field);
    return new DataView(b.buffer, b.byteOffset, 8).getBigUint64(0, false);
  }

  lp(field: string): Uint8Array {
    return this.take(this.u32(field), field);
  }

  text(field: string): string {
    try {
      return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(this.lp(field));
    } catch (err) {
      if (err instanceof InvalidArgumentError) throw err;
      throw new InvalidArgumentError(this.what, `${field} that is not UTF-8`, 'UTF-8 text');
    }
  }

  end(): void {
    if (this.#at !== this.bytes.length) {
      throw new InvalidArgumentError(
        this.what,
        `${this.bytes.length - this.#at} trailing bytes`,
        'no more bytes',
      );
    }
  }
}

/**
 * Decodes {@link encodeEntryRecord}'s bytes back into fields (so a verifier can name the field of a
 * seal that differs from what its `entry_hash` commits to).
 *
 * @param bytes - an entry record.
 * @returns its fields.
 * @throws {@link InvalidArgumentError} when the bytes are not an entry record of format 2.
 */
export function decodeEntryRecord(bytes: Uint8Array): DecodedEntryRecord {
  const r = new Reader(bytes, 'entryRecord');
  const prefix = r.take(PREFIX_BYTES.length, 'prefix');
  if (!prefix.every((b, i) => b === PREFIX_BYTES[i])) {
    throw new InvalidArgumentError('entryRecord', 'another prefix', JSON.stringify(ENTRY_RECORD_PREFIX));
  }
  const entryType = r.text('entryType');
  const transactionId = r.text('transactionId');
  const blockNumber = r.u64('blockNumber');
  const entryIndex = r.u32('entryIndex');
  const sealedTimestamp = r.u64('sealedTimestamp');
  const vepsSignature = r.text('vepsSignature');
  const vepsTimestamp = r.u64('vepsTimestamp');
  const count = r.u32('metadata');
  const metadata: Record<string, string> = {};
  for (let i = 0; i < count; i++) {
    const key = r.text('metadata');
    Object.defineProperty(metadata, key, { value: r.text('metadata'), enumerable: true });
  }
  const fields = {
    entryType,
    transactionId,
    blockNumber,
    entryIndex,
    sealedTimestamp,
    vepsSignature,
    vepsTimestamp,
    metadata,
    submitterMspId: r.text('submitterMspId'),
    submitterId: r.text('submitterId'),
    submitterCertSha256: r.text('submitterCertSha256'),
    clientCertSha256: r.text('clientCertSha256'),
    clientSubject: r.text('clientSubject'),
  };
  r.end();
  return fields;
}

/**
 * Decodes an event hash preimage (`encodeEntry` of hashChain.ts) back into its four fields.
 *
 * @param bytes - the preimage.
 * @returns its fields.
 * @throws {@link InvalidArgumentError} when the bytes do not have that form.
 */
export function decodeEventHashPreimage(bytes: Uint8Array): DecodedEventHashPreimage {
  const r = new Reader(bytes, 'eventHashPreimage');
  const sequenceNumber = r.u64('sequenceNumber');
  const eventId = r.text('eventId');
  const payload = r.lp('payload');
  const previousHash = r.take(32, 'previousHash');
  r.end();
  return { sequenceNumber, eventId, payload, previousHash };
}

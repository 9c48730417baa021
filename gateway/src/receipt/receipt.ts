/**
 * Receipts: one JSON document that proves, with no gateway and no network, that a seal (every field
 * of it but `commitLatencyMs`) is entry `sequenceNumber` of the journal whose signed digest it holds.
 * `ledger submit --receipt` and `ledger history --receipt` write them, `ledger verify-receipt` checks
 * them with {@link verifyReceipt}. Pure: no I/O, no clock (the time the digest signer's certificate
 * must be valid at is passed in).
 *
 * ```
 * {"format":"ledger-receipt-v1",
 *  "seal":   SealedEvent as `ledger get` prints it (bytes base64, 64-bit integers decimal strings),
 *  "proof":  InclusionProof as the gateway returns it (against digest.treeSize),
 *  "digest": LedgerDigest as `ledger digest` prints it (signature and signedBytes base64, certificatePem),
 *  "bindings": {"eventHashPreimage": hex, "entryRecord": hex},
 *  "revision": {"key", "valueHash", "deleted", "value" (base64)}   history receipts only}
 * ```
 *
 * `bindings` are the exact bytes `event_hash` and `entry_hash` are the SHA-256 of; `digest.signedBytes`
 * the bytes the signature covers. They add no trust (each is checked against its hash or signature);
 * they let the verifier name the one seal or digest field that differs from what was committed.
 */
import { createHash } from 'node:crypto';
import { IMPORT_ENTRY_TYPES, importedRecordKeys } from '@fabric-ledger/chaincode/shared';
import {
  bytesEqual,
  decodeEntryRecord,
  decodeEventHashPreimage,
  channelOfSigningBytes,
  digestSigningBytes,
  encodeEntry,
  encodeEntryRecord,
  entryHash,
  parseDigestSigningBytes,
  sha256,
  eventHash,
  fromHex,
  journalLeafHash,
  toHex,
  verifyDigestSignature,
  verifyInclusion,
  type EntryRecordFields,
  type LedgerDigest,
} from '../core';
import {
  checkNewerDigest,
  parseSavedConsistency,
  parseSavedDigest,
  type SavedConsistency,
  type SavedDigest,
} from '../export/newerDigest';
import { checkDigestSigner, type SignerPolicy } from '../security/digestSigner';

/** The `format` of every receipt this module writes and reads. */
export const RECEIPT_FORMAT = 'ledger-receipt-v1';

/** Thrown when a receipt does not verify; `field` names what failed (e.g. `seal.metadata`). */
export class ReceiptError extends Error {
  /** The receipt field (or group of fields, comma separated) that failed. */
  readonly field: string;

  /**
   * @param field - what failed.
   * @param message - why.
   */
  constructor(field: string, message: string) {
    super(`${field}: ${message}`);
    this.name = 'ReceiptError';
    this.field = field;
  }
}

/** The parsed, type-checked fields of a receipt's seal. */
export interface ReceiptSeal extends EntryRecordFields {
  readonly sequenceNumber: bigint;
  readonly eventId: string;
  readonly payload: Uint8Array;
  readonly eventHash: Uint8Array;
  readonly previousHash: Uint8Array;
  readonly leafIndex: bigint;
  readonly entryHash: Uint8Array;
}

/** The committed bytes a receipt carries beside the seal (see the module comment). */
export interface ReceiptBindings {
  /** `u64(sequence_number) || lp(event_id) || lp(payload) || previous_hash`. */
  readonly eventHashPreimage: Uint8Array;
  /** The entry record (`core/entryRecord.ts`). */
  readonly entryRecord: Uint8Array;
}

/**
 * The bindings of a seal, for a receipt writer.
 *
 * @param seal - a parsed seal.
 * @returns hex of the event hash preimage and of the entry record.
 */
export function receiptBindings(seal: ReceiptSeal): { eventHashPreimage: string; entryRecord: string } {
  return {
    eventHashPreimage: toHex(
      encodeEntry({
        sequenceNumber: seal.sequenceNumber,
        eventId: seal.eventId,
        payload: seal.payload,
        previousHash: seal.previousHash,
      }),
    ),
    entryRecord: toHex(encodeEntryRecord(seal)),
  };
}

/** Options of {@link verifyReceipt}. */
export interface VerifyReceiptOptions {
  /**
   * Who may sign the receipt's digest (and the newer digest): a gateway identity of a trusted member,
   * valid at the given time.
   */
  readonly signers: SignerPolicy;
  /** A newer digest (as `ledger digest` prints it) the receipt's digest must be a prefix of. */
  readonly newerDigest?: Uint8Array;
  /** The consistency proof (as `ledger consistency` prints it) from the receipt's tree to the newer. */
  readonly consistency?: Uint8Array;
}

/** What {@link verifyReceipt} checked, in order, for people to read. */
export interface ReceiptVerification {
  readonly sequenceNumber: string;
  readonly treeSize: number;
  readonly rootHash: string;
  readonly checked: readonly string[];
}

type Json = Readonly<Record<string, unknown>>;

const EVENT_HASH_FIELDS =
  'seal.event_id, seal.payload, seal.previous_hash, seal.sequence_number, seal.event_hash';
const ENTRY_RECORD_NAMES: Readonly<Record<keyof EntryRecordFields, string>> = {
  entryType: 'entry_type',
  transactionId: 'transaction_id',
  blockNumber: 'block_number',
  entryIndex: 'entry_index',
  sealedTimestamp: 'sealed_timestamp',
  vepsSignature: 'veps_signature',
  vepsTimestamp: 'veps_timestamp',
  metadata: 'metadata',
  submitterMspId: 'submitter_msp_id',
  submitterId: 'submitter_id',
  submitterCertSha256: 'submitter_cert_sha256',
  clientCertSha256: 'client_cert_sha256',
  clientSubject: 'client_subject',
};
const ENTRY_RECORD_GROUP = [
  ...Object.values(ENTRY_RECORD_NAMES).map((name) => `seal.${name}`),
  'seal.entry_hash',
].join(', ');

function object(value: unknown, field: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ReceiptError(field, 'want a JSON object');
  }
  return value as Json;
}

function text(o: Json, name: string, field: string): string {
  const value = o[name];
  if (typeof value !== 'string') throw new ReceiptError(field, `got ${JSON.stringify(value)}, want a string`);
  return value;
}

function decimal(o: Json, name: string, field: string): bigint {
  const value = o[name];
  const s = typeof value === 'number' ? String(value) : value;
  if (typeof s !== 'string' || !/^(0|[1-9][0-9]{0,19})$/.test(s) || BigInt(s) >= 2n ** 64n) {
    throw new ReceiptError(field, `got ${JSON.stringify(value)}, want a uint64 as a decimal string`);
  }
  return BigInt(s);
}

function safe(o: Json, name: string, field: string): number {
  const n = decimal(o, name, field);
  if (n > BigInt(Number.MAX_SAFE_INTEGER)) throw new ReceiptError(field, 'want at most 2^53-1');
  return Number(n);
}

function hex(o: Json, name: string, field: string, length?: number): Uint8Array {
  const value = text(o, name, field);
  try {
    return fromHex(value, field, length);
  } catch {
    throw new ReceiptError(
      field,
      `got ${JSON.stringify(value)}, want ${length ?? 'some'} bytes as lowercase hex`,
    );
  }
}

function fingerprint(o: Json, name: string, field: string): string {
  const value = text(o, name, field);
  if (!/^(?:[0-9a-f]{64})?$/.test(value)) {
    throw new ReceiptError(field, `got ${JSON.stringify(value)}, want '' or 64 lowercase hex characters`);
  }
  return value;
}

function base64(o: Json, name: string, field: string): Uint8Array {
  const value = text(o, name, field);
  const bytes = Buffer.from(value, 'base64');
  if (bytes.toString('base64') !== value) throw new ReceiptError(field, 'want canonical base64');
  return new Uint8Array(bytes);
}

function metadata(o: Json, field: string): Record<string, string> {
  const m = object(o.metadata, field);
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(m)) {
    if (typeof value !== 'string')
      throw new ReceiptError(field, `value of ${JSON.stringify(key)} is not a string`);
    Object.defineProperty(out, key, { value, enumerable: true, writable: false, configurable: false });
  }
  return out;
}

/**
 * Reads and type-checks a receipt's seal (what `ledger get` prints).
 *
 * @param value - the parsed `seal` member.
 * @returns its fields.
 * @throws {@link ReceiptError} naming the first malformed field.
 */
export function parseReceiptSeal(value: unknown): ReceiptSeal {
  const s = object(value, 'seal');
  const entryIndex = s.entryIndex;
  if (
    typeof entryIndex !== 'number' ||
    !Number.isInteger(entryIndex) ||
    entryIndex < 0 ||
    entryIndex > 0xffffffff
  ) {
    throw new ReceiptError('seal.entry_index', `got ${JSON.stringify(entryIndex)}, want a uint32`);
  }
  return {
    sequenceNumber: decimal(s, 'sequenceNumber', 'seal.sequence_number'),
    eventId: text(s, 'eventId', 'seal.event_id'),
    payload: base64(s, 'payload', 'seal.payload'),
    eventHash: hex(s, 'eventHash', 'seal.event_hash', 32),
    previousHash: hex(s, 'previousHash', 'seal.previous_hash', 32),
    leafIndex: decimal(s, 'leafIndex', 'seal.leaf_index'),
    entryHash: hex(s, 'entryHash', 'seal.entry_hash', 32),
    entryType: text(s, 'entryType', 'seal.entry_type'),
    transactionId: text(s, 'transactionId', 'seal.transaction_id'),
    blockNumber: decimal(s, 'blockNumber', 'seal.block_number'),
    entryIndex,
    sealedTimestamp: decimal(s, 'sealedTimestamp', 'seal.sealed_timestamp'),
    vepsSignature: text(s, 'vepsSignature', 'seal.veps_signature'),
    vepsTimestamp: decimal(s, 'vepsTimestamp', 'seal.veps_timestamp'),
    metadata: metadata(s, 'seal.metadata'),
    submitterMspId: text(s, 'submitterMspId', 'seal.submitter_msp_id'),
    submitterId: text(s, 'submitterId', 'seal.submitter_id'),
    submitterCertSha256: fingerprint(s, 'submitterCertSha256', 'seal.submitter_cert_sha256'),
    clientCertSha256: fingerprint(s, 'clientCertSha256', 'seal.client_cert_sha256'),
    clientSubject: text(s, 'clientSubject', 'seal.client_subject'),
  };
}

function sameMetadata(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && a[k] === b[k]);
}

function decoded<T>(decode: () => T, field: string): T {
  try {
    return decode();
  } catch (err) {
    throw new ReceiptError(field, err instanceof Error ? err.message : String(err));
  }
}

/** Names the seal field that differs from the event hash preimage `event_hash` is the hash of. */
function checkChainBinding(seal: ReceiptSeal, preimage: Uint8Array): void {
  if (!bytesEqual(sha256(preimage), seal.eventHash)) {
    throw new ReceiptError('seal.event_hash', "is not the SHA-256 of the receipt's event hash preimage");
  }
  const chain = decoded(() => decodeEventHashPreimage(preimage), 'bindings.event_hash_preimage');
  const differs: readonly [string, boolean][] = [
    ['seal.sequence_number', chain.sequenceNumber !== seal.sequenceNumber],
    ['seal.event_id', chain.eventId !== seal.eventId],
    ['seal.payload', !bytesEqual(chain.payload, seal.payload)],
    ['seal.previous_hash', !bytesEqual(chain.previousHash, seal.previousHash)],
  ];
  const field = differs.find(([, d]) => d)?.[0];
  if (field !== undefined) throw new ReceiptError(field, 'differs from what event_hash commits to');
}

function sameRecordField(name: keyof EntryRecordFields, a: EntryRecordFields, b: EntryRecordFields): boolean {
  if (name === 'metadata') return sameMetadata(a.metadata, b.metadata);
  const x = a[name];
  const y = b[name];
  return typeof x === 'string' || typeof y === 'string' ? x === y : BigInt(x) === BigInt(y);
}

/** Names the seal field that differs from the entry record `entry_hash` is the hash of. */
function checkRecordBinding(seal: ReceiptSeal, entryRecord: Uint8Array): void {
  if (!bytesEqual(sha256(entryRecord), seal.entryHash)) {
    throw new ReceiptError('seal.entry_hash', "is not the SHA-256 of the receipt's entry record");
  }
  const record = decoded(() => decodeEntryRecord(entryRecord), 'bindings.entry_record');
  const names = Object.entries(ENTRY_RECORD_NAMES) as [keyof EntryRecordFields, string][];
  const differing = names.find(([name]) => !sameRecordField(name, record, seal));
  if (differing !== undefined) {
    throw new ReceiptError(`seal.${differing[1]}`, 'differs from what entry_hash commits to');
  }
}

/**
 * The Merkle leaf hash of a seal, after checking that its `event_hash` and `entry_hash` are those of
 * its fields.
 *
 * @param seal - a parsed seal.
 * @param bindings - the committed bytes, when known: then the error names the one differing field.
 * @returns the leaf hash (format 2).
 * @throws {@link ReceiptError} naming the fields a stated hash does not match.
 */
export function sealLeafHashChecked(seal: ReceiptSeal, bindings?: ReceiptBindings): Uint8Array {
  if (bindings !== undefined) {
    checkChainBinding(seal, bindings.eventHashPreimage);
    checkRecordBinding(seal, bindings.entryRecord);
  }
  if (seal.sequenceNumber === 0n) throw new ReceiptError('seal.sequence_number', 'want 1 or more');
  if (seal.leafIndex !== seal.sequenceNumber - 1n) {
    throw new ReceiptError(
      bindings === undefined ? 'seal.leaf_index, seal.sequence_number' : 'seal.leaf_index',
      'leaf_index is not sequence_number - 1',
    );
  }
  const recomputed = eventHash({
    sequenceNumber: seal.sequenceNumber,
    eventId: seal.eventId,
    payload: seal.payload,
    previousHash: seal.previousHash,
  });
  if (!bytesEqual(recomputed, seal.eventHash)) {
    throw new ReceiptError(
      EVENT_HASH_FIELDS,
      `event_hash is not ${toHex(recomputed)}, the hash of these fields`,
    );
  }
  let record: Uint8Array;
  try {
    record = entryHash(seal);
  } catch (err) {
    throw new ReceiptError(ENTRY_RECORD_GROUP, err instanceof Error ? err.message : String(err));
  }
  if (!bytesEqual(record, seal.entryHash)) {
    throw new ReceiptError(
      ENTRY_RECORD_GROUP,
      `entry_hash is not ${toHex(record)}, the hash of these fields`,
    );
  }
  return journalLeafHash(seal.eventHash, seal.entryHash);
}

interface ReceiptDigest extends SavedDigest {
  readonly mspId: string;
  /** `digest.signedBytes`, when given. */
  readonly signedBytes: Uint8Array | undefined;
}

function parseDigest(value: unknown): ReceiptDigest {
  const d = object(value, 'digest');
  const digest: LedgerDigest = {
    treeSize: safe(d, 'treeSize', 'digest.tree_size'),
    rootHash: hex(d, 'rootHash', 'digest.root_hash', 32),
    chainTipHash: hex(d, 'chainTipHash', 'digest.chain_tip_hash', 32),
    lastBlockNumber: decimal(d, 'lastBlockNumber', 'digest.last_block_number'),
  };
  const signedBytes =
    d.signedBytes === undefined ? undefined : base64(d, 'signedBytes', 'digest.signed_bytes');
  // A digest of a channel other than its gateway's main one names the channel in its signed bytes (v3):
  // the signature is then checked over the fields with that channel.
  let channel: string | undefined;
  try {
    channel = signedBytes === undefined ? undefined : channelOfSigningBytes(signedBytes);
  } catch (err) {
    throw new ReceiptError('digest.signed_bytes', err instanceof Error ? err.message : String(err));
  }
  return {
    digest: channel === undefined ? digest : { ...digest, channel },
    signature: base64(d, 'signature', 'digest.signature'),
    certificatePem: text(d, 'certificatePem', 'digest.certificate_pem'),
    mspId: typeof d.mspId === 'string' ? d.mspId : '',
    signedBytes,
  };
}

/** The digest field that differs from signed bytes the signature does verify over, if any. */
function alteredDigestField(saved: ReceiptDigest): string | undefined {
  if (saved.signedBytes === undefined) return undefined;
  let signed: LedgerDigest;
  try {
    signed = parseDigestSigningBytes(saved.signedBytes);
    if (!verifyDigestSignature(signed, saved.signature, saved.certificatePem)) return undefined;
  } catch {
    return undefined;
  }
  const d = saved.digest;
  if (signed.treeSize !== d.treeSize) return 'digest.tree_size';
  if (!bytesEqual(signed.rootHash, d.rootHash)) return 'digest.root_hash';
  if (!bytesEqual(signed.chainTipHash, d.chainTipHash)) return 'digest.chain_tip_hash';
  if (signed.lastBlockNumber !== d.lastBlockNumber) return 'digest.last_block_number';
  return bytesEqual(digestSigningBytes(d), saved.signedBytes) ? undefined : 'digest.signed_bytes';
}

function checkSigner(saved: ReceiptDigest, signers: SignerPolicy): string {
  const verdict = checkDigestSigner(saved.certificatePem, signers.trust, signers.at);
  if (!verdict.ok) throw new ReceiptError('digest.certificate_pem', verdict.reason);
  let valid: boolean;
  try {
    valid = verifyDigestSignature(saved.digest, saved.signature, saved.certificatePem);
  } catch (err) {
    throw new ReceiptError('digest.signature', err instanceof Error ? err.message : String(err));
  }
  if (!valid) {
    const altered = alteredDigestField(saved);
    throw altered === undefined
      ? new ReceiptError('digest.signature', 'does not verify over the digest fields with the certificate')
      : new ReceiptError(altered, 'differs from the signed bytes the signature verifies over');
  }
  const member = verdict.mspId === '' ? 'the trusted org CA' : verdict.mspId;
  return `digest: signer "${verdict.subject}" is a gateway identity (ledger.role gateway) of ${member}, valid at ${signers.at.toISOString()}, not revoked by the CRLs given`;
}

function checkProof(value: unknown, seal: ReceiptSeal, leaf: Uint8Array, digest: LedgerDigest): void {
  const p = object(value, 'proof');
  const treeSize = safe(p, 'treeSize', 'proof.tree_size');
  if (treeSize !== digest.treeSize) {
    throw new ReceiptError('proof.tree_size', `${treeSize} is not the digest's tree size ${digest.treeSize}`);
  }
  if (decimal(p, 'leafIndex', 'proof.leaf_index') !== seal.leafIndex) {
    throw new ReceiptError('proof.leaf_index', "is not the seal's leaf_index");
  }
  if (!Array.isArray(p.hashes)) throw new ReceiptError('proof.hashes', 'want an array of hex hashes');
  const hashes = (p.hashes as unknown[]).map((h, i) => hex({ h }, 'h', `proof.hashes[${i}]`, 32));
  if (seal.leafIndex >= BigInt(digest.treeSize)) {
    throw new ReceiptError(
      'seal.leaf_index',
      `${seal.leafIndex} is not below the tree size ${digest.treeSize}`,
    );
  }
  if (seal.leafIndex === BigInt(digest.treeSize - 1) && !bytesEqual(seal.eventHash, digest.chainTipHash)) {
    throw new ReceiptError(
      'digest.chain_tip_hash',
      "the last entry's event_hash is not the digest's chain tip",
    );
  }
  try {
    verifyInclusion(leaf, Number(seal.leafIndex), digest.treeSize, hashes, digest.rootHash);
  } catch (err) {
    throw new ReceiptError(
      'proof.hashes',
      `the seal's leaf is not in the digest's tree (${err instanceof Error ? err.message : String(err)})`,
    );
  }
}

interface ParsedRevision {
  readonly key: string;
  readonly deleted: boolean;
  readonly valueHash: string;
  readonly value: Uint8Array;
}

function parseRevision(value: unknown): ParsedRevision {
  const r = object(value, 'revision');
  const deleted = r.deleted;
  if (typeof deleted !== 'boolean') throw new ReceiptError('revision.deleted', 'want true or false');
  return {
    key: text(r, 'key', 'revision.key'),
    deleted,
    valueHash: text(r, 'valueHash', 'revision.value_hash'),
    value: base64(r, 'value', 'revision.value'),
  };
}

function checkEventRevision(r: ParsedRevision, seal: ReceiptSeal): string {
  if (r.key !== `event/${seal.eventId}`)
    throw new ReceiptError('revision.key', `is not "event/${seal.eventId}"`);
  if (r.valueHash !== '' || r.deleted) {
    throw new ReceiptError('revision.value_hash', 'an event revision has no value hash and is not a delete');
  }
  // The event's content is the seal's payload (checked against event_hash); any value bytes here would
  // be unchecked data presented as part of a verified receipt.
  if (r.value.length !== 0) {
    throw new ReceiptError(
      'revision.value',
      `an event revision has no value (the event is the seal's payload), got ${r.value.length} bytes`,
    );
  }
  return `revision: key ${r.key} is the sealed event (its content is the seal's payload)`;
}

/** The journaled write of `key` in a write entry's payload (its canonical JSON). */
function sealedWrite(seal: ReceiptSeal, key: string): Json {
  let writes: unknown;
  try {
    writes = (JSON.parse(Buffer.from(seal.payload).toString('utf8')) as Json).writes;
  } catch {
    throw new ReceiptError('seal.payload', 'a write entry payload is canonical JSON');
  }
  const list: readonly unknown[] = Array.isArray(writes) ? (writes as unknown[]) : [];
  const write = list.find((w) => typeof w === 'object' && w !== null && (w as Json).key === key);
  if (write === undefined)
    throw new ReceiptError('revision.key', `the sealed write entry did not write ${key}`);
  return write as Json;
}

function checkWriteRevision(r: ParsedRevision, seal: ReceiptSeal): string {
  const journaled = sealedWrite(seal, r.key);
  if (journaled.deleted !== r.deleted)
    throw new ReceiptError('revision.deleted', 'differs from the sealed write');
  if (r.valueHash !== (r.deleted ? '' : journaled.valueHash)) {
    throw new ReceiptError('revision.value_hash', 'differs from the sealed write');
  }
  if (r.deleted) {
    if (r.value.length !== 0) throw new ReceiptError('revision.value', 'a delete has no value');
    return `revision: key ${r.key} deleted by the sealed write entry`;
  }
  if (r.value.length === 0)
    return `revision: key ${r.key}: value hash ${r.valueHash} is the sealed one (no value given)`;
  const got = createHash('sha256').update(r.value).digest('hex');
  if (got !== r.valueHash)
    throw new ReceiptError('revision.value', `hashes to ${got}, not the sealed value hash`);
  return `revision: key ${r.key}: the value (${r.value.length} bytes) hashes to the sealed value hash ${r.valueHash}`;
}

/**
 * An imported record's revision: its key is one the record is listed under (its marker, or a key its
 * content names: chaincode `lib/importRecord.ts`), and, as for an event, the record is the seal's
 * payload, so the revision carries no value of its own.
 */
function checkImportRevision(r: ParsedRevision, seal: ReceiptSeal): string {
  const keys = importedRecordKeys(seal.entryType, seal.submitterMspId, seal.eventId, seal.payload);
  if (!keys.includes(r.key)) {
    throw new ReceiptError('revision.key', `the sealed import entry is not listed under ${r.key}`);
  }
  if (r.valueHash !== '' || r.deleted || r.value.length !== 0) {
    throw new ReceiptError(
      'revision.value',
      "an imported record's revision has no value, value hash or delete (the record is the seal's payload)",
    );
  }
  return `revision: key ${r.key} lists the sealed ${seal.entryType} entry (its record is the seal's payload)`;
}

function checkRevision(value: unknown, seal: ReceiptSeal): string {
  const r = parseRevision(value);
  if (seal.entryType === 'event') return checkEventRevision(r, seal);
  if ((IMPORT_ENTRY_TYPES as readonly string[]).includes(seal.entryType)) return checkImportRevision(r, seal);
  return checkWriteRevision(r, seal);
}

function parseBindings(value: unknown): ReceiptBindings {
  const b = object(value, 'bindings');
  return {
    eventHashPreimage: hex(b, 'eventHashPreimage', 'bindings.event_hash_preimage'),
    entryRecord: hex(b, 'entryRecord', 'bindings.entry_record'),
  };
}

function checkNewer(digest: LedgerDigest, options: Readonly<VerifyReceiptOptions>): string | undefined {
  if (options.newerDigest === undefined) {
    if (options.consistency !== undefined) throw new ReceiptError('--consistency', 'needs --newer-digest');
    return undefined;
  }
  let newer: SavedDigest;
  let proof: SavedConsistency | undefined;
  try {
    newer = parseSavedDigest(options.newerDigest);
    proof = options.consistency === undefined ? undefined : parseSavedConsistency(options.consistency);
  } catch (err) {
    throw new ReceiptError('--newer-digest/--consistency', err instanceof Error ? err.message : String(err));
  }
  const problems = checkNewerDigest(digest, newer, proof, options.signers);
  if (problems.length > 0) throw new ReceiptError('newer digest', problems.join('; '));
  return `the receipt's digest (tree size ${digest.treeSize}) is a prefix of the newer signed digest (tree size ${newer.digest.treeSize})`;
}

/**
 * Verifies a receipt with no network: the seal's `event_hash` and `entry_hash` against its fields,
 * the digest signer's certificate against the trust (a gateway identity of a member org), the digest signature, the inclusion proof of
 * the seal's leaf against the digest's root, a history revision against the sealed write, and
 * optionally that the digest is a prefix of a newer signed one.
 *
 * @param receiptBytes - the receipt file's bytes.
 * @param options - who may sign digests and when, and optionally a newer digest and consistency proof.
 * @returns what was checked.
 * @throws {@link ReceiptError} naming the field (or the fields) that failed.
 */
export function verifyReceipt(
  receiptBytes: Uint8Array,
  options: Readonly<VerifyReceiptOptions>,
): ReceiptVerification {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(receiptBytes).toString('utf8'));
  } catch {
    throw new ReceiptError('receipt', 'not JSON');
  }
  const receipt = object(parsed, 'receipt');
  if (receipt.format !== RECEIPT_FORMAT) {
    throw new ReceiptError('format', `got ${JSON.stringify(receipt.format)}, want ${RECEIPT_FORMAT}`);
  }
  const seal = parseReceiptSeal(receipt.seal);
  const saved = parseDigest(receipt.digest);
  const checked: string[] = [];
  const leaf = sealLeafHashChecked(seal, parseBindings(receipt.bindings));
  checked.push(
    `seal ${seal.sequenceNumber}: event_hash ${toHex(seal.eventHash)} = SHA-256 of u64(sequence_number) || lp(event_id) || lp(payload) || previous_hash, each equal to the seal's`,
    `seal ${seal.sequenceNumber}: entry_hash ${toHex(seal.entryHash)} = SHA-256 of the entry record, whose ${Object.values(ENTRY_RECORD_NAMES).join(', ')} equal the seal's`,
    `leaf hash ${toHex(leaf)} = SHA-256(00 || 02 || event_hash || entry_hash)`,
  );
  checked.push(
    checkSigner(saved, options.signers),
    `digest: ECDSA signature over ${saved.digest.channel === undefined ? 'ledger-digest-v2' : `ledger-digest-v3 of channel ${saved.digest.channel}`} (tree size ${saved.digest.treeSize}, root ${toHex(saved.digest.rootHash)}) verifies`,
  );
  checkProof(receipt.proof, seal, leaf, saved.digest);
  checked.push(
    `inclusion proof: leaf ${seal.leafIndex} of ${saved.digest.treeSize} leads to the signed root`,
  );
  if (receipt.revision !== undefined) checked.push(checkRevision(receipt.revision, seal));
  const newer = checkNewer(saved.digest, options);
  if (newer !== undefined) checked.push(newer);
  return {
    sequenceNumber: String(seal.sequenceNumber),
    treeSize: saved.digest.treeSize,
    rootHash: toHex(saved.digest.rootHash),
    checked,
  };
}

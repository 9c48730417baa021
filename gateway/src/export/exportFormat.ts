/**
 * The on-disk form of a journal export (`ledger export`): JSON-lines shards of entries plus
 * `manifest.json`. Defined once here and used by the writer and the offline verifier. Pure.
 *
 * The manifest is written as `JSON.stringify(manifest, null, 2) + "\n"` and the verifier insists on
 * exactly that form, lowercase hex and a normalised certificate PEM, so that any change to a byte of
 * the manifest either changes a value that is checked or breaks the form.
 */
import { sha256, toHex, utf8 } from '../core';
import type { SealedEvent__Output } from '../generated/ledger/SealedEvent';

/**
 * Value of `manifest.format`. v2: entries carry the submitter and `entryHash`, leaves of format 2. v3:
 * every range is proved by a consistency proof, a range that starts after sequence 1 with the compact
 * range of the entries before it (`proof.prefix`), so every exported entry's leaf is bound.
 */
export const EXPORT_FORMAT = 'ledger-export-v3';
/** Name of the manifest file in an export folder. */
export const MANIFEST_FILE = 'manifest.json';
/** Default entries per shard. */
export const DEFAULT_SHARD_SIZE = 10_000;

/** One journal entry: one line of a shard. */
export interface ExportEntry {
  readonly sequenceNumber: number;
  readonly eventId: string;
  /** Standard base64. */
  readonly payload: string;
  readonly eventHash: string;
  readonly previousHash: string;
  readonly sealedTimestamp: string;
  readonly blockNumber: string;
  readonly transactionId: string;
  readonly entryIndex: number;
  readonly entryType: string;
  readonly vepsSignature: string;
  readonly vepsTimestamp: string;
  readonly metadata: Readonly<Record<string, string>>;
  readonly submitterMspId: string;
  readonly submitterId: string;
  readonly submitterCertSha256: string;
  readonly clientCertSha256: string;
  readonly clientSubject: string;
  /** Lowercase hex SHA-256 of the entry record (docs/proofs.md). */
  readonly entryHash: string;
}

/** One shard as the manifest lists it. */
export interface ShardInfo {
  readonly file: string;
  readonly firstSequence: number;
  readonly lastSequence: number;
  readonly count: number;
  /** Lowercase hex SHA-256 of the shard file's bytes. */
  readonly sha256: string;
}

/** The signed digest the range was proved against, and who signed it. */
export interface ManifestDigest {
  readonly treeSize: number;
  readonly rootHash: string;
  readonly chainTipHash: string;
  /** Decimal. */
  readonly lastBlockNumber: string;
  /** Lowercase hex DER ECDSA signature over the digest signing bytes (docs/proofs.md). */
  readonly signature: string;
  /** The signer's certificate (the gateway org's identity), normalised PEM. */
  readonly certificatePem: string;
  /**
   * The channel of the journal, only when it is not the gateway's main channel: its digest's signed
   * bytes name it (v3, docs/proofs.md §4).
   */
  readonly channel?: string;
}

/**
 * How the exported range is tied to the digest's tree. The verifier starts a Merkle tree from `prefix`
 * (the roots of the perfect subtrees that cover sequences `1..fromSequence-1`, left to right: the
 * frontier of that tree, empty for an export from sequence 1), appends the leaf of every exported
 * entry, and proves the root of the first `toSequence` entries consistent with the digest's root
 * (`hashes`: the RFC 9162 consistency proof from `toSequence` to `treeSize`). A wrong prefix hash gives
 * a wrong root, so the proof binds every exported leaf, and through it every field of every entry.
 */
export interface ManifestProof {
  readonly kind: 'consistency';
  /** Lowercase hex roots of the perfect subtrees before the range, left to right. */
  readonly prefix: readonly string[];
  /** Lowercase hex RFC 9162 consistency proof from `toSequence` to the digest's tree size. */
  readonly hashes: readonly string[];
}

/** `manifest.json`. */
export interface ExportManifest {
  readonly format: typeof EXPORT_FORMAT;
  readonly fromSequence: number;
  readonly toSequence: number;
  readonly count: number;
  readonly shardSize: number;
  readonly shards: readonly ShardInfo[];
  readonly digest: ManifestDigest;
  readonly proof: ManifestProof;
  /**
   * Lowercase hex SHA-256 of the canonical form of every field above ({@link manifestChecksum}): detects
   * any corruption of the manifest, including certificate bytes the signature check does not read.
   * Authenticity comes from the digest signature (and the signer's certificate chaining to the org CA).
   */
  readonly checksum: string;
}

/** A manifest before its checksum is added. */
export type UncheckedManifest = Omit<ExportManifest, 'checksum'>;

/**
 * File name of shard `index` (1-based).
 *
 * @returns e.g. `shard-000001.jsonl`.
 */
export function shardFileName(index: number): string {
  return `shard-${String(index).padStart(6, '0')}.jsonl`;
}

/** The export form of a seal (payload as base64). */
export function entryFromSeal(seal: SealedEvent__Output): ExportEntry {
  return {
    sequenceNumber: Number(seal.sequenceNumber),
    eventId: seal.eventId,
    payload: Buffer.from(seal.payload).toString('base64'),
    eventHash: seal.eventHash,
    previousHash: seal.previousHash,
    sealedTimestamp: seal.sealedTimestamp,
    blockNumber: seal.blockNumber,
    transactionId: seal.transactionId,
    entryIndex: seal.entryIndex,
    entryType: seal.entryType,
    vepsSignature: seal.vepsSignature,
    vepsTimestamp: seal.vepsTimestamp,
    metadata: seal.metadata,
    submitterMspId: seal.submitterMspId,
    submitterId: seal.submitterId,
    submitterCertSha256: seal.submitterCertSha256,
    clientCertSha256: seal.clientCertSha256,
    clientSubject: seal.clientSubject,
    entryHash: seal.entryHash,
  };
}

/** One shard line. */
export function encodeEntryLine(entry: ExportEntry): string {
  return `${JSON.stringify(entry)}\n`;
}

/**
 * The checksum of a manifest: SHA-256 of `JSON.stringify(fields, null, 2)` of every field but
 * `checksum`, in manifest order.
 */
export function manifestChecksum(manifest: UncheckedManifest): string {
  const { format, fromSequence, toSequence, count, shardSize, shards, digest, proof } = manifest;
  const fields = { format, fromSequence, toSequence, count, shardSize, shards, digest, proof };
  return toHex(sha256(utf8(JSON.stringify(fields, null, 2))));
}

/** The manifest's bytes, in the one form the verifier accepts. */
export function encodeManifest(manifest: ExportManifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

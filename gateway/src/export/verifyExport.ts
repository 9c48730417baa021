/**
 * Offline verification of a journal export (`ledger verify-export`). Pure: it gets the files' bytes and
 * returns a report; no network, no clock, no file system.
 *
 * It checks, and reports the first bad entry: the manifest's exact form and fields; every shard's
 * SHA-256; every entry's `event_hash` recomputed from its fields and its `previous_hash` link to the
 * entry before (32 zero bytes for entry 1); consecutive sequence numbers covering the manifest's
 * range; the digest signature against the certificate in the manifest; that certificate against the
 * auditor's trust (a gateway identity of a member org: `security/digestSigner.ts`); and the range against the
 * signed digest: the Merkle root of the first `toSequence` entries, recomputed from the proof's prefix
 * (the perfect subtrees before the range) and the leaf of every exported entry, and a consistency
 * proof from it to the digest's root — so every field of every exported entry is bound to the signed
 * digest, whatever the range.
 */
import { parseReceiptSeal, sealLeafHashChecked } from '../receipt/receipt';
import { X509Certificate } from 'node:crypto';
import {
  bytesEqual,
  eventHash,
  fromHex,
  GENESIS_PREVIOUS_HASH,
  newMerkleAccumulator,
  sha256,
  toHex,
  verifyConsistency,
  verifyDigestSignature,
  type LedgerDigest,
  type MerkleAccumulator,
} from '../core';
import {
  encodeManifest,
  manifestChecksum,
  shardFileName,
  type ExportEntry,
  type ExportManifest,
  type ManifestDigest,
  type ShardInfo,
} from './exportFormat';
import { checkDigestSigner, type SignerPolicy } from '../security/digestSigner';
import { parseManifest } from './manifestSchema';
import { checkNewerDigest, type SavedConsistency, type SavedDigest } from './newerDigest';

/** The files of an export folder. */
export interface ExportFiles {
  /** Bytes of `manifest.json`. */
  readonly manifest: Uint8Array;
  /** Shard bytes by file name. */
  readonly shards: ReadonlyMap<string, Uint8Array>;
}

/** Options of {@link verifyExport}. */
export interface VerifyExportOptions {
  /**
   * Who may sign the digest (and the newer digest), and when the signer's certificate must be valid;
   * without it the signer is not checked against any trust anchor.
   */
  readonly signers?: SignerPolicy;
  /**
   * A newer signed digest (and the consistency proof from the export's tree size to it) that the
   * export's digest must be a prefix of.
   */
  readonly newer?: { readonly digest: SavedDigest; readonly consistency?: SavedConsistency };
}

/** The outcome of {@link verifyExport}. */
export interface ExportVerification {
  readonly ok: boolean;
  /** Entries that passed the entry checks. */
  readonly entriesVerified: number;
  /** What is wrong, in the order found; empty when ok. */
  readonly problems: readonly string[];
  /** Sequence number of the first entry that failed a check, if one did. */
  readonly firstBadSequence?: number;
}

class Report {
  readonly problems: string[] = [];
  firstBadSequence: number | undefined;
  entriesVerified = 0;

  add(problem: string, badSequence?: number): void {
    this.problems.push(problem);
    if (badSequence !== undefined && this.firstBadSequence === undefined) this.firstBadSequence = badSequence;
  }

  get entryFailed(): boolean {
    return this.firstBadSequence !== undefined;
  }

  result(): ExportVerification {
    return {
      ok: this.problems.length === 0,
      entriesVerified: this.entriesVerified,
      problems: this.problems,
      ...(this.firstBadSequence === undefined ? {} : { firstBadSequence: this.firstBadSequence }),
    };
  }
}

/** What the entry scan carries from one entry to the next. */
interface ChainState {
  next: number;
  previousHash: Uint8Array | undefined;
  /** The tree of the entries before the range (the proof's prefix) plus every entry read. */
  readonly tree: MerkleAccumulator | undefined;
}

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

function checkDigest(d: ManifestDigest, report: Report): LedgerDigest | undefined {
  try {
    const digest: LedgerDigest = {
      treeSize: d.treeSize,
      rootHash: fromHex(d.rootHash, 'digest.rootHash', 32),
      chainTipHash: fromHex(d.chainTipHash, 'digest.chainTipHash', 32),
      lastBlockNumber: BigInt(d.lastBlockNumber),
      ...(d.channel === undefined ? {} : { channel: d.channel }),
    };
    if (new X509Certificate(d.certificatePem).toString() !== d.certificatePem) {
      report.add('manifest.json: digest.certificatePem is not a normalised PEM certificate');
      return undefined;
    }
    if (!verifyDigestSignature(digest, fromHex(d.signature, 'digest.signature'), d.certificatePem)) {
      report.add("manifest.json: the digest signature does not verify against the manifest's certificate");
      return undefined;
    }
    return digest;
  } catch (err) {
    report.add(`manifest.json: digest: ${message(err)}`);
    return undefined;
  }
}

function checkSigner(certificatePem: string, policy: SignerPolicy, report: Report): void {
  const verdict = checkDigestSigner(certificatePem, policy.trust, policy.at);
  if (!verdict.ok) report.add(`manifest.json: ${verdict.reason}`);
}

function parseEntry(line: string, expected: number): ExportEntry {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw new Error(`sequence ${expected}: the line is not JSON`);
  }
  const e = value as Partial<ExportEntry> | null;
  const fieldsOk =
    typeof e?.sequenceNumber === 'number' &&
    typeof e.eventId === 'string' &&
    typeof e.payload === 'string' &&
    typeof e.eventHash === 'string' &&
    typeof e.previousHash === 'string' &&
    typeof e.transactionId === 'string' &&
    typeof e.entryType === 'string';
  if (!fieldsOk) throw new Error(`sequence ${expected}: the line lacks entry fields`);
  return e as ExportEntry;
}

/**
 * Checks one entry; returns its event hash and leaf hash. Throws with the entry's sequence number and
 * the failing field in the message.
 */
function checkEntry(entry: ExportEntry, state: ChainState): { hash: Uint8Array; leaf: Uint8Array } {
  const seq = state.next;
  if (entry.sequenceNumber !== seq)
    throw new Error(`sequence ${seq}: got sequence number ${entry.sequenceNumber}`);
  const payload = Buffer.from(entry.payload, 'base64');
  if (payload.toString('base64') !== entry.payload)
    throw new Error(`sequence ${seq}: payload is not canonical base64`);
  const previousHash = fromHex(entry.previousHash, `sequence ${seq}: previousHash`, 32);
  const anchor = seq === 1 ? GENESIS_PREVIOUS_HASH : state.previousHash;
  if (anchor !== undefined && !bytesEqual(previousHash, anchor)) {
    throw new Error(`sequence ${seq}: previous_hash ${entry.previousHash} does not link to ${toHex(anchor)}`);
  }
  const calculated = eventHash({
    sequenceNumber: BigInt(seq),
    eventId: entry.eventId,
    payload,
    previousHash,
  });
  if (toHex(calculated) !== entry.eventHash) {
    throw new Error(
      `sequence ${seq}: event_hash ${entry.eventHash} is not ${toHex(calculated)}, the hash of its fields`,
    );
  }
  if (entry.entryType !== 'event' && entry.transactionId !== entry.eventId) {
    throw new Error(`sequence ${seq}: a write entry's event id must be its transaction id`);
  }
  const sealJson = { ...entry, sequenceNumber: String(seq), leafIndex: String(seq - 1) };
  try {
    return { hash: calculated, leaf: sealLeafHashChecked(parseReceiptSeal(sealJson)) };
  } catch (err) {
    throw new Error(`sequence ${seq}: ${message(err)}`);
  }
}

function scanShard(shard: ShardInfo, bytes: Uint8Array, state: ChainState, report: Report): void {
  const text = Buffer.from(bytes).toString('utf8');
  const lines = text.split('\n');
  if (lines.pop() !== '') {
    report.add(`${shard.file}: does not end with a newline`, state.next);
    return;
  }
  if (lines.length !== shard.count || shard.firstSequence !== state.next) {
    report.add(
      `${shard.file}: holds ${lines.length} entries from sequence ${state.next}, manifest says ${shard.count} from ${shard.firstSequence}`,
      state.next,
    );
  }
  for (const line of lines) {
    if (report.entryFailed) return;
    try {
      const { hash, leaf } = checkEntry(parseEntry(line, state.next), state);
      state.tree?.append(leaf);
      state.previousHash = hash;
      state.next++;
      report.entriesVerified++;
    } catch (err) {
      report.add(`${shard.file}: ${message(err)}`, state.next);
    }
  }
}

/** The tree of the entries before the range, from the proof's prefix; undefined (and why) if malformed. */
function prefixTree(manifest: ExportManifest, report: Report): MerkleAccumulator | undefined {
  const before = manifest.fromSequence - 1;
  try {
    const frontier = manifest.proof.prefix.map((h, i) => fromHex(h, `proof.prefix[${i}]`, 32));
    return newMerkleAccumulator({ size: before, frontier });
  } catch (err) {
    report.add(
      `manifest.json: proof.prefix must hold the roots of the perfect subtrees of the ${before} entries before the range: ${message(err)}`,
    );
    return undefined;
  }
}

function scanShards(manifest: ExportManifest, files: ExportFiles, report: Report): ChainState {
  const state: ChainState = {
    next: manifest.fromSequence,
    previousHash: undefined,
    tree: prefixTree(manifest, report),
  };
  manifest.shards.forEach((shard, i) => {
    const bytes = files.shards.get(shard.file);
    if (shard.file !== shardFileName(i + 1))
      report.add(`manifest.json: shards[${i}].file is ${shard.file}, want ${shardFileName(i + 1)}`);
    if (bytes === undefined) {
      report.add(`${shard.file}: missing`, state.next);
      return;
    }
    const digest = toHex(sha256(bytes));
    if (digest !== shard.sha256)
      report.add(`${shard.file}: SHA-256 is ${digest}, the manifest says ${shard.sha256}`);
    if (!report.entryFailed) scanShard(shard, bytes, state, report);
  });
  return state;
}

function checkShape(manifest: ExportManifest, report: Report): void {
  const count = manifest.toSequence - manifest.fromSequence + 1;
  if (manifest.count !== count)
    report.add(`manifest.json: count is ${manifest.count}, the range holds ${count}`);
  manifest.shards.forEach((shard, i) => {
    const last = i === manifest.shards.length - 1;
    const sizeOk = last
      ? shard.count >= 1 && shard.count <= manifest.shardSize
      : shard.count === manifest.shardSize;
    const spanOk = shard.lastSequence - shard.firstSequence + 1 === shard.count;
    if (!sizeOk || !spanOk)
      report.add(`manifest.json: shards[${i}] does not fit shardSize ${manifest.shardSize}`);
  });
  const last = manifest.shards.at(-1);
  if (last?.lastSequence !== manifest.toSequence)
    report.add('manifest.json: the shards do not end at toSequence');
}

function checkRange(manifest: ExportManifest, digest: LedgerDigest, state: ChainState, report: Report): void {
  const to = manifest.toSequence;
  const size = digest.treeSize;
  const tip = state.previousHash;
  if (tip === undefined || state.tree === undefined || state.next !== to + 1) return;
  if (to > size) {
    report.add(`manifest.json: the range ends at ${to}, beyond the digest's tree size ${size}`);
    return;
  }
  if (to === size && !bytesEqual(tip, digest.chainTipHash)) {
    report.add(`sequence ${to}: event_hash is not the digest's chain tip`, to);
    return;
  }
  const hashes = manifest.proof.hashes.map((h, i) => fromHex(h, `proof.hashes[${i}]`, 32));
  try {
    verifyConsistency(to, size, state.tree.root(), digest.rootHash, hashes);
  } catch (err) {
    report.add(`the exported entries do not match the signed digest (tree size ${size}): ${message(err)}`);
  }
}

function checkNewer(digest: LedgerDigest, options: Readonly<VerifyExportOptions>, report: Report): void {
  const newer = options.newer;
  if (newer === undefined) return;
  for (const problem of checkNewerDigest(digest, newer.digest, newer.consistency, options.signers)) {
    report.add(problem);
  }
}

/**
 * Verifies an export offline.
 *
 * @param files - the manifest's bytes and the shards' bytes by file name.
 * @param options - who may sign digests (and the verification time), and a newer digest, if given.
 * @returns the report; `ok` only when every check passed.
 * @throws never: every failure is a problem in the report.
 */
export function verifyExport(
  files: ExportFiles,
  options: Readonly<VerifyExportOptions> = {},
): ExportVerification {
  const report = new Report();
  let manifest: ExportManifest;
  try {
    manifest = parseManifest(files.manifest);
  } catch (err) {
    report.add(`manifest.json: ${message(err)}`);
    return report.result();
  }
  const checksum = manifestChecksum(manifest);
  if (checksum !== manifest.checksum) {
    report.add(`manifest.json: checksum is ${manifest.checksum}, the manifest's fields hash to ${checksum}`);
  }
  if (encodeManifest(manifest) !== Buffer.from(files.manifest).toString('utf8')) {
    report.add('manifest.json: not in its canonical form (JSON.stringify(manifest, null, 2) + newline)');
  }
  if (options.signers !== undefined) checkSigner(manifest.digest.certificatePem, options.signers, report);
  checkShape(manifest, report);
  const digest = checkDigest(manifest.digest, report);
  if (digest !== undefined) checkNewer(digest, options, report);
  const state = scanShards(manifest, files, report);
  if (digest !== undefined && !report.entryFailed) {
    try {
      checkRange(manifest, digest, state, report);
    } catch (err) {
      report.add(`manifest.json: proof: ${message(err)}`);
    }
  }
  return report.result();
}

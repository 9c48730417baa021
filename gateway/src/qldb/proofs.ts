/**
 * Amazon QLDB digests and proofs as `aws qldb get-digest | get-block | get-revision` print them, and
 * their verification against an export. Pure.
 *
 * - get-digest: `{"Digest": "<base64>", "DigestTipAddress": {"IonText": "{strandId:\"…\",sequenceNo:N}"}}`
 * - get-block: `{"Block": {"IonText": "<the block>"}, "Proof": {"IonText": "[{{<base64>}}, …]"}}`
 * - get-revision: `{"Revision": {"IonText": "<the revision>"}, "Proof": {"IonText": "[{{…}}, …]"}}`
 *
 * A proof folds left with `dot` from the leaf (the block hash, or the revision hash) to the digest,
 * as QLDB's published verifiers do (aws-samples amazon-qldb-dmv-sample-* `Verifier`).
 */
import { dom, IonTypes, load } from 'ion-js';
import { foldProof, hashToBase64, sameHash } from './hashes';
import {
  formatAddress,
  hashValue,
  JournalFormatError,
  parseBlockAddress,
  parseRevision,
  type BlockAddress,
  type JournalBlock,
  type JournalRevision,
} from './journalBlock';
import { fail, verifyRevision, type RevisionReport } from './verifyBlock';

/** A ledger digest: the hash and the block address it covers up to. */
export interface QldbDigest {
  readonly digest: Uint8Array;
  readonly tipAddress: BlockAddress;
}

/** A get-block answer: the block's address and hash, and its proof. */
export interface BlockProof {
  readonly address: BlockAddress;
  readonly blockHash: Uint8Array;
  readonly proof: Uint8Array[];
}

/** A get-revision answer: the revision, the block holding it, and its proof. */
export interface RevisionProof {
  readonly blockAddress: BlockAddress;
  readonly revision: JournalRevision;
  readonly proof: Uint8Array[];
}

/** What a proof verified. */
export interface ProofReport {
  readonly source: string;
  readonly kind: 'block' | 'revision';
  readonly address: string;
  /** Always true in a report: a proof that does not fold to the digest is a failure. */
  readonly foldsToDigest: true;
  /** Whether the block (or revision) is in the verified export, with the same hash. */
  readonly inExport: boolean;
  /** For a revision: how far its own hash was recomputed. */
  readonly revision?: RevisionReport;
}

function record(json: unknown, where: string): Record<string, unknown> {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new JournalFormatError(`${where}: not a JSON object`);
  }
  return json as Record<string, unknown>;
}

function ionTextField(json: unknown, name: string, where: string): dom.Value {
  const holder = record(record(json, where)[name], `${where}: ${name}`);
  const text = holder.IonText;
  if (typeof text !== 'string') throw new JournalFormatError(`${where}: ${name}.IonText is missing`);
  let value: dom.Value | null;
  try {
    value = load(text);
  } catch (e) {
    throw new JournalFormatError(`${where}: ${name}.IonText is not Ion: ${(e as Error).message}`);
  }
  if (value === null) throw new JournalFormatError(`${where}: ${name}.IonText is empty`);
  return value;
}

/** Reads a proof (`Proof.IonText`: an Ion list of 32-byte hashes). */
export function parseProof(json: unknown, where: string): Uint8Array[] {
  const list = ionTextField(json, 'Proof', where);
  if (list.getType() !== IonTypes.LIST) throw new JournalFormatError(`${where}: Proof.IonText is not a list`);
  return list.elements().map((element, i) => {
    const hash = hashValue(element, `${where}: Proof[${i}]`);
    if (hash.length !== 32) throw new JournalFormatError(`${where}: Proof[${i}] is not 32 bytes`);
    return hash;
  });
}

/** Reads get-digest output. */
export function parseDigestOutput(json: unknown, where: string): QldbDigest {
  const text = record(json, where).Digest;
  if (typeof text !== 'string' || !/^[A-Za-z0-9+/]{43}=$/.test(text)) {
    throw new JournalFormatError(`${where}: Digest is not the base64 of 32 bytes`);
  }
  const tip = ionTextField(json, 'DigestTipAddress', where);
  return {
    digest: new Uint8Array(Buffer.from(text, 'base64')),
    tipAddress: parseBlockAddress(tip, `${where}: DigestTipAddress`),
  };
}

/** Reads get-block output. */
export function parseGetBlockOutput(json: unknown, where: string): BlockProof {
  const block = ionTextField(json, 'Block', where);
  const address = block.get('blockAddress');
  const blockHash = block.get('blockHash');
  if (address === null || blockHash === null) {
    throw new JournalFormatError(`${where}: Block.IonText has no blockAddress or blockHash`);
  }
  return {
    address: parseBlockAddress(address, `${where}: Block.blockAddress`),
    blockHash: hashValue(blockHash, `${where}: Block.blockHash`),
    proof: parseProof(json, where),
  };
}

/** Reads get-revision output. */
export function parseGetRevisionOutput(json: unknown, where: string): RevisionProof {
  const revision = ionTextField(json, 'Revision', where);
  const address = revision.get('blockAddress');
  if (address === null) throw new JournalFormatError(`${where}: Revision.IonText has no blockAddress`);
  return {
    blockAddress: parseBlockAddress(address, `${where}: Revision.blockAddress`),
    revision: parseRevision(revision, `${where}: Revision`),
    proof: parseProof(json, where),
  };
}

/** Folds `proof` from `leaf` and throws unless it gives the digest. */
function requireFold(
  leaf: Uint8Array,
  proof: readonly Uint8Array[],
  digest: QldbDigest,
  where: string,
): void {
  const candidate = foldProof(leaf, proof);
  if (!sameHash(candidate, digest.digest)) {
    fail(
      where,
      'Proof',
      hashToBase64(digest.digest),
      hashToBase64(candidate),
      'proof folded from the leaf to the digest',
    );
  }
}

/**
 * Verifies a get-block answer: its proof folds from its block hash to the digest, and, when the
 * export holds that block, the export's block has the same hash.
 */
export function verifyBlockProof(
  answer: BlockProof,
  digest: QldbDigest,
  exported: JournalBlock | undefined,
  source: string,
): ProofReport {
  const address = formatAddress(answer.address);
  const where = `${address} (${source})`;
  if (exported !== undefined && !sameHash(exported.blockHash, answer.blockHash)) {
    fail(
      where,
      'blockHash',
      hashToBase64(exported.blockHash),
      hashToBase64(answer.blockHash),
      'GetBlock hash against the export',
    );
  }
  requireFold(answer.blockHash, answer.proof, digest, where);
  return { source, kind: 'block', address, foldsToDigest: true, inExport: exported !== undefined };
}

/**
 * Verifies a get-revision answer: its hash recomputed where it can be, its proof folds from the
 * revision hash to the digest, and, when the export holds its block, that block lists the same hash.
 */
export function verifyRevisionProof(
  answer: RevisionProof,
  digest: QldbDigest,
  exported: JournalBlock | undefined,
  source: string,
): ProofReport {
  const address = formatAddress(answer.blockAddress);
  const where = `${address} (${source})`;
  const revision = verifyRevision(answer.revision, 0, true, where);
  if (
    exported !== undefined &&
    !(exported.revisions ?? []).some((r) => sameHash(r.hash, answer.revision.hash))
  ) {
    fail(
      where,
      'Revision.hash',
      'a revision hash of the exported block',
      hashToBase64(answer.revision.hash),
      'GetRevision against the export',
    );
  }
  requireFold(answer.revision.hash, answer.proof, digest, where);
  return {
    source,
    kind: 'revision',
    address,
    foldsToDigest: true,
    inExport: exported !== undefined,
    revision,
  };
}

/** Where the digest's tip falls against the verified strands. */
export interface DigestReport {
  readonly tipAddress: string;
  /** `in-export`: the tip block is in the export; `beyond-export`: the digest covers later blocks too. */
  readonly tip: 'in-export' | 'beyond-export';
  readonly digest: string;
}

/**
 * Places the digest's tip against the export's strand range: it must be a strand of the export and
 * not before its first block.
 */
export function checkDigestTip(
  digest: QldbDigest,
  strands: readonly { strandId: string; firstSequenceNo: number; lastSequenceNo: number }[],
): DigestReport {
  const tipAddress = formatAddress(digest.tipAddress);
  const strand = strands.find((s) => s.strandId === digest.tipAddress.strandId);
  if (strand === undefined) {
    fail(
      tipAddress,
      'DigestTipAddress.strandId',
      strands.map((s) => s.strandId).join(' or '),
      digest.tipAddress.strandId,
      'digest of a strand not in the export',
    );
  }
  if (digest.tipAddress.sequenceNo < strand.firstSequenceNo) {
    fail(
      tipAddress,
      'DigestTipAddress.sequenceNo',
      `≥ ${strand.firstSequenceNo}`,
      String(digest.tipAddress.sequenceNo),
      'digest older than the export',
    );
  }
  return {
    tipAddress,
    tip: digest.tipAddress.sequenceNo <= strand.lastSequenceNo ? 'in-export' : 'beyond-export',
    digest: hashToBase64(digest.digest),
  };
}

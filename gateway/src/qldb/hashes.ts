/**
 * Amazon QLDB's hash combinators: `dot` (SHA-256 of two hashes, the smaller first), the Merkle root of
 * a list of hashes and the fold of a proof. Pure.
 *
 * The ordering is QLDB's, as its published verifiers (aws-samples amazon-qldb-dmv-sample-java
 * `Verifier.java`, -nodejs `Verifier.ts`) implement it: two 32-byte hashes compare as signed bytes
 * from the last byte to the first. Because `dot` sorts its operands, a proof is a plain list of
 * sibling hashes folded left from the leaf, with no left/right flags.
 */
import { createHash } from 'node:crypto';

/** Bytes in a SHA-256 hash. */
export const HASH_LENGTH = 32;

/** A hash that is not 32 bytes long where QLDB requires one. */
export class HashLengthError extends Error {}

function requireHashLength(hash: Uint8Array, name: string): void {
  if (hash.length !== HASH_LENGTH) {
    throw new HashLengthError(`${name}: got ${hash.length} bytes, want ${HASH_LENGTH}`);
  }
}

/** The byte at `i` read as a signed (two's complement) byte. */
function signedByte(bytes: Uint8Array, i: number): number {
  return ((bytes[i] ?? 0) << 24) >> 24;
}

/**
 * Compares two 32-byte hashes as QLDB does: byte by byte as signed bytes, from the last byte to the
 * first. Negative when `a` sorts first, positive when `b` does, 0 when equal.
 */
export function compareHashes(a: Uint8Array, b: Uint8Array): number {
  requireHashLength(a, 'first hash');
  requireHashLength(b, 'second hash');
  for (let i = HASH_LENGTH - 1; i >= 0; i--) {
    const difference = signedByte(a, i) - signedByte(b, i);
    if (difference !== 0) return difference;
  }
  return 0;
}

/**
 * QLDB's `dot`: SHA-256 of the two hashes concatenated, the smaller (by {@link compareHashes}) first.
 * An empty operand yields the other unchanged, as in QLDB's verifiers.
 */
export function dot(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  const [first, second] = compareHashes(a, b) < 0 ? [a, b] : [b, a];
  return new Uint8Array(createHash('sha256').update(first).update(second).digest());
}

/**
 * The Merkle root of `hashes` as QLDB computes `entriesHash` and the revisions hash of a block:
 * neighbours combined pairwise with {@link dot}, left to right, an odd last hash carried up
 * unchanged, level after level until one remains. An empty list has the empty hash.
 */
export function merkleRoot(hashes: readonly Uint8Array[]): Uint8Array {
  if (hashes.length === 0) return new Uint8Array(0);
  let level = [...hashes];
  while (level.length > 1) {
    const next: Uint8Array[] = [];
    for (let i = 0; i < level.length; i += 2) {
      const left = level[i] as Uint8Array;
      const right = level[i + 1];
      next.push(right === undefined ? left : dot(left, right));
    }
    level = next;
  }
  return level[0] as Uint8Array;
}

/** Folds a QLDB proof (GetBlock, GetRevision) left with {@link dot}, from the leaf to the candidate digest. */
export function foldProof(leaf: Uint8Array, proof: readonly Uint8Array[]): Uint8Array {
  return proof.reduce<Uint8Array>((acc, sibling) => dot(acc, sibling), leaf);
}

/** Byte-for-byte equality of two hashes. */
export function sameHash(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.from(a).equals(Buffer.from(b));
}

/** Standard base64 of a hash, as QLDB prints hashes. */
export function hashToBase64(hash: Uint8Array): string {
  return Buffer.from(hash).toString('base64');
}

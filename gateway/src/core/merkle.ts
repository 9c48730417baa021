/**
 * RFC 9162 §2.1 Merkle tree: the recursive definitions (MTH, PATH, PROOF) over a list of leaf data, and
 * the verification algorithms of §2.1.3.2 (inclusion) and §2.1.4.2 (consistency), step by step.
 *
 * The recursive functions take every leaf and cost O(n) hashes: they are the reference definition and
 * suit small trees. For a stored tree use the O(log n) functions of `merkleNodes.ts`.
 */
import { bytesEqual } from './encoding';
import { InvalidArgumentError, ProofShapeError, RootMismatchError } from './errors';
import { EMPTY_ROOT, leafHash, nodeHash } from './merkleHash';
import { assertTreeIndex, consistencyPlan, inclusionPlan, splitPoint } from './merkleNodes';
import { assertHash, HASH_SIZE } from './sha256';

/**
 * MTH(D[n]), the Merkle Tree Hash of RFC 9162 §2.1.1.
 *
 * @param leaves - the leaf data D[0..n) (event hashes in the journal's tree).
 * @returns the 32-byte root; {@link EMPTY_ROOT} for no leaves.
 * @throws never.
 */
export function merkleRoot(leaves: readonly Uint8Array[]): Uint8Array {
  return mth(leaves.map(leafHash), 0, leaves.length);
}

/**
 * PATH(index, D[n]), the inclusion proof of RFC 9162 §2.1.3.1.
 *
 * @param leaves - the leaf data D[0..n).
 * @param index - 0-based index of the leaf to prove.
 * @returns the proof, leaf level first.
 * @throws {@link InvalidArgumentError} unless `0 <= index < leaves.length`.
 */
export function inclusionProof(leaves: readonly Uint8Array[], index: number): Uint8Array[] {
  assertTreeIndex(index, 'index');
  if (index >= leaves.length) {
    throw new InvalidArgumentError('index', String(index), `an index < tree size ${leaves.length}`);
  }
  return path(leaves.map(leafHash), index, 0, leaves.length);
}

/**
 * PROOF(size1, D[n]), the consistency proof of RFC 9162 §2.1.4.1, between the tree of the first `size1`
 * leaves and the tree of all of them. Empty when `size1 == leaves.length`.
 *
 * @param leaves - the leaf data D[0..n) of the newer tree.
 * @param size1 - size of the older tree.
 * @returns the proof.
 * @throws {@link InvalidArgumentError} unless `0 < size1 <= leaves.length`.
 */
export function consistencyProof(leaves: readonly Uint8Array[], size1: number): Uint8Array[] {
  assertTreeIndex(size1, 'size1');
  if (size1 < 1 || size1 > leaves.length) {
    throw new InvalidArgumentError('size1', String(size1), `0 < size1 <= tree size ${leaves.length}`);
  }
  return subproof(leaves.map(leafHash), size1, 0, leaves.length, true);
}

function mth(hashes: readonly Uint8Array[], start: number, end: number): Uint8Array {
  const n = end - start;
  if (n === 0) return EMPTY_ROOT;
  if (n === 1) return hashes[start] as Uint8Array;
  const k = splitPoint(n);
  return nodeHash(mth(hashes, start, start + k), mth(hashes, start + k, end));
}

function path(hashes: readonly Uint8Array[], m: number, start: number, end: number): Uint8Array[] {
  const n = end - start;
  if (n === 1) return [];
  const k = splitPoint(n);
  if (m < start + k) return [...path(hashes, m, start, start + k), mth(hashes, start + k, end)];
  return [...path(hashes, m, start + k, end), mth(hashes, start, start + k)];
}

function subproof(
  hashes: readonly Uint8Array[],
  m: number,
  start: number,
  end: number,
  complete: boolean,
): Uint8Array[] {
  const n = end - start;
  if (m === n) return complete ? [] : [mth(hashes, start, end)];
  const k = splitPoint(n);
  if (m <= k) return [...subproof(hashes, m, start, start + k, complete), mth(hashes, start + k, end)];
  return [...subproof(hashes, m - k, start + k, end, false), mth(hashes, start, start + k)];
}

const isOdd = (x: number): boolean => x % 2 === 1;
const half = (x: number): number => Math.floor(x / 2);

function checkProofElements(proof: readonly Uint8Array[]): void {
  proof.forEach((element, i) => {
    if (element.length !== HASH_SIZE) {
      throw new ProofShapeError(`proof[${i}]: got ${element.length} bytes, want ${HASH_SIZE} bytes`);
    }
  });
}

function wrongLength(got: number, want: number): ProofShapeError {
  return new ProofShapeError(`proof: got ${got} elements, want ${want}`);
}

/**
 * Verifies an inclusion proof, following RFC 9162 §2.1.3.2 step by step.
 *
 * @param leaf - the leaf hash `SHA-256(0x00 || leaf data)`, 32 bytes.
 * @param index - 0-based leaf index.
 * @param treeSize - size of the tree the proof is for.
 * @param proof - the inclusion path, leaf level first.
 * @param root - the trusted root of the tree of size `treeSize`, 32 bytes.
 * @throws {@link InvalidArgumentError} if `leaf` or `root` is not 32 bytes or a number is not a safe
 *   non-negative integer.
 * @throws {@link ProofShapeError} if `index >= treeSize`, an element is not 32 bytes, or the proof has
 *   the wrong number of elements for `(index, treeSize)`.
 * @throws {@link RootMismatchError} if the proof leads to another root.
 */
export function verifyInclusion(
  leaf: Uint8Array,
  index: number,
  treeSize: number,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): void {
  assertHash(leaf, 'leafHash');
  assertHash(root, 'root');
  assertTreeIndex(index, 'index');
  assertTreeIndex(treeSize, 'treeSize');
  // Step 1.
  if (index >= treeSize)
    throw new ProofShapeError(`index: got ${index}, want an index < treeSize ${treeSize}`);
  checkProofElements(proof);
  const want = (): number => inclusionPlan(index, treeSize).length;
  // Steps 2 and 3.
  let fn = index;
  let sn = treeSize - 1;
  let r = leaf;
  // Step 4.
  for (const p of proof) {
    if (sn === 0) throw wrongLength(proof.length, want());
    if (isOdd(fn) || fn === sn) {
      r = nodeHash(p, r);
      while (!isOdd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  // Step 5.
  if (sn !== 0) throw wrongLength(proof.length, want());
  if (!bytesEqual(r, root)) throw new RootMismatchError('root', root, r);
}

/**
 * Verifies a consistency proof, following RFC 9162 §2.1.4.2 step by step. Equal sizes need an empty
 * proof and equal roots (RFC 9162 §2.1.4.1 produces no proof for them).
 *
 * @param size1 - the older tree size, above 0.
 * @param size2 - the newer tree size, at least `size1`.
 * @param root1 - the trusted root of the older tree, 32 bytes.
 * @param root2 - the trusted root of the newer tree, 32 bytes.
 * @param proof - the consistency proof.
 * @throws {@link InvalidArgumentError} if a root is not 32 bytes or a size is not a safe non-negative integer.
 * @throws {@link ProofShapeError} if `size1 == 0`, `size1 > size2`, an element is not 32 bytes, or the
 *   proof has the wrong number of elements for `(size1, size2)`.
 * @throws {@link RootMismatchError} if the proof does not lead to `root1` and `root2`.
 */
export function verifyConsistency(
  size1: number,
  size2: number,
  root1: Uint8Array,
  root2: Uint8Array,
  proof: readonly Uint8Array[],
): void {
  assertTreeIndex(size1, 'size1');
  assertTreeIndex(size2, 'size2');
  assertHash(root1, 'root1');
  assertHash(root2, 'root2');
  if (size1 === 0)
    throw new ProofShapeError('size1: got 0, want 0 < size1 (every tree extends the empty tree)');
  if (size1 > size2) throw new ProofShapeError(`size1: got ${size1}, want size1 <= size2 ${size2}`);
  checkProofElements(proof);
  if (size1 === size2) {
    verifySameSize(root1, root2, proof);
    return;
  }
  const want = (): number => consistencyPlan(size1, size2).length;
  // Step 1.
  if (proof.length === 0) throw wrongLength(0, want());
  // Step 2.
  const path = isPowerOfTwo(size1) ? [root1, ...proof] : [...proof];
  const { fr, sr, sn } = consistencyHashes(size1, size2, path, want);
  // Step 7.
  if (sn !== 0) throw wrongLength(proof.length, want());
  if (!bytesEqual(fr, root1)) throw new RootMismatchError('root1', root1, fr);
  if (!bytesEqual(sr, root2)) throw new RootMismatchError('root2', root2, sr);
}

function verifySameSize(root1: Uint8Array, root2: Uint8Array, proof: readonly Uint8Array[]): void {
  if (proof.length !== 0) throw wrongLength(proof.length, 0);
  if (!bytesEqual(root1, root2)) throw new RootMismatchError('root2', root2, root1);
}

function consistencyHashes(
  size1: number,
  size2: number,
  path: readonly Uint8Array[],
  want: () => number,
): { fr: Uint8Array; sr: Uint8Array; sn: number } {
  // Step 3.
  let fn = size1 - 1;
  let sn = size2 - 1;
  // Step 4.
  while (isOdd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  // Step 5.
  let fr = path[0] as Uint8Array;
  let sr = fr;
  // Step 6.
  for (const c of path.slice(1)) {
    if (sn === 0) throw wrongLength(path.length - (isPowerOfTwo(size1) ? 1 : 0), want());
    if (isOdd(fn) || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      while (!isOdd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return { fr, sr, sn };
}

function isPowerOfTwo(n: number): boolean {
  let p = 1;
  while (p < n) p *= 2;
  return p === n;
}

/**
 * Boolean form of {@link verifyInclusion}: false where it would throw {@link ProofShapeError} or
 * {@link RootMismatchError}.
 *
 * @returns true if the proof is valid.
 * @throws {@link InvalidArgumentError} as {@link verifyInclusion} does (malformed arguments, not a bad proof).
 */
export function isValidInclusion(
  leaf: Uint8Array,
  index: number,
  treeSize: number,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): boolean {
  return rejectsAsFalse(() => {
    verifyInclusion(leaf, index, treeSize, proof, root);
  });
}

/**
 * Boolean form of {@link verifyConsistency}: false where it would throw {@link ProofShapeError} or
 * {@link RootMismatchError}.
 *
 * @returns true if the proof is valid.
 * @throws {@link InvalidArgumentError} as {@link verifyConsistency} does (malformed arguments, not a bad proof).
 */
export function isValidConsistency(
  size1: number,
  size2: number,
  root1: Uint8Array,
  root2: Uint8Array,
  proof: readonly Uint8Array[],
): boolean {
  return rejectsAsFalse(() => {
    verifyConsistency(size1, size2, root1, root2, proof);
  });
}

function rejectsAsFalse(verify: () => void): boolean {
  try {
    verify();
    return true;
  } catch (err) {
    if (err instanceof ProofShapeError || err instanceof RootMismatchError) return false;
    throw err;
  }
}

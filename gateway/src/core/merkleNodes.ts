/**
 * Proofs from stored nodes. A tree of any size is fully described by its *perfect subtrees*: node
 * `(level, index)` is the root of the complete subtree over leaves `[index * 2^level, (index + 1) * 2^level)`
 * (level 0 = leaf hashes). Once written such a node never changes, so an index can persist each one,
 * keyed by `(level, index)`, as {@link newMerkleAccumulator} emits it.
 *
 * Every hash an RFC 9162 proof needs is the MTH of a range that is either a perfect subtree or the
 * right edge `[start, size)` of the tree, which is the fold of at most log2(size) perfect subtrees. The
 * functions below first compute a *plan* (which nodes, pure arithmetic), so the caller can fetch them in
 * one batch from any store (synchronous or not), then {@link assembleProof} hashes them together.
 * A root costs at most log2(size) lookups; an inclusion or consistency proof at most 2·log2(size).
 */
import { InvalidArgumentError } from './errors';
import { EMPTY_ROOT, nodeHash } from './merkleHash';

/** Position of a perfect subtree: it covers leaves `[index * 2^level, (index + 1) * 2^level)`. */
export interface NodeId {
  /** Height above the leaves; 0 for a leaf hash. */
  readonly level: number;
  /** Position among the nodes of this level, from 0 on the left. */
  readonly index: number;
}

/**
 * How to build a list of hashes (a proof, or a one-element root) from stored perfect subtrees: one
 * entry per output hash, each the perfect subtrees (left to right) whose fold is that hash.
 */
export type ProofPlan = readonly (readonly NodeId[])[];

/** Fetches the stored hash of a perfect subtree. */
export type NodeHashLookup = (id: NodeId) => Uint8Array;

/** Read access to a tree's perfect-subtree hashes (for example an index's Merkle node table). */
export interface TreeHashSource {
  /** Number of leaves the source holds; every perfect subtree within `[0, size)` is available. */
  readonly size: number;
  /**
   * Returns the hash of a perfect subtree inside `[0, size)`.
   *
   * @throws whatever the store throws for a node it does not hold.
   */
  perfectSubtreeHash(id: NodeId): Uint8Array;
}

/**
 * Checks that `value` is a tree size or leaf index this module can handle: a safe non-negative integer.
 *
 * @param value - the value to check.
 * @param field - name used in the error message.
 * @throws {@link InvalidArgumentError} if it is not.
 */
export function assertTreeIndex(value: number, field: string): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new InvalidArgumentError(field, String(value), 'an integer in [0, 2^53-1]');
  }
}

/**
 * The largest power of two strictly below `n` (the split point `k` of RFC 9162 §2.1.1).
 *
 * @param n - an integer >= 2.
 * @returns k with k < n <= 2k.
 * @throws {@link InvalidArgumentError} if `n < 2`.
 */
export function splitPoint(n: number): number {
  if (!(n >= 2)) throw new InvalidArgumentError('n', String(n), 'an integer >= 2');
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

function largestPowerOfTwoAtMost(n: number): { level: number; width: number } {
  let level = 0;
  let width = 1;
  while (width * 2 <= n) {
    width *= 2;
    level++;
  }
  return { level, width };
}

/**
 * Splits the range `[start, end)` into perfect subtrees, largest first. For a range that occurs in the
 * MTH recursion (`start` a multiple of the smallest power of two >= `end - start`), folding their
 * hashes from the right with {@link nodeHash} gives the MTH of the range.
 *
 * @param start - first leaf of the range.
 * @param end - one past the last leaf.
 * @returns the perfect subtrees, left to right (empty for an empty range).
 * @throws {@link InvalidArgumentError} if the range is not one of the MTH recursion.
 */
export function rangeNodeIds(start: number, end: number): NodeId[] {
  assertTreeIndex(start, 'start');
  assertTreeIndex(end, 'end');
  const ids: NodeId[] = [];
  let position = start;
  while (position < end) {
    const { level, width } = largestPowerOfTwoAtMost(end - position);
    if (position % width !== 0) {
      throw new InvalidArgumentError('range', `[${start}, ${end})`, 'a range of the MTH recursion');
    }
    ids.push({ level, index: position / width });
    position += width;
  }
  return ids;
}

/**
 * Folds perfect-subtree hashes (left to right) into the MTH of their range:
 * `nodeHash(h0, nodeHash(h1, ... nodeHash(h(n-2), h(n-1))))`.
 *
 * @param hashes - the hashes of {@link rangeNodeIds}, in that order.
 * @returns the range's hash, or {@link EMPTY_ROOT} if `hashes` is empty.
 * @throws {@link InvalidArgumentError} if a hash is not 32 bytes.
 */
export function foldRange(hashes: readonly Uint8Array[]): Uint8Array {
  let result: Uint8Array | undefined;
  for (let i = hashes.length - 1; i >= 0; i--) {
    const hash = hashes[i] as Uint8Array;
    result = result === undefined ? hash : nodeHash(hash, result);
  }
  return result ?? EMPTY_ROOT;
}

/**
 * Plan of the root (MTH) of the first `size` leaves: the tree's frontier.
 *
 * @param size - number of leaves.
 * @returns a one-element plan.
 * @throws {@link InvalidArgumentError} if `size` is not a safe non-negative integer.
 */
export function rootPlan(size: number): ProofPlan {
  return [rangeNodeIds(0, size)];
}

/**
 * Plan of the RFC 9162 §2.1.3.1 inclusion proof PATH(index, D[0:size]).
 *
 * @param index - 0-based leaf index.
 * @param size - tree size.
 * @returns one entry per proof element, leaf level first.
 * @throws {@link InvalidArgumentError} unless `0 <= index < size`.
 */
export function inclusionPlan(index: number, size: number): ProofPlan {
  assertTreeIndex(index, 'index');
  assertTreeIndex(size, 'size');
  if (index >= size) throw new InvalidArgumentError('index', String(index), `an index < size ${size}`);
  const elements: NodeId[][] = [];
  let start = 0;
  let end = size;
  while (end - start > 1) {
    const k = splitPoint(end - start);
    if (index < start + k) {
      elements.push(rangeNodeIds(start + k, end));
      end = start + k;
    } else {
      elements.push(rangeNodeIds(start, start + k));
      start += k;
    }
  }
  return elements.reverse();
}

/**
 * Plan of the RFC 9162 §2.1.4.1 consistency proof PROOF(size1, D[0:size2]); empty when the sizes are equal.
 *
 * @param size1 - the older tree size.
 * @param size2 - the newer tree size.
 * @returns one entry per proof element, in proof order.
 * @throws {@link InvalidArgumentError} unless `0 < size1 <= size2`.
 */
export function consistencyPlan(size1: number, size2: number): ProofPlan {
  assertTreeIndex(size1, 'size1');
  assertTreeIndex(size2, 'size2');
  if (size1 < 1 || size1 > size2) {
    throw new InvalidArgumentError('size1', String(size1), `0 < size1 <= size2 (${size2})`);
  }
  const elements: NodeId[][] = [];
  let m = size1;
  let start = 0;
  let end = size2;
  let complete = true; // SUBPROOF's b: the old tree is a complete subtree of the current range
  while (m !== end - start) {
    const k = splitPoint(end - start);
    if (m <= k) {
      elements.push(rangeNodeIds(start + k, end));
      end = start + k;
    } else {
      elements.push(rangeNodeIds(start, start + k));
      m -= k;
      start += k;
      complete = false;
    }
  }
  if (!complete) elements.push(rangeNodeIds(start, end));
  return elements.reverse();
}

/**
 * The distinct nodes a plan reads, in first-use order: fetch these in one batch.
 *
 * @param plan - a plan from {@link rootPlan}, {@link inclusionPlan} or {@link consistencyPlan}.
 * @returns the node ids.
 * @throws never.
 */
export function planNodeIds(plan: ProofPlan): NodeId[] {
  const seen = new Set<string>();
  const ids: NodeId[] = [];
  for (const element of plan) {
    for (const id of element) {
      const key = `${id.level}/${id.index}`;
      if (!seen.has(key)) {
        seen.add(key);
        ids.push(id);
      }
    }
  }
  return ids;
}

/**
 * Hashes a plan's nodes into its output hashes.
 *
 * @param plan - the plan.
 * @param lookup - returns the stored hash of a node.
 * @returns one hash per plan entry (a proof, or `[root]` for a {@link rootPlan}).
 * @throws {@link InvalidArgumentError} if a looked-up hash is not 32 bytes; whatever `lookup` throws.
 */
export function assembleProof(plan: ProofPlan, lookup: NodeHashLookup): Uint8Array[] {
  return plan.map((element) => foldRange(element.map(lookup)));
}

function checkSize(source: TreeHashSource, size: number, field: string): void {
  assertTreeIndex(size, field);
  if (size > source.size) {
    throw new InvalidArgumentError(field, String(size), `at most the source size ${source.size}`);
  }
}

/**
 * The root of the first `size` leaves of a stored tree, in at most log2(size) lookups.
 *
 * @param source - the stored tree.
 * @param size - tree size, at most `source.size`; defaults to it.
 * @returns the 32-byte root ({@link EMPTY_ROOT} for size 0).
 * @throws {@link InvalidArgumentError} if `size` is out of range; whatever the source throws.
 */
export function rootFromSource(source: TreeHashSource, size: number = source.size): Uint8Array {
  checkSize(source, size, 'size');
  return assembleProof(rootPlan(size), (id) => source.perfectSubtreeHash(id))[0] as Uint8Array;
}

/**
 * The inclusion proof of leaf `index` in the tree of the first `size` leaves of a stored tree.
 *
 * @param source - the stored tree.
 * @param index - 0-based leaf index, below `size`.
 * @param size - tree size, at most `source.size`; defaults to it.
 * @returns the proof, leaf level first.
 * @throws {@link InvalidArgumentError} unless `0 <= index < size <= source.size`; whatever the source throws.
 */
export function inclusionProofFromSource(
  source: TreeHashSource,
  index: number,
  size: number = source.size,
): Uint8Array[] {
  checkSize(source, size, 'size');
  return assembleProof(inclusionPlan(index, size), (id) => source.perfectSubtreeHash(id));
}

/**
 * The consistency proof between the trees of the first `size1` and `size2` leaves of a stored tree.
 *
 * @param source - the stored tree.
 * @param size1 - the older size, above 0.
 * @param size2 - the newer size, at most `source.size`; defaults to it.
 * @returns the proof (empty when `size1 == size2`).
 * @throws {@link InvalidArgumentError} unless `0 < size1 <= size2 <= source.size`; whatever the source throws.
 */
export function consistencyProofFromSource(
  source: TreeHashSource,
  size1: number,
  size2: number = source.size,
): Uint8Array[] {
  checkSize(source, size2, 'size2');
  return assembleProof(consistencyPlan(size1, size2), (id) => source.perfectSubtreeHash(id));
}

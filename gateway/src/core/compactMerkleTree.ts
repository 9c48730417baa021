/**
 * An append-only Merkle tree that keeps only its frontier (the perfect subtrees of the binary
 * decomposition of its size, at most log2(size) + 1 hashes), and reports every perfect-subtree node that
 * an append completes, so an index can persist the nodes keyed by `(level, index)` and later serve
 * roots and proofs for any earlier size with the functions of `merkleNodes.ts`.
 */
import { InvalidArgumentError } from './errors';
import { nodeHash } from './merkleHash';
import {
  assertTreeIndex,
  consistencyProofFromSource,
  foldRange,
  inclusionProofFromSource,
  type NodeId,
  rootFromSource,
  rootPlan,
  type TreeHashSource,
} from './merkleNodes';
import { assertHash } from './sha256';

/** A perfect-subtree node with its hash. */
export interface MerkleNode extends NodeId {
  /** MTH of the leaves the node covers. */
  readonly hash: Uint8Array;
}

/** Incremental Merkle tree state: the frontier only. */
export interface MerkleAccumulator {
  /** Number of leaves appended so far. */
  readonly size: number;
  /**
   * Appends one leaf hash. Amortised O(1), worst case O(log n) hashes.
   *
   * @param leaf - the leaf hash `SHA-256(0x00 || leaf data)`, 32 bytes.
   * @returns the nodes this append completed, lowest first: the leaf itself `(0, size)`, then each new
   *   parent. Persist them to serve proofs later.
   * @throws {@link InvalidArgumentError} if `leaf` is not 32 bytes.
   */
  append(leaf: Uint8Array): MerkleNode[];
  /**
   * The current root, in O(log n) hashes.
   *
   * @throws never.
   */
  root(): Uint8Array;
  /**
   * The frontier, left to right; its ids are `rootPlan(size)[0]`.
   *
   * @throws never.
   */
  frontier(): MerkleNode[];
}

/** Resume state for {@link newMerkleAccumulator}. */
export interface MerkleAccumulatorOptions {
  /** Number of leaves already in the tree. */
  readonly size: number;
  /** Hashes of the nodes `rootPlan(size)[0]`, left to right (read them from the node store). */
  readonly frontier: readonly Uint8Array[];
}

class MerkleAccumulatorImpl implements MerkleAccumulator {
  #size: number;
  readonly #frontier: MerkleNode[];

  constructor(size: number, frontier: MerkleNode[]) {
    this.#size = size;
    this.#frontier = frontier;
  }

  get size(): number {
    return this.#size;
  }

  append(leaf: Uint8Array): MerkleNode[] {
    assertHash(leaf, 'leafHash');
    let node: MerkleNode = { level: 0, index: this.#size, hash: leaf };
    const completed = [node];
    for (let last = this.#frontier.at(-1); last?.level === node.level; last = this.#frontier.at(-1)) {
      this.#frontier.pop();
      node = { level: node.level + 1, index: last.index / 2, hash: nodeHash(last.hash, node.hash) };
      completed.push(node);
    }
    this.#frontier.push(node);
    this.#size += 1;
    return completed;
  }

  root(): Uint8Array {
    return foldRange(this.#frontier.map((node) => node.hash));
  }

  frontier(): MerkleNode[] {
    return [...this.#frontier];
  }
}

/**
 * Creates an accumulator, empty or resumed from a stored frontier.
 *
 * @param options - size and frontier hashes to resume from; an empty tree if omitted.
 * @returns the accumulator.
 * @throws {@link InvalidArgumentError} if `size` is not a safe non-negative integer, or `frontier` has the
 *   wrong number of hashes for `size` or a hash that is not 32 bytes.
 */
export function newMerkleAccumulator(options?: Readonly<MerkleAccumulatorOptions>): MerkleAccumulator {
  const size = options?.size ?? 0;
  const hashes = options?.frontier ?? [];
  assertTreeIndex(size, 'size');
  const ids = rootPlan(size)[0] ?? [];
  if (hashes.length !== ids.length) {
    throw new InvalidArgumentError('frontier', `${hashes.length} hashes`, `${ids.length} for size ${size}`);
  }
  const frontier = ids.map((id, i): MerkleNode => {
    const hash = hashes[i] as Uint8Array;
    assertHash(hash, `frontier[${i}]`);
    return { ...id, hash };
  });
  return new MerkleAccumulatorImpl(size, frontier);
}

/** An in-memory tree that keeps every perfect-subtree node: a reference store for tests and tools. */
export interface MemoryMerkleTree extends TreeHashSource {
  /**
   * Appends one leaf hash and stores the nodes it completes.
   *
   * @param leaf - the leaf hash, 32 bytes.
   * @returns the nodes completed.
   * @throws {@link InvalidArgumentError} if `leaf` is not 32 bytes.
   */
  append(leaf: Uint8Array): MerkleNode[];
  /**
   * Root of the first `size` leaves (default: all).
   *
   * @throws {@link InvalidArgumentError} if `size` exceeds the tree.
   */
  root(size?: number): Uint8Array;
  /**
   * Inclusion proof of leaf `index` in the tree of the first `size` leaves (default: all).
   *
   * @throws {@link InvalidArgumentError} unless `0 <= index < size <= this.size`.
   */
  inclusionProof(index: number, size?: number): Uint8Array[];
  /**
   * Consistency proof from size `size1` to size `size2` (default: all).
   *
   * @throws {@link InvalidArgumentError} unless `0 < size1 <= size2 <= this.size`.
   */
  consistencyProof(size1: number, size2?: number): Uint8Array[];
}

class MemoryMerkleTreeImpl implements MemoryMerkleTree {
  readonly #accumulator = newMerkleAccumulator();
  readonly #nodes = new Map<string, Uint8Array>();

  get size(): number {
    return this.#accumulator.size;
  }

  perfectSubtreeHash(id: NodeId): Uint8Array {
    const hash = this.#nodes.get(`${id.level}/${id.index}`);
    if (hash === undefined) {
      throw new InvalidArgumentError('node', `(${id.level}, ${id.index})`, 'a complete subtree of the tree');
    }
    return hash;
  }

  append(leaf: Uint8Array): MerkleNode[] {
    const completed = this.#accumulator.append(leaf);
    for (const node of completed) this.#nodes.set(`${node.level}/${node.index}`, node.hash);
    return completed;
  }

  root(size: number = this.size): Uint8Array {
    return rootFromSource(this, size);
  }

  inclusionProof(index: number, size: number = this.size): Uint8Array[] {
    return inclusionProofFromSource(this, index, size);
  }

  consistencyProof(size1: number, size2: number = this.size): Uint8Array[] {
    return consistencyProofFromSource(this, size1, size2);
  }
}

/**
 * Creates an empty in-memory tree.
 *
 * @returns the tree.
 * @throws never.
 */
export function newMemoryMerkleTree(): MemoryMerkleTree {
  return new MemoryMerkleTreeImpl();
}

import { expect } from 'chai';

import {
  consistencyPlan,
  consistencyProof,
  consistencyProofFromSource,
  inclusionPlan,
  inclusionProof,
  inclusionProofFromSource,
  InvalidArgumentError,
  leafHash,
  merkleRoot,
  type MerkleNode,
  newMemoryMerkleTree,
  newMerkleAccumulator,
  nodeHash,
  type NodeId,
  planNodeIds,
  rangeNodeIds,
  rootFromSource,
  rootPlan,
  sha256,
  toHex,
  type TreeHashSource,
  utf8,
  verifyConsistency,
  verifyInclusion,
} from '@gateway/core';

const MAX_SIZE = 300;
const LEAVES = Array.from({ length: MAX_SIZE }, (_, i) => sha256(utf8(`event-${i}`)));
const hexes = (hashes: readonly Uint8Array[]): string[] => hashes.map(toHex);

// The fully built tree, shared by the read-only tests below.
const TREE = newMemoryMerkleTree();
for (const leaf of LEAVES) TREE.append(leafHash(leaf));

/** Sizes and indices to compare: every pair up to 64 leaves, then a spread up to 300. */
function sampleIndices(size: number): number[] {
  if (size <= 64) return Array.from({ length: size }, (_, i) => i);
  return [
    ...new Set([0, 1, Math.floor(size / 3), Math.floor(size / 2), size - 2, size - 1, (size * 7) % size]),
  ];
}

/**
 * A consistent source far beyond 2^32 leaves, counting lookups: every leaf hash is the same, so the
 * perfect subtree of level L has hash h(L) = nodeHash(h(L-1), h(L-1)), cheap to compute for any size.
 */
function syntheticSource(size: number): TreeHashSource & { lookups: number } {
  const byLevel = [leafHash(utf8('same leaf'))];
  return {
    size,
    lookups: 0,
    perfectSubtreeHash(id: NodeId): Uint8Array {
      this.lookups++;
      while (byLevel.length <= id.level) byLevel.push(nodeHash(byLevel.at(-1)!, byLevel.at(-1)!));
      return byLevel[id.level]!;
    },
  };
}

describe('compactMerkleTree', () => {
  describe('#newMerkleAccumulator', () => {
    it('keeps the root equal to the recursive MTH after every append, for sizes 0..300', () => {
      const accumulator = newMerkleAccumulator();
      expect(toHex(accumulator.root())).to.equal(toHex(merkleRoot([])));
      for (let size = 1; size <= MAX_SIZE; size++) {
        accumulator.append(leafHash(LEAVES[size - 1]!));
        expect(accumulator.size).to.equal(size);
        expect(toHex(accumulator.root()), `size ${size}`).to.equal(toHex(merkleRoot(LEAVES.slice(0, size))));
      }
    });

    it('emits the leaf and every perfect subtree an append completes, lowest first', () => {
      const accumulator = newMerkleAccumulator();
      const emitted: MerkleNode[][] = [];
      for (const leaf of LEAVES.slice(0, 8)) emitted.push(accumulator.append(leafHash(leaf)));
      const ids = emitted.map((nodes) => nodes.map((n) => `${n.level}/${n.index}`));
      expect(ids).to.deep.equal([
        ['0/0'],
        ['0/1', '1/0'],
        ['0/2'],
        ['0/3', '1/1', '2/0'],
        ['0/4'],
        ['0/5', '1/2'],
        ['0/6'],
        ['0/7', '1/3', '2/1', '3/0'],
      ]);
      expect(toHex(emitted[7]!.at(-1)!.hash)).to.equal(toHex(merkleRoot(LEAVES.slice(0, 8))));
    });

    it('keeps at most log2(size) + 1 frontier hashes, matching the root plan', () => {
      const accumulator = newMerkleAccumulator();
      for (let size = 1; size <= 70; size++) {
        accumulator.append(leafHash(LEAVES[size - 1]!));
        const frontier = accumulator.frontier();
        expect(frontier.length).to.be.at.most(Math.floor(Math.log2(size)) + 1);
        expect(frontier.map(({ level, index }) => ({ level, index }))).to.deep.equal(rootPlan(size)[0]);
      }
    });

    it('resumes from a stored frontier and continues exactly like an uninterrupted tree', () => {
      for (const cut of [0, 1, 5, 64, 127, 200]) {
        const stored = rootPlan(cut)[0]!.map((id) => TREE.perfectSubtreeHash(id));
        const resumed = newMerkleAccumulator({ size: cut, frontier: stored });
        expect(toHex(resumed.root())).to.equal(toHex(TREE.root(cut)));
        for (const leaf of LEAVES.slice(cut, 260)) resumed.append(leafHash(leaf));
        expect(toHex(resumed.root()), `cut ${cut}`).to.equal(toHex(TREE.root(260)));
      }
    });

    it('rejects a frontier of the wrong length or with a short hash', () => {
      expect(() => newMerkleAccumulator({ size: 3, frontier: [LEAVES[0]!] })).to.throw(
        InvalidArgumentError,
        /^frontier: got 1 hashes, want 2 for size 3/,
      );
      expect(() => newMerkleAccumulator({ size: 1, frontier: [new Uint8Array(5)] })).to.throw(
        InvalidArgumentError,
      );
      expect(() => newMerkleAccumulator({ size: -1, frontier: [] })).to.throw(InvalidArgumentError);
    });

    it('rejects a leaf hash that is not 32 bytes', () => {
      expect(() => newMerkleAccumulator().append(new Uint8Array(31))).to.throw(
        InvalidArgumentError,
        /^leafHash:/,
      );
    });
  });

  describe('#newMemoryMerkleTree', () => {
    it('computes the root of every earlier size from stored nodes, for sizes 0..300', () => {
      for (let size = 0; size <= MAX_SIZE; size++) {
        expect(toHex(TREE.root(size)), `size ${size}`).to.equal(toHex(merkleRoot(LEAVES.slice(0, size))));
      }
    });

    it('produces the same inclusion proofs as the recursive PATH at many (index, size) pairs', () => {
      for (let size = 1; size <= MAX_SIZE; size++) {
        const leaves = LEAVES.slice(0, size);
        for (const index of sampleIndices(size)) {
          const proof = TREE.inclusionProof(index, size);
          expect(hexes(proof), `${index}/${size}`).to.deep.equal(hexes(inclusionProof(leaves, index)));
          verifyInclusion(leafHash(leaves[index]!), index, size, proof, TREE.root(size));
        }
      }
    });

    it('produces the same consistency proofs as the recursive PROOF at many (size1, size2) pairs', () => {
      for (let size2 = 1; size2 <= MAX_SIZE; size2++) {
        const leaves = LEAVES.slice(0, size2);
        for (const size1 of sampleIndices(size2).map((i) => i + 1)) {
          const proof = TREE.consistencyProof(size1, size2);
          expect(hexes(proof), `${size1}->${size2}`).to.deep.equal(hexes(consistencyProof(leaves, size1)));
          verifyConsistency(size1, size2, TREE.root(size1), TREE.root(size2), proof);
        }
      }
    });

    it('rejects sizes beyond what it holds and nodes it has not completed', () => {
      expect(() => TREE.root(MAX_SIZE + 1)).to.throw(InvalidArgumentError, /^size: got 301/);
      expect(() => TREE.inclusionProof(5, MAX_SIZE + 1)).to.throw(InvalidArgumentError);
      expect(() => TREE.consistencyProof(5, MAX_SIZE + 1)).to.throw(InvalidArgumentError, /^size2:/);
      expect(() => TREE.perfectSubtreeHash({ level: 9, index: 0 })).to.throw(InvalidArgumentError);
    });
  });

  describe('#rangeNodeIds', () => {
    it('splits a range of the MTH recursion into perfect subtrees, largest first', () => {
      expect(rangeNodeIds(0, 13)).to.deep.equal([
        { level: 3, index: 0 },
        { level: 2, index: 2 },
        { level: 0, index: 12 },
      ]);
      expect(rangeNodeIds(8, 13)).to.deep.equal([
        { level: 2, index: 2 },
        { level: 0, index: 12 },
      ]);
      expect(rangeNodeIds(4, 4)).to.deep.equal([]);
    });

    it('rejects a range that no MTH recursion produces', () => {
      expect(() => rangeNodeIds(1, 5)).to.throw(InvalidArgumentError, /^range: got \[1, 5\)/);
    });
  });

  describe('#planNodeIds', () => {
    it('lists the nodes a proof reads', () => {
      expect(planNodeIds(inclusionPlan(2, 5))).to.deep.equal([
        { level: 0, index: 3 },
        { level: 1, index: 0 },
        { level: 0, index: 4 },
      ]);
    });
  });

  describe('#rootFromSource, #inclusionProofFromSource and #consistencyProofFromSource', () => {
    const HUGE = 2 ** 40 + 123_456_789;

    it('need at most log2(size) lookups for a root of a tree beyond 2^32 leaves', () => {
      const source = syntheticSource(HUGE);
      rootFromSource(source);
      expect(source.lookups).to.be.at.most(41);
    });

    it('need at most 2·log2(size) lookups for an inclusion proof', () => {
      for (const index of [0, 2 ** 33 + 5, HUGE - 1, HUGE - 2, 2 ** 40]) {
        const source = syntheticSource(HUGE);
        const proof = inclusionProofFromSource(source, index);
        expect(proof).to.have.length(inclusionPlan(index, HUGE).length);
        expect(source.lookups, `index ${index}`).to.be.at.most(2 * 41);
      }
    });

    it('need at most 2·log2(size) lookups for a consistency proof', () => {
      for (const size1 of [1, 2 ** 32, 2 ** 32 + 1, 2 ** 40, HUGE - 1, HUGE]) {
        const source = syntheticSource(HUGE);
        const proof = consistencyProofFromSource(source, size1);
        expect(proof).to.have.length(consistencyPlan(size1, HUGE).length);
        expect(source.lookups, `size1 ${size1}`).to.be.at.most(2 * 41);
      }
    });

    it('produce proofs that verify against the source roots beyond 2^32 leaves', () => {
      const source = syntheticSource(HUGE);
      const index = 2 ** 35 + 17;
      const leaf = source.perfectSubtreeHash({ level: 0, index });
      verifyInclusion(leaf, index, HUGE, inclusionProofFromSource(source, index), rootFromSource(source));
      const size1 = 2 ** 36 + 3;
      const proof = consistencyProofFromSource(source, size1);
      verifyConsistency(size1, HUGE, rootFromSource(source, size1), rootFromSource(source), proof);
    });

    it('reject a size1 of 0 or above size2', () => {
      expect(() => consistencyPlan(0, 4)).to.throw(InvalidArgumentError);
      expect(() => consistencyPlan(5, 4)).to.throw(InvalidArgumentError);
      expect(() => inclusionPlan(4, 4)).to.throw(InvalidArgumentError);
    });
  });
});

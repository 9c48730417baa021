import { createHash } from 'node:crypto';
import { expect } from 'chai';
import { fromHex, newMemoryMerkleTree, toHex, verifyConsistency, verifyInclusion } from '@gateway/core';
import { toConsistencyProof, toInclusionProof } from '@gateway/wire/proofs';

/** A 32-byte hash standing for leaf or event `n`. */
const hash = (label: string, n: number): Uint8Array => createHash('sha256').update(`${label}-${n}`).digest();

describe('wire proofs', function () {
  const tree = newMemoryMerkleTree();
  for (let n = 1; n <= 11; n += 1) tree.append(hash('leaf', n));

  describe('#toInclusionProof', function () {
    it('names the seal and its leaf, and holds a proof that verifies against the root it names', function () {
      const proof = toInclusionProof(tree, { sequenceNumber: 5, eventHash: hash('event', 5) }, 9);

      expect(proof).to.include({
        sequenceNumber: '5',
        leafIndex: '4',
        treeSize: '9',
        eventHash: toHex(hash('event', 5)),
        rootHash: toHex(tree.root(9)),
      });
      const hashes = (proof.hashes ?? []).map((h) => fromHex(h, 'hash', 32));
      expect(() => {
        verifyInclusion(hash('leaf', 5), 4, 9, hashes, tree.root(9));
      }).not.to.throw();
    });

    it('takes the root the caller already has instead of computing it', function () {
      const proof = toInclusionProof(
        tree,
        { sequenceNumber: 1, eventHash: hash('event', 1) },
        11,
        'ab'.repeat(32),
      );
      expect(proof.rootHash).to.equal('ab'.repeat(32));
    });
  });

  describe('#toConsistencyProof', function () {
    it('holds both roots and a proof that verifies between them', function () {
      const proof = toConsistencyProof(tree, 3, 11);

      expect(proof).to.include({
        firstSize: '3',
        secondSize: '11',
        firstRoot: toHex(tree.root(3)),
        secondRoot: toHex(tree.root(11)),
      });
      const hashes = (proof.hashes ?? []).map((h) => fromHex(h, 'hash', 32));
      expect(() => {
        verifyConsistency(3, 11, tree.root(3), tree.root(11), hashes);
      }).not.to.throw();
    });
  });
});

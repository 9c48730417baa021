import { expect } from 'chai';

import {
  consistencyProof,
  EMPTY_ROOT,
  inclusionProof,
  InvalidArgumentError,
  isValidConsistency,
  isValidInclusion,
  LEAF_PREFIX,
  leafHash,
  merkleRoot,
  NODE_PREFIX,
  nodeHash,
  ProofShapeError,
  RootMismatchError,
  sha256,
  toHex,
  utf8,
  verifyConsistency,
  verifyInclusion,
} from '@gateway/core';

const LEAVES = Array.from({ length: 40 }, (_, i) => sha256(utf8(`event-${i}`)));
const GARBAGE = sha256(utf8('garbage'));

function flip(bytes: Uint8Array, bit = 0): Uint8Array {
  const copy = Uint8Array.from(bytes);
  copy[bit >> 3] = (copy[bit >> 3] ?? 0) ^ (1 << (bit & 7));
  return copy;
}

function inclusionCase(size: number, index: number): [Uint8Array, number, number, Uint8Array[], Uint8Array] {
  const leaves = LEAVES.slice(0, size);
  return [leafHash(leaves[index]!), index, size, inclusionProof(leaves, index), merkleRoot(leaves)];
}

function consistencyCase(
  size1: number,
  size2: number,
): [number, number, Uint8Array, Uint8Array, Uint8Array[]] {
  const leaves = LEAVES.slice(0, size2);
  return [
    size1,
    size2,
    merkleRoot(leaves.slice(0, size1)),
    merkleRoot(leaves),
    consistencyProof(leaves, size1),
  ];
}

describe('merkle', () => {
  describe('#LEAF_PREFIX and #NODE_PREFIX', () => {
    it('are the RFC 9162 domain-separation bytes 0x00 and 0x01', () => {
      expect(LEAF_PREFIX).to.equal(0x00);
      expect(NODE_PREFIX).to.equal(0x01);
    });
  });

  describe('#leafHash', () => {
    it('hashes the empty leaf to 6e340b9c… (printf "\\x00" | sha256sum)', () => {
      expect(toHex(leafHash(new Uint8Array()))).to.equal(
        '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
      );
    });
  });

  describe('#nodeHash', () => {
    it('hashes 0x01 || left || right', () => {
      const left = sha256(utf8('l'));
      const right = sha256(utf8('r'));
      expect(toHex(nodeHash(left, right))).to.equal(toHex(sha256(Uint8Array.of(1), left, right)));
    });

    it('rejects children that are not 32 bytes', () => {
      expect(() => nodeHash(new Uint8Array(31), GARBAGE)).to.throw(InvalidArgumentError, /^left:/);
      expect(() => nodeHash(GARBAGE, new Uint8Array(33))).to.throw(InvalidArgumentError, /^right:/);
    });
  });

  describe('#merkleRoot', () => {
    it('is the SHA-256 of the empty string for no leaves (printf "" | sha256sum)', () => {
      expect(toHex(merkleRoot([]))).to.equal(
        'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
      );
      expect(toHex(EMPTY_ROOT)).to.equal(toHex(merkleRoot([])));
    });

    it('is the leaf hash for one leaf', () => {
      expect(toHex(merkleRoot([LEAVES[0]!]))).to.equal(toHex(leafHash(LEAVES[0]!)));
    });

    it('splits at the largest power of two below the size', () => {
      const [a, b, c] = LEAVES.map(leafHash);
      expect(toHex(merkleRoot(LEAVES.slice(0, 3)))).to.equal(toHex(nodeHash(nodeHash(a!, b!), c!)));
    });
  });

  describe('#inclusionProof', () => {
    it('rejects an index outside the tree', () => {
      expect(() => inclusionProof(LEAVES.slice(0, 3), 3)).to.throw(InvalidArgumentError, /^index: got 3/);
      expect(() => inclusionProof([], 0)).to.throw(InvalidArgumentError);
      expect(() => inclusionProof(LEAVES, -1)).to.throw(InvalidArgumentError);
    });
  });

  describe('#consistencyProof', () => {
    it('is empty when both sizes are equal', () => {
      expect(consistencyProof(LEAVES.slice(0, 5), 5)).to.deep.equal([]);
    });

    it('rejects size1 of 0 or above the tree size', () => {
      expect(() => consistencyProof(LEAVES.slice(0, 5), 0)).to.throw(InvalidArgumentError);
      expect(() => consistencyProof(LEAVES.slice(0, 5), 6)).to.throw(InvalidArgumentError);
    });
  });

  describe('#verifyInclusion', () => {
    it('accepts the proof of every leaf of every tree up to 40 leaves', () => {
      for (let size = 1; size <= 40; size++) {
        for (let index = 0; index < size; index++) {
          expect(() => {
            verifyInclusion(...inclusionCase(size, index));
          }, `${index}/${size}`).not.to.throw();
        }
      }
    });

    it('rejects a proof with one bit flipped in any element', () => {
      for (const [size, index] of [
        [2, 0],
        [7, 3],
        [8, 7],
        [13, 12],
        [40, 17],
      ] as const) {
        const [leaf, i, n, proof, root] = inclusionCase(size, index);
        proof.forEach((_, j) => {
          for (const bit of [0, 100, 255]) {
            const bad = proof.map((p, k) => (k === j ? flip(p, bit) : p));
            expect(() => {
              verifyInclusion(leaf, i, n, bad, root);
            }, `${index}/${size} [${j}] bit ${bit}`).to.throw(RootMismatchError);
          }
        });
      }
    });

    it('rejects the proof of one leaf presented for its neighbours', () => {
      for (const [size, index] of [
        [5, 2],
        [8, 4],
        [21, 10],
      ] as const) {
        const [leaf, , n, proof, root] = inclusionCase(size, index);
        expect(isValidInclusion(leaf, index - 1, n, proof, root)).to.equal(false);
        expect(isValidInclusion(leaf, index + 1, n, proof, root)).to.equal(false);
      }
    });

    it('rejects a proof checked against twice or half the tree size', () => {
      const [leaf, i, n, proof, root] = inclusionCase(21, 10);
      expect(() => {
        verifyInclusion(leaf, i, n * 2, proof, root);
      }).to.throw(ProofShapeError);
      expect(() => {
        verifyInclusion(leaf, i, Math.floor(n / 2), proof, root);
      }).to.throw(ProofShapeError);
    });

    it('rejects a leading or trailing extra element and an empty proof, as a shape error', () => {
      const [leaf, i, n, proof, root] = inclusionCase(21, 10);
      expect(() => {
        verifyInclusion(leaf, i, n, [GARBAGE, ...proof], root);
      }).to.throw(ProofShapeError, /got 6 elements, want 5/);
      expect(() => {
        verifyInclusion(leaf, i, n, [...proof, GARBAGE], root);
      }).to.throw(ProofShapeError);
      expect(() => {
        verifyInclusion(leaf, i, n, [], root);
      }).to.throw(ProofShapeError, /got 0 elements, want 5/);
    });

    it('rejects a wrong leaf with both roots in the error', () => {
      const [, i, n, proof, root] = inclusionCase(21, 10);
      expect(() => {
        verifyInclusion(GARBAGE, i, n, proof, root);
      })
        .to.throw(RootMismatchError)
        .with.property('expected', root);
    });

    it('rejects an index at or beyond the tree size as a shape error', () => {
      const [leaf, , , proof, root] = inclusionCase(8, 7);
      expect(() => {
        verifyInclusion(leaf, 8, 8, proof, root);
      }).to.throw(ProofShapeError, /^index: got 8/);
      expect(() => {
        verifyInclusion(leaf, 0, 0, [], EMPTY_ROOT);
      }).to.throw(ProofShapeError);
    });

    it('rejects a proof element that is not 32 bytes', () => {
      const [leaf, i, n, proof, root] = inclusionCase(8, 3);
      const bad = [proof[0]!, proof[1]!.subarray(1), proof[2]!];
      expect(() => {
        verifyInclusion(leaf, i, n, bad, root);
      }).to.throw(ProofShapeError, /^proof\[1\]: got 31 bytes/);
    });

    it('rejects malformed arguments as invalid arguments, also in the boolean form', () => {
      const [leaf, i, n, proof, root] = inclusionCase(8, 3);
      expect(() => {
        verifyInclusion(leaf.subarray(1), i, n, proof, root);
      }).to.throw(InvalidArgumentError, /^leafHash:/);
      expect(() => isValidInclusion(leaf, i, n, proof, root.subarray(1))).to.throw(
        InvalidArgumentError,
        /^root:/,
      );
      expect(() => {
        verifyInclusion(leaf, -1, n, proof, root);
      }).to.throw(InvalidArgumentError);
      expect(() => {
        verifyInclusion(leaf, 0.5, n, proof, root);
      }).to.throw(InvalidArgumentError);
    });
  });

  describe('#verifyConsistency', () => {
    it('accepts the proof of every pair of sizes up to 40 leaves', () => {
      for (let size2 = 1; size2 <= 40; size2++) {
        for (let size1 = 1; size1 <= size2; size1++) {
          expect(() => {
            verifyConsistency(...consistencyCase(size1, size2));
          }, `${size1}->${size2}`).not.to.throw();
        }
      }
    });

    it('rejects a proof with one bit flipped in any element', () => {
      for (const [size1, size2] of [
        [1, 2],
        [3, 7],
        [4, 8],
        [6, 8],
        [13, 40],
        [32, 33],
      ] as const) {
        const [s1, s2, root1, root2, proof] = consistencyCase(size1, size2);
        proof.forEach((_, j) => {
          const bad = proof.map((p, k) => (k === j ? flip(p, 77) : p));
          expect(() => {
            verifyConsistency(s1, s2, root1, root2, bad);
          }, `${size1}->${size2} [${j}]`).to.throw(RootMismatchError);
        });
      }
    });

    it('rejects size1 of 0 and size1 above size2 as shape errors', () => {
      expect(() => {
        verifyConsistency(0, 5, EMPTY_ROOT, GARBAGE, []);
      }).to.throw(ProofShapeError, /^size1: got 0/);
      const [, , root1, root2, proof] = consistencyCase(3, 7);
      expect(() => {
        verifyConsistency(8, 7, root1, root2, proof);
      }).to.throw(ProofShapeError);
    });

    it('rejects sizes ±1, size2 ×2 and ÷2', () => {
      const [s1, s2, root1, root2, proof] = consistencyCase(13, 40);
      for (const [a, b] of [
        [s1 - 1, s2],
        [s1 + 1, s2],
        [s1, s2 * 2],
        [s1, s2 / 2],
      ]) {
        expect(isValidConsistency(a!, b!, root1, root2, proof), `${a}->${b}`).to.equal(false);
      }
    });

    it('rejects leading and trailing extra elements and an empty proof', () => {
      const [s1, s2, root1, root2, proof] = consistencyCase(13, 40);
      expect(() => {
        verifyConsistency(s1, s2, root1, root2, [GARBAGE, ...proof]);
      }).to.throw(ProofShapeError);
      expect(() => {
        verifyConsistency(s1, s2, root1, root2, [...proof, GARBAGE]);
      }).to.throw(ProofShapeError);
      expect(() => {
        verifyConsistency(s1, s2, root1, root2, []);
      }).to.throw(ProofShapeError, /got 0 elements/);
    });

    it('rejects wrong or swapped roots, naming which root failed', () => {
      const [s1, s2, root1, root2, proof] = consistencyCase(6, 8);
      expect(() => {
        verifyConsistency(s1, s2, GARBAGE, root2, proof);
      }).to.throw(RootMismatchError, /^root1 mismatch/);
      expect(() => {
        verifyConsistency(s1, s2, root1, GARBAGE, proof);
      }).to.throw(RootMismatchError, /^root2 mismatch/);
      expect(isValidConsistency(s1, s2, root2, root1, proof)).to.equal(false);
    });

    it('rejects a wrong old root when size1 is a power of two (the root is the first path element)', () => {
      const [s1, s2, , root2, proof] = consistencyCase(4, 8);
      expect(() => {
        verifyConsistency(s1, s2, GARBAGE, root2, proof);
      }).to.throw(RootMismatchError);
    });

    it('accepts equal sizes only with an empty proof and equal roots', () => {
      const root = merkleRoot(LEAVES.slice(0, 9));
      expect(() => {
        verifyConsistency(9, 9, root, root, []);
      }).not.to.throw();
      expect(() => {
        verifyConsistency(9, 9, root, root, [GARBAGE]);
      }).to.throw(ProofShapeError);
      expect(() => {
        verifyConsistency(9, 9, root, GARBAGE, []);
      }).to.throw(RootMismatchError);
    });
  });
});

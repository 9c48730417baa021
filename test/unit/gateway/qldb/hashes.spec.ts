import { createHash } from 'node:crypto';
import { expect } from 'chai';
import { compareHashes, dot, foldProof, HashLengthError, merkleRoot, sameHash } from '@gateway/qldb/hashes';

const sha = (s: string): Buffer => createHash('sha256').update(s).digest();
const hex = (h: Uint8Array): string => Buffer.from(h).toString('hex');
const a = sha('a'); // ca9781…48bb: last byte 0xbb = -69 signed
const b = sha('b'); // 3e23e8…009d: last byte 0x9d = -99 signed
const c = sha('c');
const d = sha('d');
const e = sha('e');

function endingWith(last: number, first = 0): Buffer {
  const h = Buffer.alloc(32);
  h[0] = first;
  h[31] = last;
  return h;
}

describe('QLDB hash combinators', () => {
  describe('compareHashes', () => {
    it('orders by the last byte first, as signed bytes: 0x80 (-128) sorts before 0x7f (127)', () => {
      expect(compareHashes(endingWith(0x80), endingWith(0x7f))).to.be.lessThan(0);
      expect(compareHashes(endingWith(0x7f), endingWith(0x80))).to.be.greaterThan(0);
    });

    it('lets the last byte decide over the first byte', () => {
      expect(compareHashes(endingWith(1, 0xff), endingWith(2, 0x00))).to.be.lessThan(0);
    });

    it('says 0 only for equal hashes', () => {
      expect(compareHashes(a, Buffer.from(a))).to.equal(0);
      expect(compareHashes(a, b)).to.not.equal(0);
    });

    it('refuses a hash that is not 32 bytes, naming the length', () => {
      expect(() => compareHashes(a, Buffer.alloc(31))).to.throw(HashLengthError, 'got 31 bytes');
    });
  });

  describe('dot', () => {
    it('hashes the smaller hash first (known answer)', () => {
      // b (…9d = -99) sorts before a (…bb = -69), so dot(a, b) = SHA-256(b ‖ a).
      expect(hex(dot(a, b))).to.equal('18d79cb747ea174c59f3a3b41768672526d56fecc58360a99d283d0f9b0a3cc0');
      expect(hex(createHash('sha256').update(b).update(a).digest())).to.equal(hex(dot(a, b)));
    });

    it('is not the hash of the operands in the order given (the negative twin)', () => {
      expect(hex(createHash('sha256').update(a).update(b).digest())).to.equal(
        'e5a01fee14e0ed5c48714f22180f25ad8365b53f9779f79dc4a3d7e93963f94a',
      );
      expect(hex(dot(a, b))).to.not.equal('e5a01fee14e0ed5c48714f22180f25ad8365b53f9779f79dc4a3d7e93963f94a');
    });

    it('gives the same hash whichever operand comes first', () => {
      expect(sameHash(dot(a, b), dot(b, a))).to.equal(true);
    });

    it('changes when one bit of an operand flips', () => {
      const flipped = Buffer.from(a);
      flipped[5] = (flipped[5] ?? 0) ^ 1;
      expect(sameHash(dot(flipped, b), dot(a, b))).to.equal(false);
    });

    it('passes the other operand through when one is empty, as QLDB verifiers do', () => {
      expect(sameHash(dot(a, new Uint8Array(0)), a)).to.equal(true);
      expect(sameHash(dot(new Uint8Array(0), b), b)).to.equal(true);
    });
  });

  describe('merkleRoot', () => {
    it('combines pairs left to right and carries an odd last hash up (known answer, 5 leaves)', () => {
      expect(hex(merkleRoot([a, b, c, d, e]))).to.equal(
        '869854614f8b6a93b7f3469f8cb942cf303b8ce626ee04fc4b290c71b04870d8',
      );
      expect(sameHash(merkleRoot([a, b, c, d, e]), dot(dot(dot(a, b), dot(c, d)), e))).to.equal(true);
    });

    it('is a different root when the odd hash is paired lower down (the negative twin)', () => {
      expect(sameHash(merkleRoot([a, b, c, d, e]), dot(dot(a, b), dot(c, dot(d, e))))).to.equal(false);
    });

    it('depends on the order of the leaves', () => {
      expect(sameHash(merkleRoot([a, b, c]), merkleRoot([a, c, b]))).to.equal(false);
    });

    it('is the hash itself for one leaf and empty for none', () => {
      expect(sameHash(merkleRoot([a]), a)).to.equal(true);
      expect(merkleRoot([]).length).to.equal(0);
    });
  });

  describe('foldProof', () => {
    it('folds left with dot from the leaf (known answer)', () => {
      expect(hex(foldProof(a, [b, c]))).to.equal(
        'aea2dd4249dcecf97ca6a1556db7f21ebd6a40bbec0243ca61b717146a08c347',
      );
      expect(sameHash(foldProof(a, [b, c]), merkleRoot([a, b, c]))).to.equal(true);
    });

    it('gives another digest when the proof hashes are reordered', () => {
      expect(sameHash(foldProof(a, [c, b]), foldProof(a, [b, c]))).to.equal(false);
    });

    it('is the leaf itself for an empty proof', () => {
      expect(sameHash(foldProof(a, []), a)).to.equal(true);
    });
  });
});

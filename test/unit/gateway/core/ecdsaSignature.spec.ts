import { expect } from 'chai';

import {
  decodeDerSignature,
  decodeP1363Signature,
  encodeDerSignature,
  encodeP1363Signature,
  isCanonicalP256,
  P256_ORDER,
  toLowS,
} from '@gateway/core/ecdsaSignature';

describe('ecdsaSignature', () => {
  describe('#decodeDerSignature', () => {
    it('round-trips scalars that need a leading zero byte', () => {
      const sig = { r: 2n ** 255n + 1n, s: 127n };
      expect(decodeDerSignature(encodeDerSignature(sig))).to.deep.equal(sig);
    });

    it('rejects non-minimal and negative integers and accepts minimal ones', () => {
      expect(
        decodeDerSignature(Uint8Array.of(0x30, 0x07, 0x02, 0x02, 0x00, 0x01, 0x02, 0x01, 0x01)),
      ).to.equal(undefined);
      expect(decodeDerSignature(Uint8Array.of(0x30, 0x06, 0x02, 0x01, 0x81, 0x02, 0x01, 0x01))).to.equal(
        undefined,
      );
      expect(decodeDerSignature(Uint8Array.of(0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01))).to.deep.equal(
        {
          r: 1n,
          s: 1n,
        },
      );
    });

    it('rejects a wrong outer length, trailing bytes and a missing integer', () => {
      expect(decodeDerSignature(Uint8Array.of(0x30, 0x07, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01))).to.equal(
        undefined,
      );
      expect(decodeDerSignature(Uint8Array.of(0x30, 0x03, 0x02, 0x01, 0x01))).to.equal(undefined);
      expect(decodeDerSignature(Uint8Array.of(0x31, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01))).to.equal(
        undefined,
      );
    });
  });

  describe('#decodeP1363Signature', () => {
    it('round-trips r || s and rejects anything but 64 bytes', () => {
      const sig = { r: 5n, s: P256_ORDER - 5n };
      expect(decodeP1363Signature(encodeP1363Signature(sig))).to.deep.equal(sig);
      expect(decodeP1363Signature(new Uint8Array(63))).to.equal(undefined);
    });
  });

  describe('#toLowS', () => {
    it('replaces a high S by n - S and leaves a low S alone', () => {
      expect(toLowS({ r: 1n, s: P256_ORDER - 1n })).to.deep.equal({ r: 1n, s: 1n });
      expect(toLowS({ r: 1n, s: 2n })).to.deep.equal({ r: 1n, s: 2n });
    });
  });

  describe('#isCanonicalP256', () => {
    it('accepts 1 <= r < n and 1 <= s <= n/2 only', () => {
      expect(isCanonicalP256({ r: 1n, s: P256_ORDER / 2n })).to.equal(true);
      expect(isCanonicalP256({ r: 1n, s: P256_ORDER / 2n + 1n })).to.equal(false);
      expect(isCanonicalP256({ r: 0n, s: 1n })).to.equal(false);
      expect(isCanonicalP256({ r: P256_ORDER, s: 1n })).to.equal(false);
    });
  });
});

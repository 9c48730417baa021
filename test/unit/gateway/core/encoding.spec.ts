import { expect } from 'chai';

import {
  bytesEqual,
  concatBytes,
  fromHex,
  InvalidArgumentError,
  lp,
  readU64,
  toHex,
  u32,
  u64,
  utf8,
} from '@gateway/core';

describe('encoding', () => {
  describe('#u32', () => {
    it('encodes big-endian in four bytes', () => {
      expect(toHex(u32(0))).to.equal('00000000');
      expect(toHex(u32(0x01020304))).to.equal('01020304');
      expect(toHex(u32(0xffffffff))).to.equal('ffffffff');
    });

    it('rejects negative, fractional and too large values, naming the field', () => {
      expect(() => u32(-1, 'length')).to.throw(InvalidArgumentError, /^length: got -1, want/);
      expect(() => u32(1.5)).to.throw(InvalidArgumentError);
      expect(() => u32(2 ** 32)).to.throw(InvalidArgumentError);
    });
  });

  describe('#u64', () => {
    it('encodes big-endian in eight bytes from a bigint or a safe number', () => {
      expect(toHex(u64(1n))).to.equal('0000000000000001');
      expect(toHex(u64(0x0102030405060708n))).to.equal('0102030405060708');
      expect(toHex(u64(2n ** 64n - 1n))).to.equal('ffffffffffffffff');
      expect(toHex(u64(Number.MAX_SAFE_INTEGER))).to.equal('001fffffffffffff');
    });

    it('rejects values outside [0, 2^64-1] and unsafe numbers', () => {
      expect(() => u64(-1n)).to.throw(InvalidArgumentError);
      expect(() => u64(2n ** 64n)).to.throw(InvalidArgumentError);
      expect(() => u64(2 ** 53)).to.throw(InvalidArgumentError, /safe integer/);
    });
  });

  describe('#readU64', () => {
    it('reads back what u64 wrote', () => {
      expect(readU64(u64(0xdeadbeefcafen))).to.equal(0xdeadbeefcafen);
    });

    it('rejects anything but eight bytes', () => {
      expect(() => readU64(new Uint8Array(7))).to.throw(InvalidArgumentError, /got 7 bytes, want 8 bytes/);
    });
  });

  describe('#lp', () => {
    it('prefixes the bytes with their length as u32', () => {
      expect(toHex(lp(fromHex('abcd')))).to.equal('00000002abcd');
    });

    it('encodes an empty string as four zero bytes', () => {
      expect(toHex(lp(new Uint8Array()))).to.equal('00000000');
    });
  });

  describe('#utf8', () => {
    it('encodes non-ASCII characters and astral code points as UTF-8', () => {
      expect(toHex(utf8('é🚀'))).to.equal('c3a9f09f9a80');
    });

    it('rejects a lone surrogate rather than replacing it with U+FFFD', () => {
      expect(() => utf8('a\ud800b', 'eventId')).to.throw(InvalidArgumentError, /^eventId: /);
      expect(() => utf8('\udc00')).to.throw(InvalidArgumentError);
    });
  });

  describe('#toHex', () => {
    it('emits lowercase hex', () => {
      expect(toHex(Uint8Array.of(0x00, 0x0f, 0xab, 0xff))).to.equal('000fabff');
    });
  });

  describe('#fromHex', () => {
    it('decodes lowercase and uppercase hex', () => {
      expect([...fromHex('00ffAb')]).to.deep.equal([0x00, 0xff, 0xab]);
      expect(fromHex('')).to.have.length(0);
    });

    it('rejects an odd number of digits', () => {
      expect(() => fromHex('abc', 'root')).to.throw(InvalidArgumentError, /^root: got 3 hex digits/);
    });

    it('rejects non-hex characters, prefixes and whitespace', () => {
      for (const bad of ['zz', '0x00', ' 00', '00 ', '+1']) {
        expect(() => fromHex(bad), bad).to.throw(InvalidArgumentError);
      }
    });

    it('rejects a wrong byte length when one is required', () => {
      expect(() => fromHex('00', 'hash', 32)).to.throw(InvalidArgumentError, /got 1 bytes, want 32 bytes/);
    });
  });

  describe('#concatBytes', () => {
    it('joins the parts in order', () => {
      expect(toHex(concatBytes(fromHex('01'), new Uint8Array(), fromHex('0203')))).to.equal('010203');
    });
  });

  describe('#bytesEqual', () => {
    it('compares length and content', () => {
      expect(bytesEqual(fromHex('0102'), fromHex('0102'))).to.equal(true);
      expect(bytesEqual(fromHex('0102'), fromHex('0103'))).to.equal(false);
      expect(bytesEqual(fromHex('01'), fromHex('0100'))).to.equal(false);
    });
  });
});

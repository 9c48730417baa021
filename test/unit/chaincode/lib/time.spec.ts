import { expect } from 'chai';
import Long from 'long';
import { LedgerError } from '@chaincode/lib/errors';
import {
  invertedTimeKey,
  isoFromNanos,
  nanosFromInvertedTimeKey,
  parseIsoInstant,
  timeKey,
  timestampToNanos,
} from '@chaincode/lib/time';

describe('time', () => {
  describe('#timestampToNanos', () => {
    it('reads Long seconds and plain-number seconds alike', () => {
      expect(timestampToNanos({ seconds: Long.fromNumber(1735689600, true), nanos: 5 })).to.equal(
        1735689600000000005n,
      );
      expect(timestampToNanos({ seconds: 1735689600, nanos: 0 })).to.equal(1735689600000000000n);
    });

    it('rejects negative or malformed timestamps', () => {
      expect(() => timestampToNanos({ seconds: -1, nanos: 0 })).to.throw(RangeError);
      expect(() => timestampToNanos({ seconds: 1, nanos: 1e9 })).to.throw(RangeError);
      expect(() => timestampToNanos({ seconds: 1, nanos: 0.5 })).to.throw(RangeError);
    });
  });

  describe('#isoFromNanos', () => {
    it('prints milliseconds like Date#toISOString', () => {
      expect(isoFromNanos(1735689600123456789n)).to.equal('2025-01-01T00:00:00.123Z');
    });
  });

  describe('#timeKey and #invertedTimeKey', () => {
    it('sort oldest first and newest first, and invert exactly', () => {
      expect(timeKey(1n) < timeKey(2n)).to.equal(true);
      expect(invertedTimeKey(1n) > invertedTimeKey(2n)).to.equal(true);
      expect(timeKey(5n)).to.have.length(20);
      expect(nanosFromInvertedTimeKey(invertedTimeKey(1735689600000000000n))).to.equal(1735689600000000000n);
    });
  });

  describe('#parseIsoInstant', () => {
    it('parses instants with 0 to 9 fraction digits', () => {
      expect(parseIsoInstant('t', '2025-01-01T00:00:00Z')).to.equal(1735689600000000000n);
      expect(parseIsoInstant('t', '2025-01-01T00:00:00.5Z')).to.equal(1735689600500000000n);
      expect(parseIsoInstant('t', '2025-01-01T00:00:00.000000001Z')).to.equal(1735689600000000001n);
    });

    it('rejects impossible dates, offsets, missing zones and non-strings', () => {
      const bad = [
        '2025-02-30T00:00:00Z',
        '2025-01-01T24:00:00Z',
        '2025-01-01T00:00:00+01:00',
        '2025-01-01T00:00:00',
        '2025-01-01',
        '1969-12-31T23:59:59Z',
        '2025-01-01T00:00:00.0000000001Z',
        '',
        42,
      ];
      for (const text of bad) {
        expect(() => parseIsoInstant('fromIso', text), String(text)).to.throw(
          LedgerError,
          /^\[INVALID_ARGUMENT\] fromIso: got/,
        );
      }
    });
  });
});

import { expect } from 'chai';
import { LedgerError } from '@chaincode/lib/errors';
import {
  DEFAULT_PAGE_SIZE,
  parseJsonArgument,
  parsePageSize,
  requireBookmark,
  requireId,
  requireMsp,
  requireSha256Hex,
  requireText,
} from '@chaincode/lib/validate';

const INVALID = /^\[INVALID_ARGUMENT\]/;

describe('validate', () => {
  describe('#requireId', () => {
    it('accepts ids of 1 to 64 safe characters', () => {
      for (const id of ['A', 'ACC-1', 'a.b:c_d-e', 'x'.repeat(64)]) {
        expect(requireId('accountNumber', id)).to.equal(id);
      }
    });

    it('rejects empty, long, spaced, slashed, leading-dash and non-string ids', () => {
      for (const id of ['', 'x'.repeat(65), 'A 1', 'A/1', '-A', 'A\u0000', 'é', 1, null]) {
        expect(() => requireId('accountNumber', id)).to.throw(
          LedgerError,
          /^\[INVALID_ARGUMENT\] accountNumber: got/,
        );
      }
    });
  });

  describe('#requireMsp', () => {
    it('accepts MSP ids and rejects others', () => {
      expect(requireMsp('toMsp', 'Org2MSP')).to.equal('Org2MSP');
      expect(() => requireMsp('toMsp', 'Org 2')).to.throw(LedgerError, INVALID);
    });
  });

  describe('#requireText', () => {
    it('rejects empty, long, control characters and edge spaces', () => {
      expect(requireText('location', 'Dock 7, Rotterdam', 20)).to.equal('Dock 7, Rotterdam');
      for (const text of ['', 'x'.repeat(11), 'a\nb', ' a', 'a ', 7]) {
        expect(() => requireText('location', text, 10)).to.throw(LedgerError, INVALID);
      }
    });
  });

  describe('#requireSha256Hex', () => {
    it('wants 64 lowercase hex characters', () => {
      expect(requireSha256Hex('h', 'a'.repeat(64))).to.equal('a'.repeat(64));
      for (const text of ['A'.repeat(64), 'a'.repeat(63), 'g'.repeat(64)]) {
        expect(() => requireSha256Hex('h', text)).to.throw(LedgerError, INVALID);
      }
    });
  });

  describe('#parsePageSize', () => {
    it('uses the default for "" and accepts 1..200', () => {
      expect(parsePageSize('')).to.equal(DEFAULT_PAGE_SIZE);
      expect(parsePageSize('1')).to.equal(1);
      expect(parsePageSize('200')).to.equal(200);
    });

    it('rejects 0, 201, negatives, fractions and words', () => {
      for (const text of ['0', '201', '-1', '1.5', 'ten', '01', 5]) {
        expect(() => parsePageSize(text)).to.throw(LedgerError, /^\[INVALID_ARGUMENT\] pageSize/);
      }
    });
  });

  describe('#requireBookmark', () => {
    it('accepts strings up to the limit', () => {
      expect(requireBookmark('')).to.equal('');
      expect(() => requireBookmark('x'.repeat(3000))).to.throw(LedgerError, INVALID);
      expect(() => requireBookmark(3)).to.throw(LedgerError, INVALID);
    });
  });

  describe('#parseJsonArgument', () => {
    it('parses JSON and reports malformed JSON as INVALID_ARGUMENT', () => {
      expect(parseJsonArgument('x', '[1]')).to.deep.equal([1]);
      expect(() => parseJsonArgument('eventsJson', '[1,')).to.throw(
        LedgerError,
        /^\[INVALID_ARGUMENT\] eventsJson: got "\[1,", want well-formed JSON/,
      );
      expect(() => parseJsonArgument('eventsJson', 1)).to.throw(LedgerError, INVALID);
    });
  });
});

import { expect } from 'chai';
import {
  ERROR_CODES,
  ErrorCode,
  invalidArgument,
  isErrorCode,
  LedgerError,
  parseLedgerErrorMessage,
  show,
} from '@chaincode/lib/errors';

describe('errors', () => {
  describe('LedgerError', () => {
    it('formats the message as [CODE] text', () => {
      const err = new LedgerError(ErrorCode.NOT_FOUND, 'account "A" does not exist');
      expect(err.message).to.equal('[NOT_FOUND] account "A" does not exist');
      expect(err.code).to.equal('NOT_FOUND');
      expect(err.detail).to.equal('account "A" does not exist');
      expect(err.name).to.equal('LedgerError');
      expect(err).to.be.instanceOf(Error);
    });
  });

  describe('ERROR_CODES', () => {
    it('is the closed list of eight codes', () => {
      expect(ERROR_CODES).to.deep.equal([
        'INVALID_ARGUMENT',
        'NOT_FOUND',
        'ALREADY_EXISTS',
        'PERMISSION_DENIED',
        'FAILED_PRECONDITION',
        'INSUFFICIENT_FUNDS',
        'DUPLICATE_REQUEST',
        'CONFLICT',
      ]);
    });
  });

  describe('#parseLedgerErrorMessage', () => {
    it('finds the code behind a Fabric prefix', () => {
      expect(
        parseLedgerErrorMessage('chaincode response 500, [INSUFFICIENT_FUNDS] account "A": low'),
      ).to.deep.equal({
        code: 'INSUFFICIENT_FUNDS',
        detail: 'account "A": low',
      });
    });

    it('returns undefined for unknown codes and plain text', () => {
      expect(parseLedgerErrorMessage('[TEAPOT] no')).to.equal(undefined);
      expect(parseLedgerErrorMessage('connection refused')).to.equal(undefined);
    });
  });

  describe('#isErrorCode', () => {
    it('accepts members only', () => {
      expect(isErrorCode('CONFLICT')).to.equal(true);
      expect(isErrorCode('conflict')).to.equal(false);
    });
  });

  describe('#invalidArgument', () => {
    it('names the field, what came and what is wanted', () => {
      expect(invalidArgument('amount', '1.005', 'at most 2 fraction digits').message).to.equal(
        '[INVALID_ARGUMENT] amount: got "1.005", want at most 2 fraction digits',
      );
    });
  });

  describe('#show', () => {
    it('quotes, shortens and names missing values', () => {
      expect(show('x')).to.equal('"x"');
      expect(show(undefined)).to.equal('nothing');
      expect(show(5n)).to.equal('5n');
      expect(show(() => 1)).to.equal('function');
      expect(show('y'.repeat(100))).to.have.length(64);
    });
  });
});

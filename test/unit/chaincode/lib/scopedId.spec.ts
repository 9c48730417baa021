import { expect } from 'chai';
import { LedgerError } from '@chaincode/lib/errors';
import { formatScopedId, parseScopedId, requireOwnScopedId, SCOPE_SEPARATOR } from '@chaincode/lib/scopedId';
import { ID_PATTERN, MSP_PATTERN } from '@chaincode/lib/validate';

const INVALID_ID = /^\[INVALID_ARGUMENT\] accountNumber: got .*, want an id of 1 to 64 characters/;

describe('scopedId', () => {
  it('uses a separator that neither an id nor an MSP id can contain', () => {
    expect(SCOPE_SEPARATOR).to.equal('/');
    expect(ID_PATTERN.test('a/b')).to.equal(false);
    expect(MSP_PATTERN.test('a/b')).to.equal(false);
  });

  describe('#parseScopedId', () => {
    it('reads a bare id as one of the default org', () => {
      expect(parseScopedId('accountNumber', 'ACC-1', 'Org1MSP')).to.deep.equal({
        msp: 'Org1MSP',
        id: 'ACC-1',
      });
      expect(parseScopedId('accountNumber', 'a.b:c_d-e', 'Org2MSP')).to.deep.equal({
        msp: 'Org2MSP',
        id: 'a.b:c_d-e',
      });
    });

    it('reads a qualified id as one of the org it names, whatever the default', () => {
      expect(parseScopedId('accountNumber', 'Org2MSP/ACC-9', 'Org1MSP')).to.deep.equal({
        msp: 'Org2MSP',
        id: 'ACC-9',
      });
      expect(parseScopedId('accountNumber', 'Org1MSP/ACC-1', 'Org1MSP')).to.deep.equal({
        msp: 'Org1MSP',
        id: 'ACC-1',
      });
      expect(parseScopedId('productId', `${'M'.repeat(128)}/${'x'.repeat(64)}`, 'Org1MSP')).to.deep.equal({
        msp: 'M'.repeat(128),
        id: 'x'.repeat(64),
      });
    });

    it('refuses empty parts, naming the field', () => {
      for (const value of ['', '/', '/ACC-1', 'Org1MSP/', 'Org1MSP//ACC-1']) {
        expect(() => parseScopedId('accountNumber', value, 'Org1MSP'), value).to.throw(
          LedgerError,
          INVALID_ID,
        );
      }
    });

    it('refuses more than one slash', () => {
      for (const value of ['Org1MSP/ACC-1/x', 'a/b/c', 'Org1MSP/Org2MSP/ACC-1']) {
        expect(() => parseScopedId('accountNumber', value, 'Org1MSP'), value).to.throw(
          LedgerError,
          INVALID_ID,
        );
      }
    });

    it('refuses a malformed MSP id', () => {
      for (const value of ['Org 1/ACC-1', '-Org1/ACC-1', 'Org:1/ACC-1', `${'M'.repeat(129)}/ACC-1`]) {
        expect(() => parseScopedId('accountNumber', value, 'Org1MSP'), value).to.throw(
          LedgerError,
          INVALID_ID,
        );
      }
    });

    it('refuses a malformed id, bare or qualified', () => {
      for (const value of [
        'ACC 1',
        '-A',
        'x'.repeat(65),
        'Org1MSP/ACC 1',
        `Org1MSP/${'x'.repeat(65)}`,
        'é',
      ]) {
        expect(() => parseScopedId('accountNumber', value, 'Org1MSP'), value).to.throw(
          LedgerError,
          INVALID_ID,
        );
      }
    });

    it('refuses a value that is not a string', () => {
      for (const value of [undefined, null, 1, ['ACC-1']]) {
        expect(() => parseScopedId('accountNumber', value, 'Org1MSP')).to.throw(LedgerError, INVALID_ID);
      }
    });
  });

  describe('#formatScopedId', () => {
    it('writes an id of the reference org bare', () => {
      expect(formatScopedId({ msp: 'Org1MSP', id: 'ACC-1' }, 'Org1MSP')).to.equal('ACC-1');
    });

    it('qualifies an id of another org, and every id when no reference org is given', () => {
      expect(formatScopedId({ msp: 'Org2MSP', id: 'ACC-9' }, 'Org1MSP')).to.equal('Org2MSP/ACC-9');
      expect(formatScopedId({ msp: 'Org1MSP', id: 'ACC-1' })).to.equal('Org1MSP/ACC-1');
    });

    it('is the inverse of parseScopedId for the same reference org', () => {
      for (const value of ['ACC-1', 'Org2MSP/ACC-9']) {
        expect(formatScopedId(parseScopedId('f', value, 'Org1MSP'), 'Org1MSP')).to.equal(value);
      }
    });
  });

  describe('#requireOwnScopedId', () => {
    it('returns the bare id of a bare id or one qualified with the caller org', () => {
      expect(requireOwnScopedId('accountNumber', 'ACC-1', 'Org1MSP')).to.equal('ACC-1');
      expect(requireOwnScopedId('accountNumber', 'Org1MSP/ACC-1', 'Org1MSP')).to.equal('ACC-1');
    });

    it('refuses an id qualified with another org as PERMISSION_DENIED naming the field', () => {
      expect(() => requireOwnScopedId('accountNumber', 'Org1MSP/ACC-2', 'Org2MSP')).to.throw(
        LedgerError,
        /^\[PERMISSION_DENIED\] accountNumber: got "Org1MSP\/ACC-2", want an id of the caller's org Org2MSP/,
      );
    });

    it('refuses a malformed id as INVALID_ARGUMENT', () => {
      expect(() => requireOwnScopedId('accountNumber', 'Org1MSP/', 'Org1MSP')).to.throw(
        LedgerError,
        INVALID_ID,
      );
    });
  });
});

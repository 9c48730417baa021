import { expect } from 'chai';
import {
  checkAmountSyntax,
  currencyOf,
  CURRENCIES,
  formatMinor,
  MAX_AMOUNT_MAJOR_UNITS,
  maxMinorUnits,
  parseAmount,
  parseBalance,
} from '@chaincode/lib/decimal';
import { LedgerError } from '@chaincode/lib/errors';

const USD = currencyOf('USD');
const JPY = currencyOf('JPY');
const BHD = currencyOf('BHD');

describe('decimal', () => {
  describe('CURRENCIES', () => {
    it('holds the ISO 4217 minor units of the required currencies', () => {
      expect(CURRENCIES).to.include({
        USD: 2,
        EUR: 2,
        GBP: 2,
        JPY: 0,
        BHD: 3,
        KWD: 3,
        CHF: 2,
        CNY: 2,
        INR: 2,
      });
    });
  });

  describe('#currencyOf', () => {
    it('returns the code and minor units', () => {
      expect(currencyOf('BHD')).to.deep.equal({ code: 'BHD', minorUnits: 3 });
    });

    it('rejects a code that is not ISO 4217', () => {
      expect(() => currencyOf('XYZ')).to.throw(LedgerError, /^\[INVALID_ARGUMENT\] currency: got "XYZ"/);
    });

    it('rejects lower case, inherited property names and non-strings', () => {
      for (const code of ['usd', 'toString', '__proto__', '', 42, null]) {
        expect(() => currencyOf(code)).to.throw(LedgerError, /^\[INVALID_ARGUMENT\]/);
      }
    });
  });

  describe('#parseAmount', () => {
    it('parses amounts into minor units', () => {
      expect(parseAmount('10.50', USD)).to.equal(1050n);
      expect(parseAmount('10.5', USD)).to.equal(1050n);
      expect(parseAmount('10', USD)).to.equal(1000n);
      expect(parseAmount('0.01', USD)).to.equal(1n);
      expect(parseAmount('1000', JPY)).to.equal(1000n);
      expect(parseAmount('1.234', BHD)).to.equal(1234n);
    });

    it('accepts the largest amount below the maximum', () => {
      expect(parseAmount('999999999999999.99', USD)).to.equal(maxMinorUnits(USD) - 1n);
    });

    it('rejects more fraction digits than the currency has', () => {
      expect(() => parseAmount('1.005', USD)).to.throw(LedgerError, /at most 2 fraction digits for USD/);
      expect(() => parseAmount('1.0', JPY)).to.throw(LedgerError, /at most 0 fraction digits for JPY/);
      expect(() => parseAmount('1.2345', BHD)).to.throw(LedgerError, /at most 3 fraction digits for BHD/);
    });

    it('rejects zero', () => {
      expect(() => parseAmount('0.00', USD)).to.throw(LedgerError, /greater than zero/);
    });

    it('rejects the maximum and anything above it', () => {
      expect(() => parseAmount(MAX_AMOUNT_MAJOR_UNITS.toString(), USD)).to.throw(
        LedgerError,
        /below 1000000000000000 USD/,
      );
      expect(() => parseAmount('1' + '0'.repeat(30), JPY)).to.throw(LedgerError, /below/);
    });

    it('rejects signs, exponents, whitespace, leading zeros and other syntax', () => {
      const bad = [
        '-1',
        '+1',
        '1e3',
        '1E3',
        ' 1',
        '1 ',
        '01',
        '00.5',
        '.5',
        '5.',
        '1,00',
        'ten',
        '',
        '0x10',
        '1..2',
        'NaN',
        'Infinity',
        '１',
      ];
      for (const text of bad) {
        expect(() => parseAmount(text, USD), text).to.throw(LedgerError, /^\[INVALID_ARGUMENT\] amount: got/);
      }
    });

    it('rejects non-string amounts', () => {
      for (const value of [10, 10n, null, undefined, ['1']]) {
        expect(() => parseAmount(value, USD)).to.throw(LedgerError, /^\[INVALID_ARGUMENT\]/);
      }
    });
  });

  describe('#checkAmountSyntax', () => {
    it('accepts any positive decimal whatever the precision', () => {
      expect(checkAmountSyntax('0.0001')).to.equal('0.0001');
    });

    it('rejects zero written with a fraction', () => {
      expect(() => checkAmountSyntax('0.000')).to.throw(LedgerError, /greater than zero/);
    });

    it('rejects a negative amount', () => {
      expect(() => checkAmountSyntax('-5')).to.throw(LedgerError, /^\[INVALID_ARGUMENT\] amount/);
    });
  });

  describe('#formatMinor', () => {
    it('prints exactly the currency minor digits', () => {
      expect(formatMinor(0n, USD)).to.equal('0.00');
      expect(formatMinor(5n, USD)).to.equal('0.05');
      expect(formatMinor(123456n, USD)).to.equal('1234.56');
      expect(formatMinor(7n, JPY)).to.equal('7');
      expect(formatMinor(1n, BHD)).to.equal('0.001');
    });

    it('refuses negative amounts', () => {
      expect(() => formatMinor(-1n, USD)).to.throw(RangeError);
    });
  });

  describe('#parseBalance', () => {
    it('reads canonical balances, zero included', () => {
      expect(parseBalance('0.00', USD)).to.equal(0n);
      expect(parseBalance('12.30', USD)).to.equal(1230n);
      expect(parseBalance('0', JPY)).to.equal(0n);
    });

    it('rejects non-canonical balances', () => {
      for (const text of ['12.3', '012.30', '1', '-1.00']) {
        expect(() => parseBalance(text, USD), text).to.throw(LedgerError);
      }
    });
  });
});

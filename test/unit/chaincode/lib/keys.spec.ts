import { expect } from 'chai';
import { ChaincodeStub } from 'fabric-shim';
import {
  accountKey,
  auditTimeKey,
  certificationKey,
  compositeKey,
  custodyRecordKey,
  eventBatchKey,
  printableKey,
  productKey,
  shipmentKey,
  splitCompositeKey,
  transactionKey,
} from '@chaincode/lib/keys';

describe('keys', () => {
  describe('#compositeKey', () => {
    it('builds the same key as ChaincodeStub#createCompositeKey', () => {
      const real = ChaincodeStub.prototype.createCompositeKey.call(undefined, 'account~customer', [
        'C-1',
        'A-1',
      ]);
      expect(compositeKey('account~customer', ['C-1', 'A-1'])).to.equal(real);
      expect(compositeKey('account~customer', ['C-1', 'A-1'])).to.equal(
        '\u0000account~customer\u0000C-1\u0000A-1\u0000',
      );
    });

    it('rejects empty parts and parts holding U+0000', () => {
      expect(() => compositeKey('', ['a'])).to.throw(RangeError);
      expect(() => compositeKey('t', [''])).to.throw(RangeError);
      expect(() => compositeKey('t', ['a\u0000b'])).to.throw(RangeError);
    });
  });

  describe('#splitCompositeKey', () => {
    it('inverts compositeKey', () => {
      expect(splitCompositeKey(compositeKey('t', ['a', 'b']))).to.deep.equal({
        objectType: 't',
        attributes: ['a', 'b'],
      });
      expect(splitCompositeKey(compositeKey('t', []))).to.deep.equal({ objectType: 't', attributes: [] });
    });

    it('returns undefined for a simple key', () => {
      expect(splitCompositeKey('event/e-1')).to.equal(undefined);
    });
  });

  describe('org-scoped record keys', () => {
    it('put the creating org before the id', () => {
      expect(printableKey(accountKey('Org1MSP', 'ACC-1'))).to.equal('/account/Org1MSP/ACC-1/');
      expect(printableKey(transactionKey('Org2MSP', 'T-1'))).to.equal('/transaction/Org2MSP/T-1/');
      expect(printableKey(productKey('Org1MSP', 'P-1'))).to.equal('/product/Org1MSP/P-1/');
      expect(printableKey(shipmentKey('Org1MSP', 'S-1'))).to.equal('/shipment/Org1MSP/S-1/');
      expect(printableKey(custodyRecordKey('Org1MSP', 'P-1', 't', 'x'))).to.equal(
        '/custody/Org1MSP/P-1/t/x/',
      );
      expect(printableKey(certificationKey('Org1MSP', 'P-1', 'Org2MSP', 'ISO', 't'))).to.equal(
        '/certification/Org1MSP/P-1/Org2MSP/ISO/t/',
      );
    });

    it('give the same id of two orgs two different keys', () => {
      expect(accountKey('Org1MSP', 'ACC-1')).to.not.equal(accountKey('Org2MSP', 'ACC-1'));
      expect(productKey('Org1MSP', 'P-1')).to.not.equal(productKey('Org2MSP', 'P-1'));
    });
  });

  describe('#printableKey', () => {
    it('replaces every U+0000 by a slash', () => {
      expect(printableKey(accountKey('Org1MSP', 'ACC-1'))).to.equal('/account/Org1MSP/ACC-1/');
      expect(printableKey(eventBatchKey('ab12'))).to.equal('eventbatch/ab12');
    });
  });

  describe('#auditTimeKey', () => {
    it('is a simple key that sorts by time', () => {
      const early = auditTimeKey('00000000000000000001', 'tx', '/account/A/');
      const late = auditTimeKey('00000000000000000002', 'tx', '/account/A/');
      expect(early < late).to.equal(true);
      expect(early.startsWith('\u0000')).to.equal(false);
    });
  });
});

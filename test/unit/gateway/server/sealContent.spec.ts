import { expect } from 'chai';
import { eventContentHash, type CertifiedEvent } from '@chaincode/lib/journal';
import type { SealRecord } from '@gateway/core/sealRecord';
import { sameEventContent, sealContentHash, sealHoldsEvent } from '@gateway/server/sealContent';
import { sealOfEvent } from '@test-support/sealFixtures';

const base: CertifiedEvent = {
  eventId: 'order-1',
  payload: Buffer.from('hello').toString('base64'),
  vepsSignature: Buffer.from('sig').toString('base64'),
  vepsTimestamp: '1702234567890',
  metadata: { a: '1', b: '2' },
};

/** The event changed in one field at a time, including changes a sloppy comparison would miss. */
const variants: readonly CertifiedEvent[] = [
  { ...base, eventId: 'order-2' },
  { ...base, payload: Buffer.from('hellO').toString('base64') },
  { ...base, vepsSignature: '' },
  { ...base, vepsTimestamp: '1702234567891' },
  { ...base, metadata: { a: '1' } },
  { ...base, metadata: { a: '1', b: '3' } },
  { ...base, metadata: { a: '1', c: '2' } },
  { ...base, metadata: { a: '1', b: '2', c: '' } },
];

function sealOf(event: CertifiedEvent): SealRecord {
  return sealOfEvent(event, { sequenceNumber: 7, blockNumber: 2 });
}

describe('sealContent', function () {
  describe('#sameEventContent', function () {
    it('holds for equal content whatever the order of the metadata keys', function () {
      expect(sameEventContent(base, { ...base, metadata: { b: '2', a: '1' } })).to.equal(true);
    });

    it('agrees with comparing content hashes for a change in any field', function () {
      for (const other of variants) {
        const byHash = eventContentHash(base) === eventContentHash(other);
        expect(sameEventContent(base, other), JSON.stringify(other)).to.equal(byHash).and.to.equal(false);
      }
    });
  });

  describe('#sealHoldsEvent', function () {
    it('holds for the seal of the same event and agrees with the seal content hash', function () {
      expect(sealHoldsEvent(sealOf(base), base)).to.equal(true);
      expect(sealContentHash(sealOf(base))).to.equal(eventContentHash(base));
    });

    it('fails for a seal of the same id with other content', function () {
      for (const other of variants.filter((v) => v.eventId === base.eventId)) {
        expect(sealHoldsEvent(sealOf(other), base), JSON.stringify(other)).to.equal(false);
      }
    });
  });
});

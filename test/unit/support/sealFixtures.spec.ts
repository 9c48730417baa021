// The seal builder of test/support/sealFixtures.ts.
import { expect } from 'chai';

import { eventHash, GENESIS_PREVIOUS_HASH, toHex } from '@gateway/core';
import { chainedSeal, sealOfEvent, sealRecord, TEST_SUBMITTER } from '@test-support/sealFixtures';

describe('seal fixtures', function () {
  describe('#sealRecord', function () {
    it('gives entry 1 of an unsigned event by the test submitter when no field is given', function () {
      expect(sealRecord()).to.deep.equal({
        sequenceNumber: 1,
        eventId: 'e1',
        payload: new Uint8Array(),
        eventHash: new Uint8Array(32),
        previousHash: new Uint8Array(32),
        sealedTimestamp: 1,
        blockNumber: 1,
        transactionId: 'tx',
        entryIndex: 0,
        entryType: 'event',
        vepsSignature: '',
        vepsTimestamp: 0,
        metadata: {},
        submitter: TEST_SUBMITTER,
      });
    });

    it('takes the given fields over the defaults and keeps the others', function () {
      const seal = sealRecord({ sequenceNumber: 9, entryType: 'account' });

      expect(seal.sequenceNumber).to.equal(9);
      expect(seal.entryType).to.equal('account');
      expect(seal.transactionId).to.equal('tx');
    });

    it('gives each seal its own hash arrays', function () {
      const first = sealRecord();
      const second = sealRecord();

      expect(first.eventHash).to.not.equal(second.eventHash);
      expect(first.previousHash).to.not.equal(second.previousHash);
    });
  });

  describe('#sealOfEvent', function () {
    const event = {
      eventId: 'evt-1',
      payload: 'aGk=',
      vepsSignature: 'c2ln',
      vepsTimestamp: '17',
      metadata: { k: 'v' },
    };

    it("carries the event's id, decoded payload, signature, timestamp and metadata", function () {
      const seal = sealOfEvent(event, { sequenceNumber: 3 });

      expect(seal).to.include({
        eventId: 'evt-1',
        vepsSignature: 'c2ln',
        vepsTimestamp: 17,
        sequenceNumber: 3,
      });
      expect(Buffer.from(seal.payload).toString('utf8')).to.equal('hi');
      expect(seal.metadata).to.deep.equal({ k: 'v' });
    });

    it('lets a given field override what comes from the event', function () {
      expect(sealOfEvent(event, { eventId: 'other' }).eventId).to.equal('other');
    });
  });

  describe('#chainedSeal', function () {
    const link = {
      sequenceNumber: 1,
      eventId: 'e1',
      payload: Buffer.from('p1'),
      previousHash: GENESIS_PREVIOUS_HASH,
    };

    it('hashes its sequence number, event id, payload and previous hash into its event hash', function () {
      const expected = eventHash({
        sequenceNumber: 1n,
        eventId: 'e1',
        payload: Buffer.from('p1'),
        previousHash: GENESIS_PREVIOUS_HASH,
      });

      expect(toHex(chainedSeal(link).eventHash)).to.equal(toHex(expected));
    });

    it('gives another event hash for another payload', function () {
      const other = chainedSeal({ ...link, payload: Buffer.from('p2') });

      expect(toHex(other.eventHash)).to.not.equal(toHex(chainedSeal(link).eventHash));
    });

    it('computes the event hash even when one is given', function () {
      const seal = chainedSeal({ ...link, eventHash: new Uint8Array(32).fill(9) });

      expect(toHex(seal.eventHash)).to.equal(toHex(chainedSeal(link).eventHash));
    });
  });
});

import { status } from '@grpc/grpc-js';
import { expect } from 'chai';
import { canonicalBytes } from '@chaincode/lib/canonicalJson';
import type { SealRecord } from '@gateway/core/sealRecord';
import { LedgerServiceError } from '@gateway/proto/serviceErrors';
import { matchesKeyPrefix, newSealFilter } from '@gateway/server/streamFilter';
import { sealRecord } from '@test-support/sealFixtures';

function seal(entryType: string, eventId: string, payload: Uint8Array = new Uint8Array()): SealRecord {
  return sealRecord({ entryType, eventId, payload });
}

function writeSeal(type: string, keys: readonly string[]): SealRecord {
  const writes = keys.map((key) => ({ key, valueHash: 'a'.repeat(64), deleted: false }));
  return seal(type, 'f'.repeat(64), canonicalBytes({ type, action: 'Accounts:OpenAccount', writes }));
}

describe('streamFilter', function () {
  describe('#matchesKeyPrefix', function () {
    it('matches an event entry by the start of its event id', function () {
      expect(matchesKeyPrefix(seal('event', 'order-17'), 'order-')).to.equal(true);
      expect(matchesKeyPrefix(seal('event', 'invoice-17'), 'order-')).to.equal(false);
    });

    it('matches a write entry when any written key starts with the prefix', function () {
      const entry = writeSeal('account', ['account/ACC-1', 'audit/x']);
      expect(matchesKeyPrefix(entry, 'audit/')).to.equal(true);
      expect(matchesKeyPrefix(entry, 'custody/')).to.equal(false);
    });

    it('does not match a write entry by its transaction id', function () {
      expect(matchesKeyPrefix(writeSeal('account', ['account/ACC-1']), 'fff')).to.equal(false);
    });

    it('matches nothing in a write entry whose payload is not JSON', function () {
      expect(matchesKeyPrefix(seal('account', 'tx', Buffer.from('not json')), 'a')).to.equal(false);
    });

    it('matches everything with an empty prefix', function () {
      expect(matchesKeyPrefix(seal('account', 'tx', Buffer.from('not json')), '')).to.equal(true);
    });
  });

  describe('#newSealFilter', function () {
    it('keeps only the asked entry types', function () {
      const filter = newSealFilter(['account', 'custody'], '');
      expect(filter(writeSeal('account', ['a']))).to.equal(true);
      expect(filter(writeSeal('custody', ['c']))).to.equal(true);
      expect(filter(seal('event', 'e'))).to.equal(false);
      expect(filter(writeSeal('governance', ['g']))).to.equal(false);
    });

    it('combines the entry types with the key prefix', function () {
      const filter = newSealFilter(['event'], 'keep-');
      expect(filter(seal('event', 'keep-1'))).to.equal(true);
      expect(filter(seal('event', 'drop-1'))).to.equal(false);
      expect(filter(writeSeal('account', ['keep-1']))).to.equal(false);
    });

    it('rejects an unknown entry type with INVALID_ARGUMENT naming the element', function () {
      expect(() => newSealFilter(['event', 'blocks'], ''))
        .to.throw(LedgerServiceError, /^entry_types\[1\]: got "blocks", want one of event, account/)
        .with.property('code', status.INVALID_ARGUMENT);
    });
  });
});

import { expect } from 'chai';
import * as sinon from 'sinon';
import { AccountsContract } from '@chaincode/contracts/accountsContract';
import { LedgerContext } from '@chaincode/ledgerContext';
import { canonicalBytes } from '@chaincode/lib/canonicalJson';
import { decodeJournalRecord, JOURNAL_EVENT_NAME } from '@chaincode/lib/journal';
import { accountKey, compositeKey, IndexType } from '@chaincode/lib/keys';
import { sha256Hex } from '@chaincode/lib/sha256';
import { fakeIdentity } from '@test-support/fakeIdentity';
import { Harness } from './harness';

describe('LedgerContext', () => {
  let h: Harness;
  let ctx: LedgerContext;
  const contract = new AccountsContract();

  beforeEach(() => {
    h = new Harness();
    ctx = h.context(contract, h.ids.teller1);
  });

  afterEach(() => {
    sinon.restore();
  });

  it('is what the contracts create', () => {
    expect(contract.createContext()).to.be.instanceOf(LedgerContext);
  });

  describe('#actor', () => {
    it('comes from the client identity: MSP id, id and the ledger.role attribute', () => {
      expect(ctx.actor).to.deep.equal({
        msp: 'Org1MSP',
        id: h.ids.teller1.getID(),
        role: 'teller',
        rawRole: 'teller',
      });
    });

    it('has a null role when the attribute is missing or unknown', () => {
      expect(h.context(contract, fakeIdentity('Org1MSP')).actor.role).to.equal(null);
      expect(h.context(contract, h.ids.stranger1).actor).to.include({ role: null, rawRole: 'superuser' });
    });
  });

  describe('#tx', () => {
    it('comes from the transaction id and timestamp only', () => {
      h.fake.beginTransaction({ txId: 'tx-1', time: '2025-03-04T05:06:07.089Z', nanos: 123 });
      expect(ctx.tx).to.deep.equal({
        txId: 'tx-1',
        nanos: 1741064767089000123n,
        iso: '2025-03-04T05:06:07.089Z',
        timeKey: '01741064767089000123',
      });
    });
  });

  describe('#commitWrites', () => {
    it('emits exactly one event whose payload is the canonical journal record', async () => {
      await ctx.putRecord(accountKey('Org1MSP', 'A'), { b: 1, a: 2 });
      await ctx.putIndex(compositeKey(IndexType.ACCOUNT_BY_OWNER, ['Org1MSP', 'A']));
      await ctx.commitWrites('account', 'Accounts:OpenAccount');
      expect(h.fake.events).to.have.length(1);
      const { name, payload } = h.fake.events[0]!;
      expect(name).to.equal(JOURNAL_EVENT_NAME);
      const record = decodeJournalRecord(payload);
      expect(Buffer.from(payload).equals(Buffer.from(canonicalBytes(record)))).to.equal(true);
      expect(record.entries).to.deep.equal([
        {
          type: 'account',
          action: 'Accounts:OpenAccount',
          writes: [
            {
              key: '/account/Org1MSP/A/',
              valueHash: sha256Hex(canonicalBytes({ a: 2, b: 1 })),
              deleted: false,
            },
            { key: '/account~owner/Org1MSP/A/', valueHash: sha256Hex(canonicalBytes({})), deleted: false },
          ],
        },
      ]);
      expect(ctx.journaled).to.equal(true);
    });

    it('appends three audit keys per resource and keeps them out of the journal entry', async () => {
      await ctx.putRecord(accountKey('Org1MSP', 'A'), {});
      await ctx.putIndex(compositeKey(IndexType.ACCOUNT_BY_OWNER, ['Org1MSP', 'A']));
      await ctx.commitWrites('account', 'Accounts:OpenAccount');
      expect(ctx.writeCount).to.equal(5);
      const entry = decodeJournalRecord(h.fake.events[0]!.payload).entries[0]!;
      expect('writes' in entry ? entry.writes.length : 0).to.equal(2);
      const keys = [...h.fake.pendingWrites.keys()].filter((key) => key.includes('audit'));
      expect(keys).to.have.length(3);
    });

    it('records a delete as a null value hash', async () => {
      await ctx.deleteRecord(accountKey('Org1MSP', 'A'));
      await ctx.commitWrites('account', 'Accounts:CloseAccount');
      const entry = decodeJournalRecord(h.fake.events[0]!.payload).entries[0]!;
      expect('writes' in entry ? entry.writes : []).to.deep.equal([
        { key: '/account/Org1MSP/A/', valueHash: null, deleted: true },
      ]);
      expect(h.fake.pendingWrites.get(accountKey('Org1MSP', 'A'))).to.equal(null);
    });

    it('refuses to journal twice, to journal nothing and to write after the journal', async () => {
      await expect(ctx.commitWrites('account', 'Accounts:OpenAccount')).to.be.rejectedWith(
        Error,
        /nothing written/,
      );
      await ctx.putRecord(accountKey('Org1MSP', 'A'), {});
      await ctx.commitWrites('account', 'Accounts:OpenAccount');
      await expect(ctx.commitWrites('account', 'Accounts:OpenAccount')).to.be.rejectedWith(Error, /twice/);
      await expect(ctx.putRecord(accountKey('Org1MSP', 'B'), {})).to.be.rejectedWith(
        Error,
        /after the journal event/,
      );
      await expect(ctx.deleteRecord(accountKey('Org1MSP', 'B'))).to.be.rejectedWith(
        Error,
        /after the journal event/,
      );
      expect(h.fake.events).to.have.length(1);
    });

    it('refuses a caller without a role', async () => {
      const anonymous = h.context(contract, fakeIdentity('Org1MSP'));
      await anonymous.putRecord(accountKey('Org1MSP', 'A'), {});
      await expect(anonymous.commitWrites('account', 'Accounts:OpenAccount')).to.be.rejectedWith(
        Error,
        /without a role/,
      );
    });
  });

  describe('#putRecord', () => {
    it('sets a key-level policy of the sorted, distinct endorsing orgs', async () => {
      await ctx.putRecord(accountKey('Org1MSP', 'A'), {}, ['Org2MSP', 'Org1MSP', 'Org2MSP']);
      await ctx.commitWrites('account', 'Accounts:OpenAccount');
      h.fake.commit();
      expect(h.endorsers(accountKey('Org1MSP', 'A'))).to.deep.equal(['Org1MSP', 'Org2MSP']);
    });
  });

  describe('#assertJournaled', () => {
    it('fails a transaction that wrote without journaling, through afterTransaction', async () => {
      await ctx.putRecord(accountKey('Org1MSP', 'A'), {});
      expect(() => {
        ctx.assertJournaled();
      }).to.throw(Error, /without emitting its journal event/);
      await expect(contract.afterTransaction(ctx)).to.be.rejectedWith(Error, /journal/);
    });

    it('passes a read-only transaction', async () => {
      await expect(contract.afterTransaction(ctx)).to.be.fulfilled;
    });
  });
});

import { expect } from 'chai';
import * as sinon from 'sinon';
import { AccountsContract } from '@chaincode/contracts/accountsContract';
import { AuditContract } from '@chaincode/contracts/auditContract';
import { GovernanceContract } from '@chaincode/contracts/governanceContract';
import { JournalContract } from '@chaincode/contracts/journalContract';
import { TransactionsContract } from '@chaincode/contracts/transactionsContract';
import { LedgerError } from '@chaincode/lib/errors';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Account } from '@chaincode/model/account';
import type { AuditRecord, HistoryEntry, Page } from '@chaincode/model/audit';
import { Harness, parse } from '../harness';

describe('AuditContract', () => {
  let h: Harness;
  const audit = new AuditContract();
  const accounts = new AccountsContract();
  const money = new TransactionsContract();
  const journal = new JournalContract();

  beforeEach(async () => {
    h = new Harness();
    // 00:00:01 open A-1 (teller1), 00:00:02 deposit (teller1), 00:00:03 freeze (admin1), 00:00:04 open B-1 (teller2)
    await h.submit(accounts, h.ids.teller1, (ctx) => accounts.OpenAccount(ctx, 'A-1', 'C-1', 'USD'));
    await h.submit(money, h.ids.teller1, (ctx) => money.Deposit(ctx, 'T-1', 'A-1', '5.00'));
    await h.submit(accounts, h.ids.admin1, (ctx) => accounts.FreezeAccount(ctx, 'A-1'));
    await h.submit(accounts, h.ids.teller2, (ctx) => accounts.OpenAccount(ctx, 'B-1', 'C-2', 'EUR'));
  });

  afterEach(() => {
    sinon.restore();
  });

  it('is named Audit', () => {
    expect(audit.getName()).to.equal('Audit');
  });

  describe('audit trail', () => {
    it('holds one record per resource written, with actor, action and time', async () => {
      const page = parse<Page<AuditRecord>>(
        await h.evaluate(audit, h.ids.auditor1, (ctx) =>
          audit.GetAuditByResource(ctx, '/account/Org1MSP/A-1/', '', ''),
        ),
      );
      expect(page.records.map((r) => r.action)).to.deep.equal([
        'Accounts:OpenAccount',
        'Transactions:Deposit',
        'Accounts:FreezeAccount',
      ]);
      expect(page.records[2]).to.deep.equal({
        eventId: h.fake.committedEvents[2]!.txId,
        userId: h.ids.admin1.getID(),
        msp: 'Org1MSP',
        role: 'admin',
        action: 'Accounts:FreezeAccount',
        resource: '/account/Org1MSP/A-1/',
        timestamp: '2025-01-01T00:00:03.000Z',
      });
    });

    it('does not list index or audit keys as resources', async () => {
      const page = parse<Page<AuditRecord>>(
        await h.evaluate(audit, h.ids.auditor1, (ctx) => audit.GetAuditByTime(ctx, '', '', '', '')),
      );
      expect(page.records.map((r) => r.resource)).to.deep.equal([
        '/account/Org1MSP/A-1/',
        '/account/Org1MSP/A-1/',
        '/transaction/Org1MSP/T-1/',
        '/account/Org1MSP/A-1/',
        '/account/Org2MSP/B-1/',
      ]);
    });
  });

  describe('#GetAuditByResource', () => {
    it('pages through the records of one resource', async () => {
      const first = parse<Page<AuditRecord>>(
        await h.evaluate(audit, h.ids.admin1, (ctx) =>
          audit.GetAuditByResource(ctx, '/account/Org1MSP/A-1/', '2', ''),
        ),
      );
      expect(first.records).to.have.length(2);
      const second = parse<Page<AuditRecord>>(
        await h.evaluate(audit, h.ids.admin1, (ctx) =>
          audit.GetAuditByResource(ctx, '/account/Org1MSP/A-1/', '2', first.bookmark),
        ),
      );
      expect(second.records.map((r) => r.action)).to.deep.equal(['Accounts:FreezeAccount']);
      expect(second.bookmark).to.equal('');
    });

    it('refuses tellers, custodians and the gateway', async () => {
      for (const who of [h.ids.teller1, h.ids.custodian1, h.ids.gateway1]) {
        await expect(
          h.evaluate(audit, who, (ctx) => audit.GetAuditByResource(ctx, '/account/Org1MSP/A-1/', '', '')),
        ).to.be.rejectedWith(LedgerError, /^\[PERMISSION_DENIED\] Audit:GetAuditByResource/);
      }
    });

    it('rejects an empty resource', async () => {
      await expect(
        h.evaluate(audit, h.ids.auditor1, (ctx) => audit.GetAuditByResource(ctx, '', '', '')),
      ).to.be.rejectedWith(LedgerError, /^\[INVALID_ARGUMENT\] resource/);
    });
  });

  describe('#GetAuditByUser', () => {
    it('lists what one identity did', async () => {
      const page = parse<Page<AuditRecord>>(
        await h.evaluate(audit, h.ids.auditor1, (ctx) =>
          audit.GetAuditByUser(ctx, h.ids.teller2.getID(), '', ''),
        ),
      );
      expect(page.records.map((r) => [r.action, r.resource])).to.deep.equal([
        ['Accounts:OpenAccount', '/account/Org2MSP/B-1/'],
      ]);
    });
  });

  describe('#GetAuditByTime', () => {
    it('lists the records in [fromIso, toIso)', async () => {
      const page = parse<Page<AuditRecord>>(
        await h.evaluate(audit, h.ids.auditor1, (ctx) =>
          audit.GetAuditByTime(ctx, '2025-01-01T00:00:02Z', '2025-01-01T00:00:04Z', '', ''),
        ),
      );
      expect(page.records.map((r) => r.action)).to.deep.equal([
        'Transactions:Deposit',
        'Transactions:Deposit',
        'Accounts:FreezeAccount',
      ]);
    });

    it('pages with a bookmark', async () => {
      const first = parse<Page<AuditRecord>>(
        await h.evaluate(audit, h.ids.auditor1, (ctx) => audit.GetAuditByTime(ctx, '', '', '4', '')),
      );
      const second = parse<Page<AuditRecord>>(
        await h.evaluate(audit, h.ids.auditor1, (ctx) =>
          audit.GetAuditByTime(ctx, '', '', '4', first.bookmark),
        ),
      );
      expect(first.records).to.have.length(4);
      expect(second.records.map((r) => r.resource)).to.deep.equal(['/account/Org2MSP/B-1/']);
    });

    it('rejects an inverted or malformed window', async () => {
      await expect(
        h.evaluate(audit, h.ids.auditor1, (ctx) =>
          audit.GetAuditByTime(ctx, '2025-01-02T00:00:00Z', '2025-01-01T00:00:00Z', '', ''),
        ),
      ).to.be.rejectedWith(LedgerError, /^\[INVALID_ARGUMENT\] toIso/);
      await expect(
        h.evaluate(audit, h.ids.auditor1, (ctx) => audit.GetAuditByTime(ctx, 'now', '', '', '')),
      ).to.be.rejectedWith(LedgerError, /^\[INVALID_ARGUMENT\] fromIso/);
    });
  });

  describe('#GetHistory', () => {
    it('returns every revision of an account, newest first, with values', async () => {
      const page = parse<Page<HistoryEntry>>(
        await h.evaluate(audit, h.ids.auditor1, (ctx) => audit.GetHistory(ctx, 'account', 'A-1', '', '')),
      );
      expect(page.records.map((r) => (r.value as Account).status)).to.deep.equal([
        'FROZEN',
        'ACTIVE',
        'ACTIVE',
      ]);
      expect(page.records.map((r) => (r.value as Account).balance)).to.deep.equal(['5.00', '5.00', '0.00']);
      expect(page.records[2]).to.include({
        txId: h.fake.committedEvents[0]!.txId,
        timestamp: '2025-01-01T00:00:01.000Z',
        isDelete: false,
      });
      expect(h.fake.openIterators).to.equal(0);
    });

    it("reads a bare id as the caller org's record and <mspId>/<id> as that org's", async () => {
      const history = async (who: typeof h.ids.teller1, id: string): Promise<Page<HistoryEntry>> =>
        parse<Page<HistoryEntry>>(
          await h.evaluate(audit, who, (ctx) => audit.GetHistory(ctx, 'account', id, '', '')),
        );
      expect((await history(h.ids.teller2, 'B-1')).records).to.have.length(1);
      expect((await history(h.ids.auditor1, 'Org2MSP/B-1')).records).to.have.length(1);
      expect((await history(h.ids.auditor1, 'B-1')).records).to.have.length(0);
      expect((await history(h.ids.teller2, 'Org1MSP/A-1')).records).to.have.length(3);
      await expect(history(h.ids.auditor1, 'Org2MSP/B-1/x')).to.be.rejectedWith(
        LedgerError,
        /^\[INVALID_ARGUMENT\] id: got "Org2MSP\/B-1\/x"/,
      );
    });

    it('pages in the chaincode with the next revision tx id as bookmark', async () => {
      const first = parse<Page<HistoryEntry>>(
        await h.evaluate(audit, h.ids.teller1, (ctx) => audit.GetHistory(ctx, 'account', 'A-1', '2', '')),
      );
      expect(first.records).to.have.length(2);
      expect(first.bookmark).to.equal(h.fake.committedEvents[0]!.txId);
      const second = parse<Page<HistoryEntry>>(
        await h.evaluate(audit, h.ids.teller1, (ctx) =>
          audit.GetHistory(ctx, 'account', 'A-1', '2', first.bookmark),
        ),
      );
      expect(second.records.map((r) => r.txId)).to.deep.equal([first.bookmark]);
      expect(second.bookmark).to.equal('');
    });

    it('covers transactions and event batches', async () => {
      const tx = parse<Page<HistoryEntry>>(
        await h.evaluate(audit, h.ids.auditor1, (ctx) => audit.GetHistory(ctx, 'transaction', 'T-1', '', '')),
      );
      expect(tx.records).to.have.length(1);
      await h.submit(journal, h.ids.gateway1, (ctx) =>
        journal.SubmitEvents(
          ctx,
          JSON.stringify([
            { eventId: 'e 1', payload: '', vepsSignature: '', vepsTimestamp: '1', metadata: {} },
          ]),
        ),
      );
      const batchTxId = h.fake.txId;
      const ev = parse<Page<HistoryEntry>>(
        await h.evaluate(audit, h.ids.auditor1, (ctx) =>
          audit.GetHistory(ctx, 'eventbatch', batchTxId, '', ''),
        ),
      );
      expect(ev.records).to.have.length(1);
    });

    it('covers the governance records: the consortium, a member and a proposal', async () => {
      const governance = new GovernanceContract();
      const consortiumJson = readFileSync(
        path.join(__dirname, '..', '..', '..', '..', 'channel-config', 'consortium.json'),
        'utf8',
      );
      // Both founding members accept the charter; the second acceptance founds the consortium.
      await h.submit(governance, h.ids.admin1, (ctx) => governance.InitConsortium(ctx, consortiumJson));
      await h.submit(governance, h.ids.admin2, (ctx) => governance.InitConsortium(ctx, consortiumJson));
      await h.submit(governance, h.ids.admin1, (ctx) =>
        governance.CreateProposal(ctx, JSON.stringify({ removals: [{ mspId: 'Org2MSP' }] }), 'history'),
      );
      const proposalId = h.fake.txId;
      const history = async (keyType: string, id: string): Promise<Page<HistoryEntry>> =>
        parse<Page<HistoryEntry>>(
          await h.evaluate(audit, h.ids.auditor1, (ctx) => audit.GetHistory(ctx, keyType, id, '', '')),
        );

      const consortium = await history('consortium', 'current');
      const member = await history('member', 'Org2MSP');
      const proposal = await history('proposal', proposalId);

      expect(consortium.records).to.have.length(1);
      expect(consortium.records[0]?.value).to.include({ networkName: 'ledger-consortium' });
      expect(member.records.map((r) => r.value)).to.deep.include.members([member.records[0]?.value]);
      expect(member.records).to.have.length(1);
      expect(member.records[0]?.value).to.include({ mspId: 'Org2MSP' });
      expect(proposal.records).to.have.length(1);
      expect(proposal.records[0]?.value).to.include({ proposalId });
    });

    it('names the id when a governance record id is malformed', async () => {
      await expect(
        h.evaluate(audit, h.ids.auditor1, (ctx) => audit.GetHistory(ctx, 'consortium', 'other', '', '')),
      ).to.be.rejectedWith(LedgerError, /^\[INVALID_ARGUMENT\] id: got "other", want "current"/);
      await expect(
        h.evaluate(audit, h.ids.auditor1, (ctx) => audit.GetHistory(ctx, 'member', 'Org 1', '', '')),
      ).to.be.rejectedWith(LedgerError, /^\[INVALID_ARGUMENT\] id: .*MSP id/);
    });

    it('returns an empty page for a key that never existed', async () => {
      const page = parse<Page<HistoryEntry>>(
        await h.evaluate(audit, h.ids.auditor1, (ctx) => audit.GetHistory(ctx, 'product', 'P-9', '', '')),
      );
      expect(page).to.deep.equal({ records: [], fetchedRecordsCount: 0, bookmark: '' });
    });

    it('rejects unknown key types, malformed ids and unknown bookmarks', async () => {
      await expect(
        h.evaluate(audit, h.ids.auditor1, (ctx) => audit.GetHistory(ctx, 'audit', 'x', '', '')),
      ).to.be.rejectedWith(
        LedgerError,
        /^\[INVALID_ARGUMENT\] keyType: got "audit", want one of account, transaction, product, shipment, eventbatch, consortium, member, proposal/,
      );
      await expect(
        h.evaluate(audit, h.ids.auditor1, (ctx) => audit.GetHistory(ctx, 'account', 'A 1', '', '')),
      ).to.be.rejectedWith(LedgerError, /^\[INVALID_ARGUMENT\] id/);
      await expect(
        h.evaluate(audit, h.ids.auditor1, (ctx) => audit.GetHistory(ctx, 'eventbatch', '', '', '')),
      ).to.be.rejectedWith(LedgerError, /^\[INVALID_ARGUMENT\] id/);
      await expect(
        h.evaluate(audit, h.ids.auditor1, (ctx) => audit.GetHistory(ctx, 'account', 'A-1', '', 'nope')),
      ).to.be.rejectedWith(LedgerError, /^\[INVALID_ARGUMENT\] bookmark/);
    });

    it('denies a caller without a role', async () => {
      await expect(
        h.evaluate(audit, h.ids.noRole1, (ctx) => audit.GetHistory(ctx, 'account', 'A-1', '', '')),
      ).to.be.rejectedWith(LedgerError, /^\[PERMISSION_DENIED\]/);
    });
  });
});

import { expect } from 'chai';
import * as sinon from 'sinon';
import { AccountsContract } from '@chaincode/contracts/accountsContract';
import { TransactionsContract } from '@chaincode/contracts/transactionsContract';
import { certificateSha256 } from '@chaincode/ledgerContext';
import { LedgerError } from '@chaincode/lib/errors';
import { accountKey, compositeKey, IndexType, printableKey } from '@chaincode/lib/keys';
import { sha256Hex } from '@chaincode/lib/sha256';
import type { Account } from '@chaincode/model/account';
import type { Page } from '@chaincode/model/audit';
import { fakeIdentity } from '@test-support/fakeIdentity';
import { Harness, parse } from '../harness';

describe('AccountsContract', () => {
  let h: Harness;
  const accounts = new AccountsContract();
  const money = new TransactionsContract();

  const open = (
    account = 'ACC-1',
    customer = 'CUST-1',
    currency = 'USD',
    who = h.ids.teller1,
  ): Promise<string> =>
    h.submit(accounts, who, (ctx) => accounts.OpenAccount(ctx, account, customer, currency));

  beforeEach(() => {
    h = new Harness();
  });

  afterEach(() => {
    sinon.restore();
  });

  it('is named Accounts', () => {
    expect(accounts.getName()).to.equal('Accounts');
  });

  describe('#OpenAccount', () => {
    it('opens an ACTIVE zero-balance account owned by the caller org', async () => {
      const result = parse<Account>(await open());
      expect(result).to.deep.equal({
        accountNumber: 'ACC-1',
        customerId: 'CUST-1',
        ownerMsp: 'Org1MSP',
        balance: '0.00',
        currency: 'USD',
        status: 'ACTIVE',
        createdAt: '2025-01-01T00:00:01.000Z',
        updatedAt: '2025-01-01T00:00:01.000Z',
      });
      expect(h.fake.json(accountKey('Org1MSP', 'ACC-1'))).to.deep.equal(result);
    });

    it('returns canonical JSON', async () => {
      const text = await open();
      expect(text).to.equal(JSON.stringify(JSON.parse(text), Object.keys(JSON.parse(text) as object).sort()));
    });

    it('prints the zero balance with the currency minor digits', async () => {
      expect(parse<Account>(await open('J-1', 'C', 'JPY')).balance).to.equal('0');
      expect(parse<Account>(await open('B-1', 'C', 'BHD')).balance).to.equal('0.000');
    });

    it('sets the key-level endorsement policy of the account to its owner org', async () => {
      await open();
      expect(h.endorsers(accountKey('Org1MSP', 'ACC-1'))).to.deep.equal(['Org1MSP']);
    });

    it('writes the customer and owner index keys', async () => {
      await open();
      expect(
        h.fake.state.has(compositeKey(IndexType.ACCOUNT_BY_CUSTOMER, ['Org1MSP', 'CUST-1', 'ACC-1'])),
      ).to.equal(true);
      expect(h.fake.state.has(compositeKey(IndexType.ACCOUNT_BY_OWNER, ['Org1MSP', 'ACC-1']))).to.equal(true);
    });

    it('emits exactly one journal event listing every non-audit key written, sorted', async () => {
      await open();
      const record = h.journal();
      expect(record.actor).to.deep.equal({
        cert: certificateSha256(h.ids.teller1.getIDBytes()),
        msp: 'Org1MSP',
        id: h.ids.teller1.getID(),
        role: 'teller',
      });
      expect(record.txId).to.equal(h.fake.txId);
      expect(record.timestamp).to.equal('2025-01-01T00:00:01.000Z');
      expect(record.entries).to.have.length(1);
      const entry = record.entries[0]!;
      expect(entry).to.include({ type: 'account', action: 'Accounts:OpenAccount' });
      const writes = 'writes' in entry ? entry.writes : [];
      expect(writes.map((w) => w.key)).to.deep.equal([
        '/account/Org1MSP/ACC-1/',
        '/account~customer/Org1MSP/CUST-1/ACC-1/',
        '/account~owner/Org1MSP/ACC-1/',
      ]);
      expect(writes[0]!.valueHash).to.equal(sha256Hex(h.fake.state.get(accountKey('Org1MSP', 'ACC-1'))!));
    });

    it('lets an admin open an account', async () => {
      expect(parse<Account>(await open('ACC-9', 'C', 'EUR', h.ids.admin1)).ownerMsp).to.equal('Org1MSP');
    });

    it('rejects a currency that is not ISO 4217', async () => {
      await expect(open('ACC-1', 'CUST-1', 'XYZ')).to.be.rejectedWith(
        LedgerError,
        /^\[INVALID_ARGUMENT\] currency: got "XYZ"/,
      );
    });

    it('rejects malformed account numbers and customer ids', async () => {
      await expect(open('', 'CUST-1')).to.be.rejectedWith(LedgerError, /^\[INVALID_ARGUMENT\] accountNumber/);
      await expect(open('ACC 1', 'CUST-1')).to.be.rejectedWith(
        LedgerError,
        /^\[INVALID_ARGUMENT\] accountNumber/,
      );
      await expect(open('ACC-1', 'x'.repeat(65))).to.be.rejectedWith(
        LedgerError,
        /^\[INVALID_ARGUMENT\] customerId/,
      );
    });

    it('rejects an account number that its org already uses', async () => {
      await open();
      await expect(open('ACC-1', 'CUST-2', 'EUR', h.ids.admin1)).to.be.rejectedWith(
        LedgerError,
        /^\[ALREADY_EXISTS\] account "ACC-1" of Org1MSP already exists/,
      );
      await expect(open('Org1MSP/ACC-1', 'CUST-2', 'EUR')).to.be.rejectedWith(
        LedgerError,
        /^\[ALREADY_EXISTS\] account "ACC-1" of Org1MSP/,
      );
    });

    it('cannot be squatted: another org opening the same number first makes a different account', async () => {
      const theirs = parse<Account>(await open('ACC-1', 'CUST-1', 'EUR', h.ids.teller2));
      const mine = parse<Account>(await open('ACC-1', 'CUST-1', 'USD', h.ids.teller1));
      expect(theirs).to.include({ accountNumber: 'ACC-1', ownerMsp: 'Org2MSP', currency: 'EUR' });
      expect(mine).to.include({ accountNumber: 'ACC-1', ownerMsp: 'Org1MSP', currency: 'USD' });
      expect(h.fake.json(accountKey('Org2MSP', 'ACC-1'))).to.deep.equal(theirs);
      expect(h.fake.json(accountKey('Org1MSP', 'ACC-1'))).to.deep.equal(mine);
      expect(h.endorsers(accountKey('Org2MSP', 'ACC-1'))).to.deep.equal(['Org2MSP']);
      expect(h.endorsers(accountKey('Org1MSP', 'ACC-1'))).to.deep.equal(['Org1MSP']);
      // Each org's bare ACC-1 is its own; the other's is reachable only qualified.
      const read = async (who: typeof h.ids.teller1, id: string): Promise<Account> =>
        parse<Account>(await h.evaluate(accounts, who, (ctx) => accounts.GetAccount(ctx, id)));
      expect((await read(h.ids.teller1, 'ACC-1')).ownerMsp).to.equal('Org1MSP');
      expect((await read(h.ids.teller2, 'ACC-1')).ownerMsp).to.equal('Org2MSP');
      expect((await read(h.ids.teller1, 'Org2MSP/ACC-1')).currency).to.equal('EUR');
    });

    it("lets Org1's deposit to a bare number reach Org1's account, not the squatter's", async () => {
      await open('ACC-1', 'CUST-1', 'USD', h.ids.teller2);
      await open('ACC-1', 'CUST-1', 'USD', h.ids.teller1);
      await h.submit(money, h.ids.teller1, (ctx) => money.Deposit(ctx, 'T-1', 'ACC-1', '5.00'));
      expect((h.fake.json(accountKey('Org1MSP', 'ACC-1')) as Account).balance).to.equal('5.00');
      expect((h.fake.json(accountKey('Org2MSP', 'ACC-1')) as Account).balance).to.equal('0.00');
    });

    it("refuses to open an account qualified with another org's MSP id, writing nothing", async () => {
      const puts = h.fake.stub.putState.callCount;
      await expect(open('Org1MSP/ACC-2', 'CUST-1', 'USD', h.ids.teller2)).to.be.rejectedWith(
        LedgerError,
        /^\[PERMISSION_DENIED\] accountNumber: got "Org1MSP\/ACC-2", want an id of the caller's org Org2MSP/,
      );
      expect(h.fake.stub.putState.callCount).to.equal(puts);
      expect(h.fake.events).to.have.length(0);
      expect(h.fake.state.has(accountKey('Org1MSP', 'ACC-2'))).to.equal(false);
      await expect(open('ACC-2', 'Org1MSP/CUST-1', 'USD', h.ids.teller2)).to.be.rejectedWith(
        LedgerError,
        /^\[PERMISSION_DENIED\] customerId: got "Org1MSP\/CUST-1"/,
      );
      await open('ACC-2');
      expect((h.fake.json(accountKey('Org1MSP', 'ACC-2')) as Account).ownerMsp).to.equal('Org1MSP');
    });

    it('rejects malformed qualified account numbers as INVALID_ARGUMENT', async () => {
      for (const bad of ['Org1MSP/', '/ACC-1', 'Org1MSP/ACC-1/x', 'Org 1/ACC-1']) {
        await expect(open(bad), bad).to.be.rejectedWith(LedgerError, /^\[INVALID_ARGUMENT\] accountNumber/);
      }
    });

    it('rejects roles other than teller and admin', async () => {
      for (const who of [
        h.ids.auditor1,
        h.ids.custodian1,
        h.ids.gateway1,
        h.ids.noRole1,
        h.ids.stranger1,
        fakeIdentity('Org1MSP'),
      ]) {
        await expect(open('ACC-1', 'CUST-1', 'USD', who)).to.be.rejectedWith(
          LedgerError,
          /^\[PERMISSION_DENIED\] Accounts:OpenAccount/,
        );
      }
    });

    it('refuses a lower-case currency by code and field and emits no event', async () => {
      await expect(open('ACC-1', 'CUST-1', 'usd')).to.be.rejectedWith(
        LedgerError,
        /^\[INVALID_ARGUMENT\] currency: got "usd"/,
      );
      // Committed state is not compared: the harness rolls a failed call back as a peer does (harness.ts).
      expect(h.fake.events, 'events of the refused transaction').to.have.length(0);
    });
  });

  describe('#GetAccount', () => {
    it('returns the account to any role and emits nothing', async () => {
      await open();
      for (const who of [h.ids.auditor1, h.ids.custodian1, h.ids.gateway1]) {
        const text = await h.evaluate(accounts, who, (ctx) => accounts.GetAccount(ctx, 'ACC-1'));
        expect(parse<Account>(text).accountNumber).to.equal('ACC-1');
      }
    });

    it("returns another org's account by its qualified number, and not by the bare one", async () => {
      await open();
      const text = await h.evaluate(accounts, h.ids.teller2, (ctx) =>
        accounts.GetAccount(ctx, 'Org1MSP/ACC-1'),
      );
      expect(parse<Account>(text)).to.include({ accountNumber: 'ACC-1', ownerMsp: 'Org1MSP' });
      await expect(
        h.evaluate(accounts, h.ids.teller2, (ctx) => accounts.GetAccount(ctx, 'ACC-1')),
      ).to.be.rejectedWith(LedgerError, /^\[NOT_FOUND\] account "ACC-1" does not exist/);
    });

    it('reports a missing account as NOT_FOUND', async () => {
      await expect(
        h.evaluate(accounts, h.ids.auditor1, (ctx) => accounts.GetAccount(ctx, 'NOPE')),
      ).to.be.rejectedWith(LedgerError, /^\[NOT_FOUND\] account "NOPE" does not exist/);
    });

    it('denies a caller without a role', async () => {
      await open();
      await expect(
        h.evaluate(accounts, h.ids.noRole1, (ctx) => accounts.GetAccount(ctx, 'ACC-1')),
      ).to.be.rejectedWith(LedgerError, /^\[PERMISSION_DENIED\]/);
    });
  });

  describe('#ListAccountsByCustomer', () => {
    beforeEach(async () => {
      await open('A-1', 'CUST-1');
      await open('A-2', 'CUST-1', 'EUR');
      await open('A-3', 'CUST-1', 'JPY');
      await open('B-1', 'CUST-2');
      await open('A-4', 'CUST-10');
      await open('A-5', 'CUST-1', 'USD', h.ids.teller2);
    });

    it("scopes customer ids by org: Org2's CUST-1 is another customer, listed bare by Org2 or qualified", async () => {
      const list = async (who: typeof h.ids.teller1, customer: string): Promise<string[]> =>
        parse<Page<Account>>(
          await h.evaluate(accounts, who, (ctx) => accounts.ListAccountsByCustomer(ctx, customer, '', '')),
        ).records.map((a) => `${a.ownerMsp}/${a.accountNumber}`);
      expect(await list(h.ids.teller2, 'CUST-1')).to.deep.equal(['Org2MSP/A-5']);
      expect(await list(h.ids.auditor1, 'Org2MSP/CUST-1')).to.deep.equal(['Org2MSP/A-5']);
      expect(await list(h.ids.teller2, 'Org1MSP/CUST-1')).to.deep.equal([
        'Org1MSP/A-1',
        'Org1MSP/A-2',
        'Org1MSP/A-3',
      ]);
    });

    it('lists the accounts of one customer only, in pages', async () => {
      const first = parse<Page<Account>>(
        await h.evaluate(accounts, h.ids.auditor1, (ctx) =>
          accounts.ListAccountsByCustomer(ctx, 'CUST-1', '2', ''),
        ),
      );
      expect(first.records.map((a) => a.accountNumber)).to.deep.equal(['A-1', 'A-2']);
      expect(first.fetchedRecordsCount).to.equal(2);
      expect(first.bookmark).not.to.equal('');
      const second = parse<Page<Account>>(
        await h.evaluate(accounts, h.ids.auditor1, (ctx) =>
          accounts.ListAccountsByCustomer(ctx, 'CUST-1', '2', first.bookmark),
        ),
      );
      expect(second.records.map((a) => a.accountNumber)).to.deep.equal(['A-3']);
      expect(second.bookmark).to.equal('');
      expect(h.fake.openIterators).to.equal(0);
    });

    it('uses the default page size for ""', async () => {
      const page = parse<Page<Account>>(
        await h.evaluate(accounts, h.ids.teller1, (ctx) =>
          accounts.ListAccountsByCustomer(ctx, 'CUST-1', '', ''),
        ),
      );
      expect(page.records).to.have.length(3);
    });

    it('rejects a bad page size', async () => {
      for (const size of ['0', '-1', '1000', 'x']) {
        await expect(
          h.evaluate(accounts, h.ids.teller1, (ctx) =>
            accounts.ListAccountsByCustomer(ctx, 'CUST-1', size, ''),
          ),
        ).to.be.rejectedWith(LedgerError, /^\[INVALID_ARGUMENT\] pageSize/);
      }
    });
  });

  describe('#ListAccountsByOwner', () => {
    it('lists the accounts of one org', async () => {
      await open('A-1');
      await open('A-2', 'C', 'EUR', h.ids.teller2);
      await open('A-3');
      const page = parse<Page<Account>>(
        await h.evaluate(accounts, h.ids.auditor1, (ctx) =>
          accounts.ListAccountsByOwner(ctx, 'Org1MSP', '', ''),
        ),
      );
      expect(page.records.map((a) => a.accountNumber)).to.deep.equal(['A-1', 'A-3']);
    });

    it('rejects a malformed MSP id', async () => {
      await expect(
        h.evaluate(accounts, h.ids.auditor1, (ctx) => accounts.ListAccountsByOwner(ctx, 'Org 1', '', '')),
      ).to.be.rejectedWith(LedgerError, /^\[INVALID_ARGUMENT\] ownerMsp/);
    });
  });

  describe('#FreezeAccount', () => {
    beforeEach(async () => {
      await open();
    });

    it('freezes an ACTIVE account of the admin org and keeps the owner policy', async () => {
      const result = parse<Account>(
        await h.submit(accounts, h.ids.admin1, (ctx) => accounts.FreezeAccount(ctx, 'ACC-1')),
      );
      expect(result.status).to.equal('FROZEN');
      expect(result.updatedAt).to.equal('2025-01-01T00:00:02.000Z');
      expect(h.journal().entries[0]).to.include({ action: 'Accounts:FreezeAccount', type: 'account' });
      expect(h.endorsers(accountKey('Org1MSP', 'ACC-1'))).to.deep.equal(['Org1MSP']);
    });

    it('refuses a teller', async () => {
      await expect(
        h.submit(accounts, h.ids.teller1, (ctx) => accounts.FreezeAccount(ctx, 'ACC-1')),
      ).to.be.rejectedWith(
        LedgerError,
        /^\[PERMISSION_DENIED\] Accounts:FreezeAccount: attribute ledger.role got "teller", want one of admin/,
      );
    });

    it('refuses an admin of another org', async () => {
      await expect(
        h.submit(accounts, h.ids.admin2, (ctx) => accounts.FreezeAccount(ctx, 'Org1MSP/ACC-1')),
      ).to.be.rejectedWith(
        LedgerError,
        /^\[PERMISSION_DENIED\] account "Org1MSP\/ACC-1" belongs to Org1MSP; caller MSP got "Org2MSP"/,
      );
      await expect(
        h.submit(accounts, h.ids.admin2, (ctx) => accounts.FreezeAccount(ctx, 'ACC-1')),
      ).to.be.rejectedWith(LedgerError, /^\[NOT_FOUND\] account "ACC-1"/);
    });

    it('refuses an account that is already frozen', async () => {
      await h.submit(accounts, h.ids.admin1, (ctx) => accounts.FreezeAccount(ctx, 'ACC-1'));
      await expect(
        h.submit(accounts, h.ids.admin1, (ctx) => accounts.FreezeAccount(ctx, 'ACC-1')),
      ).to.be.rejectedWith(
        LedgerError,
        /^\[FAILED_PRECONDITION\] account "ACC-1": status got FROZEN, want ACTIVE/,
      );
    });

    it('reports a missing account as NOT_FOUND', async () => {
      await expect(
        h.submit(accounts, h.ids.admin1, (ctx) => accounts.FreezeAccount(ctx, 'NOPE')),
      ).to.be.rejectedWith(LedgerError, /^\[NOT_FOUND\]/);
    });
  });

  describe('#UnfreezeAccount', () => {
    it('makes a FROZEN account ACTIVE again', async () => {
      await open();
      await h.submit(accounts, h.ids.admin1, (ctx) => accounts.FreezeAccount(ctx, 'ACC-1'));
      const result = parse<Account>(
        await h.submit(accounts, h.ids.admin1, (ctx) => accounts.UnfreezeAccount(ctx, 'ACC-1')),
      );
      expect(result.status).to.equal('ACTIVE');
    });

    it('refuses an ACTIVE account', async () => {
      await open();
      await expect(
        h.submit(accounts, h.ids.admin1, (ctx) => accounts.UnfreezeAccount(ctx, 'ACC-1')),
      ).to.be.rejectedWith(
        LedgerError,
        /^\[FAILED_PRECONDITION\] account "ACC-1": status got ACTIVE, want FROZEN/,
      );
    });
  });

  describe('#CloseAccount', () => {
    beforeEach(async () => {
      await open();
    });

    it('closes an account with a zero balance, from ACTIVE or FROZEN', async () => {
      await open('ACC-2');
      expect(
        parse<Account>(await h.submit(accounts, h.ids.admin1, (ctx) => accounts.CloseAccount(ctx, 'ACC-1')))
          .status,
      ).to.equal('CLOSED');
      await h.submit(accounts, h.ids.admin1, (ctx) => accounts.FreezeAccount(ctx, 'ACC-2'));
      expect(
        parse<Account>(await h.submit(accounts, h.ids.admin1, (ctx) => accounts.CloseAccount(ctx, 'ACC-2')))
          .status,
      ).to.equal('CLOSED');
    });

    it('refuses an account with money on it', async () => {
      await h.submit(money, h.ids.teller1, (ctx) => money.Deposit(ctx, 'T-1', 'ACC-1', '0.01'));
      await expect(
        h.submit(accounts, h.ids.admin1, (ctx) => accounts.CloseAccount(ctx, 'ACC-1')),
      ).to.be.rejectedWith(
        LedgerError,
        /^\[FAILED_PRECONDITION\] account "ACC-1": balance got 0.01 USD, want 0.00 to close/,
      );
    });

    it('refuses an account that is already closed, and unfreezing it', async () => {
      await h.submit(accounts, h.ids.admin1, (ctx) => accounts.CloseAccount(ctx, 'ACC-1'));
      await expect(
        h.submit(accounts, h.ids.admin1, (ctx) => accounts.CloseAccount(ctx, 'ACC-1')),
      ).to.be.rejectedWith(LedgerError, /^\[FAILED_PRECONDITION\] account "ACC-1": status got CLOSED/);
      await expect(
        h.submit(accounts, h.ids.admin1, (ctx) => accounts.UnfreezeAccount(ctx, 'ACC-1')),
      ).to.be.rejectedWith(LedgerError, /^\[FAILED_PRECONDITION\]/);
    });

    it('refuses a teller and an auditor', async () => {
      for (const who of [h.ids.teller1, h.ids.auditor1]) {
        await expect(
          h.submit(accounts, who, (ctx) => accounts.CloseAccount(ctx, 'ACC-1')),
        ).to.be.rejectedWith(LedgerError, /^\[PERMISSION_DENIED\]/);
      }
    });
  });

  describe('index keys', () => {
    it('print with slashes in journal entries', () => {
      expect(printableKey(compositeKey(IndexType.ACCOUNT_BY_OWNER, ['Org1MSP', 'A']))).to.equal(
        '/account~owner/Org1MSP/A/',
      );
    });
  });
});

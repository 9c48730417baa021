import { expect } from 'chai';
import * as sinon from 'sinon';
import { AccountsContract } from '@chaincode/contracts/accountsContract';
import { TransactionsContract } from '@chaincode/contracts/transactionsContract';
import { LedgerError } from '@chaincode/lib/errors';
import { accountKey, transactionKey } from '@chaincode/lib/keys';
import type { Account } from '@chaincode/model/account';
import type { Page } from '@chaincode/model/audit';
import type { TransactionRecord } from '@chaincode/model/transaction';
import { Harness, parse } from '../harness';

describe('TransactionsContract', () => {
  let h: Harness;
  const accounts = new AccountsContract();
  const money = new TransactionsContract();

  /** Balance of an account named as Org1's clients name it: bare for Org1's, `<msp>/<id>` for another's. */
  const balance = (account: string): string => {
    const [msp, id] = account.includes('/') ? account.split('/') : ['Org1MSP', account];
    return (h.fake.json(accountKey(msp!, id!)) as Account).balance;
  };
  const deposit = (txId: string, account: string, amount: string, who = h.ids.teller1): Promise<string> =>
    h.submit(money, who, (ctx) => money.Deposit(ctx, txId, account, amount));
  const withdraw = (txId: string, account: string, amount: string, who = h.ids.teller1): Promise<string> =>
    h.submit(money, who, (ctx) => money.Withdraw(ctx, txId, account, amount));
  const transfer = (
    txId: string,
    from: string,
    to: string,
    amount: string,
    who = h.ids.teller1,
  ): Promise<string> => h.submit(money, who, (ctx) => money.Transfer(ctx, txId, from, to, amount));

  beforeEach(async () => {
    h = new Harness();
    await h.submit(accounts, h.ids.teller1, (ctx) => accounts.OpenAccount(ctx, 'A-1', 'C-1', 'USD'));
    await h.submit(accounts, h.ids.teller1, (ctx) => accounts.OpenAccount(ctx, 'A-2', 'C-1', 'USD'));
    await h.submit(accounts, h.ids.teller2, (ctx) => accounts.OpenAccount(ctx, 'B-1', 'C-2', 'USD'));
    await h.submit(accounts, h.ids.teller1, (ctx) => accounts.OpenAccount(ctx, 'E-1', 'C-1', 'EUR'));
    await h.submit(accounts, h.ids.teller1, (ctx) => accounts.OpenAccount(ctx, 'J-1', 'C-1', 'JPY'));
  });

  afterEach(() => {
    sinon.restore();
  });

  it('is named Transactions', () => {
    expect(money.getName()).to.equal('Transactions');
  });

  describe('#Deposit', () => {
    it('leaves the unchanged key-level policy of the account unwritten (no same-block policy conflicts)', async () => {
      h.fake.stub.setStateValidationParameter.resetHistory();

      await deposit('T-0', 'A-1', '1.00');

      expect(h.fake.stub.setStateValidationParameter.callCount).to.equal(0);
      expect(h.fake.validationParameters.get(accountKey('Org1MSP', 'A-1'))).to.have.length.greaterThan(0);
    });

    it('credits the account and records the transaction', async () => {
      const record = parse<TransactionRecord>(await deposit('T-1', 'A-1', '10.5'));
      expect(record).to.deep.equal({
        transactionId: 'T-1',
        creatorMsp: 'Org1MSP',
        type: 'DEPOSIT',
        fromAccount: null,
        toAccount: 'A-1',
        amount: '10.50',
        currency: 'USD',
        timestamp: '2025-01-01T00:00:06.000Z',
        fabricTxId: h.fake.txId,
      });
      expect(balance('A-1')).to.equal('10.50');
      expect(h.fake.json(transactionKey('Org1MSP', 'T-1'))).to.deep.equal(record);
    });

    it('emits one journal event covering the account, the record and the index', async () => {
      await deposit('T-1', 'A-1', '1');
      const entry = h.journal().entries[0]!;
      expect(entry).to.include({ type: 'transaction', action: 'Transactions:Deposit' });
      const keys = 'writes' in entry ? entry.writes.map((w) => w.key) : [];
      expect(keys).to.have.length(3);
      expect(keys[0]).to.equal('/account/Org1MSP/A-1/');
      expect(keys[1]).to.equal('/transaction/Org1MSP/T-1/');
      expect(keys[2]).to.match(/^\/transaction~account\/Org1MSP\/A-1\/\d{20}\/Org1MSP\/T-1\/$/);
    });

    it('adds exactly, without floating point drift', async () => {
      for (let i = 0; i < 10; i += 1) {
        await deposit(`T-${i}`, 'A-1', '0.10');
      }
      expect(balance('A-1')).to.equal('1.00');
    });

    it('respects the minor units of each currency', async () => {
      await deposit('T-J', 'J-1', '1000');
      expect(balance('J-1')).to.equal('1000');
      await expect(deposit('T-J2', 'J-1', '1.5')).to.be.rejectedWith(
        LedgerError,
        /^\[INVALID_ARGUMENT\] amount: got "1.5", want at most 0 fraction digits for JPY/,
      );
    });

    it('rejects negative, zero, too precise, huge and non-numeric amounts', async () => {
      const cases: [string, RegExp][] = [
        ['-5.00', /^\[INVALID_ARGUMENT\] amount: got "-5.00"/],
        ['0', /^\[INVALID_ARGUMENT\] amount: got "0", want an amount greater than zero/],
        ['0.00', /greater than zero/],
        ['1.001', /at most 2 fraction digits for USD/],
        ['1000000000000000', /below 1000000000000000 USD/],
        ['1e3', /^\[INVALID_ARGUMENT\] amount/],
        ['ten', /^\[INVALID_ARGUMENT\] amount/],
        [' 1', /^\[INVALID_ARGUMENT\] amount/],
        ['+1', /^\[INVALID_ARGUMENT\] amount/],
        ['', /^\[INVALID_ARGUMENT\] amount/],
      ];
      for (const [amount, pattern] of cases) {
        await expect(deposit('T-X', 'A-1', amount), amount).to.be.rejectedWith(LedgerError, pattern);
      }
      expect(balance('A-1')).to.equal('0.00');
    });

    it('refuses a balance that would reach the maximum', async () => {
      await deposit('T-1', 'A-1', '999999999999999.98');
      await expect(deposit('T-2', 'A-1', '0.02')).to.be.rejectedWith(
        LedgerError,
        /^\[FAILED_PRECONDITION\] account "A-1": balance would reach the maximum/,
      );
      await deposit('T-3', 'A-1', '0.01');
      expect(balance('A-1')).to.equal('999999999999999.99');
    });

    it('reports a replay of the same request as DUPLICATE_REQUEST and applies it once', async () => {
      await deposit('T-1', 'A-1', '5.00');
      await expect(deposit('T-1', 'A-1', '5.00')).to.be.rejectedWith(
        LedgerError,
        /^\[DUPLICATE_REQUEST\] transaction "T-1" was already applied/,
      );
      await expect(deposit('T-1', 'A-1', '5')).to.be.rejectedWith(LedgerError, /^\[DUPLICATE_REQUEST\]/);
      expect(balance('A-1')).to.equal('5.00');
    });

    it('rejects a reused id with different fields as ALREADY_EXISTS', async () => {
      await deposit('T-1', 'A-1', '5.00');
      await expect(deposit('T-1', 'A-1', '6.00')).to.be.rejectedWith(
        LedgerError,
        /^\[ALREADY_EXISTS\] transactionId "T-1" is already used by a different DEPOSIT/,
      );
      await expect(deposit('T-1', 'A-2', '5.00')).to.be.rejectedWith(LedgerError, /^\[ALREADY_EXISTS\]/);
      await expect(withdraw('T-1', 'A-1', '5.00')).to.be.rejectedWith(LedgerError, /^\[ALREADY_EXISTS\]/);
      await expect(deposit('T-1', 'A-1', '5.001')).to.be.rejectedWith(LedgerError, /^\[ALREADY_EXISTS\]/);
    });

    it('refuses an account of another org', async () => {
      await expect(deposit('T-1', 'Org2MSP/B-1', '1.00')).to.be.rejectedWith(
        LedgerError,
        /^\[PERMISSION_DENIED\] account "Org2MSP\/B-1" belongs to Org2MSP/,
      );
    });

    it("reads a bare account number as the caller org's account, never another org's of that number", async () => {
      // Org2 opened B-1; Org1 has none: Org1's bare B-1 does not exist, and Org2's is untouched.
      await expect(deposit('T-1', 'B-1', '1.00')).to.be.rejectedWith(
        LedgerError,
        /^\[NOT_FOUND\] account "B-1"/,
      );
      await h.submit(accounts, h.ids.teller2, (ctx) => accounts.OpenAccount(ctx, 'A-1', 'C-2', 'USD'));
      await deposit('T-2', 'A-1', '3.00');
      expect(balance('A-1')).to.equal('3.00');
      expect(balance('Org2MSP/A-1')).to.equal('0.00');
    });

    it('refuses auditors, custodians and the gateway', async () => {
      for (const who of [h.ids.auditor1, h.ids.custodian1, h.ids.gateway1, h.ids.noRole1]) {
        await expect(deposit('T-1', 'A-1', '1.00', who)).to.be.rejectedWith(
          LedgerError,
          /^\[PERMISSION_DENIED\] Transactions:Deposit/,
        );
      }
    });

    it('refuses frozen and closed accounts', async () => {
      await h.submit(accounts, h.ids.admin1, (ctx) => accounts.FreezeAccount(ctx, 'A-1'));
      await expect(deposit('T-1', 'A-1', '1.00')).to.be.rejectedWith(
        LedgerError,
        /^\[FAILED_PRECONDITION\] accountNumber "A-1": status got FROZEN, want ACTIVE/,
      );
      await h.submit(accounts, h.ids.admin1, (ctx) => accounts.CloseAccount(ctx, 'A-2'));
      await expect(deposit('T-2', 'A-2', '1.00')).to.be.rejectedWith(LedgerError, /status got CLOSED/);
    });

    it('reports a missing account as NOT_FOUND and malformed ids as INVALID_ARGUMENT', async () => {
      await expect(deposit('T-1', 'NOPE', '1.00')).to.be.rejectedWith(
        LedgerError,
        /^\[NOT_FOUND\] account "NOPE"/,
      );
      await expect(deposit('', 'A-1', '1.00')).to.be.rejectedWith(
        LedgerError,
        /^\[INVALID_ARGUMENT\] transactionId/,
      );
      await expect(deposit('T 1', 'A-1', '1.00')).to.be.rejectedWith(
        LedgerError,
        /^\[INVALID_ARGUMENT\] transactionId/,
      );
      await expect(deposit('T-1', 'A/1/2', '1.00')).to.be.rejectedWith(
        LedgerError,
        /^\[INVALID_ARGUMENT\] accountNumber/,
      );
    });

    it('refuses a signed amount by code and field and emits no event', async () => {
      await expect(deposit('T-1', 'A-1', '-1')).to.be.rejectedWith(
        LedgerError,
        /^\[INVALID_ARGUMENT\] amount: got "-1"/,
      );
      // Committed state is not compared: the harness rolls a failed call back as a peer does (harness.ts).
      expect(h.fake.events, 'events of the refused transaction').to.have.length(0);
    });
  });

  describe('#Withdraw', () => {
    beforeEach(async () => {
      await deposit('D-1', 'A-1', '100.00');
    });

    it('debits the account', async () => {
      const record = parse<TransactionRecord>(await withdraw('W-1', 'A-1', '40.01'));
      expect(record).to.include({ type: 'WITHDRAWAL', fromAccount: 'A-1', toAccount: null, amount: '40.01' });
      expect(balance('A-1')).to.equal('59.99');
      expect(h.journal().entries[0]).to.include({ action: 'Transactions:Withdraw' });
    });

    it('may empty the account but never overdraw it', async () => {
      await withdraw('W-1', 'A-1', '100');
      expect(balance('A-1')).to.equal('0.00');
      await expect(withdraw('W-2', 'A-1', '0.01')).to.be.rejectedWith(
        LedgerError,
        /^\[INSUFFICIENT_FUNDS\] account "A-1": balance 0.00 USD is below the amount 0.01 USD/,
      );
    });

    it('lets an admin withdraw, and refuses another org', async () => {
      await withdraw('W-1', 'A-1', '1', h.ids.admin1);
      await expect(withdraw('W-2', 'Org1MSP/A-1', '1', h.ids.teller2)).to.be.rejectedWith(
        LedgerError,
        /^\[PERMISSION_DENIED\]/,
      );
    });
  });

  describe('#Transfer', () => {
    beforeEach(async () => {
      await deposit('D-1', 'A-1', '100.00');
    });

    it('moves money between two accounts of the same org', async () => {
      const record = parse<TransactionRecord>(await transfer('X-1', 'A-1', 'A-2', '30.25'));
      expect(record).to.include({
        type: 'TRANSFER',
        fromAccount: 'A-1',
        toAccount: 'A-2',
        amount: '30.25',
        currency: 'USD',
      });
      expect(balance('A-1')).to.equal('69.75');
      expect(balance('A-2')).to.equal('30.25');
    });

    it('moves money to another org and writes both account keys, each owned by its org', async () => {
      const record = parse<TransactionRecord>(await transfer('X-1', 'A-1', 'Org2MSP/B-1', '1.00'));
      expect(record).to.include({ creatorMsp: 'Org1MSP', fromAccount: 'A-1', toAccount: 'Org2MSP/B-1' });
      expect(balance('Org2MSP/B-1')).to.equal('1.00');
      const entry = h.journal().entries[0]!;
      const keys = 'writes' in entry ? entry.writes.map((w) => w.key) : [];
      expect(keys).to.include.members([
        '/account/Org1MSP/A-1/',
        '/account/Org2MSP/B-1/',
        '/transaction/Org1MSP/X-1/',
      ]);
      expect(keys.filter((k) => k.startsWith('/transaction~account/')).sort()).to.deep.equal(
        keys
          .filter((k) =>
            /^\/transaction~account\/(Org1MSP\/A-1|Org2MSP\/B-1)\/\d{20}\/Org1MSP\/X-1\/$/.test(k),
          )
          .sort(),
      );
      expect(keys.filter((k) => k.startsWith('/transaction~account/'))).to.have.length(2);
      expect(h.endorsers(accountKey('Org1MSP', 'A-1'))).to.deep.equal(['Org1MSP']);
      expect(h.endorsers(accountKey('Org2MSP', 'B-1'))).to.deep.equal(['Org2MSP']);
    });

    it("lists a cross-org transfer under both accounts, each read in its org's terms", async () => {
      await transfer('X-1', 'A-1', 'Org2MSP/B-1', '1.00');
      const asOrg2 = await h.evaluate(money, h.ids.teller2, (ctx) =>
        money.GetAccountTransactions(ctx, 'B-1', '', '', '', ''),
      );
      expect(
        parse<Page<TransactionRecord>>(asOrg2).records.map((r) => [r.creatorMsp, r.transactionId]),
      ).to.deep.equal([['Org1MSP', 'X-1']]);
      const text = await h.evaluate(money, h.ids.teller2, (ctx) => money.GetTransaction(ctx, 'Org1MSP/X-1'));
      expect(parse<TransactionRecord>(text)).to.include({ toAccount: 'Org2MSP/B-1', amount: '1.00' });
      await expect(
        h.evaluate(money, h.ids.teller2, (ctx) => money.GetTransaction(ctx, 'X-1')),
      ).to.be.rejectedWith(LedgerError, /^\[NOT_FOUND\] transaction "X-1"/);
    });

    it('treats a qualified id of the caller org as the bare id (same request on replay)', async () => {
      await transfer('X-1', 'Org1MSP/A-1', 'A-2', '1.00');
      await expect(transfer('X-1', 'A-1', 'Org1MSP/A-2', '1.00')).to.be.rejectedWith(
        LedgerError,
        /^\[DUPLICATE_REQUEST\]/,
      );
      await expect(transfer('X-2', 'A-1', 'Org1MSP/A-1', '1.00')).to.be.rejectedWith(
        LedgerError,
        /^\[INVALID_ARGUMENT\] toAccount: got "Org1MSP\/A-1", want an account other than fromAccount/,
      );
    });

    it('rejects a transfer to the same account', async () => {
      await expect(transfer('X-1', 'A-1', 'A-1', '1.00')).to.be.rejectedWith(
        LedgerError,
        /^\[INVALID_ARGUMENT\] toAccount: got "A-1", want an account other than fromAccount/,
      );
    });

    it('rejects a transfer that would overdraw the source account', async () => {
      await expect(transfer('X-1', 'A-1', 'A-2', '100.01')).to.be.rejectedWith(
        LedgerError,
        /^\[INSUFFICIENT_FUNDS\]/,
      );
      expect(balance('A-1')).to.equal('100.00');
      expect(balance('A-2')).to.equal('0.00');
    });

    it('rejects accounts in different currencies', async () => {
      await expect(transfer('X-1', 'A-1', 'E-1', '1.00')).to.be.rejectedWith(
        LedgerError,
        /^\[FAILED_PRECONDITION\] toAccount "E-1": currency got EUR, want USD like fromAccount/,
      );
    });

    it('rejects a frozen source or target', async () => {
      await h.submit(accounts, h.ids.admin1, (ctx) => accounts.FreezeAccount(ctx, 'A-2'));
      await expect(transfer('X-1', 'A-1', 'A-2', '1.00')).to.be.rejectedWith(
        LedgerError,
        /^\[FAILED_PRECONDITION\] toAccount "A-2": status got FROZEN/,
      );
      await h.submit(accounts, h.ids.admin1, (ctx) => accounts.FreezeAccount(ctx, 'A-1'));
      await expect(transfer('X-2', 'A-1', 'Org2MSP/B-1', '1.00')).to.be.rejectedWith(
        LedgerError,
        /^\[FAILED_PRECONDITION\] fromAccount "A-1": status got FROZEN/,
      );
    });

    it("refuses to move money out of another org's account", async () => {
      await expect(transfer('X-1', 'Org2MSP/B-1', 'A-1', '1.00')).to.be.rejectedWith(
        LedgerError,
        /^\[PERMISSION_DENIED\] account "Org2MSP\/B-1" belongs to Org2MSP/,
      );
      await expect(transfer('X-1', 'Org1MSP/A-1', 'B-1', '1.00', h.ids.teller2)).to.be.rejectedWith(
        LedgerError,
        /^\[PERMISSION_DENIED\]/,
      );
    });

    it('reports a missing target as NOT_FOUND', async () => {
      await expect(transfer('X-1', 'A-1', 'NOPE', '1.00')).to.be.rejectedWith(
        LedgerError,
        /^\[NOT_FOUND\] account "NOPE"/,
      );
    });

    it('reports replays and reused ids', async () => {
      await transfer('X-1', 'A-1', 'A-2', '1.00');
      await expect(transfer('X-1', 'A-1', 'A-2', '1.00')).to.be.rejectedWith(
        LedgerError,
        /^\[DUPLICATE_REQUEST\]/,
      );
      await expect(transfer('X-1', 'A-2', 'A-1', '1.00')).to.be.rejectedWith(
        LedgerError,
        /^\[ALREADY_EXISTS\]/,
      );
      expect(balance('A-1')).to.equal('99.00');
    });

    it('conserves money over many transfers', async () => {
      await deposit('D-2', 'A-2', '50.00');
      const pairs: [string, string][] = [
        ['A-1', 'A-2'],
        ['A-2', 'A-1'],
        ['A-1', 'Org2MSP/B-1'],
      ];
      let done = 0;
      for (let i = 0; i < 30; i += 1) {
        const [from, to] = pairs[i % pairs.length]!;
        await transfer(`X-${i}`, from, to, '1.37');
        done += 1;
      }
      expect(done, 'transfers that succeeded').to.equal(30);
      const total = ['A-1', 'A-2', 'Org2MSP/B-1']
        .map((a) => Math.round(Number(balance(a)) * 100))
        .reduce((x, y) => x + y, 0);
      expect(total).to.equal(15000);
    });
  });

  describe('org-scoped transaction ids', () => {
    it('lets two orgs use the same client-chosen id: two records, each read bare by its own org', async () => {
      await deposit('T-1', 'B-1', '7.00', h.ids.teller2);
      const mine = parse<TransactionRecord>(await deposit('T-1', 'A-1', '2.00'));
      expect(mine).to.include({
        transactionId: 'T-1',
        creatorMsp: 'Org1MSP',
        toAccount: 'A-1',
        amount: '2.00',
      });
      expect(balance('A-1')).to.equal('2.00');
      expect(h.fake.json(transactionKey('Org2MSP', 'T-1'))).to.include({
        creatorMsp: 'Org2MSP',
        amount: '7.00',
      });
      const asOrg1 = await h.evaluate(money, h.ids.teller1, (ctx) => money.GetTransaction(ctx, 'T-1'));
      expect(parse<TransactionRecord>(asOrg1).amount).to.equal('2.00');
      const asOrg2 = await h.evaluate(money, h.ids.teller2, (ctx) => money.GetTransaction(ctx, 'T-1'));
      expect(parse<TransactionRecord>(asOrg2).amount).to.equal('7.00');
      const qualified = await h.evaluate(money, h.ids.teller1, (ctx) =>
        money.GetTransaction(ctx, 'Org2MSP/T-1'),
      );
      expect(parse<TransactionRecord>(qualified).amount).to.equal('7.00');
    });

    it('refuses a transaction id qualified with another org, writing nothing', async () => {
      const puts = h.fake.stub.putState.callCount;
      await expect(deposit('Org1MSP/T-9', 'B-1', '1.00', h.ids.teller2)).to.be.rejectedWith(
        LedgerError,
        /^\[PERMISSION_DENIED\] transactionId: got "Org1MSP\/T-9", want an id of the caller's org Org2MSP/,
      );
      expect(h.fake.stub.putState.callCount).to.equal(puts);
      expect(h.fake.events).to.have.length(0);
      expect(h.fake.state.has(transactionKey('Org1MSP', 'T-9'))).to.equal(false);
      await deposit('T-9', 'A-1', '1.00');
      expect(balance('A-1')).to.equal('1.00');
    });

    it('refuses malformed qualified ids, naming the field', async () => {
      for (const [txId, account, field] of [
        ['Org1MSP/', 'A-1', 'transactionId'],
        ['T-1', 'Org1MSP/A-1/x', 'accountNumber'],
        ['T-1', 'Org 1/A-1', 'accountNumber'],
      ] as const) {
        await expect(deposit(txId, account, '1.00')).to.be.rejectedWith(
          LedgerError,
          new RegExp(`^\\[INVALID_ARGUMENT\\] ${field}: got`),
        );
      }
    });
  });

  describe('#GetTransaction', () => {
    it('returns the record and emits nothing', async () => {
      await deposit('T-1', 'A-1', '2.00');
      const text = await h.evaluate(money, h.ids.auditor1, (ctx) => money.GetTransaction(ctx, 'T-1'));
      expect(parse<TransactionRecord>(text).amount).to.equal('2.00');
    });

    it('reports an unknown id as NOT_FOUND', async () => {
      await expect(
        h.evaluate(money, h.ids.auditor1, (ctx) => money.GetTransaction(ctx, 'T-404')),
      ).to.be.rejectedWith(LedgerError, /^\[NOT_FOUND\] transaction "T-404"/);
    });
  });

  describe('#GetAccountTransactions', () => {
    const list = (
      account: string,
      size: string,
      bookmark: string,
      from = '',
      to = '',
    ): Promise<Page<TransactionRecord>> =>
      h
        .evaluate(money, h.ids.auditor1, (ctx) =>
          money.GetAccountTransactions(ctx, account, size, bookmark, from, to),
        )
        .then((text) => parse<Page<TransactionRecord>>(text));

    beforeEach(async () => {
      // Transactions at 00:00:06 .. 00:00:10 (one second apart).
      await deposit('T-1', 'A-1', '10.00');
      await deposit('T-2', 'A-1', '10.00');
      await transfer('T-3', 'A-1', 'A-2', '1.00');
      await deposit('T-4', 'A-2', '1.00');
      await withdraw('T-5', 'A-1', '1.00');
    });

    it('lists the transactions of an account newest first', async () => {
      const page = await list('A-1', '', '');
      expect(page.records.map((r) => r.transactionId)).to.deep.equal(['T-5', 'T-3', 'T-2', 'T-1']);
      expect(page.bookmark).to.equal('');
      expect((await list('A-2', '', '')).records.map((r) => r.transactionId)).to.deep.equal(['T-4', 'T-3']);
    });

    it('pages with a bookmark without gaps or repeats', async () => {
      const first = await list('A-1', '3', '');
      expect(first.records.map((r) => r.transactionId)).to.deep.equal(['T-5', 'T-3', 'T-2']);
      const second = await list('A-1', '3', first.bookmark);
      expect(second.records.map((r) => r.transactionId)).to.deep.equal(['T-1']);
      expect(second.bookmark).to.equal('');
      expect(h.fake.openIterators).to.equal(0);
    });

    it('filters by time window [fromIso, toIso)', async () => {
      const page = await list('A-1', '', '', '2025-01-01T00:00:07.000Z', '2025-01-01T00:00:10.000Z');
      expect(page.records.map((r) => r.transactionId)).to.deep.equal(['T-3', 'T-2']);
      const open = await list('A-1', '', '', '2025-01-01T00:00:08Z');
      expect(open.records.map((r) => r.transactionId)).to.deep.equal(['T-5', 'T-3']);
    });

    it('rejects malformed windows and bookmarks of another account', async () => {
      await expect(list('A-1', '', '', 'yesterday')).to.be.rejectedWith(
        LedgerError,
        /^\[INVALID_ARGUMENT\] fromIso/,
      );
      await expect(list('A-1', '', '', '2025-01-02T00:00:00Z', '2025-01-01T00:00:00Z')).to.be.rejectedWith(
        LedgerError,
        /^\[INVALID_ARGUMENT\] toIso/,
      );
      const other = await list('A-2', '1', '');
      await expect(list('A-1', '1', other.bookmark)).to.be.rejectedWith(
        LedgerError,
        /^\[INVALID_ARGUMENT\] bookmark/,
      );
    });

    it('reports an unknown account as NOT_FOUND', async () => {
      await expect(list('NOPE', '', '')).to.be.rejectedWith(LedgerError, /^\[NOT_FOUND\]/);
    });
  });
});

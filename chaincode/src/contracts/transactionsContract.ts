/** The Transactions contract: deposits, withdrawals and transfers, idempotent by client transaction id. */
import { Info, Returns, Transaction } from 'fabric-contract-api';
import { LedgerContext } from '../ledgerContext';
import { canonicalJson } from '../lib/canonicalJson';
import {
  checkAmountSyntax,
  currencyOf,
  formatMinor,
  MAX_AMOUNT_MAJOR_UNITS,
  maxMinorUnits,
  parseAmount,
  parseBalance,
  type Currency,
} from '../lib/decimal';
import { ErrorCode, invalidArgument, LedgerError } from '../lib/errors';
import { compositeKey, IndexType, splitCompositeKey, transactionKey } from '../lib/keys';
import { Permission, requireOrg, requirePermission } from '../lib/roles';
import { invertedTimeKey, nanosFromInvertedTimeKey, parseIsoInstant } from '../lib/time';
import { parsePageSize, requireBookmark, requireId } from '../lib/validate';
import type { Account } from '../model/account';
import type { Page } from '../model/audit';
import { TransactionType, type TransactionRecord } from '../model/transaction';
import { loadAccount, requireActive, saveAccount } from './accountRecords';
import { LedgerContract } from './ledgerContract';

/** The contract name: functions are invoked as `Transactions:<Function>`. */
export const TRANSACTIONS_CONTRACT = 'Transactions';

const action = (fn: string): string => `${TRANSACTIONS_CONTRACT}:${fn}`;

/** What a client asks for; a replay must match it exactly to count as the same request. */
interface MoneyRequest {
  readonly transactionId: string;
  readonly type: TransactionType;
  readonly fromAccount: string | null;
  readonly toAccount: string | null;
  readonly amount: string;
}

/** Money movements between accounts, with exact decimal arithmetic. */
@Info({ title: TRANSACTIONS_CONTRACT, description: 'Deposits, withdrawals and transfers' })
export class TransactionsContract extends LedgerContract {
  constructor() {
    super(TRANSACTIONS_CONTRACT);
  }

  /**
   * Credits an ACTIVE account of the caller's org.
   *
   * @param ctx - transaction context.
   * @param transactionId - client-chosen id; a replay of the same request is reported, never applied twice.
   * @param accountNumber - the account credited.
   * @param amount - positive decimal string with at most the currency's minor digits.
   * @returns the transaction record as canonical JSON.
   * @throws {@link LedgerError} INVALID_ARGUMENT, PERMISSION_DENIED, NOT_FOUND, FAILED_PRECONDITION,
   * DUPLICATE_REQUEST, ALREADY_EXISTS.
   */
  @Transaction()
  @Returns('string')
  async Deposit(
    ctx: LedgerContext,
    transactionId: string,
    accountNumber: string,
    amount: string,
  ): Promise<string> {
    const name = action('Deposit');
    requirePermission(ctx.actor, Permission.OPERATE_ACCOUNTS, name);
    const request = checkRequest(transactionId, TransactionType.DEPOSIT, null, accountNumber, amount);
    await rejectReplay(ctx, request);
    const account = await loadOperable(ctx, accountNumber, 'accountNumber');
    requireOrg(ctx.actor, account.ownerMsp, `account ${JSON.stringify(accountNumber)}`);
    const currency = currencyOf(account.currency);
    const minor = parseAmount(amount, currency);
    const credited = credit(ctx, account, currency, minor);
    await saveAccount(ctx, credited);
    return this.#record(ctx, name, request, currency, minor);
  }

  /**
   * Debits an ACTIVE account of the caller's org; the balance never goes negative.
   *
   * @param ctx - transaction context.
   * @param transactionId - client-chosen id.
   * @param accountNumber - the account debited.
   * @param amount - positive decimal string.
   * @returns the transaction record as canonical JSON.
   * @throws {@link LedgerError} as Deposit, plus INSUFFICIENT_FUNDS.
   */
  @Transaction()
  @Returns('string')
  async Withdraw(
    ctx: LedgerContext,
    transactionId: string,
    accountNumber: string,
    amount: string,
  ): Promise<string> {
    const name = action('Withdraw');
    requirePermission(ctx.actor, Permission.OPERATE_ACCOUNTS, name);
    const request = checkRequest(transactionId, TransactionType.WITHDRAWAL, accountNumber, null, amount);
    await rejectReplay(ctx, request);
    const account = await loadOperable(ctx, accountNumber, 'accountNumber');
    requireOrg(ctx.actor, account.ownerMsp, `account ${JSON.stringify(accountNumber)}`);
    const currency = currencyOf(account.currency);
    const minor = parseAmount(amount, currency);
    await saveAccount(ctx, debit(ctx, account, currency, minor));
    return this.#record(ctx, name, request, currency, minor);
  }

  /**
   * Moves money from an ACTIVE account of the caller's org to another ACTIVE account (of any org) in
   * the same currency. Both accounts' owner orgs must endorse (key-level policies).
   *
   * @param ctx - transaction context.
   * @param transactionId - client-chosen id.
   * @param fromAccount - the account debited; owned by the caller's org.
   * @param toAccount - the account credited; not fromAccount.
   * @param amount - positive decimal string.
   * @returns the transaction record as canonical JSON.
   * @throws {@link LedgerError} as Withdraw.
   */
  @Transaction()
  @Returns('string')
  async Transfer(
    ctx: LedgerContext,
    transactionId: string,
    fromAccount: string,
    toAccount: string,
    amount: string,
  ): Promise<string> {
    const name = action('Transfer');
    requirePermission(ctx.actor, Permission.OPERATE_ACCOUNTS, name);
    const request = checkRequest(transactionId, TransactionType.TRANSFER, fromAccount, toAccount, amount);
    if (fromAccount === toAccount) {
      throw invalidArgument('toAccount', toAccount, 'an account other than fromAccount');
    }
    await rejectReplay(ctx, request);
    const source = await loadOperable(ctx, fromAccount, 'fromAccount');
    requireOrg(ctx.actor, source.ownerMsp, `account ${JSON.stringify(fromAccount)}`);
    const target = await loadOperable(ctx, toAccount, 'toAccount');
    if (target.currency !== source.currency) {
      throw new LedgerError(
        ErrorCode.FAILED_PRECONDITION,
        `toAccount ${JSON.stringify(toAccount)}: currency got ${target.currency}, want ${source.currency} like fromAccount`,
      );
    }
    const currency = currencyOf(source.currency);
    const minor = parseAmount(amount, currency);
    await saveAccount(ctx, debit(ctx, source, currency, minor));
    await saveAccount(ctx, credit(ctx, target, currency, minor));
    return this.#record(ctx, name, request, currency, minor);
  }

  /**
   * Reads a transaction record.
   *
   * @param ctx - transaction context.
   * @param transactionId - the client-chosen id.
   * @returns the record as canonical JSON.
   * @throws {@link LedgerError} INVALID_ARGUMENT, PERMISSION_DENIED, NOT_FOUND.
   */
  @Transaction(false)
  @Returns('string')
  async GetTransaction(ctx: LedgerContext, transactionId: string): Promise<string> {
    requirePermission(ctx.actor, Permission.READ, action('GetTransaction'));
    const record = await ctx.readJson<TransactionRecord>(
      transactionKey(requireId('transactionId', transactionId)),
    );
    if (record === undefined) {
      throw new LedgerError(
        ErrorCode.NOT_FOUND,
        `transaction ${JSON.stringify(transactionId)} does not exist`,
      );
    }
    return canonicalJson(record);
  }

  /**
   * Lists the transactions of an account, newest first, optionally within [fromIso, toIso).
   *
   * @param ctx - transaction context.
   * @param accountNumber - the account.
   * @param pageSize - `""` for the default, else 1..200.
   * @param bookmark - `""` for the first page, else the previous page's bookmark.
   * @param fromIso - `""` or the earliest instant included (ISO-8601 UTC).
   * @param toIso - `""` or the first instant excluded (ISO-8601 UTC).
   * @returns `{records, fetchedRecordsCount, bookmark}` as canonical JSON.
   * @throws {@link LedgerError} INVALID_ARGUMENT, PERMISSION_DENIED, NOT_FOUND.
   */
  @Transaction(false)
  @Returns('string')
  async GetAccountTransactions(
    ctx: LedgerContext,
    accountNumber: string,
    pageSize: string,
    bookmark: string,
    fromIso: string,
    toIso: string,
  ): Promise<string> {
    requirePermission(ctx.actor, Permission.READ, action('GetAccountTransactions'));
    const query = checkHistoryQuery(accountNumber, pageSize, bookmark, fromIso, toIso);
    await loadAccount(ctx, query.accountNumber);
    const records: TransactionRecord[] = [];
    let next = '';
    for await (const entry of ctx.scanPartialKey(IndexType.TRANSACTION_BY_ACCOUNT, [query.accountNumber])) {
      const place = query.place(entry.key);
      if (place.kind === 'skip') {
        continue;
      }
      if (place.kind === 'stop') {
        break;
      }
      if (records.length === query.pageSize) {
        next = entry.key;
        break;
      }
      const record = await ctx.readJson<TransactionRecord>(transactionKey(place.transactionId));
      if (record !== undefined) {
        records.push(record);
      }
    }
    const page: Page<TransactionRecord> = { records, fetchedRecordsCount: records.length, bookmark: next };
    return canonicalJson(page);
  }

  async #record(
    ctx: LedgerContext,
    name: string,
    request: MoneyRequest,
    currency: Currency,
    minor: bigint,
  ): Promise<string> {
    const record: TransactionRecord = {
      ...request,
      amount: formatMinor(minor, currency),
      currency: currency.code,
      timestamp: ctx.tx.iso,
      fabricTxId: ctx.tx.txId,
    };
    await ctx.putRecord(transactionKey(record.transactionId), record);
    const sortKey = invertedTimeKey(ctx.tx.nanos);
    for (const account of [record.fromAccount, record.toAccount]) {
      if (account !== null) {
        await ctx.putIndex(
          compositeKey(IndexType.TRANSACTION_BY_ACCOUNT, [account, sortKey, record.transactionId]),
        );
      }
    }
    await ctx.commitWrites('transaction', name);
    return canonicalJson(record);
  }
}

function checkRequest(
  transactionId: string,
  type: TransactionType,
  fromAccount: string | null,
  toAccount: string | null,
  amount: string,
): MoneyRequest {
  requireId('transactionId', transactionId);
  if (fromAccount !== null) {
    requireId(type === TransactionType.TRANSFER ? 'fromAccount' : 'accountNumber', fromAccount);
  }
  if (toAccount !== null) {
    requireId(type === TransactionType.TRANSFER ? 'toAccount' : 'accountNumber', toAccount);
  }
  checkAmountSyntax(amount);
  return { transactionId, type, fromAccount, toAccount, amount };
}

async function rejectReplay(ctx: LedgerContext, request: MoneyRequest): Promise<void> {
  const existing = await ctx.readJson<TransactionRecord>(transactionKey(request.transactionId));
  if (existing === undefined) {
    return;
  }
  const id = JSON.stringify(request.transactionId);
  if (isSameRequest(existing, request)) {
    throw new LedgerError(
      ErrorCode.DUPLICATE_REQUEST,
      `transaction ${id} was already applied by Fabric transaction ${existing.fabricTxId} at ${existing.timestamp}; not applied again`,
    );
  }
  throw new LedgerError(
    ErrorCode.ALREADY_EXISTS,
    `transactionId ${id} is already used by a different ${existing.type} request; choose a new id`,
  );
}

function isSameRequest(existing: TransactionRecord, request: MoneyRequest): boolean {
  if (
    existing.type !== request.type ||
    existing.fromAccount !== request.fromAccount ||
    existing.toAccount !== request.toAccount
  ) {
    return false;
  }
  const currency = currencyOf(existing.currency);
  try {
    return parseAmount(request.amount, currency) === parseAmount(existing.amount, currency);
  } catch {
    return false;
  }
}

async function loadOperable(ctx: LedgerContext, accountNumber: string, role: string): Promise<Account> {
  const account = await loadAccount(ctx, accountNumber);
  requireActive(account, role);
  return account;
}

function credit(ctx: LedgerContext, account: Account, currency: Currency, minor: bigint): Account {
  const balance = parseBalance(account.balance, currency) + minor;
  if (balance >= maxMinorUnits(currency)) {
    throw new LedgerError(
      ErrorCode.FAILED_PRECONDITION,
      `account ${JSON.stringify(account.accountNumber)}: balance would reach the maximum of ${MAX_AMOUNT_MAJOR_UNITS} ${currency.code}`,
    );
  }
  return { ...account, balance: formatMinor(balance, currency), updatedAt: ctx.tx.iso };
}

function debit(ctx: LedgerContext, account: Account, currency: Currency, minor: bigint): Account {
  const balance = parseBalance(account.balance, currency);
  if (balance < minor) {
    throw new LedgerError(
      ErrorCode.INSUFFICIENT_FUNDS,
      `account ${JSON.stringify(account.accountNumber)}: balance ${account.balance} ${currency.code} is below the amount ${formatMinor(minor, currency)} ${currency.code}`,
    );
  }
  return { ...account, balance: formatMinor(balance - minor, currency), updatedAt: ctx.tx.iso };
}

/** Where an index key falls: before the page or window (skip), past the window (stop), or in it. */
type Place =
  | { readonly kind: 'skip' }
  | { readonly kind: 'stop' }
  | { readonly kind: 'take'; readonly transactionId: string };

interface HistoryQuery {
  readonly accountNumber: string;
  readonly pageSize: number;
  place(key: string): Place;
}

function checkHistoryQuery(
  accountNumber: string,
  pageSizeText: string,
  bookmarkText: string,
  fromIso: string,
  toIso: string,
): HistoryQuery {
  requireId('accountNumber', accountNumber);
  const pageSize = parsePageSize(pageSizeText);
  const bookmark = requireBookmark(bookmarkText);
  const prefix = compositeKey(IndexType.TRANSACTION_BY_ACCOUNT, [accountNumber]);
  if (bookmark !== '' && !bookmark.startsWith(prefix)) {
    throw invalidArgument(
      'bookmark',
      bookmark,
      `"" or a bookmark returned for account ${JSON.stringify(accountNumber)}`,
    );
  }
  const from = fromIso === '' ? undefined : parseIsoInstant('fromIso', fromIso);
  const to = toIso === '' ? undefined : parseIsoInstant('toIso', toIso);
  if (from !== undefined && to !== undefined && to <= from) {
    throw invalidArgument('toIso', toIso, `an instant after fromIso ${JSON.stringify(fromIso)}`);
  }
  return {
    accountNumber,
    pageSize,
    place(key: string): Place {
      const [, sortKey = '', transactionId = ''] = splitCompositeKey(key)?.attributes ?? [];
      const nanos = nanosFromInvertedTimeKey(sortKey);
      if (key < bookmark || (to !== undefined && nanos >= to)) {
        return { kind: 'skip' };
      }
      return from !== undefined && nanos < from ? { kind: 'stop' } : { kind: 'take', transactionId };
    },
  };
}

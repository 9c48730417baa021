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
import { formatScopedId, parseScopedId, requireOwnScopedId, type ScopedId } from '../lib/scopedId';
import { parsePageSize, requireBookmark } from '../lib/validate';
import type { Account } from '../model/account';
import type { Page } from '../model/audit';
import { TransactionType, type TransactionRecord } from '../model/transaction';
import { accountRef, loadAccount, requireActive, saveAccount } from './accountRecords';
import { LedgerContract } from './ledgerContract';

/** The contract name: functions are invoked as `Transactions:<Function>`. */
export const TRANSACTIONS_CONTRACT = 'Transactions';

const action = (fn: string): string => `${TRANSACTIONS_CONTRACT}:${fn}`;

/**
 * What a client asks for; a replay must match it exactly to count as the same request. Ids are bare,
 * scoped by the caller's org; `fromAccount`/`toAccount` are written relative to it (bare for its own
 * accounts, `<mspId>/<id>` for another org's), as the record stores them.
 */
interface MoneyRequest {
  readonly transactionId: string;
  readonly type: TransactionType;
  readonly fromAccount: string | null;
  readonly toAccount: string | null;
  readonly amount: string;
}

/** A checked request and the accounts it names. */
interface CheckedRequest {
  readonly request: MoneyRequest;
  readonly creatorMsp: string;
  readonly from: ScopedId | null;
  readonly to: ScopedId | null;
}

/**
 * Money movements between accounts, with exact decimal arithmetic. Transaction ids are client-chosen
 * and scoped by the caller's org (two orgs may both use `T-1`); account arguments are bare for the
 * caller's org's accounts and `<mspId>/<id>` for another org's (see `lib/scopedId.ts`).
 */
@Info({ title: TRANSACTIONS_CONTRACT, description: 'Deposits, withdrawals and transfers' })
export class TransactionsContract extends LedgerContract {
  constructor() {
    super(TRANSACTIONS_CONTRACT);
  }

  /**
   * Credits an ACTIVE account of the caller's org.
   *
   * @param ctx - transaction context.
   * @param transactionId - client-chosen id, unique within the caller's org; a replay of the same
   *   request is reported, never applied twice.
   * @param accountNumber - the account credited (of the caller's org).
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
    const checked = checkRequest(ctx, transactionId, TransactionType.DEPOSIT, null, accountNumber, amount);
    await rejectReplay(ctx, checked);
    const account = await loadOperable(ctx, checked.to, 'accountNumber');
    requireOrg(ctx.actor, account.ownerMsp, `account ${JSON.stringify(accountNumber)}`);
    const currency = currencyOf(account.currency);
    const minor = parseAmount(amount, currency);
    const credited = credit(ctx, account, currency, minor);
    await saveAccount(ctx, credited);
    return this.#record(ctx, name, checked, currency, minor);
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
    const checked = checkRequest(ctx, transactionId, TransactionType.WITHDRAWAL, accountNumber, null, amount);
    await rejectReplay(ctx, checked);
    const account = await loadOperable(ctx, checked.from, 'accountNumber');
    requireOrg(ctx.actor, account.ownerMsp, `account ${JSON.stringify(accountNumber)}`);
    const currency = currencyOf(account.currency);
    const minor = parseAmount(amount, currency);
    await saveAccount(ctx, debit(ctx, account, currency, minor));
    return this.#record(ctx, name, checked, currency, minor);
  }

  /**
   * Moves money from an ACTIVE account of the caller's org to another ACTIVE account (of any org) in
   * the same currency. Both accounts' owner orgs must endorse (key-level policies).
   *
   * @param ctx - transaction context.
   * @param transactionId - client-chosen id.
   * @param fromAccount - the account debited; owned by the caller's org.
   * @param toAccount - the account credited; not fromAccount. `<mspId>/<id>` for another org's account
   *   (a bare id is the caller's org's).
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
    const checked = checkRequest(
      ctx,
      transactionId,
      TransactionType.TRANSFER,
      fromAccount,
      toAccount,
      amount,
    );
    if (checked.request.fromAccount === checked.request.toAccount) {
      throw invalidArgument('toAccount', toAccount, 'an account other than fromAccount');
    }
    await rejectReplay(ctx, checked);
    const source = await loadOperable(ctx, checked.from, 'fromAccount');
    requireOrg(ctx.actor, source.ownerMsp, `account ${JSON.stringify(fromAccount)}`);
    const target = await loadOperable(ctx, checked.to, 'toAccount');
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
    return this.#record(ctx, name, checked, currency, minor);
  }

  /**
   * Reads a transaction record.
   *
   * @param ctx - transaction context.
   * @param transactionId - the client-chosen id: bare for one of the caller's org, `<mspId>/<id>` for
   *   one another org's client chose.
   * @returns the record as canonical JSON.
   * @throws {@link LedgerError} INVALID_ARGUMENT, PERMISSION_DENIED, NOT_FOUND.
   */
  @Transaction(false)
  @Returns('string')
  async GetTransaction(ctx: LedgerContext, transactionId: string): Promise<string> {
    requirePermission(ctx.actor, Permission.READ, action('GetTransaction'));
    const scoped = parseScopedId('transactionId', transactionId, ctx.actor.msp);
    const record = await ctx.readJson<TransactionRecord>(transactionKey(scoped.msp, scoped.id));
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
   * @param accountNumber - the account: bare for the caller's org's, `<mspId>/<id>` for another org's.
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
    const account = parseScopedId('accountNumber', accountNumber, ctx.actor.msp);
    const query = checkHistoryQuery(account, pageSize, bookmark, fromIso, toIso);
    await loadAccount(ctx, account);
    const records: TransactionRecord[] = [];
    let next = '';
    const prefix = [account.msp, account.id];
    for await (const entry of ctx.scanPartialKey(IndexType.TRANSACTION_BY_ACCOUNT, prefix)) {
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
      const record = await ctx.readJson<TransactionRecord>(
        transactionKey(place.creatorMsp, place.transactionId),
      );
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
    checked: CheckedRequest,
    currency: Currency,
    minor: bigint,
  ): Promise<string> {
    const { creatorMsp } = checked;
    const record: TransactionRecord = {
      ...checked.request,
      creatorMsp,
      amount: formatMinor(minor, currency),
      currency: currency.code,
      timestamp: ctx.tx.iso,
      fabricTxId: ctx.tx.txId,
    };
    await ctx.putRecord(transactionKey(creatorMsp, record.transactionId), record);
    const sortKey = invertedTimeKey(ctx.tx.nanos);
    for (const account of [checked.from, checked.to]) {
      if (account !== null) {
        await ctx.putIndex(
          compositeKey(IndexType.TRANSACTION_BY_ACCOUNT, [
            account.msp,
            account.id,
            sortKey,
            creatorMsp,
            record.transactionId,
          ]),
        );
      }
    }
    await ctx.commitWrites('transaction', name);
    return canonicalJson(record);
  }
}

function checkRequest(
  ctx: LedgerContext,
  transactionId: string,
  type: TransactionType,
  fromAccount: string | null,
  toAccount: string | null,
  amount: string,
): CheckedRequest {
  const creatorMsp = ctx.actor.msp;
  const id = requireOwnScopedId('transactionId', transactionId, creatorMsp);
  const field = (role: string): string => (type === TransactionType.TRANSFER ? role : 'accountNumber');
  const from = fromAccount === null ? null : parseScopedId(field('fromAccount'), fromAccount, creatorMsp);
  const to = toAccount === null ? null : parseScopedId(field('toAccount'), toAccount, creatorMsp);
  checkAmountSyntax(amount);
  const ref = (account: ScopedId | null): string | null =>
    account === null ? null : formatScopedId(account, creatorMsp);
  return {
    request: { transactionId: id, type, fromAccount: ref(from), toAccount: ref(to), amount },
    creatorMsp,
    from,
    to,
  };
}

async function rejectReplay(ctx: LedgerContext, checked: CheckedRequest): Promise<void> {
  const { request } = checked;
  const existing = await ctx.readJson<TransactionRecord>(
    transactionKey(checked.creatorMsp, request.transactionId),
  );
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

async function loadOperable(ctx: LedgerContext, scoped: ScopedId | null, role: string): Promise<Account> {
  if (scoped === null) {
    throw new Error(`internal error: ${role} missing from a checked request`);
  }
  const account = await loadAccount(ctx, scoped);
  requireActive(account, role, ctx.actor.msp);
  return account;
}

function credit(ctx: LedgerContext, account: Account, currency: Currency, minor: bigint): Account {
  const balance = parseBalance(account.balance, currency) + minor;
  if (balance >= maxMinorUnits(currency)) {
    throw new LedgerError(
      ErrorCode.FAILED_PRECONDITION,
      `account ${JSON.stringify(accountRef(account, ctx.actor.msp))}: balance would reach the maximum of ${MAX_AMOUNT_MAJOR_UNITS} ${currency.code}`,
    );
  }
  return { ...account, balance: formatMinor(balance, currency), updatedAt: ctx.tx.iso };
}

function debit(ctx: LedgerContext, account: Account, currency: Currency, minor: bigint): Account {
  const balance = parseBalance(account.balance, currency);
  if (balance < minor) {
    throw new LedgerError(
      ErrorCode.INSUFFICIENT_FUNDS,
      `account ${JSON.stringify(accountRef(account, ctx.actor.msp))}: balance ${account.balance} ${currency.code} is below the amount ${formatMinor(minor, currency)} ${currency.code}`,
    );
  }
  return { ...account, balance: formatMinor(balance - minor, currency), updatedAt: ctx.tx.iso };
}

/** Where an index key falls: before the page or window (skip), past the window (stop), or in it. */
type Place =
  | { readonly kind: 'skip' }
  | { readonly kind: 'stop' }
  | { readonly kind: 'take'; readonly creatorMsp: string; readonly transactionId: string };

interface HistoryQuery {
  readonly pageSize: number;
  place(key: string): Place;
}

function checkHistoryQuery(
  account: ScopedId,
  pageSizeText: string,
  bookmarkText: string,
  fromIso: string,
  toIso: string,
): HistoryQuery {
  const pageSize = parsePageSize(pageSizeText);
  const bookmark = requireBookmark(bookmarkText);
  const prefix = compositeKey(IndexType.TRANSACTION_BY_ACCOUNT, [account.msp, account.id]);
  if (bookmark !== '' && !bookmark.startsWith(prefix)) {
    throw invalidArgument(
      'bookmark',
      bookmark,
      `"" or a bookmark returned for account ${JSON.stringify(formatScopedId(account))}`,
    );
  }
  const from = fromIso === '' ? undefined : parseIsoInstant('fromIso', fromIso);
  const to = toIso === '' ? undefined : parseIsoInstant('toIso', toIso);
  if (from !== undefined && to !== undefined && to <= from) {
    throw invalidArgument('toIso', toIso, `an instant after fromIso ${JSON.stringify(fromIso)}`);
  }
  return {
    pageSize,
    place(key: string): Place {
      const { sortKey, creatorMsp, transactionId } = transactionIndexEntry(key);
      const nanos = nanosFromInvertedTimeKey(sortKey);
      if (key < bookmark || (to !== undefined && nanos >= to)) {
        return { kind: 'skip' };
      }
      return from !== undefined && nanos < from
        ? { kind: 'stop' }
        : { kind: 'take', creatorMsp, transactionId };
    },
  };
}

/** The parts of a `transaction~account` index key after the account's owner and number. */
function transactionIndexEntry(key: string): { sortKey: string; creatorMsp: string; transactionId: string } {
  const [, , sortKey = '', creatorMsp = '', transactionId = ''] = splitCompositeKey(key)?.attributes ?? [];
  return { sortKey, creatorMsp, transactionId };
}

/** The Accounts contract: open, read, list, freeze, unfreeze and close accounts. */
import { Info, Returns, Transaction } from 'fabric-contract-api';
import { LedgerContext } from '../ledgerContext';
import { canonicalJson } from '../lib/canonicalJson';
import { currencyOf, formatMinor, parseBalance } from '../lib/decimal';
import { ErrorCode, LedgerError } from '../lib/errors';
import { accountKey, compositeKey, IndexType, splitCompositeKey } from '../lib/keys';
import { Permission, requireOrg, requirePermission } from '../lib/roles';
import { parseScopedId, requireOwnScopedId } from '../lib/scopedId';
import { parsePageSize, requireBookmark, requireMsp } from '../lib/validate';
import { AccountStatus, type Account } from '../model/account';
import type { Page } from '../model/audit';
import { LedgerContract } from './ledgerContract';
import { accountRef, loadAccount, saveAccount } from './accountRecords';

/** The contract name: functions are invoked as `Accounts:<Function>`. */
export const ACCOUNTS_CONTRACT = 'Accounts';

const action = (fn: string): string => `${ACCOUNTS_CONTRACT}:${fn}`;

/**
 * Accounts of the consortium's customers; each is owned (and endorsed) by the org that opened it.
 * Account numbers and customer ids are scoped by that org: an argument `ACC-1` means the caller's
 * org's account, `Org2MSP/ACC-9` another org's (see `lib/scopedId.ts`).
 */
@Info({ title: ACCOUNTS_CONTRACT, description: 'Customer accounts owned by member orgs' })
export class AccountsContract extends LedgerContract {
  constructor() {
    super(ACCOUNTS_CONTRACT);
  }

  /**
   * Opens an ACTIVE account with a zero balance, owned by the caller's org.
   *
   * @param ctx - transaction context.
   * @param accountNumber - new account id, unique within the caller's org (bare, or qualified with the
   *   caller's own MSP id).
   * @param customerId - the customer it belongs to, a customer of the caller's org (bare, or qualified
   *   with the caller's own MSP id).
   * @param currency - ISO 4217 code from the currency table.
   * @returns the account as canonical JSON.
   * @throws {@link LedgerError} INVALID_ARGUMENT, PERMISSION_DENIED (role; an id qualified with another
   *   org), ALREADY_EXISTS (the caller's org has this account number already).
   */
  @Transaction()
  @Returns('string')
  async OpenAccount(
    ctx: LedgerContext,
    accountNumber: string,
    customerId: string,
    currency: string,
  ): Promise<string> {
    const name = action('OpenAccount');
    requirePermission(ctx.actor, Permission.OPERATE_ACCOUNTS, name);
    const ownerMsp = ctx.actor.msp;
    const number = requireOwnScopedId('accountNumber', accountNumber, ownerMsp);
    const customer = requireOwnScopedId('customerId', customerId, ownerMsp);
    const money = currencyOf(currency);
    if ((await ctx.readJson<Account>(accountKey(ownerMsp, number))) !== undefined) {
      throw new LedgerError(
        ErrorCode.ALREADY_EXISTS,
        `account ${JSON.stringify(number)} of ${ownerMsp} already exists`,
      );
    }
    const account: Account = {
      accountNumber: number,
      customerId: customer,
      ownerMsp,
      balance: formatMinor(0n, money),
      currency: money.code,
      status: AccountStatus.ACTIVE,
      createdAt: ctx.tx.iso,
      updatedAt: ctx.tx.iso,
    };
    await saveAccount(ctx, account);
    await ctx.putIndex(compositeKey(IndexType.ACCOUNT_BY_CUSTOMER, [ownerMsp, customer, number]));
    await ctx.putIndex(compositeKey(IndexType.ACCOUNT_BY_OWNER, [ownerMsp, number]));
    await ctx.commitWrites('account', name);
    return canonicalJson(account);
  }

  /**
   * Reads an account.
   *
   * @param ctx - transaction context.
   * @param accountNumber - account id: bare for the caller's org's, `<mspId>/<id>` for another org's.
   * @returns the account as canonical JSON.
   * @throws {@link LedgerError} INVALID_ARGUMENT, PERMISSION_DENIED, NOT_FOUND.
   */
  @Transaction(false)
  @Returns('string')
  async GetAccount(ctx: LedgerContext, accountNumber: string): Promise<string> {
    requirePermission(ctx.actor, Permission.READ, action('GetAccount'));
    return canonicalJson(
      await loadAccount(ctx, parseScopedId('accountNumber', accountNumber, ctx.actor.msp)),
    );
  }

  /**
   * Lists the accounts of a customer, in account-number order.
   *
   * @param ctx - transaction context.
   * @param customerId - the customer: bare for a customer of the caller's org, `<mspId>/<id>` for one
   *   of another org.
   * @param pageSize - `""` for the default, else 1..200.
   * @param bookmark - `""` for the first page, else the previous page's bookmark.
   * @returns `{records, fetchedRecordsCount, bookmark}` as canonical JSON.
   * @throws {@link LedgerError} INVALID_ARGUMENT, PERMISSION_DENIED.
   */
  @Transaction(false)
  @Returns('string')
  async ListAccountsByCustomer(
    ctx: LedgerContext,
    customerId: string,
    pageSize: string,
    bookmark: string,
  ): Promise<string> {
    requirePermission(ctx.actor, Permission.READ, action('ListAccountsByCustomer'));
    const customer = parseScopedId('customerId', customerId, ctx.actor.msp);
    const attributes = [customer.msp, customer.id];
    return this.#listByIndex(ctx, IndexType.ACCOUNT_BY_CUSTOMER, attributes, pageSize, bookmark);
  }

  /**
   * Lists the accounts an org owns, in account-number order.
   *
   * @param ctx - transaction context.
   * @param ownerMsp - the owning org's MSP id.
   * @param pageSize - `""` for the default, else 1..200.
   * @param bookmark - `""` for the first page, else the previous page's bookmark.
   * @returns `{records, fetchedRecordsCount, bookmark}` as canonical JSON.
   * @throws {@link LedgerError} INVALID_ARGUMENT, PERMISSION_DENIED.
   */
  @Transaction(false)
  @Returns('string')
  async ListAccountsByOwner(
    ctx: LedgerContext,
    ownerMsp: string,
    pageSize: string,
    bookmark: string,
  ): Promise<string> {
    requirePermission(ctx.actor, Permission.READ, action('ListAccountsByOwner'));
    const attributes = [requireMsp('ownerMsp', ownerMsp)];
    return this.#listByIndex(ctx, IndexType.ACCOUNT_BY_OWNER, attributes, pageSize, bookmark);
  }

  /**
   * Freezes an ACTIVE account: no money moves in or out until it is unfrozen.
   *
   * @param ctx - transaction context.
   * @param accountNumber - account id.
   * @returns the account as canonical JSON.
   * @throws {@link LedgerError} INVALID_ARGUMENT, PERMISSION_DENIED (role admin of the owner org), NOT_FOUND,
   * FAILED_PRECONDITION (not ACTIVE).
   */
  @Transaction()
  @Returns('string')
  async FreezeAccount(ctx: LedgerContext, accountNumber: string): Promise<string> {
    return this.#changeStatus(ctx, 'FreezeAccount', accountNumber, AccountStatus.FROZEN);
  }

  /**
   * Makes a FROZEN account ACTIVE again.
   *
   * @param ctx - transaction context.
   * @param accountNumber - account id.
   * @returns the account as canonical JSON.
   * @throws {@link LedgerError} INVALID_ARGUMENT, PERMISSION_DENIED, NOT_FOUND, FAILED_PRECONDITION (not FROZEN).
   */
  @Transaction()
  @Returns('string')
  async UnfreezeAccount(ctx: LedgerContext, accountNumber: string): Promise<string> {
    return this.#changeStatus(ctx, 'UnfreezeAccount', accountNumber, AccountStatus.ACTIVE);
  }

  /**
   * Closes an ACTIVE or FROZEN account whose balance is zero. Closing is final.
   *
   * @param ctx - transaction context.
   * @param accountNumber - account id.
   * @returns the account as canonical JSON.
   * @throws {@link LedgerError} INVALID_ARGUMENT, PERMISSION_DENIED, NOT_FOUND, FAILED_PRECONDITION (closed or
   * non-zero balance).
   */
  @Transaction()
  @Returns('string')
  async CloseAccount(ctx: LedgerContext, accountNumber: string): Promise<string> {
    return this.#changeStatus(ctx, 'CloseAccount', accountNumber, AccountStatus.CLOSED);
  }

  async #changeStatus(
    ctx: LedgerContext,
    fn: string,
    accountNumber: string,
    to: AccountStatus,
  ): Promise<string> {
    const name = action(fn);
    requirePermission(ctx.actor, Permission.ADMINISTER_ACCOUNTS, name);
    const account = await loadAccount(ctx, parseScopedId('accountNumber', accountNumber, ctx.actor.msp));
    requireOrg(ctx.actor, account.ownerMsp, `account ${JSON.stringify(accountNumber)}`);
    checkStatusChange(account, to, ctx.actor.msp);
    const changed: Account = { ...account, status: to, updatedAt: ctx.tx.iso };
    await saveAccount(ctx, changed);
    await ctx.commitWrites('account', name);
    return canonicalJson(changed);
  }

  async #listByIndex(
    ctx: LedgerContext,
    index: IndexType,
    attributes: readonly string[],
    pageSizeText: string,
    bookmarkText: string,
  ): Promise<string> {
    const pageSize = parsePageSize(pageSizeText);
    const bookmark = requireBookmark(bookmarkText);
    const page = await ctx.pagePartialKey(index, attributes, pageSize, bookmark);
    const records: Account[] = [];
    for (const entry of page.entries) {
      // Both indexes start with the owner org and end with the account number.
      const parts = splitCompositeKey(entry.key)?.attributes ?? [];
      const [ownerMsp] = parts;
      const accountNumber = parts.at(-1);
      const account =
        ownerMsp === undefined || accountNumber === undefined || parts.length < 2
          ? undefined
          : await ctx.readJson<Account>(accountKey(ownerMsp, accountNumber));
      if (account !== undefined) {
        records.push(account);
      }
    }
    const result: Page<Account> = { records, fetchedRecordsCount: records.length, bookmark: page.bookmark };
    return canonicalJson(result);
  }
}

const ALLOWED_FROM: Readonly<Record<AccountStatus, readonly AccountStatus[]>> = {
  FROZEN: [AccountStatus.ACTIVE],
  ACTIVE: [AccountStatus.FROZEN],
  CLOSED: [AccountStatus.ACTIVE, AccountStatus.FROZEN],
};

function checkStatusChange(account: Account, to: AccountStatus, callerMsp: string): void {
  const ref = JSON.stringify(accountRef(account, callerMsp));
  const allowed = ALLOWED_FROM[to];
  if (!allowed.includes(account.status)) {
    throw new LedgerError(
      ErrorCode.FAILED_PRECONDITION,
      `account ${ref}: status got ${account.status}, want ${allowed.join(' or ')} to become ${to}`,
    );
  }
  const currency = currencyOf(account.currency);
  if (to === AccountStatus.CLOSED && parseBalance(account.balance, currency) !== 0n) {
    throw new LedgerError(
      ErrorCode.FAILED_PRECONDITION,
      `account ${ref}: balance got ${account.balance} ${currency.code}, want ${formatMinor(0n, currency)} to close`,
    );
  }
}

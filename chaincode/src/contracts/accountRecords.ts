/** Reading and writing account records, shared by the Accounts and Transactions contracts. */
import type { LedgerContext } from '../ledgerContext';
import { ErrorCode, LedgerError } from '../lib/errors';
import { accountKey } from '../lib/keys';
import { formatScopedId, type ScopedId } from '../lib/scopedId';
import { AccountStatus, type Account } from '../model/account';

/**
 * Loads an account.
 *
 * @param ctx - the transaction context.
 * @param account - a checked account number and its owner org.
 * @returns the account.
 * @throws {@link LedgerError} `NOT_FOUND`.
 */
export async function loadAccount(ctx: LedgerContext, account: ScopedId): Promise<Account> {
  const record = await ctx.readJson<Account>(accountKey(account.msp, account.id));
  if (record === undefined) {
    throw new LedgerError(
      ErrorCode.NOT_FOUND,
      `account ${JSON.stringify(formatScopedId(account, ctx.actor.msp))} does not exist`,
    );
  }
  return record;
}

/**
 * Writes an account and (re)sets its key-level endorsement policy to its owner org.
 *
 * @param ctx - the transaction context.
 * @param account - the new state of the account.
 */
export async function saveAccount(ctx: LedgerContext, account: Account): Promise<void> {
  await ctx.putRecord(accountKey(account.ownerMsp, account.accountNumber), account, [account.ownerMsp]);
}

/**
 * The id of an account as a caller of `callerMsp` writes it: bare for its own org's, else qualified.
 *
 * @param account - the account.
 * @param callerMsp - the org a bare id means.
 * @returns e.g. `ACC-1` or `Org2MSP/ACC-9`.
 */
export function accountRef(account: Account, callerMsp: string): string {
  return formatScopedId({ msp: account.ownerMsp, id: account.accountNumber }, callerMsp);
}

/**
 * Throws unless the account is ACTIVE.
 *
 * @param account - the account.
 * @param role - how the request refers to it, e.g. `fromAccount`.
 * @param callerMsp - the caller's org, to name the account as the caller would.
 * @throws {@link LedgerError} `FAILED_PRECONDITION`.
 */
export function requireActive(account: Account, role: string, callerMsp: string): void {
  if (account.status !== AccountStatus.ACTIVE) {
    throw new LedgerError(
      ErrorCode.FAILED_PRECONDITION,
      `${role} ${JSON.stringify(accountRef(account, callerMsp))}: status got ${account.status}, want ${AccountStatus.ACTIVE}`,
    );
  }
}

/** Reading and writing account records, shared by the Accounts and Transactions contracts. */
import type { LedgerContext } from '../ledgerContext';
import { ErrorCode, LedgerError } from '../lib/errors';
import { accountKey } from '../lib/keys';
import { AccountStatus, type Account } from '../model/account';

/**
 * Loads an account.
 *
 * @param ctx - the transaction context.
 * @param accountNumber - a checked account number.
 * @returns the account.
 * @throws {@link LedgerError} `NOT_FOUND`.
 */
export async function loadAccount(ctx: LedgerContext, accountNumber: string): Promise<Account> {
  const account = await ctx.readJson<Account>(accountKey(accountNumber));
  if (account === undefined) {
    throw new LedgerError(ErrorCode.NOT_FOUND, `account ${JSON.stringify(accountNumber)} does not exist`);
  }
  return account;
}

/**
 * Writes an account and (re)sets its key-level endorsement policy to its owner org.
 *
 * @param ctx - the transaction context.
 * @param account - the new state of the account.
 */
export async function saveAccount(ctx: LedgerContext, account: Account): Promise<void> {
  await ctx.putRecord(accountKey(account.accountNumber), account, [account.ownerMsp]);
}

/**
 * Throws unless the account is ACTIVE.
 *
 * @param account - the account.
 * @param role - how the request refers to it, e.g. `fromAccount`.
 * @throws {@link LedgerError} `FAILED_PRECONDITION`.
 */
export function requireActive(account: Account, role: string): void {
  if (account.status !== AccountStatus.ACTIVE) {
    throw new LedgerError(
      ErrorCode.FAILED_PRECONDITION,
      `${role} ${JSON.stringify(account.accountNumber)}: status got ${account.status}, want ${AccountStatus.ACTIVE}`,
    );
  }
}

/** The account record of the Accounts contract. */

/** Lifecycle of an account: ACTIVE ⇄ FROZEN, and either → CLOSED (final, zero balance only). */
export const AccountStatus = {
  ACTIVE: 'ACTIVE',
  FROZEN: 'FROZEN',
  CLOSED: 'CLOSED',
} as const;

/** One of the {@link AccountStatus} values. */
export type AccountStatus = (typeof AccountStatus)[keyof typeof AccountStatus];

/** An account, stored as canonical JSON under `accountKey(ownerMsp, accountNumber)`. */
export interface Account {
  /** Bare account number, unique within {@link ownerMsp}. */
  readonly accountNumber: string;
  /** Bare customer id, a customer of {@link ownerMsp}. */
  readonly customerId: string;
  /**
   * MSP id of the org that opened the account: the scope of its number and customer id; only its peers
   * may endorse changes to it.
   */
  readonly ownerMsp: string;
  /** Canonical decimal string with exactly the currency's minor digits, never negative. */
  readonly balance: string;
  /** ISO 4217 code. */
  readonly currency: string;
  readonly status: AccountStatus;
  /** ISO-8601 instant of the opening transaction. */
  readonly createdAt: string;
  /** ISO-8601 instant of the last transaction that changed the account. */
  readonly updatedAt: string;
}

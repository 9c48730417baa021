/** The money-movement record of the Transactions contract. */

/** Kind of money movement. */
export const TransactionType = {
  DEPOSIT: 'DEPOSIT',
  WITHDRAWAL: 'WITHDRAWAL',
  TRANSFER: 'TRANSFER',
} as const;

/** One of the {@link TransactionType} values. */
export type TransactionType = (typeof TransactionType)[keyof typeof TransactionType];

/**
 * A transaction record, stored under `transactionKey(creatorMsp, transactionId)`; never changed once
 * written.
 */
export interface TransactionRecord {
  /** The client-supplied id that makes retries idempotent; unique within {@link creatorMsp}. */
  readonly transactionId: string;
  /** MSP id of the org whose client submitted it: the scope of {@link transactionId}. */
  readonly creatorMsp: string;
  readonly type: TransactionType;
  /**
   * Debited account, relative to {@link creatorMsp} (always one of its accounts, so bare); `null` for a
   * deposit.
   */
  readonly fromAccount: string | null;
  /**
   * Credited account, relative to {@link creatorMsp}: bare for one of its accounts, `<mspId>/<id>` for
   * another org's; `null` for a withdrawal.
   */
  readonly toAccount: string | null;
  /** Canonical decimal string with the currency's minor digits. */
  readonly amount: string;
  readonly currency: string;
  /** ISO-8601 instant of the Fabric transaction. */
  readonly timestamp: string;
  /** The Fabric transaction id that applied it. */
  readonly fabricTxId: string;
}

/** The money-movement record of the Transactions contract. */

/** Kind of money movement. */
export const TransactionType = {
  DEPOSIT: 'DEPOSIT',
  WITHDRAWAL: 'WITHDRAWAL',
  TRANSFER: 'TRANSFER',
} as const;

/** One of the {@link TransactionType} values. */
export type TransactionType = (typeof TransactionType)[keyof typeof TransactionType];

/** A transaction record, stored under `transactionKey(transactionId)`; never changed once written. */
export interface TransactionRecord {
  /** The client-supplied id that makes retries idempotent. */
  readonly transactionId: string;
  readonly type: TransactionType;
  /** Debited account; `null` for a deposit. */
  readonly fromAccount: string | null;
  /** Credited account; `null` for a withdrawal. */
  readonly toAccount: string | null;
  /** Canonical decimal string with the currency's minor digits. */
  readonly amount: string;
  readonly currency: string;
  /** ISO-8601 instant of the Fabric transaction. */
  readonly timestamp: string;
  /** The Fabric transaction id that applied it. */
  readonly fabricTxId: string;
}

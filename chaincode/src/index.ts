/**
 * The `ledger` chaincode: the contracts Fabric's contract runtime loads, plus the pure modules the
 * gateway reuses (journal encoding, canonical JSON, error codes).
 */
import { AccountsContract } from './contracts/accountsContract';
import { AuditContract } from './contracts/auditContract';
import { CustodyContract } from './contracts/custodyContract';
import { GovernanceContract } from './contracts/governanceContract';
import { JournalContract } from './contracts/journalContract';
import { MigrationContract } from './contracts/migrationContract';
import { TermsContract } from './contracts/termsContract';
import { TransactionsContract } from './contracts/transactionsContract';

export { AccountsContract } from './contracts/accountsContract';
export { AuditContract } from './contracts/auditContract';
export { CustodyContract } from './contracts/custodyContract';
export { GovernanceContract } from './contracts/governanceContract';
export { JournalContract } from './contracts/journalContract';
export { MigrationContract } from './contracts/migrationContract';
export { TermsContract } from './contracts/termsContract';
export { TransactionsContract } from './contracts/transactionsContract';
export { LedgerContext } from './ledgerContext';
export * from './lib/canonicalJson';
export * from './lib/errors';
export * from './lib/journal';

/** The contract classes, in the order `GetMetadata` lists them; the first is the default contract. */
export const contracts: (new () => object)[] = [
  AccountsContract,
  TransactionsContract,
  CustodyContract,
  JournalContract,
  AuditContract,
  GovernanceContract,
  MigrationContract,
  TermsContract,
];

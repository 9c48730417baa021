/**
 * The port through which the gateway sends events to the chaincode's `Journal:SubmitEvents`: what the
 * batching submitter (`server/eventSubmitter.ts`) needs, implemented on Fabric by
 * `fabricJournalPort.ts` and faked by tests.
 */
import type { CertifiedEvent, EventClient } from '@fabric-ledger/chaincode/shared';

/**
 * One event as `Journal:SubmitEvents` takes it: the checked event and, optionally, the client that
 * submitted it (SHA-256 hex of its certificate and its subject; the journal names the gateway's own
 * identity without it).
 */
export type JournalEvent = CertifiedEvent & { readonly client?: EventClient };

/** What `Journal:SubmitEvents` answered, and a way to learn its commit status. */
export interface SubmittedEvents {
  readonly transactionId: string;
  readonly accepted: readonly string[];
  readonly duplicates: readonly string[];
  readonly conflicts: readonly string[];
  /** Resolves with the validation outcome once the transaction is committed. */
  status(): Promise<{ readonly successful: boolean; readonly code: number }>;
}

/** The chaincode function the submitter needs (a port, so tests can fake it). */
export interface JournalPort {
  submitEvents(events: readonly JournalEvent[]): Promise<SubmittedEvents>;
}

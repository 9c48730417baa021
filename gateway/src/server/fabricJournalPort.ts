/** The {@link JournalPort} on a real Fabric contract: `Journal:SubmitEvents` through the peer's Gateway service. */
import type { Contract } from '@hyperledger/fabric-gateway';
import type { JournalPort, SubmittedEvents } from './eventSubmitter';

interface SubmitEventsResult {
  readonly accepted: readonly string[];
  readonly duplicates: readonly string[];
  readonly conflicts: readonly string[];
}

/**
 * Wraps a contract of the `ledger` chaincode.
 *
 * @param contract - the contract, connected as an identity with role `gateway`.
 * @returns the port.
 */
export function newFabricJournalPort(contract: Pick<Contract, 'submitAsync'>): JournalPort {
  return {
    async submitEvents(events): Promise<SubmittedEvents> {
      const submitted = await contract.submitAsync('Journal:SubmitEvents', {
        arguments: [JSON.stringify(events)],
      });
      const result = JSON.parse(Buffer.from(submitted.getResult()).toString('utf8')) as SubmitEventsResult;
      return {
        transactionId: submitted.getTransactionId(),
        accepted: result.accepted,
        duplicates: result.duplicates,
        conflicts: result.conflicts,
        status: async () => {
          const outcome = await submitted.getStatus();
          return { successful: outcome.successful, code: outcome.code };
        },
      };
    },
  };
}

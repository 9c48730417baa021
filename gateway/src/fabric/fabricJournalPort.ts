/** The {@link JournalPort} on a real Fabric contract: `Journal:SubmitEvents` through the peer's Gateway service. */
import { EndorseError, type Contract, type SubmittedTransaction } from '@hyperledger/fabric-gateway';
import type { Logger } from '../logger';
import type { JournalPort, SubmittedEvents } from './journalPort';

interface SubmitEventsResult {
  readonly accepted: readonly string[];
  readonly duplicates: readonly string[];
  readonly conflicts: readonly string[];
}

/** Options of {@link newFabricJournalPort}. */
export interface FabricJournalPortOptions {
  /**
   * MSP ids that endorse every journal transaction, in parallel, or a function read at each
   * transaction (the channel's members change by vote). Empty: the peer's Gateway service picks
   * endorsers itself, which costs one more round (it endorses on its own org's peer first).
   * The orgs must satisfy the chaincode's endorsement policy; when an endorsement with them fails,
   * the port retries once with the Gateway service's own choice.
   */
  readonly endorsingOrganizations?: readonly string[] | (() => readonly string[]);
  readonly logger?: Logger;
}

/**
 * Wraps a contract of the `ledger` chaincode.
 *
 * @param contract - the contract, connected as an identity with role `gateway`.
 * @param options - endorsing organizations.
 * @returns the port.
 */
export function newFabricJournalPort(
  contract: Pick<Contract, 'submitAsync'>,
  options: Readonly<FabricJournalPortOptions> = {},
): JournalPort {
  const configured = options.endorsingOrganizations ?? [];
  const endorsers = typeof configured === 'function' ? configured : (): readonly string[] => configured;
  const submit = async (events: string): Promise<SubmittedTransaction> => {
    const orgs = [...endorsers()];
    if (orgs.length === 0) return contract.submitAsync('Journal:SubmitEvents', { arguments: [events] });
    try {
      return await contract.submitAsync('Journal:SubmitEvents', {
        arguments: [events],
        endorsingOrganizations: orgs,
      });
    } catch (err) {
      if (!(err instanceof EndorseError)) throw err;
      options.logger?.warn('endorsement by the configured orgs failed; letting the peer choose', {
        endorsingOrganizations: orgs,
        err,
      });
      return contract.submitAsync('Journal:SubmitEvents', { arguments: [events] });
    }
  };
  return {
    async submitEvents(events): Promise<SubmittedEvents> {
      const submitted = await submit(JSON.stringify(events));
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

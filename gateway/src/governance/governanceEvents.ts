/**
 * Wakes `ledger gov watch` when a governance write is committed: reads the `ledger` chaincode's events
 * from this org's peer (fabric-gateway `getChaincodeEvents`, with an in-memory checkpoint so a stream
 * that fails reopens after the last event seen, nothing skipped) and calls back for each transaction
 * whose journal record has a governance entry (a proposal, vote, claim or record).
 */
import { checkpointers, type ChaincodeEvent, type Network } from '@hyperledger/fabric-gateway';
import { decodeJournalRecord, JOURNAL_EVENT_NAME } from '@fabric-ledger/chaincode/shared';
import type { Logger } from '../logger';

/** Options of {@link watchGovernanceEvents}. */
export interface GovernanceEventsOptions {
  readonly network: Pick<Network, 'getChaincodeEvents'>;
  readonly chaincodeName: string;
  /** Called once per committed governance transaction. */
  readonly onChange: () => void;
  readonly logger: Logger;
  /** Ends the stream. */
  readonly signal: AbortSignal;
  /** Wait before reopening a failed stream: starts at min, doubles up to max (defaults 500 ms, 30 s). */
  readonly backoffMs?: { readonly min: number; readonly max: number };
}

/**
 * True when a chaincode event is a journal record with a governance entry. A journal event that cannot
 * be decoded counts as one: waking the watch costs a read, missing a change costs a poll interval.
 *
 * @param event - The event's name and payload.
 * @returns Whether the watch should read the proposals again.
 */
export function isGovernanceEvent(event: Pick<ChaincodeEvent, 'eventName' | 'payload'>): boolean {
  if (event.eventName !== JOURNAL_EVENT_NAME) return false;
  try {
    return decodeJournalRecord(event.payload).entries.some((entry) => entry.type === 'governance');
  } catch {
    return true;
  }
}

/**
 * Reads the chaincode's events from the next block on until `signal` aborts, reopening a failed stream
 * from its checkpoint. Resolves once stopped.
 *
 * @param options - See {@link GovernanceEventsOptions}.
 */
export async function watchGovernanceEvents(options: Readonly<GovernanceEventsOptions>): Promise<void> {
  const { logger, signal } = options;
  const checkpoint = checkpointers.inMemory();
  const min = options.backoffMs?.min ?? 500;
  const max = options.backoffMs?.max ?? 30_000;
  const stopped = (): boolean => signal.aborted;
  let backoff = min;
  while (!stopped()) {
    try {
      await readStream(options, checkpoint, () => (backoff = min));
    } catch (err) {
      if (stopped()) break;
      logger.warn('governance event stream failed; reopening from its checkpoint', {
        err,
        backoffMs: backoff,
      });
    }
    if (stopped()) break;
    await sleep(backoff, signal);
    backoff = Math.min(backoff * 2, max);
  }
}

/** Reads one stream from the checkpoint until it ends, fails or `signal` aborts. */
async function readStream(
  options: Readonly<GovernanceEventsOptions>,
  checkpoint: ReturnType<typeof checkpointers.inMemory>,
  onEvent: () => void,
): Promise<void> {
  const { network, chaincodeName, onChange, logger, signal } = options;
  const events = await network.getChaincodeEvents(chaincodeName, { checkpoint });
  const close = (): void => {
    events.close();
  };
  signal.addEventListener('abort', close, { once: true });
  try {
    logger.info('governance event stream open', { chaincodeName, fromBlock: checkpoint.getBlockNumber() });
    for await (const event of events) {
      onEvent();
      if (isGovernanceEvent(event)) onChange();
      await checkpoint.checkpointChaincodeEvent(event);
    }
  } finally {
    signal.removeEventListener('abort', close);
    close();
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}

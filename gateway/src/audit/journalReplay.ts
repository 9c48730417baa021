/**
 * Recomputes the journal from the peer's blocks: the `ledger` chaincode's events from block 0, fed to
 * the real sequencer over a throwaway in-memory index, so the audit uses exactly the code that seals.
 */
import type { ChaincodeEvent, Network } from '@hyperledger/fabric-gateway';
import { openJournalIndex, type IndexCheckpoint, type JournalIndex } from '../index/journalIndex';
import type { Logger } from '../logger';
import { newJournalSequencer } from '../sequencer/journalSequencer';

/** Options of {@link replayJournal}. */
export interface ReplayOptions {
  readonly network: Pick<Network, 'getChaincodeEvents'>;
  readonly chaincodeName: string;
  readonly logger: Logger;
  /** Stop right after applying the event at this position (the audited index's checkpoint). */
  readonly until?: IndexCheckpoint;
  /** Stop once the replayed journal has at least this many entries (a live gateway's size). */
  readonly untilSize?: number;
  /** Stop when no event arrives for this long (the replay has reached the chain's head). */
  readonly idleMs: number;
  /** Called every `progressEvery` events with the replayed size. */
  readonly onProgress?: (size: number, blockNumber: bigint) => void;
  readonly progressEvery?: number;
}

type Next = IteratorResult<ChaincodeEvent> | 'idle';

function nextWithin(iterator: AsyncIterator<ChaincodeEvent>, ms: number): Promise<Next> {
  let timer: NodeJS.Timeout | undefined;
  const idle = new Promise<'idle'>((resolve) => {
    timer = setTimeout(() => {
      resolve('idle');
    }, ms);
  });
  const next = iterator.next();
  // After an idle stop the stream is closed and this pending read may reject: nobody awaits it then.
  next.catch(() => undefined);
  return Promise.race([next, idle]).finally(() => {
    clearTimeout(timer);
  });
}

const reached = (event: ChaincodeEvent, until: IndexCheckpoint | undefined): boolean =>
  until !== undefined &&
  event.blockNumber === until.blockNumber &&
  event.transactionId === until.transactionId;

/**
 * Replays the journal into a new in-memory index.
 *
 * @param options - network, chaincode, stop conditions.
 * @returns the in-memory index (the caller closes it).
 * @throws Error from Fabric when the event stream cannot be opened or fails.
 */
export async function replayJournal(options: Readonly<ReplayOptions>): Promise<JournalIndex> {
  const index = openJournalIndex(':memory:');
  const sequencer = newJournalSequencer({ index, logger: options.logger });
  const events = await options.network.getChaincodeEvents(options.chaincodeName, { startBlock: 0n });
  const iterator = events[Symbol.asyncIterator]();
  const every = options.progressEvery ?? 1000;
  let applied = 0;
  try {
    for (;;) {
      const next = await nextWithin(iterator, options.idleMs);
      if (next === 'idle' || next.done === true) break;
      sequencer.apply(next.value);
      applied++;
      if (applied % every === 0) options.onProgress?.(index.size, next.value.blockNumber);
      if (reached(next.value, options.until) || index.size >= (options.untilSize ?? Infinity)) break;
    }
  } finally {
    events.close();
  }
  return index;
}

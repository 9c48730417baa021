/**
 * Feeds the sequencer from the peer: chaincode events of the `ledger` chaincode in committed order,
 * from block 0 or from the index's checkpoint (never "from now"). Event streams do not recover by
 * themselves after a peer restart, so on any stream error the feed closes it, waits (bounded backoff)
 * and reopens from the checkpoint: nothing is skipped or sealed twice.
 */
import type { Checkpoint, Network } from '@hyperledger/fabric-gateway';
import type { Logger } from '../logger';
import type { JournalSequencer } from './journalSequencer';

/** The running feed. */
export interface EventFeed {
  /** True while an event stream is open. */
  readonly connected: boolean;
  /** Stops reading and closes the stream. */
  stop(): Promise<void>;
}

/** Options of {@link startEventFeed}. */
export interface EventFeedOptions {
  readonly network: Pick<Network, 'getChaincodeEvents'>;
  readonly chaincodeName: string;
  readonly sequencer: JournalSequencer;
  readonly logger: Logger;
  /** Backoff bounds in ms (default 250..5000). */
  readonly minBackoffMs?: number;
  readonly maxBackoffMs?: number;
  /** Called when the sequencer fails to apply an event (the feed then stops). */
  readonly onFatal?: (err: unknown) => void;
}

class EventFeedImpl implements EventFeed {
  readonly #options: Readonly<EventFeedOptions>;
  readonly #abort = new AbortController();
  #connected = false;
  #close: (() => void) | undefined;
  #done: Promise<void> = Promise.resolve();

  constructor(options: Readonly<EventFeedOptions>) {
    this.#options = options;
  }

  get connected(): boolean {
    return this.#connected;
  }

  start(): void {
    this.#done = this.#run();
  }

  async stop(): Promise<void> {
    this.#abort.abort();
    this.#close?.();
    await this.#done;
  }

  async #run(): Promise<void> {
    const { logger } = this.#options;
    let backoff = this.#options.minBackoffMs ?? 250;
    while (!this.#abort.signal.aborted) {
      try {
        await this.#readStream(() => (backoff = this.#options.minBackoffMs ?? 250));
      } catch (err) {
        if (this.#stopped()) break;
        if (err instanceof SequencerFailure) {
          logger.error('sequencer failed; event feed stopped', { err: err.cause });
          this.#options.onFatal?.(err.cause);
          break;
        }
        logger.warn('chaincode event stream failed; reconnecting from checkpoint', {
          err,
          backoffMs: backoff,
        });
      } finally {
        this.#connected = false;
      }
      if (this.#stopped()) break;
      await sleep(backoff, this.#abort.signal);
      backoff = Math.min(backoff * 2, this.#options.maxBackoffMs ?? 5000);
    }
  }

  #stopped(): boolean {
    return this.#abort.signal.aborted;
  }

  async #readStream(onEvent: () => void): Promise<void> {
    const { network, chaincodeName, sequencer, logger } = this.#options;
    const stored = sequencer.checkpoint();
    const checkpoint: Checkpoint = {
      getBlockNumber: () => stored?.blockNumber,
      getTransactionId: () => stored?.transactionId,
    };
    const events = await network.getChaincodeEvents(chaincodeName, { startBlock: 0n, checkpoint });
    this.#close = (): void => {
      events.close();
    };
    this.#connected = true;
    logger.info('chaincode event stream open', {
      chaincodeName,
      fromBlock: stored?.blockNumber ?? 0n,
      afterTransactionId: stored?.transactionId,
      lastSequenceNumber: sequencer.lastSequenceNumber,
    });
    try {
      for await (const event of events) {
        if (this.#abort.signal.aborted) return;
        try {
          sequencer.apply(event);
        } catch (err) {
          throw new SequencerFailure(err);
        }
        onEvent();
      }
    } finally {
      events.close();
      this.#close = undefined;
    }
  }
}

class SequencerFailure extends Error {
  constructor(cause: unknown) {
    super('sequencer failed', { cause });
  }
}

/** Resolves after `ms`, or at once when `signal` is (or becomes) aborted. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) {
      resolve();
      return;
    }
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

/**
 * Starts feeding the sequencer from the peer's chaincode events.
 *
 * @param options - network, chaincode name, sequencer, logger.
 * @returns the running feed.
 */
export function startEventFeed(options: Readonly<EventFeedOptions>): EventFeed {
  const feed = new EventFeedImpl(options);
  feed.start();
  return feed;
}

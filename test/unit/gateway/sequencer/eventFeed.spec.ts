// The event feed over a fake network on a fake clock: where it reopens the stream, how long it waits,
// and when it stops.
import { expect } from 'chai';
import * as sinon from 'sinon';
import type { ChaincodeEvent, ChaincodeEventsOptions, Network } from '@hyperledger/fabric-gateway';
import { encodeJournalRecord, JOURNAL_EVENT_NAME } from '@chaincode/lib/journal';
import { openJournalIndex, type JournalIndex } from '@gateway/index/journalIndex';
import { silentLogger } from '@gateway/logger';
import { startEventFeed, type EventFeed } from '@gateway/sequencer/eventFeed';
import { newJournalSequencer, type JournalSequencer } from '@gateway/sequencer/journalSequencer';

const TX = (n: number): string => n.toString(16).padStart(64, '0');

/** A journal chaincode event with one submitted event entry. */
function journalEvent(block: number, tx: number): ChaincodeEvent {
  return {
    blockNumber: BigInt(block),
    transactionId: TX(tx),
    chaincodeName: 'ledger',
    eventName: JOURNAL_EVENT_NAME,
    payload: encodeJournalRecord({
      version: 1,
      txId: TX(tx),
      timestamp: '2026-01-02T03:04:05.678Z',
      actor: { msp: 'Org1MSP', id: 'x509::CN=gateway1', role: 'gateway' },
      entries: [
        {
          type: 'event',
          eventId: `e-${tx}`,
          payload: Buffer.from(`event ${tx}`).toString('base64'),
          vepsSignature: '',
          vepsTimestamp: '1702234567890',
          metadata: {},
        },
      ],
    }),
  };
}

/** One chaincode event stream: yields what is pushed, throws a pushed error, ends when closed. */
class FakeStream implements AsyncIterable<ChaincodeEvent> {
  readonly #queue: ({ event: ChaincodeEvent } | { error: Error })[] = [];
  #wake: (() => void) | undefined;
  closed = false;

  push(item: { event: ChaincodeEvent } | { error: Error }): void {
    this.#queue.push(item);
    this.#wake?.();
  }

  close(): void {
    this.closed = true;
    this.#wake?.();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<ChaincodeEvent> {
    while (!this.closed) {
      const next = this.#queue.shift();
      if (next === undefined) {
        await new Promise<void>((resolve) => {
          this.#wake = resolve;
        });
        this.#wake = undefined;
      } else if ('error' in next) {
        throw next.error;
      } else {
        yield next.event;
      }
    }
  }
}

/** Where each stream was opened from, when (fake ms), and the streams. */
interface Opened {
  readonly at: number;
  readonly startBlock: bigint | undefined;
  readonly checkpoint: { block: bigint | undefined; tx: string | undefined };
  readonly stream: FakeStream;
}

describe('EventFeed', function () {
  let clock: sinon.SinonFakeTimers;
  let index: JournalIndex;
  let sequencer: JournalSequencer;
  let opened: Opened[];
  let feed: EventFeed | undefined;

  beforeEach(function () {
    clock = sinon.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    index = openJournalIndex(':memory:');
    sequencer = newJournalSequencer({ index, logger: silentLogger });
    opened = [];
    feed = undefined;
  });

  afterEach(async function () {
    const stopped = feed?.stop();
    await clock.tickAsync(10_000);
    await stopped;
    clock.restore();
    index.close();
  });

  /** A network whose n-th stream (0-based) is filled by `script(n, stream)` when it opens. */
  function network(script: (n: number, stream: FakeStream) => void): Pick<Network, 'getChaincodeEvents'> {
    const getChaincodeEvents = (name: string, options?: ChaincodeEventsOptions): Promise<never> => {
      expect(name).to.equal('ledger');
      const stream = new FakeStream();
      opened.push({
        at: clock.now,
        startBlock: options?.startBlock,
        checkpoint: {
          block: options?.checkpoint?.getBlockNumber(),
          tx: options?.checkpoint?.getTransactionId(),
        },
        stream,
      });
      script(opened.length - 1, stream);
      return Promise.resolve(stream as never);
    };
    return { getChaincodeEvents };
  }

  it('reopens the stream from the checkpoint of the last sealed transaction after a stream error', async function () {
    feed = startEventFeed({
      network: network((n, stream) => {
        if (n > 0) return;
        stream.push({ event: journalEvent(5, 1) });
        stream.push({ event: journalEvent(6, 2) });
        stream.push({ error: new Error('peer restarted') });
      }),
      chaincodeName: 'ledger',
      sequencer,
      logger: silentLogger,
      minBackoffMs: 100,
    });
    await clock.tickAsync(50);
    expect(opened).to.have.length(1);
    expect(feed.connected, 'while waiting to reconnect').to.equal(false);
    await clock.tickAsync(50);

    expect(opened.map((o) => [o.at, o.startBlock, o.checkpoint])).to.deep.equal([
      [0, 0n, { block: undefined, tx: undefined }],
      [100, 0n, { block: 6n, tx: TX(2) }],
    ]);
    expect(opened[0]!.stream.closed, 'the failed stream is closed').to.equal(true);
    expect(feed.connected).to.equal(true);
    expect(sequencer.lastSequenceNumber).to.equal(2);
  });

  it('doubles the wait after each failed stream up to the bound, and starts again from the minimum once an event arrives', async function () {
    feed = startEventFeed({
      network: network((n, stream) => {
        if (n === 3) stream.push({ event: journalEvent(1, 1) });
        if (n <= 3) stream.push({ error: new Error(`stream ${n} failed`) });
      }),
      chaincodeName: 'ledger',
      sequencer,
      logger: silentLogger,
      minBackoffMs: 100,
      maxBackoffMs: 300,
    });
    await clock.tickAsync(5_000);

    expect(opened.map((o) => o.at)).to.deep.equal([0, 100, 300, 600, 700]);
    expect(opened.at(-1)?.checkpoint).to.deep.equal({ block: 1n, tx: TX(1) });
  });

  it('stops, reports the error and does not reconnect when the sequencer fails', async function () {
    const failure = new Error('index write failed');
    sinon.stub(sequencer, 'apply').throws(failure);
    const onFatal = sinon.spy();
    feed = startEventFeed({
      network: network((_n, stream) => {
        stream.push({ event: journalEvent(5, 1) });
      }),
      chaincodeName: 'ledger',
      sequencer,
      logger: silentLogger,
      minBackoffMs: 100,
      onFatal,
    });
    await clock.tickAsync(10_000);

    expect(onFatal).to.have.been.calledOnceWithExactly(failure);
    expect(opened).to.have.length(1);
    expect(opened[0]!.stream.closed).to.equal(true);
    expect(feed.connected).to.equal(false);
  });

  it('closes the open stream on stop, resolves without waiting out a backoff, and opens no other', async function () {
    feed = startEventFeed({
      network: network(() => undefined),
      chaincodeName: 'ledger',
      sequencer,
      logger: silentLogger,
      minBackoffMs: 100,
    });
    await clock.tickAsync(10);
    expect(feed.connected).to.equal(true);

    let stopped = false;
    void feed.stop().then(() => {
      stopped = true;
    });
    await clock.tickAsync(0);
    expect(stopped, 'stop() resolved with the clock still').to.equal(true);
    await clock.tickAsync(10_000);
    expect(opened).to.have.length(1);
    expect(opened[0]!.stream.closed).to.equal(true);
    expect(feed.connected).to.equal(false);
  });
});

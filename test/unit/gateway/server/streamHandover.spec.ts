import { expect } from 'chai';
import * as sinon from 'sinon';
import type { SealRecord } from '@gateway/core/sealRecord';
import type { SealListener } from '@gateway/sequencer/journalSequencer';
import {
  runStreamHandover,
  type StreamHandoverOptions,
  type SealSource,
  type StreamEnd,
  type StreamOutput,
  type StreamSink,
} from '@gateway/server/streamHandover';
import { sealRecord } from '@test-support/sealFixtures';

function fakeSeal(sequenceNumber: number): SealRecord {
  return sealRecord({
    sequenceNumber,
    eventId: `e-${sequenceNumber}`,
    payload: new Uint8Array([sequenceNumber & 0xff]),
    blockNumber: sequenceNumber,
    transactionId: `tx-${sequenceNumber}`,
    vepsTimestamp: 1,
  });
}

/** The index and the sequencer's live seals: `seal(n)` commits n seals, then publishes them. */
class FakeSource implements SealSource {
  readonly seals: SealRecord[] = [];
  readonly listeners = new Set<SealListener>();
  reads = 0;
  /** Called right after a subscription is added (to seal in the subscribe/read race window). */
  afterSubscribe: (() => void) | undefined;

  get size(): number {
    return this.seals.length;
  }

  get(sequenceNumber: number): SealRecord | undefined {
    this.reads++;
    return this.seals[sequenceNumber - 1];
  }

  onSeals(listener: SealListener): () => void {
    this.listeners.add(listener);
    this.afterSubscribe?.();
    return () => this.listeners.delete(listener);
  }

  /** Commits and publishes one seal whose payload has `bytes` bytes. */
  sealWithPayload(bytes: number): void {
    const added = { ...fakeSeal(this.seals.length + 1), payload: new Uint8Array(bytes) };
    this.seals.push(added);
    for (const listener of [...this.listeners]) listener([added]);
  }

  seal(count: number): void {
    const added = Array.from({ length: count }, (_, i) => fakeSeal(this.seals.length + i + 1));
    this.seals.push(...added);
    for (const listener of [...this.listeners]) listener(added);
  }
}

/** Records items; while `blocked`, write returns false until `release()`. */
class FakeSink implements StreamSink {
  readonly items: StreamOutput[] = [];
  blocked = false;
  onWrite: ((item: StreamOutput) => void) | undefined;
  #release: (() => void) | undefined;

  write(item: StreamOutput): boolean {
    this.items.push(item);
    this.onWrite?.(item);
    return !this.blocked;
  }

  drained(): Promise<void> {
    return new Promise((resolve) => {
      this.#release = resolve;
    });
  }

  release(): void {
    this.blocked = false;
    this.#release?.();
  }

  get sequences(): number[] {
    return this.items.flatMap((i) => (i.kind === 'seal' ? [i.seal.sequenceNumber] : []));
  }

  get controls(): Extract<StreamOutput, { kind: 'control' }>[] {
    return this.items.flatMap((i) => (i.kind === 'control' ? [i] : []));
  }
}

const range = (from: number, to: number): number[] =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('streamHandover', function () {
  let source: FakeSource;
  let sink: FakeSink;
  let controller: AbortController;
  // Heartbeats and waits run on a fake clock the tests move: "nothing happened for 20 ms" then means
  // every callback due in those 20 ms ran, on any machine.
  let clock: sinon.SinonFakeTimers;

  /** Moves the fake clock by `ms`, running every timer and promise callback due. */
  const tick = (ms = 5): Promise<number> => clock.tickAsync(ms);

  /** Moves the fake clock 1 ms at a time until `condition` holds (at most 10 s of fake time). */
  async function until(condition: () => boolean): Promise<void> {
    for (let step = 0; !condition(); step += 1) {
      if (step >= 10_000) throw new Error('condition not met within 10 s of fake time');
      await clock.tickAsync(1);
    }
  }

  beforeEach(function () {
    clock = sinon.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    source = new FakeSource();
    sink = new FakeSink();
    controller = new AbortController();
  });

  afterEach(function () {
    controller.abort();
    clock.restore();
  });

  function start(options: Partial<StreamHandoverOptions> = {}): Promise<StreamEnd> {
    return runStreamHandover({
      source,
      sink,
      fromSequence: 1,
      heartbeatMs: 60_000,
      signal: controller.signal,
      ...options,
    });
  }

  describe('#runStreamHandover', function () {
    it('sends the catch-up from the index and then live seals with no gap and no duplicate', async function () {
      source.seal(50);
      sink.onWrite = (item): void => {
        // Seals keep arriving while the catch-up is being written.
        if (item.kind === 'seal' && item.seal.sequenceNumber % 10 === 0) source.seal(3);
      };
      const done = start();
      await until(() => sink.sequences.length >= 65);
      sink.onWrite = undefined;
      source.seal(5);
      await until(() => sink.sequences.length === source.size);
      controller.abort();

      expect(await done).to.deep.equal({ reason: 'CANCELLED', lastSequence: source.size });
      expect(sink.sequences).to.deep.equal(range(1, source.size));
    });

    it('sends a seal committed between the subscription and the index read exactly once', async function () {
      source.seal(3);
      source.afterSubscribe = (): void => {
        source.afterSubscribe = undefined;
        source.seal(2);
      };
      const done = start();
      await until(() => sink.sequences.length === 5);
      source.seal(1);
      await until(() => sink.sequences.length === 6);
      controller.abort();
      await done;

      expect(sink.sequences).to.deep.equal(range(1, 6));
    });

    it('takes live seals from its buffer instead of reading them back from the index', async function () {
      const done = start();
      await tick();
      source.seal(20);
      await until(() => sink.sequences.length === 20);
      controller.abort();
      await done;

      expect(source.reads).to.equal(0);
    });

    it('ends a bounded range with an END control item naming its last sequence', async function () {
      source.seal(3);
      const done = start({ fromSequence: 2, toSequence: 5 });
      await until(() => sink.sequences.length === 2);
      source.seal(4);

      expect(await done).to.deep.equal({ reason: 'END', lastSequence: 5 });
      expect(sink.sequences).to.deep.equal([2, 3, 4, 5]);
      expect(sink.items.at(-1)).to.deep.equal({ kind: 'control', reason: 'END', lastSequence: 5 });
    });

    it('waits for a sequence number beyond the tip and starts there', async function () {
      source.seal(2);
      const done = start({ fromSequence: 4, toSequence: 4 });
      await tick();
      expect(sink.items).to.deep.equal([]);
      source.seal(3);

      expect(await done).to.deep.equal({ reason: 'END', lastSequence: 4 });
      expect(sink.sequences).to.deep.equal([4]);
    });

    it('skips filtered-out seals while moving its position past them', async function () {
      source.seal(10);
      const done = start({ toSequence: 9, accept: (seal) => seal.sequenceNumber % 3 === 0 });

      expect(await done).to.deep.equal({ reason: 'END', lastSequence: 9 });
      expect(sink.sequences).to.deep.equal([3, 6, 9]);
    });

    it('writes nothing more while the transport is full and goes on once it drains', async function () {
      source.seal(5);
      sink.blocked = true;
      const done = start();
      await tick(20);
      expect(sink.sequences).to.deep.equal([1]);
      source.seal(2);
      await tick(20);
      expect(sink.sequences).to.deep.equal([1]);

      sink.release();
      await until(() => sink.sequences.length === 7);
      controller.abort();
      await done;
      expect(sink.sequences).to.deep.equal(range(1, 7));
    });

    it('keeps a blocked consumer that falls behind the buffer bound: it reads on from the index with no gap', async function () {
      source.seal(2);
      sink.blocked = true;
      const done = start({ maxBufferedSeals: 5 });
      await tick(10);
      source.seal(5);
      await tick(10);
      source.seal(1);
      const readsBeforeRelease = source.reads;

      sink.release();
      await until(() => sink.sequences.length === 8);
      const readsWhenCaughtUp = source.reads;
      source.seal(3);
      await until(() => sink.sequences.length === 11);
      controller.abort();

      expect(await done).to.deep.equal({ reason: 'CANCELLED', lastSequence: 11 });
      expect(sink.sequences).to.deep.equal(range(1, 11));
      // 2 is catch-up; 3..8 come from the index too, not from the dropped buffer.
      expect(readsWhenCaughtUp - readsBeforeRelease).to.equal(7);
      expect(source.reads).to.equal(readsWhenCaughtUp); // caught up: live seals buffered again
    });

    it('bounds its buffer by bytes: large payloads make a blocked stream read them from the index', async function () {
      source.seal(1);
      sink.blocked = true;
      const done = start({ maxBufferedBytes: 4 * 1024 });
      await tick(10);
      source.sealWithPayload(1024);
      source.sealWithPayload(1024);
      const readsBeforeOverflow = source.reads;
      source.sealWithPayload(4096);

      sink.release();
      await until(() => sink.sequences.length === 4);
      controller.abort();
      await done;

      expect(sink.sequences).to.deep.equal([1, 2, 3, 4]);
      expect(source.reads - readsBeforeOverflow).to.equal(3);
    });

    it('takes buffered live seals within the byte bound without reading the index', async function () {
      source.seal(1);
      sink.blocked = true;
      const done = start({ maxBufferedBytes: 4 * 1024 });
      await tick(10);
      source.sealWithPayload(1024);
      source.sealWithPayload(1024);
      const readsBeforeRelease = source.reads;

      sink.release();
      await until(() => sink.sequences.length === 3);
      controller.abort();
      await done;

      expect(source.reads).to.equal(readsBeforeRelease);
    });

    it('sends heartbeats with its position while nothing is sealed', async function () {
      source.seal(2);
      const done = start({ heartbeatMs: 20 });
      await until(() => sink.controls.length >= 2);
      controller.abort();
      await done;

      expect(sink.sequences).to.deep.equal([1, 2]);
      expect(sink.controls[0]).to.deep.equal({ kind: 'control', reason: 'HEARTBEAT', lastSequence: 2 });
    });

    it('stops and unsubscribes when cancelled while waiting for live seals', async function () {
      const done = start();
      await tick();
      expect(source.listeners.size).to.equal(1);
      controller.abort();

      expect(await done).to.deep.equal({ reason: 'CANCELLED', lastSequence: 0 });
      expect(source.listeners.size).to.equal(0);
    });

    it('stops when cancelled while blocked on a full transport', async function () {
      source.seal(3);
      sink.blocked = true;
      const done = start();
      await tick(10);
      controller.abort();

      expect(await done).to.deep.equal({ reason: 'CANCELLED', lastSequence: 1 });
    });
  });
});

import { expect } from 'chai';
import * as sinon from 'sinon';
import { percentile, summarize } from '../../bench/latencyStats';
import { closedLoop, openLoop } from '../../bench/loadGenerator';

/** Resolves after `ms` of the (fake) clock. */
const after = (ms: number): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(resolve, ms);
  });

describe('bench latencyStats', function () {
  describe('#percentile', function () {
    it('takes the nearest rank of a sorted list', function () {
      const xs = Array.from({ length: 100 }, (_, i) => i + 1);
      expect([percentile(xs, 50), percentile(xs, 99), percentile(xs, 100)]).to.deep.equal([50, 99, 100]);
    });

    it('gives 0 for no samples', function () {
      expect(percentile([], 99)).to.equal(0);
    });
  });

  describe('#summarize', function () {
    it('counts events per operation in the rate and the completed and failed counts', function () {
      const s = summarize([3, 1, 2], 1, 2, 10);
      expect(s).to.include({ completed: 30, failed: 10, perSecond: 15, p50Ms: 2, maxMs: 3 });
    });
  });
});

describe('bench loadGenerator', function () {
  // The generators pace themselves with setTimeout and performance.now(): on a fake clock the
  // schedule, the latencies and the drops are exact instead of depending on the machine's speed.
  let clock: sinon.SinonFakeTimers;
  beforeEach(function () {
    clock = sinon.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance', 'Date'] });
  });
  afterEach(function () {
    clock.restore();
  });

  /** Runs a generator to its end on the fake clock. */
  async function run<T>(generator: Promise<T>, fakeMs: number): Promise<T> {
    await clock.tickAsync(fakeMs);
    return generator;
  }

  describe('#openLoop', function () {
    it('sends at the offered rate whatever the completions and counts drops beyond the outstanding cap', async function () {
      let started = 0;
      const s = await run(
        openLoop(
          async () => {
            started++;
            await after(300);
          },
          { rate: 100, durationS: 0.2, maxOutstanding: 5, drainS: 2 },
        ),
        3_000,
      );
      expect(started).to.equal(5);
      expect(s).to.include({ offeredPerSecond: 100, sent: 5, dropped: 15, completed: 5, failed: 15 });
      expect(s).to.include({ p50Ms: 300, maxMs: 300, maxSendLagMs: 0 });
    });

    it('counts rejected operations as failed', async function () {
      const s = await run(
        openLoop(() => Promise.reject(new Error('no')), {
          rate: 50,
          durationS: 0.1,
          maxOutstanding: 100,
          drainS: 1,
        }),
        2_000,
      );
      expect(s).to.include({ completed: 0, failed: 5, dropped: 0 });
    });
  });

  describe('#closedLoop', function () {
    it('keeps at most `concurrency` operations in flight and stops at maxOps', async function () {
      let inFlight = 0;
      let peak = 0;
      const s = await run(
        closedLoop(
          async () => {
            peak = Math.max(peak, ++inFlight);
            await after(5);
            inFlight--;
          },
          { concurrency: 3, durationS: 5, maxOps: 12 },
        ),
        1_000,
      );
      expect(peak).to.equal(3);
      expect(s).to.include({ completed: 12, failed: 0, p50Ms: 5 });
    });
  });
});

import { expect } from 'chai';
import { percentile, summarize } from '../../bench/latencyStats';
import { closedLoop, openLoop } from '../../bench/loadGenerator';

const sleep = (ms: number): Promise<void> =>
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
  describe('#openLoop', function () {
    it('sends at the offered rate whatever the completions and counts drops beyond the outstanding cap', async function () {
      let started = 0;
      const s = await openLoop(
        async () => {
          started++;
          await sleep(300);
        },
        { rate: 100, durationS: 0.2, maxOutstanding: 5, drainS: 2 },
      );
      expect(started).to.equal(5);
      expect(s).to.include({ offeredPerSecond: 100, sent: 5, dropped: 15, completed: 5 });
      expect(s.p50Ms).to.be.at.least(290);
    });

    it('counts rejected operations as failed', async function () {
      const s = await openLoop(() => Promise.reject(new Error('no')), {
        rate: 50,
        durationS: 0.1,
        maxOutstanding: 100,
        drainS: 1,
      });
      expect(s).to.include({ completed: 0, failed: 5, dropped: 0 });
    });
  });

  describe('#closedLoop', function () {
    it('keeps at most `concurrency` operations in flight and stops at maxOps', async function () {
      let inFlight = 0;
      let peak = 0;
      const s = await closedLoop(
        async () => {
          peak = Math.max(peak, ++inFlight);
          await sleep(5);
          inFlight--;
        },
        { concurrency: 3, durationS: 5, maxOps: 12 },
      );
      expect(peak).to.equal(3);
      expect(s.completed).to.equal(12);
    });
  });
});

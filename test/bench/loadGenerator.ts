// Load generators: closed loop (N workers, each sends when its previous call returned) and open loop
// (sends on a fixed schedule at the offered rate whatever the completions, so queueing shows up in
// latency). Both are bounded by a duration and an operation count; the open loop also bounds what is
// outstanding and how long it waits for stragglers after the last send.
import { summarize, type LatencySummary } from './latencyStats';

/** One operation; `n` is unique within a scenario (use it in event ids). */
export type Operation = (n: number) => Promise<void>;

/** Options of {@link closedLoop}. */
export interface ClosedLoopOptions {
  readonly concurrency: number;
  readonly durationS: number;
  /** Stop after this many operations were started (default: no count bound besides the duration). */
  readonly maxOps?: number;
  /** Events per operation, for the rate (default 1). */
  readonly eventsPerOp?: number;
}

/** Runs `op` in `concurrency` workers until the duration or `maxOps` is reached. */
export async function closedLoop(
  op: Operation,
  options: Readonly<ClosedLoopOptions>,
): Promise<LatencySummary> {
  const latencies: number[] = [];
  const maxOps = options.maxOps ?? Number.MAX_SAFE_INTEGER;
  let failed = 0;
  let started = 0;
  const t0 = performance.now();
  const end = t0 + options.durationS * 1000;
  const worker = async (): Promise<void> => {
    while (performance.now() < end && started < maxOps) {
      const n = started++;
      const sent = performance.now();
      try {
        await op(n);
        latencies.push(performance.now() - sent);
      } catch {
        failed++;
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  return summarize(latencies, failed, (performance.now() - t0) / 1000, options.eventsPerOp);
}

/**
 * Options of {@link openLoop}. `op` must carry its own deadline: after the drain the generator still
 * waits for the calls in flight, so they do not spill into the next scenario.
 */
export interface OpenLoopOptions {
  /** Offered operations per second. */
  readonly rate: number;
  readonly durationS: number;
  /** Sends beyond this many in flight are dropped (counted as failed). */
  readonly maxOutstanding: number;
  /** After the last send, wait at most this long for outstanding calls (they then count as failed). */
  readonly drainS: number;
}

/** An open-loop result: the summary plus what was offered, dropped and how late the sender ran. */
export interface OpenLoopSummary extends LatencySummary {
  readonly offeredPerSecond: number;
  readonly sent: number;
  readonly dropped: number;
  /** Largest delay of a send behind its schedule (the load generator's own lag), ms. */
  readonly maxSendLagMs: number;
}

const tick = (): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(resolve, 1);
  });

/**
 * Sends `op` at `rate` per second for the duration. Latency is measured from each operation's
 * scheduled send time (equal to its actual send time unless the generator lags; measuring from the
 * schedule avoids coordinated omission) to its response. Achieved rate = completed ÷ elapsed, where
 * elapsed runs from the first send to the last response (or the drain limit).
 */
export async function openLoop(op: Operation, options: Readonly<OpenLoopOptions>): Promise<OpenLoopSummary> {
  const total = Math.max(1, Math.round(options.rate * options.durationS));
  const latencies: number[] = [];
  const inFlight = new Set<Promise<void>>();
  let failed = 0;
  let dropped = 0;
  let sent = 0;
  let maxSendLagMs = 0;
  let lastDone = 0;
  const t0 = performance.now();
  const send = (n: number, scheduled: number): void => {
    if (inFlight.size >= options.maxOutstanding) {
      dropped++;
      return;
    }
    sent++;
    const p: Promise<void> = op(n).then(
      () => {
        lastDone = performance.now();
        latencies.push(lastDone - scheduled);
      },
      () => {
        failed++;
      },
    );
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p));
  };
  // A generator that cannot keep up stops sending at the duration plus the drain bound; the rest of
  // the schedule counts as dropped.
  const sendEnd = t0 + (options.durationS + options.drainS) * 1000;
  let n = 0;
  while (n < total && performance.now() < sendEnd) {
    const now = performance.now();
    for (; n < total && t0 + (n * 1000) / options.rate <= now; n++) {
      const scheduled = t0 + (n * 1000) / options.rate;
      maxSendLagMs = Math.max(maxSendLagMs, now - scheduled);
      send(n, scheduled);
    }
    await tick();
  }
  dropped += total - n;
  const drainEnd = performance.now() + options.drainS * 1000;
  while (inFlight.size > 0 && performance.now() < drainEnd) await tick();
  const timedOut = inFlight.size;
  const end = timedOut > 0 ? performance.now() : Math.max(lastDone, t0 + options.durationS * 1000);
  const summary = summarize(latencies, failed + timedOut + dropped, (end - t0) / 1000);
  // Let the stragglers end (each call has its own deadline) so they do not load the next scenario.
  await Promise.allSettled([...inFlight]);
  return {
    ...summary,
    offeredPerSecond: options.rate,
    sent,
    dropped,
    maxSendLagMs: Math.round(maxSendLagMs * 10) / 10,
  };
}

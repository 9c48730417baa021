// Latency percentiles and rates of one scenario, from raw per-operation latencies in milliseconds.

/** What a scenario reports about its latencies and throughput. */
export interface LatencySummary {
  readonly completed: number;
  readonly failed: number;
  readonly elapsedS: number;
  /** completed ÷ elapsed. */
  readonly perSecond: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

const round1 = (x: number): number => Math.round(x * 10) / 10;

/** The nearest-rank percentile (p in 0..100) of ascending `sorted`; 0 when empty. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(sorted.length, rank) - 1] ?? 0;
}

/**
 * Summarises one scenario.
 *
 * @param latenciesMs - one latency per completed operation (unsorted; not modified).
 * @param failed - operations that failed or were dropped.
 * @param elapsedS - wall time of the scenario in seconds.
 * @param events - events per operation (a batched operation seals several), for `perSecond`.
 */
export function summarize(
  latenciesMs: readonly number[],
  failed: number,
  elapsedS: number,
  events = 1,
): LatencySummary {
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  return {
    completed: sorted.length * events,
    failed: failed * events,
    elapsedS: round1(elapsedS),
    perSecond: elapsedS > 0 ? round1((sorted.length * events) / elapsedS) : 0,
    p50Ms: round1(percentile(sorted, 50)),
    p95Ms: round1(percentile(sorted, 95)),
    p99Ms: round1(percentile(sorted, 99)),
    maxMs: round1(sorted[sorted.length - 1] ?? 0),
  };
}

// Baseline 2: the seed service's sequencer on a 3-node etcd cluster on 127.0.0.1. Per-event variant
// (read counter, txn counter+1 and the sealed event, one event per transaction) closed loop at each
// --etcd-concurrency, and the batched variant (one txn seals --etcd-batch events) at one client.
// The history is compacted and defragmented before every run; the cluster is always stopped.
import type { BenchContext } from './benchContext';
import { startEtcdCluster } from './etcdCluster';
import type { LatencySummary } from './latencyStats';
import { closedLoop } from './loadGenerator';
import { measured, type WithProcesses } from './processSampler';
import { newSeedSequencer, type SeedEvent } from './seedSequencer';

export type EtcdRow = WithProcesses<
  LatencySummary & {
    readonly variant: 'per-event' | 'batched';
    readonly concurrency: number;
    /** Events per etcd transaction. */
    readonly batch: number;
    /** Lost compare races that were retried. */
    readonly retries: number;
  }
>;

export interface EtcdResults {
  readonly version: string;
  readonly endpoints: readonly string[];
  readonly runs: readonly EtcdRow[];
}

function events(prefix: string, first: number, count: number): SeedEvent[] {
  return Array.from({ length: count }, (_, i) => ({
    eventId: `${prefix}-${first + i}`,
    payload: Buffer.from(`bench seed ${first + i}`),
  }));
}

async function runOne(
  ctx: BenchContext,
  endpoints: readonly string[],
  variant: EtcdRow['variant'],
  concurrency: number,
  batch: number,
): Promise<EtcdRow> {
  const prefix = `${ctx.runId}/${variant}-${concurrency}`;
  const sequencer = newSeedSequencer(endpoints, prefix);
  try {
    const summary = await measured(ctx.processes, () =>
      closedLoop((n) => sequencer.seal(events(prefix, n * batch, batch)), {
        concurrency,
        durationS: ctx.options.durationS,
        eventsPerOp: batch,
      }),
    );
    return { variant, concurrency, batch, retries: sequencer.retries, ...summary };
  } finally {
    sequencer.close();
  }
}

export async function runEtcdBench(ctx: BenchContext, version: string): Promise<EtcdResults> {
  ctx.log(
    `starting a 3-node etcd cluster on 127.0.0.1:${ctx.options.etcdPortBase}..${ctx.options.etcdPortBase + 5}`,
  );
  const cluster = await startEtcdCluster({ portBase: ctx.options.etcdPortBase });
  const unwatch = ctx.watch(cluster.pids.map((pid) => ({ pid, processClass: 'etcd' })));
  const runs: EtcdRow[] = [];
  try {
    const plan: [EtcdRow['variant'], number, number][] = [
      ...ctx.options.etcdConcurrency.map((c): [EtcdRow['variant'], number, number] => ['per-event', c, 1]),
      ['batched', 1, ctx.options.etcdBatch],
    ];
    for (const [variant, concurrency, batch] of plan) {
      await cluster.compactAndDefrag();
      ctx.log(
        `etcd seed sequencer ${variant}, ${concurrency} clients, ${batch} events/txn, ${ctx.options.durationS} s`,
      );
      runs.push(await runOne(ctx, cluster.endpoints, variant, concurrency, batch));
    }
  } finally {
    unwatch();
    await cluster.stop();
  }
  return { version, endpoints: cluster.endpoints, runs };
}

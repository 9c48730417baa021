// SubmitEvent through the gateway: open loop at each offered rate (latency from scheduled send to
// seal, achieved rate, dropped/failed) and closed loop at each concurrency (peak throughput).
import type { BenchContext } from './benchContext';
import type { LatencySummary } from './latencyStats';
import { closedLoop, openLoop, type Operation, type OpenLoopSummary } from './loadGenerator';
import { measured, type WithProcesses } from './processSampler';

export type OpenLoopRow = WithProcesses<OpenLoopSummary>;
export type ClosedLoopRow = WithProcesses<LatencySummary & { readonly concurrency: number }>;

export interface SubmitResults {
  readonly openLoop: readonly OpenLoopRow[];
  readonly closedLoop: readonly ClosedLoopRow[];
}

/** Per-call deadline: long enough to see queueing, short enough to bound a scenario. */
const SUBMIT_DEADLINE_MS = 30_000;

function submitOp(ctx: BenchContext, scenario: string): Operation {
  return async (n) => {
    await ctx.ledger.submitEvent(
      {
        eventId: `${ctx.runId}-${scenario}-${n}`,
        payload: Buffer.from(`bench ${scenario} ${n}`),
        vepsSignature: '',
        vepsTimestamp: String(Date.now()),
        metadata: {},
      },
      SUBMIT_DEADLINE_MS,
    );
  };
}

export async function runSubmitBench(ctx: BenchContext): Promise<SubmitResults> {
  const { options } = ctx;
  const open: OpenLoopRow[] = [];
  for (const rate of options.rates) {
    ctx.log(`SubmitEvent open loop at ${rate}/s for ${options.durationS} s`);
    open.push(
      await measured(ctx.processes, () =>
        openLoop(submitOp(ctx, `open${rate}`), {
          rate,
          durationS: options.durationS,
          maxOutstanding: options.maxOutstanding,
          drainS: options.drainS,
        }),
      ),
    );
  }
  const closed: ClosedLoopRow[] = [];
  for (const concurrency of options.concurrency) {
    ctx.log(`SubmitEvent closed loop, ${concurrency} clients, ${options.durationS} s`);
    const summary = await measured(ctx.processes, () =>
      closedLoop(submitOp(ctx, `closed${concurrency}`), { concurrency, durationS: options.durationS }),
    );
    closed.push({ concurrency, ...summary });
  }
  return { openLoop: open, closedLoop: closed };
}

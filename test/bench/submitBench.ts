// SubmitEvent through the gateway: open loop at each offered rate (latency from scheduled send to
// seal, achieved rate, dropped/failed) and closed loop at each concurrency (peak throughput). The
// calls come from the Go load generator (goLoadGenerator.ts) unless --loadgen node.
import type { BenchContext } from './benchContext';
import {
  buildGoLoadGenerator,
  goClosedLoop,
  goOpenLoop,
  type GoRunOptions,
  type GoScenarioResult,
} from './goLoadGenerator';
import type { LatencySummary } from './latencyStats';
import { closedLoop, openLoop, type Operation, type OpenLoopSummary } from './loadGenerator';
import { measured, type ClassUsage, type WithProcesses } from './processSampler';
import { scrapeMetrics, transactionPhases, type TransactionPhases } from './transactionPhases';

/** A SubmitEvent scenario's row: latencies, CPU and RSS, and (when the metrics answered) its phases. */
type WithPhases<T> = WithProcesses<T> & { readonly phases?: TransactionPhases };
export type OpenLoopRow = WithPhases<OpenLoopSummary>;
export type ClosedLoopRow = WithProcesses<LatencySummary & { readonly concurrency: number }>;
export type SubmitClosedLoopRow = WithPhases<LatencySummary & { readonly concurrency: number }>;

export interface SubmitResults {
  /** Which load generator sent the calls. */
  readonly loadGenerator?: 'go' | 'node';
  readonly openLoop: readonly OpenLoopRow[];
  readonly closedLoop: readonly SubmitClosedLoopRow[];
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

/** A scenario's summary, and the generator's own usage when it ran in another process. */
type Scenario<T> = Promise<{ readonly summary: T; readonly generatorUsage?: ClassUsage }>;

/** The two scenario kinds, with whichever generator the options chose. */
interface Generator {
  open(scenario: string, rate: number): Scenario<OpenLoopSummary>;
  closed(scenario: string, concurrency: number): Scenario<LatencySummary>;
}

function nodeGenerator(ctx: BenchContext): Generator {
  const { options } = ctx;
  return {
    open: async (scenario, rate) => ({
      summary: await openLoop(submitOp(ctx, scenario), {
        rate,
        durationS: options.durationS,
        maxOutstanding: options.maxOutstanding,
        drainS: options.drainS,
      }),
    }),
    closed: async (scenario, concurrency) => ({
      summary: await closedLoop(submitOp(ctx, scenario), { concurrency, durationS: options.durationS }),
    }),
  };
}

function goGenerator(ctx: BenchContext): Generator {
  const { options } = ctx;
  const binary = buildGoLoadGenerator();
  const run = (scenario: string): GoRunOptions => ({
    binary,
    address: ctx.gateway.address,
    ...(ctx.gateway.caFile === undefined ||
    ctx.gateway.certFile === undefined ||
    ctx.gateway.keyFile === undefined
      ? {}
      : {
          tls: { caFile: ctx.gateway.caFile, certFile: ctx.gateway.certFile, keyFile: ctx.gateway.keyFile },
        }),
    idPrefix: `${ctx.runId}-${scenario}`,
    durationS: options.durationS,
    deadlineMs: SUBMIT_DEADLINE_MS,
  });
  /** Logs failures by code. */
  const logged = <T extends LatencySummary>(
    scenario: string,
    result: GoScenarioResult<T>,
  ): GoScenarioResult<T> => {
    if (Object.keys(result.failedByCode).length > 0) {
      ctx.log(`${scenario}: failed calls by code ${JSON.stringify(result.failedByCode)}`);
    }
    return result;
  };
  return {
    open: async (scenario, rate) =>
      logged(
        scenario,
        await goOpenLoop(run(scenario), {
          mode: 'open',
          rate,
          maxOutstanding: options.maxOutstanding,
          drainS: options.drainS,
        }),
      ),
    closed: async (scenario, concurrency) =>
      logged(scenario, await goClosedLoop(run(scenario), { mode: 'closed', concurrency })),
  };
}

/**
 * Runs a scenario while sampling the processes (the generator's own usage joins the table) and, when
 * the gateway's metrics endpoint answers, the phases of the journal transactions it sent meanwhile.
 */
async function measure<T extends LatencySummary>(
  ctx: BenchContext,
  scenario: () => Scenario<T>,
): Promise<WithPhases<T>> {
  const before = await scrapeMetrics(ctx.options.metricsPort);
  const started = performance.now();
  const { summary, generatorUsage, processes } = await measured(ctx.processes, scenario);
  const windowS = (performance.now() - started) / 1000;
  const phases = transactionPhases(before, await scrapeMetrics(ctx.options.metricsPort), processes, windowS);
  return {
    ...summary,
    processes: generatorUsage === undefined ? processes : [...processes, generatorUsage],
    ...(phases === undefined ? {} : { phases }),
  };
}

export async function runSubmitBench(ctx: BenchContext): Promise<SubmitResults> {
  const { options } = ctx;
  const generator = options.loadGenerator === 'go' ? goGenerator(ctx) : nodeGenerator(ctx);
  const open: OpenLoopRow[] = [];
  for (const rate of options.rates) {
    ctx.log(
      `SubmitEvent open loop at ${rate}/s for ${options.durationS} s (${options.loadGenerator} load generator)`,
    );
    open.push(await measure(ctx, () => generator.open(`open${rate}`, rate)));
  }
  const closed: SubmitClosedLoopRow[] = [];
  for (const concurrency of options.concurrency) {
    ctx.log(`SubmitEvent closed loop, ${concurrency} clients, ${options.durationS} s`);
    const row = await measure(ctx, () => generator.closed(`closed${concurrency}`, concurrency));
    closed.push({ concurrency, ...row });
  }
  return { loadGenerator: options.loadGenerator, openLoop: open, closedLoop: closed };
}

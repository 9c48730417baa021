// The `overload` section: what a submit flood costs a gateway bounded at 32 in-flight submits, on this
// machine. The integration test (test/integration/gatewayOverload.spec.ts) asserts only what every
// machine must do (every excess call refused with RESOURCE_EXHAUSTED, nothing refused written); the
// machine-dependent figures are measured here: the share of calls refused, refusal and seal latency,
// and the gateway's peak RSS against the documented bound (docs/gateway.md, "Limits": 400 MiB).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { status } from '@grpc/grpc-js';
import { newLedgerClient } from '@gateway/client/ledgerClient';
import { startGatewayProcess } from '@test-support/gatewayProcess';
import { countByCode, floodSubmits, percentile, processMemory } from '@test-support/submitFlood';
import type { BenchContext } from './benchContext';

/** The documented bound of the gateway's peak RSS under this flood (docs/gateway.md, "Limits"). */
export const OVERLOAD_RSS_BOUND_MIB = 400;
/** The in-flight bound the flood's gateway runs with. */
export const OVERLOAD_MAX_IN_FLIGHT = 32;

/** What the section measured. */
export interface OverloadResults {
  readonly submits: number;
  readonly payloadBytes: number;
  readonly floodMs: number;
  /** Calls by gRPC code name. */
  readonly byCode: Readonly<Record<string, number>>;
  /** RESOURCE_EXHAUSTED calls ÷ all calls. */
  readonly refusedShare: number;
  readonly refusalP50Ms: number;
  readonly refusalP99Ms: number;
  readonly sealP50Ms: number;
  readonly sealP99Ms: number;
  readonly idleRssMiB: number;
  readonly peakRssMiB: number;
  readonly rssBoundMiB: number;
  /** Peak RSS below the documented bound. */
  readonly withinRssBound: boolean;
  /** Refusals answered faster (p50) than seals: they do not wait for Fabric. */
  readonly refusalsFasterThanSeals: boolean;
}

/**
 * Starts a gateway process bounded at {@link OVERLOAD_MAX_IN_FLIGHT} in-flight submits on a fresh
 * index, floods it with `submits` calls (50 every 100 ms over 4 connections) and measures.
 *
 * @param ctx - bench context (the network the gateway connects to; progress log; process sampling).
 * @param submits - calls in the flood.
 * @returns the measurements.
 */
export async function runOverloadBench(ctx: BenchContext, submits: number): Promise<OverloadResults> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-overload-'));
  const gateway = await startGatewayProcess(
    ['--insecure', '--org', 'org1', '--index', path.join(dir, 'index.sqlite')],
    {
      ...process.env,
      LEDGER_GATEWAY_MAX_INFLIGHT_SUBMITS: String(OVERLOAD_MAX_IN_FLIGHT),
      LEDGER_GATEWAY_METRICS_PORT: '0',
    },
  );
  const pid = gateway.child.pid ?? 0;
  const unwatch = ctx.watch([{ pid, processClass: 'gateway (overload)' }]);
  const client = newLedgerClient(gateway.address, { insecure: true, timeoutMs: 60_000 });
  try {
    // A sealed warm-up event: the fresh index has caught up with the journal before the flood.
    await client.submitEvent({
      eventId: `${ctx.runId}-overload-warm-up`,
      payload: Buffer.from('warm-up'),
      vepsTimestamp: String(Date.now()),
    });
    const idle = processMemory(pid);
    let peak = idle.rssMiB;
    const sampler = setInterval(() => {
      peak = Math.max(peak, processMemory(pid).rssMiB);
    }, 50);
    ctx.log(`overload: ${submits} submits against a gateway bounded at ${OVERLOAD_MAX_IN_FLIGHT} in flight`);
    const payloadBytes = 4096;
    const started = performance.now();
    const outcomes = await floodSubmits({
      address: gateway.address,
      count: submits,
      payloadBytes,
      connections: 4,
      wave: 50,
      waveMs: 100,
      deadlineMs: 120_000,
    }).finally(() => {
      clearInterval(sampler);
    });
    const floodMs = Math.round(performance.now() - started);
    peak = Math.max(peak, processMemory(pid).hwmMiB);
    const refused = outcomes.filter((o) => o.code === status.RESOURCE_EXHAUSTED).map((o) => o.ms);
    const sealed = outcomes.filter((o) => o.code === status.OK).map((o) => o.ms);
    const round = (x: number): number => Math.round(x);
    return {
      submits,
      payloadBytes,
      floodMs,
      byCode: Object.fromEntries(countByCode(outcomes)),
      refusedShare: outcomes.length === 0 ? 0 : refused.length / outcomes.length,
      refusalP50Ms: round(percentile(refused, 50)),
      refusalP99Ms: round(percentile(refused, 99)),
      sealP50Ms: round(percentile(sealed, 50)),
      sealP99Ms: round(percentile(sealed, 99)),
      idleRssMiB: round(idle.rssMiB),
      peakRssMiB: round(peak),
      rssBoundMiB: OVERLOAD_RSS_BOUND_MIB,
      withinRssBound: peak < OVERLOAD_RSS_BOUND_MIB,
      refusalsFasterThanSeals: percentile(refused, 50) < percentile(sealed, 50),
    };
  } finally {
    client.close();
    unwatch();
    await gateway.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The markdown lines of the section.
 *
 * @param r - the measurements.
 * @returns a heading, a table and the two checks against the documentation.
 */
export function overloadSection(r: OverloadResults): string[] {
  const codes = Object.entries(r.byCode)
    .map(([k, n]) => `${k}=${n}`)
    .join(' ');
  return [
    `### Overload: ${r.submits} submits of ${r.payloadBytes} B, 50 per 100 ms, gateway bounded at ${OVERLOAD_MAX_IN_FLIGHT} in flight`,
    [
      '| calls by code | refused share | refusal p50 / p99 ms | seal p50 / p99 ms | RSS idle → peak MiB | flood ms |',
      '|---|---|---|---|---|---|',
      `| ${codes} | ${(r.refusedShare * 100).toFixed(1)} % | ${r.refusalP50Ms} / ${r.refusalP99Ms} | ${r.sealP50Ms} / ${r.sealP99Ms} | ${r.idleRssMiB} → ${r.peakRssMiB} | ${r.floodMs} |`,
    ].join('\n'),
    `Peak RSS ${r.peakRssMiB} MiB: ${r.withinRssBound ? 'within' : '**OVER**'} the documented bound of ${r.rssBoundMiB} MiB. ` +
      `Refusals ${r.refusalsFasterThanSeals ? 'answer faster than seals (p50)' : '**do not answer faster than seals** (p50)'}.`,
  ];
}

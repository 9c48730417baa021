// Reads: GetEvent, GetInclusionProof and GetDigest on the live gateway; the same on synthetic indexes
// of --index-sizes entries built with the real sequencer and index (build rate, in-process proofs/s,
// and a real gateway process serving the largest one over gRPC: its RSS is "gateway RSS after N
// events"); and the index rebuild rate of a second gateway with an empty index on the live network.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { LedgerClient } from '@gateway/client/ledgerClient';
import { newMemberLedgerClient } from '@gateway/client/memberConnection';
import { startGatewayProcess, type GatewayProcess } from '@test-support/gatewayProcess';
import { TEST_CODE_NODE_FLAGS } from '@test-support/testCodeProcess';
import type { BenchContext } from './benchContext';
import type { LatencySummary } from './latencyStats';
import { closedLoop } from './loadGenerator';
import { measured, rssKiB, type WithProcesses } from './processSampler';
import type { SyntheticIndexResult } from './syntheticIndexWorker';

export type ReadRow = WithProcesses<
  LatencySummary & { readonly operation: string; readonly treeSize: number }
>;

export interface SyntheticGatewayResult {
  readonly size: number;
  /** RSS of the gateway process serving the synthetic index, after the reads, MiB. */
  readonly rssMiB: number;
  readonly reads: readonly ReadRow[];
}

export interface RebuildResult {
  readonly targetSequence: number;
  readonly reachedSequence: number;
  readonly reached: boolean;
  /** Spawn to "gateway serving", s. */
  readonly startupS: number;
  /** Spawn to reaching the target (or the timeout), s. */
  readonly elapsedS: number;
  /** reachedSequence ÷ elapsedS (includes start-up). */
  readonly eventsPerSecond: number;
  /** Entries indexed after the gateway served ÷ the time that took; undefined when it caught up first. */
  readonly catchUpEventsPerSecond: number | undefined;
  readonly rssMiB: number;
}

export interface ReadResults {
  readonly live: readonly ReadRow[];
  readonly synthetic: readonly SyntheticIndexResult[];
  readonly syntheticGateway: SyntheticGatewayResult | undefined;
  readonly rebuild: RebuildResult;
}

const REPO = path.resolve(__dirname, '..', '..');
/** A child gateway must not take the Prometheus port of the gateway under test. */
const CHILD_ENV = { ...process.env, LEDGER_GATEWAY_METRICS_PORT: '0' };

async function readScenarios(ctx: BenchContext, client: LedgerClient, size: number): Promise<ReadRow[]> {
  const pick = (n: number): number => 1 + ((n * 2_654_435_761) % size);
  const ops: [string, (n: number) => Promise<unknown>][] = [
    ['GetEvent', (n) => client.getEvent(pick(n))],
    ['GetInclusionProof', (n) => client.getInclusionProof(pick(n), size)],
    ['GetDigest', () => client.getDigest()],
  ];
  const rows: ReadRow[] = [];
  for (const [operation, op] of ops) {
    ctx.log(
      `${operation} at tree size ${size}, ${ctx.options.readConcurrency} clients, ${ctx.options.readDurationS} s`,
    );
    const summary = await measured(ctx.processes, () =>
      closedLoop(
        async (n) => {
          await op(n);
        },
        { concurrency: ctx.options.readConcurrency, durationS: ctx.options.readDurationS },
      ),
    );
    rows.push({ operation, treeSize: size, ...summary });
  }
  return rows;
}

async function liveSize(ctx: BenchContext): Promise<number> {
  let size = Number((await ctx.ledger.healthCheck()).lastSequenceNumber);
  for (let n = 0; size < 1 && n < 10; n++) {
    const seal = await ctx.ledger.submitEvent({
      eventId: `${ctx.runId}-reads-${n}`,
      payload: Buffer.from('bench reads'),
      vepsSignature: '',
      vepsTimestamp: String(Date.now()),
      metadata: {},
    });
    size = Number(seal.sequenceNumber);
  }
  return size;
}

function buildSynthetic(ctx: BenchContext, file: string): Promise<SyntheticIndexResult[]> {
  const args = [...TEST_CODE_NODE_FLAGS, 'test/bench/syntheticIndexWorker.ts'];
  const readMs = String(Math.max(200, Math.round((ctx.options.readDurationS * 1000) / 3)));
  const child = spawn(
    process.execPath,
    [...args, '--sizes', ctx.options.indexSizes.join(','), '--file', file, '--read-ms', readMs],
    { cwd: REPO, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const unwatch = ctx.watch([{ pid: child.pid ?? 0, processClass: 'index worker' }]);
  const results: SyntheticIndexResult[] = [];
  let buffered = '';
  child.stdout.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('utf8');
    for (let i = buffered.indexOf('\n'); i >= 0; i = buffered.indexOf('\n')) {
      const line = buffered.slice(0, i);
      buffered = buffered.slice(i + 1);
      const result = JSON.parse(line) as SyntheticIndexResult;
      ctx.log(`synthetic index: ${result.size} entries built at ${result.buildEventsPerSecond} events/s`);
      results.push(result);
    }
  });
  const timeoutMs = 60_000 + Math.max(...ctx.options.indexSizes) / 2;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      unwatch();
      if (code === 0) resolve(results);
      else
        reject(
          new Error(`synthetic index worker ended with ${String(code ?? signal)} (bound ${timeoutMs} ms)`),
        );
    });
  });
}

async function withGateway<T>(
  ctx: BenchContext,
  indexFile: string,
  processClass: string,
  body: (gateway: GatewayProcess, client: LedgerClient) => Promise<T>,
): Promise<T> {
  // The same transport as the gateway under test: mutual TLS as the bench's user, or plaintext (--dev).
  const { plaintext, caFile, certFile, keyFile } = ctx.gateway;
  const mode = plaintext ? ['--insecure'] : [];
  const gateway = await startGatewayProcess([...mode, '--org', 'org1', '--index', indexFile], CHILD_ENV);
  const unwatch = ctx.watch([{ pid: gateway.child.pid ?? 0, processClass }]);
  const client = newMemberLedgerClient(
    { address: gateway.address, plaintext, caFile, certFile, keyFile },
    { timeoutMs: 30_000 },
  );
  try {
    return await body(gateway, client);
  } finally {
    client.close();
    unwatch();
    await gateway.stop();
  }
}

async function syntheticGateway(
  ctx: BenchContext,
  file: string,
  size: number,
): Promise<SyntheticGatewayResult> {
  ctx.log(`gateway process on the synthetic index of ${size} entries`);
  return withGateway(ctx, file, 'gateway (synthetic index)', async (gateway, client) => {
    const reads = await readScenarios(ctx, client, size);
    return { size, reads, rssMiB: Math.round((rssKiB(gateway.child.pid ?? 0) ?? 0) / 1024) };
  });
}

async function rebuild(ctx: BenchContext, dir: string): Promise<RebuildResult> {
  const target = Number((await ctx.ledger.healthCheck()).lastSequenceNumber);
  ctx.log(`index rebuild: a second gateway with an empty index catching up to sequence ${target}`);
  const t0 = performance.now();
  return withGateway(ctx, path.join(dir, 'rebuild.sqlite'), 'gateway (rebuild)', async (gateway, client) => {
    const startupS = (performance.now() - t0) / 1000;
    const deadline = t0 + ctx.options.rebuildTimeoutS * 1000;
    let reachedSequence = Number((await client.healthCheck()).lastSequenceNumber);
    const servingSequence = reachedSequence;
    const servingAt = performance.now();
    while (reachedSequence < target && performance.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      reachedSequence = Number((await client.healthCheck()).lastSequenceNumber);
    }
    const now = performance.now();
    const elapsedS = (now - t0) / 1000;
    const catchUpS = (now - servingAt) / 1000;
    return {
      targetSequence: target,
      reachedSequence,
      reached: reachedSequence >= target,
      startupS: Math.round(startupS * 10) / 10,
      elapsedS: Math.round(elapsedS * 10) / 10,
      eventsPerSecond: Math.round(reachedSequence / elapsedS),
      catchUpEventsPerSecond:
        reachedSequence > servingSequence && catchUpS > 0
          ? Math.round((reachedSequence - servingSequence) / catchUpS)
          : undefined,
      rssMiB: Math.round((rssKiB(gateway.child.pid ?? 0) ?? 0) / 1024),
    };
  });
}

export async function runReadBench(ctx: BenchContext): Promise<ReadResults> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-bench-reads-'));
  try {
    const live = await readScenarios(ctx, ctx.ledger, await liveSize(ctx));
    const file = path.join(dir, 'synthetic.sqlite');
    const synthetic = await buildSynthetic(ctx, file);
    const largest = synthetic[synthetic.length - 1]?.size;
    const gatewayResult = largest === undefined ? undefined : await syntheticGateway(ctx, file, largest);
    return { live, synthetic, syntheticGateway: gatewayResult, rebuild: await rebuild(ctx, dir) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

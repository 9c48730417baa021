// The Go load generator (test/bench/loadgen): built with `go build` into the tools cache on first use
// (Go's build cache makes later builds a no-op), run once per scenario as a child process, and
// summarised here with the same statistics as the Node generators. It reports its own CPU time and
// peak RSS (getrusage) as it exits, which become its row in the scenario's process table.
// SubmitEvent scenarios use it by default: grpc-js spends about 0.4 ms of CPU per unary call, on the
// same two cores as the ledger; the Go client spends about a third of that (BENCHMARKS.md).
import { execFile, execFileSync } from 'node:child_process';
import * as os from 'node:os';
import * as path from 'node:path';
import { summarize, type LatencySummary } from './latencyStats';
import type { OpenLoopSummary } from './loadGenerator';
import type { ClassUsage } from './processSampler';

/** Class the generator's CPU and RSS are reported under. */
export const GO_LOADGEN_CLASS = 'load generator (go)';

const SOURCE_DIR = path.join(__dirname, 'loadgen');

/** What the Go generator prints (see loadgen/main.go). */
interface GoResult {
  readonly latenciesMs: readonly number[];
  readonly failed: number;
  readonly failedByCode: Readonly<Record<string, number>>;
  readonly sent: number;
  readonly dropped: number;
  readonly timedOut: number;
  readonly elapsedS: number;
  readonly maxSendLagMs: number;
  readonly firstFailure?: string;
  readonly cpuSeconds: number;
  readonly wallSeconds: number;
  readonly maxRssKiB: number;
}

/** Where the binary goes: $LOADGEN_BIN, else ledger-loadgen in $LEDGER_TOOLS_DIR (~/.cache/fabric-ledger/tools). */
export function goLoadGeneratorPath(env: NodeJS.ProcessEnv = process.env): string {
  const tools = env.LEDGER_TOOLS_DIR ?? path.join(os.homedir(), '.cache', 'fabric-ledger', 'tools');
  return env.LOADGEN_BIN ?? path.join(tools, 'ledger-loadgen');
}

/**
 * Builds the generator (a no-op when nothing changed).
 *
 * @returns the binary's path.
 * @throws Error naming the command when Go is missing or the build fails.
 */
export function buildGoLoadGenerator(): string {
  const binary = goLoadGeneratorPath();
  try {
    execFileSync('go', ['build', '-o', binary, '.'], {
      cwd: SOURCE_DIR,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
  } catch (err) {
    const stderr = (err as { stderr?: Buffer }).stderr?.toString().trim();
    throw new Error(
      `cannot build the Go load generator (go build in ${SOURCE_DIR}): ${stderr ?? (err as Error).message}` +
        ' — install Go, or run with --loadgen node',
    );
  }
  return binary;
}

/** The scenario and where to send it. */
export type GoScenario =
  | { readonly mode: 'open'; readonly rate: number; readonly maxOutstanding: number; readonly drainS: number }
  | { readonly mode: 'closed'; readonly concurrency: number };

export interface GoRunOptions {
  readonly binary: string;
  readonly address: string;
  /** Mutual TLS: the gateway's CA and the client's certificate and key files; none = plaintext. */
  readonly tls?: { readonly caFile: string; readonly certFile: string; readonly keyFile: string };
  /** Event ids are `<idPrefix>-<n>`. */
  readonly idPrefix: string;
  readonly durationS: number;
  readonly deadlineMs: number;
}

function scenarioArgs(s: GoScenario): string[] {
  return s.mode === 'open'
    ? [
        '-mode',
        'open',
        '-rate',
        String(s.rate),
        '-max-outstanding',
        String(s.maxOutstanding),
        '-drain',
        String(s.drainS),
      ]
    : ['-mode', 'closed', '-concurrency', String(s.concurrency)];
}

function runGo(options: Readonly<GoRunOptions>, scenario: GoScenario): Promise<GoResult> {
  const tls =
    options.tls === undefined
      ? []
      : ['-ca', options.tls.caFile, '-cert', options.tls.certFile, '-key', options.tls.keyFile];
  const args = [
    '-address',
    options.address,
    ...tls,
    '-id-prefix',
    options.idPrefix,
    '-duration',
    String(options.durationS),
    '-deadline-ms',
    String(options.deadlineMs),
    ...scenarioArgs(scenario),
  ];
  return new Promise((resolve, reject) => {
    execFile(options.binary, args, { maxBuffer: 256 * 2 ** 20 }, (err, stdout, stderr) => {
      if (err !== null) {
        reject(new Error(`load generator failed: ${stderr.trim() || err.message}`));
        return;
      }
      try {
        resolve(JSON.parse(stdout) as GoResult);
      } catch {
        reject(new Error(`load generator printed no result: ${stdout.slice(0, 200)}`));
      }
    });
  });
}

/** A Go scenario's summary, failures by gRPC code, and the generator's own CPU and RSS. */
export interface GoScenarioResult<T extends LatencySummary> {
  readonly summary: T;
  readonly failedByCode: Readonly<Record<string, number>>;
  readonly generatorUsage: ClassUsage;
}

function usage(r: GoResult): ClassUsage {
  return {
    processClass: GO_LOADGEN_CLASS,
    processes: 1,
    cpuPercent: r.wallSeconds > 0 ? Math.round((r.cpuSeconds / r.wallSeconds) * 1000) / 10 : 0,
    rssMiB: Math.round(r.maxRssKiB / 1024),
  };
}

/** Open loop with the Go generator; same semantics and summary as `openLoop` in loadGenerator.ts. */
export async function goOpenLoop(
  options: Readonly<GoRunOptions>,
  scenario: Extract<GoScenario, { mode: 'open' }>,
): Promise<GoScenarioResult<OpenLoopSummary>> {
  const r = await runGo(options, scenario);
  return {
    summary: {
      ...summarize(r.latenciesMs, r.failed + r.timedOut + r.dropped, r.elapsedS),
      offeredPerSecond: scenario.rate,
      sent: r.sent,
      dropped: r.dropped,
      maxSendLagMs: Math.round(r.maxSendLagMs * 10) / 10,
    },
    failedByCode: r.failedByCode,
    generatorUsage: usage(r),
  };
}

/** Closed loop with the Go generator; same semantics and summary as `closedLoop`. */
export async function goClosedLoop(
  options: Readonly<GoRunOptions>,
  scenario: Extract<GoScenario, { mode: 'closed' }>,
): Promise<GoScenarioResult<LatencySummary>> {
  const r = await runGo(options, scenario);
  return {
    summary: summarize(r.latenciesMs, r.failed, r.elapsedS),
    failedByCode: r.failedByCode,
    generatorUsage: usage(r),
  };
}

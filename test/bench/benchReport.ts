// The report: machine facts, markdown tables per section (pasteable into BENCHMARKS.md), the ratios
// the issue asks for, and the JSON document written with --out.
import { execFileSync } from 'node:child_process';
import * as os from 'node:os';
import * as path from 'node:path';
import type { BenchOptions } from './benchOptions';
import type { EtcdResults } from './etcdBench';
import { listenerPid, nodeVersionOf, type ClassUsage } from './processSampler';
import type { ReadResults } from './readBench';
import type { ClosedLoopRow, SubmitResults } from './submitBench';
import { fabricCpuMsPerTransaction, type TransactionPhases } from './transactionPhases';
import { historySection, type HistoryResults } from './historyBench';
import { overloadSection, type OverloadResults } from './overloadBench';

export interface Machine {
  readonly cores: number;
  readonly cpuModel: string;
  readonly memoryMiB: number;
  readonly os: string;
  /** The Node that ran the bench (scripts/use-node.sh chose it). */
  readonly node: string;
  /** The Node of the gateway under test, the process listening on `--address`'s port ('unknown' if not seen). */
  readonly gatewayNode: string;
  /** `peer version` of the binaries the network runs (scripts/install-fabric.sh --print-bin). */
  readonly fabric: string;
}

function fabricVersion(): string {
  try {
    const repo = path.resolve(__dirname, '..', '..');
    const script = path.join(repo, 'scripts', 'install-fabric.sh');
    const bin =
      execFileSync('bash', [script, '--print-bin'], { encoding: 'utf8' }).trim().split('\n').pop() ?? '';
    const text = execFileSync(path.join(bin, 'peer'), ['version'], { encoding: 'utf8' });
    return /Version:\s*(\S+)/.exec(text)?.[1] ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

export interface Ratios {
  /** Per concurrency: SubmitEvent closed-loop sealed events/s ÷ plain Fabric TPS. */
  readonly sealedPerBaselineTps: readonly { readonly concurrency: number; readonly ratio: number }[];
  /** Best sealed events/s (any SubmitEvent scenario) ÷ best plain Fabric TPS. */
  readonly bestSealedPerBestBaselineTps: number | undefined;
  /** The open-loop rate used for the p99 ratio (1,000/s, else the nearest one run). */
  readonly p99OfferedRate: number | undefined;
  /** Our p99 at that offered rate ÷ etcd per-event p99 at one client (the seed service's pattern). */
  readonly p99PerEtcdP99: number | undefined;
  /** Best sealed events/s ÷ the seed pattern's best events/s (per-event etcd, any concurrency). */
  readonly bestSealedPerSeedPattern: number | undefined;
  /** Best sealed events/s ÷ the batched etcd sequencer's events/s (the stretch goal is 0.5). */
  readonly bestSealedPerBatchedEtcd: number | undefined;
}

export interface BenchReport {
  readonly date: string;
  readonly runId: string;
  readonly machine: Machine;
  /** The gateway under test: its address and whether the bench spoke mutual TLS to it. */
  readonly gateway: { readonly address: string; readonly mode: 'mTLS' | 'plaintext' };
  readonly options: BenchOptions;
  readonly submit?: SubmitResults;
  readonly baseline?: readonly ClosedLoopRow[];
  readonly etcd?: EtcdResults;
  readonly reads?: ReadResults;
  readonly overload?: OverloadResults;
  readonly history?: HistoryResults;
  readonly ratios: Ratios;
  /** Sections that failed, with the error message (the run goes on with the next section). */
  readonly errors: readonly { readonly section: string; readonly message: string }[];
}

/** Facts about this machine and the runtimes; `gatewayPort` is the port of the gateway under test. */
export function machine(gatewayPort: number): Machine {
  return {
    cores: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryMiB: Math.round(os.totalmem() / 2 ** 20),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    gatewayNode: nodeVersionOf(listenerPid(gatewayPort)),
    fabric: fabricVersion(),
  };
}

const round2 = (x: number): number => Math.round(x * 100) / 100;

export function ratios(
  submit: SubmitResults | undefined,
  baseline: readonly ClosedLoopRow[] | undefined,
  etcd: EtcdResults | undefined,
): Ratios {
  const perConcurrency = (submit?.closedLoop ?? []).flatMap((ours) => {
    const base = baseline?.find((b) => b.concurrency === ours.concurrency);
    return base === undefined || base.perSecond === 0
      ? []
      : [{ concurrency: ours.concurrency, ratio: round2(ours.perSecond / base.perSecond) }];
  });
  const bestOurs = Math.max(
    0,
    ...[...(submit?.closedLoop ?? []), ...(submit?.openLoop ?? [])].map((r) => r.perSecond),
  );
  const bestBase = Math.max(0, ...(baseline ?? []).map((r) => r.perSecond));
  const open = [...(submit?.openLoop ?? [])].sort(
    (a, b) => Math.abs(a.offeredPerSecond - 1000) - Math.abs(b.offeredPerSecond - 1000),
  )[0];
  const seed = etcd?.runs.find((r) => r.variant === 'per-event' && r.concurrency === 1) ?? etcd?.runs[0];
  const bestEtcd = (variant: 'per-event' | 'batched'): number =>
    Math.max(0, ...(etcd?.runs ?? []).filter((r) => r.variant === variant).map((r) => r.perSecond));
  const per = (best: number): number | undefined =>
    best > 0 && submit !== undefined ? round2(bestOurs / best) : undefined;
  return {
    sealedPerBaselineTps: perConcurrency,
    bestSealedPerBestBaselineTps:
      bestBase > 0 && submit !== undefined ? round2(bestOurs / bestBase) : undefined,
    p99OfferedRate: open?.offeredPerSecond,
    p99PerEtcdP99:
      open !== undefined && seed !== undefined && seed.p99Ms > 0
        ? round2(open.p99Ms / seed.p99Ms)
        : undefined,
    bestSealedPerSeedPattern: per(bestEtcd('per-event')),
    bestSealedPerBatchedEtcd: per(bestEtcd('batched')),
  };
}

type Cell = string | number;

export function markdownTable(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const text = rows.map((r) => r.map(String));
  const widths = header.map((h, i) => Math.max(h.length, ...text.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...text.map(line)].join('\n');
}

const LATENCY = ['events/s', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'ok', 'failed'];
const latencyCells = (r: ClosedLoopRow | SubmitResults['openLoop'][number]): Cell[] => [
  r.perSecond,
  r.p50Ms,
  r.p95Ms,
  r.p99Ms,
  r.maxMs,
  r.completed,
  r.failed,
];

function processTable(rows: readonly { label: string; processes: readonly ClassUsage[] }[]): string {
  const classes = [...new Set(rows.flatMap((r) => r.processes.map((p) => p.processClass)))];
  return markdownTable(
    ['scenario', ...classes.map((c) => `${c} CPU% / RSS MiB`)],
    rows.map((r) => [
      r.label,
      ...classes.map((c) => {
        const u = r.processes.find((p) => p.processClass === c);
        return u === undefined ? '-' : `${u.cpuPercent} / ${u.rssMiB}`;
      }),
    ]),
  );
}

/** Where a journal transaction's time goes, per scenario that has phases (empty: none had). */
function phasesTable(rows: readonly { label: string; phases?: TransactionPhases }[]): string {
  const measuredRows = rows.flatMap((r) => (r.phases === undefined ? [] : [{ ...r, phases: r.phases }]));
  if (measuredRows.length === 0) return '';
  return [
    "### Where a journal transaction's time goes (gateway histograms, mean per transaction)",
    markdownTable(
      ['scenario', 'transactions', 'events/tx', 'endorse ms', 'commit ms', 'seal ms', 'Fabric CPU ms/tx'],
      measuredRows.map(({ label, phases: p }) => [
        label,
        p.transactions,
        p.eventsPerTransaction,
        p.endorseMs,
        p.commitMs,
        p.sealMs,
        p.fabricCpuMsPerTransaction ?? '-',
      ]),
    ),
    'endorse: proposal endorsed by the peers and accepted by the orderer; commit: Raft, block cut, ' +
      'validation and commit, commit status; seal: commit status to the last event sealed. Fabric CPU: ' +
      'orderers + peers + chaincode CPU time over the scenario (idle background work included) ÷ transactions.',
  ].join('\n\n');
}

function submitSection(submit: SubmitResults): string[] {
  const generator =
    submit.loadGenerator === 'node'
      ? 'grpc-js in the bench process'
      : 'the Go load generator (test/bench/loadgen)';
  return [
    `### SubmitEvent, open loop (latency from scheduled send to seal; calls from ${generator})`,
    markdownTable(
      ['offered/s', ...LATENCY, 'dropped', 'send lag ms'],
      submit.openLoop.map((r) => [r.offeredPerSecond, ...latencyCells(r), r.dropped, r.maxSendLagMs]),
    ),
    processTable(
      submit.openLoop.map((r) => ({ label: `open ${r.offeredPerSecond}/s`, processes: r.processes })),
    ),
    '### SubmitEvent, closed loop',
    markdownTable(
      ['clients', ...LATENCY],
      submit.closedLoop.map((r) => [r.concurrency, ...latencyCells(r)]),
    ),
    processTable(
      submit.closedLoop.map((r) => ({ label: `closed ${r.concurrency}`, processes: r.processes })),
    ),
    phasesTable([
      ...submit.openLoop.map((r) => ({ label: `open ${r.offeredPerSecond}/s`, phases: r.phases })),
      ...submit.closedLoop.map((r) => ({ label: `closed ${r.concurrency}`, phases: r.phases })),
    ]),
  ];
}

function baselineSection(rows: readonly ClosedLoopRow[]): string[] {
  return [
    '### Baseline 1: plain Fabric, one write per transaction (Accounts:OpenAccount), closed loop',
    markdownTable(
      ['clients', 'TPS', ...LATENCY.slice(1), 'Fabric CPU ms/tx'],
      rows.map((r) => [
        r.concurrency,
        ...latencyCells(r),
        fabricCpuMsPerTransaction(r.processes, r.elapsedS, r.completed) ?? '-',
      ]),
    ),
    processTable(rows.map((r) => ({ label: `plain ${r.concurrency}`, processes: r.processes }))),
  ];
}

function etcdSection(etcd: EtcdResults): string[] {
  return [
    `### Baseline 2: seed sequencer on 3-node etcd (${etcd.version}), latency per etcd transaction`,
    markdownTable(
      ['variant', 'clients', 'events/txn', ...LATENCY, 'retries'],
      etcd.runs.map((r) => [r.variant, r.concurrency, r.batch, ...latencyCells(r), r.retries]),
    ),
    processTable(etcd.runs.map((r) => ({ label: `${r.variant} ${r.concurrency}`, processes: r.processes }))),
  ];
}

function readsSection(reads: ReadResults): string[] {
  const readRows = [...reads.live, ...(reads.syntheticGateway?.reads ?? [])];
  const r = reads.rebuild;
  return [
    '### Reads over gRPC (live gateway, then a gateway on the largest synthetic index)',
    markdownTable(
      ['operation', 'tree size', 'calls/s', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'ok', 'failed'],
      readRows.map((x) => [
        x.operation,
        x.treeSize,
        x.perSecond,
        x.p50Ms,
        x.p95Ms,
        x.p99Ms,
        x.maxMs,
        x.completed,
        x.failed,
      ]),
    ),
    '### Synthetic indexes (real sequencer + SQLite index, in one process)',
    markdownTable(
      [
        'entries',
        'build events/s',
        'GetEvent/s',
        'verified proofs/s',
        'digests/s',
        'worker RSS MiB',
        'file MiB',
      ],
      reads.synthetic.map((s) => [
        s.size,
        s.buildEventsPerSecond,
        s.getEventPerSecond,
        s.inclusionProofsPerSecond,
        s.digestsPerSecond,
        s.rssMiB,
        s.indexFileMiB,
      ]),
    ),
    reads.syntheticGateway === undefined
      ? ''
      : `Gateway process RSS serving ${reads.syntheticGateway.size} entries: ${reads.syntheticGateway.rssMiB} MiB`,
    `Index rebuild from the peer's blocks: ${r.reachedSequence}/${r.targetSequence} entries in ${r.elapsedS} s ` +
      `(start-up ${r.startupS} s) = ${r.eventsPerSecond} events/s including start-up, ` +
      `${r.catchUpEventsPerSecond ?? 'n/a (caught up during start-up)'} events/s after it` +
      `${r.reached ? '' : ' (bound reached before catching up)'}; ` +
      `RSS ${r.rssMiB} MiB`,
  ];
}

function ratioLines(x: Ratios): string[] {
  const lines = [
    ...x.sealedPerBaselineTps.map(
      (r) => `- sealed events/s ÷ plain Fabric TPS at ${r.concurrency} clients: ${r.ratio}`,
    ),
    `- best sealed events/s ÷ best plain Fabric TPS: ${x.bestSealedPerBestBaselineTps ?? 'n/a'}`,
    `- our p99 at offered ${x.p99OfferedRate ?? '?'}/s ÷ etcd seed-pattern p99 (1 client): ${x.p99PerEtcdP99 ?? 'n/a'}`,
    `- best sealed events/s ÷ best etcd seed-pattern events/s: ${x.bestSealedPerSeedPattern ?? 'n/a'}`,
    `- best sealed events/s ÷ batched etcd sequencer events/s (stretch goal 0.5): ${x.bestSealedPerBatchedEtcd ?? 'n/a'}`,
  ];
  return ['### Ratios', lines.join('\n')];
}

/** The whole report as markdown. */
export function renderReport(report: BenchReport): string {
  const m = report.machine;
  const parts = [
    `## Bench ${report.runId} (${report.date}${report.options.smoke ? ', SMOKE: numbers not meaningful' : ''})`,
    `Machine: ${m.cores} cores (${m.cpuModel}), ${m.memoryMiB} MiB RAM, ${m.os}, Node ${m.node} (gateway on ${m.gatewayNode}), Fabric ${m.fabric}`,
    `Gateway under test: ${report.gateway.address}, ${report.gateway.mode === 'mTLS' ? 'mutual TLS (the secure default)' : 'plaintext (development mode)'}`,
    ...(report.submit === undefined ? [] : submitSection(report.submit)),
    ...(report.baseline === undefined ? [] : baselineSection(report.baseline)),
    ...(report.etcd === undefined ? [] : etcdSection(report.etcd)),
    ...(report.reads === undefined ? [] : readsSection(report.reads)),
    ...(report.overload === undefined ? [] : overloadSection(report.overload)),
    ...(report.history === undefined ? [] : historySection(report.history)),
    ...ratioLines(report.ratios),
    ...report.errors.map((e) => `**${e.section} failed:** ${e.message}`),
  ];
  return `${parts.filter((p) => p !== '').join('\n\n')}\n`;
}

// `npm run bench` entry point: runs the selected sections against the running network and gateway,
// prints markdown tables and ratios on stdout (progress on stderr), writes the JSON report (--out),
// and exits 1 when a section failed. See benchOptions.ts (--help) and BENCHMARKS.md.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { newMemberLedgerClient, resolveMemberConnection } from '@gateway/client/memberConnection';
import { networkLayout } from '@gateway/fabric/networkLayout';
import { runBaselineBench } from './baselineBench';
import type { BenchContext } from './benchContext';
import { benchUsage, parseBenchOptions, type BenchOptions, type Section } from './benchOptions';
import { machine, ratios, renderReport, type BenchReport } from './benchReport';
import { runEtcdBench } from './etcdBench';
import { runHistoryBench } from './historyBench';
import { networkProcesses, type WatchedProcess } from './processSampler';
import { runOverloadBench } from './overloadBench';
import { runReadBench } from './readBench';
import { runSubmitBench } from './submitBench';

function etcdVersion(): string {
  try {
    return (
      execFileSync('etcd', ['--version'], { encoding: 'utf8' })
        .split('\n')[0]
        ?.replace('etcd Version: ', '') ?? '?'
    );
  } catch {
    throw new Error(
      'etcd is not installed: run scripts/etcd-cluster.sh --install (apt-get install etcd-server etcd-client)',
    );
  }
}

function newContext(options: BenchOptions): { ctx: BenchContext; extras: Set<WatchedProcess> } {
  const layout = networkLayout();
  const extras = new Set<WatchedProcess>();
  const identity = {
    org: options.org,
    user: options.user,
    ...(options.address === undefined ? {} : { address: options.address }),
    ...(options.dev ? { plaintext: true } : {}),
  };
  const ctx: BenchContext = {
    options,
    runId: `bench-${new Date().toISOString().replace(/[-:.]/g, '')}-${process.pid}`,
    layout,
    gateway: resolveMemberConnection(identity),
    ledger: newMemberLedgerClient(identity, { timeoutMs: 30_000 }),
    processes: () => [...networkProcesses(layout.runDir), ...extras],
    watch: (more) => {
      for (const p of more) extras.add(p);
      return () => {
        for (const p of more) extras.delete(p);
      };
    },
    log: (message) => {
      process.stderr.write(`bench ${new Date().toISOString().slice(11, 19)} ${message}\n`);
    },
  };
  return { ctx, extras };
}

/** On Ctrl-C or SIGTERM, end the processes this run started (etcd members, extra gateways, worker). */
function stopChildrenOnSignal(extras: ReadonlySet<WatchedProcess>): void {
  const stop = (): void => {
    for (const p of extras) {
      try {
        process.kill(p.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
    process.exit(130);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

async function runSections(
  ctx: BenchContext,
): Promise<Omit<BenchReport, 'date' | 'runId' | 'machine' | 'gateway' | 'options' | 'ratios'>> {
  const errors: { section: string; message: string }[] = [];
  const attempt = async <T>(section: Section, body: () => Promise<T>): Promise<T | undefined> => {
    if (!ctx.options.only.includes(section)) return undefined;
    try {
      return await body();
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      ctx.log(`${section} failed: ${message}`);
      errors.push({ section, message });
      return undefined;
    }
  };
  const submit = await attempt('submit', () => runSubmitBench(ctx));
  const baseline = await attempt('baseline', () => runBaselineBench(ctx));
  const etcd = await attempt('etcd', () => runEtcdBench(ctx, etcdVersion()));
  const reads = await attempt('reads', () => runReadBench(ctx));
  const overload = await attempt('overload', () => runOverloadBench(ctx, ctx.options.overloadSubmits));
  const history = await attempt('history', () => runHistoryBench(ctx));
  return { submit, baseline, etcd, reads, overload, history, errors };
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(benchUsage());
    return;
  }
  const options = parseBenchOptions(argv);
  const { ctx, extras } = newContext(options);
  stopChildrenOnSignal(extras);
  const date = new Date().toISOString();
  let sections: Awaited<ReturnType<typeof runSections>>;
  try {
    sections = await runSections(ctx);
  } finally {
    ctx.ledger.close();
  }
  const report: BenchReport = {
    date,
    runId: ctx.runId,
    machine: machine(Number(ctx.gateway.address.slice(ctx.gateway.address.lastIndexOf(':') + 1))),
    gateway: { address: ctx.gateway.address, mode: ctx.gateway.plaintext ? 'plaintext' : 'mTLS' },
    options,
    ...sections,
    ratios: ratios(sections.submit, sections.baseline, sections.etcd),
  };
  process.stdout.write(renderReport(report));
  if (options.out !== undefined) {
    fs.mkdirSync(path.dirname(path.resolve(options.out)), { recursive: true });
    fs.writeFileSync(options.out, `${JSON.stringify(report, null, 2)}\n`);
    ctx.log(`report written to ${options.out}`);
  }
  if (sections.errors.length > 0) process.exitCode = 1;
}

main().then(
  () => process.exit(),
  (err: unknown) => {
    process.stderr.write(`bench: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);

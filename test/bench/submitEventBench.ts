// `npm run bench`: closed-loop SubmitEvent through the gateway against plain one-write Fabric
// transactions (fabric-gateway, Accounts:OpenAccount) at the same concurrency, on the running network.
// Bounded by --duration per scenario. Prints a table and writes JSON (--out FILE).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { newLedgerClient, type LedgerClient } from '../../gateway/src/client/ledgerClient';
import { connectAs } from '../../gateway/src/fabric/connect';
import { networkLayout } from '../../gateway/src/fabric/networkLayout';

interface Options {
  readonly durationS: number;
  readonly concurrency: readonly number[];
  readonly address: string;
  readonly out: string | undefined;
}

interface Result {
  readonly scenario: string;
  readonly concurrency: number;
  readonly completed: number;
  readonly failed: number;
  readonly perSecond: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

const USAGE = `Usage: npm run bench -- [--duration S] [--concurrency 1,16] [--address HOST:PORT] [--out FILE]
Closed-loop SubmitEvent (gateway at --address, default 127.0.0.1:50051, plaintext) and a plain Fabric
baseline (one Accounts:OpenAccount per transaction) at each concurrency, each for S seconds (default 10).`;

function parseOptions(argv: readonly string[]): Options {
  const get = (name: string): string | undefined => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  if (argv.includes('--help')) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const durationS = Number(get('duration') ?? '10');
  const concurrency = (get('concurrency') ?? '1,16').split(',').map(Number);
  if (
    !(durationS > 0 && durationS <= 600) ||
    concurrency.some((c) => !Number.isInteger(c) || c < 1 || c > 1024)
  ) {
    throw new Error(`--duration 1..600 and --concurrency of integers 1..1024 wanted\n${USAGE}`);
  }
  return { durationS, concurrency, address: get('address') ?? '127.0.0.1:50051', out: get('out') };
}

const percentile = (sorted: readonly number[], p: number): number =>
  sorted.length === 0 ? 0 : (sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0);

async function closedLoop(
  scenario: string,
  concurrency: number,
  durationS: number,
  op: (n: number) => Promise<void>,
): Promise<Result> {
  const latencies: number[] = [];
  let failed = 0;
  let counter = 0;
  const end = Date.now() + durationS * 1000;
  const started = Date.now();
  const worker = async (): Promise<void> => {
    while (Date.now() < end) {
      const t0 = performance.now();
      try {
        await op(counter++);
        latencies.push(performance.now() - t0);
      } catch {
        failed++;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsedS = (Date.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const round = (x: number): number => Math.round(x * 10) / 10;
  return {
    scenario,
    concurrency,
    completed: latencies.length,
    failed,
    perSecond: round(latencies.length / elapsedS),
    p50Ms: round(percentile(latencies, 50)),
    p95Ms: round(percentile(latencies, 95)),
    p99Ms: round(percentile(latencies, 99)),
    maxMs: round(latencies[latencies.length - 1] ?? 0),
  };
}

function processRss(runDir: string): Record<string, number> {
  const rss: Record<string, number> = {};
  const pids = path.join(runDir, 'pids');
  for (const file of fs.existsSync(pids) ? fs.readdirSync(pids) : []) {
    const pid = fs.readFileSync(path.join(pids, file), 'utf8').trim();
    const status = fs.existsSync(`/proc/${pid}/status`) ? fs.readFileSync(`/proc/${pid}/status`, 'utf8') : '';
    const kb = /VmRSS:\s+(\d+)/.exec(status)?.[1];
    if (kb !== undefined) rss[file.replace(/\.pid$/, '')] = Math.round(Number(kb) / 1024);
  }
  return rss;
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const layout = networkLayout();
  const run = `bench-${Date.now()}`;
  const ledger: LedgerClient = newLedgerClient(options.address, { insecure: true, timeoutMs: 60_000 });
  const fabric = connectAs({ org: layout.orgs.org1, user: 'teller1' });
  const contract = fabric.gateway.getNetwork(layout.channelName).getContract(layout.chaincodeName);
  const results: Result[] = [];
  try {
    for (const c of options.concurrency) {
      results.push(
        await closedLoop('SubmitEvent (gateway)', c, options.durationS, async (n) => {
          await ledger.submitEvent({
            eventId: `${run}-${c}-${n}`,
            payload: Buffer.from(`bench ${n}`),
            vepsSignature: '',
            vepsTimestamp: String(Date.now()),
            metadata: {},
          });
        }),
      );
      results.push(
        await closedLoop('plain Fabric tx (baseline)', c, options.durationS, async (n) => {
          await contract.submitTransaction('Accounts:OpenAccount', `${run}-${c}-${n}`, 'bench', 'USD');
        }),
      );
    }
  } finally {
    ledger.close();
    fabric.close();
  }
  const report = {
    date: new Date().toISOString(),
    durationS: options.durationS,
    results,
    rssMiB: processRss(layout.runDir),
  };
  console.table(results);
  console.table(report.rssMiB);
  for (const c of options.concurrency) {
    const ours = results.find((r) => r.concurrency === c && r.scenario.startsWith('SubmitEvent'));
    const base = results.find((r) => r.concurrency === c && r.scenario.startsWith('plain'));
    if (ours !== undefined && base !== undefined && base.perSecond > 0) {
      console.log(
        `concurrency ${c}: sealed events/s ÷ plain Fabric TPS = ${(ours.perSecond / base.perSecond).toFixed(2)}`,
      );
    }
  }
  if (options.out !== undefined) fs.writeFileSync(options.out, `${JSON.stringify(report, null, 2)}\n`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exitCode = 1;
});

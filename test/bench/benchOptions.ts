// Command-line options of `npm run bench` (test/bench/bench.ts): defaults for a full run bounded to
// roughly ten minutes, a --smoke preset of a few seconds per section, and the usage text.

/** The sections a run can do (`--only`). */
export const SECTIONS = ['submit', 'baseline', 'etcd', 'reads', 'overload', 'history'] as const;
export type Section = (typeof SECTIONS)[number];

/** Every option, after defaults and presets. */
export interface BenchOptions {
  readonly only: readonly Section[];
  readonly smoke: boolean;
  /** Seconds per load scenario (each open-loop rate, each closed-loop concurrency). */
  readonly durationS: number;
  readonly rates: readonly number[];
  readonly concurrency: readonly number[];
  readonly etcdConcurrency: readonly number[];
  readonly etcdBatch: number;
  readonly etcdPortBase: number;
  readonly readDurationS: number;
  readonly readConcurrency: number;
  readonly indexSizes: readonly number[];
  readonly rebuildTimeoutS: number;
  /** SubmitEvent calls of the overload flood. */
  readonly overloadSubmits: number;
  readonly maxOutstanding: number;
  readonly drainS: number;
  /** The gateway under test; undefined: the endpoint `scripts/gateway-up.sh` wrote for --org. */
  readonly address: string | undefined;
  /** The member org and user the bench calls the gateway as (mutual TLS, the secure default). */
  readonly org: string;
  readonly user: string;
  /** A plaintext development gateway (started with --dev): no client certificate. */
  readonly dev: boolean;
  /** The gateway's Prometheus port on 127.0.0.1, for the transaction phases (0: not scraped). */
  readonly metricsPort: number;
  readonly out: string | undefined;
  /** Who sends SubmitEvent calls: the Go generator (test/bench/loadgen) or this Node process. */
  readonly loadGenerator: 'go' | 'node';
  /** Revisions of the key the history section writes and reads. */
  readonly historyRevisions: number;
}

const FULL = {
  durationS: 10,
  rates: [100, 500, 1000, 2000, 2500, 3000, 4000],
  concurrency: [1, 16, 64, 256],
  etcdConcurrency: [1, 16, 64],
  etcdBatch: 100,
  readDurationS: 5,
  readConcurrency: 16,
  indexSizes: [10_000, 100_000, 1_000_000],
  rebuildTimeoutS: 120,
  overloadSubmits: 3000,
  maxOutstanding: 20_000,
  drainS: 30,
  historyRevisions: 10_000,
};

const SMOKE: typeof FULL = {
  durationS: 1,
  rates: [20, 50],
  concurrency: [1, 4],
  etcdConcurrency: [1, 4],
  etcdBatch: 10,
  readDurationS: 1,
  readConcurrency: 4,
  indexSizes: [1000, 2000],
  rebuildTimeoutS: 20,
  overloadSubmits: 200,
  maxOutstanding: 1000,
  drainS: 10,
  historyRevisions: 30,
};

/** Usage text (`--help`); keep it in step with {@link parseBenchOptions}. */
export function benchUsage(env: NodeJS.ProcessEnv = process.env): string {
  const list = (xs: readonly number[]): string => xs.join(',');
  return `Usage: npm run bench -- [options]        (scripts/bench.sh; or node -r ts-node/register/transpile-only
       -r ./test/support/registerAliases.ts test/bench/bench.ts)

Benchmarks the ledger on this machine against the running network and gateway (scripts/bench.sh
starts them first, unless --no-start): SubmitEvent open loop at fixed offered rates and closed loop
at fixed concurrency; Baseline 1, plain one-write Fabric transactions (Accounts:OpenAccount through
@hyperledger/fabric-gateway) at the same concurrency; Baseline 2, the seed service's etcd sequencer
on a 3-node etcd cluster (per event and batched); reads (GetEvent, GetInclusionProof, GetDigest on
the live gateway and on synthetic indexes, index rebuild rate); overload (a SubmitEvent flood on a
gateway bounded at 32 in flight: refused share, refusal and seal latency, peak RSS against the
documented 400 MiB). CPU and RSS per process class for
every scenario. Prints markdown tables and ratios; writes everything as JSON with --out.

Options (full-run default, then --smoke value):
  --only LIST             sections to run, of ${SECTIONS.join(',')} (default: all)
  --smoke                 a seconds-long run of every section (CI); speeds are not meaningful
  --duration S            seconds per load scenario (${FULL.durationS}; ${SMOKE.durationS})
  --rates LIST            SubmitEvent open-loop offered events/s (${list(FULL.rates)}; ${list(SMOKE.rates)})
  --concurrency LIST      closed-loop clients, SubmitEvent and Baseline 1 (${list(FULL.concurrency)}; ${list(SMOKE.concurrency)})
  --etcd-concurrency LIST etcd seed sequencer clients (${list(FULL.etcdConcurrency)}; ${list(SMOKE.etcdConcurrency)})
  --etcd-batch N          events per etcd transaction in the batched variant (${FULL.etcdBatch}; ${SMOKE.etcdBatch})
  --etcd-port-base N      first of 6 ports for the etcd cluster (ETCD_PORT_BASE, else NETWORK_PORT_BASE+700)
  --read-duration S       seconds per read scenario (${FULL.readDurationS}; ${SMOKE.readDurationS})
  --read-concurrency N    clients of the read scenarios (${FULL.readConcurrency}; ${SMOKE.readConcurrency})
  --index-sizes LIST      synthetic index sizes (${list(FULL.indexSizes)}; ${list(SMOKE.indexSizes)})
  --rebuild-timeout S     bound of the index rebuild (${FULL.rebuildTimeoutS}; ${SMOKE.rebuildTimeoutS})
  --overload-submits N    SubmitEvent calls of the overload flood (${FULL.overloadSubmits}; ${SMOKE.overloadSubmits})
  --max-outstanding N     open loop: sends beyond this many in flight are dropped (${FULL.maxOutstanding}; ${SMOKE.maxOutstanding})
  --drain S               open loop: wait for stragglers after the last send (${FULL.drainS}; ${SMOKE.drainS})
  --history-revisions N   revisions of the key the history section writes, one deposit each (${FULL.historyRevisions}; ${SMOKE.historyRevisions})
  --loadgen go|node       SubmitEvent load generator: go (test/bench/loadgen, built with go build; default)
                          or node (grpc-js in this process, which costs the ledger about 0.4 ms CPU per call)
  --org ORG --user USER   call the gateway as this member user, over mutual TLS (default org1 teller1:
                          the secure default that npm start runs; the address and CA from the org's
                          endpoint file, network/.run/gateway/<org>/endpoint.json)
  --address HOST:PORT     the gateway (default: the org's endpoint file, else 127.0.0.1:$GATEWAY_PORT,
                          here 127.0.0.1:${env.GATEWAY_PORT ?? '50051'} for org1)
  --dev                   the gateway is a plaintext development gateway (scripts/start.sh --dev)
  --metrics-port N        the gateway's metrics port on 127.0.0.1, for where a journal transaction's time
                          goes (LEDGER_GATEWAY_METRICS_PORT, default 9464; 0 = do not scrape)
  --out FILE              write the JSON report (scripts/bench.sh: bench-results/bench-<time>.json)
  --no-start              scripts/bench.sh only: do not run scripts/start.sh (the network already runs)
  --help                  this text

Environment: NETWORK_PORT_BASE, NETWORK_RUN_DIR (the network, as scripts/network-up.sh), GATEWAY_PORT,
ETCD_PORT_BASE. Baseline 2 needs etcd (scripts/etcd-cluster.sh --install installs it with apt).
Every scenario is bounded in time and count; a full run takes about 10 minutes.
`;
}

function value(argv: readonly string[], name: string): string | undefined {
  const i = argv.indexOf(`--${name}`);
  if (i < 0) return undefined;
  const v = argv[i + 1];
  if (v === undefined || v.startsWith('--')) throw new Error(`--${name}: missing value (see --help)`);
  return v;
}

function ints(argv: readonly string[], name: string, fallback: readonly number[], max: number): number[] {
  const raw = value(argv, name);
  if (raw === undefined) return [...fallback];
  const xs = raw.split(',').map(Number);
  if (xs.length === 0 || xs.some((x) => !Number.isInteger(x) || x < 1 || x > max)) {
    throw new Error(`--${name}: got ${JSON.stringify(raw)}, want integers 1..${max} separated by commas`);
  }
  return xs;
}

function int(argv: readonly string[], name: string, fallback: number, max: number): number {
  return ints(argv, name, [fallback], max)[0] ?? fallback;
}

function sections(raw: string | undefined): Section[] {
  if (raw === undefined) return [...SECTIONS];
  const names = raw.split(',');
  const bad = names.filter((n) => !(SECTIONS as readonly string[]).includes(n));
  if (bad.length > 0) throw new Error(`--only: got ${bad.join(',')}, want some of ${SECTIONS.join(',')}`);
  return SECTIONS.filter((s) => names.includes(s));
}

const KNOWN = new Set([
  'only',
  'duration',
  'rates',
  'concurrency',
  'etcd-concurrency',
  'etcd-batch',
  'etcd-port-base',
  'read-duration',
  'read-concurrency',
  'index-sizes',
  'rebuild-timeout',
  'overload-submits',
  'max-outstanding',
  'drain',
  'address',
  'org',
  'user',
  'metrics-port',
  'out',
  'loadgen',
  'history-revisions',
]);

function checkUnknown(argv: readonly string[]): void {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    if (a === '--smoke' || a === '--no-start' || a === '--dev') continue;
    if (a.startsWith('--') && KNOWN.has(a.slice(2))) {
      i++;
      continue;
    }
    throw new Error(`unknown argument ${JSON.stringify(a)} (see --help)`);
  }
}

/**
 * Parses the arguments (without `--help`, which the caller handles).
 *
 * @throws Error naming the option, what was given and what is wanted.
 */
export function parseBenchOptions(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): BenchOptions {
  checkUnknown(argv);
  const smoke = argv.includes('--smoke');
  const d = smoke ? SMOKE : FULL;
  const networkBase = Number(env.NETWORK_PORT_BASE ?? '7000');
  const etcdDefault = Number(env.ETCD_PORT_BASE ?? String(networkBase + 700));
  return {
    only: sections(value(argv, 'only')),
    smoke,
    durationS: int(argv, 'duration', d.durationS, 600),
    rates: ints(argv, 'rates', d.rates, 100_000),
    concurrency: ints(argv, 'concurrency', d.concurrency, 4096),
    etcdConcurrency: ints(argv, 'etcd-concurrency', d.etcdConcurrency, 4096),
    etcdBatch: int(argv, 'etcd-batch', d.etcdBatch, 4000),
    etcdPortBase: int(argv, 'etcd-port-base', etcdDefault, 65_000),
    readDurationS: int(argv, 'read-duration', d.readDurationS, 600),
    readConcurrency: int(argv, 'read-concurrency', d.readConcurrency, 4096),
    indexSizes: ints(argv, 'index-sizes', d.indexSizes, 10_000_000),
    rebuildTimeoutS: int(argv, 'rebuild-timeout', d.rebuildTimeoutS, 3600),
    historyRevisions: int(argv, 'history-revisions', d.historyRevisions, 1_000_000),
    overloadSubmits: int(argv, 'overload-submits', d.overloadSubmits, 1_000_000),
    maxOutstanding: int(argv, 'max-outstanding', d.maxOutstanding, 1_000_000),
    drainS: int(argv, 'drain', d.drainS, 600),
    address: value(argv, 'address'),
    org: value(argv, 'org') ?? 'org1',
    user: value(argv, 'user') ?? 'teller1',
    dev: argv.includes('--dev'),
    metricsPort: port(
      '--metrics-port',
      value(argv, 'metrics-port') ?? env.LEDGER_GATEWAY_METRICS_PORT ?? '9464',
    ),
    out: value(argv, 'out'),
    loadGenerator: loadGenerator(value(argv, 'loadgen')),
  };
}

/** A TCP port, or 0 (off). */
function port(name: string, raw: string): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65_535) {
    throw new Error(`${name}: got ${JSON.stringify(raw)}, want a port 0..65535 (0 = off)`);
  }
  return n;
}

function loadGenerator(raw: string | undefined): 'go' | 'node' {
  if (raw === undefined || raw === 'go') return 'go';
  if (raw === 'node') return 'node';
  throw new Error(`--loadgen: got ${JSON.stringify(raw)}, want go or node`);
}

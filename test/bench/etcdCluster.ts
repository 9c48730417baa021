// A 3-node etcd cluster on 127.0.0.1 for the seed-service baseline: ports base..base+5 (client and
// peer port per member), data in a temp folder, health waits (GET /health), compaction plus
// defragmentation between runs, and stop() that ends exactly the member PIDs it started.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A running cluster. */
export interface EtcdCluster {
  /** Client URLs of the members (http://127.0.0.1:port). */
  readonly endpoints: readonly string[];
  readonly pids: readonly number[];
  /** Compacts the key history up to the current revision and defragments every member. */
  compactAndDefrag(): Promise<void>;
  /** Stops the members (SIGTERM, SIGKILL after 5 s) and removes the data folder. */
  stop(): Promise<void>;
}

/** Options of {@link startEtcdCluster}. */
export interface EtcdClusterOptions {
  /** First of 6 consecutive ports. */
  readonly portBase: number;
  /** Wait at most this long for all members to be healthy (default 30 s). */
  readonly startTimeoutMs?: number;
}

const NAMES = ['etcd1', 'etcd2', 'etcd3'] as const;

function memberArgs(dir: string, base: number, i: number): string[] {
  const peer = (j: number): string => `http://127.0.0.1:${base + 2 * j + 1}`;
  const client = `http://127.0.0.1:${base + 2 * i}`;
  return [
    ['--name', NAMES[i] ?? 'etcd'],
    ['--data-dir', path.join(dir, NAMES[i] ?? 'etcd')],
    ['--listen-client-urls', client],
    ['--advertise-client-urls', client],
    ['--listen-peer-urls', peer(i)],
    ['--initial-advertise-peer-urls', peer(i)],
    ['--initial-cluster', NAMES.map((n, j) => `${n}=${peer(j)}`).join(',')],
    ['--initial-cluster-state', 'new'],
    ['--initial-cluster-token', `bench-${base}`],
    // One batched seal writes the batch plus the counter in one transaction.
    ['--max-txn-ops', '4096'],
    ['--logger', 'zap'],
    ['--log-level', 'error'],
  ].flat();
}

async function healthy(endpoint: string): Promise<boolean> {
  try {
    const res = await fetch(`${endpoint}/health`, { signal: AbortSignal.timeout(1000) });
    const body = (await res.json()) as { health?: unknown };
    return body.health === 'true' || body.health === true;
  } catch {
    return false;
  }
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      resolve();
      return;
    }
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/**
 * Starts the cluster and waits until every member reports healthy.
 *
 * @throws Error when `etcd` is not installed (run scripts/etcd-cluster.sh --install) or the members
 * are not healthy in time; the members already started are then stopped.
 */
export async function startEtcdCluster(options: Readonly<EtcdClusterOptions>): Promise<EtcdCluster> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-bench-etcd-'));
  const log = fs.openSync(path.join(dir, 'etcd.log'), 'a');
  const children = NAMES.map((_, i) =>
    spawn('etcd', memberArgs(dir, options.portBase, i), { stdio: ['ignore', log, log] }),
  );
  fs.closeSync(log);
  const endpoints = NAMES.map((_, i) => `http://127.0.0.1:${options.portBase + 2 * i}`);
  const stop = async (): Promise<void> => {
    await Promise.all(children.map(stopChild));
    fs.rmSync(dir, { recursive: true, force: true });
  };
  const failed = new Promise<never>((_, reject) => {
    for (const child of children) {
      child.once('error', reject);
    }
  });
  failed.catch(() => undefined);
  try {
    const deadline = Date.now() + (options.startTimeoutMs ?? 30_000);
    const waitAll = async (): Promise<void> => {
      while (!(await Promise.all(endpoints.map(healthy))).every(Boolean)) {
        if (children.some((c) => c.exitCode !== null)) {
          throw new Error(`an etcd member exited: ${fs.readFileSync(path.join(dir, 'etcd.log'), 'utf8')}`);
        }
        if (Date.now() > deadline) throw new Error(`etcd cluster not healthy on ${endpoints.join(',')}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    };
    await Promise.race([waitAll(), failed]);
  } catch (err) {
    await stop();
    throw err;
  }
  const etcdctl = (...args: string[]): Promise<{ stdout: string }> =>
    run('etcdctl', [`--endpoints=${endpoints.join(',')}`, ...args], {
      env: { ...process.env, ETCDCTL_API: '3' },
    });
  return {
    endpoints,
    pids: children.map((c) => c.pid ?? 0),
    compactAndDefrag: async (): Promise<void> => {
      const { stdout } = await etcdctl('endpoint', 'status', '-w', 'json');
      const status = JSON.parse(stdout) as { Status: { header: { revision: number } } }[];
      const revision = Math.max(...status.map((s) => s.Status.header.revision));
      if (revision > 1) await etcdctl('compact', String(revision), '--physical');
      await etcdctl('defrag', '--command-timeout=60s');
    },
    stop,
  };
}

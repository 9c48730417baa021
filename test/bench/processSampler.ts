// CPU and RSS per process class (orderers, peers, chaincode, gateway, CAs, etcd, load generator...)
// over one scenario: CPU from /proc/<pid>/stat utime+stime deltas between begin and end, RSS as the
// peak of the class's summed VmRSS sampled every 250 ms. Linux only; missing processes are skipped.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** A process to watch and the class it is reported under. */
export interface WatchedProcess {
  readonly pid: number;
  readonly processClass: string;
}

/** One class's usage over a scenario. */
export interface ClassUsage {
  readonly processClass: string;
  readonly processes: number;
  /** Percent of one core, averaged over the scenario (200 = two cores busy). */
  readonly cpuPercent: number;
  /** Peak of the class's summed resident set, MiB. */
  readonly rssMiB: number;
}

/** A running measurement; `end()` stops sampling and returns the usage per class. */
export interface Sampling {
  end(): ClassUsage[];
}

/** Starts sampling the processes `list()` returns (called again at each sample, so new ones join). */
export type ProcessSampler = (list: () => readonly WatchedProcess[]) => Sampling;

let clockTicks: number | undefined;
function ticksPerSecond(): number {
  if (clockTicks === undefined) {
    try {
      clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

/** utime + stime of a process in clock ticks, or undefined when it is gone. */
export function cpuTicks(pid: number): number | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces) start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return undefined;
  }
}

/** VmRSS of a process in KiB, or undefined when it is gone. */
export function rssKiB(pid: number): number | undefined {
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb === undefined ? undefined : Number(kb);
  } catch {
    return undefined;
  }
}

const CLASSES: readonly (readonly [RegExp, string])[] = [
  [/^orderer/, 'orderers'],
  [/^peer/, 'peers'],
  [/^chaincode/, 'chaincode'],
  [/^gateway/, 'gateway'],
  [/^ca-/, 'CAs'],
];

/** The network's processes from the PID files in `<runDir>/pids`, plus this process (load generator). */
export function networkProcesses(runDir: string): WatchedProcess[] {
  const dir = path.join(runDir, 'pids');
  const found: WatchedProcess[] = [{ pid: process.pid, processClass: 'load generator (bench)' }];
  for (const file of fs.existsSync(dir) ? fs.readdirSync(dir) : []) {
    const name = file.replace(/\.pid$/, '');
    const pid = Number(fs.readFileSync(path.join(dir, file), 'utf8').trim());
    const processClass = CLASSES.find(([re]) => re.test(name))?.[1] ?? name;
    if (Number.isInteger(pid) && pid > 0) found.push({ pid, processClass });
  }
  return found;
}

/** Samples every 250 ms until `end()`. */
export const sampleProcesses: ProcessSampler = (list) => {
  const startTicks = new Map<number, number>();
  const peakRss = new Map<string, number>();
  const t0 = performance.now();
  const sample = (): void => {
    const sums = new Map<string, number>();
    for (const p of list()) {
      if (!startTicks.has(p.pid)) startTicks.set(p.pid, cpuTicks(p.pid) ?? 0);
      sums.set(p.processClass, (sums.get(p.processClass) ?? 0) + (rssKiB(p.pid) ?? 0));
    }
    for (const [cls, kib] of sums) peakRss.set(cls, Math.max(peakRss.get(cls) ?? 0, kib));
  };
  sample();
  const timer = setInterval(sample, 250);
  return {
    end: (): ClassUsage[] => {
      clearInterval(timer);
      sample();
      const elapsedS = (performance.now() - t0) / 1000;
      const usage = new Map<string, { processes: number; ticks: number }>();
      for (const p of list()) {
        const u = usage.get(p.processClass) ?? { processes: 0, ticks: 0 };
        const now = cpuTicks(p.pid);
        u.processes += 1;
        u.ticks += now === undefined ? 0 : now - (startTicks.get(p.pid) ?? now);
        usage.set(p.processClass, u);
      }
      return [...usage].map(([processClass, u]) => ({
        processClass,
        processes: u.processes,
        cpuPercent: elapsedS > 0 ? Math.round((u.ticks / ticksPerSecond() / elapsedS) * 1000) / 10 : 0,
        rssMiB: Math.round((peakRss.get(processClass) ?? 0) / 1024),
      }));
    },
  };
};

/** A result plus the CPU and RSS of every process class while it ran. */
export type WithProcesses<T> = T & { readonly processes: readonly ClassUsage[] };

/** Runs `scenario` while sampling the processes `list()` returns. */
export async function measured<T extends object>(
  list: () => readonly WatchedProcess[],
  scenario: () => Promise<T>,
): Promise<WithProcesses<T>> {
  const sampling = sampleProcesses(list);
  try {
    const result = await scenario();
    return { ...result, processes: sampling.end() };
  } catch (err) {
    sampling.end();
    throw err;
  }
}

/** Socket inodes of TCP sockets listening on `port` (any local address), from /proc/net/tcp{,6}. */
function listeningInodes(port: number): Set<string> {
  const hexPort = `:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = fs.readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
      const cols = line.trim().split(/\s+/);
      const LISTEN = '0A';
      if (cols[1]?.endsWith(hexPort) === true && cols[3] === LISTEN && cols[9] !== undefined)
        inodes.add(cols[9]);
    }
  }
  return inodes;
}

/** The PID of the process that listens on TCP `port` on this machine (undefined if none is seen). */
export function listenerPid(port: number): number | undefined {
  const inodes = listeningInodes(port);
  if (inodes.size === 0) return undefined;
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let fds: string[];
    try {
      fds = fs.readdirSync(`/proc/${entry}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      let link = '';
      try {
        link = fs.readlinkSync(`/proc/${entry}/fd/${fd}`);
      } catch {
        continue;
      }
      const inode = /^socket:\[(\d+)\]$/.exec(link)?.[1];
      if (inode !== undefined && inodes.has(inode)) return Number(entry);
    }
  }
  return undefined;
}

/** `<executable> --version` of a running Node process (its /proc/<pid>/exe), or 'unknown'. */
export function nodeVersionOf(pid: number | undefined): string {
  if (pid === undefined) return 'unknown';
  try {
    const exe = fs.readlinkSync(`/proc/${pid}/exe`);
    return execFileSync(exe, ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

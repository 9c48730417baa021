// Runs `ledger gov watch` as a child process in its own process group, for the integration suites:
// its JSON log lines are collected, a test waits on them, and the watch is stopped by SIGTERM to its
// PID or killed with its whole group (the scripts it runs included) by SIGKILL.
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { waitFor } from './waitFor';

const LEDGER_BIN = path.resolve(__dirname, '..', '..', 'gateway', 'bin', 'ledger.js');

/** One JSON log line of the watch. */
export type WatchLogLine = Readonly<Record<string, unknown>> & { readonly msg: string };

/** A running `ledger gov watch`. */
export interface GovWatchProcess {
  readonly child: ChildProcess;
  /** The log lines so far, parsed (lines that are not JSON are kept as `{msg: <text>}`). */
  lines(): readonly WatchLogLine[];
  /** Resolves with the first line that matches, waiting up to `timeoutMs`. */
  waitForLine(
    what: string,
    matches: (line: WatchLogLine) => boolean,
    timeoutMs?: number,
  ): Promise<WatchLogLine>;
  /** Resolves with the exit code (null after a signal) once the process has ended. */
  exited(): Promise<number | null>;
  /** SIGTERM to the watch's PID (a graceful stop), then its exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL to the watch's process group (a crash), then resolves once it has ended. */
  kill(): Promise<void>;
}

/**
 * Starts `ledger gov watch <args>` with `env` over this process's environment.
 *
 * @param args - The arguments after `ledger gov watch`.
 * @param env - Variables added for the run.
 */
export function startGovWatch(args: readonly string[], env: NodeJS.ProcessEnv = {}): GovWatchProcess {
  const child = spawn(process.execPath, [LEDGER_BIN, 'gov', 'watch', ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
    detached: true,
  });
  const parsed: WatchLogLine[] = [];
  let partial = '';
  child.stderr.on('data', (chunk: Buffer) => {
    const text = partial + chunk.toString('utf8');
    const complete = text.split('\n');
    partial = complete.pop() ?? '';
    for (const line of complete) {
      if (line.trim() === '') continue;
      try {
        parsed.push(JSON.parse(line) as WatchLogLine);
      } catch {
        parsed.push({ msg: line });
      }
    }
  });
  const exit = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => {
      resolve(code);
    });
  });
  const running = (): boolean => child.exitCode === null && child.signalCode === null;
  return {
    child,
    lines: () => parsed,
    waitForLine: async (what, matches, timeoutMs = 120_000) => {
      let found: WatchLogLine | undefined;
      await waitFor(
        `${what}; the watch logged:\n${parsed.map((l) => JSON.stringify(l)).join('\n')}`,
        () => {
          found = parsed.find(matches);
          if (found === undefined && !running()) {
            throw new Error(
              `the watch exited before: ${what}\n${parsed.map((l) => JSON.stringify(l)).join('\n')}`,
            );
          }
          return found !== undefined;
        },
        { timeoutMs, intervalMs: 100 },
      );
      return found as WatchLogLine;
    },
    exited: () => exit,
    stop: async () => {
      if (running()) child.kill('SIGTERM');
      return exit;
    },
    kill: async () => {
      if (running() && child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      await exit;
    },
  };
}

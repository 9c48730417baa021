// Runs the `ledger` CLI (gateway/bin/ledger.js) as a child process, as a user would, for the
// integration suites.
import { execFile } from 'node:child_process';
import * as path from 'node:path';

const LEDGER_BIN = path.resolve(__dirname, '..', '..', 'gateway', 'bin', 'ledger.js');

/** Exit code and output of one CLI run. */
export interface LedgerRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * `ledger <args>`; never rejects: a failed run is its exit code (1 when it has none, e.g. a signal).
 *
 * @param args - the command line after `ledger`.
 * @param env - variables added to this process's environment for the run.
 */
export function runLedgerCli(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<LedgerRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [LEDGER_BIN, ...args],
      { encoding: 'utf8', env: { ...process.env, ...env } },
      (err, stdout, stderr) => {
        const code = err === null ? 0 : typeof err.code === 'number' ? err.code : 1;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

// Runs the `ledger` CLI (gateway/bin/ledger.js) as a child process for the fault suites.
import { execFile } from 'node:child_process';
import * as path from 'node:path';

const REPO = path.resolve(__dirname, '..', '..', '..');

/** Exit code and stdout+stderr of one CLI run. */
export interface CliRun {
  readonly code: number;
  readonly output: string;
}

/** `ledger <args>` with the test network's environment; never rejects. */
export function runLedger(args: readonly string[]): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [path.join(REPO, 'gateway', 'bin', 'ledger.js'), ...args],
      { cwd: REPO, encoding: 'utf8', timeout: 300_000 },
      (err, stdout, stderr) => {
        const code = err === null ? 0 : typeof err.code === 'number' ? err.code : 1;
        resolve({ code, output: `${stdout}${stderr}` });
      },
    );
  });
}

/** `ledger audit --index FILE --idle-ms 3000` (the org1 peer's blocks). */
export function runLedgerAudit(indexFile: string): Promise<CliRun> {
  return runLedger(['audit', '--index', indexFile, '--idle-ms', '3000']);
}

#!/usr/bin/env node
/**
 * `ledger qldb`: Amazon QLDB journal exports and proofs, verified offline (`qldbCommand.ts`), and
 * imported into the journal (`qldbImport.ts`).
 */
import { runQldbCommand } from './qldbCommand';
import { runQldbImport } from './qldbImport';

const argv = process.argv.slice(2);
const out = {
  stdout: (text: string): void => {
    process.stdout.write(text);
  },
  stderr: (text: string): void => {
    process.stderr.write(text);
  },
};
if (argv[0] === 'import' && !argv.includes('--help') && !argv.includes('-h')) {
  void runQldbImport(argv.slice(1), { ...out, stderrIsTTY: process.stderr.isTTY }).then((status) => {
    process.exitCode = status;
  });
} else {
  process.exitCode = runQldbCommand(argv, out);
}

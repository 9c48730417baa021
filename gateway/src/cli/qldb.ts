#!/usr/bin/env node
/**
 * `ledger qldb`: Amazon QLDB journal exports and proofs, verified offline and imported into the
 * journal (see `qldbCommand.ts`).
 */
import { runQldbCommand } from './qldbCommand';

void runQldbCommand(process.argv.slice(2), {
  stdout: (text) => {
    process.stdout.write(text);
  },
  stderr: (text) => {
    process.stderr.write(text);
  },
  stderrIsTTY: process.stderr.isTTY,
}).then((status) => {
  process.exitCode = status;
});

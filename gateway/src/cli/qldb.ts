#!/usr/bin/env node
/** `ledger qldb`: Amazon QLDB journal exports and proofs, verified offline (see `qldbCommand.ts`). */
import { runQldbCommand } from './qldbCommand';

process.exitCode = runQldbCommand(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
});

#!/usr/bin/env node
/** `ledger fabric`: archive a Fabric channel's blocks, verify an archive, import it (see `fabricCommand.ts`). */
import { runFabricCommand } from './fabricCommand';

void runFabricCommand(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: { isTTY: process.stderr.isTTY, write: (text) => process.stderr.write(text) },
}).then((status) => {
  process.exitCode = status;
});

#!/usr/bin/env node
/** `ledger gateway`: runs the gRPC gateway (see `gatewayCommand.ts`). */
import { runProgram } from './commandLine';
import { gatewayProgram } from './gatewayCommand';

void runProgram(gatewayProgram(), process.argv.slice(2), (err) => {
  process.stderr.write(`ledger-gateway: ${err instanceof Error ? err.message : String(err)}\n`);
  return 1;
});

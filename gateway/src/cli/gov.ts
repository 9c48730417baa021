#!/usr/bin/env node
/** `ledger gov`: consortium governance (see `govCommand.ts`). */
import { runProgram } from './commandLine';
import { govProgram, reportGovError } from './govCommand';

void runProgram(govProgram(), process.argv.slice(2), reportGovError);

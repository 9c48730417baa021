#!/usr/bin/env node
/** `ledger export` and `ledger verify-export` (see `exportCommand.ts`). */
import { runProgram } from './commandLine';
import { reportCommandError } from './connectionOptions';
import { exportProgram } from './exportCommand';

void runProgram(exportProgram(), process.argv.slice(2), reportCommandError);

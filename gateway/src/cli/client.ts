#!/usr/bin/env node
/** `ledger submit|get|digest|verify|consistency|health|history|audit|verify-receipt` (see `clientCommand.ts`). */
import { clientProgram } from './clientCommand';
import { runProgram } from './commandLine';
import { reportCommandError } from './connectionOptions';

void runProgram(clientProgram(), process.argv.slice(2), reportCommandError);

#!/usr/bin/env node
/** `ledger terms put|get|prove`: private terms of two member orgs (see `termsCommand.ts`). */
import { runProgram } from './commandLine';
import { reportTermsError, termsProgram } from './termsCommand';

void runProgram(termsProgram(), process.argv.slice(2), reportTermsError);

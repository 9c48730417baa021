#!/usr/bin/env node
/** `ledger trust`: an auditor's trust file (see `trustCommand.ts`). */
import { runProgram } from './commandLine';
import { reportTrustError, trustProgram } from './trustCommand';

void runProgram(trustProgram(), process.argv.slice(2), reportTrustError);

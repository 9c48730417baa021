#!/usr/bin/env node
/** `ledger org`: the network's member orgs (see `orgCommand.ts`). */
import { runProgram } from './commandLine';
import { orgProgram, reportOrgError } from './orgCommand';

void runProgram(orgProgram(), process.argv.slice(2), reportOrgError);

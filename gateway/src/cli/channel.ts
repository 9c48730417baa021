#!/usr/bin/env node
/** `ledger channel`: the network's channels; create one for some member orgs (see `channelCommand.ts`). */
import { runChannelCommand } from './channelCommand';

void runChannelCommand(process.argv.slice(2)).then((status) => {
  process.exitCode = status;
});

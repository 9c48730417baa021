#!/usr/bin/env node
/**
 * `ledger users`: an org's application users at its Fabric CA — add (register + enroll), list, and
 * revoke (CA revocation, CRL into the channel configuration, committed on every member peer). Its
 * command line and help: usersArgs.ts.
 */
import * as fs from 'node:fs';
import { networkLayout, peerOrgNames, type OrgLayout, orgLayout } from '../fabric/networkLayout';
import { runProgram } from './commandLine';
import { parseUsersArgs, UsageError, usersProgram, type UsersCommand } from './usersArgs';

const print = (value: unknown): void => {
  process.stdout.write(`${JSON.stringify(value)}\n`);
};

/** The org's layout, once its CA certificate shows the org exists in this network. */
function existingOrg(command: Exclude<UsersCommand, { command: 'help' }>): OrgLayout {
  const org = orgLayout(networkLayout(), command.org);
  if (!fs.existsSync(org.caCertPath)) {
    throw new UsageError(`--org: ${command.org} has no CA in this network (no ${org.caCertPath})`);
  }
  return org;
}

async function run(command: UsersCommand, argv: readonly string[]): Promise<void> {
  if (command.command === 'help') {
    // The help of the definitions parseUsersArgs parsed with: of the program, or of the command asked.
    await runProgram(usersProgram(), argv.length === 0 ? ['--help'] : argv, () => 2);
    return;
  }
  const org = existingOrg(command);
  // Loaded only now: fabric-ca-client's configuration (nconf/yargs) reads the process's arguments when
  // it loads, and would answer --help itself.
  const { addUser, listUsers } = await import('../fabric/caUsers');
  const { revokeUser } = await import('../fabric/revocation');
  switch (command.command) {
    case 'add':
      print(await addUser(org, command.name, command.role));
      return;
    case 'list':
      for (const user of await listUsers(org)) print(user);
      return;
    case 'revoke':
      print(await revokeUser({ org, name: command.name, reason: command.reason }));
      return;
  }
}

async function main(argv: readonly string[]): Promise<number> {
  try {
    await run(parseUsersArgs(argv, peerOrgNames()), argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`ledger users: ${err.message}\n(ledger users --help)\n`);
      return 2;
    }
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`${JSON.stringify({ msg: 'ledger users failed', error: message })}\n`);
    return 1;
  }
}

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});

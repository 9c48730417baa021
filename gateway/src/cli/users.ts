#!/usr/bin/env node
/**
 * `ledger users`: an org's application users at its Fabric CA — add (register + enroll), list, and
 * revoke (CA revocation, CRL into the channel configuration, committed on every member peer).
 */
import * as fs from 'node:fs';
import { networkLayout, peerOrgNames, type OrgLayout, orgLayout } from '../fabric/networkLayout';
import { parseUsersArgs, UsageError, USER_ROLES, REVOCATION_REASONS, type UsersCommand } from './usersArgs';

const USAGE = `Usage: ledger users add --org ORG --name NAME --role ROLE
       ledger users list --org ORG
       ledger users revoke --org ORG --name NAME [--reason REASON]

An org's application users, issued by the org's own Fabric CA (docs/users.md).

  add     register NAME at ORG's CA with the ledger.role attribute ROLE and enroll it once (the
          enrolment secret is random and used once; nobody keeps it); writes
          crypto/ORG/users/NAME/msp/signcerts/cert.pem and keystore/key.pem (0600).
          Prints {"org","mspId","name","role","mspDir"}.
  list    one JSON line per application user: {"name","role","revoked"}.
  revoke  revoke NAME's certificates at the CA, write the CA's CRL to crypto/ORG/ca/crl.pem, put it into
          ORG's MSP in the channel configuration (an update signed by ORG's admin) and wait until every
          member peer has committed it and every running gateway applies it: from then on peers refuse
          NAME's proposals and gateways its calls (UNAUTHENTICATED). Prints
          {"org","mspId","name","reason","revokedSerials","crlPath","configBlock","peers","gateways"}.
          Run it again to finish a revocation whose channel update failed.

  ORG     org1, org2 or org3 (a member whose CA runs)
  NAME    1 to 64 of A-Z a-z 0-9 . _ - (not admin or gateway-tls)
  ROLE    ${USER_ROLES.join(' | ')}  (reader: read-only)
  REASON  ${REVOCATION_REASONS.join(', ')} (default unspecified)

Environment: NETWORK_PORT_BASE (7000), NETWORK_RUN_DIR (network/.run), CHANNEL_NAME (ledger).
Exit status: 0 done, 1 refused or failed (the reason is printed), 2 usage error.
`;

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

async function run(command: UsersCommand): Promise<void> {
  if (command.command === 'help') {
    process.stdout.write(USAGE);
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
    await run(parseUsersArgs(argv, peerOrgNames()));
    return 0;
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

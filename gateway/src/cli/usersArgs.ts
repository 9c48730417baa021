/**
 * The `ledger users` command line: its commander definitions (the help), and the parsing and validation
 * of a command line with them, printing nothing. Every error names the field.
 */
import { CommanderError, newProgram, Option, paragraph, type Command } from './commandLine';

/** The roles `ledger users add` issues (the `ledger.role` certificate attribute). */
export const USER_ROLES = ['teller', 'auditor', 'custodian', 'admin', 'reader'] as const;

/** One of {@link USER_ROLES}. */
export type UserRole = (typeof USER_ROLES)[number];

/** An org of the topology (its users live in its CA). */
export type UserOrg = string;

/** The revocation reasons fabric-ca accepts (RFC 5280 CRLReason names, lower case). */
export const REVOCATION_REASONS = [
  'unspecified',
  'keycompromise',
  'cacompromise',
  'affiliationchange',
  'superseded',
  'cessationofoperation',
  'certificatehold',
  'removefromcrl',
  'privilegewithdrawn',
  'aacompromise',
] as const;

/** A user name: letters, digits, dot, underscore, hyphen; 1 to 64 characters. */
export const USER_NAME = /^[A-Za-z0-9._-]{1,64}$/;

/** Names the CA and the network already use for themselves; never managed by `ledger users`. */
export const RESERVED_NAMES: readonly string[] = ['admin', 'gateway-tls'];

/** A parsed `ledger users` command. */
export type UsersCommand =
  | { readonly command: 'help' }
  | { readonly command: 'add'; readonly org: UserOrg; readonly name: string; readonly role: UserRole }
  | { readonly command: 'list'; readonly org: UserOrg }
  | { readonly command: 'revoke'; readonly org: UserOrg; readonly name: string; readonly reason: string };

/** A command line that cannot be run: exit status 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

function required(flags: Flags, flag: string): string {
  const value = flags.get(flag);
  if (value === undefined) throw new UsageError(`--${flag}: required`);
  return value;
}

function orgOf(flags: Flags, orgs: readonly UserOrg[]): UserOrg {
  const org = required(flags, 'org');
  if (!orgs.includes(org)) {
    throw new UsageError(`--org: got ${JSON.stringify(org)}, want one of ${orgs.join(', ')}`);
  }
  return org;
}

function nameOf(flags: Flags): string {
  const name = required(flags, 'name');
  if (!USER_NAME.test(name)) {
    throw new UsageError(`--name: got ${JSON.stringify(name)}, want 1 to 64 of A-Z a-z 0-9 . _ -`);
  }
  if (RESERVED_NAMES.includes(name)) {
    throw new UsageError(`--name: ${JSON.stringify(name)} is reserved for the CA and the network`);
  }
  return name;
}

function roleOf(flags: Flags): UserRole {
  const role = required(flags, 'role');
  if (!(USER_ROLES as readonly string[]).includes(role)) {
    throw new UsageError(`--role: got ${JSON.stringify(role)}, want one of ${USER_ROLES.join(', ')}`);
  }
  return role as UserRole;
}

function reasonOf(flags: Flags): string {
  const reason = (flags.get('reason') ?? 'unspecified').toLowerCase();
  if (!(REVOCATION_REASONS as readonly string[]).includes(reason)) {
    throw new UsageError(
      `--reason: got ${JSON.stringify(reason)}, want one of ${REVOCATION_REASONS.join(', ')}`,
    );
  }
  return reason;
}

/** A flag's value by name (as typed), from commander's parsed options. */
type Flags = ReadonlyMap<string, string>;

const ADD = `register NAME at ORG's CA with the ledger.role attribute ROLE and enroll it once (the enrolment
secret is random and used once; nobody keeps it); writes crypto/ORG/users/NAME/msp/signcerts/cert.pem
and keystore/key.pem (0600). Prints {"org","mspId","name","role","mspDir"}.`;

const REVOKE = `revoke NAME's certificates at the CA, write the CA's CRL to crypto/ORG/ca/crl.pem, put it into ORG's
MSP in the channel configuration (an update signed by ORG's admin) and wait until every member peer has
committed it and every running gateway applies it: from then on peers refuse NAME's proposals and
gateways its calls (UNAUTHENTICATED). Prints
{"org","mspId","name","reason","revokedSerials","crlPath","configBlock","peers","gateways"}. Run it
again to finish a revocation whose channel update failed.`;

const USERS_HELP_AFTER = `
Environment: NETWORK_PORT_BASE (7000), NETWORK_RUN_DIR (network/.run), CHANNEL_NAME (ledger).
Exit status: 0 done, 1 refused or failed (the reason is printed), 2 usage error.`;

/** An option that may be given once: a second use is a usage error naming it. */
function once(flags: string, description: string): Option {
  const name = flags.split(' ')[0] ?? flags;
  return new Option(flags, description).argParser((value: string, previous: string | undefined) => {
    if (previous !== undefined) throw new UsageError(`${name}: given twice`);
    return value;
  });
}

const ORG_HELP = 'the org: a member org of the topology whose CA runs';
const NAME_HELP = 'the user: 1 to 64 of A-Z a-z 0-9 . _ - (not admin or gateway-tls)';

/**
 * The `ledger users` commands: the definitions {@link parseUsersArgs} parses with and `--help` prints.
 * Their actions are set by the caller.
 */
export function usersProgram(): Command {
  const program = newProgram(
    'ledger users',
    "An org's application users, issued by the org's own Fabric CA (docs/users.md).",
  )
    // The synopsis of each command, as docs/users.md shows them.
    .usage(
      [
        'add --org ORG --name NAME --role ROLE',
        '       ledger users list --org ORG',
        '       ledger users revoke --org ORG --name NAME [--reason REASON]',
      ].join('\n'),
    )
    .addHelpText('after', USERS_HELP_AFTER);
  program
    .command('add')
    .description(paragraph(ADD))
    .addOption(once('--org <ORG>', ORG_HELP))
    .addOption(once('--name <NAME>', NAME_HELP))
    .addOption(once('--role <ROLE>', `${USER_ROLES.join(' | ')} (reader: read-only)`));
  program
    .command('list')
    .description('one JSON line per application user: {"name","role","revoked"}')
    .addOption(once('--org <ORG>', ORG_HELP));
  program
    .command('revoke')
    .description(paragraph(REVOKE))
    .addOption(once('--org <ORG>', ORG_HELP))
    .addOption(once('--name <NAME>', NAME_HELP))
    .addOption(once('--reason <REASON>', `${REVOCATION_REASONS.join(', ')} (default unspecified)`));
  for (const command of program.commands) command.addHelpText('after', USERS_HELP_AFTER);
  return program;
}

/** A commander usage error in the words of `ledger users` (each names the command or flag). */
function usageErrorOf(err: CommanderError, argv: readonly string[]): UsageError {
  const command = argv[0] ?? '';
  const flag = /'(--[a-z-]+)/.exec(err.message)?.[1] ?? '';
  switch (err.code) {
    case 'commander.unknownCommand':
      return new UsageError(`command: got ${JSON.stringify(command)}, want add, list or revoke`);
    case 'commander.optionMissingArgument':
      return new UsageError(`${flag}: missing value`);
    case 'commander.unknownOption':
      return new UsageError(`${command}: unexpected argument ${JSON.stringify(flag)}`);
    default:
      return new UsageError(`${command}: ${err.message.replace(/^error: /, '')}`);
  }
}

/** Validates the flags of `command`; `orgs` are the orgs `--org` may name. */
function commandOf(command: string, flags: Flags, orgs: readonly UserOrg[]): UsersCommand {
  if (command === 'list') return { command, org: orgOf(flags, orgs) };
  if (command === 'add')
    return { command, org: orgOf(flags, orgs), name: nameOf(flags), role: roleOf(flags) };
  return { command: 'revoke', org: orgOf(flags, orgs), name: nameOf(flags), reason: reasonOf(flags) };
}

/**
 * Parses the arguments after `ledger users` with {@link usersProgram}; `orgs` are the orgs `--org` may
 * name (the topology's). Prints nothing: a request for help comes back as `{command: 'help'}`.
 * @throws UsageError naming the command or flag that is wrong.
 */
export function parseUsersArgs(argv: readonly string[], orgs: readonly UserOrg[]): UsersCommand {
  const program = usersProgram();
  let parsed: UsersCommand = { command: 'help' };
  for (const command of [program, ...program.commands]) {
    command.configureOutput({ writeOut: () => undefined, writeErr: () => undefined });
  }
  for (const command of program.commands) {
    command.action((options: Record<string, string | undefined>) => {
      const flags = new Map(
        Object.entries(options).filter((entry): entry is [string, string] => entry[1] !== undefined),
      );
      parsed = commandOf(command.name(), flags, orgs);
    });
  }
  try {
    program.parse([...argv], { from: 'user' });
  } catch (err) {
    if (!(err instanceof CommanderError)) throw err;
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.help') return { command: 'help' };
    throw usageErrorOf(err, argv);
  }
  return parsed;
}

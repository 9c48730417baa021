/**
 * Pure parsing and validation of `ledger users` command lines: no I/O. Every error names the field.
 */

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

const FLAGS: Readonly<Record<string, readonly string[]>> = {
  add: ['org', 'name', 'role'],
  list: ['org'],
  revoke: ['org', 'name', 'reason'],
};

function flagsOf(command: string, argv: readonly string[]): Map<string, string> {
  const allowed = FLAGS[command] ?? [];
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 2) {
    const arg = argv[i] ?? '';
    const flag = arg.startsWith('--') ? arg.slice(2) : '';
    if (!allowed.includes(flag)) {
      throw new UsageError(
        `${command}: unexpected argument ${JSON.stringify(arg)}; want ${allowed.map((f) => `--${f}`).join(', ')}`,
      );
    }
    const value = argv[i + 1];
    if (value === undefined || value.startsWith('--')) throw new UsageError(`--${flag}: missing value`);
    if (flags.has(flag)) throw new UsageError(`--${flag}: given twice`);
    flags.set(flag, value);
  }
  return flags;
}

function required(flags: Map<string, string>, flag: string): string {
  const value = flags.get(flag);
  if (value === undefined) throw new UsageError(`--${flag}: required`);
  return value;
}

function orgOf(flags: Map<string, string>, orgs: readonly UserOrg[]): UserOrg {
  const org = required(flags, 'org');
  if (!orgs.includes(org)) {
    throw new UsageError(`--org: got ${JSON.stringify(org)}, want one of ${orgs.join(', ')}`);
  }
  return org;
}

function nameOf(flags: Map<string, string>): string {
  const name = required(flags, 'name');
  if (!USER_NAME.test(name)) {
    throw new UsageError(`--name: got ${JSON.stringify(name)}, want 1 to 64 of A-Z a-z 0-9 . _ -`);
  }
  if (RESERVED_NAMES.includes(name)) {
    throw new UsageError(`--name: ${JSON.stringify(name)} is reserved for the CA and the network`);
  }
  return name;
}

function roleOf(flags: Map<string, string>): UserRole {
  const role = required(flags, 'role');
  if (!(USER_ROLES as readonly string[]).includes(role)) {
    throw new UsageError(`--role: got ${JSON.stringify(role)}, want one of ${USER_ROLES.join(', ')}`);
  }
  return role as UserRole;
}

function reasonOf(flags: Map<string, string>): string {
  const reason = (flags.get('reason') ?? 'unspecified').toLowerCase();
  if (!(REVOCATION_REASONS as readonly string[]).includes(reason)) {
    throw new UsageError(
      `--reason: got ${JSON.stringify(reason)}, want one of ${REVOCATION_REASONS.join(', ')}`,
    );
  }
  return reason;
}

/**
 * Parses the arguments after `ledger users`; `orgs` are the orgs `--org` may name (the topology's).
 * @throws UsageError naming the command or flag that is wrong.
 */
export function parseUsersArgs(argv: readonly string[], orgs: readonly UserOrg[]): UsersCommand {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || rest.includes('--help')) {
    return { command: 'help' };
  }
  if (!(command in FLAGS)) {
    throw new UsageError(`command: got ${JSON.stringify(command)}, want add, list or revoke`);
  }
  const flags = flagsOf(command, rest);
  if (command === 'list') return { command, org: orgOf(flags, orgs) };
  if (command === 'add')
    return { command, org: orgOf(flags, orgs), name: nameOf(flags), role: roleOf(flags) };
  return { command: 'revoke', org: orgOf(flags, orgs), name: nameOf(flags), reason: reasonOf(flags) };
}

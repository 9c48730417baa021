/**
 * Roles and what they allow. A role comes only from the caller's X.509 certificate attribute
 * {@link ROLE_ATTRIBUTE} (issued by the org's CA), never from transaction arguments.
 */
import { ErrorCode, LedgerError, show } from './errors';

/** The certificate attribute that carries the caller's role. */
export const ROLE_ATTRIBUTE = 'ledger.role';

/** The roles the ledger knows. */
export const Role = {
  /** Opens and operates accounts of its own org, moves money out of them. */
  TELLER: 'teller',
  /** Reads everything, including the audit trail and history; writes nothing. */
  AUDITOR: 'auditor',
  /** Registers products, ships them, offers and accepts custody for its own org. */
  CUSTODIAN: 'custodian',
  /** Everything a teller does, plus freeze, unfreeze and close of its own org's accounts. */
  ADMIN: 'admin',
  /** The sequencing gateway: submits VEPS events to the journal. */
  GATEWAY: 'gateway',
  /** Reads records (not the audit trail); writes nothing. */
  READER: 'reader',
} as const;

/** One of the {@link Role} values. */
export type Role = (typeof Role)[keyof typeof Role];

/** All roles, in declaration order. */
export const ROLES: readonly Role[] = Object.freeze(Object.values(Role));

/** What a transaction function needs. */
export const Permission = {
  READ: 'read',
  READ_AUDIT: 'read-audit',
  OPERATE_ACCOUNTS: 'operate-accounts',
  ADMINISTER_ACCOUNTS: 'administer-accounts',
  OPERATE_CUSTODY: 'operate-custody',
  CERTIFY: 'certify',
  SUBMIT_EVENTS: 'submit-events',
  IMPORT_RECORDS: 'import-records',
} as const;

/** One of the {@link Permission} values. */
export type Permission = (typeof Permission)[keyof typeof Permission];

/** The grant table: role → permissions. Org ownership is checked separately by the contracts. */
export const GRANTS: Readonly<Record<Role, readonly Permission[]>> = Object.freeze({
  teller: [Permission.READ, Permission.OPERATE_ACCOUNTS],
  auditor: [Permission.READ, Permission.READ_AUDIT],
  custodian: [Permission.READ, Permission.OPERATE_CUSTODY, Permission.CERTIFY],
  admin: [
    Permission.READ,
    Permission.READ_AUDIT,
    Permission.OPERATE_ACCOUNTS,
    Permission.ADMINISTER_ACCOUNTS,
    Permission.CERTIFY,
    Permission.IMPORT_RECORDS,
  ],
  gateway: [Permission.READ, Permission.SUBMIT_EVENTS],
  reader: [Permission.READ],
});

/** Who is calling: from the client identity of the proposal. */
export interface Actor {
  /** MSP id of the caller's org, e.g. `Org1MSP`. */
  readonly msp: string;
  /** The client identity id (`x509::<subject>::<issuer>`). */
  readonly id: string;
  /** The `ledger.role` attribute, or `null` when it is missing or unknown. */
  readonly role: Role | null;
  /** The raw attribute value, kept for error messages. */
  readonly rawRole: string | null;
}

/**
 * Maps an attribute value to a role.
 *
 * @param value - the `ledger.role` attribute value, or `null`.
 * @returns the role, or `null` for a missing or unknown value.
 */
export function parseRole(value: string | null | undefined): Role | null {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value) ? (value as Role) : null;
}

/**
 * Tells whether a role holds a permission.
 *
 * @param role - the caller's role, or `null`.
 * @param permission - what is needed.
 * @returns true if granted.
 */
export function hasPermission(role: Role | null, permission: Permission): boolean {
  return role !== null && GRANTS[role].includes(permission);
}

/**
 * Throws unless the actor's role holds the permission.
 *
 * @param actor - the caller.
 * @param permission - what the function needs.
 * @param action - `Contract:Function`, for the message.
 * @returns the caller's role.
 * @throws {@link LedgerError} `PERMISSION_DENIED`.
 */
export function requirePermission(actor: Actor, permission: Permission, action: string): Role {
  if (actor.role === null || !hasPermission(actor.role, permission)) {
    const allowed = ROLES.filter((role) => GRANTS[role].includes(permission)).join(', ');
    throw new LedgerError(
      ErrorCode.PERMISSION_DENIED,
      `${action}: attribute ${ROLE_ATTRIBUTE} got ${show(actor.rawRole ?? undefined)}, want one of ${allowed}`,
    );
  }
  return actor.role;
}

/**
 * Throws unless the actor belongs to the org that owns a record.
 *
 * @param actor - the caller.
 * @param ownerMsp - the owning org.
 * @param what - the record, e.g. `account "A-1"`.
 * @throws {@link LedgerError} `PERMISSION_DENIED`.
 */
export function requireOrg(actor: Actor, ownerMsp: string, what: string): void {
  if (actor.msp !== ownerMsp) {
    throw new LedgerError(
      ErrorCode.PERMISSION_DENIED,
      `${what} belongs to ${ownerMsp}; caller MSP got ${show(actor.msp)}, want ${show(ownerMsp)}`,
    );
  }
}

/**
 * The gateway's authorization table: which callers (by MSP id and `ledger.role`) may do which
 * operations. Pure: parsing, defaults, the method → operation map and the decision.
 */
import { z } from 'zod';
import { JsonSchemaError, parseJson } from '../jsonSchema';

/** What a call does. */
export const OPERATIONS = ['submit', 'read', 'stream', 'export', 'health'] as const;

/** One of {@link OPERATIONS}. */
export type Operation = (typeof OPERATIONS)[number];

/** One row: callers matching `msp` and `role` (`*` = any) may do `allow`. */
export interface AuthorizationRule {
  readonly msp: string;
  readonly role: string;
  readonly allow: readonly Operation[];
}

/** The table: the operations of a caller are the union of the rows it matches. */
export type AuthorizationTable = readonly AuthorizationRule[];

/**
 * The default table for callers named by pattern (`*` = any MSP): any caller with a certificate from a
 * trusted CA may check health; the event producers (`gateway`, `teller`) submit and read; auditors
 * read, stream and export; readers read; admins do everything. A gateway that knows the channel's
 * members uses {@link memberAuthorizationTable} instead.
 */
export const DEFAULT_AUTHORIZATION_TABLE: AuthorizationTable = Object.freeze([
  { msp: '*', role: '*', allow: ['health'] },
  { msp: '*', role: 'gateway', allow: ['submit', 'read'] },
  { msp: '*', role: 'teller', allow: ['submit', 'read'] },
  { msp: '*', role: 'auditor', allow: ['read', 'stream', 'export'] },
  { msp: '*', role: 'reader', allow: ['read'] },
  { msp: '*', role: 'admin', allow: ['submit', 'read', 'stream', 'export'] },
] satisfies AuthorizationRule[]);

/** What a role may do at another member org's gateway: everything but submit. */
const READ_ONLY_ROWS: readonly Omit<AuthorizationRule, 'msp'>[] = Object.freeze([
  { role: '*', allow: ['health'] },
  { role: 'gateway', allow: ['read'] },
  { role: 'teller', allow: ['read'] },
  { role: 'auditor', allow: ['read', 'stream', 'export'] },
  { role: 'reader', allow: ['read'] },
  { role: 'admin', allow: ['read', 'stream', 'export'] },
] satisfies Omit<AuthorizationRule, 'msp'>[]);

/**
 * The default table of a gateway for the given member orgs, each named explicitly (a gateway derives
 * the members from the current channel configuration): the rows of {@link DEFAULT_AUTHORIZATION_TABLE}
 * for its own org; for every other member the same without `submit`. A gateway signs the journal
 * transactions it sends with its own org's identity, so it seals its own org's events only: another
 * org's users submit through their own org's gateway, and read (and verify) through any.
 *
 * @param mspIds - the member MSP ids.
 * @param ownMspId - the MSP id of the gateway's own org.
 * @returns the table; empty (everything refused) when there is no member.
 */
export function memberAuthorizationTable(mspIds: readonly string[], ownMspId: string): AuthorizationTable {
  return Object.freeze(
    mspIds.flatMap((msp) =>
      msp === ownMspId
        ? DEFAULT_AUTHORIZATION_TABLE.map((rule) => ({ ...rule, msp }))
        : READ_ONLY_ROWS.map((rule) => ({ ...rule, msp })),
    ),
  );
}

/**
 * The operation of a call.
 *
 * @param path - the gRPC method path, e.g. `/ledger.ImmutableLedger/SubmitEvent`.
 * @param request - the request message, for StreamEvents: a bounded stream (`toSequence` > 0) is an
 *   export, an open-ended one a stream.
 * @returns the operation; `health` for the methods of grpc.health.v1.Health, of server reflection
 *   (v1 and v1alpha) and HealthCheck; undefined (refused) for any other method or service.
 */
export function operationOf(path: string, request?: unknown): Operation | undefined {
  const match = /^\/([^/]+)\/([^/]+)$/.exec(path);
  const service = match?.[1];
  const method = match?.[2];
  if (service === undefined || method === undefined) return undefined;
  if (service !== 'ledger.ImmutableLedger') return otherServiceOperation(service, method);
  if (method === 'StreamEvents') return isBounded(request) ? 'export' : 'stream';
  return Object.hasOwn(LEDGER_METHODS, method) ? LEDGER_METHODS[method] : undefined;
}

/** Deny by default: only the documented methods of the health and reflection services are `health`. */
function otherServiceOperation(service: string, method: string): Operation | undefined {
  const methods = Object.hasOwn(HEALTH_SERVICES, service) ? HEALTH_SERVICES[service] : undefined;
  return methods?.includes(method) === true ? 'health' : undefined;
}

/** The services besides the ledger's that the gateway serves (docs/gateway.md), and their methods. */
const HEALTH_SERVICES: Readonly<Record<string, readonly string[]>> = Object.freeze({
  'grpc.health.v1.Health': ['Check', 'Watch', 'List'],
  'grpc.reflection.v1.ServerReflection': ['ServerReflectionInfo'],
  'grpc.reflection.v1alpha.ServerReflection': ['ServerReflectionInfo'],
});

const LEDGER_METHODS: Readonly<Record<string, Operation>> = Object.freeze({
  SubmitEvent: 'submit',
  HealthCheck: 'health',
  GetEvent: 'read',
  GetEventById: 'read',
  GetDigest: 'read',
  GetInclusionProof: 'read',
  GetConsistencyProof: 'read',
  GetHistory: 'read',
});

function isBounded(request: unknown): boolean {
  if (typeof request !== 'object' || request === null) return false;
  const to = (request as { toSequence?: unknown }).toSequence;
  return (typeof to === 'string' || typeof to === 'number') && /^[1-9]\d*$/.test(String(to));
}

/**
 * The operations a caller may do.
 *
 * @param table - the table.
 * @param msp - the caller's MSP id.
 * @param role - the caller's `ledger.role` ('' when none).
 * @returns the union of the matching rows.
 */
export function allowedOperations(table: AuthorizationTable, msp: string, role: string): Set<Operation> {
  const allowed = new Set<Operation>();
  for (const rule of table) {
    const mspMatches = rule.msp === '*' || rule.msp === msp;
    const roleMatches = rule.role === '*' || rule.role === role;
    if (mspMatches && roleMatches) rule.allow.forEach((op) => allowed.add(op));
  }
  // Whoever may stream everything may also take a bounded slice of it.
  if (allowed.has('stream')) allowed.add('export');
  return allowed;
}

/** The outcome of {@link authorize}: allowed, or the message for PERMISSION_DENIED. */
export type AuthorizationDecision =
  { readonly allowed: true } | { readonly allowed: false; readonly reason: string };

/**
 * Decides one call.
 *
 * @param table - the table.
 * @param caller - MSP id and role of the caller.
 * @param operation - what the call does (undefined = unknown method).
 * @returns the decision; a refusal says who asked, for what, and what would be allowed.
 */
export function authorize(
  table: AuthorizationTable,
  caller: Readonly<{ msp: string; role: string }>,
  operation: Operation | undefined,
): AuthorizationDecision {
  const allowed = allowedOperations(table, caller.msp, caller.role);
  if (operation !== undefined && allowed.has(operation)) return { allowed: true };
  const who = `${caller.msp} with ledger.role ${JSON.stringify(caller.role)}`;
  const may = allowed.size === 0 ? 'nothing' : [...allowed].sort().join(', ');
  return {
    allowed: false,
    reason: `${who} may not ${operation ?? 'call this method'} (allowed: ${may}; see the gateway's authorization table)`,
  };
}

const ANY_OF = `an array of ${OPERATIONS.join(', ')}`;

/** The table's schema: rows of `{msp, role, allow}`; other keys of a row are dropped. */
const tableSchema = z.array(
  z.object(
    {
      msp: z.string({ error: 'an MSP id or "*"' }).min(1, { error: 'an MSP id or "*"' }),
      role: z.string({ error: 'a role or "*"' }),
      allow: z.array(z.enum(OPERATIONS, { error: `one of ${OPERATIONS.join(', ')}` }), { error: ANY_OF }),
    },
    { error: 'an object {msp, role, allow}' },
  ),
  { error: 'an array of {msp, role, allow}' },
);

/**
 * Parses a table from JSON (a config file): an array of `{msp, role, allow}`.
 *
 * @param value - the parsed JSON.
 * @param source - where it came from, for messages.
 * @returns the table.
 * @throws Error naming the row and field that is wrong, what came and what is allowed.
 */
export function parseAuthorizationTable(value: unknown, source = 'authorization table'): AuthorizationTable {
  try {
    return parseJson(tableSchema, value);
  } catch (err) {
    if (!(err instanceof JsonSchemaError)) throw err;
    throw new Error(`${source}${err.field === '$' ? '' : err.field}: ${err.problem}`);
  }
}

/**
 * Org-scoped ids. Account numbers, customer ids, transaction ids, product ids and shipment ids belong
 * to the org that creates them: two orgs may each have an `ACC-1`, and they are different records.
 *
 * An argument names such a record either by its bare id (`ACC-1`: the caller's own org's record) or
 * by a qualified id `<mspId>/<id>` (`Org2MSP/ACC-9`: another org's record). `/` is in neither
 * {@link ID_PATTERN} nor {@link MSP_PATTERN}, so the two forms never collide.
 *
 * A record refers to another record the same way, relative to its own org: bare when the other record
 * belongs to the same org, qualified when it belongs to another. Pure: no ledger access.
 */
import { ErrorCode, invalidArgument, LedgerError, show } from './errors';
import { ID_PATTERN, MSP_PATTERN } from './validate';

/** Separates the MSP id from the id in a qualified id. */
export const SCOPE_SEPARATOR = '/';

/** What an id argument must look like, in words (for error messages). */
export const SCOPED_ID_WANT =
  "an id of 1 to 64 characters of [A-Za-z0-9._:-] starting with a letter or digit (your org's record), or <mspId>/<id> (another org's)";

/** An id together with the org whose namespace it is in. */
export interface ScopedId {
  /** MSP id of the org that created the record. */
  readonly msp: string;
  /** The bare id, unique within that org. */
  readonly id: string;
}

/**
 * Parses a bare or qualified id.
 *
 * @param field - argument name, for the error.
 * @param value - `ACC-1` (in `defaultMsp`'s scope) or `Org2MSP/ACC-9`.
 * @param defaultMsp - the org a bare id belongs to: the caller's, or the referring record's.
 * @returns the scoped id.
 * @throws {@link LedgerError} `INVALID_ARGUMENT` naming the field: empty parts, more than one `/`, a
 *   malformed MSP id or id, a non-string.
 */
export function parseScopedId(field: string, value: unknown, defaultMsp: string): ScopedId {
  if (typeof value !== 'string') {
    throw invalidArgument(field, value, SCOPED_ID_WANT);
  }
  const parts = value.split(SCOPE_SEPARATOR);
  const [first, second] = parts;
  if (parts.length === 1 && first !== undefined && ID_PATTERN.test(first)) {
    return { msp: defaultMsp, id: first };
  }
  if (
    parts.length === 2 &&
    first !== undefined &&
    second !== undefined &&
    MSP_PATTERN.test(first) &&
    ID_PATTERN.test(second)
  ) {
    return { msp: first, id: second };
  }
  throw invalidArgument(field, value, SCOPED_ID_WANT);
}

/**
 * Formats a scoped id relative to an org: bare when it is that org's, else `<mspId>/<id>`.
 *
 * @param scoped - the id and its org.
 * @param relativeTo - the org a bare id would mean (the reader's or the referring record's); omit it
 *   for the always-qualified form.
 * @returns e.g. `ACC-1` or `Org2MSP/ACC-9`.
 */
export function formatScopedId(scoped: ScopedId, relativeTo?: string): string {
  return scoped.msp === relativeTo ? scoped.id : `${scoped.msp}${SCOPE_SEPARATOR}${scoped.id}`;
}

/**
 * Checks the id of a record the caller creates: a bare id, or a qualified id naming the caller's own
 * org. A new record is always created in the caller's org, so naming another org is refused.
 *
 * @param field - argument name, for the error.
 * @param value - the argument.
 * @param callerMsp - the caller's MSP id.
 * @returns the bare id.
 * @throws {@link LedgerError} `INVALID_ARGUMENT` (malformed) or `PERMISSION_DENIED` (another org's scope),
 *   naming the field.
 */
export function requireOwnScopedId(field: string, value: unknown, callerMsp: string): string {
  const scoped = parseScopedId(field, value, callerMsp);
  if (scoped.msp !== callerMsp) {
    throw new LedgerError(
      ErrorCode.PERMISSION_DENIED,
      `${field}: got ${show(value)}, want an id of the caller's org ${callerMsp} (records are created in the caller's org only)`,
    );
  }
  return scoped.id;
}

/**
 * Argument checks shared by the contracts. Each throws `[INVALID_ARGUMENT] field: got X, want Y`.
 */
import { invalidArgument } from './errors';

/** Identifier syntax of accounts, customers, transactions, products and shipments. */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;
/** MSP id syntax. */
export const MSP_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
/** Lowercase hex SHA-256. */
export const SHA256_HEX_PATTERN = /^[0-9a-f]{64}$/;
/** Default page size when the caller passes an empty string. */
export const DEFAULT_PAGE_SIZE = 25;
/** Largest page size a query accepts. */
export const MAX_PAGE_SIZE = 200;
/** Longest bookmark a query accepts. */
export const MAX_BOOKMARK_LENGTH = 2048;

// Control characters (C0, DEL, C1) are never allowed in free text.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * Checks an identifier: 1..64 characters of `[A-Za-z0-9._:-]`, starting with a letter or digit.
 *
 * @param field - argument name.
 * @param value - the argument.
 * @returns the identifier.
 * @throws {@link LedgerError} `INVALID_ARGUMENT`.
 */
export function requireId(field: string, value: unknown): string {
  if (typeof value !== 'string' || !ID_PATTERN.test(value)) {
    throw invalidArgument(
      field,
      value,
      '1 to 64 characters of [A-Za-z0-9._:-] starting with a letter or digit',
    );
  }
  return value;
}

/**
 * Checks an MSP id such as `Org1MSP`.
 *
 * @param field - argument name.
 * @param value - the argument.
 * @returns the MSP id.
 * @throws {@link LedgerError} `INVALID_ARGUMENT`.
 */
export function requireMsp(field: string, value: unknown): string {
  if (typeof value !== 'string' || !MSP_PATTERN.test(value)) {
    throw invalidArgument(field, value, 'an MSP id of 1 to 128 characters of [A-Za-z0-9._-]');
  }
  return value;
}

/**
 * Checks free text: 1..max characters, no control characters, no leading or trailing spaces.
 *
 * @param field - argument name.
 * @param value - the argument.
 * @param max - longest accepted length.
 * @returns the text.
 * @throws {@link LedgerError} `INVALID_ARGUMENT`.
 */
export function requireText(field: string, value: unknown, max: number): string {
  if (
    typeof value !== 'string' ||
    value.length === 0 ||
    value.length > max ||
    value.trim() !== value ||
    CONTROL_CHARACTERS.test(value)
  ) {
    throw invalidArgument(field, value, `1 to ${max} characters without control characters or edge spaces`);
  }
  return value;
}

/**
 * Checks a lowercase hex SHA-256 digest.
 *
 * @param field - argument name.
 * @param value - the argument.
 * @returns the digest.
 * @throws {@link LedgerError} `INVALID_ARGUMENT`.
 */
export function requireSha256Hex(field: string, value: unknown): string {
  if (typeof value !== 'string' || !SHA256_HEX_PATTERN.test(value)) {
    throw invalidArgument(field, value, '64 lowercase hex characters (a SHA-256 digest)');
  }
  return value;
}

/**
 * Parses a page size: `""` means {@link DEFAULT_PAGE_SIZE}, else a decimal 1..{@link MAX_PAGE_SIZE}.
 *
 * @param value - the argument.
 * @returns the page size.
 * @throws {@link LedgerError} `INVALID_ARGUMENT`.
 */
export function parsePageSize(value: unknown): number {
  if (value === '') {
    return DEFAULT_PAGE_SIZE;
  }
  const size = typeof value === 'string' && /^[1-9][0-9]{0,3}$/.test(value) ? Number(value) : NaN;
  if (!(size <= MAX_PAGE_SIZE)) {
    throw invalidArgument(
      'pageSize',
      value,
      `a whole number from 1 to ${MAX_PAGE_SIZE}, or "" for ${DEFAULT_PAGE_SIZE}`,
    );
  }
  return size;
}

/**
 * Checks a bookmark: `""` for the first page, else the opaque string a previous page returned.
 *
 * @param value - the argument.
 * @returns the bookmark.
 * @throws {@link LedgerError} `INVALID_ARGUMENT`.
 */
export function requireBookmark(value: unknown): string {
  if (typeof value !== 'string' || value.length > MAX_BOOKMARK_LENGTH) {
    throw invalidArgument('bookmark', value, `"" or a bookmark returned by the previous page`);
  }
  return value;
}

/**
 * Parses a JSON argument, turning a syntax error into `INVALID_ARGUMENT`.
 *
 * @param field - argument name.
 * @param text - the argument.
 * @returns the parsed value, still to be checked by the caller.
 * @throws {@link LedgerError} `INVALID_ARGUMENT`.
 */
export function parseJsonArgument(field: string, text: unknown): unknown {
  if (typeof text !== 'string') {
    throw invalidArgument(field, text, 'a JSON text');
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw invalidArgument(field, text, 'well-formed JSON');
  }
}

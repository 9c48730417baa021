/**
 * The one canonical JSON encoding of the project. The chaincode stores, returns and emits these bytes
 * and the gateway hashes them, so both sides must produce byte-identical output.
 *
 * Rules (checked by the shared vectors in `test/vectors/canonical-json/`):
 * - no whitespace between tokens;
 * - object members sorted by key, comparing UTF-16 code units (JavaScript's default sort, as RFC 8785);
 * - strings escaped exactly as `JSON.stringify` escapes them (UTF-8 output, lone surrogates as `\udxxx`);
 * - numbers only as safe integers (|n| <= 2^53 - 1), written in decimal; `-0` is written `0`;
 *   money and other fractional values travel as decimal strings;
 * - `undefined`, functions, symbols, bigints, non-finite and fractional numbers, non-plain objects
 *   (Date, Map, Uint8Array, class instances) and cycles are rejected, never silently dropped.
 */

/** Deepest nesting accepted, a guard against cycles and hostile input. */
export const MAX_CANONICAL_DEPTH = 64;

/** Thrown when a value has no canonical JSON form; `path` locates the offending part (`$.a[2]`). */
export class CanonicalJsonError extends Error {
  /** JSONPath-like location of the offending value. */
  readonly path: string;

  /**
   * @param path - location of the offending value.
   * @param reason - what is wrong with it.
   */
  constructor(path: string, reason: string) {
    super(`canonical JSON: ${path}: ${reason}`);
    this.name = 'CanonicalJsonError';
    this.path = path;
  }
}

/** A value that has a canonical JSON encoding. */
export type CanonicalValue = null | boolean | number | string | readonly CanonicalValue[] | CanonicalObject;

/** A plain object whose members all have a canonical encoding. */
export interface CanonicalObject {
  readonly [key: string]: CanonicalValue;
}

/**
 * Encodes a value as canonical JSON text.
 *
 * @param value - a JSON-shaped value (see the module rules).
 * @returns the canonical text.
 * @throws {@link CanonicalJsonError} if the value has no canonical form.
 */
export function canonicalJson(value: unknown): string {
  return encode(value, '$', 0);
}

/**
 * Encodes a value as the UTF-8 bytes of its canonical JSON text.
 *
 * @param value - a JSON-shaped value (see the module rules).
 * @returns the canonical bytes.
 * @throws {@link CanonicalJsonError} if the value has no canonical form.
 */
export function canonicalBytes(value: unknown): Uint8Array {
  return new Uint8Array(Buffer.from(canonicalJson(value), 'utf8'));
}

function encode(value: unknown, path: string, depth: number): string {
  if (depth > MAX_CANONICAL_DEPTH) {
    throw new CanonicalJsonError(path, `nesting deeper than ${MAX_CANONICAL_DEPTH}`);
  }
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      return encodeNumber(value, path);
    case 'object':
      return value === null ? 'null' : encodeContainer(value, path, depth);
    default:
      throw new CanonicalJsonError(path, `${typeof value} has no JSON form`);
  }
}

function encodeNumber(value: number, path: string): string {
  if (!Number.isFinite(value)) {
    throw new CanonicalJsonError(path, `non-finite number ${String(value)}`);
  }
  if (!Number.isInteger(value)) {
    throw new CanonicalJsonError(path, `fractional number ${String(value)}; use a decimal string`);
  }
  if (!Number.isSafeInteger(value)) {
    throw new CanonicalJsonError(path, `integer ${String(value)} is beyond 2^53-1; use a decimal string`);
  }
  return Object.is(value, -0) ? '0' : String(value);
}

function encodeContainer(value: object, path: string, depth: number): string {
  if (Array.isArray(value)) {
    const array = value as readonly unknown[];
    const items: string[] = [];
    for (let index = 0; index < array.length; index += 1) {
      if (!(index in array)) {
        throw new CanonicalJsonError(`${path}[${index}]`, 'hole in array');
      }
      items.push(encode(array[index], `${path}[${index}]`, depth + 1));
    }
    return `[${items.join(',')}]`;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) {
    throw new CanonicalJsonError(path, 'not a plain object');
  }
  if (Object.getOwnPropertySymbols(value).length > 0) {
    throw new CanonicalJsonError(path, 'symbol-keyed property');
  }
  const record = value as Readonly<Record<string, unknown>>;
  const members = Object.keys(record)
    .sort()
    .map((key) => {
      const memberPath = `${path}.${key}`;
      return `${JSON.stringify(key)}:${encode(record[key], memberPath, depth + 1)}`;
    });
  return `{${members.join(',')}}`;
}

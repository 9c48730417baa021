/**
 * Checks parsed JSON files (export and block archive manifests, invitations, the consortium file,
 * the authorization table, the trust file) against zod schemas, with one message form for every file:
 * `<field>: got <value>, want <what>`
 * (`<field>: is not a known field` for a key a strict schema lacks).
 * A schema says "what" in its `error` option; zod's own issues are worded the same way.
 */
import { z } from 'zod';

/** A JSON value that does not match its schema; `field` is the path of the first problem (`$` for the top). */
export class JsonSchemaError extends Error {
  override readonly name = 'JsonSchemaError';
  constructor(
    readonly field: string,
    readonly problem: string,
  ) {
    super(`${field}: ${problem}`);
  }
}

/** How a value appears in a message: its JSON, at most 80 characters; `nothing` when absent. */
export function shown(value: unknown): string {
  return value === undefined ? 'nothing' : JSON.stringify(value).slice(0, 80);
}

const A_TYPE: Readonly<Record<string, string>> = {
  object: 'an object',
  array: 'an array',
  int: 'an integer',
  string: 'a string',
  number: 'a number',
  boolean: 'true or false',
};

type RawIssue = z.core.$ZodRawIssue;

const sizeWant = (limit: string, issue: { origin: string }): string =>
  issue.origin === 'array' ? `${limit} items` : issue.origin === 'string' ? `${limit} characters` : limit;

/** What each kind of zod issue wanted, in words, for the issues a schema gives no `error` text of its own. */
const WANTS: Readonly<Partial<Record<string, (issue: RawIssue) => string>>> = {
  invalid_type: (i) => (i.code === 'invalid_type' ? (A_TYPE[i.expected] ?? i.expected) : ''),
  too_small: (i) => (i.code === 'too_small' ? sizeWant(`at least ${String(i.minimum)}`, i) : ''),
  too_big: (i) => (i.code === 'too_big' ? sizeWant(`at most ${String(i.maximum)}`, i) : ''),
  invalid_format: (i) =>
    i.code === 'invalid_format' && i.pattern !== undefined
      ? `a string matching ${i.pattern}`
      : `a ${i.code === 'invalid_format' ? i.format : ''} string`,
  invalid_value: (i) =>
    i.code === 'invalid_value' ? `one of ${i.values.map((v) => JSON.stringify(v)).join(', ')}` : '',
};

const wantOf = (issue: RawIssue): string => WANTS[issue.code]?.(issue) ?? issue.message ?? 'something else';

/**
 * Checks a parsed JSON value.
 *
 * @param schema - the schema.
 * @param value - the parsed JSON.
 * @returns the value as the schema's output type.
 * @throws JsonSchemaError naming the field of the first problem, what was there and what is wanted.
 */
export function parseJson<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value, { reportInput: true, error: wantOf });
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  if (issue === undefined) throw new JsonSchemaError('$', 'does not match its schema');
  if (issue.code === 'unrecognized_keys') {
    // The unknown key is the field: a typo is named as written.
    throw new JsonSchemaError(z.core.toDotPath([...issue.path, issue.keys[0] ?? '']), 'is not a known field');
  }
  const field = issue.path.length === 0 ? '$' : z.core.toDotPath(issue.path);
  throw new JsonSchemaError(field, `got ${shown(issue.input)}, want ${issue.message}`);
}

/**
 * An object with exactly these keys, in this order (a manifest is written in one order; another
 * order means another writer), then each field checked by its schema. A field whose schema is
 * optional may be absent; present, it stands in its place.
 *
 * @param shape - the fields, in order.
 * @returns the schema.
 */
export function orderedObject<S extends z.ZodRawShape>(
  shape: S,
): z.ZodPipe<z.ZodUnknown, z.ZodObject<S, z.core.$strict>> {
  const keys = Object.keys(shape);
  const keysInOrder = z.unknown().superRefine((value, ctx) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      ctx.addIssue({ code: 'custom', message: 'an object', input: value });
      return;
    }
    const got = Object.keys(value);
    const want = keys.filter((k) => k in value || !(shape[k] instanceof z.ZodOptional));
    if (got.length !== want.length || got.some((k, i) => k !== want[i])) {
      ctx.addIssue({ code: 'custom', message: `the keys ${keys.join(', ')} in this order`, input: got });
    }
  });
  return keysInOrder.pipe(z.strictObject(shape));
}

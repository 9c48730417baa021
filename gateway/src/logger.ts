/**
 * JSON-lines logger on pino: one object per line on stderr, so stdout stays free for CLI output.
 * Byte values (payloads) are written only at debug level (as base64); at other levels a line says how
 * many bytes it left out. A PEM private key never reaches a line at any level. Each line reads
 * `{"level":"info","time":"<ISO 8601>",<child fields>,"msg":"…",<fields>}`.
 */
import { pino, stdTimeFunctions, type Logger as PinoLogger } from 'pino';

/** Severity of a log line. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Structured fields of a log line. */
export type LogFields = Readonly<Record<string, unknown>>;

/** A minimal structured logger. */
export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  /** A logger that adds `fields` to every line. */
  child(fields: LogFields): Logger;
}

/** Options of {@link newLogger}. */
export interface LoggerOptions {
  readonly level?: LogLevel;
  /** Where lines go; default process.stderr. */
  readonly write?: (line: string) => void;
  readonly fields?: LogFields;
}

/**
 * Our call shape `(msg, fields)` on pino's `(object)`. The message goes into the object as its first
 * key, so it comes before the fields in the line (scripts and tests grep `"msg":"…".*"field"`).
 */
class PinoAdapter implements Logger {
  readonly #pino: PinoLogger;
  readonly #showBytes: boolean;

  constructor(logger: PinoLogger, showBytes: boolean) {
    this.#pino = logger;
    this.#showBytes = showBytes;
  }

  debug(msg: string, fields?: LogFields): void {
    this.#pino.debug({ msg, ...fields });
  }

  info(msg: string, fields?: LogFields): void {
    this.#pino.info({ msg, ...fields });
  }

  warn(msg: string, fields?: LogFields): void {
    this.#pino.warn({ msg, ...fields });
  }

  error(msg: string, fields?: LogFields): void {
    this.#pino.error({ msg, ...fields });
  }

  child(fields: LogFields): Logger {
    // pino runs `formatters.log` on each call's fields but no formatter on a child's bindings.
    return new PinoAdapter(this.#pino.child(sanitizeFields(fields, this.#showBytes)), this.#showBytes);
  }
}

const PRIVATE_KEY_PEM =
  /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\s\S]*?(-----END [A-Z0-9 ]*PRIVATE KEY-----|$)/g;

/**
 * Bytes to base64 (debug) or a count, private keys out of strings, bigints to decimal text; nested
 * objects up to depth 6. pino's `redact` removes values at known paths only; a key can sit in any
 * string (an error message, a config dump), so redaction matches the value instead.
 */
function sanitize(value: unknown, showBytes: boolean, depth: number): unknown {
  if (value instanceof Uint8Array) {
    return showBytes
      ? Buffer.from(value).toString('base64')
      : `[${value.length} bytes, shown at debug level]`;
  }
  if (typeof value === 'string') return value.replace(PRIVATE_KEY_PEM, '[private key redacted]');
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Error) {
    return sanitize({ name: value.name, message: value.message, stack: value.stack }, showBytes, depth);
  }
  return sanitizeObject(value, showBytes, depth);
}

function sanitizeObject(value: unknown, showBytes: boolean, depth: number): unknown {
  if (typeof value !== 'object' || value === null || depth >= 6) return value;
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return value;
  if (Array.isArray(value)) return value.map((v: unknown) => sanitize(v, showBytes, depth + 1));
  // Object.fromEntries defines each key as an own property: a field named __proto__ (metadata keys
  // are client input) is logged like any other instead of being dropped or replacing the prototype.
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, sanitize(v, showBytes, depth + 1)]));
}

const sanitizeFields = (fields: LogFields, showBytes: boolean): Record<string, unknown> =>
  sanitize(fields, showBytes, 0) as Record<string, unknown>;

/**
 * Creates a JSON logger. Lines are written synchronously (pino's own buffering is not used), so a
 * line logged before a fatal exit is on stderr, in order with the process's other stderr output.
 *
 * @param options - level (default info), sink and base fields.
 * @returns the logger.
 */
export function newLogger(options: Readonly<LoggerOptions> = {}): Logger {
  const level = options.level ?? 'info';
  const showBytes = level === 'debug';
  const write = options.write ?? ((line: string): void => void process.stderr.write(line));
  const root = pino(
    {
      level,
      base: undefined,
      timestamp: stdTimeFunctions.isoTime,
      // pino's `err` serializer would rename `name` to `type`: errors are {name, message, stack}.
      serializers: { err: (value: unknown): unknown => value },
      formatters: {
        level: (label) => ({ level: label }),
        log: (fields) => sanitizeFields(fields, showBytes),
      },
    },
    { write },
  );
  const logger = new PinoAdapter(root, showBytes);
  return options.fields === undefined ? logger : logger.child(options.fields);
}

/** A logger that drops everything (tests). */
export const silentLogger: Logger = newLogger({ level: 'error', write: () => undefined });

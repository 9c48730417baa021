/**
 * JSON-lines logger: one object per line on stderr, so stdout stays free for CLI output. Byte values
 * (payloads) are written only at debug level (as base64); at other levels a line says how many bytes
 * it left out. A PEM private key never reaches a line at any level.
 */

/** Severity of a log line. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

const LEVELS: Readonly<Record<LogLevel, number>> = { debug: 10, info: 20, warn: 30, error: 40 };

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

class JsonLogger implements Logger {
  readonly #min: number;
  readonly #write: (line: string) => void;
  readonly #fields: LogFields;

  constructor(min: number, write: (line: string) => void, fields: LogFields) {
    this.#min = min;
    this.#write = write;
    this.#fields = fields;
  }

  debug(msg: string, fields?: LogFields): void {
    this.#log('debug', msg, fields);
  }

  info(msg: string, fields?: LogFields): void {
    this.#log('info', msg, fields);
  }

  warn(msg: string, fields?: LogFields): void {
    this.#log('warn', msg, fields);
  }

  error(msg: string, fields?: LogFields): void {
    this.#log('error', msg, fields);
  }

  child(fields: LogFields): Logger {
    return new JsonLogger(this.#min, this.#write, { ...this.#fields, ...fields });
  }

  #log(level: LogLevel, msg: string, fields?: LogFields): void {
    if (LEVELS[level] < this.#min) return;
    const line = { time: new Date().toISOString(), level, msg, ...this.#fields, ...fields };
    const showBytes = this.#min <= LEVELS.debug;
    this.#write(JSON.stringify(sanitize(line, showBytes, 0), replacer) + '\n');
  }
}

const PRIVATE_KEY_PEM =
  /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\s\S]*?(-----END [A-Z0-9 ]*PRIVATE KEY-----|$)/g;

/** Bytes to base64 (debug) or a count, private keys out of strings; nested objects up to depth 6. */
function sanitize(value: unknown, showBytes: boolean, depth: number): unknown {
  if (value instanceof Uint8Array) {
    return showBytes
      ? Buffer.from(value).toString('base64')
      : `[${value.length} bytes, shown at debug level]`;
  }
  if (typeof value === 'string') return value.replace(PRIVATE_KEY_PEM, '[private key redacted]');
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

function replacer(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  return value;
}

/**
 * Creates a JSON logger.
 *
 * @param options - level (default info), sink and base fields.
 * @returns the logger.
 */
export function newLogger(options: Readonly<LoggerOptions> = {}): Logger {
  const write = options.write ?? ((line: string): void => void process.stderr.write(line));
  return new JsonLogger(LEVELS[options.level ?? 'info'], write, options.fields ?? {});
}

/** A logger that drops everything (tests). */
export const silentLogger: Logger = newLogger({ level: 'error', write: () => undefined });

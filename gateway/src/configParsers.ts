/**
 * Parsers of gateway setting values (pure, no I/O). Each takes the raw value as it came (text from the
 * environment, any JSON value from the config file, a typed flag) and the setting's name, and returns
 * the typed value or throws `<name>: got <what came>, want <what is allowed>`.
 */
import * as path from 'node:path';

/** A trusted client CA: the MSP id its certificates identify, and its PEM file. */
export interface ClientCaFile {
  readonly mspId: string;
  readonly file: string;
}

/** Turns a raw setting value into its typed value; throws naming the setting. */
export type Parser<T> = (value: unknown, name: string) => T;

/** Any value as text (numbers from a JSON file become their decimal text). */
export const str: Parser<string> = (value) => (typeof value === 'string' ? value : String(value));

/** Text, or undefined for an empty string. */
export const optStr: Parser<string | undefined> = (value, name) =>
  value === undefined || value === '' ? undefined : str(value, name);

/**
 * An integer in [min, max].
 *
 * @param min - the least allowed value.
 * @param max - the greatest allowed value.
 * @returns the parser.
 */
export function int(min: number, max: number): Parser<number> {
  return (value, name) => {
    const n = typeof value === 'number' ? value : Number(value);
    if (!Number.isInteger(n) || n < min || n > max) {
      throw new Error(`${name}: got ${JSON.stringify(value)}, want an integer from ${min} to ${max}`);
    }
    return n;
  };
}

/** A boolean: true/false, or the text 1/0, true/false, yes/no (empty text is false). */
export const bool: Parser<boolean> = (value, name) => {
  if (typeof value === 'boolean') return value;
  const text = str(value, name).toLowerCase();
  if (['1', 'true', 'yes'].includes(text)) return true;
  if (['0', 'false', 'no', ''].includes(text)) return false;
  throw new Error(`${name}: got ${JSON.stringify(value)}, want 1/0 or true/false`);
};

/**
 * One of a fixed list of words.
 *
 * @param allowed - the allowed words.
 * @returns the parser.
 */
export function oneOf<T extends string>(allowed: readonly T[]): Parser<T> {
  return (value, name) => {
    const text = str(value, name);
    if (!(allowed as readonly string[]).includes(text)) {
      throw new Error(`${name}: got ${JSON.stringify(value)}, want one of ${allowed.join(', ')}`);
    }
    return text as T;
  };
}

/** A host:port endpoint (host name, IPv4 address or bracketed IPv6 address; port 1..65535). */
export const endpoint: Parser<string> = (value, name) => {
  const text = str(value, name);
  const match = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._-]+):(\d{1,5})$/.exec(text);
  const port = Number(match?.[2]);
  if (match === null || port < 1 || port > 65535) {
    throw new Error(`${name}: got ${JSON.stringify(value)}, want host:port like "127.0.0.1:7100"`);
  }
  return text;
};

/** A non-empty host name or address (no port). */
export const host: Parser<string> = (value, name) => {
  const text = str(value, name);
  if (!/^(\[[0-9A-Fa-f:.]+\]|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*|[A-Za-z0-9._-]+)$/.test(text)) {
    throw new Error(`${name}: got ${JSON.stringify(value)}, want a host name or address like "127.0.0.1"`);
  }
  return text;
};

/** A non-empty path. */
export const filePath: Parser<string> = (value, name) => {
  const text = str(value, name);
  if (text === '') throw new Error(`${name}: got "", want a path`);
  return text;
};

/** A list of paths: a JSON array of strings (config file) or one string split at path.delimiter. */
export const pathList: Parser<readonly string[]> = (value, name) => {
  if (typeof value === 'string') return value.split(path.delimiter).filter((p) => p !== '');
  if (Array.isArray(value) && value.every((v): v is string => typeof v === 'string')) {
    return value.filter((p) => p !== '');
  }
  throw new Error(
    `${name}: got ${JSON.stringify(value)}, want a path, paths separated by '${path.delimiter}', or an array of paths`,
  );
};

const MSP_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** The items of a list setting: `"a,b"` text (`"-"` for none) or a JSON array; undefined for anything else. */
function listItems(value: unknown): readonly unknown[] | undefined {
  if (typeof value === 'string') return value === '-' ? [] : value.split(',').map((item) => item.trim());
  return Array.isArray(value) ? (value as unknown[]) : undefined;
}

/** A list of MSP ids from `"A,B"` text or a JSON array; `"-"` or an empty list for none. */
export const mspList: Parser<readonly string[]> = (value, name) => {
  const items = listItems(value);
  if (items?.every((item): item is string => typeof item === 'string' && MSP_ID.test(item)) !== true) {
    throw new Error(`${name}: got ${JSON.stringify(value)}, want comma-separated MSP ids (or "-" for none)`);
  }
  return items;
};

/** A Fabric channel name (as `core/digest.ts` CHANNEL_NAME_PATTERN; config parsers stay free of core). */
const CHANNEL_NAME = /^[a-z][a-z0-9.-]{0,248}$/;

/** Channel names: `'a,b'` text (`-` for none) or a JSON array; no name twice. */
export const channelList: Parser<readonly string[]> = (value, name) => {
  const items = listItems(value);
  if (
    items?.every((item): item is string => typeof item === 'string' && CHANNEL_NAME.test(item)) !== true ||
    new Set(items).size !== items.length
  ) {
    throw new Error(
      `${name}: got ${JSON.stringify(value)}, want comma-separated distinct Fabric channel names (or "-" for none)`,
    );
  }
  return items;
};

/** Client CA files by MSP id: `'MSP=file,MSP=file'` text or a JSON object `{"MSP": "file"}`. */
export const clientCaList: Parser<readonly ClientCaFile[]> = (value, name) => {
  const want = `want 'MSP=file,MSP=file' or an object {"MSP": "file"}`;
  let pairs: [string, unknown][];
  if (typeof value === 'string') {
    pairs = value
      .split(',')
      .filter((p) => p.trim() !== '')
      .map((p) => {
        const at = p.indexOf('=');
        return at <= 0 ? [p, undefined] : [p.slice(0, at).trim(), p.slice(at + 1).trim()];
      });
  } else if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    pairs = Object.entries(value);
  } else {
    throw new Error(`${name}: got ${JSON.stringify(value)}, ${want}`);
  }
  return pairs.map(([mspId, file]) => {
    if (typeof file !== 'string' || file === '') {
      throw new Error(`${name}: got ${JSON.stringify(mspId)} without a CA file, ${want}`);
    }
    return { mspId, file };
  });
};

// Typed access to the JSON vector files under test/vectors (test helper, not a spec).
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

import { fromHex } from '@gateway/core';
import { listVectorFiles, VECTORS_DIR } from '../../../vectors/generate';

/** One parsed vector file. */
export interface VectorFile {
  /** Path relative to test/vectors, e.g. `merkle/inclusion/leaf-2-size-5/happy-path.json`. */
  readonly file: string;
  /** The `<kind>/<case>` part of the path. */
  readonly dir: string;
  /** The file name without `.json`. */
  readonly name: string;
  readonly json: Readonly<Record<string, unknown>>;
}

/** Reads every vector file under the given kind prefix (for example `merkle/inclusion`). */
export function loadVectors(prefix: string): VectorFile[] {
  return listVectorFiles()
    .filter((file) => file.startsWith(`${prefix}/`))
    .map((file) => ({
      file,
      dir: path.posix.dirname(file),
      name: path.posix.basename(file, '.json'),
      json: JSON.parse(readFileSync(path.join(VECTORS_DIR, file), 'utf8')) as Record<string, unknown>,
    }));
}

function field(obj: Readonly<Record<string, unknown>>, key: string): unknown {
  if (!(key in obj)) throw new Error(`vector field ${key} missing`);
  return obj[key];
}

export function str(obj: Readonly<Record<string, unknown>>, key: string): string {
  const value = field(obj, key);
  if (typeof value !== 'string') throw new Error(`vector field ${key} is not a string`);
  return value;
}

export function num(obj: Readonly<Record<string, unknown>>, key: string): number {
  const value = field(obj, key);
  if (typeof value !== 'number') throw new Error(`vector field ${key} is not a number`);
  return value;
}

export function big(obj: Readonly<Record<string, unknown>>, key: string): bigint {
  return BigInt(str(obj, key));
}

export function bytes(obj: Readonly<Record<string, unknown>>, key: string): Uint8Array {
  return fromHex(str(obj, key), key);
}

export function strs(obj: Readonly<Record<string, unknown>>, key: string): string[] {
  const value = field(obj, key);
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
    throw new Error(`vector field ${key} is not a string array`);
  }
  return value;
}

export function hashes(obj: Readonly<Record<string, unknown>>, key: string): Uint8Array[] {
  return strs(obj, key).map((h) => fromHex(h, key));
}

export function obj(
  parent: Readonly<Record<string, unknown>>,
  key: string,
): Readonly<Record<string, unknown>> {
  const value = field(parent, key);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`vector field ${key} is not an object`);
  }
  return value as Record<string, unknown>;
}

export function objs(
  parent: Readonly<Record<string, unknown>>,
  key: string,
): Readonly<Record<string, unknown>>[] {
  const value = field(parent, key);
  if (!Array.isArray(value)) throw new Error(`vector field ${key} is not an array`);
  return value as Record<string, unknown>[];
}

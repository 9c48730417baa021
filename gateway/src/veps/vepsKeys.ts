/**
 * Loads the VEPS verification keys named by the configuration: PEM files, or folders of `*.pem` files,
 * each holding one or more `PUBLIC KEY` blocks. The key id is the file name without `.pem`; a file with
 * several keys gives `<name>#1`, `<name>#2`, … in file order.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { vepsKeyFromPem, type VepsKey } from './vepsSignature';

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g;

function pemFiles(location: string): string[] {
  const stat = fs.statSync(location);
  if (!stat.isDirectory()) return [location];
  return fs
    .readdirSync(location)
    .filter((name) => name.endsWith('.pem'))
    .sort()
    .map((name) => path.join(location, name));
}

function keysOfFile(file: string): VepsKey[] {
  const blocks = [...fs.readFileSync(file, 'utf8').matchAll(PEM_BLOCK)];
  const name = path.basename(file).replace(/\.pem$/, '');
  return blocks.map((block, i) => {
    if (block[1] !== 'PUBLIC KEY') {
      throw new Error(`VEPS key file ${file}: got a PEM ${block[1] ?? '?'} block, want PUBLIC KEY`);
    }
    return vepsKeyFromPem(blocks.length === 1 ? name : `${name}#${i + 1}`, block[0]);
  });
}

/**
 * Reads every key under the given paths.
 *
 * @param locations - PEM files or folders of `*.pem` files.
 * @returns the keys, in path order; empty only if `locations` is empty.
 * @throws Error when a path is unreadable, holds something other than Ed25519 / P-256 public keys,
 *   two keys share an id, or the paths hold no key at all (so verification is never silently off).
 */
export function loadVepsKeys(locations: readonly string[]): VepsKey[] {
  const keys = locations.flatMap((location) => pemFiles(location).flatMap(keysOfFile));
  if (locations.length > 0 && keys.length === 0) {
    throw new Error(`VEPS keys: no PEM public key in ${locations.join(', ')}`);
  }
  const seen = new Set<string>();
  for (const key of keys) {
    if (seen.has(key.id)) throw new Error(`VEPS keys: key id ${key.id} appears twice`);
    seen.add(key.id);
  }
  return keys;
}

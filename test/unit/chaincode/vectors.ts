/** Loads the shared known-answer vectors (`test/vectors/<kind>/<group>/<case>.json`). */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One vector file: a positive case has `expected`, a negative one `wantErr`. */
export interface Vector {
  readonly name: string;
  readonly desc: string;
  readonly input: unknown;
  readonly expected?: unknown;
  readonly wantErr?: string;
}

const VECTORS_DIR = join(__dirname, '..', '..', 'vectors');

/**
 * Reads every vector of a group, sorted by file name.
 *
 * @param kind - e.g. `canonical-json`.
 * @param group - e.g. `encode`.
 * @returns the vectors.
 */
export function loadVectors(kind: string, group: string): Vector[] {
  const dir = join(VECTORS_DIR, kind, group);
  return readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => ({
      name: file.replace(/\.json$/, ''),
      ...(JSON.parse(readFileSync(join(dir, file), 'utf8')) as Omit<Vector, 'name'>),
    }));
}

/**
 * The checkpoint file of an import: which import it belongs to (a fingerprint of its records) and how
 * many of its records are committed, in order. Written to a temporary file, synced and renamed, so a
 * kill at any moment leaves the previous checkpoint or the new one, never a torn one.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** What a checkpoint holds. */
export interface ImportCheckpoint {
  /** SHA-256 hex that names the import: the same records in the same order give the same value. */
  readonly fingerprint: string;
  /** Records committed, as a prefix of the import order. */
  readonly committed: number;
  /** How many records the import has. */
  readonly total: number;
}

/**
 * Reads a checkpoint: none when the file does not exist, or belongs to another import.
 *
 * @param file - the checkpoint file.
 * @param fingerprint - this import's fingerprint.
 * @returns where to resume (0 when starting afresh).
 * @throws Error when the file exists but is not a checkpoint.
 */
export function readImportCheckpoint(file: string, fingerprint: string): number {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw err;
  }
  let parsed: Partial<ImportCheckpoint>;
  try {
    parsed = JSON.parse(text) as Partial<ImportCheckpoint>;
  } catch {
    throw new Error(`${file}: not an import checkpoint (not JSON); remove it to start the import afresh`);
  }
  if (typeof parsed.committed !== 'number' || typeof parsed.fingerprint !== 'string') {
    throw new Error(`${file}: not an import checkpoint (no fingerprint and committed count)`);
  }
  return parsed.fingerprint === fingerprint ? parsed.committed : 0;
}

/**
 * Writes a checkpoint atomically (temporary file in the same folder, fsync, rename).
 *
 * @param file - the checkpoint file.
 * @param checkpoint - what to write.
 */
export function writeImportCheckpoint(file: string, checkpoint: ImportCheckpoint): void {
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  const fd = fs.openSync(temporary, 'w', 0o644);
  try {
    fs.writeSync(fd, `${JSON.stringify(checkpoint)}\n`);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(temporary, file);
}

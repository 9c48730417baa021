/**
 * Reads Amazon QLDB journal exports downloaded from S3 into a local folder (e.g. with
 * `aws s3 cp --recursive s3://BUCKET/PREFIX DIR`): every `<exportId>.started.manifest` in the folder
 * is one export; its `<exportId>.<strandId>.completed.manifest` files list the strand's data objects
 * in order. A data object's S3 key is looked up under the folder as given, then with leading path
 * parts (the export's prefix) removed. The only I/O of `ledger qldb verify`'s export reading; the
 * parsing is `gateway/src/qldb/exportObjects.ts`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  completedManifestStrand,
  parseCompletedManifest,
  parseDataObject,
  parseStartedManifest,
  STARTED_SUFFIX,
  type OutputFormat,
} from '../qldb/exportObjects';
import { JournalFormatError } from '../qldb/journalBlock';
import type { StrandSegment } from '../qldb/verifyChain';

/** One export found in a folder. */
export interface FolderExport {
  readonly folder: string;
  readonly exportId: string;
  readonly ledgerName?: string;
  readonly outputFormat: OutputFormat;
  readonly dataObjects: number;
  readonly segments: StrandSegment[];
}

function listFiles(folder: string): string[] {
  return fs
    .readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(folder, path.join(e.parentPath, e.name)));
}

/** Finds a data object's file for its S3 key under `dir`. */
function resolveKey(dir: string, key: string): string {
  const parts = key.split('/').filter((p) => p !== '' && p !== '.' && p !== '..');
  for (let i = 0; i < parts.length; i++) {
    const candidate = path.join(dir, ...parts.slice(i));
    if (fs.existsSync(candidate)) return candidate;
  }
  throw new JournalFormatError(`data object ${key}: not found under ${dir}`);
}

function readStrand(
  dir: string,
  manifestFile: string,
  strandId: string,
  exportId: string,
  format: OutputFormat,
): { segment: StrandSegment; objects: number } {
  const keys = parseCompletedManifest(fs.readFileSync(manifestFile), manifestFile);
  const blocks = keys.flatMap((key) => {
    const file = resolveKey(dir, key);
    return parseDataObject(fs.readFileSync(file), format, key, file);
  });
  return { segment: { source: exportId, strandId, blocks }, objects: keys.length };
}

function readExport(folder: string, files: readonly string[], startedFile: string): FolderExport {
  const started = parseStartedManifest(fs.readFileSync(path.join(folder, startedFile)), startedFile);
  if (path.basename(startedFile) !== `${started.exportId}${STARTED_SUFFIX}`) {
    throw new JournalFormatError(
      `${startedFile}: its exportId is ${started.exportId}, its name says otherwise`,
    );
  }
  const dir = path.join(folder, path.dirname(startedFile));
  const completed = files
    .filter((f) => path.dirname(f) === path.dirname(startedFile))
    .map((f) => ({ file: f, strandId: completedManifestStrand(path.basename(f), started.exportId) }))
    .filter((c): c is { file: string; strandId: string } => c.strandId !== undefined);
  if (completed.length === 0) {
    throw new JournalFormatError(
      `export ${started.exportId} in ${folder}: no completed manifest (the export did not finish?)`,
    );
  }
  const strands = completed.map((c) =>
    readStrand(dir, path.join(folder, c.file), c.strandId, started.exportId, started.outputFormat),
  );
  return {
    folder,
    exportId: started.exportId,
    ...(started.ledgerName === undefined ? {} : { ledgerName: started.ledgerName }),
    outputFormat: started.outputFormat,
    dataObjects: strands.reduce((n, s) => n + s.objects, 0),
    segments: strands.map((s) => s.segment),
  };
}

/** Reads every export in `folder`. */
export function readExportFolder(folder: string): FolderExport[] {
  if (!fs.statSync(folder, { throwIfNoEntry: false })?.isDirectory()) {
    throw new JournalFormatError(`${folder}: not a folder`);
  }
  const files = listFiles(folder);
  const started = files.filter((f) => f.endsWith(STARTED_SUFFIX));
  if (started.length === 0)
    throw new JournalFormatError(`${folder}: no *${STARTED_SUFFIX} (not a QLDB journal export)`);
  return started.sort().map((f) => readExport(folder, files, f));
}

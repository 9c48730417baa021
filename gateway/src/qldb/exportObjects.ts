/**
 * The objects of an Amazon QLDB journal export, read from their bytes. Pure.
 *
 * An export writes `<exportId>.started.manifest` (the request: ledgerName, exportId, times,
 * outputFormat), one `<exportId>.<strandId>.completed.manifest` per strand (`keys`: the strand's data
 * objects, in order) and data objects named `<strandId>.<firstSequenceNo>-<lastSequenceNo>.<ext>`
 * that hold the strand's blocks. Manifests and data objects are in the export's output format:
 * ION_TEXT (the default), ION_BINARY, or JSON (JSON Lines: one block a line, Ion down-converted).
 */
import { dom, IonTypes, load, loadAll } from 'ion-js';
import { JournalFormatError, parseJournalBlock, type JournalBlock } from './journalBlock';

/** An export's output format. */
export type OutputFormat = 'ION_TEXT' | 'ION_BINARY' | 'JSON';

const FORMATS: readonly OutputFormat[] = ['ION_TEXT', 'ION_BINARY', 'JSON'];

/** What the started manifest says. */
export interface StartedManifest {
  readonly exportId: string;
  readonly ledgerName?: string;
  readonly outputFormat: OutputFormat;
}

/** Suffix of the started manifest. */
export const STARTED_SUFFIX = '.started.manifest';
/** Suffix of a completed manifest. */
export const COMPLETED_SUFFIX = '.completed.manifest';

function loadOne(bytes: Uint8Array, where: string): dom.Value {
  let value: dom.Value | null;
  try {
    value = load(bytes);
  } catch (e) {
    throw new JournalFormatError(`${where}: not Ion or JSON: ${(e as Error).message}`);
  }
  if (value?.getType() !== IonTypes.STRUCT) throw new JournalFormatError(`${where}: not a struct`);
  return value;
}

function optionalString(value: dom.Value, name: string): string | undefined {
  const found = value.get(name);
  return found === null || found.isNull() ? undefined : (found.stringValue() ?? undefined);
}

/** Reads a started manifest; `outputFormat` defaults to ION_TEXT as in QLDB. */
export function parseStartedManifest(bytes: Uint8Array, where: string): StartedManifest {
  const value = loadOne(bytes, where);
  const exportId = optionalString(value, 'exportId');
  if (exportId === undefined) throw new JournalFormatError(`${where}: field exportId is missing`);
  const format = optionalString(value, 'outputFormat') ?? 'ION_TEXT';
  if (!FORMATS.includes(format as OutputFormat)) {
    throw new JournalFormatError(`${where}: outputFormat ${format} is not one of ${FORMATS.join(', ')}`);
  }
  const ledgerName = optionalString(value, 'ledgerName');
  return {
    exportId,
    outputFormat: format as OutputFormat,
    ...(ledgerName === undefined ? {} : { ledgerName }),
  };
}

/** Reads a completed manifest: its ordered data object keys. */
export function parseCompletedManifest(bytes: Uint8Array, where: string): string[] {
  const keys = loadOne(bytes, where).get('keys');
  if (keys?.getType() !== IonTypes.LIST)
    throw new JournalFormatError(`${where}: field keys is missing or not a list`);
  return keys.elements().map((key, i) => {
    if (key.getType() !== IonTypes.STRING)
      throw new JournalFormatError(`${where}: keys[${i}] is not a string`);
    return key.stringValue() ?? '';
  });
}

/** The strand of a completed manifest's name `<exportId>.<strandId>.completed.manifest`, if it is one. */
export function completedManifestStrand(name: string, exportId: string): string | undefined {
  const prefix = `${exportId}.`;
  if (!name.startsWith(prefix) || !name.endsWith(COMPLETED_SUFFIX)) return undefined;
  const strand = name.slice(prefix.length, name.length - COMPLETED_SUFFIX.length);
  return strand.length > 0 && !strand.includes('.') ? strand : undefined;
}

/** The strand and block range a data object's name `<strandId>.<first>-<last>.<ext>` declares, if any. */
export function dataObjectRange(key: string): { strandId: string; first: number; last: number } | undefined {
  const base = key.slice(key.lastIndexOf('/') + 1);
  const match = /^([^.]+)\.(\d+)-(\d+)(\.[A-Za-z0-9]+)?$/.exec(base);
  if (match === null) return undefined;
  return { strandId: match[1] ?? '', first: Number(match[2]), last: Number(match[3]) };
}

function jsonLines(bytes: Uint8Array, where: string): dom.Value[] {
  const lines = Buffer.from(bytes).toString('utf8').split('\n');
  return lines.flatMap((line, i) => {
    if (line.trim() === '') return [];
    try {
      JSON.parse(line);
    } catch {
      throw new JournalFormatError(`${where}: line ${i + 1} is not JSON`);
    }
    return [loadOne(Buffer.from(line, 'utf8'), `${where}: line ${i + 1}`)];
  });
}

function ionValues(bytes: Uint8Array, where: string): dom.Value[] {
  try {
    return loadAll(bytes);
  } catch (e) {
    throw new JournalFormatError(`${where}: not Ion: ${(e as Error).message}`);
  }
}

/**
 * Reads a data object's blocks and checks them against the range its name declares (as QLDB's
 * samples do). `where` names the object in errors.
 */
export function parseDataObject(
  bytes: Uint8Array,
  format: OutputFormat,
  key: string,
  where: string,
): JournalBlock[] {
  const typed = format !== 'JSON';
  const values = typed ? ionValues(bytes, where) : jsonLines(bytes, where);
  const blocks = values.map((v, i) => parseJournalBlock(v, `${where}: block ${i + 1}`, typed));
  const range = dataObjectRange(key);
  const firstNo = blocks[0]?.address.sequenceNo;
  const lastNo = blocks[blocks.length - 1]?.address.sequenceNo;
  if (range !== undefined && (firstNo !== range.first || lastNo !== range.last)) {
    throw new JournalFormatError(
      `${where}: its name declares blocks ${range.first}-${range.last}, it holds ${firstNo ?? 'none'}-${lastNo ?? 'none'}`,
    );
  }
  return blocks;
}

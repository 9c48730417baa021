/**
 * The files of a Fabric block archive, and the parsing of its index and manifest. Pure.
 *
 *   manifest.json   what was archived: channel, source, who archived it, height
 *   index.jsonl     one line per verified block (verifyBlock.ts BlockIndexEntry), in order
 *   blocks/NNNNNNNNNN.block   the raw common.Block bytes as the Deliver service sent them
 */
import type { BlockIndexEntry } from './verifyBlock';

/** The manifest's format name. */
export const ARCHIVE_FORMAT = 'fabric-block-archive-v1';
export const MANIFEST_FILE = 'manifest.json';
export const INDEX_FILE = 'index.jsonl';
export const BLOCKS_DIR = 'blocks';

/** What manifest.json says. */
export interface ArchiveManifest {
  readonly format: typeof ARCHIVE_FORMAT;
  readonly channel: string;
  /** `orderer` (blocks as cut, no validation flags) or `peer` (as committed, with flags). */
  readonly source: 'orderer' | 'peer';
  readonly endpoint: string;
  /** The member identity that read the blocks. */
  readonly archivedBy: { readonly mspId: string; readonly subject: string };
  /** Blocks in the archive (0 .. height-1), as of `updatedAt`. */
  readonly height: number;
  /** The channel's height when the last run started. */
  readonly channelHeight: number;
  /** Hex header hash of block 0: compare it out of band to trust the archive's genesis configuration. */
  readonly genesisHeaderHash: string | null;
  readonly updatedAt: string;
}

/** Thrown for an archive whose manifest or index is malformed. */
export class ArchiveFormatError extends Error {
  override readonly name = 'ArchiveFormatError';
}

/**
 * The file name of block `n`: ten digits, zero-padded.
 *
 * @param n - the block number.
 * @returns e.g. `0000000007.block`.
 */
export function blockFileName(n: number): string {
  return `${String(n).padStart(10, '0')}.block`;
}

/**
 * The block number of a block file name.
 *
 * @param name - a file name in blocks/.
 * @returns the number, or undefined when the name is not a block file's.
 */
export function blockNumberOfFileName(name: string): number | undefined {
  const match = /^(\d{10})\.block$/.exec(name);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

const HEX = /^[0-9a-f]*$/;

const isHex = (v: unknown): boolean => typeof v === 'string' && HEX.test(v);
const ENTRY_FIELDS: Readonly<Record<keyof BlockIndexEntry, (v: unknown) => boolean>> = {
  number: Number.isSafeInteger,
  headerHash: isHex,
  dataHash: isHex,
  previousHash: isHex,
  config: (v) => typeof v === 'boolean',
  lastConfig: Number.isSafeInteger,
  transactions: Number.isSafeInteger,
  validTransactions: (v) => v === null || Number.isSafeInteger(v),
  ordererSigners: Array.isArray,
};

function isEntry(value: unknown): value is BlockIndexEntry {
  if (typeof value !== 'object' || value === null) return false;
  const e = value as Record<string, unknown>;
  return Object.entries(ENTRY_FIELDS).every(([field, valid]) => valid(e[field]));
}

/** The index as read: complete entries, and how many bytes they take (a torn last line is left out). */
export interface ParsedIndex {
  readonly entries: BlockIndexEntry[];
  /** Length in bytes of the complete lines (where to truncate a torn tail). */
  readonly completeBytes: number;
  /** True when a last line without its newline was found (a run killed while appending). */
  readonly tornTail: boolean;
}

/**
 * Parses index.jsonl. Entries must be blocks 0, 1, 2, … in order.
 *
 * @param text - the file's content.
 * @returns the entries and where the complete lines end.
 * @throws ArchiveFormatError naming the line that is not an entry or is out of order.
 */
export function parseIndex(text: string): ParsedIndex {
  const end = text.lastIndexOf('\n') + 1;
  const complete = text.slice(0, end);
  const entries: BlockIndexEntry[] = [];
  complete
    .split('\n')
    .slice(0, -1)
    .forEach((line, i) => {
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        throw new ArchiveFormatError(`${INDEX_FILE} line ${i + 1}: not JSON`);
      }
      if (!isEntry(value)) throw new ArchiveFormatError(`${INDEX_FILE} line ${i + 1}: not a block entry`);
      if (value.number !== i) {
        throw new ArchiveFormatError(
          `${INDEX_FILE} line ${i + 1}: got block ${value.number}, want block ${i}`,
        );
      }
      entries.push(value);
    });
  return { entries, completeBytes: Buffer.byteLength(complete), tornTail: end < text.length };
}

/**
 * Parses manifest.json.
 *
 * @param text - the file's content.
 * @returns the manifest.
 * @throws ArchiveFormatError naming the field that is missing or wrong.
 */
export function parseManifest(text: string): ArchiveManifest {
  let value: Partial<Record<keyof ArchiveManifest, unknown>>;
  try {
    value = JSON.parse(text) as Partial<Record<keyof ArchiveManifest, unknown>>;
  } catch {
    throw new ArchiveFormatError(`${MANIFEST_FILE}: not JSON`);
  }
  if (value.format !== ARCHIVE_FORMAT) {
    throw new ArchiveFormatError(
      `${MANIFEST_FILE}: format: got ${String(value.format)}, want ${ARCHIVE_FORMAT}`,
    );
  }
  if (typeof value.channel !== 'string' || value.channel === '') {
    throw new ArchiveFormatError(`${MANIFEST_FILE}: channel: missing`);
  }
  if (value.source !== 'orderer' && value.source !== 'peer') {
    throw new ArchiveFormatError(
      `${MANIFEST_FILE}: source: got ${String(value.source)}, want orderer or peer`,
    );
  }
  if (!Number.isSafeInteger(value.height)) throw new ArchiveFormatError(`${MANIFEST_FILE}: height: missing`);
  return value as ArchiveManifest;
}

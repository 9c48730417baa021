/**
 * The files of a Fabric block archive, and the parsing of its index and manifest. Pure.
 *
 *   manifest.json   what was archived: channel, source, who archived it, height
 *   index.jsonl     one line per verified block (verifyBlock.ts BlockIndexEntry), in order
 *   blocks/NNNNNNNNNN.block   the raw common.Block bytes as the Deliver service sent them
 */
import { z } from 'zod';
import { JsonSchemaError, parseJson } from '../jsonSchema';
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

const hex = z.string().regex(/^[0-9a-f]*$/);
const count = z.int().min(0);

/** One index.jsonl line; other keys are kept as they are. */
const indexEntry: z.ZodType<BlockIndexEntry> = z.looseObject({
  number: count,
  headerHash: hex,
  dataHash: hex,
  previousHash: hex,
  config: z.boolean(),
  lastConfig: count,
  transactions: count,
  validTransactions: count.nullable(),
  ordererSigners: z.array(z.string()),
});

/** The manifest fields a reader relies on; the others are kept as they are. */
const manifest = z.looseObject({
  format: z.literal(ARCHIVE_FORMAT, { error: ARCHIVE_FORMAT }),
  channel: z.string().min(1, { error: 'a channel name' }),
  source: z.enum(['orderer', 'peer']),
  height: count,
});

/** The value checked by `schema`, or an ArchiveFormatError `<where>: <field>: got …, want …`. */
function checked<T>(schema: z.ZodType<T>, value: unknown, where: string): T {
  try {
    return parseJson(schema, value);
  } catch (err) {
    throw err instanceof JsonSchemaError ? new ArchiveFormatError(`${where}: ${err.message}`) : err;
  }
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
      const entry = checked(indexEntry, value, `${INDEX_FILE} line ${i + 1}`);
      if (entry.number !== i) {
        throw new ArchiveFormatError(
          `${INDEX_FILE} line ${i + 1}: got block ${entry.number}, want block ${i}`,
        );
      }
      entries.push(entry);
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
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ArchiveFormatError(`${MANIFEST_FILE}: not JSON`);
  }
  // Only the fields readers rely on are checked; the rest are written by `ledger fabric-archive`.
  checked(manifest, value, MANIFEST_FILE);
  return value as ArchiveManifest;
}

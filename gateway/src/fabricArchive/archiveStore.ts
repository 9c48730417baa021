/**
 * The archive folder on disk (layout: archiveLayout.ts). A block is written to a temporary file,
 * fsynced and renamed into blocks/, then its index line is appended and synced: a run killed at any
 * moment leaves complete, indexed blocks, at most one unindexed block file (overwritten by the next
 * run) and at most one torn index line (cut off when the folder is opened again). Nothing planted in
 * the folder is followed: the folder and blocks/ must be real folders, index.jsonl is opened with
 * O_NOFOLLOW, block files are created exclusively and renamed over (a rename replaces a symbolic link,
 * it does not write through it).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fromHex, toHex } from '../core';
import { configOfBlock } from '../security/channelTrust';
import {
  ArchiveFormatError,
  BLOCKS_DIR,
  blockFileName,
  blockNumberOfFileName,
  INDEX_FILE,
  MANIFEST_FILE,
  parseIndex,
  parseManifest,
  type ArchiveManifest,
} from './archiveLayout';
import { blockHeaderHash } from './blockHashes';
import { blockParts } from './blockParts';
import { configInForce } from './channelMsps';
import { genesisState, type BlockIndexEntry, type ChainState } from './verifyBlock';

/** Thrown when the folder cannot be used as an archive. */
export class ArchiveFolderError extends Error {
  override readonly name = 'ArchiveFolderError';
}

function lstatOrUndefined(file: string): fs.Stats | undefined {
  try {
    return fs.lstatSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** Creates `dir` (not its parents' links) or checks it is a real folder. */
function realFolder(dir: string): 'created' | 'existed' {
  const stat = lstatOrUndefined(dir);
  if (stat === undefined) {
    fs.mkdirSync(dir, { mode: 0o755 });
    return 'created';
  }
  if (stat.isSymbolicLink()) throw new ArchiveFolderError(`${dir} is a symbolic link; give a real folder`);
  if (!stat.isDirectory()) throw new ArchiveFolderError(`${dir} is not a folder`);
  return 'existed';
}

function readRegularFile(file: string): Buffer | undefined {
  const stat = lstatOrUndefined(file);
  if (stat === undefined) return undefined;
  if (!stat.isFile()) throw new ArchiveFolderError(`${file} is not a regular file (a symbolic link?)`);
  return fs.readFileSync(file);
}

function syncFolder(dir: string): void {
  const fd = fs.openSync(dir, fs.constants.O_RDONLY | fs.constants.O_DIRECTORY);
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** An archive folder opened for appending. */
export interface ArchiveWriter {
  readonly dir: string;
  /** The manifest found (undefined for a new archive). */
  readonly manifest: ArchiveManifest | undefined;
  /** The index entries already there. */
  readonly entries: readonly BlockIndexEntry[];
  /** The verification state after the last indexed block. */
  readonly state: ChainState;
  /** Stores a verified block and appends its index line. */
  append(bytes: Uint8Array, entry: BlockIndexEntry): void;
  /** Writes manifest.json (atomically). */
  writeManifest(manifest: ArchiveManifest): void;
  close(): void;
}

/**
 * The block bytes stored for block `n`.
 *
 * @param dir - the archive folder.
 * @param n - the block number.
 * @returns the bytes, or undefined when the file is missing.
 * @throws ArchiveFolderError when the file is not a regular file.
 */
export function readStoredBlock(dir: string, n: number): Buffer | undefined {
  return readRegularFile(path.join(dir, BLOCKS_DIR, blockFileName(n)));
}

function storedBlockMatching(dir: string, entry: BlockIndexEntry): Buffer {
  const bytes = readStoredBlock(dir, entry.number);
  if (bytes === undefined) {
    throw new ArchiveFolderError(
      `block ${entry.number} is indexed but its file is missing: run 'ledger fabric verify-archive ${dir}'`,
    );
  }
  const hash = toHex(blockHeaderHash(blockParts(bytes, entry.number)));
  if (hash !== entry.headerHash) {
    throw new ArchiveFolderError(
      `block ${entry.number}: the stored block's header hash is ${hash}, the index says ${entry.headerHash}: run 'ledger fabric verify-archive ${dir}'`,
    );
  }
  return bytes;
}

/** The state after the last indexed block: its header hash and the configuration it names. */
function stateAfter(dir: string, channel: string, entries: readonly BlockIndexEntry[]): ChainState {
  const last = entries.at(-1);
  if (last === undefined) return genesisState(channel);
  storedBlockMatching(dir, last);
  const configEntry = entries[last.lastConfig];
  if (configEntry?.config !== true) {
    throw new ArchiveFolderError(
      `block ${last.number} names block ${last.lastConfig}, which the index does not list as a configuration block`,
    );
  }
  const configBytes = storedBlockMatching(dir, configEntry);
  return {
    channel,
    nextNumber: last.number + 1,
    previousHeaderHash: fromHex(last.headerHash),
    config: configInForce(configOfBlock(configBytes).config, configEntry.number),
  };
}

/** The manifest of an archive of `channel` in `dir`, undefined for a new or empty folder. */
function existingManifest(dir: string, channel: string): ArchiveManifest | undefined {
  realFolder(dir);
  const manifestBytes = readRegularFile(path.join(dir, MANIFEST_FILE));
  const manifest = manifestBytes === undefined ? undefined : parseManifest(manifestBytes.toString('utf8'));
  if (manifest === undefined && fs.readdirSync(dir).length > 0) {
    throw new ArchiveFolderError(
      `${dir} is not empty and holds no archive (${MANIFEST_FILE}); give a new or empty folder`,
    );
  }
  if (manifest !== undefined && manifest.channel !== channel) {
    throw new ArchiveFolderError(`${dir} holds an archive of channel ${manifest.channel}, not ${channel}`);
  }
  return manifest;
}

/**
 * Opens (creating it if needed) an archive folder for `channel`: a new or empty folder, or an archive
 * of the same channel to resume.
 *
 * @param dir - the folder.
 * @param channel - the channel archived.
 * @returns the writer, positioned after the last indexed block.
 * @throws ArchiveFolderError when the folder is a symbolic link, holds something else, or an archive of
 *   another channel, or its last indexed block does not match its file.
 */
export function openArchiveWriter(dir: string, channel: string): ArchiveWriter {
  const manifest = existingManifest(dir, channel);
  const blocksDir = path.join(dir, BLOCKS_DIR);
  realFolder(blocksDir);
  for (const name of fs.readdirSync(blocksDir)) {
    if (name.endsWith('.tmp')) fs.rmSync(path.join(blocksDir, name), { force: true });
  }
  const indexPath = path.join(dir, INDEX_FILE);
  const indexText = readRegularFile(indexPath)?.toString('utf8') ?? '';
  const index = parseIndex(indexText);
  const { O_WRONLY, O_APPEND, O_CREAT, O_NOFOLLOW } = fs.constants;
  const fd = fs.openSync(indexPath, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW, 0o644);
  if (index.tornTail) fs.ftruncateSync(fd, index.completeBytes);
  const state = stateAfter(dir, channel, index.entries);
  let closed = false;
  return {
    dir,
    manifest,
    entries: index.entries,
    state,
    append(bytes, entry) {
      const final = path.join(blocksDir, blockFileName(entry.number));
      const temporary = `${final}.${process.pid}.tmp`;
      const blockFd = fs.openSync(temporary, 'wx', 0o644);
      try {
        fs.writeSync(blockFd, bytes);
        fs.fsyncSync(blockFd);
      } finally {
        fs.closeSync(blockFd);
      }
      fs.renameSync(temporary, final);
      // The rename is durable before the index names the block (a power loss cannot keep the line
      // and lose the file).
      syncFolder(blocksDir);
      fs.writeSync(fd, `${JSON.stringify(entry)}\n`);
      fs.fdatasyncSync(fd);
    },
    writeManifest(next) {
      const final = path.join(dir, MANIFEST_FILE);
      const temporary = `${final}.${process.pid}.tmp`;
      fs.writeFileSync(temporary, `${JSON.stringify(next, null, 2)}\n`, { flag: 'wx', mode: 0o644 });
      fs.renameSync(temporary, final);
    },
    close() {
      if (!closed) fs.closeSync(fd);
      closed = true;
    },
  };
}

/** An archive as read for verification. */
export interface StoredArchive {
  readonly manifest: ArchiveManifest;
  readonly entries: readonly BlockIndexEntry[];
  /** True when the index ends with a torn line. */
  readonly tornIndex: boolean;
  /** Numbers of the block files found, ascending. */
  readonly blockNumbers: readonly number[];
}

/**
 * Reads an archive's manifest, index and block file names (not the blocks).
 *
 * @param dir - the archive folder.
 * @returns what it holds.
 * @throws ArchiveFormatError / ArchiveFolderError when the manifest or index is missing or malformed.
 */
export function readArchive(dir: string): StoredArchive {
  const manifestBytes = readRegularFile(path.join(dir, MANIFEST_FILE));
  if (manifestBytes === undefined)
    throw new ArchiveFormatError(`${dir}: no ${MANIFEST_FILE}: not an archive`);
  const manifest = parseManifest(manifestBytes.toString('utf8'));
  const index = parseIndex(readRegularFile(path.join(dir, INDEX_FILE))?.toString('utf8') ?? '');
  const blocksDir = path.join(dir, BLOCKS_DIR);
  const names = lstatOrUndefined(blocksDir)?.isDirectory() === true ? fs.readdirSync(blocksDir) : [];
  const blockNumbers = names
    .map(blockNumberOfFileName)
    .filter((n): n is number => n !== undefined)
    .sort((a, b) => a - b);
  return { manifest, entries: index.entries, tornIndex: index.tornTail, blockNumbers };
}

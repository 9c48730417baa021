/**
 * Re-verifies a stored archive offline: every block file, in order, from the genesis block, with the
 * same checks as when it was archived (verifyBlock.ts), and against the index and manifest: a block
 * file missing from the sequence, or one the index lists that is not there, is refused naming it.
 */
import type { ArchiveFailure } from './archiveFailure';
import { readArchive, readStoredBlock, type StoredArchive } from './archiveStore';
import { genesisState, verifyBlock, type BlockIndexEntry, type ChainState } from './verifyBlock';

/** What `ledger fabric verify-archive` reports. */
export interface ArchiveReport {
  readonly ok: boolean;
  readonly channel: string;
  readonly source: 'orderer' | 'peer';
  /** Blocks verified (0 .. blocks-1). */
  readonly blocks: number;
  readonly configBlocks: readonly number[];
  readonly transactions: number;
  /** Valid transactions per the peers' flags; null when the blocks have none (an orderer's archive). */
  readonly validTransactions: number | null;
  readonly genesisHeaderHash: string | null;
  readonly lastHeaderHash: string | null;
  /** Block files after the last indexed block (a run stopped before indexing them); verified too. */
  readonly unindexedBlocks: number;
  readonly failure?: ArchiveFailure;
}

/** Totals over the blocks verified so far. */
interface Totals {
  configBlocks: number[];
  transactions: number;
  valid: number | null;
  genesisHeaderHash: string | null;
  lastHeaderHash: string | null;
}

function add(totals: Totals, entry: BlockIndexEntry): void {
  if (entry.config) totals.configBlocks.push(entry.number);
  totals.transactions += entry.transactions;
  totals.valid =
    totals.valid === null || entry.validTransactions === null ? null : totals.valid + entry.validTransactions;
  totals.genesisHeaderHash ??= entry.headerHash;
  totals.lastHeaderHash = entry.headerHash;
}

/** Verifies the block files in order; the first failure, or the state after the last block. */
function verifyBlockFiles(
  dir: string,
  stored: StoredArchive,
  totals: Totals,
  onProgress?: (done: number, total: number) => void,
  onVerified?: (blockNumber: number, bytes: Uint8Array) => void,
): { state: ChainState; failure?: ArchiveFailure } {
  let state = genesisState(stored.manifest.channel);
  const total = Math.max(stored.blockNumbers.length, stored.entries.length);
  for (const n of stored.blockNumbers) {
    if (n !== state.nextNumber) {
      const detail = `block ${state.nextNumber} is missing: the next block file is block ${n}`;
      return { state, failure: { blockNumber: state.nextNumber, field: 'number', detail } };
    }
    const bytes = readStoredBlock(dir, n) ?? new Uint8Array(0);
    const verdict = verifyBlock(bytes, state);
    if (!verdict.ok) return { state, failure: verdict.failure };
    const indexed = stored.entries[n];
    if (indexed !== undefined && indexed.headerHash !== verdict.entry.headerHash) {
      const detail = `the block's header hash is ${verdict.entry.headerHash}, the index says ${indexed.headerHash}`;
      return { state, failure: { blockNumber: n, field: 'index', detail } };
    }
    add(totals, verdict.entry);
    onVerified?.(n, bytes);
    state = verdict.next;
    onProgress?.(state.nextNumber, total);
  }
  return { state };
}

/** A block the index or manifest lists that is not there, or an empty archive. */
function missingAtEnd(stored: StoredArchive, blocks: number): ArchiveFailure | undefined {
  const listed = Math.max(stored.entries.length, stored.manifest.height);
  if (blocks < listed) {
    const by = stored.entries.length > blocks ? 'index' : 'manifest';
    return {
      blockNumber: blocks,
      field: 'number',
      detail: `block ${blocks} is missing: the ${by} lists ${listed} blocks`,
    };
  }
  if (blocks === 0) return { blockNumber: 0, field: 'number', detail: 'the archive holds no block' };
  return undefined;
}

/**
 * Verifies an archive folder.
 *
 * @param dir - the folder `ledger fabric archive --out` wrote.
 * @param onProgress - called after each block: done, total.
 * @param onVerified - called with each block that verified, in order (its number and bytes), so a
 *   caller can use the blocks without reading them again.
 * @returns the report; `ok: false` with the first failure.
 * @throws ArchiveFormatError / ArchiveFolderError when the manifest or index cannot be read.
 */
export function verifyArchiveFolder(
  dir: string,
  onProgress?: (done: number, total: number) => void,
  onVerified?: (blockNumber: number, bytes: Uint8Array) => void,
): ArchiveReport {
  const stored = readArchive(dir);
  const totals: Totals = {
    configBlocks: [],
    transactions: 0,
    valid: 0,
    genesisHeaderHash: null,
    lastHeaderHash: null,
  };
  const { state, failure: blockFailure } = verifyBlockFiles(dir, stored, totals, onProgress, onVerified);
  const failure = blockFailure ?? missingAtEnd(stored, state.nextNumber);
  return {
    ok: failure === undefined,
    channel: stored.manifest.channel,
    source: stored.manifest.source,
    blocks: state.nextNumber,
    configBlocks: totals.configBlocks,
    transactions: totals.transactions,
    validTransactions: totals.valid,
    genesisHeaderHash: totals.genesisHeaderHash,
    lastHeaderHash: totals.lastHeaderHash,
    unindexedBlocks: Math.max(0, state.nextNumber - stored.entries.length),
    ...(failure === undefined ? {} : { failure }),
  };
}

/**
 * `ledger fabric archive`: reads every block of a channel from a Deliver service, verifies each one as
 * it arrives (verifyBlock.ts) and stores it with its index line (archiveStore.ts). Resumable: a run
 * starts after the last indexed block of the folder; blocks up to the channel's height when the run
 * starts are fetched.
 */
import { ArchiveVerificationError } from './archiveFailure';
import type { ArchiveManifest } from './archiveLayout';
import { ARCHIVE_FORMAT } from './archiveLayout';
import { openArchiveWriter, type ArchiveWriter } from './archiveStore';
import type { DeliverClient, DeliverSource } from './deliverBlocks';
import { verifyBlock, type BlockIndexEntry, type ChainState } from './verifyBlock';

/** Options of {@link archiveChannel}. */
export interface ArchiveChannelOptions {
  readonly dir: string;
  readonly channel: string;
  readonly source: DeliverSource;
  readonly endpoint: string;
  readonly archivedBy: ArchiveManifest['archivedBy'];
  readonly deliver: DeliverClient;
  /** Called after each stored block: blocks archived, channel height. */
  readonly onProgress?: (done: number, height: number) => void;
  /** For tests: the clock (milliseconds). */
  readonly now?: () => number;
}

/** What a run did. */
export interface ArchiveRunReport {
  readonly ok: true;
  readonly dir: string;
  readonly channel: string;
  readonly source: DeliverSource;
  readonly endpoint: string;
  /** Blocks in the archive now. */
  readonly height: number;
  /** The first block this run fetched (0 for a new archive). */
  readonly resumedFrom: number;
  readonly fetched: number;
  readonly seconds: number;
  readonly blocksPerSecond: number;
  readonly genesisHeaderHash: string | null;
  readonly lastHeaderHash: string | null;
}

/** Fetches, verifies and stores blocks `from .. height-1`; returns the state after the last one. */
async function fetchInto(
  writer: ArchiveWriter,
  options: Readonly<ArchiveChannelOptions>,
  channelHeight: number,
): Promise<{ state: ChainState; first?: BlockIndexEntry; last?: BlockIndexEntry }> {
  let state = writer.state;
  let first: BlockIndexEntry | undefined;
  let last: BlockIndexEntry | undefined;
  if (state.nextNumber < channelHeight) {
    const range = options.deliver.blocks({ block: state.nextNumber }, { block: channelHeight - 1 });
    for await (const bytes of range) {
      const verdict = verifyBlock(bytes, state);
      if (!verdict.ok) throw new ArchiveVerificationError(verdict.failure);
      writer.append(bytes, verdict.entry);
      state = verdict.next;
      first ??= verdict.entry;
      last = verdict.entry;
      options.onProgress?.(state.nextNumber, channelHeight);
    }
  }
  if (state.nextNumber < channelHeight) {
    throw new ArchiveVerificationError({
      blockNumber: state.nextNumber,
      field: 'number',
      detail: `the service ended the stream before block ${state.nextNumber} (height ${channelHeight})`,
    });
  }
  return { state, ...(first === undefined ? {} : { first }), ...(last === undefined ? {} : { last }) };
}

const rate = (blocks: number, seconds: number): number =>
  seconds > 0 ? Math.round((blocks / seconds) * 10) / 10 : blocks;

/**
 * Archives a channel into `dir`.
 *
 * @param options - folder, channel, source, the Deliver client, progress callback.
 * @returns what the run did.
 * @throws ArchiveVerificationError naming the block and field when a block does not verify (nothing of
 *   it is stored); ArchiveFolderError when the folder cannot be used; DeliverError when the service
 *   refuses or the stream breaks.
 */
export async function archiveChannel(options: Readonly<ArchiveChannelOptions>): Promise<ArchiveRunReport> {
  const now = options.now ?? Date.now;
  const writer = openArchiveWriter(options.dir, options.channel);
  try {
    const started = now();
    const channelHeight = await options.deliver.height();
    const resumedFrom = writer.state.nextNumber;
    const genesisHeaderHash = writer.entries[0]?.headerHash ?? null;
    const manifest = (height: number, genesis: string | null): ArchiveManifest => ({
      format: ARCHIVE_FORMAT,
      channel: options.channel,
      source: options.source,
      endpoint: options.endpoint,
      archivedBy: options.archivedBy,
      height,
      channelHeight,
      genesisHeaderHash: genesis,
      updatedAt: new Date(now()).toISOString(),
    });
    writer.writeManifest(manifest(resumedFrom, genesisHeaderHash));
    const { state, first, last } = await fetchInto(writer, options, channelHeight);
    const genesis = genesisHeaderHash ?? first?.headerHash ?? null;
    writer.writeManifest(manifest(state.nextNumber, genesis));
    const seconds = (now() - started) / 1000;
    const fetched = state.nextNumber - resumedFrom;
    return {
      ok: true,
      dir: options.dir,
      channel: options.channel,
      source: options.source,
      endpoint: options.endpoint,
      height: state.nextNumber,
      resumedFrom,
      fetched,
      seconds,
      blocksPerSecond: rate(fetched, seconds),
      genesisHeaderHash: genesis,
      lastHeaderHash: (last ?? writer.entries.at(-1))?.headerHash ?? null,
    };
  } finally {
    writer.close();
  }
}

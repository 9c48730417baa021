/**
 * Verification of Amazon QLDB journal strands across one or more exports: every strand's blocks in
 * sequence, exports of one ledger joined with no gap and no overlap, each block verified on its own
 * ({@link verifyBlock}) and linked to the block before it (`previousBlockHash` = its `blockHash`).
 * Pure.
 */
import { hashToBase64, sameHash } from './hashes';
import { formatAddress, type JournalBlock } from './journalBlock';
import { fail, verifyBlock, type BlockReport } from './verifyBlock';

/** The blocks of one strand in one export, in the order the export's completed manifest lists them. */
export interface StrandSegment {
  /** The export it came from (its export id, or folder). */
  readonly source: string;
  readonly strandId: string;
  readonly blocks: readonly JournalBlock[];
}

/** What was verified of one strand. */
export interface StrandReport {
  readonly strandId: string;
  readonly firstSequenceNo: number;
  readonly lastSequenceNo: number;
  readonly blocks: number;
  /** The sources joined, in sequence order. */
  readonly sources: string[];
  /**
   * True when the strand's first verified block is sequenceNo 0, so its whole history is covered;
   * false when the exports start later: the first block's link to the block before it is then not
   * checked.
   */
  readonly fromGenesis: boolean;
}

/** The tip (last block) of a strand, for a digest check. */
export interface StrandTip {
  readonly strandId: string;
  readonly sequenceNo: number;
  readonly blockHash: Uint8Array;
}

/** The result of verifying strands. */
export interface ChainReport {
  readonly strands: StrandReport[];
  readonly blocks: BlockReport[];
}

function first(segment: StrandSegment): number {
  return segment.blocks[0]?.address.sequenceNo ?? -1;
}

function last(segment: StrandSegment): number {
  return segment.blocks[segment.blocks.length - 1]?.address.sequenceNo ?? -1;
}

/** Checks the blocks of a segment are of its strand and consecutive. */
function checkSegment(segment: StrandSegment): void {
  if (segment.blocks.length === 0) {
    fail(
      `${segment.strandId} in ${segment.source}`,
      'blocks',
      'at least one block',
      'none',
      'empty strand export',
    );
  }
  segment.blocks.forEach((block, i) => {
    const where = `${formatAddress(block.address)} in ${segment.source}`;
    if (block.address.strandId !== segment.strandId) {
      fail(
        where,
        'blockAddress.strandId',
        segment.strandId,
        block.address.strandId,
        'block of another strand',
      );
    }
    const expected = first(segment) + i;
    if (block.address.sequenceNo !== expected) {
      fail(
        where,
        'blockAddress.sequenceNo',
        String(expected),
        String(block.address.sequenceNo),
        'blocks out of sequence',
      );
    }
  });
}

/**
 * Orders the segments of one strand and refuses a gap or an overlap between consecutive ones, naming
 * the addresses on either side.
 */
export function joinSegments(segments: readonly StrandSegment[]): StrandSegment[] {
  const ordered = [...segments].sort((a, b) => first(a) - first(b));
  for (let i = 1; i < ordered.length; i++) {
    const before = ordered[i - 1] as StrandSegment;
    const after = ordered[i] as StrandSegment;
    const wanted = last(before) + 1;
    if (first(after) !== wanted) {
      const kind = first(after) > wanted ? 'gap' : 'overlap';
      fail(
        `${after.strandId}:${first(after)} in ${after.source}`,
        'blockAddress.sequenceNo',
        String(wanted),
        String(first(after)),
        `${kind} between exports: ${before.source} ends at ${before.strandId}:${last(before)}, ${after.source} starts at ${after.strandId}:${first(after)}`,
      );
    }
  }
  return ordered;
}

function checkLink(previous: JournalBlock | undefined, block: JournalBlock): void {
  if (previous === undefined) return;
  if (!sameHash(block.previousBlockHash, previous.blockHash)) {
    fail(
      formatAddress(block.address),
      'previousBlockHash',
      hashToBase64(previous.blockHash),
      hashToBase64(block.previousBlockHash),
      `link to block ${formatAddress(previous.address)}`,
    );
  }
}

function verifyStrand(
  strandId: string,
  segments: readonly StrandSegment[],
  reports: BlockReport[],
): StrandReport {
  segments.forEach(checkSegment);
  const ordered = joinSegments(segments);
  let previous: JournalBlock | undefined;
  for (const block of ordered.flatMap((s) => s.blocks)) {
    const report = verifyBlock(block);
    checkLink(previous, block);
    if (previous !== undefined) report.checks.push('previousBlockHash');
    reports.push(report);
    previous = block;
  }
  const start = first(ordered[0] as StrandSegment);
  return {
    strandId,
    firstSequenceNo: start,
    lastSequenceNo: last(ordered[ordered.length - 1] as StrandSegment),
    blocks: ordered.reduce((n, s) => n + s.blocks.length, 0),
    sources: ordered.map((s) => s.source),
    fromGenesis: start === 0,
  };
}

/** Verifies every strand of the given segments; throws at the first failure. */
export function verifyStrands(segments: readonly StrandSegment[]): ChainReport {
  const byStrand = new Map<string, StrandSegment[]>();
  for (const segment of segments) {
    byStrand.set(segment.strandId, [...(byStrand.get(segment.strandId) ?? []), segment]);
  }
  const blocks: BlockReport[] = [];
  const strands = [...byStrand.entries()].map(([strandId, list]) => verifyStrand(strandId, list, blocks));
  return { strands, blocks };
}

/** The tip of each strand: its last block, to check a digest against. */
export function strandTips(segments: readonly StrandSegment[]): StrandTip[] {
  const tips = new Map<string, JournalBlock>();
  for (const block of segments.flatMap((s) => s.blocks)) {
    const known = tips.get(block.address.strandId);
    if (known === undefined || known.address.sequenceNo < block.address.sequenceNo)
      tips.set(block.address.strandId, block);
  }
  return [...tips.values()].map((b) => ({
    strandId: b.address.strandId,
    sequenceNo: b.address.sequenceNo,
    blockHash: b.blockHash,
  }));
}

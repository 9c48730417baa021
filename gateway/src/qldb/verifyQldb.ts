/**
 * `ledger qldb verify` as a pure function: the strands of one or more exports, an optional digest and
 * the get-block / get-revision answers to fold to it, verified together into one report. Pure.
 */
import { formatAddress, type BlockAddress, type JournalBlock } from './journalBlock';
import {
  checkDigestTip,
  verifyBlockProof,
  verifyRevisionProof,
  type BlockProof,
  type DigestReport,
  type ProofReport,
  type QldbDigest,
  type RevisionProof,
} from './proofs';
import { fail } from './verifyBlock';
import { verifyStrands, type ChainReport, type StrandSegment } from './verifyChain';

/** What to verify. */
export interface QldbVerifyInput {
  readonly segments: readonly StrandSegment[];
  readonly digest?: QldbDigest;
  readonly blocks: readonly { source: string; answer: BlockProof }[];
  readonly revisions: readonly { source: string; answer: RevisionProof }[];
}

/** The report of a verification that passed. */
export interface QldbVerifyReport extends ChainReport {
  readonly ok: true;
  readonly digest?: DigestReport;
  readonly proofs: ProofReport[];
}

function blockIndex(segments: readonly StrandSegment[]): Map<string, JournalBlock> {
  const index = new Map<string, JournalBlock>();
  for (const block of segments.flatMap((s) => s.blocks)) index.set(formatAddress(block.address), block);
  return index;
}

function requireDigest(digest: QldbDigest | undefined, source: string): QldbDigest {
  if (digest === undefined)
    fail(source, '--digest', 'a digest to fold the proof to', 'none', 'a proof needs --digest');
  return digest;
}

function lookup(index: Map<string, JournalBlock>, address: BlockAddress): JournalBlock | undefined {
  return index.get(formatAddress(address));
}

/** Verifies everything given; throws `QldbVerificationError` at the first failure. */
export function verifyQldb(input: QldbVerifyInput): QldbVerifyReport {
  const chain = verifyStrands(input.segments);
  const digest = input.digest === undefined ? undefined : checkDigestTip(input.digest, chain.strands);
  const index = blockIndex(input.segments);
  const proofs = [
    ...input.blocks.map(({ source, answer }) =>
      verifyBlockProof(answer, requireDigest(input.digest, source), lookup(index, answer.address), source),
    ),
    ...input.revisions.map(({ source, answer }) =>
      verifyRevisionProof(
        answer,
        requireDigest(input.digest, source),
        lookup(index, answer.blockAddress),
        source,
      ),
    ),
  ];
  return { ok: true, ...chain, ...(digest === undefined ? {} : { digest }), proofs };
}

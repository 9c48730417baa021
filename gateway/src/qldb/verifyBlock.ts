/**
 * Verification of one Amazon QLDB journal block on its own: what can be recomputed from it is
 * recomputed, and each report says at which level a part was verified. Pure.
 *
 * The rules are those of QLDB's published verifier (aws-samples amazon-qldb-dmv-sample-java,
 * `JournalBlock.verifyBlockHash` and `QldbRevision.verifyRevisionHash`):
 * - a revision's hash is dot(IonHash(metadata), IonHash(data)), or dot(IonHash(metadata), dataHash)
 *   for a redacted revision; a system entry that has only its hash cannot be recomputed;
 * - the Merkle root of all revision hashes, IonHash(transactionInfo) and IonHash(redactionInfo) are
 *   each an element of `entriesHashList`;
 * - `entriesHash` is the Merkle root of `entriesHashList`;
 * - `blockHash` is dot(entriesHash, previousBlockHash).
 */
import { dot, hashToBase64, merkleRoot, sameHash } from './hashes';
import { ionHash } from './ionHash';
import { formatAddress, type JournalBlock, type JournalRevision, type RevisionKind } from './journalBlock';

/** The first thing that did not verify: where, which field, what was expected and what was computed. */
export interface VerificationFailure {
  /** `strandId:sequenceNo` of the block (or the file, for a proof). */
  readonly address: string;
  readonly field: string;
  readonly expected: string;
  readonly computed: string;
  readonly detail: string;
}

/** Thrown with the first failure. */
export class QldbVerificationError extends Error {
  constructor(readonly failure: VerificationFailure) {
    super(
      `${failure.address}: ${failure.field}: ${failure.detail} (expected ${failure.expected}, computed ${failure.computed})`,
    );
  }
}

/**
 * How far a revision was verified.
 * - `recomputed`: its hash recomputed from its metadata and data.
 * - `recomputed-from-data-hash`: redacted; its hash recomputed from its metadata and the published
 *   hash of the removed data.
 * - `in-block`: its hash not recomputable (see `reason`), but bound to the block: it is a leaf of the
 *   revisions Merkle root found in `entriesHashList`.
 */
export type RevisionLevel = 'recomputed' | 'recomputed-from-data-hash' | 'in-block';

/** What was verified of one revision. */
export interface RevisionReport {
  readonly index: number;
  readonly kind: RevisionKind;
  readonly documentId?: string;
  readonly version?: number;
  readonly level: RevisionLevel;
  readonly reason?: string;
}

/**
 * How far `transactionInfo` / `redactionInfo` was verified: `recomputed` (its Ion hash is an element
 * of `entriesHashList`), `not-recomputable` (JSON Lines: Ion types lost) or `absent`.
 */
export type InfoLevel = 'recomputed' | 'not-recomputable' | 'absent';

/** What was verified of one block. */
export interface BlockReport {
  readonly address: string;
  /** Checks that passed, in order: entriesHash, blockHash, revisionsHash, transactionInfo, ... */
  readonly checks: string[];
  readonly transactionInfo: InfoLevel;
  readonly redactionInfo: InfoLevel;
  readonly revisions: RevisionReport[];
}

const JSON_REASON = 'JSON Lines export: Ion types were lost, so the Ion hash cannot be recomputed';

/** Throws {@link QldbVerificationError} with the failure described. */
export function fail(
  address: string,
  field: string,
  expected: string,
  computed: string,
  detail: string,
): never {
  throw new QldbVerificationError({ address, field, expected, computed, detail });
}

function notRecomputable(revision: JournalRevision, ionTyped: boolean): string | undefined {
  if (!ionTyped && revision.kind !== 'hash-only') return JSON_REASON;
  if (revision.kind === 'hash-only') return 'system entry: only its hash is published';
  if (revision.kind === 'deleted')
    return 'deleted: no data, and QLDB does not document the hash of a deleted revision';
  return undefined;
}

/**
 * Recomputes a revision's hash from its metadata and data (or published dataHash). Undefined when the
 * revision carries too little to recompute it.
 */
export function recomputeRevisionHash(revision: JournalRevision): Uint8Array | undefined {
  if (revision.metadata === undefined) return undefined;
  if (revision.data !== undefined) return dot(ionHash(revision.metadata), ionHash(revision.data));
  if (revision.dataHash !== undefined) return dot(ionHash(revision.metadata), revision.dataHash);
  return undefined;
}

/** Verifies one revision's own hash where it can be recomputed; `where` names it in a failure. */
export function verifyRevision(
  revision: JournalRevision,
  index: number,
  ionTyped: boolean,
  where: string,
): RevisionReport {
  const base = {
    index,
    kind: revision.kind,
    ...(revision.documentId === undefined ? {} : { documentId: revision.documentId }),
    ...(revision.version === undefined ? {} : { version: revision.version }),
  };
  const reason = notRecomputable(revision, ionTyped);
  const computed = reason === undefined ? recomputeRevisionHash(revision) : undefined;
  if (computed === undefined)
    return { ...base, level: 'in-block', reason: reason ?? 'too little to recompute' };
  if (!sameHash(computed, revision.hash)) {
    fail(
      where,
      `revisions[${index}].hash`,
      hashToBase64(revision.hash),
      hashToBase64(computed),
      'revision hash',
    );
  }
  return { ...base, level: revision.kind === 'redacted' ? 'recomputed-from-data-hash' : 'recomputed' };
}

function inList(list: readonly Uint8Array[], hash: Uint8Array): boolean {
  return list.some((h) => sameHash(h, hash));
}

function verifyInfo(
  block: JournalBlock,
  name: 'transactionInfo' | 'redactionInfo',
  address: string,
): InfoLevel {
  const value = block[name];
  if (value === undefined) return 'absent';
  if (!block.ionTyped) return 'not-recomputable';
  const computed = ionHash(value);
  if (!inList(block.entriesHashList, computed)) {
    fail(address, name, 'an element of entriesHashList', hashToBase64(computed), `Ion hash of ${name}`);
  }
  return 'recomputed';
}

function verifyRevisions(block: JournalBlock, address: string, checks: string[]): RevisionReport[] {
  const revisions = block.revisions ?? [];
  const reports = revisions.map((r, i) => verifyRevision(r, i, block.ionTyped, address));
  if (revisions.length > 0) {
    const root = merkleRoot(revisions.map((r) => r.hash));
    if (!inList(block.entriesHashList, root)) {
      fail(
        address,
        'revisions',
        'an element of entriesHashList',
        hashToBase64(root),
        'Merkle root of revision hashes',
      );
    }
    checks.push('revisionsHash');
  }
  return reports;
}

/** Verifies everything one block proves about itself; throws {@link QldbVerificationError} at the first failure. */
export function verifyBlock(block: JournalBlock): BlockReport {
  const address = formatAddress(block.address);
  const checks: string[] = [];
  const entriesHash = merkleRoot(block.entriesHashList);
  if (!sameHash(entriesHash, block.entriesHash)) {
    fail(
      address,
      'entriesHash',
      hashToBase64(block.entriesHash),
      hashToBase64(entriesHash),
      'Merkle root of entriesHashList',
    );
  }
  checks.push('entriesHash');
  const blockHash = dot(block.entriesHash, block.previousBlockHash);
  if (!sameHash(blockHash, block.blockHash)) {
    fail(
      address,
      'blockHash',
      hashToBase64(block.blockHash),
      hashToBase64(blockHash),
      'dot(entriesHash, previousBlockHash)',
    );
  }
  checks.push('blockHash');
  const revisions = verifyRevisions(block, address, checks);
  const transactionInfo = verifyInfo(block, 'transactionInfo', address);
  if (transactionInfo === 'recomputed') checks.push('transactionInfo');
  const redactionInfo = verifyInfo(block, 'redactionInfo', address);
  if (redactionInfo === 'recomputed') checks.push('redactionInfo');
  return { address, checks, transactionInfo, redactionInfo, revisions };
}

/**
 * Integrity of a stored index: every seal's `event_hash` recomputes from its fields, every
 * `previous_hash` links to the seal before it (32 zero bytes for sequence 1), and every stored Merkle
 * node (leaf and perfect-subtree parents) recomputes from the seals' leaves (event hash and entry hash,
 * so an edited metadata, submitter or block number shows as a wrong leaf node). A tampered row (an
 * edited payload, event id or hash, a broken link, a replaced node) is reported with the first sequence
 * number it touches and the field that differs.
 *
 * No I/O here: the checks read seals and nodes through {@link IntegritySource}, which a `JournalIndex`
 * satisfies, and report progress through a callback.
 */
import {
  bytesEqual,
  eventHash,
  GENESIS_PREVIOUS_HASH,
  newMerkleAccumulator,
  toHex,
  type MerkleAccumulator,
  type NodeId,
} from '../core';
import type { SealRecord } from '../core/sealRecord';
import { sealLeafHash } from '../core/sealLeaf';

/** The seals the checks read: every field, since the Merkle leaf (format 2) binds them all. */
export type IntegritySeal = SealRecord;

/** Read access to stored seals and Merkle nodes (a `JournalIndex` is one). */
export interface IntegritySource {
  readonly size: number;
  get(sequenceNumber: number): IntegritySeal | undefined;
  /** Optional batched read for the full pass: up to `limit` seals from `first` on, in order. */
  sealsFrom?(first: number, limit: number): IntegritySeal[];
  /** @throws Error when the node is not stored. */
  perfectSubtreeHash(id: NodeId): Uint8Array;
}

/** Which stored field of a sequence number does not verify. */
export type IntegrityField = 'row' | 'sequence_number' | 'event_hash' | 'previous_hash' | 'merkle_node';

/** One thing in the index that does not verify. */
export interface IntegrityFault {
  /** The sequence number whose stored row (or Merkle node over it) is wrong. */
  readonly sequenceNumber: number;
  readonly field: IntegrityField;
  /** What was stored, what was recomputed (human readable). */
  readonly detail: string;
}

/** Options of {@link verifyIndexIntegrity}. */
export interface VerifyIntegrityOptions {
  /** Called every `progressEvery` seals with the number checked so far. */
  readonly onProgress?: (checked: number, size: number) => void;
  readonly progressEvery?: number;
  /** Stop at the first fault (default true); otherwise collect up to `maxFaults`. */
  readonly stopAtFirst?: boolean;
  readonly maxFaults?: number;
}

/** Outcome of {@link verifyIndexIntegrity}. */
export interface IntegrityReport {
  /** Number of seals checked. */
  readonly checked: number;
  readonly faults: readonly IntegrityFault[];
}

/** A fault as one line: `sequence 42: event_hash: stored …, recomputed …`. */
export function describeFault(fault: IntegrityFault): string {
  return `sequence ${fault.sequenceNumber}: ${fault.field}: ${fault.detail}`;
}

/**
 * Checks one seal against its predecessor's event hash: its own hash recomputes and its link holds.
 *
 * @param seal - the stored seal.
 * @param previousEventHash - the stored `event_hash` of the seal before (genesis for sequence 1).
 * @returns the faults of this seal (empty when it verifies).
 */
export function checkSeal(seal: IntegritySeal, previousEventHash: Uint8Array): IntegrityFault[] {
  const faults: IntegrityFault[] = [];
  const seq = seal.sequenceNumber;
  if (!bytesEqual(seal.previousHash, previousEventHash)) {
    faults.push({
      sequenceNumber: seq,
      field: 'previous_hash',
      detail: `stored ${toHex(seal.previousHash)}, event_hash of sequence ${seq - 1} is ${toHex(previousEventHash)}`,
    });
  }
  let recomputed: Uint8Array;
  try {
    recomputed = eventHash({
      sequenceNumber: BigInt(seq),
      eventId: seal.eventId,
      payload: seal.payload,
      previousHash: seal.previousHash,
    });
  } catch (err) {
    faults.push({ sequenceNumber: seq, field: 'row', detail: `cannot be hashed: ${String(err)}` });
    return faults;
  }
  if (!bytesEqual(recomputed, seal.eventHash)) {
    faults.push({
      sequenceNumber: seq,
      field: 'event_hash',
      detail: `stored ${toHex(seal.eventHash)}, recomputed from the seal's fields ${toHex(recomputed)}`,
    });
  }
  return faults;
}

function storedNode(source: IntegritySource, id: NodeId): Uint8Array | undefined {
  try {
    return source.perfectSubtreeHash(id);
  } catch {
    return undefined;
  }
}

/** The covered sequence number a node fault is reported at: the last leaf under the node. */
function nodeFault(id: NodeId, stored: Uint8Array | undefined, want: Uint8Array): IntegrityFault {
  return {
    sequenceNumber: (id.index + 1) * 2 ** id.level,
    field: 'merkle_node',
    detail: `node (level ${id.level}, index ${id.index}) stored ${stored === undefined ? 'missing' : toHex(stored)}, recomputed ${toHex(want)}`,
  };
}

function previousHashOf(source: IntegritySource, seq: number): Uint8Array | undefined {
  return seq === 1 ? GENESIS_PREVIOUS_HASH : source.get(seq - 1)?.eventHash;
}

/**
 * Cheap check of the seals a request touches: each one's hash and link to the seal before, and its
 * stored leaf node. Used on every proof and digest request.
 *
 * @param source - the index.
 * @param sequenceNumbers - sequence numbers in [1, size].
 * @returns the first fault found, or undefined.
 */
export function checkSeals(
  source: IntegritySource,
  sequenceNumbers: readonly number[],
): IntegrityFault | undefined {
  for (const seq of sequenceNumbers) {
    const seal = source.get(seq);
    const previous = previousHashOf(source, seq);
    if (seal === undefined || previous === undefined) {
      const missing = seal === undefined ? seq : seq - 1;
      return { sequenceNumber: missing, field: 'row', detail: 'no stored seal' };
    }
    const fault = checkSeal(seal, previous)[0];
    if (fault !== undefined) return fault;
    const id = { level: 0, index: seq - 1 };
    const want = sealLeafHash(seal);
    const stored = storedNode(source, id);
    if (stored === undefined || !bytesEqual(stored, want)) return nodeFault(id, stored, want);
  }
  return undefined;
}

/** The faults of one stored seal in a full pass: its number, hash, link and the nodes it completes. */
/** Reads seals in order, in batches when the source can. */
function sealReader(source: IntegritySource): (seq: number) => IntegritySeal | undefined {
  const batch = 1000;
  let buffered = new Map<number, IntegritySeal>();
  return (seq) => {
    if (source.sealsFrom === undefined) return source.get(seq);
    if (!buffered.has(seq))
      buffered = new Map(source.sealsFrom(seq, batch).map((s) => [s.sequenceNumber, s]));
    return buffered.get(seq);
  };
}

function checkInPass(
  source: IntegritySource,
  seal: IntegritySeal | undefined,
  seq: number,
  previous: Uint8Array,
  tree: MerkleAccumulator,
): { faults: IntegrityFault[]; eventHash: Uint8Array | undefined } {
  if (seal === undefined) {
    return {
      faults: [{ sequenceNumber: seq, field: 'row', detail: 'no stored seal' }],
      eventHash: undefined,
    };
  }
  const faults: IntegrityFault[] = [];
  if (seal.sequenceNumber !== seq) {
    faults.push({ sequenceNumber: seq, field: 'sequence_number', detail: `stored ${seal.sequenceNumber}` });
  }
  faults.push(...checkSeal(seal, previous));
  for (const node of tree.append(sealLeafHash(seal))) {
    const stored = storedNode(source, node);
    if (stored === undefined || !bytesEqual(stored, node.hash))
      faults.push(nodeFault(node, stored, node.hash));
  }
  return { faults, eventHash: seal.eventHash };
}

function faultLimit(options: Readonly<VerifyIntegrityOptions>): number {
  if (options.stopAtFirst ?? true) return 1;
  return options.maxFaults ?? 100;
}

/**
 * Full check of an index: every seal from 1 to `size` in order, and every stored Merkle node
 * recomputed with an in-memory accumulator over the stored event hashes.
 *
 * @param source - the index.
 * @param options - progress callback and fault limits.
 * @returns the number of seals checked and the faults found (first fault first).
 */
export function verifyIndexIntegrity(
  source: IntegritySource,
  options: Readonly<VerifyIntegrityOptions> = {},
): IntegrityReport {
  const maxFaults = faultLimit(options);
  const every = options.progressEvery ?? 10_000;
  const size = source.size;
  const faults: IntegrityFault[] = [];
  const tree = newMerkleAccumulator({ size: 0, frontier: [] });
  let previous = GENESIS_PREVIOUS_HASH;
  const read = sealReader(source);
  let checked = 0;
  for (let seq = 1; seq <= size && faults.length < maxFaults; seq++) {
    const outcome = checkInPass(source, read(seq), seq, previous, tree);
    checked = seq;
    faults.push(...outcome.faults);
    if (outcome.eventHash === undefined) break;
    previous = outcome.eventHash;
    if (seq % every === 0) options.onProgress?.(seq, size);
  }
  return { checked, faults: faults.slice(0, maxFaults) };
}

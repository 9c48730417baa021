/**
 * Field-by-field comparison of two seals of the same sequence number (the one recomputed from the
 * peer's blocks and the one stored in an index), and of the Merkle nodes an entry completes. No I/O.
 */
import { bytesEqual, toHex, type NodeId } from '../core';
import type { SealRecord } from '../core/sealRecord';

/** One field of one sequence number that differs between the ledger and an index. */
export interface SealDifference {
  readonly sequenceNumber: number;
  /** A seal field (`payload`, `event_hash`, …), `row` (missing on one side) or `merkle_node(l,i)`. */
  readonly field: string;
  /** The value recomputed from the peer's blocks ('' when missing). */
  readonly ledger: string;
  /** The value stored in the index ('' when missing). */
  readonly index: string;
}

type Field = readonly [name: string, value: (seal: SealRecord) => string];

const hex = (bytes: Uint8Array): string => toHex(bytes);

/** The compared fields, in wire names, each rendered as text (bytes as hex). */
const FIELDS: readonly Field[] = [
  ['event_id', (s) => s.eventId],
  ['payload', (s) => hex(s.payload)],
  ['event_hash', (s) => hex(s.eventHash)],
  ['previous_hash', (s) => hex(s.previousHash)],
  ['sealed_timestamp', (s) => String(s.sealedTimestamp)],
  ['block_number', (s) => String(s.blockNumber)],
  ['transaction_id', (s) => s.transactionId],
  ['entry_index', (s) => String(s.entryIndex)],
  ['entry_type', (s) => s.entryType],
  ['veps_signature', (s) => s.vepsSignature],
  ['veps_timestamp', (s) => String(s.vepsTimestamp)],
  ['metadata', (s) => JSON.stringify(Object.fromEntries(Object.entries(s.metadata).sort()))],
  ['submitter_msp_id', (s) => s.submitter.mspId],
  ['submitter_id', (s) => s.submitter.id],
  ['submitter_cert_sha256', (s) => s.submitter.certSha256],
  ['client_cert_sha256', (s) => s.submitter.clientCertSha256],
  ['client_subject', (s) => s.submitter.clientSubject],
];

/**
 * Compares two seals of one sequence number.
 *
 * @param ledger - the seal recomputed from the peer's blocks, or undefined when the ledger has none.
 * @param index - the stored seal, or undefined when the index has none.
 * @returns the differing fields (empty when equal).
 */
export function diffSeals(
  sequenceNumber: number,
  ledger: SealRecord | undefined,
  index: SealRecord | undefined,
): SealDifference[] {
  if (ledger === undefined || index === undefined) {
    if (ledger === index) return [];
    return [
      {
        sequenceNumber,
        field: 'row',
        ledger: ledger === undefined ? '' : `sealed (${ledger.eventId})`,
        index: index === undefined ? '' : `sealed (${index.eventId})`,
      },
    ];
  }
  const differences: SealDifference[] = [];
  for (const [field, value] of FIELDS) {
    const want = value(ledger);
    const got = value(index);
    if (want !== got) differences.push({ sequenceNumber, field, ledger: want, index: got });
  }
  if (ledger.sequenceNumber !== index.sequenceNumber) {
    differences.push({
      sequenceNumber,
      field: 'sequence_number',
      ledger: String(ledger.sequenceNumber),
      index: String(index.sequenceNumber),
    });
  }
  return differences;
}

/**
 * The perfect-subtree nodes whose last leaf is sequence `seq` (the nodes appending it completes):
 * `(0, seq-1)` and `(l, seq/2^l - 1)` for every `l` with `2^l | seq`.
 */
export function nodesCompletedBy(seq: number): NodeId[] {
  const ids: NodeId[] = [];
  for (let level = 0, width = 1; seq % width === 0; level++, width *= 2) {
    ids.push({ level, index: seq / width - 1 });
  }
  return ids;
}

/**
 * Compares the Merkle nodes sequence `seq` completes.
 *
 * @param ledger - node lookup of the tree recomputed from the blocks.
 * @param index - node lookup of the stored index (throws or returns undefined when missing).
 * @returns one difference per node that is missing or different.
 */
export function diffNodes(
  seq: number,
  ledger: (id: NodeId) => Uint8Array | undefined,
  index: (id: NodeId) => Uint8Array | undefined,
): SealDifference[] {
  const differences: SealDifference[] = [];
  for (const id of nodesCompletedBy(seq)) {
    const want = ledger(id);
    const got = index(id);
    if (want !== undefined && got !== undefined && bytesEqual(want, got)) continue;
    if (want === undefined && got === undefined) continue;
    differences.push({
      sequenceNumber: seq,
      field: `merkle_node(${id.level},${id.index})`,
      ledger: want === undefined ? '' : hex(want),
      index: got === undefined ? '' : hex(got),
    });
  }
  return differences;
}

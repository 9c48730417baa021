/**
 * The proof messages in their wire form (`ledger.InclusionProof`, `ledger.ConsistencyProof`), as
 * GetInclusionProof, GetConsistencyProof, GetHistory and StreamEvents answer them: RFC 9162 proofs
 * from the stored Merkle nodes, hashes as lowercase hex.
 */
import {
  consistencyProofFromSource,
  inclusionProofFromSource,
  rootFromSource,
  toHex,
  type TreeHashSource,
} from '../core';
import type { SealRecord } from '../core/sealRecord';
import type { ConsistencyProof } from '../generated/ledger/ConsistencyProof';
import type { InclusionProof } from '../generated/ledger/InclusionProof';

/**
 * The inclusion proof of a seal in the tree of the first `treeSize` entries.
 *
 * @param source - the stored Merkle nodes (the index).
 * @param seal - the sealed entry (its sequence number and event hash).
 * @param treeSize - the tree the proof is against, at least the seal's sequence number.
 * @param rootHash - that tree's root as hex, when the caller already has it (computed otherwise).
 * @returns the `InclusionProof` message.
 */
export function toInclusionProof(
  source: TreeHashSource,
  seal: Pick<SealRecord, 'sequenceNumber' | 'eventHash'>,
  treeSize: number,
  rootHash: string = toHex(rootFromSource(source, treeSize)),
): InclusionProof {
  const seq = seal.sequenceNumber;
  return {
    sequenceNumber: String(seq),
    leafIndex: String(seq - 1),
    treeSize: String(treeSize),
    eventHash: toHex(seal.eventHash),
    hashes: inclusionProofFromSource(source, seq - 1, treeSize).map(toHex),
    rootHash,
  };
}

/**
 * The consistency proof from the tree of the first `firstSize` entries to that of `secondSize`.
 *
 * @param source - the stored Merkle nodes (the index).
 * @param firstSize - the older tree, 1 to `secondSize`.
 * @param secondSize - the newer tree.
 * @returns the `ConsistencyProof` message, with both roots.
 */
export function toConsistencyProof(
  source: TreeHashSource,
  firstSize: number,
  secondSize: number,
): ConsistencyProof {
  return {
    firstSize: String(firstSize),
    secondSize: String(secondSize),
    hashes: consistencyProofFromSource(source, firstSize, secondSize).map(toHex),
    firstRoot: toHex(rootFromSource(source, firstSize)),
    secondRoot: toHex(rootFromSource(source, secondSize)),
  };
}

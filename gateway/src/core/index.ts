/**
 * Public API of the gateway's pure cryptographic core: encodings, the journal's hash chain, RFC 9162
 * Merkle trees and proofs (recursive reference and O(log n) from stored nodes), and signed digests.
 * Nothing here does I/O.
 */
export {
  bytesEqual,
  concatBytes,
  fromHex,
  lp,
  MAX_U32,
  MAX_U64,
  readU64,
  toHex,
  u32,
  u64,
  utf8,
} from './encoding';
export {
  ChainLinkError,
  type ChainLinkField,
  ChainSequenceError,
  CoreError,
  InvalidArgumentError,
  ProofShapeError,
  RootMismatchError,
} from './errors';
export { assertHash, HASH_SIZE, sha256 } from './sha256';
export {
  type ChainEntry,
  type ChainTip,
  encodeEntry,
  eventHash,
  GENESIS_PREVIOUS_HASH,
  isValidChain,
  type SealedChainEntry,
  verifyChain,
} from './hashChain';
export {
  type DecodedEntryRecord,
  type DecodedEventHashPreimage,
  decodeEntryRecord,
  decodeEventHashPreimage,
  ENTRY_RECORD_FIELDS,
  ENTRY_RECORD_PREFIX,
  encodeEntryRecord,
  entryHash,
  type EntryRecordFields,
  journalLeafData,
  journalLeafHash,
  LEAF_VERSION,
} from './entryRecord';
export { EMPTY_ROOT, LEAF_PREFIX, leafHash, NODE_PREFIX, nodeHash } from './merkleHash';
export {
  consistencyProof,
  inclusionProof,
  isValidConsistency,
  isValidInclusion,
  merkleRoot,
  verifyConsistency,
  verifyInclusion,
} from './merkle';
export {
  assembleProof,
  consistencyPlan,
  consistencyProofFromSource,
  foldRange,
  inclusionPlan,
  inclusionProofFromSource,
  type NodeHashLookup,
  type NodeId,
  planNodeIds,
  type ProofPlan,
  rangeNodeIds,
  rootFromSource,
  rootPlan,
  type TreeHashSource,
} from './merkleNodes';
export {
  type MemoryMerkleTree,
  type MerkleAccumulator,
  type MerkleAccumulatorOptions,
  type MerkleNode,
  newMemoryMerkleTree,
  newMerkleAccumulator,
} from './compactMerkleTree';
export {
  assertDigest,
  DIGEST_SIGNING_BYTES_LENGTH,
  DIGEST_SIGNING_PREFIX,
  CHANNEL_DIGEST_SIGNING_PREFIX,
  CHANNEL_NAME_PATTERN,
  channelOfSigningBytes,
  digestSigningBytes,
  type LedgerDigest,
  parseDigestSigningBytes,
  signDigest,
  verifyDigestSignature,
} from './digest';

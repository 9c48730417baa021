/**
 * The two hash functions of an RFC 9162 (§2.1.1) Merkle tree, with their domain-separation prefixes.
 * In the journal's tree the leaf data is an entry's 32-byte event hash.
 */
import { assertHash, sha256 } from './sha256';

/** Domain-separation prefix of a leaf hash: `SHA-256(0x00 || leaf data)`. */
export const LEAF_PREFIX = 0x00;
/** Domain-separation prefix of an interior node hash: `SHA-256(0x01 || left || right)`. */
export const NODE_PREFIX = 0x01;

const LEAF_PREFIX_BYTES = Uint8Array.of(LEAF_PREFIX);
const NODE_PREFIX_BYTES = Uint8Array.of(NODE_PREFIX);

/**
 * Root of the empty tree: SHA-256 of the empty string,
 * e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855 (`printf '' | sha256sum`).
 */
export const EMPTY_ROOT: Uint8Array = sha256();

/**
 * Hashes one leaf: `SHA-256(0x00 || leafData)`.
 *
 * @param leafData - the leaf's data (an event hash in the journal's tree; any bytes in RFC 9162).
 * @returns the 32-byte leaf hash.
 * @throws never.
 */
export function leafHash(leafData: Uint8Array): Uint8Array {
  return sha256(LEAF_PREFIX_BYTES, leafData);
}

/**
 * Hashes an interior node: `SHA-256(0x01 || left || right)`.
 *
 * @param left - hash of the left subtree, 32 bytes.
 * @param right - hash of the right subtree, 32 bytes.
 * @returns the 32-byte node hash.
 * @throws {@link InvalidArgumentError} if `left` or `right` is not 32 bytes.
 */
export function nodeHash(left: Uint8Array, right: Uint8Array): Uint8Array {
  assertHash(left, 'left');
  assertHash(right, 'right');
  return sha256(NODE_PREFIX_BYTES, left, right);
}

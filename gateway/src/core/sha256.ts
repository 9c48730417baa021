/**
 * SHA-256, the only hash function of the journal, the Merkle tree and the digest.
 */
import { createHash } from 'node:crypto';

import { InvalidArgumentError } from './errors';

/** Size in bytes of every hash in the journal and the Merkle tree. */
export const HASH_SIZE = 32;

/**
 * SHA-256 of the concatenation of `parts`.
 *
 * @param parts - byte strings hashed in order, without separators.
 * @returns the 32-byte digest.
 * @throws never.
 */
export function sha256(...parts: readonly Uint8Array[]): Uint8Array {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  const digest = hash.digest();
  return new Uint8Array(digest.buffer, digest.byteOffset, digest.byteLength);
}

/**
 * Checks that `bytes` is a 32-byte hash.
 *
 * @param bytes - the value to check.
 * @param field - name used in the error message.
 * @throws {@link InvalidArgumentError} if `bytes` is not {@link HASH_SIZE} bytes long.
 */
export function assertHash(bytes: Uint8Array, field: string): void {
  if (bytes.length !== HASH_SIZE) {
    throw new InvalidArgumentError(field, `${bytes.length} bytes`, `${HASH_SIZE} bytes`);
  }
}

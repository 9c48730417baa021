/** SHA-256 as lowercase hex, the only hash the chaincode uses. */
import { createHash } from 'node:crypto';

/**
 * Hashes bytes with SHA-256.
 *
 * @param bytes - any bytes.
 * @returns 64 lowercase hex characters.
 */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Ion Hash of one Ion value (the Amazon Ion Hash specification), as QLDB computes the hashes of
 * revision metadata, revision data, `transactionInfo` and `redactionInfo`. Computed by `ion-hash-js`,
 * the library the official QLDB Node.js driver hashes with. Pure.
 */
import { dom, dumpBinary, makeReader } from 'ion-js';
import { cryptoHasherProvider, makeHashReader, type HasherProvider } from 'ion-hash-js';

/** SHA-256, QLDB's hash function. */
export const SHA256_HASHER: HasherProvider = cryptoHasherProvider('sha256');

/**
 * The Ion Hash of the single Ion value encoded in `ion` (Ion binary bytes or Ion text). With
 * `hasher` another hash function (a test vector's identity or MD5 hasher) replaces SHA-256.
 */
export function ionHashOfEncoded(
  ion: Uint8Array | string,
  hasher: HasherProvider = SHA256_HASHER,
): Uint8Array {
  const reader = makeHashReader(makeReader(ion), hasher);
  if (reader.next() === null) throw new Error('Ion hash: no Ion value to hash');
  // Stepping past the value completes its hash.
  reader.next();
  return reader.digest();
}

/** The Ion Hash (SHA-256 unless `hasher` says otherwise) of a parsed Ion value. */
export function ionHash(value: dom.Value, hasher: HasherProvider = SHA256_HASHER): Uint8Array {
  return ionHashOfEncoded(dumpBinary(value), hasher);
}

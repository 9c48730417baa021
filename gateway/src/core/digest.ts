/**
 * Ledger digests: the signed statement "the journal has `treeSize` entries, Merkle root `rootHash`, chain
 * tip `chainTipHash`, up to block `lastBlockNumber`". The last sequence number equals `treeSize`.
 *
 * Canonical signed bytes of the gateway's main channel (97 bytes):
 *
 * ```
 * "ledger-digest-v2\n" (17 ASCII bytes) || u64(treeSize) || rootHash (32) || chainTipHash (32) || u64(lastBlockNumber)
 * ```
 *
 * A digest of any other channel the gateway serves names its channel in the signed bytes, so that it
 * cannot pass for a digest of another channel:
 *
 * ```
 * "ledger-digest-v3\n" (17 ASCII bytes) || u8(length of channel) || channel (ASCII) || u64(treeSize) || rootHash || chainTipHash || u64(lastBlockNumber)
 * ```
 *
 * Signatures are ECDSA P-256 with SHA-256 over those bytes, DER-encoded with a low S, as Fabric
 * identities sign. Signing and verification use node:crypto and no I/O; checking that the certificate
 * belongs to the org (its CA chain, its validity period) is the caller's job.
 */
import {
  createPrivateKey,
  createPublicKey,
  type KeyObject,
  sign,
  verify,
  X509Certificate,
} from 'node:crypto';

import { bytesEqual, concatBytes, readU64, u64 } from './encoding';
import {
  decodeDerSignature,
  decodeP1363Signature,
  encodeDerSignature,
  encodeP1363Signature,
  isCanonicalP256,
  toLowS,
} from './ecdsaSignature';
import { InvalidArgumentError } from './errors';
import { GENESIS_PREVIOUS_HASH } from './hashChain';
import { EMPTY_ROOT } from './merkleHash';
import { assertTreeIndex } from './merkleNodes';
import { assertHash, HASH_SIZE } from './sha256';

/** Domain-separation prefix of the signed bytes (ASCII, ends with a line feed). */
export const DIGEST_SIGNING_PREFIX = 'ledger-digest-v2\n';
const PREFIX_BYTES = new TextEncoder().encode(DIGEST_SIGNING_PREFIX);
/** Length of {@link digestSigningBytes}: 17 + 8 + 32 + 32 + 8 = 97. */
export const DIGEST_SIGNING_BYTES_LENGTH = PREFIX_BYTES.length + 8 + HASH_SIZE + HASH_SIZE + 8;
/** Domain-separation prefix of the signed bytes of a digest that names its channel. */
export const CHANNEL_DIGEST_SIGNING_PREFIX = 'ledger-digest-v3\n';
const CHANNEL_PREFIX_BYTES = new TextEncoder().encode(CHANNEL_DIGEST_SIGNING_PREFIX);
/** A Fabric channel name: lowercase letter first, then lowercase letters, digits, `.` and `-`, at most 249. */
export const CHANNEL_NAME_PATTERN = /^[a-z][a-z0-9.-]{0,248}$/;

/** A ledger digest. */
export interface LedgerDigest {
  /** Number of journal entries (= the last sequence number); a safe integer. */
  readonly treeSize: number;
  /** Merkle root of the first `treeSize` journal leaves (format 2, `entryRecord.ts`; 32 bytes). */
  readonly rootHash: Uint8Array;
  /** Event hash of entry `treeSize`; 32 zero bytes for an empty journal. */
  readonly chainTipHash: Uint8Array;
  /** Number of the Fabric block holding entry `treeSize`, in [0, 2^64 - 1]. */
  readonly lastBlockNumber: bigint;
  /**
   * The channel whose journal this is, when it is not the gateway's main channel (signed, v3 bytes);
   * undefined for the main channel (v2 bytes).
   */
  readonly channel?: string;
}

/**
 * Checks a digest's fields: sizes, ranges, and that an empty journal has the empty root and the
 * all-zero chain tip.
 *
 * @param digest - the digest.
 * @throws {@link InvalidArgumentError} naming the first bad field.
 */
export function assertDigest(digest: LedgerDigest): void {
  assertTreeIndex(digest.treeSize, 'treeSize');
  assertHash(digest.rootHash, 'rootHash');
  assertHash(digest.chainTipHash, 'chainTipHash');
  u64(digest.lastBlockNumber, 'lastBlockNumber');
  if (digest.treeSize === 0 && !bytesEqual(digest.rootHash, EMPTY_ROOT)) {
    throw new InvalidArgumentError('rootHash', 'another hash for treeSize 0', 'the empty root e3b0c442…');
  }
  if (digest.treeSize === 0 && !bytesEqual(digest.chainTipHash, GENESIS_PREVIOUS_HASH)) {
    throw new InvalidArgumentError('chainTipHash', 'another hash for treeSize 0', '32 zero bytes');
  }
  if (digest.channel !== undefined && !CHANNEL_NAME_PATTERN.test(digest.channel)) {
    throw new InvalidArgumentError('channel', JSON.stringify(digest.channel), 'a Fabric channel name');
  }
}

/**
 * The canonical bytes a digest signature covers (see the module comment).
 *
 * @param digest - the digest.
 * @returns 97 bytes (main channel), or 98 + the channel name's length (another channel).
 * @throws {@link InvalidArgumentError} if the digest fails {@link assertDigest}.
 */
export function digestSigningBytes(digest: LedgerDigest): Uint8Array {
  assertDigest(digest);
  const head =
    digest.channel === undefined
      ? [PREFIX_BYTES]
      : [
          CHANNEL_PREFIX_BYTES,
          Uint8Array.of(digest.channel.length),
          new TextEncoder().encode(digest.channel),
        ];
  return concatBytes(
    ...head,
    u64(digest.treeSize, 'treeSize'),
    digest.rootHash,
    digest.chainTipHash,
    u64(digest.lastBlockNumber, 'lastBlockNumber'),
  );
}

/**
 * Parses {@link digestSigningBytes} back into a digest.
 *
 * @param bytes - 97 bytes (v2), or the v3 bytes of a digest naming its channel.
 * @returns the digest (with `channel` for v3 bytes).
 * @throws {@link InvalidArgumentError} on a wrong length or prefix, a tree size above 2^53 - 1, or a
 *   digest failing {@link assertDigest}.
 */
export function parseDigestSigningBytes(bytes: Uint8Array): LedgerDigest {
  const prefix = bytes.subarray(0, PREFIX_BYTES.length);
  const v3 = bytesEqual(prefix, CHANNEL_PREFIX_BYTES);
  const channelLength = v3 ? (bytes[PREFIX_BYTES.length] ?? 0) : 0;
  const length = DIGEST_SIGNING_BYTES_LENGTH + (v3 ? 1 + channelLength : 0);
  if (bytes.length !== length) {
    throw new InvalidArgumentError('bytes', `${bytes.length} bytes`, `${length} bytes`);
  }
  if (!v3 && !bytesEqual(prefix, PREFIX_BYTES)) {
    throw new InvalidArgumentError(
      'bytes',
      'another prefix',
      `${JSON.stringify(DIGEST_SIGNING_PREFIX)} or ${JSON.stringify(CHANNEL_DIGEST_SIGNING_PREFIX)}`,
    );
  }
  let offset = PREFIX_BYTES.length;
  const take = (length: number): Uint8Array => bytes.slice(offset, (offset += length));
  const channel = v3 ? new TextDecoder().decode(take(1 + channelLength).subarray(1)) : undefined;
  const treeSize = readU64(take(8), 'treeSize');
  if (treeSize > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new InvalidArgumentError('treeSize', String(treeSize), 'an integer in [0, 2^53-1]');
  }
  const digest: LedgerDigest = {
    treeSize: Number(treeSize),
    rootHash: take(HASH_SIZE),
    chainTipHash: take(HASH_SIZE),
    lastBlockNumber: readU64(take(8), 'lastBlockNumber'),
    ...(channel === undefined ? {} : { channel }),
  };
  assertDigest(digest);
  return digest;
}

/**
 * The channel named by a digest's signed bytes: that of v3 bytes, undefined for anything else (v2
 * bytes of a main channel, or none).
 *
 * @param bytes - signed bytes as a gateway sent them.
 * @returns the channel, or undefined.
 * @throws {@link InvalidArgumentError} on v3 bytes that do not parse.
 */
export function channelOfSigningBytes(bytes: Uint8Array): string | undefined {
  if (!bytesEqual(bytes.subarray(0, CHANNEL_PREFIX_BYTES.length), CHANNEL_PREFIX_BYTES)) return undefined;
  return parseDigestSigningBytes(bytes).channel;
}

function assertP256(key: KeyObject, field: string): void {
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    const got = `${key.asymmetricKeyType ?? 'unknown'} ${key.asymmetricKeyDetails?.namedCurve ?? ''}`.trim();
    throw new InvalidArgumentError(field, `a ${got} key`, 'an EC P-256 (prime256v1) key');
  }
}

function toPrivateKey(privateKey: KeyObject | string): KeyObject {
  if (typeof privateKey !== 'string') return privateKey;
  try {
    return createPrivateKey(privateKey);
  } catch {
    throw new InvalidArgumentError('privateKey', 'unparsable PEM', 'a PEM private key');
  }
}

/**
 * Signs a digest with ECDSA P-256 / SHA-256, as a Fabric identity signs.
 *
 * @param digest - the digest.
 * @param privateKey - the signer's P-256 private key, as a KeyObject or PEM (PKCS#8 or SEC1).
 * @returns the DER-encoded low-S signature.
 * @throws {@link InvalidArgumentError} if the digest is invalid or the key is not a P-256 private key.
 */
export function signDigest(digest: LedgerDigest, privateKey: KeyObject | string): Uint8Array {
  const message = digestSigningBytes(digest);
  const key = toPrivateKey(privateKey);
  if (key.type !== 'private')
    throw new InvalidArgumentError('privateKey', `a ${key.type} key`, 'a private key');
  assertP256(key, 'privateKey');
  const raw = sign('sha256', message, { key, dsaEncoding: 'ieee-p1363' });
  const signature = decodeP1363Signature(raw);
  if (signature === undefined) throw new InvalidArgumentError('signature', `${raw.length} bytes`, '64 bytes');
  return encodeDerSignature(toLowS(signature));
}

function toPublicKey(certificateOrKey: KeyObject | string): KeyObject {
  if (typeof certificateOrKey !== 'string') return certificateOrKey;
  try {
    return certificateOrKey.includes('CERTIFICATE')
      ? new X509Certificate(certificateOrKey).publicKey
      : createPublicKey(certificateOrKey);
  } catch {
    throw new InvalidArgumentError(
      'certificatePem',
      'unparsable PEM',
      'a PEM X.509 certificate or public key',
    );
  }
}

/**
 * Verifies a digest signature against the signer's certificate. The signature must be strict DER with
 * a low S (as Fabric requires); anything else is rejected.
 *
 * @param digest - the digest.
 * @param signatureDer - the DER-encoded signature.
 * @param certificatePem - the signer's PEM X.509 certificate (a Fabric identity), a PEM public key, or a
 *   public KeyObject.
 * @returns true if the signature is valid for the digest and the key.
 * @throws {@link InvalidArgumentError} if the digest is invalid or the certificate or key is unparsable or
 *   not P-256.
 */
export function verifyDigestSignature(
  digest: LedgerDigest,
  signatureDer: Uint8Array,
  certificatePem: KeyObject | string,
): boolean {
  const message = digestSigningBytes(digest);
  const key = toPublicKey(certificatePem);
  assertP256(key, 'certificatePem');
  const signature = decodeDerSignature(signatureDer);
  if (signature === undefined || !isCanonicalP256(signature)) return false;
  return verify('sha256', message, { key, dsaEncoding: 'ieee-p1363' }, encodeP1363Signature(signature));
}

/**
 * The signed digest in its wire form (`ledger.LedgerDigest`), as GetDigest answers it: the digest's
 * fields, its 97 signed bytes and the signature of the gateway org's identity over them.
 */
import { digestSigningBytes, signDigest, toHex, type LedgerDigest } from '../core';
import type { LedgerDigest as LedgerDigestMessage } from '../generated/ledger/LedgerDigest';

/** The gateway org's identity that signs digests. */
export interface DigestIdentity {
  readonly mspId: string;
  readonly certificatePem: string;
  readonly privateKeyPem: string;
}

/**
 * Signs a digest and converts it to its wire form.
 *
 * @param digest - tree size, root, chain tip and last block; `channel` set for any channel but the
 *   gateway's main one (then signed, v3 bytes).
 * @param identity - the signer.
 * @param channelName - the channel of the journal, for the `channel` field (default: `digest.channel`).
 * @returns the `LedgerDigest` message.
 */
export function toLedgerDigest(
  digest: LedgerDigest,
  identity: DigestIdentity,
  channelName: string = digest.channel ?? '',
): LedgerDigestMessage {
  return {
    treeSize: String(digest.treeSize),
    rootHash: toHex(digest.rootHash),
    chainTipHash: toHex(digest.chainTipHash),
    lastBlockNumber: digest.lastBlockNumber.toString(),
    signature: Buffer.from(signDigest(digest, identity.privateKeyPem)),
    certificatePem: identity.certificatePem,
    mspId: identity.mspId,
    signedBytes: Buffer.from(digestSigningBytes(digest)),
    channel: channelName,
  };
}

/**
 * Assembles a receipt (`receipt.ts`) from what the gateway answered: a seal, its inclusion proof in
 * the tree of a signed digest, and the digest. Pure: the caller fetches, this only shapes the JSON.
 */
import { sealJson } from '../client/ledgerClient';
import type { InclusionProof__Output } from '../generated/ledger/InclusionProof';
import type { KeyWrite__Output } from '../generated/ledger/KeyWrite';
import type { LedgerDigest__Output } from '../generated/ledger/LedgerDigest';
import type { SealedEvent__Output } from '../generated/ledger/SealedEvent';
import { parseReceiptSeal, RECEIPT_FORMAT, receiptBindings } from './receipt';

/** The revision of a record a history receipt is about. */
export interface ReceiptRevision {
  readonly write: KeyWrite__Output;
  /** The record's bytes at that revision ('' when the peer no longer has them, or for a delete). */
  readonly value: Uint8Array;
}

/**
 * Builds a receipt.
 *
 * @param seal - the seal, as GetEvent/SubmitEvent/GetHistory answered it.
 * @param proof - its inclusion proof against `digest.treeSize`.
 * @param digest - the signed digest.
 * @param revision - for a history receipt, the key written and its value.
 * @returns the receipt as a JSON object (write it with `JSON.stringify(receipt, null, 2)`).
 * @throws {@link Error} when the proof is not against the digest's tree size.
 */
export function buildReceipt(
  seal: SealedEvent__Output,
  proof: InclusionProof__Output,
  digest: LedgerDigest__Output,
  revision?: ReceiptRevision,
): Record<string, unknown> {
  if (proof.treeSize !== digest.treeSize || proof.sequenceNumber !== seal.sequenceNumber) {
    throw new Error(
      `receipt: proof of ${proof.sequenceNumber} in ${proof.treeSize}, want ${seal.sequenceNumber} in ${digest.treeSize}`,
    );
  }
  const sealObject = sealJson(seal);
  return {
    format: RECEIPT_FORMAT,
    seal: sealObject,
    proof: { ...proof, hashes: [...proof.hashes] },
    digest: {
      treeSize: digest.treeSize,
      rootHash: digest.rootHash,
      chainTipHash: digest.chainTipHash,
      lastBlockNumber: digest.lastBlockNumber,
      signature: Buffer.from(digest.signature).toString('base64'),
      certificatePem: digest.certificatePem,
      mspId: digest.mspId,
      signedBytes: Buffer.from(digest.signedBytes).toString('base64'),
    },
    bindings: receiptBindings(parseReceiptSeal(sealObject)),
    ...(revision === undefined
      ? {}
      : {
          revision: {
            key: revision.write.key,
            valueHash: revision.write.valueHash,
            deleted: revision.write.deleted,
            value: Buffer.from(revision.value).toString('base64'),
          },
        }),
  };
}

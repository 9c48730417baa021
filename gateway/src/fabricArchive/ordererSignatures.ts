/**
 * The ordering service's signatures on a block and the configuration block it names. The
 * SIGNATURES metadata entry is a `common.Metadata`: its value is a `common.OrdererBlockMetadata`
 * (`last_config.index`: the configuration in force), and each `MetadataSignature` signs
 * `value || signature_header || BlockHeaderBytes(header)` with the key of the `signature_header`'s
 * creator (protoutil / the orderer's block writer). Pure.
 */
import { common } from '@hyperledger/fabric-protos';
import { concatBytes } from '../core';
import { ArchiveVerificationError } from './archiveFailure';
import { blockHeaderBytes } from './blockHashes';
import type { BlockParts } from './blockParts';
import type { ConfigMsp } from './channelMsps';
import { checkSignedBy } from './identityCheck';

/** What the SIGNATURES metadata holds. */
export interface OrdererMetadata {
  /** `last_config.index`, or undefined when the block carries none. */
  readonly lastConfig: number | undefined;
  readonly value: Uint8Array;
  readonly signatures: readonly { readonly header: Uint8Array; readonly signature: Uint8Array }[];
}

/**
 * Decodes the SIGNATURES metadata of a block.
 *
 * @param parts - the decoded block.
 * @returns last config index, value and signatures (none when the entry is empty).
 * @throws ArchiveVerificationError (field `ordererSignature`) when the entry does not decode.
 */
export function ordererMetadata(parts: BlockParts): OrdererMetadata {
  const bytes = parts.metadata[common.BlockMetadataIndex.SIGNATURES];
  if (bytes === undefined || bytes.length === 0) {
    return { lastConfig: undefined, value: new Uint8Array(0), signatures: [] };
  }
  try {
    const metadata = common.Metadata.deserializeBinary(bytes);
    const value = metadata.getValue_asU8();
    const lastConfig =
      value.length === 0
        ? undefined
        : common.OrdererBlockMetadata.deserializeBinary(value).getLastConfig()?.getIndex();
    return {
      lastConfig,
      value,
      signatures: metadata.getSignaturesList().map((s) => ({
        header: s.getSignatureHeader_asU8(),
        signature: s.getSignature_asU8(),
      })),
    };
  } catch (err) {
    throw new ArchiveVerificationError({
      blockNumber: parts.number,
      field: 'ordererSignature',
      detail: `the SIGNATURES metadata does not decode: ${err instanceof Error ? err.message : String(err)}`,
    });
  }
}

/**
 * Checks the orderer signatures of a block: at least one, and every one of them by an identity of
 * an orderer org of `ordererMsps` whose signature verifies.
 *
 * @param parts - the decoded block.
 * @param metadata - its SIGNATURES metadata.
 * @param ordererMsps - the orderer MSPs of the configuration that validates this block.
 * @returns the MSP ids and subjects of the signers.
 * @throws ArchiveVerificationError (field `ordererSignature`) naming the block.
 */
export function checkOrdererSignatures(
  parts: BlockParts,
  metadata: OrdererMetadata,
  ordererMsps: ReadonlyMap<string, ConfigMsp>,
): string[] {
  const fail = (detail: string): never => {
    throw new ArchiveVerificationError({ blockNumber: parts.number, field: 'ordererSignature', detail });
  };
  if (metadata.signatures.length === 0) fail('the block carries no orderer signature');
  const headerBytes = blockHeaderBytes(parts);
  return metadata.signatures.map(({ header, signature }, i) => {
    let creator: Uint8Array;
    try {
      creator = common.SignatureHeader.deserializeBinary(header).getCreator_asU8();
    } catch {
      return fail(`signature ${i}: the signature header does not decode`);
    }
    const signed = concatBytes(metadata.value, header, headerBytes);
    const verdict = checkSignedBy(creator, signed, signature, ordererMsps);
    if (typeof verdict === 'string') return fail(`signature ${i}: ${verdict}`);
    return `${verdict.mspId}: ${verdict.subject}`;
  });
}

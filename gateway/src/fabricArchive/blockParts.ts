/**
 * Decodes a serialized `common.Block` into the parts the archive checks: header fields, envelopes
 * (raw bytes, as hashed and signed) and metadata entries. Pure.
 */
import { common } from '@hyperledger/fabric-protos';
import { ArchiveVerificationError } from './archiveFailure';

/** A decoded block. */
export interface BlockParts {
  readonly number: number;
  readonly previousHash: Uint8Array;
  readonly dataHash: Uint8Array;
  /** `block.data.data`: the serialized envelopes. */
  readonly envelopes: readonly Uint8Array[];
  /** `block.metadata.metadata`, indexed by common.BlockMetadataIndex. */
  readonly metadata: readonly Uint8Array[];
}

/**
 * Decodes a block.
 *
 * @param bytes - a serialized common.Block.
 * @param blockNumber - the number it should have, to name it in an error.
 * @returns its parts.
 * @throws ArchiveVerificationError (field `block`) when the bytes are not a block with a header.
 */
export function blockParts(bytes: Uint8Array, blockNumber: number): BlockParts {
  let block: common.Block;
  try {
    block = common.Block.deserializeBinary(bytes);
  } catch (err) {
    throw new ArchiveVerificationError({
      blockNumber,
      field: 'block',
      detail: `not a common.Block: ${err instanceof Error ? err.message : String(err)}`,
    });
  }
  const header = block.getHeader();
  if (header === undefined) {
    throw new ArchiveVerificationError({ blockNumber, field: 'block', detail: 'the block has no header' });
  }
  return {
    number: header.getNumber(),
    previousHash: header.getPreviousHash_asU8(),
    dataHash: header.getDataHash_asU8(),
    envelopes: block.getData()?.getDataList_asU8() ?? [],
    metadata: block.getMetadata()?.getMetadataList_asU8() ?? [],
  };
}

/**
 * The number a serialized block says it has, without checking anything else.
 *
 * @param bytes - a serialized common.Block.
 * @returns the header's number, or undefined when the bytes do not decode.
 */
export function blockNumberOf(bytes: Uint8Array): number | undefined {
  try {
    return common.Block.deserializeBinary(bytes).getHeader()?.getNumber();
  } catch {
    return undefined;
  }
}

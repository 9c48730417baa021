// Tampered copies of real Fabric blocks, for the archive verifier's negative tests.
import { common } from '@hyperledger/fabric-protos';

/** The block with one byte of its first envelope flipped (its data hash no longer holds). */
export function withFlippedDataByte(blockBytes: Uint8Array): Uint8Array {
  const block = common.Block.deserializeBinary(blockBytes);
  const data = block.getData();
  const first = data?.getDataList_asU8()[0];
  if (data === undefined || first === undefined) throw new Error('the block has no envelope');
  const changed = Uint8Array.from(first);
  const at = Math.floor(changed.length / 2);
  changed[at] = (changed[at] ?? 0) ^ 0x01;
  data.setDataList([changed, ...data.getDataList_asU8().slice(1)]);
  return block.serializeBinary();
}

/** The block with the last byte of its first orderer signature changed (still DER, no longer valid). */
export function withWrongOrdererSignature(blockBytes: Uint8Array): Uint8Array {
  const block = common.Block.deserializeBinary(blockBytes);
  const metadata = block.getMetadata();
  const entries = metadata?.getMetadataList_asU8() ?? [];
  const signaturesEntry = entries[common.BlockMetadataIndex.SIGNATURES];
  if (metadata === undefined || signaturesEntry === undefined) throw new Error('the block has no signatures');
  const signatures = common.Metadata.deserializeBinary(signaturesEntry);
  const first = signatures.getSignaturesList()[0];
  if (first === undefined) throw new Error('the block has no orderer signature');
  const signature = Uint8Array.from(first.getSignature_asU8());
  signature[signature.length - 1] = (signature[signature.length - 1] ?? 0) ^ 0x01;
  first.setSignature(signature);
  const replaced = [...entries];
  replaced[common.BlockMetadataIndex.SIGNATURES] = signatures.serializeBinary();
  metadata.setMetadataList(replaced);
  return block.serializeBinary();
}

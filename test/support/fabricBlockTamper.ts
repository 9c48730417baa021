// Tampered copies of real Fabric blocks, for the archive verifier's negative tests.
import { common, peer } from '@hyperledger/fabric-protos';

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

/** The block with its TRANSACTIONS_FILTER metadata replaced (empty: a block as the orderer cut it). */
export function withValidationFlags(blockBytes: Uint8Array, flags: readonly number[]): Uint8Array {
  const block = common.Block.deserializeBinary(blockBytes);
  const metadata = block.getMetadata();
  if (metadata === undefined) throw new Error('the block has no metadata');
  const replaced = [...metadata.getMetadataList_asU8()];
  replaced[common.BlockMetadataIndex.TRANSACTIONS_FILTER] = Uint8Array.from(flags);
  metadata.setMetadataList(replaced);
  return block.serializeBinary();
}

/** The block with another previous hash in its header. */
export function withPreviousHash(blockBytes: Uint8Array, previousHash: Uint8Array): Uint8Array {
  const block = common.Block.deserializeBinary(blockBytes);
  block.getHeader()?.setPreviousHash(previousHash);
  return block.serializeBinary();
}

/** Replaces envelope `index` of the block (its data hash then no longer holds: for the transaction checks). */
export function withEnvelope(blockBytes: Uint8Array, index: number, envelope: Uint8Array): Uint8Array {
  const block = common.Block.deserializeBinary(blockBytes);
  const data = block.getData();
  if (data === undefined) throw new Error('the block has no data');
  const list = [...data.getDataList_asU8()];
  list[index] = envelope;
  data.setDataList(list);
  return block.serializeBinary();
}

/** The envelope with the last byte of its signature changed. */
export function envelopeWithWrongSignature(envelopeBytes: Uint8Array): Uint8Array {
  const envelope = common.Envelope.deserializeBinary(envelopeBytes);
  const signature = Uint8Array.from(envelope.getSignature_asU8());
  signature[signature.length - 1] = (signature[signature.length - 1] ?? 0) ^ 0x01;
  envelope.setSignature(signature);
  return envelope.serializeBinary();
}

/** The endorser transaction envelope with the last byte of its first endorsement's signature changed. */
export function envelopeWithWrongEndorsement(envelopeBytes: Uint8Array): Uint8Array {
  const envelope = common.Envelope.deserializeBinary(envelopeBytes);
  const payload = common.Payload.deserializeBinary(envelope.getPayload_asU8());
  const transaction = peer.Transaction.deserializeBinary(payload.getData_asU8());
  const action = transaction.getActionsList()[0];
  if (action === undefined) throw new Error('the transaction has no action');
  const actionPayload = peer.ChaincodeActionPayload.deserializeBinary(action.getPayload_asU8());
  const endorsement = actionPayload.getAction()?.getEndorsementsList()[0];
  if (endorsement === undefined) throw new Error('the transaction has no endorsement');
  const signature = Uint8Array.from(endorsement.getSignature_asU8());
  signature[signature.length - 1] = (signature[signature.length - 1] ?? 0) ^ 0x01;
  endorsement.setSignature(signature);
  action.setPayload(actionPayload.serializeBinary());
  payload.setData(transaction.serializeBinary());
  envelope.setPayload(payload.serializeBinary());
  return envelope.serializeBinary();
}

/** The block with another number and previous hash in its header. */
export function withNumber(blockBytes: Uint8Array, number: number, previousHash: Uint8Array): Uint8Array {
  const block = common.Block.deserializeBinary(blockBytes);
  block.getHeader()?.setNumber(number);
  block.getHeader()?.setPreviousHash(previousHash);
  return block.serializeBinary();
}

// Submits a transaction whose proposal carries a timestamp in the past, to test rules that depend on
// the transaction time (e.g. proposal expiry) without waiting: the proposal built by fabric-gateway is
// decoded, its channel-header timestamp moved, re-encoded and signed again with the same key.
import { common, gateway as gatewayProtos, peer } from '@hyperledger/fabric-protos';
import type { Contract, Gateway, Signer } from '@hyperledger/fabric-gateway';
import type { SubmitResult } from '@gateway/fabric/awaitCommitted';

/**
 * Submits `transactionName` with a proposal timestamp `ageMs` in the past.
 *
 * @returns The result and where the transaction was committed (for readers on other peers).
 * @throws Error when the transaction is committed invalid.
 */
export async function submitBackdated(
  gateway: Gateway,
  contract: Contract,
  signer: Signer,
  transactionName: string,
  args: readonly string[],
  ageMs: number,
): Promise<SubmitResult> {
  const unsigned = contract.newProposal(transactionName, { arguments: [...args] });
  const proposed = gatewayProtos.ProposedTransaction.deserializeBinary(unsigned.getBytes());
  const signedProposal = proposed.getProposal();
  if (signedProposal === undefined) throw new Error('proposal bytes without a signed proposal');
  const proposal = peer.Proposal.deserializeBinary(signedProposal.getProposalBytes_asU8());
  const header = common.Header.deserializeBinary(proposal.getHeader_asU8());
  const channelHeader = common.ChannelHeader.deserializeBinary(header.getChannelHeader_asU8());
  const timestamp = channelHeader.getTimestamp();
  if (timestamp === undefined) throw new Error('proposal without a timestamp');
  timestamp.setSeconds(timestamp.getSeconds() - Math.round(ageMs / 1000));
  channelHeader.setTimestamp(timestamp);
  header.setChannelHeader(channelHeader.serializeBinary());
  proposal.setHeader(header.serializeBinary());
  const proposalBytes = proposal.serializeBinary();
  signedProposal.setProposalBytes(proposalBytes);
  proposed.setProposal(signedProposal);
  // The signer is connect.ts's loadSigner: it hashes the whole message itself (the gateway connects
  // with hash.none), so it gets the proposal bytes, not a digest.
  const backdated = gateway.newSignedProposal(proposed.serializeBinary(), await signer(proposalBytes));
  const transaction = await backdated.endorse();
  const commit = await transaction.submit();
  const status = await commit.getStatus();
  if (!status.successful)
    throw new Error(`backdated transaction ${status.transactionId} failed with code ${status.code}`);
  return {
    result: transaction.getResult(),
    commit: { transactionId: status.transactionId, blockNumber: status.blockNumber },
  };
}

// How each peer validated one transaction: the validation code (TxValidationCode) it recorded in its
// own copy of the block, valid or not. Every peer validates every transaction on its own, so a test of
// endorsement policies asks each of them; once a peer answers it has committed that block, so reads
// on it see the transaction's effect (or its absence).
import type { Network } from '@hyperledger/fabric-gateway';
import {
  findTransaction,
  statusName,
  type CommittedTransaction,
  type FilteredBlockView,
} from '@gateway/fabric/awaitCommitted';

/** The parts of a connection to one org's peer that {@link validationCodeOn} uses. */
export type PeerBlocks = Pick<Network, 'newFilteredBlockEventsRequest'>;

/**
 * The validation code the peer behind `network` recorded for a transaction, once it has committed the
 * transaction's block (read from its filtered block stream from that block on: no polling).
 *
 * @param network - a connection to the peer asked.
 * @param commit - the transaction and its block (a `Commit`'s status has both).
 * @param timeoutMs - how long to wait for the peer to commit the block.
 * @returns the TxValidationCode (0 is VALID, 10 ENDORSEMENT_POLICY_FAILURE).
 * @throws Error when the block does not hold the transaction, or the stream ends or times out first.
 */
export async function validationCodeOn(
  network: PeerBlocks,
  commit: CommittedTransaction,
  timeoutMs = 30_000,
): Promise<number> {
  const what = `transaction ${commit.transactionId} (block ${commit.blockNumber.toString()})`;
  const blocks: AsyncIterable<FilteredBlockView> & { close(): void } = await network
    .newFilteredBlockEventsRequest({ startBlock: commit.blockNumber })
    .getEvents({ deadline: Date.now() + timeoutMs });
  try {
    for await (const block of blocks) {
      const found = findTransaction(block, commit.transactionId);
      if (found !== 'absent') return found;
      if (BigInt(block.getNumber()) >= commit.blockNumber) {
        throw new Error(`the peer's block ${String(block.getNumber())} does not hold ${what}`);
      }
    }
    throw new Error(`the peer's block stream ended before ${what}`);
  } finally {
    blocks.close();
  }
}

/**
 * The validation code each peer recorded, by the peer's org, as names (`VALID`,
 * `ENDORSEMENT_POLICY_FAILURE`…), so that a failed expectation says what happened.
 *
 * @param peers - a connection to each org's peer, by MSP id.
 * @param commit - the transaction.
 * @returns e.g. `{ Org1MSP: 'VALID', Org2MSP: 'VALID', Org3MSP: 'VALID' }`.
 */
export async function validationOnEveryPeer(
  peers: Readonly<Record<string, PeerBlocks>>,
  commit: CommittedTransaction,
): Promise<Record<string, string>> {
  const entries = await Promise.all(
    Object.entries(peers).map(
      async ([msp, network]) => [msp, statusName(await validationCodeOn(network, commit))] as const,
    ),
  );
  return Object.fromEntries(entries);
}

// Helpers for integration suites: the layout of the network that scripts/test-integration.sh started,
// connections as its users, and ids unique to one test run.
import * as crypto from 'node:crypto';
import type { Contract, Network } from '@hyperledger/fabric-gateway';
import { submitCommitted, type SubmitResult } from '@gateway/fabric/awaitCommitted';
import { connectAs, type FabricConnection } from '@gateway/fabric/connect';
import { networkLayout, type NetworkLayout, type PeerOrg, orgLayout } from '@gateway/fabric/networkLayout';

export const layout: NetworkLayout = networkLayout();

/** A connection to `org`'s peer as `user`; the caller closes it. */
export function connectUser(org: PeerOrg, user: string): FabricConnection {
  return connectAs({ org: orgLayout(layout, org), user });
}

/** An id no other test run has used: `<prefix>-<random>`. */
export function uniqueId(prefix: string): string {
  return `${prefix}-${crypto.randomBytes(6).toString('hex')}`;
}

/** UTF-8 text of a transaction result. */
export function text(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('utf8');
}

/** One user's session on one org's peer: the channel (to wait on that peer) and the `ledger` contract. */
export interface LedgerSession {
  readonly network: Network;
  readonly contract: Contract;
  close(): void;
}

/** Opens a {@link LedgerSession} on `org`'s peer as `user`; the caller closes it. */
export function openLedger(org: PeerOrg, user: string): LedgerSession {
  const connection = connectUser(org, user);
  const network = connection.gateway.getNetwork(layout.channelName);
  return {
    network,
    contract: network.getContract(layout.chaincodeName),
    close: () => {
      connection.close();
    },
  };
}

/**
 * `contract.submitTransaction(name, ...args)` that also returns where the write was committed.
 * `submitTransaction` returns once the submitting org's peer has committed; another org's peer may
 * still be a block behind, so a test that next asks that peer (to read, or to endorse) first waits with
 * `awaitCommitted(thatPeersNetwork, result.commit)`.
 */
export function submitWrite(contract: Contract, name: string, ...args: string[]): Promise<SubmitResult> {
  return submitCommitted(contract, name, { arguments: args });
}

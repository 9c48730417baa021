/**
 * How an import command reaches the network: as an org's user, to its peer, the `ledger` chaincode of
 * the `ledger` channel (network layout from NETWORK_RUN_DIR and NETWORK_PORT_BASE). Tests pass a fake.
 */
import { connectAs } from '../fabric/connect';
import { networkLayout, type PeerOrg, orgLayout } from '../fabric/networkLayout';
import { newFabricImportSink } from './fabricImportSink';
import type { SubmitImportBatch } from './importLoop';

/** Opens a connection that submits import batches; `close()` ends it. */
export interface ImportConnector {
  (org: PeerOrg, user: string): { submit: SubmitImportBatch; close(): void };
}

/** Connects as the org's user to its peer, the `ledger` chaincode of the `ledger` channel. */
export const peerImportConnector: ImportConnector = (org, user) => {
  const layout = networkLayout();
  const connection = connectAs({ org: orgLayout(layout, org), user });
  const contract = connection.gateway.getNetwork(layout.channelName).getContract(layout.chaincodeName);
  return {
    submit: newFabricImportSink(contract),
    close: () => {
      connection.close();
    },
  };
};

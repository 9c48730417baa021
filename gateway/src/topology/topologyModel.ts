/**
 * The network topology (network/topology.json): what runs where. Plain data, validated by
 * {@link parseTopology} in ./parseTopology.
 */

/** A Fabric CA: where its API and operations endpoint listen. */
export interface CaNode {
  readonly host: string;
  readonly port: number;
  readonly operationsPort: number;
}

/** One Raft orderer. */
export interface OrdererNode {
  readonly name: string;
  readonly host: string;
  /** Client and cluster port (one listener). */
  readonly port: number;
  /** Channel participation API (osnadmin). */
  readonly adminPort: number;
  readonly operationsPort: number;
}

/** One peer of a member org. */
export interface PeerNode {
  /** Name within the org, e.g. `peer0`; the peer's host name is `<name>.<org domain>`. */
  readonly name: string;
  readonly host: string;
  readonly port: number;
  readonly chaincodePort: number;
  readonly operationsPort: number;
}

/** The org's ledger gateway (gRPC service ledger.ImmutableLedger). */
export interface GatewayNode {
  readonly host: string;
  readonly port: number;
  readonly metricsPort: number;
}

/** The orderer organization. */
export interface OrdererOrgTopology {
  readonly name: string;
  readonly mspId: string;
  readonly domain: string;
  readonly ca: CaNode;
  readonly orderers: readonly OrdererNode[];
}

/** A member organization: its CA, peers (the first is its anchor peer) and gateway. */
export interface MemberOrgTopology {
  /** Short name (lower case): folders, process names, `--org` arguments. */
  readonly name: string;
  readonly mspId: string;
  readonly domain: string;
  readonly ca: CaNode;
  readonly peers: readonly PeerNode[];
  readonly gateway: GatewayNode;
  /** When true, `npm start` also runs `ledger gov watch` as this org's admin. */
  readonly governanceWatch?: boolean;
}

/** The chaincode-as-a-service server. */
export interface ChaincodeServer {
  readonly name: string;
  readonly host: string;
  readonly port: number;
}

/** A channel and the member orgs of its genesis block (others join by vote). */
export interface ChannelTopology {
  readonly name: string;
  readonly founders: readonly string[];
}

/** The port bases the file's ports are written for (see {@link shiftTopologyPorts}). */
export interface TopologyPortBases {
  readonly networkBase: number;
  readonly gatewayBase: number;
  readonly gatewayMetricsBase: number;
}

/** The whole topology. */
export interface Topology {
  readonly ports: TopologyPortBases;
  readonly ordererOrg: OrdererOrgTopology;
  readonly orgs: readonly MemberOrgTopology[];
  readonly chaincode: ChaincodeServer;
  readonly channels: readonly ChannelTopology[];
}

/** The id of a peer in scripts and process names: `<peer>-<org>`, e.g. `peer1-org1`. */
export function peerId(peerName: string, orgName: string): string {
  return `${peerName}-${orgName}`;
}

import * as path from 'node:path';
import { loadTopology } from '../topology/loadTopology';
import type { MemberOrgTopology } from '../topology/topologyModel';
import { peerId } from '../topology/topologyShell';

/** A member org of the topology, by its short name (network/topology.json `orgs[].name`). */
export type PeerOrg = string;

/** The member orgs of the topology file in use (NETWORK_TOPOLOGY, default network/topology.json). */
export function peerOrgNames(env: NodeJS.ProcessEnv = process.env): readonly PeerOrg[] {
  return loadTopology(env).orgs.map((o) => o.name);
}

/** Channel name when CHANNEL_NAME is not set. */
export const DEFAULT_CHANNEL_NAME = 'ledger';

/** Chaincode name when CHAINCODE_NAME is not set. */
export const DEFAULT_CHAINCODE_NAME = 'ledger';

/** One peer of an org: where it listens and the host name its TLS certificate carries. */
export interface PeerLayout {
  /** `<peer>-<org>`, also its process and PID file name. */
  readonly id: string;
  readonly endpoint: string;
  readonly hostAlias: string;
}

/** Where one org's things are: MSP id, peer endpoint, CA endpoint and credential folders. */
export interface OrgLayout {
  readonly org: PeerOrg;
  readonly mspId: string;
  /** The org's first peer (its anchor peer). */
  readonly peerEndpoint: string;
  readonly peerHostAlias: string;
  /** Every peer of the org, the first one first: a client fails over between them. */
  readonly peers: readonly PeerLayout[];
  readonly caUrl: string;
  readonly caName: string;
  /** The org's ledger gateway (host:port of the topology, moved by GATEWAY_PORT). */
  readonly gatewayEndpoint: string;
  /** The org gateway's metrics port (topology, moved by LEDGER_GATEWAY_METRICS_PORT). */
  readonly gatewayMetricsPort: number;
  /** PEM file of the org's root CA (also the TLS root of its peer and CA). */
  readonly caCertPath: string;
  /** Folder with users/<name>/msp/{signcerts/cert.pem,keystore/key.pem}. */
  readonly usersDir: string;
  /** The org gateway's TLS server certificate from the org's CA: cert.pem, key.pem, ca.pem. */
  readonly gatewayTlsDir: string;
}

/** Paths and ports of the network started by scripts/network-up.sh (mirrors network/env.sh). */
export interface NetworkLayout {
  readonly runDir: string;
  readonly cryptoDir: string;
  readonly channelName: string;
  readonly chaincodeName: string;
  /** The orgs in the channel's genesis block (the topology's `channels[0].founders`). */
  readonly foundingOrgs: readonly PeerOrg[];
  /** The member orgs of the topology, by short name; {@link orgLayout} looks one up. */
  readonly orgs: Readonly<Record<PeerOrg, OrgLayout>>;
}

/**
 * The org a command acts as when none is given: the topology's first founding org.
 * @throws Error when the topology names no founding org.
 */
export function defaultOrg(layout: NetworkLayout): PeerOrg {
  const first = layout.foundingOrgs[0];
  if (first === undefined) throw new Error('the topology has no founding org (channels[0].founders)');
  return first;
}

/**
 * The layout of one org.
 * @throws Error naming the topology's orgs when `org` is not one of them.
 */
export function orgLayout(layout: NetworkLayout, org: PeerOrg): OrgLayout {
  const found = Object.prototype.hasOwnProperty.call(layout.orgs, org) ? layout.orgs[org] : undefined;
  if (found === undefined) {
    throw new Error(`unknown org '${org}': the topology's orgs are ${Object.keys(layout.orgs).join(', ')}`);
  }
  return found;
}

/**
 * Computes the layout from the topology file (NETWORK_TOPOLOGY, default network/topology.json) and the
 * settings network/env.sh reads: NETWORK_RUN_DIR, NETWORK_PORT_BASE, CHANNEL_NAME, CHAINCODE_NAME.
 * @throws TopologyError when the topology file is invalid.
 */
export function networkLayout(
  env: NodeJS.ProcessEnv = process.env,
  repoDir = defaultRepoDir(),
): NetworkLayout {
  const runDir = env.NETWORK_RUN_DIR ?? path.join(repoDir, 'network', '.run');
  if (env.NETWORK_PORT_BASE !== undefined) portBase(env.NETWORK_PORT_BASE);
  const topology = loadTopology(env, repoDir);
  const cryptoDir = path.join(runDir, 'crypto');
  const mainChannel = topology.channels[0] ?? { name: DEFAULT_CHANNEL_NAME, founders: [] };
  const orgs: Record<PeerOrg, OrgLayout> = {};
  for (const org of topology.orgs) orgs[org.name] = orgLayoutOf(org, cryptoDir);
  return {
    runDir,
    cryptoDir,
    channelName: env.CHANNEL_NAME ?? mainChannel.name,
    chaincodeName: env.CHAINCODE_NAME ?? topology.chaincode.name,
    foundingOrgs: mainChannel.founders,
    orgs,
  };
}

function orgLayoutOf(org: MemberOrgTopology, cryptoDir: string): OrgLayout {
  const peers = org.peers.map((p) => ({
    id: peerId(p.name, org.name),
    endpoint: `${p.host}:${p.port}`,
    hostAlias: `${p.name}.${org.domain}`,
  }));
  const first = peers[0];
  if (first === undefined) throw new Error(`org ${org.name} has no peer in the topology`);
  return {
    org: org.name,
    mspId: org.mspId,
    peerEndpoint: first.endpoint,
    peerHostAlias: first.hostAlias,
    peers,
    gatewayEndpoint: `${org.gateway.host}:${org.gateway.port}`,
    gatewayMetricsPort: org.gateway.metricsPort,
    caUrl: `https://${org.ca.host}:${org.ca.port}`,
    caName: `ca-${org.name}`,
    caCertPath: path.join(cryptoDir, org.name, 'ca', 'ca-cert.pem'),
    usersDir: path.join(cryptoDir, org.name, 'users'),
    gatewayTlsDir: path.join(cryptoDir, org.name, 'gateway', 'tls'),
  };
}

function portBase(value: string): number {
  const base = Number(value);
  if (!Number.isInteger(base) || base < 1024 || base > 65000) {
    throw new Error(`NETWORK_PORT_BASE: got '${value}', want an integer from 1024 to 65000`);
  }
  return base;
}

function defaultRepoDir(): string {
  // gateway/src/fabric or gateway/dist/fabric → repository root.
  return path.resolve(__dirname, '..', '..', '..');
}

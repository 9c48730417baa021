import * as path from 'node:path';

/** The orgs of the native test network that have peers. */
export const PEER_ORGS = ['org1', 'org2', 'org3'] as const;

/** An org of the native test network that has a peer. */
export type PeerOrg = (typeof PEER_ORGS)[number];

/** Port block of the network when NETWORK_PORT_BASE is not set (as in network/env.sh). */
export const DEFAULT_NETWORK_PORT_BASE = 7000;

/** Channel name when CHANNEL_NAME is not set. */
export const DEFAULT_CHANNEL_NAME = 'ledger';

/** Chaincode name when CHAINCODE_NAME is not set. */
export const DEFAULT_CHAINCODE_NAME = 'ledger';

/** Where one org's things are: MSP id, peer endpoint, CA endpoint and credential folders. */
export interface OrgLayout {
  readonly org: PeerOrg;
  readonly mspId: string;
  readonly peerEndpoint: string;
  readonly peerHostAlias: string;
  readonly caUrl: string;
  readonly caName: string;
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
  readonly orgs: Readonly<Record<PeerOrg, OrgLayout>>;
}

const ORG_INDEX: Readonly<Record<PeerOrg, number>> = { org1: 1, org2: 2, org3: 3 };

/**
 * Computes the layout from the same settings network/env.sh reads: NETWORK_RUN_DIR, NETWORK_PORT_BASE,
 * CHANNEL_NAME, CHAINCODE_NAME.
 */
export function networkLayout(
  env: NodeJS.ProcessEnv = process.env,
  repoDir = defaultRepoDir(),
): NetworkLayout {
  const runDir = env.NETWORK_RUN_DIR ?? path.join(repoDir, 'network', '.run');
  const base = portBase(env.NETWORK_PORT_BASE);
  const cryptoDir = path.join(runDir, 'crypto');
  const orgLayout = (org: PeerOrg): OrgLayout => {
    const n = ORG_INDEX[org];
    return {
      org,
      mspId: `Org${n}MSP`,
      peerEndpoint: `127.0.0.1:${base + 100 * n}`,
      peerHostAlias: `peer0.org${n}.example.com`,
      caUrl: `https://127.0.0.1:${base + 400 + 10 * n}`,
      caName: `ca-${org}`,
      caCertPath: path.join(cryptoDir, org, 'ca', 'ca-cert.pem'),
      usersDir: path.join(cryptoDir, org, 'users'),
      gatewayTlsDir: path.join(cryptoDir, org, 'gateway', 'tls'),
    };
  };
  return {
    runDir,
    cryptoDir,
    channelName: env.CHANNEL_NAME ?? DEFAULT_CHANNEL_NAME,
    chaincodeName: env.CHAINCODE_NAME ?? DEFAULT_CHAINCODE_NAME,
    orgs: { org1: orgLayout('org1'), org2: orgLayout('org2'), org3: orgLayout('org3') },
  };
}

function portBase(value: string | undefined): number {
  const base = value === undefined ? DEFAULT_NETWORK_PORT_BASE : Number(value);
  if (!Number.isInteger(base) || base < 1024 || base > 65000) {
    throw new Error(`NETWORK_PORT_BASE: got '${value ?? ''}', want an integer from 1024 to 65000`);
  }
  return base;
}

function defaultRepoDir(): string {
  // gateway/src/fabric or gateway/dist/fabric → repository root.
  return path.resolve(__dirname, '..', '..', '..');
}

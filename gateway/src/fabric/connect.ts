import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import {
  connect,
  hash,
  type ConnectOptions,
  type Gateway,
  type Identity,
  type Signer,
} from '@hyperledger/fabric-gateway';
import { decodeP1363Signature, encodeDerSignature, toLowS } from '../core/ecdsaSignature';
import type { OrgLayout } from './networkLayout';

/** Per-stage deadlines of Fabric gateway calls, in milliseconds. */
export interface StageDeadlines {
  readonly evaluateMs: number;
  readonly endorseMs: number;
  readonly submitMs: number;
  readonly commitStatusMs: number;
}

/** Defaults: evaluate 5 s, endorse 15 s, submit 5 s, commit status 60 s. */
export const DEFAULT_STAGE_DEADLINES: StageDeadlines = {
  evaluateMs: 5_000,
  endorseMs: 15_000,
  submitMs: 5_000,
  commitStatusMs: 60_000,
};

/** Options of {@link connectAs}. */
export interface ConnectAsOptions {
  /** The org whose peer is dialled and whose user signs. */
  readonly org: OrgLayout;
  /** Folder name under the org's users/ (e.g. teller1, admin). */
  readonly user: string;
  /** The user's MSP folder, when not `<org.usersDir>/<user>/msp`. */
  readonly mspDir?: string;
  readonly deadlines?: StageDeadlines;
}

/** A connected Fabric gateway and the gRPC client under it; close() closes both. */
export interface FabricConnection {
  readonly gateway: Gateway;
  readonly client: grpc.Client;
  readonly identity: Identity;
  close(): void;
}

/**
 * Opens a TLS gRPC connection to the org's peer and a fabric-gateway session as one of its users.
 * @throws Error when the user's credentials are missing.
 */
export function connectAs(options: Readonly<ConnectAsOptions>): FabricConnection {
  const { org } = options;
  const client = newPeerClient(org);
  const mspDir = options.mspDir ?? path.join(org.usersDir, options.user, 'msp');
  const identity = loadIdentity(org.mspId, mspDir);
  const d = options.deadlines ?? DEFAULT_STAGE_DEADLINES;
  const connectOptions: ConnectOptions = {
    client,
    identity,
    signer: loadSigner(mspDir),
    // The signer hashes (natively) itself: see loadSigner.
    hash: hash.none,
    evaluateOptions: () => ({ deadline: Date.now() + d.evaluateMs }),
    endorseOptions: () => ({ deadline: Date.now() + d.endorseMs }),
    submitOptions: () => ({ deadline: Date.now() + d.submitMs }),
    commitStatusOptions: () => ({ deadline: Date.now() + d.commitStatusMs }),
  };
  const gateway = connect(connectOptions);
  return {
    gateway,
    client,
    identity,
    close: () => {
      gateway.close();
      client.close();
    },
  };
}

/**
 * A gRPC client for the org's peers, TLS with the org's CA as root. With several peers it dials them
 * as one channel (gRPC's pick_first over their addresses, the first peer first): when the peer in use
 * dies (or stops answering keepalive pings), the next call reconnects to another one, and back when that
 * one dies. The server certificate must name one of the org's peers (its host name in the topology,
 * `<peer>.<org domain>`).
 */
export function newPeerClient(org: OrgLayout): grpc.Client {
  const tlsRoot = fs.readFileSync(org.caCertPath);
  const peerNames = new Set(org.peers.map((p) => p.hostAlias));
  const credentials = grpc.credentials.createSsl(tlsRoot, null, null, {
    checkServerIdentity: (_host, certificate) => peerIdentityError(certificate, peerNames),
  });
  return new grpc.Client(peerTarget(org), credentials, {
    'grpc.ssl_target_name_override': org.peerHostAlias,
    'grpc.max_receive_message_length': 64 * 1024 * 1024,
    'grpc.enable_channelz': 0,
    // Reconnect quickly to the next peer: the default backoff starts at 1 s and grows to 120 s.
    'grpc.initial_reconnect_backoff_ms': 250,
    'grpc.max_reconnect_backoff_ms': 2_000,
    // A peer cut off by the network (no reset, packets dropped) is noticed by a ping that gets no answer,
    // and the channel moves to the next peer; without it a call or the block event stream waits on the
    // dead connection for as long as TCP retransmits (minutes). A peer refuses pings more often than
    // its keepalive.minInterval (60 s by default): 65 s leaves a margin for network jitter.
    'grpc.keepalive_time_ms': 65_000,
    'grpc.keepalive_timeout_ms': 20_000,
    'grpc.keepalive_permit_without_calls': 1,
  });
}

/**
 * The gRPC target of the org's peers: the single endpoint, or `ipv4:a:p,b:q` (gRPC's static address
 * list) when the org has several peers and every host is an IPv4 address.
 */
export function peerTarget(org: Pick<OrgLayout, 'peerEndpoint' | 'peers'>): string {
  const endpoints = org.peers.map((p) => p.endpoint);
  if (endpoints.length <= 1) return org.peerEndpoint;
  const ipv4 = /^\d{1,3}(\.\d{1,3}){3}:\d{1,5}$/;
  return endpoints.every((e) => ipv4.test(e)) ? `ipv4:${endpoints.join(',')}` : org.peerEndpoint;
}

/**
 * Undefined when the certificate names (DNS subject alternative name) one of `peerNames`, else the
 * error gRPC reports for the connection.
 */
export function peerIdentityError(
  certificate: { readonly subjectaltname?: string },
  peerNames: ReadonlySet<string>,
): Error | undefined {
  const names = (certificate.subjectaltname ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry.startsWith('DNS:'))
    .map((entry) => entry.slice('DNS:'.length));
  if (names.some((name) => peerNames.has(name))) return undefined;
  return new Error(
    `the peer's TLS certificate names ${names.join(', ') || 'no host'}, none of the org's peers (${[...peerNames].join(', ')})`,
  );
}

/**
 * The X.509 identity in <mspDir>/signcerts/cert.pem.
 * @throws Error when the certificate file is missing.
 */
export function loadIdentity(mspId: string, mspDir: string): Identity {
  const credentials = readFileOrExplain(path.join(mspDir, 'signcerts', 'cert.pem'));
  return { mspId, credentials };
}

/**
 * A signer from the private key in <mspDir>/keystore (key.pem, or the only file there). It signs the
 * whole message with Node's native ECDSA (SHA-256), low-S DER as Fabric requires, so connect with
 * `hash: hash.none` (Node cannot sign a digest that is already hashed). The library's own signer
 * signs in JavaScript: about 4 % of the gateway's CPU at 1,000 events/s, profiled, for three
 * signatures per journal transaction (proposal, transaction, commit status request).
 * @throws Error when no key is found.
 */
export function loadSigner(mspDir: string): Signer {
  const keyDir = path.join(mspDir, 'keystore');
  const files = fs.existsSync(keyDir) ? fs.readdirSync(keyDir).sort() : [];
  const keyFile = files.includes('key.pem') ? 'key.pem' : files[0];
  if (keyFile === undefined) {
    throw new Error(`no private key in ${keyDir}: enroll the user first (npm run network:up)`);
  }
  const privateKey = crypto.createPrivateKey(fs.readFileSync(path.join(keyDir, keyFile)));
  return newNativeSigner(privateKey);
}

/**
 * A Fabric signer over whole messages: SHA-256 and ECDSA P-256 in OpenSSL, low-S DER signature.
 *
 * @param privateKey - a P-256 private key.
 * @returns the signer (use with `hash: hash.none`).
 */
export function newNativeSigner(privateKey: crypto.KeyObject): Signer {
  return (message) => {
    const raw = crypto.sign('sha256', message, { key: privateKey, dsaEncoding: 'ieee-p1363' });
    const signature = decodeP1363Signature(raw);
    if (signature === undefined) throw new Error('OpenSSL returned a malformed P-256 signature');
    return Promise.resolve(encodeDerSignature(toLowS(signature)));
  };
}

function readFileOrExplain(file: string): Uint8Array {
  if (!fs.existsSync(file)) {
    throw new Error(`missing ${file}: is the network up (npm run network:up) and the user enrolled?`);
  }
  return fs.readFileSync(file);
}

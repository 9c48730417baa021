import { listenersOf } from './parseTopology';
import type { MemberOrgTopology, PeerNode, Topology } from './topologyModel';

/** What `ledger org prepare <name>` asks for; unset fields are derived (see {@link planOrgEntry}). */
export interface OrgRequest {
  readonly name: string;
  readonly mspId?: string;
  readonly domain?: string;
  readonly host?: string;
  readonly peers?: number;
}

/** A request that cannot be planned; `flag` names the argument at fault (`name`, `--msp-id`, …). */
export class OrgRequestError extends Error {
  override readonly name = 'OrgRequestError';
  constructor(
    readonly flag: string,
    problem: string,
  ) {
    super(`${flag}: ${problem}`);
  }
}

/** Most peers one org's port block holds (3 ports each below the CA's offset). */
export const MAX_PEERS = 16;
/** Offset of the CA's port pair in an org's port block. */
export const CA_OFFSET = 90;
/** Size of one org's port block. */
export const BLOCK_SIZE = 100;
/** Blocks tried: 1..9 after the network base (the next 1000 ports belong to another port base). */
export const MAX_BLOCK = 9;
/** Gateway ports tried: gatewayBase + 0..99 (with the metrics port at gatewayMetricsBase + the same). */
export const MAX_GATEWAY_OFFSET = 99;

const NAME = /^[a-z][a-z0-9]{0,30}$/;
const MSP_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
const DOMAIN = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$/;
const HOST = /^[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?$/;

/** The MSP id derived from an org name: first letter upper case, then `MSP` (`acme` → `AcmeMSP`). */
export function derivedMspId(name: string): string {
  return `${name.charAt(0).toUpperCase()}${name.slice(1)}MSP`;
}

/**
 * The topology entry of a new member org, from the topology it joins (its file ports, before any port
 * base shift) and the request:
 * - MSP id `--msp-id`, else {@link derivedMspId}; domain `--domain`, else `<name>.example.com`; every
 *   node on `--host`, else 127.0.0.1; `--peers` peers (default 1) named peer0, peer1, ….
 * - Ports: the org's block is `B = networkBase + 100·k` for the smallest k in 1..9 such that no
 *   listener of the topology (any host) has a port in B..B+99; peer i listens on B+3i (chaincode
 *   B+3i+1, operations B+3i+2), the CA on B+90 (operations B+91). The gateway takes the smallest
 *   g in 0..99 such that neither gatewayBase+g nor gatewayMetricsBase+g is a listener's port.
 *
 * @throws OrgRequestError naming the flag: an invalid name, MSP id, domain, host or peer count; a name,
 *   MSP id or domain already used by an org of the topology; no free port block or gateway port.
 */
export function planOrgEntry(topology: Topology, request: Readonly<OrgRequest>): MemberOrgTopology {
  const { name, mspId, domain, host, peers: peerCount } = completed(request);
  checkUnused(topology, name, mspId, domain);
  const used = new Set(listenersOf(topology).map((l) => l.port));
  const block = freeBlock(topology.ports.networkBase, used);
  const gateway = freeGatewayOffset(topology.ports, used);
  const peers: PeerNode[] = Array.from({ length: peerCount }, (_, i) => ({
    name: `peer${i}`,
    host,
    port: block + 3 * i,
    chaincodePort: block + 3 * i + 1,
    operationsPort: block + 3 * i + 2,
  }));
  return {
    name,
    mspId,
    domain,
    ca: { host, port: block + CA_OFFSET, operationsPort: block + CA_OFFSET + 1 },
    peers,
    gateway: {
      host,
      port: topology.ports.gatewayBase + gateway,
      metricsPort: topology.ports.gatewayMetricsBase + gateway,
    },
  };
}

/** The request with its defaults, each field checked. */
function completed(request: Readonly<OrgRequest>): Required<OrgRequest> {
  const { name } = request;
  const check = (flag: string, value: string, pattern: RegExp, want: string): string => {
    if (!pattern.test(value)) throw new OrgRequestError(flag, `got ${JSON.stringify(value)}, want ${want}`);
    return value;
  };
  check('name', name, NAME, 'lower-case letters and digits starting with a letter (at most 31)');
  const peers = request.peers ?? 1;
  if (!Number.isInteger(peers) || peers < 1 || peers > MAX_PEERS) {
    throw new OrgRequestError('--peers', `got ${String(peers)}, want 1 to ${MAX_PEERS}`);
  }
  return {
    name,
    mspId: check('--msp-id', request.mspId ?? derivedMspId(name), MSP_ID, 'letters, digits, . _ -'),
    domain: check('--domain', request.domain ?? `${name}.example.com`, DOMAIN, 'a lower-case DNS name'),
    host: check('--host', request.host ?? '127.0.0.1', HOST, 'an IPv4 address or DNS name'),
    peers,
  };
}

/** Refuses a name, MSP id or domain an org of the topology (orderer org included) already has. */
function checkUnused(topology: Topology, name: string, mspId: string, domain: string): void {
  const orgs = [topology.ordererOrg, ...topology.orgs];
  if (orgs.some((o) => o.name === name)) {
    throw new OrgRequestError('name', `"${name}" is already an org of the topology`);
  }
  const byMsp = orgs.find((o) => o.mspId === mspId);
  if (byMsp !== undefined) {
    throw new OrgRequestError('--msp-id', `"${mspId}" is already the MSP id of ${byMsp.name}`);
  }
  const byDomain = orgs.find((o) => o.domain === domain);
  if (byDomain !== undefined) {
    throw new OrgRequestError('--domain', `"${domain}" is already the domain of ${byDomain.name}`);
  }
}

/**
 * Compares an org already in the topology with a new request for the same name: every flag given must
 * match the entry (a rerun of `ledger org prepare` with the same arguments is no change).
 *
 * @returns one error per flag that differs (none when the request matches).
 */
export function requestMismatches(
  existing: Readonly<MemberOrgTopology>,
  request: Readonly<OrgRequest>,
): OrgRequestError[] {
  const problems: OrgRequestError[] = [];
  const differs = (flag: string, wanted: string | number | undefined, have: string | number): void => {
    if (wanted !== undefined && wanted !== have) {
      problems.push(
        new OrgRequestError(
          flag,
          `${existing.name} was prepared with ${String(have)}, got ${String(wanted)}`,
        ),
      );
    }
  };
  differs('--msp-id', request.mspId, existing.mspId);
  differs('--domain', request.domain, existing.domain);
  differs('--host', request.host, existing.peers[0]?.host ?? existing.ca.host);
  differs('--peers', request.peers, existing.peers.length);
  return problems;
}

function freeBlock(networkBase: number, used: ReadonlySet<number>): number {
  for (let k = 1; k <= MAX_BLOCK; k++) {
    const start = networkBase + BLOCK_SIZE * k;
    if (start + BLOCK_SIZE - 1 > 65535) break;
    let free = true;
    for (let port = start; port < start + BLOCK_SIZE && free; port++) free = !used.has(port);
    if (free) return start;
  }
  throw new OrgRequestError(
    'name',
    `no free port block: every block networkBase + 100·k (k = 1..${MAX_BLOCK}) of the topology has a listener`,
  );
}

function freeGatewayOffset(ports: Readonly<Topology['ports']>, used: ReadonlySet<number>): number {
  for (let g = 0; g <= MAX_GATEWAY_OFFSET; g++) {
    const port = ports.gatewayBase + g;
    const metrics = ports.gatewayMetricsBase + g;
    if (port > 65535 || metrics > 65535) break;
    if (!used.has(port) && !used.has(metrics)) return g;
  }
  throw new OrgRequestError(
    'name',
    `no free gateway port: gatewayBase + 0..${MAX_GATEWAY_OFFSET} (or the metrics port beside it) are all in use`,
  );
}

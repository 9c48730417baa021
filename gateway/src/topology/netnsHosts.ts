/**
 * The multi-host mode (`NETWORK_HOSTS=netns`, docs/topology.md "Each organization on its own host"):
 * every orderer, every peer, every member org (its CA and gateway), the orderer org's CA and the
 * chaincode server get a Linux network namespace ("host") of their own, with one address of a /24
 * range; the topology's hosts become those addresses. An org's hosts (its own and its peers') form its
 * group, which a partition cuts off together. Pure: this computes the plan; network/netns.sh makes the namespaces.
 */
import { TopologyError } from './parseTopology';
import { peerId, type Topology } from './topologyModel';

/** How the nodes are placed: all on 127.0.0.1 (the file's hosts), or one namespace per host. */
export type HostsMode = 'local' | 'netns';

/** One namespace of the plan ("host"): its name, address, veth end in the root namespace and processes. */
export interface NetnsHost {
  /** Namespace name, `<prefix>-<role>` (e.g. `lg150-org1`). */
  readonly namespace: string;
  /** Its address in {@link NetnsPlan.subnet}. */
  readonly address: string;
  /** The veth end in the root namespace, enslaved to the bridge (taking it down cuts the host off). */
  readonly hostVeth: string;
  /** The process names (PID file names) that run in it. */
  readonly processes: readonly string[];
  /** The machine room it belongs to: the member org's name, the orderer's name, the orderer org's, `chaincode`. */
  readonly group: string;
}

/** The namespaces, bridge and addresses of one network in netns mode. */
export interface NetnsPlan {
  /** Prefix of every name this network makes: `lg<third octet>`. */
  readonly prefix: string;
  /** The /24 range, e.g. `198.18.150.0/24`. */
  readonly subnet: string;
  /** The bridge in the root namespace and its address (the first of the range). */
  readonly bridge: string;
  readonly bridgeAddress: string;
  readonly hosts: readonly NetnsHost[];
}

/** The range every netns network takes its /24 from (RFC 2544 benchmarking range, not routed). */
export const NETNS_RANGE = '198.18.0.0/16';

/** The first address of the orderers and of the member orgs in a /24 (see {@link netnsPlan}). */
const ORDERER_FIRST = 10;
const ORG_FIRST = 50;
/** Addresses per member org: its own (CA, gateway), then one per peer. */
const ORG_BLOCK = 10;
const LAST_HOST = 254;

/**
 * The hosts mode of the environment: NETWORK_HOSTS unset, empty or `local` is local, `netns` is netns.
 * @throws TopologyError naming NETWORK_HOSTS for any other value.
 */
export function hostsModeOf(env: NodeJS.ProcessEnv, file: string): HostsMode {
  const raw = env.NETWORK_HOSTS;
  if (raw === undefined || raw === '' || raw === 'local') return 'local';
  if (raw === 'netns') return 'netns';
  throw new TopologyError(file, 'hosts', `environment NETWORK_HOSTS=${raw}: want "local" or "netns"`);
}

/**
 * The netns plan of a topology whose ports are already moved to the base in use. The third octet of
 * 198.18.X.0/24 and the name prefix `lgX` are (network port base / 100) mod 256, so networks on different
 * port bases (the CI integration network on 9000, the faults one on 11000, the hosts one on 13000) never
 * share a name or an address. In the /24: .1 the bridge, .2 the chaincode server, .3 the orderer org's
 * CA, .10 onwards the orderers in file order, and from .50 a block of ten addresses per member org in
 * file order: .50 org 1 (CA and gateway), .51 its first peer, .52 its second, …; .60 org 2, … (fragments
 * of orgs added at run time come last, so no address moves). Namespaces: `<prefix>-cc-<chaincode>`,
 * `<prefix>-<orderer org>`, `<prefix>-<orderer>`, `<prefix>-<org>`, `<prefix>-<peer>-<org>`.
 *
 * @throws TopologyError when the topology has too many orderers or orgs for the /24, or two names clash.
 */
export function netnsPlan(topology: Topology, file: string): NetnsPlan {
  const octet = Math.floor(topology.ports.networkBase / 100) % 256;
  const prefix = `lg${octet}`;
  const net = `198.18.${octet}`;
  const { ordererOrg, orgs } = topology;
  if (ordererOrg.orderers.length > ORG_FIRST - ORDERER_FIRST) {
    throw new TopologyError(
      file,
      'ordererOrg.orderers',
      `netns mode places at most ${ORG_FIRST - ORDERER_FIRST} orderers`,
    );
  }
  const maxOrgs = Math.floor((LAST_HOST + 1 - ORG_FIRST) / ORG_BLOCK);
  if (orgs.length > maxOrgs) {
    throw new TopologyError(file, 'orgs', `netns mode places at most ${maxOrgs} member orgs`);
  }
  const hosts: NetnsHost[] = [];
  const add = (role: string, last: number, group: string, processes: readonly string[]): void => {
    hosts.push({
      namespace: `${prefix}-${role}`,
      address: `${net}.${last}`,
      hostVeth: `${prefix}v${last}`,
      processes,
      group,
    });
  };
  add(`cc-${topology.chaincode.name}`, 2, 'chaincode', [`chaincode-${topology.chaincode.name}`]);
  add(ordererOrg.name, 3, ordererOrg.name, [`ca-${ordererOrg.name}`]);
  ordererOrg.orderers.forEach((o, i) => {
    add(o.name, ORDERER_FIRST + i, o.name, [o.name]);
  });
  orgs.forEach((o, i) => {
    const first = ORG_FIRST + ORG_BLOCK * i;
    if (o.peers.length > ORG_BLOCK - 1) {
      throw new TopologyError(
        file,
        `orgs[${i}].peers`,
        `netns mode places at most ${ORG_BLOCK - 1} peers per org`,
      );
    }
    add(o.name, first, o.name, [`ca-${o.name}`, `gateway-${o.name}`, `gov-watch-${o.name}`]);
    o.peers.forEach((p, j) => {
      const id = peerId(p.name, o.name);
      add(id, first + 1 + j, o.name, [id]);
    });
  });
  const seen = new Set<string>();
  for (const h of hosts) {
    if (seen.has(h.namespace)) {
      throw new TopologyError(
        file,
        'hosts',
        `netns mode: two hosts would both be namespace ${h.namespace} (rename an org or orderer)`,
      );
    }
    seen.add(h.namespace);
  }
  return { prefix, subnet: `${net}.0/24`, bridge: `${prefix}br`, bridgeAddress: `${net}.1`, hosts };
}

/**
 * The topology with every node's host replaced by the address of its namespace in `plan` (CAs, orderers,
 * peers, gateways, chaincode server); ports and everything else unchanged.
 */
export function withNetnsHosts(topology: Topology, plan: NetnsPlan): Topology {
  const addressOf = (process: string): string => {
    const found = plan.hosts.find((h) => h.processes.includes(process));
    if (found === undefined) throw new Error(`netns plan has no host for ${process}`);
    return found.address;
  };
  const { ordererOrg } = topology;
  return {
    ...topology,
    ordererOrg: {
      ...ordererOrg,
      ca: { ...ordererOrg.ca, host: addressOf(`ca-${ordererOrg.name}`) },
      orderers: ordererOrg.orderers.map((o) => ({ ...o, host: addressOf(o.name) })),
    },
    orgs: topology.orgs.map((o) => {
      const host = addressOf(`ca-${o.name}`);
      return {
        ...o,
        ca: { ...o.ca, host },
        peers: o.peers.map((p) => ({ ...p, host: addressOf(peerId(p.name, o.name)) })),
        gateway: { ...o.gateway, host },
      };
    }),
    chaincode: { ...topology.chaincode, host: addressOf(`chaincode-${topology.chaincode.name}`) },
  };
}

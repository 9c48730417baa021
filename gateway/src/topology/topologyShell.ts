import type { NetnsPlan } from './netnsHosts';
import { peerId, type Topology } from './topologyModel';

/**
 * The topology as bash declarations for network/env.sh. Org-keyed maps: `ORG_MSP`, `ORG_DOMAIN`,
 * `CA_HOST`, `CA_PORT`, `CA_OPS_PORT` (orderer org included), `ORG_PEERS` (space-separated peer ids),
 * `PEER_HOST`/`PEER_PORT`/`PEER_CC_PORT`/`PEER_OPS_PORT` (the org's first peer, its anchor peer),
 * `GATEWAY_HOST`/`GATEWAY_NODE_PORT`/`GATEWAY_METRICS_PORT`. Peer-keyed maps, by peer id
 * `<peer>-<org>` (also its process name): `NODE_ORG`, `NODE_NAME`, `NODE_HOST`, `NODE_PORT`,
 * `NODE_CC_PORT`, `NODE_OPS_PORT`. Orderer-keyed: `ORDERER_HOST`, `ORDERER_PORT`, `ORDERER_ADMIN_PORT`,
 * `ORDERER_OPS_PORT`. Lists: `ORDERER_ORG`, `ORDERERS`, `TOPOLOGY_ORGS` (member orgs in file order),
 * `FOUNDING_ORGS` (the first channel's founders), `GOV_WATCH_ORGS` (orgs with `governanceWatch`). Scalars: `TOPOLOGY_CHANNEL`, `TOPOLOGY_CHAINCODE`,
 * `CHAINCODE_HOST`, `TOPOLOGY_CHAINCODE_PORT`, `TOPOLOGY_NETWORK_BASE` (the network port base in use).
 *
 * The hosts mode (docs/topology.md): `NETWORK_HOSTS_MODE` (`local` or `netns`); with a netns plan also
 * `NETNS_PREFIX`, `NETNS_SUBNET`, `NETNS_BRIDGE`, `NETNS_BRIDGE_ADDRESS`, `NETNS_NAMES` (list),
 * `NETNS_ADDRESS`, `NETNS_VETH` and `NETNS_GROUP` (by namespace) and `PROCESS_NETNS` (namespace by process name); these
 * are empty in local mode.
 *
 * Every value is single-quoted, so nothing in the file can run as shell code.
 */
export function topologyShell(topology: Topology, plan?: NetnsPlan): string {
  const lines: string[] = [
    '# Generated from the topology file by gateway/src/cli/topologyEnv.ts: do not edit.',
  ];
  const list = (name: string, values: readonly string[]): void => {
    lines.push(`${name}=(${values.map(quote).join(' ')})`);
  };
  const map = (name: string, entries: readonly (readonly [string, string | number])[]): void => {
    const body = entries.map(([k, v]) => `[${quote(k)}]=${quote(String(v))}`).join(' ');
    lines.push(`declare -gA ${name}=(${body})`);
  };
  const scalar = (name: string, value: string | number): void => {
    lines.push(`${name}=${quote(String(value))}`);
  };
  const { ordererOrg, orgs } = topology;
  const allOrgs = [ordererOrg, ...orgs];
  const channel = topology.channels[0];
  scalar('TOPOLOGY_NETWORK_BASE', topology.ports.networkBase);
  scalar('ORDERER_ORG', ordererOrg.name);
  list(
    'ORDERERS',
    ordererOrg.orderers.map((o) => o.name),
  );
  list(
    'TOPOLOGY_ORGS',
    orgs.map((o) => o.name),
  );
  list('FOUNDING_ORGS', channel?.founders ?? []);
  list(
    'GOV_WATCH_ORGS',
    orgs.filter((o) => o.governanceWatch === true).map((o) => o.name),
  );
  scalar('TOPOLOGY_CHANNEL', channel?.name ?? '');
  scalar('TOPOLOGY_CHAINCODE', topology.chaincode.name);
  scalar('CHAINCODE_HOST', topology.chaincode.host);
  scalar('TOPOLOGY_CHAINCODE_PORT', topology.chaincode.port);
  map(
    'ORG_MSP',
    allOrgs.map((o) => [o.name, o.mspId]),
  );
  map(
    'ORG_DOMAIN',
    allOrgs.map((o) => [o.name, o.domain]),
  );
  map(
    'CA_HOST',
    allOrgs.map((o) => [o.name, o.ca.host]),
  );
  map(
    'CA_PORT',
    allOrgs.map((o) => [o.name, o.ca.port]),
  );
  map(
    'CA_OPS_PORT',
    allOrgs.map((o) => [o.name, o.ca.operationsPort]),
  );
  map(
    'ORDERER_HOST',
    ordererOrg.orderers.map((o) => [o.name, o.host]),
  );
  map(
    'ORDERER_PORT',
    ordererOrg.orderers.map((o) => [o.name, o.port]),
  );
  map(
    'ORDERER_ADMIN_PORT',
    ordererOrg.orderers.map((o) => [o.name, o.adminPort]),
  );
  map(
    'ORDERER_OPS_PORT',
    ordererOrg.orderers.map((o) => [o.name, o.operationsPort]),
  );
  map(
    'ORG_PEERS',
    orgs.map((o) => [o.name, o.peers.map((p) => peerId(p.name, o.name)).join(' ')]),
  );
  const anchors = orgs.flatMap((o) => (o.peers[0] === undefined ? [] : [[o.name, o.peers[0]] as const]));
  map(
    'PEER_HOST',
    anchors.map(([org, p]) => [org, p.host]),
  );
  map(
    'PEER_PORT',
    anchors.map(([org, p]) => [org, p.port]),
  );
  map(
    'PEER_CC_PORT',
    anchors.map(([org, p]) => [org, p.chaincodePort]),
  );
  map(
    'PEER_OPS_PORT',
    anchors.map(([org, p]) => [org, p.operationsPort]),
  );
  const peers = orgs.flatMap((o) => o.peers.map((p) => ({ id: peerId(p.name, o.name), org: o.name, p })));
  map(
    'NODE_ORG',
    peers.map((x) => [x.id, x.org]),
  );
  map(
    'NODE_NAME',
    peers.map((x) => [x.id, x.p.name]),
  );
  map(
    'NODE_HOST',
    peers.map((x) => [x.id, x.p.host]),
  );
  map(
    'NODE_PORT',
    peers.map((x) => [x.id, x.p.port]),
  );
  map(
    'NODE_CC_PORT',
    peers.map((x) => [x.id, x.p.chaincodePort]),
  );
  map(
    'NODE_OPS_PORT',
    peers.map((x) => [x.id, x.p.operationsPort]),
  );
  map(
    'GATEWAY_HOST',
    orgs.map((o) => [o.name, o.gateway.host]),
  );
  map(
    'GATEWAY_NODE_PORT',
    orgs.map((o) => [o.name, o.gateway.port]),
  );
  map(
    'GATEWAY_METRICS_PORT',
    orgs.map((o) => [o.name, o.gateway.metricsPort]),
  );
  lines.push(...netnsLines(plan));
  return `${lines.join('\n')}\n`;
}

/** The hosts-mode declarations of {@link topologyShell} (empty values in local mode). */
function netnsLines(plan: NetnsPlan | undefined): string[] {
  const p: NetnsPlan = plan ?? { prefix: '', subnet: '', bridge: '', bridgeAddress: '', hosts: [] };
  const { hosts } = p;
  const scalar = (name: string, value: string): string => `${name}=${quote(value)}`;
  const map = (name: string, entries: readonly (readonly [string, string])[]): string =>
    `declare -gA ${name}=(${entries.map(([k, v]) => `[${quote(k)}]=${quote(v)}`).join(' ')})`;
  return [
    scalar('NETWORK_HOSTS_MODE', plan === undefined ? 'local' : 'netns'),
    scalar('NETNS_PREFIX', p.prefix),
    scalar('NETNS_SUBNET', p.subnet),
    scalar('NETNS_BRIDGE', p.bridge),
    scalar('NETNS_BRIDGE_ADDRESS', p.bridgeAddress),
    `NETNS_NAMES=(${hosts.map((h) => quote(h.namespace)).join(' ')})`,
    map(
      'NETNS_ADDRESS',
      hosts.map((h) => [h.namespace, h.address]),
    ),
    map(
      'NETNS_VETH',
      hosts.map((h) => [h.namespace, h.hostVeth]),
    ),
    map(
      'NETNS_GROUP',
      hosts.map((h) => [h.namespace, h.group]),
    ),
    map(
      'PROCESS_NETNS',
      hosts.flatMap((h) => h.processes.map((name) => [name, h.namespace] as const)),
    ),
  ];
}

export { peerId } from './topologyModel';

function quote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

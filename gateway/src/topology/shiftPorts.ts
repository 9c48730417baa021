import type { GatewayNode, Topology, TopologyPortBases } from './topologyModel';

/**
 * The topology with its ports moved to other bases: every network port (orderers, peers, CAs,
 * chaincode server) by `networkBase - topology.ports.networkBase`, every gateway port by
 * `gatewayBase - topology.ports.gatewayBase` and every gateway metrics port by
 * `gatewayMetricsBase - topology.ports.gatewayMetricsBase`. A base left undefined keeps the file's ports.
 * This is how several networks (npm start, the tests) run side by side from one file.
 *
 * @throws RangeError when a shifted port leaves 1..65535.
 */
export function shiftTopologyPorts(topology: Topology, bases: Partial<TopologyPortBases>): Topology {
  const dn = (bases.networkBase ?? topology.ports.networkBase) - topology.ports.networkBase;
  const dg = (bases.gatewayBase ?? topology.ports.gatewayBase) - topology.ports.gatewayBase;
  const dm =
    (bases.gatewayMetricsBase ?? topology.ports.gatewayMetricsBase) - topology.ports.gatewayMetricsBase;
  const n = (port: number): number => moved(port, dn);
  const gateway = (g: GatewayNode): GatewayNode => ({
    ...g,
    port: moved(g.port, dg),
    metricsPort: moved(g.metricsPort, dm),
  });
  return {
    ...topology,
    ports: {
      networkBase: topology.ports.networkBase + dn,
      gatewayBase: topology.ports.gatewayBase + dg,
      gatewayMetricsBase: topology.ports.gatewayMetricsBase + dm,
    },
    ordererOrg: {
      ...topology.ordererOrg,
      ca: {
        ...topology.ordererOrg.ca,
        port: n(topology.ordererOrg.ca.port),
        operationsPort: n(topology.ordererOrg.ca.operationsPort),
      },
      orderers: topology.ordererOrg.orderers.map((o) => ({
        ...o,
        port: n(o.port),
        adminPort: n(o.adminPort),
        operationsPort: n(o.operationsPort),
      })),
    },
    orgs: topology.orgs.map((org) => ({
      ...org,
      ca: { ...org.ca, port: n(org.ca.port), operationsPort: n(org.ca.operationsPort) },
      peers: org.peers.map((p) => ({
        ...p,
        port: n(p.port),
        chaincodePort: n(p.chaincodePort),
        operationsPort: n(p.operationsPort),
      })),
      gateway: gateway(org.gateway),
    })),
    chaincode: { ...topology.chaincode, port: n(topology.chaincode.port) },
    channels: topology.channels,
  };
}

function moved(port: number, delta: number): number {
  const to = port + delta;
  if (!Number.isInteger(to) || to < 1 || to > 65535) {
    throw new RangeError(
      `port ${port} shifted by ${delta} is ${to}, outside 1..65535: choose another port base`,
    );
  }
  return to;
}

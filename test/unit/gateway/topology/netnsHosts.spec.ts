import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect } from 'chai';
import { hostsModeOf, netnsPlan, withNetnsHosts } from '@gateway/topology/netnsHosts';
import { TopologyError, parseTopology } from '@gateway/topology/parseTopology';
import { shiftTopologyPorts } from '@gateway/topology/shiftPorts';
import type { Topology } from '@gateway/topology/topologyModel';
import { topologyShell } from '@gateway/topology/topologyShell';

const NETWORK = path.resolve(__dirname, '..', '..', '..', '..', 'network');
const file = parseTopology(
  JSON.parse(fs.readFileSync(path.join(NETWORK, 'topology.json'), 'utf8')),
  'topology.json',
);
const topology = shiftTopologyPorts(file, { networkBase: 13000 });
const [org1, org2] = topology.orgs;
const org1Name = org1?.name ?? '';
const org2Name = org2?.name ?? '';
const firstOrderer = topology.ordererOrg.orderers[0]?.name ?? '';

describe('netnsHosts', () => {
  describe('hostsModeOf', () => {
    it('reads NETWORK_HOSTS: unset, empty and local are local, netns is netns', () => {
      expect(hostsModeOf({}, 'f')).to.equal('local');
      expect(hostsModeOf({ NETWORK_HOSTS: '' }, 'f')).to.equal('local');
      expect(hostsModeOf({ NETWORK_HOSTS: 'local' }, 'f')).to.equal('local');
      expect(hostsModeOf({ NETWORK_HOSTS: 'netns' }, 'f')).to.equal('netns');
    });

    it('refuses any other value, naming NETWORK_HOSTS', () => {
      expect(() => hostsModeOf({ NETWORK_HOSTS: 'docker' }, 'f'))
        .to.throw(TopologyError)
        .with.property('message')
        .that.matches(/NETWORK_HOSTS=docker/);
    });
  });

  describe('netnsPlan', () => {
    const plan = netnsPlan(topology, 'topology.json');

    it('takes the /24 and the name prefix from the port base (13000 → 198.18.130.0/24, lg130)', () => {
      expect(plan).to.include({
        prefix: 'lg130',
        subnet: '198.18.130.0/24',
        bridge: 'lg130br',
        bridgeAddress: '198.18.130.1',
      });
    });

    it('places the chaincode server on .2, the orderer org CA on .3, the orderers from .10', () => {
      expect(plan.hosts.slice(0, 5).map((h) => [h.namespace, h.address, h.hostVeth])).to.deep.equal([
        ['lg130-cc-ledger', '198.18.130.2', 'lg130v2'],
        [`lg130-${topology.ordererOrg.name}`, '198.18.130.3', 'lg130v3'],
        ...topology.ordererOrg.orderers.map((o, i) => [
          `lg130-${o.name}`,
          `198.18.130.${10 + i}`,
          `lg130v${10 + i}`,
        ]),
      ]);
    });

    it('gives each member org a block of ten from .50: its own host, then one per peer, in one group', () => {
      const ofOrg = (name: string): string[][] =>
        plan.hosts.filter((h) => h.group === name).map((h) => [h.namespace, h.address]);
      expect(ofOrg(org1Name)).to.deep.equal([
        [`lg130-${org1Name}`, '198.18.130.50'],
        [`lg130-peer0-${org1Name}`, '198.18.130.51'],
        [`lg130-peer1-${org1Name}`, '198.18.130.52'],
      ]);
      expect(ofOrg(org2Name)).to.deep.equal([
        [`lg130-${org2Name}`, '198.18.130.60'],
        [`lg130-peer0-${org2Name}`, '198.18.130.61'],
      ]);
    });

    it('puts the CA, gateway and governance watch in the org host and each peer in its own', () => {
      const orgHost = plan.hosts.find((h) => h.namespace === `lg130-${org1Name}`);
      expect(orgHost?.processes).to.deep.equal([
        `ca-${org1Name}`,
        `gateway-${org1Name}`,
        `gov-watch-${org1Name}`,
      ]);
      expect(plan.hosts.find((h) => h.namespace === `lg130-peer1-${org1Name}`)?.processes).to.deep.equal([
        `peer1-${org1Name}`,
      ]);
    });

    it('never shares a name or address between two networks on different port bases', () => {
      const other = netnsPlan(shiftTopologyPorts(file, { networkBase: 9000 }), 'topology.json');
      const names = new Set(plan.hosts.map((h) => h.namespace));
      expect(other.hosts.filter((h) => names.has(h.namespace))).to.deep.equal([]);
      expect(other.subnet).to.equal('198.18.90.0/24');
    });

    it('refuses an org and an orderer that would share a namespace, naming both', () => {
      const clash: Topology = {
        ...topology,
        ordererOrg: {
          ...topology.ordererOrg,
          orderers: topology.ordererOrg.orderers.map((o, i) => (i === 0 ? { ...o, name: org1Name } : o)),
        },
      };
      expect(() => netnsPlan(clash, 'topology.json')).to.throw(TopologyError, `lg130-${org1Name}`);
    });
  });

  describe('withNetnsHosts', () => {
    const plan = netnsPlan(topology, 'topology.json');
    const placed = withNetnsHosts(topology, plan);

    it("replaces every node's host with its namespace's address and keeps the ports", () => {
      expect(placed.chaincode).to.include({ host: '198.18.130.2', port: topology.chaincode.port });
      expect(placed.ordererOrg.ca.host).to.equal('198.18.130.3');
      expect(placed.ordererOrg.orderers[0]).to.include({
        name: firstOrderer,
        host: '198.18.130.10',
        port: topology.ordererOrg.orderers[0]?.port,
      });
      expect(placed.orgs[0]?.ca.host).to.equal('198.18.130.50');
      expect(placed.orgs[0]?.gateway.host).to.equal('198.18.130.50');
      expect(placed.orgs[0]?.peers.map((p) => p.host)).to.deep.equal(['198.18.130.51', '198.18.130.52']);
    });

    it('leaves the topology it was given unchanged (127.0.0.1)', () => {
      expect(topology.orgs[0]?.peers[0]?.host).to.equal('127.0.0.1');
    });
  });

  describe('in topologyShell', () => {
    const inBash = (shell: string, expression: string): string =>
      execFileSync('bash', ['-c', `${shell}\nprintf '%s' "${expression}"`], { encoding: 'utf8' });

    it('declares the plan for network/netns.sh and start_process', () => {
      const plan = netnsPlan(topology, 'topology.json');
      const shell = topologyShell(withNetnsHosts(topology, plan), plan);
      expect(
        inBash(
          shell,
          `\${NETWORK_HOSTS_MODE} \${NETNS_BRIDGE} \${NETNS_ADDRESS[lg130-${org2Name}]} \${NETNS_GROUP[lg130-peer0-${org2Name}]} \${PROCESS_NETNS[gateway-${org2Name}]} \${NODE_HOST[peer0-${org2Name}]}`,
        ),
      ).to.equal(`netns lg130br 198.18.130.60 ${org2Name} lg130-${org2Name} 198.18.130.61`);
    });

    it('declares local mode and no namespaces without a plan', () => {
      expect(
        inBash(topologyShell(topology), '${NETWORK_HOSTS_MODE} ${#NETNS_NAMES[@]} ${#PROCESS_NETNS[@]}'),
      ).to.equal('local 0 0');
    });
  });
});

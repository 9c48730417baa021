import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect } from 'chai';
import { parseTopology } from '@gateway/topology/parseTopology';
import type { Topology } from '@gateway/topology/topologyModel';
import { peerId, topologyShell } from '@gateway/topology/topologyShell';

const NETWORK = path.resolve(__dirname, '..', '..', '..', '..', 'network');
const topology = parseTopology(
  JSON.parse(fs.readFileSync(path.join(NETWORK, 'topology.json'), 'utf8')),
  'topology.json',
);

/** Sources the declarations in bash and prints `expression`. */
function inBash(shell: string, expression: string): string {
  return execFileSync('bash', ['-c', `${shell}\nprintf '%s' "${expression}"`], { encoding: 'utf8' });
}

describe('topologyShell', () => {
  const shell = topologyShell(topology);

  it('declares the orgs, founders and the peers of each org for bash', () => {
    expect(inBash(shell, '${TOPOLOGY_ORGS[*]}|${FOUNDING_ORGS[*]}|${ORG_PEERS[org1]}')).to.equal(
      'org1 org2 org3|org1 org2|peer0-org1 peer1-org1',
    );
  });

  it("gives each peer its org, name and ports by id, and each org's first peer as its anchor", () => {
    expect(
      inBash(
        shell,
        '${NODE_ORG[peer1-org1]} ${NODE_NAME[peer1-org1]} ${NODE_PORT[peer1-org1]} ${PEER_PORT[org1]}',
      ),
    ).to.equal('org1 peer1 7103 7100');
  });

  it('declares orderers, CAs (orderer org included) and gateways', () => {
    expect(
      inBash(
        shell,
        '${ORDERERS[*]} ${ORDERER_ADMIN_PORT[orderer2]} ${CA_PORT[orderer]} ${GATEWAY_NODE_PORT[org2]}',
      ),
    ).to.equal('orderer1 orderer2 orderer3 7061 7400 50052');
  });

  it('quotes every value, so a quote in a name cannot run as shell code', () => {
    const hostile = {
      ...topology,
      chaincode: { ...topology.chaincode, name: "x'; touch /tmp/pwned; '" },
    } as Topology;
    expect(inBash(topologyShell(hostile), '$TOPOLOGY_CHAINCODE')).to.equal("x'; touch /tmp/pwned; '");
  });

  it('names a peer <peer>-<org>', () => {
    expect(peerId('peer1', 'acme')).to.equal('peer1-acme');
    expect(peerId('peer1', 'acme')).to.not.equal('acme-peer1');
  });
});

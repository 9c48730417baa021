import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect } from 'chai';
import { foundingOrgs, renderConfigtx } from '@gateway/topology/configtxYaml';
import { parseTopology } from '@gateway/topology/parseTopology';
import type { Topology } from '@gateway/topology/topologyModel';

const REPO = path.resolve(__dirname, '..', '..', '..', '..');
const template = fs.readFileSync(path.join(REPO, 'channel-config', 'configtx.yaml'), 'utf8');
const topology = parseTopology(
  JSON.parse(fs.readFileSync(path.join(REPO, 'network', 'topology.json'), 'utf8')),
  'topology.json',
);
const RULE = "OutOf(2, 'Org1MSP.admin', 'Org2MSP.admin')";

const render = (t: Topology): string =>
  renderConfigtx({ template, topology: t, cryptoDir: '/run/crypto', adminsRule: RULE });

/** The text between two lines that start with `from` and `to` (exclusive). */
function section(text: string, from: string, to: string): string {
  return text.slice(text.indexOf(from), text.indexOf(to, text.indexOf(from) + from.length));
}

describe('renderConfigtx', () => {
  it('puts every orderer of the topology in the Raft consenters and the orderer endpoints', () => {
    const text = render(topology);
    const consenters = section(text, '    Consenters:', '    Options:');
    expect(consenters.match(/- Host: (\S+)\n\s+Port: (\d+)/g)).to.deep.equal([
      '- Host: 127.0.0.1\n        Port: 7050',
      '- Host: 127.0.0.1\n        Port: 7060',
      '- Host: 127.0.0.1\n        Port: 7070',
    ]);
    expect(consenters).to.contain('ClientTLSCert: /run/crypto/orderer/orderers/orderer2/tls/cert.pem');
    expect(section(text, '    OrdererEndpoints:', '\n\n')).to.equal(
      '    OrdererEndpoints:\n      - 127.0.0.1:7050\n      - 127.0.0.1:7060\n      - 127.0.0.1:7070',
    );
  });

  it('makes the founding orgs, and only them, the application orgs, each with its first peer as anchor', () => {
    const text = render(topology);
    expect(section(text, '  LedgerChannel:', '\nZZZ')).to.match(
      /Application:\n\s+<<: \*ApplicationDefaults\n\s+Organizations:\n\s+- \*org1\n\s+- \*org2\n?$/,
    );
    expect(text).to.contain(
      "  - &org1\n    Name: Org1MSP\n    ID: Org1MSP\n    MSPDir: /run/crypto/org1/msp\n    Policies:\n      Readers:\n        Type: Signature\n        Rule: \"OR('Org1MSP.admin', 'Org1MSP.peer', 'Org1MSP.client')\"",
    );
    expect(section(text, '  - &org2', '\n\n')).to.contain(
      'AnchorPeers:\n      - Host: 127.0.0.1\n        Port: 7200',
    );
    expect(text).to.not.contain('&org3');
    expect(text).to.contain(`Rule: "${RULE}"`);
  });

  it('makes the orgs it is given, and only them, the application orgs of a channel of its own', () => {
    const org2 = topology.orgs.find((o) => o.name === 'org2');
    const org3 = topology.orgs.find((o) => o.name === 'org3');
    if (org2 === undefined || org3 === undefined) throw new Error('the topology file lost org2 or org3');
    const text = renderConfigtx({
      template,
      topology,
      cryptoDir: '/run/crypto',
      adminsRule: RULE,
      orgs: [org2, org3],
    });
    expect(section(text, '  LedgerChannel:', '\nZZZ')).to.match(
      /Organizations:\n\s+- \*org2\n\s+- \*org3\n?$/,
    );
    expect(text).to.contain('MSPDir: /run/crypto/org3/msp');
    expect(section(text, '  - &org3', '\n\n')).to.contain(
      'AnchorPeers:\n      - Host: 127.0.0.1\n        Port: 7300',
    );
    expect(text).to.not.contain('&org1');
  });

  it('falls back to the founders when the orgs it is given are left out', () => {
    expect(render(topology)).to.contain('- *org1');
    expect(render(topology)).to.not.contain('- *org3');
  });

  it('follows the topology: another founder list gives other application orgs', () => {
    const threeFounders = { ...topology, channels: [{ name: 'ledger', founders: ['org1', 'org2', 'org3'] }] };
    expect(render(threeFounders)).to.contain('- *org3');
    expect(render(threeFounders)).to.contain('MSPDir: /run/crypto/org3/msp');
    expect(foundingOrgs(threeFounders).map((o) => o.name)).to.deep.equal(['org1', 'org2', 'org3']);
  });

  it('refuses a template without a block placeholder, naming it', () => {
    const broken = template.replace(/^ *- __CONSENTERS__$/m, '');
    expect(() => renderConfigtx({ template: broken, topology, cryptoDir: '/c', adminsRule: RULE })).to.throw(
      'configtx template: no line holding only __CONSENTERS__',
    );
  });

  it('refuses a template with a placeholder it does not know', () => {
    const unknown = `${template}\n__CHANNEL_NAME__: x\n`;
    expect(() => renderConfigtx({ template: unknown, topology, cryptoDir: '/c', adminsRule: RULE })).to.throw(
      'unknown placeholder __CHANNEL_NAME__',
    );
  });
});

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { expect } from 'chai';
import { loadTopology, topologyFragmentsDir } from '@gateway/topology/loadTopology';
import { TopologyError } from '@gateway/topology/parseTopology';
import { parseTopologyWithFragments } from '@gateway/topology/topologyFragments';
import { planOrgEntry } from '@gateway/topology/newOrgEntry';
import type { Topology } from '@gateway/topology/topologyModel';

const REPO = path.resolve(__dirname, '..', '..', '..', '..');
const NETWORK = path.join(REPO, 'network');
const FILE = path.join(NETWORK, 'topology.json');
const repoTopology = (): Topology => JSON.parse(fs.readFileSync(FILE, 'utf8')) as Topology;
const acme = planOrgEntry(repoTopology(), { name: 'acme' });

const refusal = (fn: () => unknown): TopologyError => {
  try {
    fn();
  } catch (err) {
    if (err instanceof TopologyError) return err;
    throw err;
  }
  throw new Error('not refused');
};

describe('parseTopologyWithFragments', () => {
  it('appends a fragment org after the file orgs', () => {
    const topology = parseTopologyWithFragments(
      repoTopology(),
      [{ source: 'acme.json', name: 'acme', value: acme }],
      FILE,
    );
    expect(topology.orgs.map((o) => o.name)).to.deep.equal(['org1', 'org2', 'org3', 'acme']);
    expect(topology.channels[0]?.founders).to.deep.equal(['org1', 'org2']);
  });

  it('refuses a fragment whose MSP id the file already has, naming the fragment and field', () => {
    const err = refusal(() =>
      parseTopologyWithFragments(
        repoTopology(),
        [{ source: '/run/state/topology.d/acme.json', name: 'acme', value: { ...acme, mspId: 'Org1MSP' } }],
        FILE,
      ),
    );
    expect(err.source).to.equal('/run/state/topology.d/acme.json');
    expect(err.field).to.equal('mspId');
    expect(err.message).to.match(/"Org1MSP" is also the MSP id of orgs\[0\]/);
  });

  it('refuses a fragment that listens on a port of the file, and one with a field the schema lacks', () => {
    const port = refusal(() =>
      parseTopologyWithFragments(
        repoTopology(),
        [{ source: 'acme.json', name: 'acme', value: { ...acme, ca: { ...acme.ca, port: 7100 } } }],
        FILE,
      ),
    );
    expect([port.source, port.field]).to.deep.equal(['acme.json', 'ca.port']);
    const extra = refusal(() =>
      parseTopologyWithFragments(
        repoTopology(),
        [{ source: 'acme.json', name: 'acme', value: { ...acme, colour: 'red' } }],
        FILE,
      ),
    );
    expect([extra.source, extra.field, extra.problem]).to.deep.equal([
      'acme.json',
      'colour',
      'is not a known field',
    ]);
  });

  it('refuses two fragments of the same org name and a fragment whose name is not its file name', () => {
    const twice = refusal(() =>
      parseTopologyWithFragments(
        repoTopology(),
        [
          { source: 'acme.json', name: 'acme', value: acme },
          { source: 'acme2.json', name: 'acme', value: { ...acme, mspId: 'Acme2MSP' } },
        ],
        FILE,
      ),
    );
    expect([twice.source, twice.field]).to.deep.equal(['acme2.json', 'name']);
    const misnamed = refusal(() =>
      parseTopologyWithFragments(repoTopology(), [{ source: 'beta.json', name: 'beta', value: acme }], FILE),
    );
    expect([misnamed.source, misnamed.field]).to.deep.equal(['beta.json', 'name']);
  });
});

describe('loadTopology with fragments', () => {
  let runDir: string;
  beforeEach(() => {
    runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'topology-fragments-'));
  });
  afterEach(() => {
    fs.rmSync(runDir, { recursive: true, force: true });
  });

  it('reads the fragments of NETWORK_RUN_DIR/state/topology.d, moving their ports with the file', () => {
    const env = { NETWORK_RUN_DIR: runDir, NETWORK_PORT_BASE: '17000', GATEWAY_PORT: '17551' };
    fs.mkdirSync(topologyFragmentsDir(env, REPO), { recursive: true });
    fs.writeFileSync(path.join(runDir, 'state', 'topology.d', 'acme.json'), JSON.stringify(acme));

    const topology = loadTopology(env, REPO);

    const found = topology.orgs.find((o) => o.name === 'acme');
    expect(found?.peers[0]?.port).to.equal(17600);
    expect(found?.gateway.port).to.equal(17554);
  });

  it('has only the file orgs without a fragment folder (its twin)', () => {
    const topology = loadTopology({ NETWORK_RUN_DIR: runDir }, REPO);
    expect(topology.orgs.map((o) => o.name)).to.deep.equal(['org1', 'org2', 'org3']);
  });
});

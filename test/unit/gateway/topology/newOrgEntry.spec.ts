import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect } from 'chai';
import {
  derivedMspId,
  OrgRequestError,
  planOrgEntry,
  requestMismatches,
} from '@gateway/topology/newOrgEntry';
import type { MemberOrgTopology, Topology } from '@gateway/topology/topologyModel';

const NETWORK = path.resolve(__dirname, '..', '..', '..', '..', 'network');
/** The repository's topology file: orderers 7050-7072, org blocks 7100, 7200, 7300, CAs 74xx, chaincode 7500. */
const repoTopology = (): Topology =>
  JSON.parse(fs.readFileSync(path.join(NETWORK, 'topology.json'), 'utf8')) as Topology;

/** A topology whose blocks 1..`taken` each hold one listener (an org with one peer at the block's start). */
function withBlocksTaken(taken: number): Topology {
  const base = repoTopology();
  const orgs: MemberOrgTopology[] = [];
  for (let k = 1; k <= taken; k++) {
    const start = 7000 + 100 * k;
    if (base.orgs.some((o) => o.peers.some((p) => p.port === start)) || [7400, 7500].includes(start))
      continue;
    orgs.push({
      name: `filler${k}`,
      mspId: `Filler${k}MSP`,
      domain: `filler${k}.example.com`,
      ca: { host: '127.0.0.1', port: start + 50, operationsPort: start + 51 },
      peers: [
        {
          name: 'peer0',
          host: '127.0.0.1',
          port: start,
          chaincodePort: start + 1,
          operationsPort: start + 2,
        },
      ],
      gateway: { host: '127.0.0.1', port: 50100 + k, metricsPort: 9500 + k },
    });
  }
  return { ...base, orgs: [...base.orgs, ...orgs] };
}

const expectRefused = (fn: () => unknown, flag: string, problem: RegExp): void => {
  expect(fn).to.throw(OrgRequestError, problem);
  try {
    fn();
  } catch (err) {
    expect((err as OrgRequestError).flag).to.equal(flag);
  }
};

describe('planOrgEntry', () => {
  it('gives acme the MSP id AcmeMSP, its domain, the first free port block 7600 and the next gateway port', () => {
    expect(planOrgEntry(repoTopology(), { name: 'acme' })).to.deep.equal({
      name: 'acme',
      mspId: 'AcmeMSP',
      domain: 'acme.example.com',
      ca: { host: '127.0.0.1', port: 7690, operationsPort: 7691 },
      peers: [{ name: 'peer0', host: '127.0.0.1', port: 7600, chaincodePort: 7601, operationsPort: 7602 }],
      gateway: { host: '127.0.0.1', port: 50054, metricsPort: 9467 },
    });
  });

  it('places N peers three ports apart on the given host, with the given MSP id and domain', () => {
    const entry = planOrgEntry(repoTopology(), {
      name: 'bank',
      mspId: 'BankOfTestsMSP',
      domain: 'bank.test',
      host: '10.0.0.7',
      peers: 3,
    });
    expect(entry.mspId).to.equal('BankOfTestsMSP');
    expect(entry.domain).to.equal('bank.test');
    expect(entry.peers.map((p) => [p.name, p.host, p.port, p.chaincodePort, p.operationsPort])).to.deep.equal(
      [
        ['peer0', '10.0.0.7', 7600, 7601, 7602],
        ['peer1', '10.0.0.7', 7603, 7604, 7605],
        ['peer2', '10.0.0.7', 7606, 7607, 7608],
      ],
    );
    expect(entry.ca.host).to.equal('10.0.0.7');
    expect(entry.gateway.host).to.equal('10.0.0.7');
  });

  it('skips a block holding any listener, and a gateway port whose metrics port is in use', () => {
    const base = repoTopology();
    const acme = planOrgEntry(base, { name: 'acme' });
    const withAcme: Topology = { ...base, orgs: [...base.orgs, acme] };
    const next = planOrgEntry(withAcme, { name: 'beta' });
    expect(next.peers[0]?.port).to.equal(7700);
    expect(next.ca.port).to.equal(7790);
    expect(next.gateway).to.deep.equal({ host: '127.0.0.1', port: 50055, metricsPort: 9468 });
  });

  it('refuses when every block 1..9 has a listener (the negative twin of the first free block)', () => {
    expect(planOrgEntry(withBlocksTaken(8), { name: 'acme' }).peers[0]?.port).to.equal(7900);
    expectRefused(() => planOrgEntry(withBlocksTaken(9), { name: 'acme' }), 'name', /no free port block/);
  });

  it('refuses an invalid name, naming it', () => {
    expectRefused(() => planOrgEntry(repoTopology(), { name: 'Acme' }), 'name', /lower-case letters/);
    expectRefused(() => planOrgEntry(repoTopology(), { name: 'acme-corp' }), 'name', /lower-case letters/);
    expectRefused(() => planOrgEntry(repoTopology(), { name: '1acme' }), 'name', /lower-case letters/);
  });

  it('refuses a name already used by a member org or the orderer org', () => {
    expectRefused(() => planOrgEntry(repoTopology(), { name: 'org3' }), 'name', /already an org/);
    expectRefused(() => planOrgEntry(repoTopology(), { name: 'orderer' }), 'name', /already an org/);
  });

  it('refuses an MSP id or domain another org has, naming --msp-id or --domain', () => {
    expectRefused(
      () => planOrgEntry(repoTopology(), { name: 'acme', mspId: 'Org2MSP' }),
      '--msp-id',
      /already the MSP id of org2/,
    );
    expectRefused(
      () => planOrgEntry(repoTopology(), { name: 'acme', domain: 'org1.example.com' }),
      '--domain',
      /already the domain of org1/,
    );
  });

  it('refuses a derived MSP id that clashes (org named like an existing MSP id)', () => {
    const base = repoTopology();
    const clash: Topology = {
      ...base,
      orgs: base.orgs.map((o) => (o.name === 'org3' ? { ...o, mspId: 'AcmeMSP' } : o)),
    };
    expectRefused(
      () => planOrgEntry(clash, { name: 'acme' }),
      '--msp-id',
      /"AcmeMSP" is already the MSP id of org3/,
    );
  });

  it('refuses a peer count outside 1..16 and an invalid MSP id, domain or host', () => {
    expectRefused(() => planOrgEntry(repoTopology(), { name: 'acme', peers: 0 }), '--peers', /want 1 to 16/);
    expectRefused(() => planOrgEntry(repoTopology(), { name: 'acme', peers: 17 }), '--peers', /want 1 to 16/);
    expectRefused(() => planOrgEntry(repoTopology(), { name: 'acme', mspId: 'Acme MSP' }), '--msp-id', /got/);
    expectRefused(() => planOrgEntry(repoTopology(), { name: 'acme', domain: 'acme' }), '--domain', /got/);
    expectRefused(() => planOrgEntry(repoTopology(), { name: 'acme', host: 'Host_1' }), '--host', /got/);
  });
});

describe('derivedMspId', () => {
  it('upper-cases the first letter and appends MSP', () => {
    expect(derivedMspId('acme')).to.equal('AcmeMSP');
    expect(derivedMspId('org7')).to.equal('Org7MSP');
  });
});

describe('requestMismatches', () => {
  const acme = planOrgEntry(repoTopology(), { name: 'acme', peers: 2 });

  it('finds nothing for a rerun with the same or no flags', () => {
    expect(requestMismatches(acme, { name: 'acme' })).to.deep.equal([]);
    expect(
      requestMismatches(acme, {
        name: 'acme',
        mspId: 'AcmeMSP',
        domain: 'acme.example.com',
        host: '127.0.0.1',
        peers: 2,
      }),
    ).to.deep.equal([]);
  });

  it('names each flag that differs from the prepared entry', () => {
    const problems = requestMismatches(acme, { name: 'acme', mspId: 'AcmeCorpMSP', peers: 1 });
    expect(problems.map((p) => p.flag)).to.deep.equal(['--msp-id', '--peers']);
    expect(problems[0]?.message).to.equal('--msp-id: acme was prepared with AcmeMSP, got AcmeCorpMSP');
  });
});

import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect } from 'chai';
import { parseTopology, TopologyError } from '@gateway/topology/parseTopology';
import type { Topology } from '@gateway/topology/topologyModel';

const NETWORK = path.resolve(__dirname, '..', '..', '..', '..', 'network');
const repoTopology = (): Record<string, unknown> =>
  JSON.parse(fs.readFileSync(path.join(NETWORK, 'topology.json'), 'utf8')) as Record<string, unknown>;

/** A small valid topology: one orderer, two orgs, one channel. */
function sample(): Topology {
  return {
    ports: { networkBase: 7000, gatewayBase: 50051, gatewayMetricsBase: 9464 },
    ordererOrg: {
      name: 'ord',
      mspId: 'OrdMSP',
      domain: 'ord.example.com',
      ca: { host: '127.0.0.1', port: 7400, operationsPort: 7401 },
      orderers: [{ name: 'o1', host: '127.0.0.1', port: 7050, adminPort: 7051, operationsPort: 7052 }],
    },
    orgs: [
      {
        name: 'bank',
        mspId: 'BankMSP',
        domain: 'bank.example.com',
        ca: { host: '127.0.0.1', port: 7410, operationsPort: 7411 },
        peers: [{ name: 'peer0', host: '127.0.0.1', port: 7100, chaincodePort: 7101, operationsPort: 7102 }],
        gateway: { host: '127.0.0.1', port: 50051, metricsPort: 9464 },
      },
      {
        name: 'shipper',
        mspId: 'ShipperMSP',
        domain: 'shipper.example.com',
        ca: { host: '10.77.0.3', port: 7420, operationsPort: 7421 },
        peers: [{ name: 'peer0', host: '10.77.0.3', port: 7100, chaincodePort: 7101, operationsPort: 7102 }],
        gateway: { host: '10.77.0.3', port: 50052, metricsPort: 9465 },
      },
    ],
    chaincode: { name: 'ledger', host: '127.0.0.1', port: 7500 },
    channels: [{ name: 'ledger', founders: ['bank', 'shipper'] }],
  };
}

/** The error parseTopology throws for `value`. */
function errorOf(value: unknown): TopologyError {
  try {
    parseTopology(value, 'topo.json');
  } catch (err) {
    if (err instanceof TopologyError) return err;
    throw err;
  }
  throw new Error('parseTopology accepted the value');
}

describe('parseTopology', () => {
  it("accepts the repository's own topology file: three orderers, Org1 with two peers, Org2, and Org3 pre-wired", () => {
    const topology = parseTopology(repoTopology(), 'network/topology.json');
    expect(topology.ordererOrg.orderers.map((o) => o.name)).to.deep.equal([
      'orderer1',
      'orderer2',
      'orderer3',
    ]);
    expect(topology.orgs.map((o) => [o.name, o.peers.length])).to.deep.equal([
      ['org1', 2],
      ['org2', 1],
      ['org3', 1],
    ]);
    expect(topology.channels).to.deep.equal([{ name: 'ledger', founders: ['org1', 'org2'] }]);
  });

  it('accepts orgs of any name on hosts of their own, the same port on two hosts', () => {
    const topology = parseTopology(sample(), 'topo.json');
    expect(topology.orgs.map((o) => o.mspId)).to.deep.equal(['BankMSP', 'ShipperMSP']);
  });

  it('names a missing field by its path', () => {
    const value = sample() as unknown as { orgs: { peers: Record<string, unknown>[] }[] };
    delete value.orgs[1]?.peers[0]?.chaincodePort;
    const err = errorOf(value);
    expect(err.field).to.equal('orgs[1].peers[0].chaincodePort');
    expect(err.message).to.equal('topo.json: orgs[1].peers[0].chaincodePort: is required');
  });

  it('names a port out of range by its path', () => {
    const value = sample() as unknown as { ordererOrg: { orderers: { adminPort: number }[] } };
    const first = value.ordererOrg.orderers[0];
    if (first !== undefined) first.adminPort = 70000;
    expect(errorOf(value).field).to.equal('ordererOrg.orderers[0].adminPort');
  });

  it('says what a field must match, and the range of a port', () => {
    const named = sample() as unknown as { orgs: { name: string }[] };
    const bank = named.orgs[0];
    if (bank !== undefined) bank.name = 'Bank One';
    expect(errorOf(named).message).to.equal('topo.json: orgs[0].name: must match ^[a-z][a-z0-9]{0,30}$');
    const ported = sample() as unknown as { chaincode: { port: number } };
    ported.chaincode.port = 70000;
    expect(errorOf(ported).message).to.equal('topo.json: chaincode.port: must be <= 65535');
  });

  it('refuses a channel founder listed twice', () => {
    const value = sample() as unknown as { channels: { founders: string[] }[] };
    value.channels[0]?.founders.push('bank');
    const err = errorOf(value);
    expect(err.field).to.equal('channels[0].founders');
    expect(err.problem).to.equal('must NOT have duplicate items');
  });

  it('refuses an unknown field, naming it (a typo is not silently ignored)', () => {
    const value = { ...sample(), chaincodes: [] };
    const err = errorOf(value);
    expect(err.field).to.equal('chaincodes');
    expect(err.problem).to.equal('is not a known field');
  });

  it('refuses an org name that cannot name a folder and a process', () => {
    const value = sample() as unknown as { orgs: { name: string }[] };
    const bank = value.orgs[0];
    if (bank !== undefined) bank.name = 'Bank One';
    expect(errorOf(value).field).to.equal('orgs[0].name');
  });

  it('refuses a host with shell or URL characters', () => {
    const value = sample() as unknown as { orgs: { gateway: { host: string } }[] };
    const bank = value.orgs[0];
    if (bank !== undefined) bank.gateway.host = '127.0.0.1;rm';
    expect(errorOf(value).field).to.equal('orgs[0].gateway.host');
  });

  it('refuses two orgs with one MSP id, naming the second', () => {
    const value = sample() as unknown as { orgs: { mspId: string }[] };
    const shipper = value.orgs[1];
    if (shipper !== undefined) shipper.mspId = 'BankMSP';
    const err = errorOf(value);
    expect(err.field).to.equal('orgs[1].mspId');
    expect(err.problem).to.contain('orgs[0]');
  });

  it('refuses two peers of one org with the same name', () => {
    const value = sample() as unknown as { orgs: { peers: { name: string; port: number }[] }[] };
    const bankPeers = value.orgs[0]?.peers;
    bankPeers?.push({ ...(bankPeers[0] as { name: string; port: number }), port: 7103 });
    expect(errorOf(value).field).to.equal('orgs[0].peers[1].name');
  });

  it('refuses two nodes listening on one host and port, naming both', () => {
    const value = sample() as unknown as { orgs: { peers: { operationsPort: number }[] }[] };
    const peer = value.orgs[0]?.peers[0];
    if (peer !== undefined) peer.operationsPort = 7050;
    const err = errorOf(value);
    expect(err.field).to.equal('orgs[0].peers[0].operationsPort');
    expect(err.problem).to.equal('127.0.0.1:7050 is also used by ordererOrg.orderers[0].port');
  });

  it('refuses a channel founder that is not a member org', () => {
    const value = sample() as unknown as { channels: { founders: string[] }[] };
    value.channels[0]?.founders.push('acme');
    const err = errorOf(value);
    expect(err.field).to.equal('channels[0].founders[2]');
    expect(err.problem).to.contain('"acme" is not a member org');
  });

  it('refuses a value that is not an object at all', () => {
    expect(errorOf([]).field).to.equal('');
  });
});

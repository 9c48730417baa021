import { expect } from 'chai';
import {
  ChannelRequestError,
  channelRecord,
  planChannel,
  type ChannelContext,
} from '@gateway/topology/channelPlan';

const context: ChannelContext = {
  mainChannel: 'ledger',
  topologyOrgs: [
    { name: 'org1', mspId: 'Org1MSP' },
    { name: 'org2', mspId: 'Org2MSP' },
    { name: 'org3', mspId: 'Org3MSP' },
    { name: 'acme', mspId: 'AcmeMSP' },
  ],
  memberOrgs: ['org1', 'org2', 'org3'],
  existingChannels: ['ledger', 'org1org3'],
};

/** The error planChannel throws for a request (fails the test when it throws none). */
function refusal(name: string, members: string): ChannelRequestError {
  try {
    planChannel({ name, members }, context);
  } catch (err) {
    if (err instanceof ChannelRequestError) return err;
    throw err;
  }
  throw new Error(`planChannel accepted ${name} ${members}`);
}

describe('planChannel', () => {
  it('plans a channel of the member orgs it names, sorted by MSP id', () => {
    expect(planChannel({ name: 'org2org1', members: 'Org2MSP, Org1MSP' }, context)).to.deep.equal({
      name: 'org2org1',
      orgs: [
        { name: 'org1', mspId: 'Org1MSP' },
        { name: 'org2', mspId: 'Org2MSP' },
      ],
    });
  });

  it('accepts a name with digits, dots and dashes after a first letter', () => {
    expect(planChannel({ name: 'm.s-1', members: 'Org1MSP,Org3MSP,Org2MSP' }, context).orgs).to.have.length(
      3,
    );
  });

  it('refuses a name Fabric refuses, naming the name', () => {
    for (const bad of ['Org1org2', '1channel', 'a_b', '', 'a'.repeat(250), 'chan nel']) {
      const err = refusal(bad, 'Org1MSP,Org2MSP');
      expect(err.field, bad).to.equal('name');
      expect(err.message).to.match(/^name: got /);
    }
  });

  it('accepts the longest name Fabric allows', () => {
    expect(planChannel({ name: 'a'.repeat(249), members: 'Org1MSP,Org2MSP' }, context).name).to.have.length(
      249,
    );
  });

  it('refuses the main channel and a channel that exists', () => {
    expect(refusal('ledger', 'Org1MSP,Org2MSP').message).to.equal(
      'name: ledger is the main channel, which exists from the start',
    );
    expect(refusal('org1org3', 'Org1MSP,Org3MSP').message).to.equal('name: channel org1org3 already exists');
  });

  it('refuses an unknown MSP id, naming it and the known ones', () => {
    expect(refusal('x', 'Org1MSP,Org9MSP').message).to.equal(
      '--members: unknown MSP id Org9MSP (the network knows Org1MSP, Org2MSP, Org3MSP, AcmeMSP)',
    );
  });

  it('refuses an org of the topology that is not a member of the main channel', () => {
    expect(refusal('x', 'Org1MSP,AcmeMSP').message).to.equal(
      '--members: AcmeMSP is not a member of channel ledger',
    );
  });

  it('refuses fewer than two members, a repeated member and an empty entry', () => {
    expect(refusal('x', 'Org1MSP').message).to.equal('--members: got 1 member(s), want at least 2');
    expect(refusal('x', 'Org1MSP,Org1MSP').message).to.equal('--members: Org1MSP is listed twice');
    expect(refusal('x', 'Org1MSP,,Org2MSP').field).to.equal('--members');
    expect(refusal('x', '').field).to.equal('--members');
  });
});

describe('channelRecord', () => {
  it('writes the name and the MSP ids in plan order as one JSON line', () => {
    const plan = planChannel({ name: 'org1org2', members: 'Org2MSP,Org1MSP' }, context);
    expect(channelRecord(plan)).to.equal('{"name":"org1org2","members":["Org1MSP","Org2MSP"]}\n');
  });
});

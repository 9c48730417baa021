import { expect } from 'chai';
import { majorityEndorsers } from '@gateway/fabric/majorityEndorsers';

describe('majorityEndorsers: the default endorsing orgs follow the channel', () => {
  it('asks the own org and the next member for two or three members', () => {
    expect(majorityEndorsers('Org2MSP', ['Org1MSP', 'Org2MSP'])).to.deep.equal(['Org2MSP', 'Org1MSP']);
    expect(majorityEndorsers('Org2MSP', ['Org3MSP', 'Org2MSP', 'Org1MSP'])).to.deep.equal([
      'Org2MSP',
      'Org1MSP',
    ]);
  });

  it('asks three orgs once a fourth member joins, and three of five', () => {
    const four = ['AcmeMSP', 'Org1MSP', 'Org2MSP', 'Org3MSP'];
    expect(majorityEndorsers('Org1MSP', four)).to.deep.equal(['Org1MSP', 'AcmeMSP', 'Org2MSP']);
    expect(majorityEndorsers('Org1MSP', [...four, 'Org9MSP'])).to.have.length(3);
  });

  it('asks only the own org on a channel of one, ignoring duplicates', () => {
    expect(majorityEndorsers('Org1MSP', ['Org1MSP', 'Org1MSP'])).to.deep.equal(['Org1MSP']);
  });

  it('asks the first members in MSP id order when its own org is not a member, and none without members', () => {
    expect(majorityEndorsers('GoneMSP', ['Org2MSP', 'Org1MSP', 'Org3MSP'])).to.deep.equal([
      'Org1MSP',
      'Org2MSP',
    ]);
    expect(majorityEndorsers('Org1MSP', [])).to.deep.equal([]);
  });
});

import { expect } from 'chai';
import { membershipStep } from '@test-support/orgMembership';

describe('org membership set-up of the integration suites', function () {
  describe('#membershipStep', function () {
    const twoOrgs = {
      members: ['Org1MSP', 'Org2MSP'],
      adminsRule: null,
      joinedPeers: ['Org1MSP', 'Org2MSP'],
    };
    const threeOrgs = {
      members: ['Org1MSP', 'Org2MSP', 'Org3MSP'],
      adminsRule: null,
      joinedPeers: ['Org1MSP', 'Org3MSP', 'Org2MSP'],
    };

    it('needs nothing for an org in the channel configuration whose peer has joined', function () {
      expect(membershipStep(threeOrgs, 'Org3MSP')).to.equal('member');
    });

    it('needs an invitation for an org neither in the configuration nor with a joined peer', function () {
      expect(membershipStep(twoOrgs, 'Org3MSP')).to.equal('invite');
    });

    it('refuses an org in the configuration whose peer has not joined, naming it', function () {
      const halfJoined = { ...threeOrgs, joinedPeers: ['Org1MSP', 'Org2MSP'] };

      expect(() => membershipStep(halfJoined, 'Org3MSP')).to.throw(
        'Org3MSP is in the channel configuration but its peer has not joined',
      );
    });

    it('refuses an org whose peer is joined while the configuration lacks it, naming it', function () {
      const halfRemoved = { ...twoOrgs, joinedPeers: ['Org1MSP', 'Org2MSP', 'Org3MSP'] };

      expect(() => membershipStep(halfRemoved, 'Org3MSP')).to.throw(
        'Org3MSP is not in the channel configuration but its peer has joined',
      );
    });
  });
});

import { expect } from 'chai';
import { LedgerError } from '@chaincode/lib/errors';
import {
  charterSha256Of,
  consortiumView,
  foundConsortium,
  requireFirstAcceptance,
  requireFoundingMember,
  waitingFor,
} from '@chaincode/lib/governance/consortium';
import { parseConsortium } from '@chaincode/lib/governance/requests';
import type { Charter } from '@chaincode/model/governance';
import { actorOf, CONSORTIUM_FILE, exactly, GTE, policy, THREE_MEMBERS } from '../../governanceFixtures';
import { parse } from '../../harness';

const DEFINITION = parseConsortium(CONSORTIUM_FILE);
const AT = '2025-01-02T00:00:00.000Z';

describe('governance consortium', () => {
  describe('#charterSha256Of', () => {
    it('gives the same charter for the same definition in another member order and spacing', () => {
      const reordered = JSON.stringify({
        ...parse(CONSORTIUM_FILE),
        members: [...parse<{ members: unknown[] }>(CONSORTIUM_FILE).members].reverse(),
      });
      expect(charterSha256Of(parseConsortium(reordered))).to.equal(charterSha256Of(DEFINITION));
      expect(charterSha256Of(DEFINITION)).to.match(/^[0-9a-f]{64}$/);
    });

    it('gives another charter for a definition that differs in any policy', () => {
      const theirs = JSON.stringify({ ...parse(CONSORTIUM_FILE), policy: policy(0, GTE, 24) });
      expect(charterSha256Of(parseConsortium(theirs))).not.to.equal(charterSha256Of(DEFINITION));
    });
  });

  describe('#waitingFor', () => {
    it('lists the founders that have not accepted yet, in the founders order', () => {
      const founders = ['Org1MSP', 'Org2MSP', 'Org3MSP'];
      expect(waitingFor(founders, [{ msp: 'Org2MSP', id: 'a' }])).to.deep.equal(['Org1MSP', 'Org3MSP']);
      expect(
        waitingFor(founders, [
          { msp: 'Org3MSP', id: 'a' },
          { msp: 'Org1MSP', id: 'b' },
          { msp: 'Org2MSP', id: 'c' },
        ]),
      ).to.deep.equal([]);
    });
  });

  describe('#requireFoundingMember', () => {
    it('passes an admin of a founding member and refuses any other org, naming the founders', () => {
      expect(() => {
        requireFoundingMember(actorOf('Org2MSP'), ['Org1MSP', 'Org2MSP'], 'Governance:InitConsortium');
      }).not.to.throw();
      expect(() => {
        requireFoundingMember(actorOf('Org3MSP'), ['Org1MSP', 'Org2MSP'], 'Governance:InitConsortium');
      }).to.throw(
        LedgerError,
        /^\[PERMISSION_DENIED\] Governance:InitConsortium: caller MSP got "Org3MSP", want one of the founding members Org1MSP, Org2MSP$/,
      );
    });
  });

  describe('#requireFirstAcceptance', () => {
    const sha = charterSha256Of(DEFINITION);
    const charter: Charter = {
      charterSha256: sha,
      definition: DEFINITION,
      acceptedBy: [{ msp: 'Org1MSP', id: 'admin1', at: AT, txId: 'tx-1' }],
    };

    it('passes the first acceptance of a charter by an org, also of a charter nobody accepted yet', () => {
      expect(() => {
        requireFirstAcceptance(actorOf('Org2MSP'), sha, charter, ['Org1MSP', 'Org2MSP']);
      }).not.to.throw();
      expect(() => {
        requireFirstAcceptance(actorOf('Org1MSP'), sha, undefined, ['Org1MSP', 'Org2MSP']);
      }).not.to.throw();
    });

    it('refuses a second acceptance by the same org, naming whom the charter waits for', () => {
      expect(() => {
        requireFirstAcceptance(actorOf('Org1MSP', 'admin', 'admin1b'), sha, charter, ['Org1MSP', 'Org2MSP']);
      }).to.throw(
        LedgerError,
        exactly(`[ALREADY_EXISTS] Org1MSP already accepted charter ${sha} at ${AT}; waiting for Org2MSP`),
      );
    });
  });

  describe('#foundConsortium and #consortiumView', () => {
    it('founds the consortium with the initiator as creator and the founders as members', () => {
      const { consortium, members } = foundConsortium(DEFINITION, { msp: 'Org1MSP', id: 'admin1' }, AT);
      expect(consortium).to.deep.equal({
        networkName: 'ledger-consortium',
        policy: DEFINITION.policy,
        actionPolicies: DEFINITION.actionPolicies,
        createdAt: AT,
        createdBy: { msp: 'Org1MSP', id: 'admin1' },
        updatedAt: AT,
      });
      expect(members).to.deep.equal([
        { mspId: 'Org1MSP', displayName: 'Org1', joinedAt: AT, invitedBy: null },
        { mspId: 'Org2MSP', displayName: 'Org2', joinedAt: AT, invitedBy: null },
      ]);
    });

    it('derives the channel Admins policy from the default policy and the members: 2 of 2, 2 of 3', () => {
      const two = foundConsortium(DEFINITION, { msp: 'Org1MSP', id: 'admin1' }, AT);
      const view = consortiumView(two.consortium, two.members);
      expect(view.adminsSignaturesRequired).to.equal(2);
      expect(view.adminsPolicyRule).to.equal("OutOf(2, 'Org1MSP.admin', 'Org2MSP.admin')");
      expect(view.members).to.deep.equal(two.members);
      const three = foundConsortium(parseConsortium(THREE_MEMBERS), { msp: 'Org2MSP', id: 'admin2' }, AT);
      expect(consortiumView(three.consortium, three.members).adminsPolicyRule).to.equal(
        "OutOf(2, 'Org1MSP.admin', 'Org2MSP.admin', 'Org3MSP.admin')",
      );
    });
  });
});

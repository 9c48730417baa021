import { expect } from 'chai';
import { LedgerError } from '@chaincode/lib/errors';
import {
  GOVERNANCE_ROLE,
  requireEligible,
  requireGovernanceRole,
  requireMember,
} from '@chaincode/lib/governance/access';
import type { Member } from '@chaincode/model/governance';
import { actorOf, proposalOf } from '../../governanceFixtures';

const member = (mspId: string): Member => ({
  mspId,
  displayName: mspId,
  joinedAt: '2025-01-01T00:00:00.000Z',
  invitedBy: null,
});

describe('governance access', () => {
  describe('#requireGovernanceRole', () => {
    it('passes an admin: governance is for member admins', () => {
      expect(GOVERNANCE_ROLE).to.equal('admin');
      expect(() => {
        requireGovernanceRole(actorOf('Org1MSP'), 'Governance:CreateProposal');
      }).not.to.throw();
    });

    it('refuses another role and a missing one, naming the attribute and what it got', () => {
      expect(() => {
        requireGovernanceRole(actorOf('Org1MSP', 'teller'), 'Governance:CreateProposal');
      }).to.throw(
        LedgerError,
        /^\[PERMISSION_DENIED\] Governance:CreateProposal: attribute ledger\.role got "teller", want admin \(a member org's admin\)$/,
      );
      expect(() => {
        requireGovernanceRole(actorOf('Org1MSP', null), 'Governance:VoteOnProposal');
      }).to.throw(
        LedgerError,
        /^\[PERMISSION_DENIED\] Governance:VoteOnProposal: attribute ledger\.role got nothing,/,
      );
    });
  });

  describe('#requireMember', () => {
    it("passes a member's caller and refuses another, listing the members", () => {
      const members = [member('Org1MSP'), member('Org2MSP')];
      expect(() => {
        requireMember(actorOf('Org2MSP'), members, 'Governance:VoteOnProposal');
      }).not.to.throw();
      expect(() => {
        requireMember(actorOf('Org3MSP'), members, 'Governance:VoteOnProposal');
      }).to.throw(
        LedgerError,
        /^\[PERMISSION_DENIED\] Governance:VoteOnProposal: caller MSP got "Org3MSP", want a consortium member \(Org1MSP, Org2MSP\)$/,
      );
    });

    it('names no members as "none"', () => {
      expect(() => {
        requireMember(actorOf('Org1MSP'), [], 'Governance:ClaimExecution');
      }).to.throw(LedgerError, /want a consortium member \(none\)$/);
    });
  });

  describe('#requireEligible', () => {
    it('passes a member at creation and refuses an org that joined later, listing the voters', () => {
      const proposal = proposalOf({ eligibleVoters: ['Org1MSP', 'Org2MSP'] });
      expect(() => {
        requireEligible(actorOf('Org1MSP'), proposal, 'Governance:VoteOnProposal');
      }).not.to.throw();
      expect(() => {
        requireEligible(actorOf('Org3MSP'), proposal, 'Governance:VoteOnProposal');
      }).to.throw(
        LedgerError,
        /^\[PERMISSION_DENIED\] Governance:VoteOnProposal: Org3MSP was not a member when proposal "p1" was created; voters are Org1MSP, Org2MSP$/,
      );
    });
  });
});

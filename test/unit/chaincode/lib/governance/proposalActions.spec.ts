import { expect } from 'chai';
import { LedgerError } from '@chaincode/lib/errors';
import {
  actionKindsOf,
  applyPolicyChange,
  checkActionsAgainstMembers,
  checkChannelOrgs,
  governingPolicy,
} from '@chaincode/lib/governance/proposalActions';
import type { Consortium, Invitation, Member, ProposalActions } from '@chaincode/model/governance';
import { CERT, GT, GTE, typedPolicy } from '../../governanceFixtures';

const NO_ACTIONS: ProposalActions = { invitations: [], removals: [], policyChange: null, vepsKeys: null };

const invite = (mspId: string): Invitation => ({
  mspId,
  orgName: mspId,
  rootCerts: [CERT],
  tlsRootCerts: [CERT],
  adminCert: CERT,
});

const member = (mspId: string): Member => ({
  mspId,
  displayName: mspId,
  joinedAt: '2025-01-01T00:00:00.000Z',
  invitedBy: null,
});

/** The policies of channel-config/consortium.json. */
const CONSORTIUM: Consortium = {
  networkName: 'ledger-consortium',
  policy: typedPolicy(50, GT, 24),
  actionPolicies: {
    INVITE: typedPolicy(75, GTE, 48),
    REMOVE: typedPolicy(90, GTE, 72),
    POLICY_CHANGE: typedPolicy(66, GTE, 24),
  },
  createdAt: '2025-01-01T00:00:00.000Z',
  createdBy: { msp: 'Org1MSP', id: 'admin1' },
  updatedAt: '2025-01-01T00:00:00.000Z',
};

describe('governance proposal actions', () => {
  describe('#actionKindsOf', () => {
    it('lists the kinds present in INVITE, REMOVE, POLICY_CHANGE, VEPS_KEYS order', () => {
      const all: ProposalActions = {
        invitations: [invite('Org3MSP')],
        removals: [{ mspId: 'Org2MSP' }],
        policyChange: { policy: typedPolicy(60, GTE, 12), actionPolicies: {} },
        vepsKeys: { keys: [] },
      };
      expect(actionKindsOf(all)).to.deep.equal(['INVITE', 'REMOVE', 'POLICY_CHANGE', 'VEPS_KEYS']);
      expect(actionKindsOf({ ...NO_ACTIONS, removals: [{ mspId: 'Org2MSP' }] })).to.deep.equal(['REMOVE']);
    });

    it('lists no kind for empty lists and absent changes, also in a proposal made before vepsKeys existed', () => {
      expect(actionKindsOf(NO_ACTIONS)).to.deep.equal([]);
      const older: ProposalActions = { invitations: [], removals: [], policyChange: null };
      expect(actionKindsOf(older)).to.deep.equal([]);
    });
  });

  describe('#governingPolicy', () => {
    it('governs a mixed invitation and removal by the stricter REMOVE policy', () => {
      expect(governingPolicy(CONSORTIUM, ['INVITE', 'REMOVE'], 2)).to.deep.equal(typedPolicy(90, GTE, 72));
      expect(governingPolicy(CONSORTIUM, ['INVITE'], 2)).to.deep.equal(typedPolicy(75, GTE, 48));
    });

    it('falls back to the default policy for a kind without its own', () => {
      expect(governingPolicy(CONSORTIUM, ['VEPS_KEYS'], 2)).to.deep.equal(CONSORTIUM.policy);
      expect(governingPolicy({ ...CONSORTIUM, actionPolicies: {} }, ['REMOVE'], 3)).to.deep.equal(
        CONSORTIUM.policy,
      );
    });
  });

  describe('#applyPolicyChange', () => {
    it('sets a new default policy, replaces and drops action policies, keeps the others and stamps the time', () => {
      const changed = applyPolicyChange(
        CONSORTIUM,
        {
          policy: typedPolicy(60, GTE, 12),
          actionPolicies: { INVITE: null, REMOVE: typedPolicy(100, GTE, 24) },
        },
        '2025-03-01T00:00:00.000Z',
      );
      expect(changed).to.deep.equal({
        ...CONSORTIUM,
        policy: typedPolicy(60, GTE, 12),
        actionPolicies: { REMOVE: typedPolicy(100, GTE, 24), POLICY_CHANGE: typedPolicy(66, GTE, 24) },
        updatedAt: '2025-03-01T00:00:00.000Z',
      });
    });

    it('keeps the default policy and every action policy when the change names neither', () => {
      const changed = applyPolicyChange(
        CONSORTIUM,
        { policy: null, actionPolicies: { VEPS_KEYS: typedPolicy(100, GTE, 2) } },
        '2025-03-01T00:00:00.000Z',
      );
      expect(changed.policy).to.deep.equal(CONSORTIUM.policy);
      expect(changed.actionPolicies).to.deep.equal({
        ...CONSORTIUM.actionPolicies,
        VEPS_KEYS: typedPolicy(100, GTE, 2),
      });
    });
  });

  describe('#checkActionsAgainstMembers', () => {
    const members = [member('Org1MSP'), member('Org2MSP')];

    it('passes an invitation of a non-member and a removal of a member that leaves one', () => {
      expect(() => {
        checkActionsAgainstMembers(
          { ...NO_ACTIONS, invitations: [invite('Org3MSP')], removals: [{ mspId: 'Org2MSP' }] },
          members,
        );
      }).not.to.throw();
    });

    it('refuses to invite a member or remove a non-member, or to remove every member', () => {
      const cases: [ProposalActions, RegExp][] = [
        [
          { ...NO_ACTIONS, invitations: [invite('Org2MSP')] },
          /^\[FAILED_PRECONDITION\] invitation of Org2MSP: it is already a member$/,
        ],
        [
          { ...NO_ACTIONS, removals: [{ mspId: 'Org9MSP' }] },
          /^\[FAILED_PRECONDITION\] removal of Org9MSP: it is not a member$/,
        ],
        [
          { ...NO_ACTIONS, removals: [{ mspId: 'Org1MSP' }, { mspId: 'Org2MSP' }] },
          /^\[FAILED_PRECONDITION\] the removals would leave the consortium without members$/,
        ],
      ];
      for (const [actions, message] of cases) {
        expect(() => {
          checkActionsAgainstMembers(actions, members);
        }).to.throw(LedgerError, message);
      }
    });
  });

  describe('#checkChannelOrgs', () => {
    const proposal = {
      actions: { ...NO_ACTIONS, invitations: [invite('Org3MSP')], removals: [{ mspId: 'Org2MSP' }] },
    };

    it('passes channel orgs that hold the invited org and not the removed one', () => {
      expect(() => {
        checkChannelOrgs(proposal, ['Org1MSP', 'Org3MSP']);
      }).not.to.throw();
    });

    it('refuses channel orgs without the invited org or with the removed one, naming the org', () => {
      expect(() => {
        checkChannelOrgs(proposal, ['Org1MSP']);
      }).to.throw(
        LedgerError,
        /^\[INVALID_ARGUMENT\] outcomeJson\.channelOrgs: got \["Org1MSP"\], want the channel's orgs after the invitation of Org3MSP, so including it$/,
      );
      expect(() => {
        checkChannelOrgs(proposal, ['Org1MSP', 'Org2MSP', 'Org3MSP']);
      }).to.throw(
        LedgerError,
        /^\[INVALID_ARGUMENT\] outcomeJson\.channelOrgs: got .*, want the channel's orgs after the removal of Org2MSP, so without it$/,
      );
    });
  });
});

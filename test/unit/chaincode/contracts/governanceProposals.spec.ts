/** GovernanceContract: creating proposals (`CreateProposal`). Shared setup in governanceContractHarness.ts. */
import { expect } from 'chai';
import type { WriteEntry } from '@chaincode/lib/journal';
import { printableKey, proposalKey } from '@chaincode/lib/keys';
import { CERT, GT, GTE, invitation, policy, THREE_MEMBERS } from '../governanceFixtures';
import { governanceSpecForEachTest, iso } from '../governanceContractHarness';

describe('GovernanceContract', () => {
  const gov = governanceSpecForEachTest();

  describe('#CreateProposal', () => {
    it('refuses a proposal before the consortium exists', async () => {
      await gov.refused(
        gov.admin1,
        (ctx) =>
          gov.contract.CreateProposal(ctx, JSON.stringify({ invitations: [invitation('Org3MSP')] }), ''),
        /^\[FAILED_PRECONDITION\] no consortium; run Governance:InitConsortium first$/,
      );
    });

    it('creates an invitation under the INVITE policy, id = tx id, with no vote implied', async () => {
      await gov.init();
      const view = await gov.propose(
        gov.admin1,
        { invitations: [invitation('Org3MSP')] },
        iso('2025-02-01T10:00:00.000Z'),
        'Invite Org3',
      );
      expect(view.proposalId).to.equal(gov.h.fake.txId);
      expect(view).to.deep.include({
        description: 'Invite Org3',
        status: 'IN_PROGRESS',
        memberCountAtCreation: 2,
        eligibleVoters: ['Org1MSP', 'Org2MSP'],
        actionKinds: ['INVITE'],
        policy: policy(75, GTE, 48),
        createdAt: '2025-02-01T10:00:00.000Z',
        expiresAt: '2025-02-03T10:00:00.000Z',
        yesVoteCount: 0,
        noVoteCount: 0,
        outstandingVoteCount: 2,
        votes: [],
        execution: null,
      });
      expect(view.proposedBy.msp).to.equal('Org1MSP');
      expect(view.actions).to.deep.equal({
        invitations: [{ ...invitation('Org3MSP'), tlsRootCerts: [CERT] }],
        removals: [],
        policyChange: null,
        vepsKeys: null,
      });
      expect(gov.h.journal().entries[0]).to.deep.include({
        writes: [
          {
            key: printableKey(proposalKey(view.proposalId)),
            valueHash: (gov.h.journal().entries[0] as WriteEntry).writes[0]!.valueHash,
            deleted: false,
          },
        ],
      });
      expect(gov.h.fake.json(proposalKey(view.proposalId))).to.not.have.property('status');
    });

    it('governs a mixed invitation and removal by the stricter REMOVE policy', async () => {
      await gov.init();
      const view = await gov.propose(gov.admin1, {
        invitations: [invitation('Org3MSP')],
        removals: [{ mspId: 'Org2MSP' }],
      });
      expect(view.actionKinds).to.deep.equal(['INVITE', 'REMOVE']);
      expect(view.policy).to.deep.equal(policy(90, GTE, 72));
    });

    it('governs a policy change by the POLICY_CHANGE policy', async () => {
      await gov.init();
      const view = await gov.propose(gov.admin2, { policyChange: { policy: policy(60, GTE, 12) } });
      expect(view.actionKinds).to.deep.equal(['POLICY_CHANGE']);
      expect(view.policy).to.deep.equal(policy(66, GTE, 24));
    });

    it('falls back to the default policy for actions without their own', async () => {
      await gov.init(THREE_MEMBERS);
      const view = await gov.propose(gov.admin3, { removals: [{ mspId: 'Org1MSP' }] });
      expect(view.policy).to.deep.equal(policy(50, GT, 24));
      expect(view.memberCountAtCreation).to.equal(3);
      expect(view.outstandingVoteCount).to.equal(3);
    });

    it('keeps separate TLS root certificates of an invitation', async () => {
      await gov.init();
      const tls = CERT.replace('BBBB', 'CCCC');
      const view = await gov.propose(gov.admin1, {
        invitations: [{ ...invitation('Org3MSP'), tlsRootCerts: [tls] }],
      });
      expect(view.actions.invitations[0]!.tlsRootCerts).to.deep.equal([tls]);
    });

    it('refuses callers that are not admins of a member', async () => {
      await gov.init();
      const actions = JSON.stringify({ invitations: [invitation('Org3MSP')] });
      await gov.refused(
        gov.teller1,
        (ctx) => gov.contract.CreateProposal(ctx, actions, ''),
        /^\[PERMISSION_DENIED\] Governance:CreateProposal: attribute ledger\.role got "teller", want admin/,
      );
      await gov.refused(
        gov.admin4,
        (ctx) => gov.contract.CreateProposal(ctx, actions, ''),
        /^\[PERMISSION_DENIED\] Governance:CreateProposal: caller MSP got "Org4MSP", want a consortium member \(Org1MSP, Org2MSP\)$/,
      );
    });

    it('refuses to invite a member or remove a non-member, or to remove every member', async () => {
      await gov.init();
      const cases: [unknown, RegExp][] = [
        [
          { invitations: [invitation('Org2MSP')] },
          /^\[FAILED_PRECONDITION\] invitation of Org2MSP: it is already a member$/,
        ],
        [
          { removals: [{ mspId: 'Org9MSP' }] },
          /^\[FAILED_PRECONDITION\] removal of Org9MSP: it is not a member$/,
        ],
        [
          { removals: [{ mspId: 'Org1MSP' }, { mspId: 'Org2MSP' }] },
          /^\[FAILED_PRECONDITION\] the removals would leave the consortium without members$/,
        ],
      ];
      for (const [actions, message] of cases) {
        await gov.refused(
          gov.admin1,
          (ctx) => gov.contract.CreateProposal(ctx, JSON.stringify(actions), ''),
          message,
        );
      }
    });

    it('rejects a bad description after valid actions (cases in requests.spec.ts)', async () => {
      await gov.init();
      await gov.refused(
        gov.admin1,
        (ctx) =>
          gov.contract.CreateProposal(ctx, JSON.stringify({ invitations: [invitation('Org3MSP')] }), 'a\nb'),
        /^\[INVALID_ARGUMENT\] description: got "a\\nb", want 1 to 256 characters/,
      );
    });

    it('rejects actions that are not JSON', async () => {
      await gov.init();
      await gov.refused(
        gov.admin1,
        (ctx) => gov.contract.CreateProposal(ctx, '{invitations', ''),
        /^\[INVALID_ARGUMENT\] actionsJson: got "\{invitations", want well-formed JSON$/,
      );
    });
  });
});

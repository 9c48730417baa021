/** GovernanceContract: voting on proposals (`VoteOnProposal`). Shared setup in governanceContractHarness.ts. */
import { expect } from 'chai';
import type { ClientIdentity } from 'fabric-shim';
import { roleIdentity } from '@test-support/fakeIdentity';
import { GT, GTE, invitation, policy, THREE_MEMBERS } from '../governanceFixtures';
import { governanceSpecForEachTest, iso } from '../governanceContractHarness';
import { parse } from '../harness';

describe('GovernanceContract', () => {
  const gov = governanceSpecForEachTest();

  describe('#VoteOnProposal', () => {
    it('records each vote with the voter MSP, voter id and time', async () => {
      await gov.init();
      const { proposalId } = await gov.propose(
        gov.admin1,
        { invitations: [invitation('Org3MSP')] },
        iso('2025-02-01T00:00:00.000Z'),
      );
      const view = await gov.vote(gov.admin2, proposalId, 'NO', iso('2025-02-01T01:00:00.000Z'));
      expect(view.votes).to.deep.equal([
        {
          voterMsp: 'Org2MSP',
          voterId: 'x509::/C=US/O=Org2MSP/CN=admin2::/C=US/O=Org2MSP/CN=ca.Org2MSP',
          vote: 'NO',
          votedAt: '2025-02-01T01:00:00.000Z',
          txId: gov.h.fake.txId,
        },
      ]);
      expect([view.yesVoteCount, view.noVoteCount, view.outstandingVoteCount]).to.deep.equal([0, 1, 1]);
      expect(view.status).to.equal('REJECTED'); // 75 % of 2 needs both YES
    });

    it('approves once the threshold is met, and the proposer has to vote like anyone else', async () => {
      await gov.init(THREE_MEMBERS); // 50 % GREATER_THAN of 3 -> 2 YES
      const { proposalId } = await gov.propose(gov.admin1, { invitations: [invitation('Org4MSP')] });
      expect((await gov.getProposal(proposalId)).yesVoteCount).to.equal(0);
      expect((await gov.vote(gov.admin1, proposalId, 'YES')).status).to.equal('IN_PROGRESS');
      const view = await gov.vote(gov.admin3, proposalId, 'YES');
      expect(view.status).to.equal('APPROVED');
      expect([view.yesVoteCount, view.noVoteCount, view.outstandingVoteCount]).to.deep.equal([2, 0, 1]);
    });

    it('rejects once the threshold can no longer be met', async () => {
      await gov.init(THREE_MEMBERS);
      const { proposalId } = await gov.propose(gov.admin1, { removals: [{ mspId: 'Org3MSP' }] });
      expect((await gov.vote(gov.admin3, proposalId, 'NO')).status).to.equal('IN_PROGRESS');
      expect((await gov.vote(gov.admin2, proposalId, 'NO')).status).to.equal('REJECTED');
    });

    it('refuses a second vote of the same org, the same or a different one', async () => {
      await gov.init(THREE_MEMBERS);
      const { proposalId } = await gov.propose(
        gov.admin1,
        { invitations: [invitation('Org4MSP')] },
        iso('2025-02-01T00:00:00.000Z'),
      );
      await gov.vote(gov.admin1, proposalId, 'YES', iso('2025-02-01T00:00:05.000Z'));
      const otherAdmin = roleIdentity('Org1MSP', 'admin', 'admin1b');
      for (const [identity, ballot] of [
        [gov.admin1, 'YES'],
        [otherAdmin, 'NO'],
      ] as const) {
        await gov.refused(
          identity,
          (ctx) => gov.contract.VoteOnProposal(ctx, proposalId, ballot),
          /^\[ALREADY_EXISTS\] Org1MSP already voted YES on proposal ".*" at 2025-02-01T00:00:05\.000Z; votes cannot be changed$/,
        );
      }
      expect((await gov.getProposal(proposalId)).votes).to.have.length(1);
    });

    it('refuses non-admins and admins of non-members', async () => {
      await gov.init();
      const { proposalId } = await gov.propose(gov.admin1, { invitations: [invitation('Org3MSP')] });
      const cases: [ClientIdentity, RegExp][] = [
        [
          gov.teller1,
          /^\[PERMISSION_DENIED\] Governance:VoteOnProposal: attribute ledger\.role got "teller", want admin/,
        ],
        [
          gov.auditor1,
          /^\[PERMISSION_DENIED\] Governance:VoteOnProposal: attribute ledger\.role got "auditor"/,
        ],
        [gov.noRole1, /^\[PERMISSION_DENIED\] Governance:VoteOnProposal: attribute ledger\.role got "",/],
        [
          gov.admin3,
          /^\[PERMISSION_DENIED\] Governance:VoteOnProposal: caller MSP got "Org3MSP", want a consortium member \(Org1MSP, Org2MSP\)$/,
        ],
      ];
      for (const [identity, message] of cases) {
        await gov.refused(identity, (ctx) => gov.contract.VoteOnProposal(ctx, proposalId, 'YES'), message);
      }
    });

    it('refuses a member that joined after the proposal was created', async () => {
      await gov.init();
      const invite = await gov.approvedInvitation('Org3MSP');
      const { proposalId } = await gov.propose(gov.admin1, { policyChange: { policy: policy(60, GTE, 12) } });
      await gov.execute(gov.admin1, invite, { status: 'EXECUTED' });
      await gov.refused(
        gov.admin3,
        (ctx) => gov.contract.VoteOnProposal(ctx, proposalId, 'YES'),
        /^\[PERMISSION_DENIED\] Governance:VoteOnProposal: Org3MSP was not a member when proposal ".*" was created; voters are Org1MSP, Org2MSP$/,
      );
    });

    it('refuses votes on approved and rejected proposals', async () => {
      await gov.init();
      const approved = await gov.approvedInvitation('Org3MSP');
      const { proposalId: rejected } = await gov.propose(gov.admin1, {
        invitations: [invitation('Org4MSP')],
      });
      await gov.vote(gov.admin1, rejected, 'NO');
      expect((await gov.getProposal(rejected)).status).to.equal('REJECTED');
      const late = roleIdentity('Org2MSP', 'admin', 'admin2b');
      await gov.refused(
        late,
        (ctx) => gov.contract.VoteOnProposal(ctx, rejected, 'YES'),
        /^\[FAILED_PRECONDITION\] cannot vote on proposal ".*": status got REJECTED, want IN_PROGRESS$/,
      );
      await gov.execute(gov.admin1, approved, { status: 'EXECUTED' });
      await gov.refused(
        gov.admin2,
        (ctx) => gov.contract.VoteOnProposal(ctx, approved, 'NO'),
        /^\[FAILED_PRECONDITION\] cannot vote on proposal ".*": status got EXECUTED, want IN_PROGRESS$/,
      );
    });

    it('takes a vote one millisecond before expiry and refuses one at expiry', async () => {
      await gov.init(THREE_MEMBERS); // 24 h
      const { proposalId, expiresAt } = await gov.propose(
        gov.admin1,
        { invitations: [invitation('Org4MSP')] },
        iso('2025-02-01T00:00:00.000Z'),
      );
      expect(expiresAt).to.equal('2025-02-02T00:00:00.000Z');
      expect(
        (await gov.vote(gov.admin1, proposalId, 'YES', iso('2025-02-01T23:59:59.999Z'))).status,
      ).to.equal('IN_PROGRESS');
      await gov.refused(
        gov.admin2,
        (ctx) => gov.contract.VoteOnProposal(ctx, proposalId, 'YES'),
        /^\[FAILED_PRECONDITION\] cannot vote on proposal ".*": status got EXPIRED, want IN_PROGRESS$/,
        iso('2025-02-02T00:00:00.000Z'),
      );
    });

    it('expires a proposal under a one-minute policy a minute after creation: a vote a millisecond earlier counts, one at expiry is refused', async () => {
      const oneMinute = { thresholdPercentage: 50, proposalDurationInMinutes: 1, thresholdComparator: GT };
      await gov.init(JSON.stringify({ ...parse(THREE_MEMBERS), policy: oneMinute }));
      const {
        proposalId,
        expiresAt,
        policy: governing,
      } = await gov.propose(
        gov.admin1,
        { invitations: [invitation('Org4MSP')] },
        iso('2025-02-01T00:00:00.000Z'),
      );
      expect(governing).to.deep.equal(oneMinute);
      expect(expiresAt).to.equal('2025-02-01T00:01:00.000Z');
      expect(
        (await gov.vote(gov.admin1, proposalId, 'YES', iso('2025-02-01T00:00:59.999Z'))).status,
      ).to.equal('IN_PROGRESS');
      await gov.refused(
        gov.admin2,
        (ctx) => gov.contract.VoteOnProposal(ctx, proposalId, 'YES'),
        /^\[FAILED_PRECONDITION\] cannot vote on proposal ".*": status got EXPIRED, want IN_PROGRESS$/,
        iso('2025-02-01T00:01:00.000Z'),
      );
    });

    it('rejects a bad vote value and an unknown proposal', async () => {
      await gov.init();
      const { proposalId } = await gov.propose(gov.admin1, { invitations: [invitation('Org3MSP')] });
      for (const ballot of ['yes', 'ABSTAIN', '']) {
        await gov.refused(
          gov.admin1,
          (ctx) => gov.contract.VoteOnProposal(ctx, proposalId, ballot),
          /^\[INVALID_ARGUMENT\] vote: got ".*", want one of YES, NO$/,
        );
      }
      await gov.refused(
        gov.admin1,
        (ctx) => gov.contract.VoteOnProposal(ctx, 'f'.repeat(64), 'YES'),
        /^\[NOT_FOUND\] proposal "f{64}" does not exist$/,
      );
      await gov.refused(
        gov.admin1,
        (ctx) => gov.contract.VoteOnProposal(ctx, 'no such id', 'YES'),
        /^\[INVALID_ARGUMENT\] proposalId: got "no such id"/,
      );
    });
  });
});

/** GovernanceContract: the reads: GetProposal, ListProposals, ListMembers, ListInvitations and GetConsortium. Shared setup in governanceContractHarness.ts. */
import { expect } from 'chai';
import type { InvitationView, ProposalView } from '@chaincode/model/governance';
import { LedgerError } from '@chaincode/lib/errors';
import type { Page } from '@chaincode/model/audit';
import { CERT, GTE, invitation, policy, THREE_MEMBERS } from '../governanceFixtures';
import { governanceSpecForEachTest, iso } from '../governanceContractHarness';

describe('GovernanceContract', () => {
  const gov = governanceSpecForEachTest();

  describe('#GetProposal', () => {
    it('computes the status at the time of the read, without writing', async () => {
      await gov.init(); // INVITE: 48 h
      const { proposalId } = await gov.propose(
        gov.admin1,
        { invitations: [invitation('Org3MSP')] },
        iso('2025-02-01T00:00:00.000Z'),
      );
      expect((await gov.getProposal(proposalId, '2025-02-02T23:59:59.999Z')).status).to.equal('IN_PROGRESS');
      const expired = await gov.getProposal(proposalId, '2025-02-03T00:00:00.000Z');
      expect(expired.status).to.equal('EXPIRED');
      expect([expired.yesVoteCount, expired.noVoteCount, expired.outstandingVoteCount]).to.deep.equal([
        0, 0, 2,
      ]);
    });

    it('is readable by every role and refuses a caller without one', async () => {
      await gov.init();
      const { proposalId } = await gov.propose(gov.admin1, { invitations: [invitation('Org3MSP')] });
      for (const identity of [gov.auditor1, gov.teller1, gov.admin3]) {
        const view = await gov.readAt<ProposalView>(identity, (ctx) =>
          gov.contract.GetProposal(ctx, proposalId),
        );
        expect(view.proposalId).to.equal(proposalId);
      }
      await expect(
        gov.h.evaluate(gov.contract, gov.noRole1, (ctx) => gov.contract.GetProposal(ctx, proposalId)),
      ).to.be.rejectedWith(
        LedgerError,
        /^\[PERMISSION_DENIED\] Governance:GetProposal: attribute ledger\.role got ""/,
      );
    });

    it('reports an unknown proposal as NOT_FOUND', async () => {
      await gov.init();
      await expect(
        gov.h.evaluate(gov.contract, gov.auditor1, (ctx) => gov.contract.GetProposal(ctx, 'abc')),
      ).to.be.rejectedWith(LedgerError, /^\[NOT_FOUND\] proposal "abc" does not exist$/);
    });
  });

  describe('#ListProposals', () => {
    async function threeProposals(): Promise<string[]> {
      await gov.init(THREE_MEMBERS);
      const a = await gov.propose(
        gov.admin1,
        { invitations: [invitation('Org4MSP')] },
        iso('2025-02-01T00:00:00.000Z'),
      );
      const b = await gov.propose(
        gov.admin2,
        { removals: [{ mspId: 'Org3MSP' }] },
        iso('2025-02-01T00:00:01.000Z'),
      );
      const c = await gov.propose(
        gov.admin3,
        { policyChange: { policy: policy(75, GTE, 48) } },
        iso('2025-02-01T00:00:02.000Z'),
      );
      await gov.vote(gov.admin1, a.proposalId, 'YES', iso('2025-02-01T00:01:00.000Z'));
      await gov.vote(gov.admin2, a.proposalId, 'YES', iso('2025-02-01T00:02:00.000Z')); // a: APPROVED
      await gov.vote(gov.admin1, b.proposalId, 'NO', iso('2025-02-01T00:03:00.000Z'));
      await gov.vote(gov.admin3, b.proposalId, 'NO', iso('2025-02-01T00:04:00.000Z')); // b: REJECTED
      return [a.proposalId, b.proposalId, c.proposalId];
    }

    const list = (
      status: string,
      pageSize: string,
      bookmark: string,
      time?: string,
    ): Promise<Page<ProposalView>> =>
      gov.readAt<Page<ProposalView>>(
        gov.auditor1,
        (ctx) => gov.contract.ListProposals(ctx, status, pageSize, bookmark),
        time,
      );

    it('lists every proposal oldest first with its current status', async () => {
      const ids = await threeProposals();
      const page = await list('', '', '', '2025-02-01T01:00:00.000Z');
      expect(page.records.map((p) => [p.proposalId, p.status])).to.deep.equal([
        [ids[0], 'APPROVED'],
        [ids[1], 'REJECTED'],
        [ids[2], 'IN_PROGRESS'],
      ]);
      expect(page.fetchedRecordsCount).to.equal(3);
      expect(page.bookmark).to.equal('');
    });

    it('filters by the status at the time of the query', async () => {
      const ids = await threeProposals();
      expect(
        (await list('APPROVED', '', '', '2025-02-01T01:00:00.000Z')).records.map((p) => p.proposalId),
      ).to.deep.equal([ids[0]]);
      expect(
        (await list('IN_PROGRESS', '', '', '2025-02-01T01:00:00.000Z')).records.map((p) => p.proposalId),
      ).to.deep.equal([ids[2]]);
      expect((await list('EXPIRED', '', '', '2025-02-01T01:00:00.000Z')).records).to.deep.equal([]);
      expect(
        (await list('EXPIRED', '', '', '2025-02-02T00:00:02.000Z')).records.map((p) => p.proposalId),
      ).to.deep.equal([ids[2]]);
    });

    it('pages with the bookmark it returns', async () => {
      const ids = await threeProposals();
      const first = await list('', '2', '');
      expect(first.records.map((p) => p.proposalId)).to.deep.equal(ids.slice(0, 2));
      expect(first.bookmark).to.equal(`2025-02-01T00:00:02.000Z/${ids[2]!}`);
      const second = await list('', '2', first.bookmark);
      expect(second.records.map((p) => p.proposalId)).to.deep.equal(ids.slice(2));
      expect(second.bookmark).to.equal('');
    });

    it('rejects a bad status, page size or bookmark', async () => {
      await gov.init();
      const cases: [string, string, string, RegExp][] = [
        [
          'DONE',
          '',
          '',
          /^\[INVALID_ARGUMENT\] status: got "DONE", want "" or one of IN_PROGRESS, APPROVED, REJECTED, EXPIRED, EXECUTING, EXECUTED, SUPERSEDED$/,
        ],
        ['', '0', '', /^\[INVALID_ARGUMENT\] pageSize: got "0"/],
        [
          '',
          '',
          'page-2',
          /^\[INVALID_ARGUMENT\] bookmark: got "page-2", want "" or the bookmark returned by the previous page$/,
        ],
      ];
      for (const [status, pageSize, bookmark, message] of cases) {
        await expect(
          gov.h.evaluate(gov.contract, gov.auditor1, (ctx) =>
            gov.contract.ListProposals(ctx, status, pageSize, bookmark),
          ),
        ).to.be.rejectedWith(LedgerError, message);
      }
    });
  });

  describe('#ListMembers', () => {
    it('lists no members before the consortium exists, then the founding members by MSP id', async () => {
      expect(await gov.listMembers()).to.deep.equal([]);
      await gov.init(THREE_MEMBERS);
      expect(await gov.listMembers()).to.deep.equal(['Org1MSP', 'Org2MSP', 'Org3MSP']);
    });
  });

  describe('#ListInvitations', () => {
    it('lists only invitations of approved or carried-out proposals, PENDING until executed', async () => {
      await gov.init();
      const approved = await gov.approvedInvitation('Org3MSP');
      await gov.propose(gov.admin1, { invitations: [invitation('Org4MSP')] }); // still in progress
      const invitations = await gov.readAt<InvitationView[]>(gov.auditor1, (ctx) =>
        gov.contract.ListInvitations(ctx),
      );
      expect(invitations).to.have.length(1);
      expect(invitations[0]).to.deep.include({
        ...invitation('Org3MSP'),
        tlsRootCerts: [CERT],
        proposalId: approved,
        proposalStatus: 'APPROVED',
        invitationStatus: 'PENDING',
      });
    });
  });

  describe('#GetConsortium', () => {
    it('reports NOT_FOUND before InitConsortium', async () => {
      await expect(
        gov.h.evaluate(gov.contract, gov.auditor1, (ctx) => gov.contract.GetConsortium(ctx)),
      ).to.be.rejectedWith(LedgerError, /^\[NOT_FOUND\] no consortium; run Governance:InitConsortium first$/);
    });
  });
});

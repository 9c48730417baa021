/** GovernanceContract: carrying out approved proposals: claiming, recording and superseding their execution. Shared setup in governanceContractHarness.ts. */
import { expect } from 'chai';
import type { ClientIdentity } from 'fabric-shim';
import type { ConsortiumView, InvitationView, ProposalView } from '@chaincode/model/governance';
import type { WriteEntry } from '@chaincode/lib/journal';
import { consortiumKey, memberKey, printableKey, proposalKey } from '@chaincode/lib/keys';
import type { Page } from '@chaincode/model/audit';
import { roleIdentity } from '@test-support/fakeIdentity';
import { exactly, GTE, invitation, policy, THREE_MEMBERS } from '../governanceFixtures';
import { EXECUTED_ORG3, governanceSpecForEachTest, iso } from '../governanceContractHarness';
import { parse } from '../harness';

describe('GovernanceContract', () => {
  const gov = governanceSpecForEachTest();

  describe('#ClaimExecution', () => {
    it('claims an approved proposal for the caller: EXECUTING, with the executor, time and transaction', async () => {
      await gov.init();
      const proposalId = await gov.approvedInvitation('Org3MSP');

      const view = await gov.claim(gov.admin2, proposalId, iso('2025-03-01T00:00:00.000Z'));

      expect(view.status).to.equal('EXECUTING');
      expect(view.claim).to.deep.equal({
        executor: { msp: 'Org2MSP', id: gov.admin2.getID() },
        claimedAt: '2025-03-01T00:00:00.000Z',
        txId: gov.h.fake.txId,
        tookOverFrom: null,
      });
      expect(view.execution).to.equal(null);
      expect((gov.h.journal().entries[0] as WriteEntry).writes.map((w) => w.key)).to.deep.equal([
        printableKey(proposalKey(proposalId)),
      ]);
      expect((await gov.getProposal(proposalId)).status).to.equal('EXECUTING');
      expect(await gov.listMembers()).to.deep.equal(['Org1MSP', 'Org2MSP']);
    });

    it('refuses a second member while the claim holds, naming the executor, its claim and when it times out', async () => {
      await gov.init();
      const proposalId = await gov.approvedInvitation('Org3MSP');
      await gov.claim(gov.admin1, proposalId, iso('2025-03-01T00:00:00.000Z'));
      const claimTx = gov.h.fake.txId;

      await gov.refused(
        gov.admin2,
        (ctx) => gov.contract.ClaimExecution(ctx, proposalId),
        exactly(
          `[FAILED_PRECONDITION] proposal "${proposalId}" is being executed by Org1MSP (${gov.admin1.getID()}) since 2025-03-01T00:00:00.000Z, claim transaction ${claimTx}; another member may take it over from 2025-03-01T01:00:00.000Z`,
        ),
        iso('2025-03-01T00:59:59.999Z'),
      );
      expect((await gov.getProposal(proposalId)).claim?.executor.msp).to.equal('Org1MSP');
    });

    it("lets the executor's org claim again to resume, which renews the claim", async () => {
      await gov.init();
      const proposalId = await gov.approvedInvitation('Org3MSP');
      await gov.claim(gov.admin1, proposalId, iso('2025-03-01T00:00:00.000Z'));
      const otherOrg1Admin = roleIdentity('Org1MSP', 'admin', 'admin9');

      const view = await gov.claim(otherOrg1Admin, proposalId, iso('2025-03-01T00:30:00.000Z'));

      expect(view.status).to.equal('EXECUTING');
      expect(view.claim).to.deep.include({
        executor: { msp: 'Org1MSP', id: otherOrg1Admin.getID() },
        claimedAt: '2025-03-01T00:30:00.000Z',
        tookOverFrom: null,
      });
      await gov.refused(
        gov.admin2,
        (ctx) => gov.contract.ClaimExecution(ctx, proposalId),
        /another member may take it over from 2025-03-01T01:30:00\.000Z$/,
        iso('2025-03-01T01:00:00.000Z'),
      );
    });

    it('lets another member take over once the claim has timed out, after which the first executor cannot record', async () => {
      await gov.init();
      const proposalId = await gov.approvedInvitation('Org3MSP');
      await gov.claim(gov.admin1, proposalId, iso('2025-03-01T00:00:00.000Z'));

      const view = await gov.claim(gov.admin2, proposalId, iso('2025-03-01T01:00:00.000Z'));

      expect(view.status).to.equal('EXECUTING');
      expect(view.claim).to.deep.include({
        executor: { msp: 'Org2MSP', id: gov.admin2.getID() },
        claimedAt: '2025-03-01T01:00:00.000Z',
        tookOverFrom: { msp: 'Org1MSP', id: gov.admin1.getID() },
      });
      await gov.refused(
        gov.admin1,
        (ctx) => gov.contract.RecordExecution(ctx, proposalId, EXECUTED_ORG3),
        /^\[FAILED_PRECONDITION\] cannot record the execution of proposal ".*" as Org1MSP: proposal ".*" is being executed by Org2MSP \(x509::\/C=US\/O=Org2MSP\/CN=admin2::.*\) since 2025-03-01T01:00:00\.000Z, claim transaction \w+, which records its outcome$/,
      );
      expect((await gov.record(gov.admin2, proposalId, { status: 'EXECUTED' })).status).to.equal('EXECUTED');
      expect(await gov.listMembers()).to.deep.equal(['Org1MSP', 'Org2MSP', 'Org3MSP']);
    });

    it('refuses to claim a proposal that is in progress, rejected or already executed', async () => {
      await gov.init();
      const { proposalId: open } = await gov.propose(gov.admin1, { invitations: [invitation('Org3MSP')] });
      await gov.refused(
        gov.admin1,
        (ctx) => gov.contract.ClaimExecution(ctx, open),
        /^\[FAILED_PRECONDITION\] cannot claim the execution of proposal ".*": status got IN_PROGRESS, want APPROVED$/,
      );
      await gov.vote(gov.admin1, open, 'NO');
      await gov.refused(
        gov.admin1,
        (ctx) => gov.contract.ClaimExecution(ctx, open),
        /: status got REJECTED, want APPROVED$/,
      );
      const done = await gov.approvedInvitation('Org4MSP');
      await gov.execute(gov.admin1, done, { status: 'EXECUTED' });
      await gov.refused(
        gov.admin1,
        (ctx) => gov.contract.ClaimExecution(ctx, done),
        /: status got EXECUTED, want APPROVED$/,
      );
    });

    it('refuses callers that are not admins of a member, and an unknown proposal', async () => {
      await gov.init();
      const proposalId = await gov.approvedInvitation('Org3MSP');
      await gov.refused(
        gov.teller1,
        (ctx) => gov.contract.ClaimExecution(ctx, proposalId),
        /^\[PERMISSION_DENIED\] Governance:ClaimExecution: attribute ledger\.role got "teller"/,
      );
      await gov.refused(
        gov.admin3,
        (ctx) => gov.contract.ClaimExecution(ctx, proposalId),
        /^\[PERMISSION_DENIED\] Governance:ClaimExecution: caller MSP got "Org3MSP"/,
      );
      await gov.refused(
        gov.admin1,
        (ctx) => gov.contract.ClaimExecution(ctx, 'abc'),
        /^\[NOT_FOUND\] proposal "abc" does not exist$/,
      );
    });

    it('lists a claimed proposal under EXECUTING and its invitation as PENDING', async () => {
      await gov.init();
      const proposalId = await gov.approvedInvitation('Org3MSP');
      await gov.claim(gov.admin1, proposalId);

      const executing = await gov.readAt<Page<ProposalView>>(gov.auditor1, (ctx) =>
        gov.contract.ListProposals(ctx, 'EXECUTING', '', ''),
      );
      const approved = await gov.readAt<Page<ProposalView>>(gov.auditor1, (ctx) =>
        gov.contract.ListProposals(ctx, 'APPROVED', '', ''),
      );
      const invitations = await gov.readAt<InvitationView[]>(gov.auditor1, (ctx) =>
        gov.contract.ListInvitations(ctx),
      );

      expect(executing.records.map((p) => p.proposalId)).to.deep.equal([proposalId]);
      expect(approved.records).to.deep.equal([]);
      expect(invitations.map((i) => [i.proposalStatus, i.invitationStatus])).to.deep.equal([
        ['EXECUTING', 'PENDING'],
      ]);
    });
  });

  describe('#RecordExecution', () => {
    it('executes an approved invitation: the org becomes a member and the invitation ACCEPTED', async () => {
      await gov.init();
      const proposalId = await gov.approvedInvitation('Org3MSP');
      const view = await gov.execute(
        gov.admin2,
        proposalId,
        { status: 'EXECUTED', configBlockNumber: 7 },
        iso('2025-03-01T00:00:00.000Z'),
      );
      expect(view.status).to.equal('EXECUTED');
      expect(view.execution).to.deep.include({
        status: 'EXECUTED',
        reason: null,
        configBlockNumber: 7,
        recordedAt: '2025-03-01T00:00:00.000Z',
      });
      expect(view.execution!.recordedBy.msp).to.equal('Org2MSP');
      const entry = gov.h.journal().entries[0] as WriteEntry;
      expect(entry.writes.map((w) => [w.key, w.deleted])).to.deep.equal([
        [printableKey(memberKey('Org3MSP')), false],
        [printableKey(proposalKey(proposalId)), false],
      ]);
      expect(await gov.listMembers()).to.deep.equal(['Org1MSP', 'Org2MSP', 'Org3MSP']);
      expect(gov.h.fake.json(memberKey('Org3MSP'))).to.deep.equal({
        mspId: 'Org3MSP',
        displayName: 'Org3',
        joinedAt: '2025-03-01T00:00:00.000Z',
        invitedBy: proposalId,
      });
      const invitations = await gov.readAt<InvitationView[]>(gov.auditor1, (ctx) =>
        gov.contract.ListInvitations(ctx),
      );
      expect(invitations.map((i) => [i.mspId, i.proposalStatus, i.invitationStatus])).to.deep.equal([
        ['Org3MSP', 'EXECUTED', 'ACCEPTED'],
      ]);
      const consortium = await gov.readAt<ConsortiumView>(gov.auditor1, (ctx) =>
        gov.contract.GetConsortium(ctx),
      );
      expect(consortium.adminsPolicyRule).to.equal(
        "OutOf(2, 'Org1MSP.admin', 'Org2MSP.admin', 'Org3MSP.admin')",
      );
    });

    it('lets the new member govern, and a removal that gets a NO vote is REJECTED and changes nothing', async () => {
      await gov.init();
      await gov.execute(gov.admin1, await gov.approvedInvitation('Org3MSP'), { status: 'EXECUTED' });
      const {
        proposalId,
        policy: used,
        memberCountAtCreation,
      } = await gov.propose(gov.admin3, { removals: [{ mspId: 'Org3MSP' }] });
      expect([used, memberCountAtCreation]).to.deep.equal([policy(90, GTE, 72), 3]);
      await gov.vote(gov.admin1, proposalId, 'YES');
      expect((await gov.vote(gov.admin2, proposalId, 'NO')).status).to.equal('REJECTED');
      await gov.refused(
        gov.admin1,
        (ctx) => gov.contract.RecordExecution(ctx, proposalId, EXECUTED_ORG3),
        /^\[FAILED_PRECONDITION\] cannot record the execution of proposal ".*": status got REJECTED, want EXECUTING \(claim it first with Governance:ClaimExecution\)$/,
      );
      expect(await gov.listMembers()).to.deep.equal(['Org1MSP', 'Org2MSP', 'Org3MSP']);
    });

    it('executes an approved removal: the member record is deleted and its admins lose their say', async () => {
      await gov.init();
      const { proposalId } = await gov.propose(gov.admin1, { removals: [{ mspId: 'Org2MSP' }] });
      await gov.vote(gov.admin1, proposalId, 'YES');
      await gov.vote(gov.admin2, proposalId, 'YES');
      await gov.execute(gov.admin1, proposalId, { status: 'EXECUTED' });
      const entry = gov.h.journal().entries[0] as WriteEntry;
      expect(entry.writes.find((w) => w.key === printableKey(memberKey('Org2MSP')))).to.deep.equal({
        key: printableKey(memberKey('Org2MSP')),
        valueHash: null,
        deleted: true,
      });
      expect(await gov.listMembers()).to.deep.equal(['Org1MSP']);
      await gov.refused(
        gov.admin2,
        (ctx) =>
          gov.contract.CreateProposal(ctx, JSON.stringify({ invitations: [invitation('Org3MSP')] }), ''),
        /^\[PERMISSION_DENIED\] Governance:CreateProposal: caller MSP got "Org2MSP", want a consortium member \(Org1MSP\)$/,
      );
    });

    it('executes an approved policy change and later proposals follow it', async () => {
      await gov.init();
      const { proposalId } = await gov.propose(gov.admin1, {
        policyChange: {
          policy: policy(60, GTE, 12),
          actionPolicies: { INVITE: null, REMOVE: policy(100, GTE, 24) },
        },
      });
      await gov.vote(gov.admin1, proposalId, 'YES');
      await gov.vote(gov.admin2, proposalId, 'YES');
      await gov.execute(gov.admin2, proposalId, { status: 'EXECUTED' });
      expect((gov.h.journal().entries[0] as WriteEntry).writes.map((w) => w.key)).to.deep.equal([
        printableKey(consortiumKey()),
        printableKey(proposalKey(proposalId)),
      ]);
      const consortium = await gov.readAt<ConsortiumView>(gov.auditor1, (ctx) =>
        gov.contract.GetConsortium(ctx),
      );
      expect(consortium.policy).to.deep.equal(policy(60, GTE, 12));
      expect(consortium.actionPolicies).to.deep.equal({
        REMOVE: policy(100, GTE, 24),
        POLICY_CHANGE: policy(66, GTE, 24),
      });
      expect(consortium.adminsSignaturesRequired).to.equal(2);
      const next = await gov.propose(gov.admin1, { invitations: [invitation('Org3MSP')] });
      expect(next.policy).to.deep.equal(policy(60, GTE, 12));
    });

    it('records ACTION_FAILED as an attempt with who and why, and leaves the proposal APPROVED and the members as they were', async () => {
      await gov.init();
      const proposalId = await gov.approvedInvitation('Org3MSP');
      const reason = 'configtxlator compute_update: Org3MSP root certificate is not a CA certificate';
      const claimed = await gov.claim(gov.admin1, proposalId);
      const view = await gov.record(gov.admin1, proposalId, { status: 'ACTION_FAILED', reason });
      expect(view.status).to.equal('APPROVED');
      expect(view.execution).to.equal(null);
      expect(view.claim).to.equal(undefined);
      expect(view.attempts).to.have.length(1);
      expect(view.attempts?.[0]).to.deep.include({
        reason,
        executor: { msp: 'Org1MSP', id: 'x509::/C=US/O=Org1MSP/CN=admin1::/C=US/O=Org1MSP/CN=ca.Org1MSP' },
        txId: gov.h.fake.txId,
        claimTxId: claimed.claim?.txId,
      });
      expect((gov.h.journal().entries[0] as WriteEntry).writes.map((w) => w.key)).to.deep.equal([
        printableKey(proposalKey(proposalId)),
      ]);
      expect(await gov.listMembers()).to.deep.equal(['Org1MSP', 'Org2MSP']);
      const invitations = await gov.readAt<InvitationView[]>(gov.auditor1, (ctx) =>
        gov.contract.ListInvitations(ctx),
      );
      expect(invitations.map((i) => i.invitationStatus)).to.deep.equal(['PENDING']);
    });

    it('lets another member execute a proposal after one member recorded a failure: a single admin cannot veto', async () => {
      await gov.init();
      const proposalId = await gov.approvedInvitation('Org3MSP');
      await gov.execute(gov.admin1, proposalId, { status: 'ACTION_FAILED', reason: 'I do not want Org3' });

      const view = await gov.execute(gov.admin2, proposalId, { status: 'EXECUTED' });

      expect(view.status).to.equal('EXECUTED');
      expect(view.attempts?.map((a) => a.executor.msp)).to.deep.equal(['Org1MSP']);
      expect(await gov.listMembers()).to.deep.equal(['Org1MSP', 'Org2MSP', 'Org3MSP']);
    });

    it('refuses an EXECUTED record whose org set lacks the invited org', async () => {
      await gov.init();
      const proposalId = await gov.approvedInvitation('Org3MSP');
      await gov.claim(gov.admin1, proposalId);
      await gov.refused(
        gov.admin1,
        (ctx) =>
          gov.contract.RecordExecution(
            ctx,
            proposalId,
            JSON.stringify({ status: 'EXECUTED', configBlockNumber: 3, channelOrgs: ['Org1MSP', 'Org2MSP'] }),
          ),
        exactly(
          `[INVALID_ARGUMENT] outcomeJson.channelOrgs: got ["Org1MSP","Org2MSP"], want the channel's orgs after the invitation of Org3MSP, so including it`,
        ),
      );
    });

    it('refuses an EXECUTED record whose org set still holds the removed org, and accepts its twin without it', async () => {
      await gov.init(THREE_MEMBERS);
      const { proposalId } = await gov.propose(gov.admin1, { removals: [{ mspId: 'Org3MSP' }] });
      await gov.vote(gov.admin1, proposalId, 'YES');
      await gov.vote(gov.admin2, proposalId, 'YES');
      await gov.claim(gov.admin1, proposalId);
      await gov.refused(
        gov.admin1,
        (ctx) => gov.contract.RecordExecution(ctx, proposalId, EXECUTED_ORG3),
        /^\[INVALID_ARGUMENT\] outcomeJson\.channelOrgs: got .*, want the channel's orgs after the removal of Org3MSP, so without it$/,
      );
      const view = await gov.record(gov.admin1, proposalId, {
        status: 'EXECUTED',
        configBlockNumber: 9,
        channelOrgs: ['Org2MSP', 'Org1MSP'],
      });
      expect(view.execution).to.deep.include({ configBlockNumber: 9, channelOrgs: ['Org1MSP', 'Org2MSP'] });
    });

    it('records an outcome only once', async () => {
      await gov.init();
      const proposalId = await gov.approvedInvitation('Org3MSP');
      await gov.execute(gov.admin1, proposalId, { status: 'EXECUTED' });
      await gov.refused(
        gov.admin2,
        (ctx) => gov.contract.RecordExecution(ctx, proposalId, EXECUTED_ORG3),
        /^\[FAILED_PRECONDITION\] cannot record the execution of proposal ".*": status got EXECUTED, want EXECUTING \(claim it first with Governance:ClaimExecution\)$/,
      );
    });

    it('refuses to execute proposals still in progress or expired', async () => {
      await gov.init();
      const { proposalId } = await gov.propose(
        gov.admin1,
        { invitations: [invitation('Org3MSP')] },
        iso('2025-02-01T00:00:00.000Z'),
      );
      await gov.vote(gov.admin1, proposalId, 'YES', iso('2025-02-01T00:00:01.000Z'));
      await gov.refused(
        gov.admin1,
        (ctx) => gov.contract.RecordExecution(ctx, proposalId, EXECUTED_ORG3),
        /status got IN_PROGRESS, want EXECUTING \(claim it first/,
      );
      await gov.refused(
        gov.admin1,
        (ctx) => gov.contract.RecordExecution(ctx, proposalId, EXECUTED_ORG3),
        /status got EXPIRED, want EXECUTING \(claim it first/,
        iso('2025-02-03T00:00:00.000Z'),
      );
    });

    it('refuses to execute an invitation of an org that became a member meanwhile', async () => {
      await gov.init();
      const first = await gov.approvedInvitation('Org3MSP');
      const second = await gov.approvedInvitation('Org3MSP');
      await gov.execute(gov.admin1, first, { status: 'EXECUTED' });
      await gov.claim(gov.admin1, second);
      await gov.refused(
        gov.admin1,
        (ctx) => gov.contract.RecordExecution(ctx, second, EXECUTED_ORG3),
        /^\[FAILED_PRECONDITION\] invitation of Org3MSP: it is already a member$/,
      );
      expect(
        (
          await gov.record(gov.admin1, second, {
            status: 'ACTION_FAILED',
            reason: 'Org3MSP is already in the channel',
          })
        ).status,
      ).to.equal('APPROVED');
    });

    it('records the outcome of another admin of the executing org', async () => {
      await gov.init();
      const proposalId = await gov.approvedInvitation('Org3MSP');
      await gov.claim(gov.admin1, proposalId);

      const otherOrg1Admin = roleIdentity('Org1MSP', 'admin', 'admin9');

      const view = await gov.record(otherOrg1Admin, proposalId, { status: 'EXECUTED' });

      expect(view.status).to.equal('EXECUTED');
      expect(view.execution?.recordedBy).to.deep.equal({ msp: 'Org1MSP', id: otherOrg1Admin.getID() });
    });

    it('refuses the outcome of a member that did not claim the execution, naming the executor', async () => {
      await gov.init();
      const proposalId = await gov.approvedInvitation('Org3MSP');
      await gov.claim(gov.admin1, proposalId, iso('2025-03-01T00:00:00.000Z'));

      await gov.refused(
        gov.admin2,
        (ctx) => gov.contract.RecordExecution(ctx, proposalId, EXECUTED_ORG3),
        /^\[FAILED_PRECONDITION\] cannot record the execution of proposal ".*" as Org2MSP: proposal ".*" is being executed by Org1MSP \(x509::\/C=US\/O=Org1MSP\/CN=admin1::.*\) since 2025-03-01T00:00:00\.000Z, claim transaction \w+, which records its outcome$/,
      );
      expect((await gov.getProposal(proposalId)).status).to.equal('EXECUTING');
    });

    it('refuses the outcome of an approved proposal nobody has claimed', async () => {
      await gov.init();
      const proposalId = await gov.approvedInvitation('Org3MSP');

      await gov.refused(
        gov.admin1,
        (ctx) => gov.contract.RecordExecution(ctx, proposalId, EXECUTED_ORG3),
        /^\[FAILED_PRECONDITION\] cannot record the execution of proposal ".*": status got APPROVED, want EXECUTING \(claim it first with Governance:ClaimExecution\)$/,
      );
      expect(await gov.listMembers()).to.deep.equal(['Org1MSP', 'Org2MSP']);
    });

    it('refuses callers that are not admins of a member', async () => {
      await gov.init();
      const proposalId = await gov.approvedInvitation('Org3MSP');
      await gov.refused(
        gov.teller1,
        (ctx) => gov.contract.RecordExecution(ctx, proposalId, EXECUTED_ORG3),
        /^\[PERMISSION_DENIED\] Governance:RecordExecution: attribute ledger\.role got "teller"/,
      );
      await gov.refused(
        gov.admin3,
        (ctx) => gov.contract.RecordExecution(ctx, proposalId, EXECUTED_ORG3),
        /^\[PERMISSION_DENIED\] Governance:RecordExecution: caller MSP got "Org3MSP"/,
      );
    });
  });

  describe('#RecordExecution refusing a malformed outcome', () => {
    it('refuses an outcome that is not JSON from the executor (cases in requests.spec.ts)', async () => {
      await gov.init();
      const proposalId = await gov.approvedInvitation('Org3MSP');
      await gov.claim(gov.admin1, proposalId);
      await gov.refused(
        gov.admin1,
        (ctx) => gov.contract.RecordExecution(ctx, proposalId, 'EXECUTED'),
        /^\[INVALID_ARGUMENT\] outcomeJson: got "EXECUTED", want well-formed JSON$/,
      );
      expect((await gov.getProposal(proposalId)).status).to.equal('EXECUTING');
    });
  });

  describe('#SupersedeProposal', () => {
    const supersede = async (identity: ClientIdentity, proposalId: string): Promise<ProposalView> =>
      parse<ProposalView>(
        (
          await gov.write(
            identity,
            'SupersedeProposal',
            (ctx) => gov.contract.SupersedeProposal(ctx, proposalId),
            {
              time: '2025-03-02T00:00:00.000Z',
            },
          )
        ).result,
      );

    it('closes an approved invitation of an org that became a member meanwhile, with the reason and who', async () => {
      await gov.init();
      const first = await gov.approvedInvitation('Org3MSP');
      const second = await gov.approvedInvitation('Org3MSP');
      await gov.execute(gov.admin1, first, { status: 'EXECUTED' });

      const view = await supersede(gov.admin3, second);

      expect(view.status).to.equal('SUPERSEDED');
      expect(view.execution).to.equal(null);
      expect(view.superseded).to.deep.include({
        reason: 'invitation of Org3MSP: it is already a member',
        recordedAt: '2025-03-02T00:00:00.000Z',
        txId: gov.h.fake.txId,
      });
      expect(view.superseded?.recordedBy.msp).to.equal('Org3MSP');
      expect((gov.h.journal().entries[0] as WriteEntry).writes.map((w) => w.key)).to.deep.equal([
        printableKey(proposalKey(second)),
      ]);
      expect(await gov.listMembers()).to.deep.equal(['Org1MSP', 'Org2MSP', 'Org3MSP']);
      const invitations = await gov.readAt<InvitationView[]>(gov.auditor1, (ctx) =>
        gov.contract.ListInvitations(ctx),
      );
      expect(invitations.map((i) => [i.proposalId, i.invitationStatus])).to.deep.equal([[first, 'ACCEPTED']]);
    });

    it("closes one under another member's claim, which can then record nothing", async () => {
      await gov.init();
      const first = await gov.approvedInvitation('Org3MSP');
      const second = await gov.approvedInvitation('Org3MSP');
      await gov.claim(gov.admin2, second);
      await gov.execute(gov.admin1, first, { status: 'EXECUTED' });

      expect((await supersede(gov.admin1, second)).status).to.equal('SUPERSEDED');

      await gov.refused(
        gov.admin2,
        (ctx) =>
          gov.contract.RecordExecution(
            ctx,
            second,
            JSON.stringify({ status: 'ACTION_FAILED', reason: 'late' }),
          ),
        /^\[FAILED_PRECONDITION\] cannot record the execution of proposal ".*": status got SUPERSEDED, want EXECUTING/,
      );
      await gov.refused(
        gov.admin2,
        (ctx) => gov.contract.ClaimExecution(ctx, second),
        /status got SUPERSEDED, want APPROVED$/,
      );
    });

    it('closes an approved removal of an org that is no longer a member', async () => {
      await gov.init();
      await gov.execute(gov.admin1, await gov.approvedInvitation('Org3MSP'), { status: 'EXECUTED' });
      const removals = { removals: [{ mspId: 'Org3MSP' }] };
      const ids: string[] = [];
      for (let i = 0; i < 2; i++) {
        const { proposalId } = await gov.propose(gov.admin1, removals);
        for (const admin of [gov.admin1, gov.admin2, gov.admin3]) await gov.vote(admin, proposalId, 'YES');
        ids.push(proposalId);
      }
      await gov.execute(gov.admin1, ids[0]!, { status: 'EXECUTED' });

      const view = await supersede(gov.admin2, ids[1]!);

      expect(view.superseded?.reason).to.equal('removal of Org3MSP: it is not a member');
    });

    it('refuses to close an approved proposal the member list still allows, and writes nothing', async () => {
      await gov.init();
      const proposalId = await gov.approvedInvitation('Org3MSP');
      await gov.refused(
        gov.admin2,
        (ctx) => gov.contract.SupersedeProposal(ctx, proposalId),
        /^\[FAILED_PRECONDITION\] cannot supersede proposal ".*": the member list still allows every action of it; execute it instead$/,
      );
      expect((await gov.getProposal(proposalId)).status).to.equal('APPROVED');
    });

    it('refuses a proposal that is not APPROVED or EXECUTING: in progress, executed, superseded', async () => {
      await gov.init();
      const { proposalId: open } = await gov.propose(gov.admin1, { invitations: [invitation('Org3MSP')] });
      await gov.refused(
        gov.admin1,
        (ctx) => gov.contract.SupersedeProposal(ctx, open),
        /^\[FAILED_PRECONDITION\] cannot supersede proposal ".*": status got IN_PROGRESS, want APPROVED or EXECUTING$/,
      );
      const first = await gov.approvedInvitation('Org3MSP');
      const second = await gov.approvedInvitation('Org3MSP');
      await gov.execute(gov.admin1, first, { status: 'EXECUTED' });
      await gov.refused(
        gov.admin1,
        (ctx) => gov.contract.SupersedeProposal(ctx, first),
        /status got EXECUTED, want/,
      );
      await supersede(gov.admin1, second);
      await gov.refused(
        gov.admin1,
        (ctx) => gov.contract.SupersedeProposal(ctx, second),
        /status got SUPERSEDED, want/,
      );
    });

    it('refuses callers who are not admins of a member, and an unknown proposal', async () => {
      await gov.init();
      const first = await gov.approvedInvitation('Org3MSP');
      const second = await gov.approvedInvitation('Org3MSP');
      await gov.execute(gov.admin1, first, { status: 'EXECUTED' });
      await gov.refused(
        gov.teller1,
        (ctx) => gov.contract.SupersedeProposal(ctx, second),
        /^\[PERMISSION_DENIED\]/,
      );
      await gov.refused(
        gov.admin4,
        (ctx) => gov.contract.SupersedeProposal(ctx, second),
        /^\[PERMISSION_DENIED\]/,
      );
      await gov.refused(
        gov.admin1,
        (ctx) => gov.contract.SupersedeProposal(ctx, 'no-such-proposal'),
        /^\[NOT_FOUND\]/,
      );
      expect((await gov.getProposal(second)).status).to.equal('APPROVED');
    });
  });
});

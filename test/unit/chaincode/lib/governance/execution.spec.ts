import { expect } from 'chai';
import { LedgerError } from '@chaincode/lib/errors';
import {
  claimExecution,
  requireAttemptRoom,
  requireClaimedByCaller,
  supersedeProposal,
} from '@chaincode/lib/governance/execution';
import type { ExecutionAttempt, ExecutionClaim, Member, Proposal } from '@chaincode/model/governance';
import { actorOf, exactly, nanos, proposalOf, voteOf } from '../../governanceFixtures';

const ORG1 = actorOf('Org1MSP');
const ORG2 = actorOf('Org2MSP');
/** Approved: 2 YES of 3 under 50 % GREATER_THAN. */
const APPROVED: Proposal = proposalOf({ votes: [voteOf('Org1MSP', 'YES'), voteOf('Org2MSP', 'YES')] });
const AT = '2025-02-01T12:00:00.000Z';

const claimOf = (actor = ORG1, claimedAt = AT): ExecutionClaim => ({
  executor: { msp: actor.msp, id: actor.id },
  claimedAt,
  txId: 'claim-1',
  tookOverFrom: null,
});

const attempt = (n: number): ExecutionAttempt => ({
  executor: { msp: 'Org1MSP', id: ORG1.id },
  reason: `failure ${n}`,
  recordedAt: AT,
  txId: `record-${n}`,
  claimTxId: `claim-${n}`,
});

describe('governance execution', () => {
  describe('#claimExecution', () => {
    it('claims an APPROVED proposal for the caller, with the time and transaction', () => {
      expect(claimExecution(APPROVED, ORG2, nanos(AT), AT, 'tx-9')).to.deep.equal({
        executor: { msp: 'Org2MSP', id: ORG2.id },
        claimedAt: AT,
        txId: 'tx-9',
        tookOverFrom: null,
      });
    });

    it('refuses to claim a proposal that is not APPROVED, naming its status', () => {
      const open = proposalOf({ votes: [voteOf('Org1MSP', 'YES')] });
      expect(() => claimExecution(open, ORG1, nanos(AT), AT, 'tx-9')).to.throw(
        LedgerError,
        /^\[FAILED_PRECONDITION\] cannot claim the execution of proposal "p1": status got IN_PROGRESS, want APPROVED$/,
      );
    });

    it("lets the executor's org claim again at any time, keeping whom the claim took over from", () => {
      const claimed = { ...APPROVED, claim: { ...claimOf(), tookOverFrom: { msp: 'Org3MSP', id: 'x' } } };
      const later = '2025-02-01T12:30:00.000Z';
      const again = claimExecution(
        claimed,
        actorOf('Org1MSP', 'admin', 'admin9'),
        nanos(later),
        later,
        'tx-2',
      );
      expect(again).to.deep.include({ claimedAt: later, tookOverFrom: { msp: 'Org3MSP', id: 'x' } });
      expect(again.executor.msp).to.equal('Org1MSP');
    });

    it('refuses another org while the claim holds, naming the executor and when it may take over', () => {
      const claimed = { ...APPROVED, claim: claimOf() };
      const early = '2025-02-01T12:59:59.999Z';
      expect(() => claimExecution(claimed, ORG2, nanos(early), early, 'tx-2')).to.throw(
        LedgerError,
        exactly(
          `[FAILED_PRECONDITION] proposal "p1" is being executed by Org1MSP (${ORG1.id}) since ${AT}, claim transaction claim-1; another member may take it over from 2025-02-01T13:00:00.000Z`,
        ),
      );
    });

    it('lets another org take over once the claim has timed out, naming whom it took over from', () => {
      const claimed = { ...APPROVED, claim: claimOf() };
      const late = '2025-02-01T13:00:00.000Z';
      expect(claimExecution(claimed, ORG2, nanos(late), late, 'tx-2')).to.deep.equal({
        executor: { msp: 'Org2MSP', id: ORG2.id },
        claimedAt: late,
        txId: 'tx-2',
        tookOverFrom: { msp: 'Org1MSP', id: ORG1.id },
      });
    });
  });

  describe('#requireClaimedByCaller', () => {
    it("returns the claim of the caller's org, whichever of its admins made it", () => {
      const claimed = { ...APPROVED, claim: claimOf() };
      const other = actorOf('Org1MSP', 'admin', 'admin9');
      expect(requireClaimedByCaller(claimed, other, nanos(AT), 'Governance:ClaimExecution')).to.deep.equal(
        claimOf(),
      );
    });

    it('refuses an unclaimed proposal, pointing at the claim function', () => {
      expect(() => requireClaimedByCaller(APPROVED, ORG1, nanos(AT), 'Governance:ClaimExecution')).to.throw(
        LedgerError,
        /^\[FAILED_PRECONDITION\] cannot record the execution of proposal "p1": status got APPROVED, want EXECUTING \(claim it first with Governance:ClaimExecution\)$/,
      );
    });

    it("refuses another org, naming the claim's executor", () => {
      const claimed = { ...APPROVED, claim: claimOf() };
      expect(() => requireClaimedByCaller(claimed, ORG2, nanos(AT), 'Governance:ClaimExecution')).to.throw(
        LedgerError,
        /^\[FAILED_PRECONDITION\] cannot record the execution of proposal "p1" as Org2MSP: proposal "p1" is being executed by Org1MSP \(.*\) since 2025-02-01T12:00:00\.000Z, claim transaction claim-1, which records its outcome$/,
      );
    });
  });

  describe('#requireAttemptRoom', () => {
    it('returns the attempts so far while fewer than 20 are kept, none when absent', () => {
      const nineteen = Array.from({ length: 19 }, (_, i) => attempt(i));
      expect(requireAttemptRoom(proposalOf({ attempts: nineteen }))).to.deep.equal(nineteen);
      expect(requireAttemptRoom(proposalOf())).to.deep.equal([]);
    });

    it('refuses a 21st attempt once 20 are kept', () => {
      const twenty = Array.from({ length: 20 }, (_, i) => attempt(i));
      expect(() => requireAttemptRoom(proposalOf({ attempts: twenty }))).to.throw(
        LedgerError,
        /^\[FAILED_PRECONDITION\] proposal "p1" has 20 failed execution attempts recorded, the most kept; fix the cause and record EXECUTED$/,
      );
    });
  });

  describe('#supersedeProposal', () => {
    const memberOf = (mspId: string): Member => ({
      mspId,
      displayName: mspId,
      joinedAt: AT,
      invitedBy: null,
    });
    /** APPROVED removes Org3MSP (the fixture's action); Org3MSP is gone already. */
    const WITHOUT_ORG3 = [memberOf('Org1MSP'), memberOf('Org2MSP')];

    it('supersedes an APPROVED removal of a non-member, with the reason, caller, time and transaction', () => {
      expect(supersedeProposal(APPROVED, WITHOUT_ORG3, ORG2, nanos(AT), AT, 'tx-9').superseded).to.deep.equal(
        {
          reason: 'removal of Org3MSP: it is not a member',
          recordedBy: { msp: 'Org2MSP', id: ORG2.id },
          recordedAt: AT,
          txId: 'tx-9',
        },
      );
    });

    it('refuses the same proposal while Org3MSP is still a member', () => {
      expect(() =>
        supersedeProposal(APPROVED, [...WITHOUT_ORG3, memberOf('Org3MSP')], ORG2, nanos(AT), AT, 'tx-9'),
      ).to.throw(
        LedgerError,
        /^\[FAILED_PRECONDITION\] cannot supersede proposal "p1": the member list still allows every action of it; execute it instead$/,
      );
    });

    it("supersedes one EXECUTING under another org's claim, joining every contradiction", () => {
      const both = proposalOf({
        ...APPROVED,
        claim: claimOf(ORG1),
        actions: {
          invitations: [
            { mspId: 'Org2MSP', orgName: 'Org2', rootCerts: [], tlsRootCerts: [], adminCert: '' },
          ],
          removals: [{ mspId: 'Org3MSP' }],
          policyChange: null,
          vepsKeys: null,
        },
      });
      expect(supersedeProposal(both, WITHOUT_ORG3, ORG2, nanos(AT), AT, 'tx-9').superseded?.reason).to.equal(
        'invitation of Org2MSP: it is already a member; removal of Org3MSP: it is not a member',
      );
    });

    it('refuses a proposal that is neither APPROVED nor EXECUTING, naming its status', () => {
      const open = proposalOf({ votes: [voteOf('Org1MSP', 'YES')] });
      expect(() => supersedeProposal(open, WITHOUT_ORG3, ORG2, nanos(AT), AT, 'tx-9')).to.throw(
        LedgerError,
        /^\[FAILED_PRECONDITION\] cannot supersede proposal "p1": status got IN_PROGRESS, want APPROVED or EXECUTING$/,
      );
    });
  });
});

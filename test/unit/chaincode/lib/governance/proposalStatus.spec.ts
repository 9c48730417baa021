import { expect } from 'chai';
import { LedgerError } from '@chaincode/lib/errors';
import {
  claimTimeout,
  countVotes,
  invitationStatusOf,
  proposalExpiryIso,
  proposalView,
  requireFirstVote,
  requireStatus,
  statusOf,
  withoutClaim,
} from '@chaincode/lib/governance/proposalStatus';
import type { Execution, ExecutionClaim } from '@chaincode/model/governance';
import { GT, GTE, nanos, proposalOf, typedPolicy, voteOf } from '../../governanceFixtures';

const CLAIM: ExecutionClaim = {
  executor: { msp: 'Org1MSP', id: 'admin1' },
  claimedAt: '2025-02-01T12:00:00.000Z',
  txId: 'claim-1',
  tookOverFrom: null,
};

const EXECUTION: Execution = {
  status: 'EXECUTED',
  reason: null,
  configBlockNumber: 7,
  channelOrgs: ['Org1MSP', 'Org2MSP'],
  recordedBy: { msp: 'Org1MSP', id: 'admin1' },
  recordedAt: '2025-02-01T13:00:00.000Z',
  txId: 'record-1',
};

const NOON = nanos('2025-02-01T12:00:00.000Z');

describe('governance proposal status', () => {
  describe('#statusOf', () => {
    it('is IN_PROGRESS without votes before expiry and EXPIRED from the expiry on', () => {
      const proposal = proposalOf();
      expect(statusOf(proposal, nanos('2025-02-01T23:59:59.999Z'))).to.equal('IN_PROGRESS');
      expect(statusOf(proposal, nanos('2025-02-02T00:00:00.000Z'))).to.equal('EXPIRED');
    });

    it('is APPROVED with 2 YES of 3 under 50 % GREATER_THAN, and still IN_PROGRESS with 1 YES', () => {
      const approved = proposalOf({ votes: [voteOf('Org1MSP', 'YES'), voteOf('Org2MSP', 'YES')] });
      const open = proposalOf({ votes: [voteOf('Org1MSP', 'YES')] });
      expect(statusOf(approved, NOON)).to.equal('APPROVED');
      expect(statusOf(open, NOON)).to.equal('IN_PROGRESS');
    });

    it('is REJECTED once 2 NO of 3 leave the threshold out of reach, and not with 1 NO', () => {
      const rejected = proposalOf({ votes: [voteOf('Org1MSP', 'NO'), voteOf('Org2MSP', 'NO')] });
      const open = proposalOf({ votes: [voteOf('Org1MSP', 'NO')] });
      expect(statusOf(rejected, NOON)).to.equal('REJECTED');
      expect(statusOf(open, NOON)).to.equal('IN_PROGRESS');
    });

    it('is EXECUTING while claimed, whatever the votes or the time, and APPROVED again without the claim', () => {
      const approved = proposalOf({ votes: [voteOf('Org1MSP', 'YES'), voteOf('Org2MSP', 'YES')] });
      expect(statusOf({ ...approved, claim: CLAIM }, nanos('2025-03-01T00:00:00.000Z'))).to.equal(
        'EXECUTING',
      );
      expect(statusOf(withoutClaim({ ...approved, claim: CLAIM }), NOON)).to.equal('APPROVED');
    });

    it('is the recorded outcome once executed, even with a claim left on the record', () => {
      const executed = proposalOf({ claim: CLAIM, execution: EXECUTION });
      expect(statusOf(executed, NOON)).to.equal('EXECUTED');
      expect(statusOf({ ...executed, execution: null }, NOON)).to.equal('EXECUTING');
    });
    it('is SUPERSEDED once superseded, even with a claim left on the record, and EXECUTING without it', () => {
      const superseded = proposalOf({
        claim: CLAIM,
        superseded: {
          reason: 'removal of Org3MSP: it is not a member',
          recordedBy: { msp: 'Org2MSP', id: 'admin2' },
          recordedAt: '2025-02-01T12:00:00.000Z',
          txId: 'tx-s',
        },
      });
      expect(statusOf(superseded, NOON)).to.equal('SUPERSEDED');
      expect(statusOf({ ...superseded, superseded: undefined }, NOON)).to.equal('EXECUTING');
    });
  });

  describe('#countVotes and #proposalView', () => {
    it('counts YES and NO votes and the outstanding ones of the members at creation', () => {
      const proposal = proposalOf({ votes: [voteOf('Org1MSP', 'YES'), voteOf('Org3MSP', 'NO')] });
      expect(countVotes(proposal)).to.deep.equal({ yes: 1, no: 1 });
      expect(countVotes(proposalOf())).to.deep.equal({ yes: 0, no: 0 });
      const view = proposalView(proposal, NOON);
      expect([view.status, view.yesVoteCount, view.noVoteCount, view.outstandingVoteCount]).to.deep.equal([
        'IN_PROGRESS',
        1,
        1,
        1,
      ]);
      expect(view).to.deep.include(proposal);
    });
  });

  describe('#proposalExpiryIso and #claimTimeout', () => {
    it('expires a proposal the policy duration after its creation', () => {
      expect(proposalExpiryIso('2025-02-01T10:00:00.000Z', typedPolicy(75, GTE, 48))).to.equal(
        '2025-02-03T10:00:00.000Z',
      );
      expect(proposalExpiryIso('2025-02-01T10:00:00.000Z', typedPolicy(50, GT, 1))).to.equal(
        '2025-02-01T11:00:00.000Z',
      );
    });

    it('lets a claim be taken over one hour after it was made', () => {
      expect(claimTimeout(CLAIM)).to.equal(nanos('2025-02-01T13:00:00.000Z'));
      expect(claimTimeout({ ...CLAIM, claimedAt: '2025-02-01T12:30:00.000Z' })).to.equal(
        nanos('2025-02-01T13:30:00.000Z'),
      );
    });
  });

  describe('#invitationStatusOf', () => {
    it('lists invitations PENDING while APPROVED or EXECUTING and ACCEPTED once EXECUTED', () => {
      const listed = (['APPROVED', 'EXECUTING', 'EXECUTED'] as const).map(invitationStatusOf);
      expect(listed).to.deep.equal(['PENDING', 'PENDING', 'ACCEPTED']);
    });

    it('does not list invitations of proposals IN_PROGRESS, REJECTED or EXPIRED', () => {
      for (const status of ['IN_PROGRESS', 'REJECTED', 'EXPIRED'] as const) {
        expect(invitationStatusOf(status), status).to.equal(undefined);
      }
    });
  });

  describe('#withoutClaim', () => {
    it('drops the claim and keeps every other field, without changing the proposal it was given', () => {
      const claimed = proposalOf({ claim: CLAIM, attempts: [] });
      const released = withoutClaim(claimed);
      expect(released).to.not.have.property('claim');
      expect({ ...released, claim: CLAIM }).to.deep.equal(claimed);
      expect(claimed.claim).to.deep.equal(CLAIM);
    });
  });

  describe('#requireStatus', () => {
    it('passes a proposal with the wanted status and refuses another naming both statuses', () => {
      const proposal = proposalOf();
      expect(() => {
        requireStatus(proposal, NOON, 'IN_PROGRESS', 'vote on');
      }).not.to.throw();
      expect(() => {
        requireStatus(proposal, nanos('2025-02-02T00:00:00.000Z'), 'IN_PROGRESS', 'vote on');
      }).to.throw(
        LedgerError,
        /^\[FAILED_PRECONDITION\] cannot vote on proposal "p1": status got EXPIRED, want IN_PROGRESS$/,
      );
    });
  });

  describe('#requireFirstVote', () => {
    it("passes an org's first vote and refuses its second, naming the vote it cast", () => {
      const proposal = proposalOf({ votes: [voteOf('Org1MSP', 'YES', '2025-02-01T00:00:05.000Z')] });
      expect(() => {
        requireFirstVote(proposal, 'Org2MSP');
      }).not.to.throw();
      expect(() => {
        requireFirstVote(proposal, 'Org1MSP');
      }).to.throw(
        LedgerError,
        /^\[ALREADY_EXISTS\] Org1MSP already voted YES on proposal "p1" at 2025-02-01T00:00:05\.000Z; votes cannot be changed$/,
      );
    });
  });
});

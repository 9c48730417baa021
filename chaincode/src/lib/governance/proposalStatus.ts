/**
 * The status of a proposal and what follows from it: vote counts, the query view, expiry, the execution
 * claim's timeout and where an invitation stands, and the status and one-vote checks. Pure: the time
 * is an argument.
 */
import { ErrorCode, LedgerError } from '../errors';
import { isoFromNanos, parseIsoInstant } from '../time';
import { decideStatus, NANOS_PER_HOUR, proposalExpiry, type ApprovalThresholdPolicy } from '../voting';
import {
  InvitationStatus,
  ProposalStatus,
  Vote,
  type ExecutionClaim,
  type Proposal,
  type ProposalView,
} from '../../model/governance';
import { EXECUTION_CLAIM_TIMEOUT_HOURS } from '../../model/governanceLimits';

/**
 * The status of a proposal at a given time: the recorded execution outcome, else SUPERSEDED when it
 * was superseded, else EXECUTING when its execution is claimed, else the voting status.
 *
 * @param proposal - the stored proposal.
 * @param now - the current transaction time in nanoseconds.
 * @returns the status.
 */
export function statusOf(proposal: Proposal, now: bigint): ProposalStatus {
  if (proposal.execution !== null) {
    return proposal.execution.status;
  }
  if (proposal.superseded !== undefined) {
    return ProposalStatus.SUPERSEDED;
  }
  if (proposal.claim !== undefined) {
    return ProposalStatus.EXECUTING;
  }
  const { yes, no } = countVotes(proposal);
  return decideStatus(
    yes,
    no,
    proposal.memberCountAtCreation,
    proposal.policy,
    parseIsoInstant('createdAt', proposal.createdAt),
    now,
  );
}

/**
 * Counts the votes cast on a proposal.
 *
 * @returns the YES and NO votes.
 */
export function countVotes(proposal: Pick<Proposal, 'votes'>): { yes: number; no: number } {
  const yes = proposal.votes.filter((cast) => cast.vote === Vote.YES).length;
  return { yes, no: proposal.votes.length - yes };
}

/**
 * A proposal as the queries return it.
 *
 * @param proposal - the stored proposal.
 * @param now - the current transaction time in nanoseconds.
 * @returns the proposal with its status at `now` and its vote counts.
 */
export function proposalView(proposal: Proposal, now: bigint): ProposalView {
  const { yes, no } = countVotes(proposal);
  return {
    ...proposal,
    status: statusOf(proposal, now),
    yesVoteCount: yes,
    noVoteCount: no,
    outstandingVoteCount: proposal.memberCountAtCreation - yes - no,
  };
}

/**
 * When a proposal created at `createdAt` under `policy` expires.
 *
 * @returns the ISO instant `createdAt` + the policy's duration.
 */
export function proposalExpiryIso(createdAt: string, policy: ApprovalThresholdPolicy): string {
  return isoFromNanos(proposalExpiry(parseIsoInstant('createdAt', createdAt), policy));
}

/**
 * When another member may take over an execution claim.
 *
 * @returns the claim's time + {@link EXECUTION_CLAIM_TIMEOUT_HOURS}, in nanoseconds.
 */
export function claimTimeout(claim: ExecutionClaim): bigint {
  return (
    parseIsoInstant('claimedAt', claim.claimedAt) + BigInt(EXECUTION_CLAIM_TIMEOUT_HOURS) * NANOS_PER_HOUR
  );
}

const INVITATION_STATUS: Readonly<Partial<Record<ProposalStatus, InvitationStatus>>> = {
  APPROVED: InvitationStatus.PENDING,
  EXECUTING: InvitationStatus.PENDING,
  EXECUTED: InvitationStatus.ACCEPTED,
};

/**
 * Where the invitations of a proposal with this status stand.
 *
 * @returns PENDING (APPROVED or EXECUTING), ACCEPTED (EXECUTED), or `undefined` when its invitations
 * are not listed (IN_PROGRESS, REJECTED, EXPIRED, SUPERSEDED).
 */
export function invitationStatusOf(status: ProposalStatus): InvitationStatus | undefined {
  return INVITATION_STATUS[status];
}

/**
 * Releases a proposal's execution claim (a failed attempt): it is APPROVED again.
 *
 * @returns a copy of the proposal without `claim`.
 */
export function withoutClaim(proposal: Proposal): Proposal {
  const released: { -readonly [K in keyof Proposal]?: Proposal[K] } = { ...proposal };
  delete released.claim;
  return released as Proposal;
}

/**
 * Refuses unless the proposal has the wanted status at `now`.
 *
 * @param what - what the caller wants to do, e.g. `vote on`, for the message.
 * @throws {@link LedgerError} FAILED_PRECONDITION naming both statuses.
 */
export function requireStatus(proposal: Proposal, now: bigint, wanted: ProposalStatus, what: string): void {
  const status = statusOf(proposal, now);
  if (status !== wanted) {
    throw new LedgerError(
      ErrorCode.FAILED_PRECONDITION,
      `cannot ${what} proposal ${JSON.stringify(proposal.proposalId)}: status got ${status}, want ${wanted}`,
    );
  }
}

/**
 * Refuses a second vote of the same org: a vote cannot be changed.
 *
 * @param voterMsp - the caller's org.
 * @throws {@link LedgerError} ALREADY_EXISTS naming the earlier vote.
 */
export function requireFirstVote(proposal: Proposal, voterMsp: string): void {
  const previous = proposal.votes.find((cast) => cast.voterMsp === voterMsp);
  if (previous !== undefined) {
    throw new LedgerError(
      ErrorCode.ALREADY_EXISTS,
      `${voterMsp} already voted ${previous.vote} on proposal ${JSON.stringify(proposal.proposalId)} at ${previous.votedAt}; votes cannot be changed`,
    );
  }
}

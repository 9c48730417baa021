/**
 * Rules of carrying out an approved proposal: one member claims the execution at a time (the
 * executor may resume, another member may take over after the claim's timeout), only the claiming
 * org records the outcome, failed attempts are kept up to a limit, and a proposal the member list no
 * longer allows is superseded. Pure: the caller, the time and the records are arguments.
 */
import { ErrorCode, LedgerError } from '../errors';
import type { Actor } from '../roles';
import { isoFromNanos } from '../time';
import {
  ProposalStatus,
  type ExecutionAttempt,
  type ExecutionClaim,
  type Member,
  type Proposal,
} from '../../model/governance';
import { MAX_EXECUTION_ATTEMPTS } from '../../model/governanceLimits';
import { memberConflicts } from './proposalActions';
import { claimTimeout, statusOf } from './proposalStatus';

/** Who executes a proposal since when, for messages. */
function beingExecuted(proposal: Proposal, claim: ExecutionClaim): string {
  return `proposal ${JSON.stringify(proposal.proposalId)} is being executed by ${claim.executor.msp} (${claim.executor.id}) since ${claim.claimedAt}, claim transaction ${claim.txId}`;
}

/**
 * Claims the execution of a proposal for the caller's org: an APPROVED proposal, or an EXECUTING one
 * claimed by the same org (resume) or by another org whose claim has timed out (take-over).
 *
 * @param proposal - the stored proposal.
 * @param actor - the caller.
 * @param now - the transaction time in nanoseconds.
 * @param claimedAt - the ISO instant of `now`.
 * @param txId - the claiming transaction.
 * @returns the new claim; `tookOverFrom` names the executor taken over from, if any.
 * @throws {@link LedgerError} FAILED_PRECONDITION (neither APPROVED nor EXECUTING; EXECUTING by another
 * org whose claim has not timed out, naming the executor and when it times out).
 */
export function claimExecution(
  proposal: Proposal,
  actor: Actor,
  now: bigint,
  claimedAt: string,
  txId: string,
): ExecutionClaim {
  const status = statusOf(proposal, now);
  const previous = proposal.claim;
  if (status === ProposalStatus.EXECUTING && previous !== undefined) {
    if (previous.executor.msp !== actor.msp && now < claimTimeout(previous)) {
      throw new LedgerError(
        ErrorCode.FAILED_PRECONDITION,
        `${beingExecuted(proposal, previous)}; another member may take it over from ${isoFromNanos(claimTimeout(previous))}`,
      );
    }
  } else if (status !== ProposalStatus.APPROVED) {
    throw new LedgerError(
      ErrorCode.FAILED_PRECONDITION,
      `cannot claim the execution of proposal ${JSON.stringify(proposal.proposalId)}: status got ${status}, want ${ProposalStatus.APPROVED}`,
    );
  }
  const takeover = previous !== undefined && previous.executor.msp !== actor.msp;
  return {
    executor: { msp: actor.msp, id: actor.id },
    claimedAt,
    txId,
    tookOverFrom: takeover ? previous.executor : (previous?.tookOverFrom ?? null),
  };
}

/**
 * Refuses unless the proposal is EXECUTING under a claim of the caller's org.
 *
 * @param claimFunction - `Governance:ClaimExecution`, named in the message.
 * @returns the claim.
 * @throws {@link LedgerError} FAILED_PRECONDITION.
 */
export function requireClaimedByCaller(
  proposal: Proposal,
  actor: Actor,
  now: bigint,
  claimFunction: string,
): ExecutionClaim {
  const status = statusOf(proposal, now);
  const claim = proposal.claim;
  if (status !== ProposalStatus.EXECUTING || claim === undefined) {
    throw new LedgerError(
      ErrorCode.FAILED_PRECONDITION,
      `cannot record the execution of proposal ${JSON.stringify(proposal.proposalId)}: status got ${status}, want ${ProposalStatus.EXECUTING} (claim it first with ${claimFunction})`,
    );
  }
  if (claim.executor.msp !== actor.msp) {
    throw new LedgerError(
      ErrorCode.FAILED_PRECONDITION,
      `cannot record the execution of proposal ${JSON.stringify(proposal.proposalId)} as ${actor.msp}: ${beingExecuted(proposal, claim)}, which records its outcome`,
    );
  }
  return claim;
}

/**
 * The failed attempts of a proposal, refusing one more once {@link MAX_EXECUTION_ATTEMPTS} are kept.
 *
 * @returns the attempts recorded so far, oldest first.
 * @throws {@link LedgerError} FAILED_PRECONDITION.
 */
export function requireAttemptRoom(proposal: Proposal): readonly ExecutionAttempt[] {
  const attempts = proposal.attempts ?? [];
  if (attempts.length >= MAX_EXECUTION_ATTEMPTS) {
    throw new LedgerError(
      ErrorCode.FAILED_PRECONDITION,
      `proposal ${JSON.stringify(proposal.proposalId)} has ${attempts.length} failed execution attempts recorded, the most kept; fix the cause and record EXECUTED`,
    );
  }
  return attempts;
}

/**
 * Closes an APPROVED or EXECUTING proposal that the member list no longer allows: it invites a member
 * or removes a non-member, because another proposal changed the list since it was approved. Such a
 * proposal can never be recorded EXECUTED, and without this it would stay open for good. Any member
 * may do it, even while another member's claim holds: the reason is found here, from the members, so
 * a proposal that could still be carried out is never closed.
 *
 * @param proposal - the stored proposal.
 * @param members - the current members.
 * @param actor - the caller.
 * @param now - the transaction time in nanoseconds.
 * @param recordedAt - the ISO instant of `now`.
 * @param txId - the transaction.
 * @returns the proposal with `superseded` set (status SUPERSEDED).
 * @throws {@link LedgerError} FAILED_PRECONDITION (neither APPROVED nor EXECUTING; the member list still
 * allows every action).
 */
export function supersedeProposal(
  proposal: Proposal,
  members: readonly Member[],
  actor: Actor,
  now: bigint,
  recordedAt: string,
  txId: string,
): Proposal {
  const id = JSON.stringify(proposal.proposalId);
  const status = statusOf(proposal, now);
  if (status !== ProposalStatus.APPROVED && status !== ProposalStatus.EXECUTING) {
    throw new LedgerError(
      ErrorCode.FAILED_PRECONDITION,
      `cannot supersede proposal ${id}: status got ${status}, want ${ProposalStatus.APPROVED} or ${ProposalStatus.EXECUTING}`,
    );
  }
  const conflicts = memberConflicts(proposal.actions, members);
  if (conflicts.length === 0) {
    throw new LedgerError(
      ErrorCode.FAILED_PRECONDITION,
      `cannot supersede proposal ${id}: the member list still allows every action of it; execute it instead`,
    );
  }
  return {
    ...proposal,
    superseded: {
      reason: conflicts.join('; '),
      recordedBy: { msp: actor.msp, id: actor.id },
      recordedAt,
      txId,
    },
  };
}

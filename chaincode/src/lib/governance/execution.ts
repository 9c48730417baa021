/**
 * Rules of carrying out an approved proposal: one member claims the execution at a time (the
 * executor may resume, another member may take over after the claim's timeout), only the claiming
 * org records the outcome, and failed attempts are kept up to a limit. Pure: the caller, the time and
 * the records are arguments.
 */
import { ErrorCode, LedgerError } from '../errors';
import type { Actor } from '../roles';
import { isoFromNanos } from '../time';
import {
  ProposalStatus,
  type ExecutionAttempt,
  type ExecutionClaim,
  type Proposal,
} from '../../model/governance';
import { MAX_EXECUTION_ATTEMPTS } from '../../model/governanceLimits';
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

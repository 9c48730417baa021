/**
 * What `ledger gov watch` does with each proposal it reads from the ledger: execute it now, resume an
 * execution this org claimed earlier (a previous watch or `ledger gov execute` stopped before recording
 * the outcome), take over another member's claim that has timed out, supersede one the member list no
 * longer allows, or leave it. Pure: the proposals,
 * the org, the time and what this watch tried before are arguments.
 */
import type { ProposalSummary } from './governanceClient';

/** What to do with one proposal. */
export type WatchAction = 'resume' | 'supersede' | 'execute' | 'take-over' | 'leave';

/** The decision on one proposal, with the reason in words (logged). */
export interface WatchDecision {
  readonly proposalId: string;
  readonly action: WatchAction;
  readonly reason: string;
}

/** The inputs of {@link planWatch}. */
export interface WatchPlanInput {
  /** Proposals as the ledger returns them (oldest first), typically the APPROVED and EXECUTING ones. */
  readonly proposals: readonly ProposalSummary[];
  /** This org's MSP id: the executor the watch claims as. */
  readonly mspId: string;
  /** The current time, ms since the epoch. */
  readonly nowMs: number;
  /** How long a claim holds before another member may take it over (the chaincode's timeout). */
  readonly claimTimeoutMs: number;
  /** Failed attempts the chaincode keeps at most: a proposal with that many is left to a person. */
  readonly maxAttempts: number;
  /** How long to wait after a failed attempt (on the ledger or by this watch) before trying again. */
  readonly retryAfterMs: number;
  /** When this watch last ran each proposal without it ending EXECUTED (ms since the epoch). */
  readonly lastFailedAt: ReadonlyMap<string, number>;
  /**
   * The consortium's members now (MSP ids): a proposal that invites a member or removes a non-member
   * can no longer be recorded EXECUTED (another proposal changed the list since), so it is superseded.
   */
  readonly members: readonly string[];
}

const ORDER: Readonly<Record<WatchAction, number>> = {
  resume: 0,
  supersede: 1,
  execute: 2,
  'take-over': 3,
  leave: 4,
};

/**
 * Decides, for every proposal, what the watch does now. The result is in the order to run them: this
 * org's own interrupted executions first, then supersessions, then APPROVED proposals, then take-overs,
 * each group oldest first as given; the left ones come last.
 *
 * - EXECUTING, claimed by this org → `resume` (the claim is renewed and applied steps are skipped).
 * - EXECUTING, claimed by another org, claim older than `claimTimeoutMs` → `take-over`; younger → `leave`.
 * - APPROVED → `execute`, unless it already has `maxAttempts` failed attempts, or its last failed attempt
 *   (anyone's, on the ledger) is younger than `retryAfterMs` → `leave`.
 * - Any proposal this watch ran without success less than `retryAfterMs` ago → `leave` (no busy loop
 *   on an outcome that cannot be recorded).
 * - APPROVED or EXECUTING (by any org), inviting a current member or removing a non-member (the member
 *   list changed since by another proposal, so the chaincode would refuse its EXECUTED record) →
 *   `supersede` (`Governance:SupersedeProposal`, which checks the same on the ledger).
 * - Any other status (IN_PROGRESS, REJECTED, EXPIRED, EXECUTED) → `leave`.
 *
 * @param input - See {@link WatchPlanInput}.
 * @returns One decision per proposal, in the order to run them.
 */
export function planWatch(input: Readonly<WatchPlanInput>): WatchDecision[] {
  return input.proposals
    .map((proposal, index) => ({ decision: decide(proposal, input), index }))
    .sort((a, b) => ORDER[a.decision.action] - ORDER[b.decision.action] || a.index - b.index)
    .map((entry) => entry.decision);
}

function decide(proposal: ProposalSummary, input: Readonly<WatchPlanInput>): WatchDecision {
  const { proposalId, status } = proposal;
  const leave = (reason: string): WatchDecision => ({ proposalId, action: 'leave', reason });
  if (status !== 'APPROVED' && status !== 'EXECUTING') {
    return leave(`status ${status}: nothing to execute`);
  }
  const triedAt = input.lastFailedAt.get(proposalId);
  if (triedAt !== undefined && input.nowMs - triedAt < input.retryAfterMs) {
    return leave(
      `this watch ran it without success at ${iso(triedAt)}; trying again from ${iso(triedAt + input.retryAfterMs)}`,
    );
  }
  const outdated = outdatedBy(proposal, input.members);
  if (outdated !== undefined) {
    return { proposalId, action: 'supersede', reason: `${outdated}: it can never be recorded EXECUTED` };
  }
  if (status === 'EXECUTING') return decideClaimed(proposal, input, leave);
  const held = attemptsHoldBack(proposal, input);
  return held === undefined ? { proposalId, action: 'execute', reason: 'APPROVED' } : leave(held);
}

/** How the member list contradicts a proposal's invitations and removals, or undefined. */
function outdatedBy(proposal: ProposalSummary, members: readonly string[]): string | undefined {
  const invited = proposal.actions.invitations.map((i) => i.mspId).filter((m) => members.includes(m));
  const removed = proposal.actions.removals.map((r) => r.mspId).filter((m) => !members.includes(m));
  const problems = [
    ...invited.map((m) => `it invites ${m}, already a member`),
    ...removed.map((m) => `it removes ${m}, not a member`),
  ];
  return problems.length === 0 ? undefined : problems.join('; ');
}

/** Why the failed attempts on the ledger hold an APPROVED proposal back now, or undefined. */
function attemptsHoldBack(proposal: ProposalSummary, input: Readonly<WatchPlanInput>): string | undefined {
  const attempts = proposal.attempts ?? [];
  if (attempts.length >= input.maxAttempts) {
    return `${attempts.length} failed attempts recorded, the most the chaincode keeps; fix the cause and run ledger gov execute ${proposal.proposalId}`;
  }
  const last = attempts[attempts.length - 1];
  if (last === undefined) return undefined;
  const lastAt = Date.parse(last.recordedAt);
  if (Number.isFinite(lastAt) && input.nowMs - lastAt < input.retryAfterMs) {
    return `its last attempt, by ${last.executor.msp}, failed at ${iso(lastAt)}; trying again from ${iso(lastAt + input.retryAfterMs)}`;
  }
  return undefined;
}

function decideClaimed(
  proposal: ProposalSummary,
  input: Readonly<WatchPlanInput>,
  leave: (reason: string) => WatchDecision,
): WatchDecision {
  const { proposalId, claim } = proposal;
  if (claim === undefined || claim === null) return leave('EXECUTING without a claim: nothing to resume');
  if (claim.executor.msp === input.mspId) {
    return {
      proposalId,
      action: 'resume',
      reason: `EXECUTING, claimed by this org (${claim.executor.id}) at ${claim.claimedAt} and not recorded`,
    };
  }
  const claimedAt = Date.parse(claim.claimedAt);
  const timeout = claimedAt + input.claimTimeoutMs;
  if (Number.isFinite(claimedAt) && input.nowMs >= timeout) {
    return {
      proposalId,
      action: 'take-over',
      reason: `EXECUTING, claimed by ${claim.executor.msp} at ${claim.claimedAt}; the claim timed out at ${iso(timeout)}`,
    };
  }
  return leave(
    `EXECUTING, claimed by ${claim.executor.msp} (${claim.executor.id}) at ${claim.claimedAt}` +
      (Number.isFinite(claimedAt) ? `; another member may take it over from ${iso(timeout)}` : ''),
  );
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

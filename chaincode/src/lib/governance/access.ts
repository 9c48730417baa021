/**
 * Who may take part in governance: admins of member orgs, and only the members at a proposal's
 * creation may vote on it. Pure: the caller and the records are arguments.
 */
import { ErrorCode, LedgerError, show } from '../errors';
import { Role, ROLE_ATTRIBUTE, type Actor } from '../roles';
import type { Member, Proposal } from '../../model/governance';

/** The role a member org's identity needs to propose, vote and record executions. */
export const GOVERNANCE_ROLE = Role.ADMIN;

/**
 * Refuses a caller without the {@link GOVERNANCE_ROLE}.
 *
 * @param name - `Governance:<Function>`, for the message.
 * @throws {@link LedgerError} PERMISSION_DENIED.
 */
export function requireGovernanceRole(actor: Actor, name: string): void {
  if (actor.role !== GOVERNANCE_ROLE) {
    throw new LedgerError(
      ErrorCode.PERMISSION_DENIED,
      `${name}: attribute ${ROLE_ATTRIBUTE} got ${show(actor.rawRole ?? undefined)}, want ${GOVERNANCE_ROLE} (a member org's admin)`,
    );
  }
}

/**
 * Refuses a caller whose org is not a current member.
 *
 * @param name - `Governance:<Function>`, for the message.
 * @throws {@link LedgerError} PERMISSION_DENIED naming the members.
 */
export function requireMember(actor: Actor, members: readonly Member[], name: string): void {
  if (!members.some((member) => member.mspId === actor.msp)) {
    throw new LedgerError(
      ErrorCode.PERMISSION_DENIED,
      `${name}: caller MSP got ${show(actor.msp)}, want a consortium member (${members.map((m) => m.mspId).join(', ') || 'none'})`,
    );
  }
}

/**
 * Refuses a caller whose org was not a member when the proposal was created.
 *
 * @param name - `Governance:<Function>`, for the message.
 * @throws {@link LedgerError} PERMISSION_DENIED naming the eligible voters.
 */
export function requireEligible(actor: Actor, proposal: Proposal, name: string): void {
  if (!proposal.eligibleVoters.includes(actor.msp)) {
    throw new LedgerError(
      ErrorCode.PERMISSION_DENIED,
      `${name}: ${actor.msp} was not a member when proposal ${JSON.stringify(proposal.proposalId)} was created; voters are ${proposal.eligibleVoters.join(', ')}`,
    );
  }
}

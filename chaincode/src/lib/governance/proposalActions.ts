/**
 * Rules of what a proposal asks for: its action kinds and governing policy, the checks of invitations
 * and removals against the members and of an execution's channel orgs, and the policy change it makes.
 * Pure: no state, no clock.
 */
import { ErrorCode, invalidArgument, LedgerError } from '../errors';
import { stricterPolicy, type ApprovalThresholdPolicy } from '../voting';
import {
  ProposalAction,
  type Consortium,
  type Member,
  type PolicyChange,
  type Proposal,
  type ProposalActions,
} from '../../model/governance';

const ACTION_KINDS: readonly ProposalAction[] = Object.values(ProposalAction);

/**
 * The kinds of action present in a proposal.
 *
 * @returns the kinds, in {@link ProposalAction} order.
 */
export function actionKindsOf(actions: ProposalActions): ProposalAction[] {
  const present: Readonly<Record<ProposalAction, boolean>> = {
    INVITE: actions.invitations.length > 0,
    REMOVE: actions.removals.length > 0,
    POLICY_CHANGE: actions.policyChange !== null,
    VEPS_KEYS: (actions.vepsKeys ?? null) !== null,
  };
  return ACTION_KINDS.filter((kind) => present[kind]);
}

/**
 * The policy that governs a proposal: the stricter of the policies of its action kinds, each the
 * kind's own policy or else the consortium's default policy.
 *
 * @param consortium - the consortium's policies.
 * @param actionKinds - the proposal's action kinds ({@link actionKindsOf}).
 * @param memberCount - the number of members, which decides which policy is stricter.
 * @returns the effective policy.
 */
export function governingPolicy(
  consortium: Pick<Consortium, 'policy' | 'actionPolicies'>,
  actionKinds: readonly ProposalAction[],
  memberCount: number,
): ApprovalThresholdPolicy {
  return stricterPolicy(
    actionKinds.map((kind) => consortium.actionPolicies[kind] ?? consortium.policy),
    memberCount,
  );
}

/**
 * Applies an executed policy change: a new default policy if given; per action, the new policy, or
 * none for `null`, or else the current one.
 *
 * @param consortium - the consortium before the change.
 * @param change - the change.
 * @param now - the ISO instant of the execution (`updatedAt`).
 * @returns the consortium after the change.
 */
export function applyPolicyChange(consortium: Consortium, change: PolicyChange, now: string): Consortium {
  const actionPolicies: Partial<Record<ProposalAction, ApprovalThresholdPolicy>> = {};
  for (const kind of ACTION_KINDS) {
    const next = change.actionPolicies[kind];
    const policy = next === undefined ? consortium.actionPolicies[kind] : next;
    if (policy !== undefined && policy !== null) {
      actionPolicies[kind] = policy;
    }
  }
  return { ...consortium, policy: change.policy ?? consortium.policy, actionPolicies, updatedAt: now };
}

/**
 * How the current members contradict a proposal's invitations and removals: each invitation of a
 * member and each removal of a non-member (the member list changed since the proposal, by another one).
 *
 * @returns one message per contradiction, naming the org; empty when there is none.
 */
export function memberConflicts(actions: ProposalActions, members: readonly Member[]): string[] {
  const current = new Set(members.map((member) => member.mspId));
  return [
    ...actions.invitations
      .filter((invitation) => current.has(invitation.mspId))
      .map((invitation) => `invitation of ${invitation.mspId}: it is already a member`),
    ...actions.removals
      .filter((removal) => !current.has(removal.mspId))
      .map((removal) => `removal of ${removal.mspId}: it is not a member`),
  ];
}

/**
 * Checks invitations and removals against the current members (at creation and again at execution):
 * no invitation of a member, no removal of a non-member, and at least one member left.
 *
 * @throws {@link LedgerError} FAILED_PRECONDITION naming the org.
 */
export function checkActionsAgainstMembers(actions: ProposalActions, members: readonly Member[]): void {
  const [conflict] = memberConflicts(actions, members);
  if (conflict !== undefined) throw new LedgerError(ErrorCode.FAILED_PRECONDITION, conflict);
  const current = new Set(members.map((member) => member.mspId));
  if (current.size + actions.invitations.length - actions.removals.length < 1) {
    throw new LedgerError(
      ErrorCode.FAILED_PRECONDITION,
      'the removals would leave the consortium without members',
    );
  }
}

/**
 * The deterministic part of checking an EXECUTED record against the channel: the reported org set
 * must contain every invited org and none of the removed ones.
 *
 * @throws {@link LedgerError} INVALID_ARGUMENT naming `outcomeJson.channelOrgs`.
 */
export function checkChannelOrgs(proposal: Pick<Proposal, 'actions'>, channelOrgs: readonly string[]): void {
  for (const invitation of proposal.actions.invitations) {
    if (!channelOrgs.includes(invitation.mspId)) {
      throw invalidArgument(
        'outcomeJson.channelOrgs',
        channelOrgs,
        `the channel's orgs after the invitation of ${invitation.mspId}, so including it`,
      );
    }
  }
  for (const removal of proposal.actions.removals) {
    if (channelOrgs.includes(removal.mspId)) {
      throw invalidArgument(
        'outcomeJson.channelOrgs',
        channelOrgs,
        `the channel's orgs after the removal of ${removal.mspId}, so without it`,
      );
    }
  }
}

/**
 * Records of the Governance contract: the consortium and its members, charters, proposals with their
 * votes, execution claims and outcomes, the consortium's VEPS keys, and the views the queries return.
 * Keys are built in `lib/keys.ts` (`consortiumKey()`, `memberKey(mspId)`, `charterKey(charterSha256)`,
 * `proposalKey(proposalId)`, `vepsKeysKey()`).
 */
import type { VepsKeyEntry, VepsKeysChange } from '../lib/vepsSignature';
import { VotingStatus, type ApprovalThresholdPolicy } from '../lib/voting';

/** Kinds of action a proposal carries; each may have its own policy. */
export const ProposalAction = {
  INVITE: 'INVITE',
  REMOVE: 'REMOVE',
  POLICY_CHANGE: 'POLICY_CHANGE',
  /** Sets the consortium's VEPS verification keys (on-chain only: no channel change). */
  VEPS_KEYS: 'VEPS_KEYS',
} as const;

/** One of the {@link ProposalAction} values. */
export type ProposalAction = (typeof ProposalAction)[keyof typeof ProposalAction];

/**
 * Proposal statuses: the voting statuses; EXECUTING once a member has claimed the execution of an
 * APPROVED proposal (`ClaimExecution`); EXECUTED once its execution is recorded; SUPERSEDED once a
 * member has recorded that the member list no longer allows it (`SupersedeProposal`: it invites a
 * member or removes a non-member, because another proposal changed the list since). EXECUTED and
 * SUPERSEDED are final. A failed attempt is not a status: it is kept in `attempts` and the proposal is
 * APPROVED (executable) again.
 */
export const ProposalStatus = {
  ...VotingStatus,
  EXECUTING: 'EXECUTING',
  EXECUTED: 'EXECUTED',
  SUPERSEDED: 'SUPERSEDED',
} as const;

/** One of the {@link ProposalStatus} values. */
export type ProposalStatus = (typeof ProposalStatus)[keyof typeof ProposalStatus];

/**
 * What `RecordExecution` can report: EXECUTED (final), or ACTION_FAILED, a failed attempt that is
 * added to the proposal's `attempts` and leaves it APPROVED.
 */
export const ExecutionOutcomeStatus = {
  EXECUTED: 'EXECUTED',
  ACTION_FAILED: 'ACTION_FAILED',
} as const;

/** One of the {@link ExecutionOutcomeStatus} values. */
export type ExecutionOutcomeStatus = (typeof ExecutionOutcomeStatus)[keyof typeof ExecutionOutcomeStatus];

/** A vote. */
export const Vote = { YES: 'YES', NO: 'NO' } as const;

/** One of the {@link Vote} values. */
export type Vote = (typeof Vote)[keyof typeof Vote];

/** Where an invitation stands: approved and waiting (failed attempts included), or carried out. */
export const InvitationStatus = {
  PENDING: 'PENDING',
  ACCEPTED: 'ACCEPTED',
} as const;

/** One of the {@link InvitationStatus} values. */
export type InvitationStatus = (typeof InvitationStatus)[keyof typeof InvitationStatus];

/** Per-action policies; an action without one is governed by the default policy. */
export type ActionPolicies = Readonly<Partial<Record<ProposalAction, ApprovalThresholdPolicy>>>;

/** Who did something: MSP id and client identity id. */
export interface GovernanceActor {
  readonly msp: string;
  readonly id: string;
}

/** The consortium, stored under `consortiumKey()`. */
export interface Consortium {
  readonly networkName: string;
  /** The default policy: governs every action without its own policy; the channel Admins policy follows it. */
  readonly policy: ApprovalThresholdPolicy;
  readonly actionPolicies: ActionPolicies;
  readonly createdAt: string;
  readonly createdBy: GovernanceActor;
  readonly updatedAt: string;
}

/** A member org, stored under `memberKey(mspId)`; deleted when a removal is executed. */
export interface Member {
  readonly mspId: string;
  readonly displayName: string;
  readonly joinedAt: string;
  /** The executed proposal that invited the org, `null` for founding members. */
  readonly invitedBy: string | null;
}

/** An invitation of a new org, with the MSP definition the channel update needs. */
export interface Invitation {
  readonly mspId: string;
  readonly orgName: string;
  /** PEM root CA certificates of the new org's MSP. */
  readonly rootCerts: readonly string[];
  /** PEM TLS root CA certificates; the root certificates when not given. */
  readonly tlsRootCerts: readonly string[];
  /** PEM certificate of the new org's admin. */
  readonly adminCert: string;
}

/** Removal of a current member. */
export interface Removal {
  readonly mspId: string;
}

/** A new default policy and/or per-action policies (`null` drops an action's own policy). */
export interface PolicyChange {
  readonly policy: ApprovalThresholdPolicy | null;
  readonly actionPolicies: Readonly<Partial<Record<ProposalAction, ApprovalThresholdPolicy | null>>>;
}

/**
 * The consortium's VEPS keys, stored under `vepsKeysKey()` by an executed `VEPS_KEYS` proposal and
 * read by `Journal:SubmitEvents`: while `keys` is non-empty, every event's signature must verify.
 */
export interface VepsKeysRecord {
  readonly keys: readonly VepsKeyEntry[];
  /** The executed proposal that set them; `null` when none ever did. */
  readonly proposalId: string | null;
  /** When that proposal's execution was recorded; `null` when none ever was. */
  readonly updatedAt: string | null;
}

/** Everything a proposal asks for. */
export interface ProposalActions {
  readonly invitations: readonly Invitation[];
  readonly removals: readonly Removal[];
  readonly policyChange: PolicyChange | null;
  /** New consortium VEPS keys; `null` (or absent, in proposals made before the action existed) when none. */
  readonly vepsKeys?: VepsKeysChange | null;
}

/** One member's vote. */
export interface VoteRecord {
  readonly voterMsp: string;
  readonly voterId: string;
  readonly vote: Vote;
  readonly votedAt: string;
  readonly txId: string;
}

/** Who is carrying out an approved proposal (status EXECUTING), from `ClaimExecution`. */
export interface ExecutionClaim {
  readonly executor: GovernanceActor;
  /** Time of the claim, or of the executor's last re-claim (resume). */
  readonly claimedAt: string;
  /** The `ClaimExecution` transaction. */
  readonly txId: string;
  /** The executor of the claim this one took over after its timeout; `null` when none was. */
  readonly tookOverFrom: GovernanceActor | null;
}

/**
 * The recorded execution of an approved proposal. It names the channel configuration block that holds
 * the result, so anyone can check it against the channel (`ledger gov verify`): that block is a config
 * block and its application orgs are exactly `channelOrgs`.
 */
export interface Execution {
  readonly status: typeof ExecutionOutcomeStatus.EXECUTED;
  /** Always `null` (kept for the record's shape). */
  readonly reason: string | null;
  /** Number of the channel configuration block in effect after the execution. */
  readonly configBlockNumber: number | null;
  /** MSP ids of that block's application orgs, sorted; absent in records made before it was required. */
  readonly channelOrgs?: readonly string[];
  readonly recordedBy: GovernanceActor;
  readonly recordedAt: string;
  readonly txId: string;
}

/**
 * Why an approved proposal will never be executed: the member list no longer allows it. The chaincode
 * finds the reason itself from the members at the time (`SupersedeProposal`), so no member can close a
 * proposal that could still be carried out.
 */
export interface Supersession {
  /** The contradictions, e.g. `invitation of Org3MSP: it is already a member`, joined by `; `. */
  readonly reason: string;
  readonly recordedBy: GovernanceActor;
  readonly recordedAt: string;
  /** The `SupersedeProposal` transaction. */
  readonly txId: string;
}

/** A failed attempt at executing an approved proposal; the proposal stays APPROVED. */
export interface ExecutionAttempt {
  readonly executor: GovernanceActor;
  /** Why it failed, as the executor reported it. */
  readonly reason: string;
  readonly recordedAt: string;
  /** The `RecordExecution` transaction. */
  readonly txId: string;
  /** The `ClaimExecution` transaction of the attempt. */
  readonly claimTxId: string;
}

/** A consortium definition waiting for its founding members, stored under `charterKey(charterSha256)`. */
export interface Charter {
  /** SHA-256 hex of the definition's canonical JSON. */
  readonly charterSha256: string;
  readonly definition: ConsortiumDefinition;
  /** In the order given; the consortium is founded when every founding member is here. */
  readonly acceptedBy: readonly (GovernanceActor & { readonly at: string; readonly txId: string })[];
}

/** What `InitConsortium` returns: the charter's acceptances and, once founded, the consortium. */
export interface CharterView {
  readonly charterSha256: string;
  readonly acceptedBy: readonly string[];
  readonly waitingFor: readonly string[];
  readonly consortium: ConsortiumView | null;
}

/** A proposal, stored under `proposalKey(proposalId)`. */
export interface Proposal {
  /** The Fabric transaction id of `CreateProposal`. */
  readonly proposalId: string;
  readonly description: string;
  readonly proposedBy: GovernanceActor;
  readonly actions: ProposalActions;
  /** The kinds of action present, in {@link ProposalAction} order. */
  readonly actionKinds: readonly ProposalAction[];
  /** The effective policy: the stricter of the policies of the action kinds present. */
  readonly policy: ApprovalThresholdPolicy;
  readonly memberCountAtCreation: number;
  /** The members at creation, the only orgs that may vote. */
  readonly eligibleVoters: readonly string[];
  readonly createdAt: string;
  /** `createdAt` + `policy.proposalDurationInHours`; a vote at or after it is refused. */
  readonly expiresAt: string;
  /** In the order cast. */
  readonly votes: readonly VoteRecord[];
  /** The execution claim; absent until one is made, and again after a failed attempt. */
  readonly claim?: ExecutionClaim;
  /** Failed execution attempts, oldest first; absent until one is recorded. */
  readonly attempts?: readonly ExecutionAttempt[];
  readonly execution: Execution | null;
  /** Set when the proposal was superseded (status SUPERSEDED, final); absent otherwise. */
  readonly superseded?: Supersession;
}

/** A proposal as the queries return it: the stored record with its status at the query's time. */
export interface ProposalView extends Proposal {
  readonly status: ProposalStatus;
  readonly yesVoteCount: number;
  readonly noVoteCount: number;
  readonly outstandingVoteCount: number;
}

/** One invitation of an approved or carried-out proposal, as `ListInvitations` returns it. */
export interface InvitationView extends Invitation {
  readonly proposalId: string;
  readonly proposalStatus: ProposalStatus;
  readonly invitationStatus: InvitationStatus;
  readonly createdAt: string;
}

/** The consortium with its members and the derived channel Admins policy, as `GetConsortium` returns it. */
export interface ConsortiumView extends Consortium {
  readonly members: readonly Member[];
  /** N of the channel's `OutOf(N, <member>.admin…)` Admins policy, from the default policy. */
  readonly adminsSignaturesRequired: number;
  /** The Admins policy rule, e.g. `OutOf(2, 'Org1MSP.admin', 'Org2MSP.admin', 'Org3MSP.admin')`. */
  readonly adminsPolicyRule: string;
}

/** A parsed consortium definition (`InitConsortium`), members sorted by MSP id. */
export interface ConsortiumDefinition {
  readonly networkName: string;
  readonly members: readonly { readonly mspId: string; readonly displayName: string }[];
  readonly policy: ApprovalThresholdPolicy;
  readonly actionPolicies: ActionPolicies;
}

/** The record while no `VEPS_KEYS` proposal was executed: no keys, verification off. */
export const NO_VEPS_KEYS: VepsKeysRecord = { keys: [], proposalId: null, updatedAt: null };

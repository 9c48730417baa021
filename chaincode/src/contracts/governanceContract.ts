/**
 * The Governance contract: consortium membership by proposals and votes, as Amazon Managed Blockchain
 * does it. Member admins propose invitations, removals and policy changes and vote on them, one vote
 * per member org; the status follows from the votes, the member count at creation and the transaction
 * timestamps (`lib/voting.ts`). An approved proposal is carried out off-chain (`ledger gov execute`
 * changes the channel configuration) by one member at a time: it first claims the execution here
 * (APPROVED → EXECUTING), then records the outcome, which updates the member list.
 */
import { Info, Returns, Transaction } from 'fabric-contract-api';
import { LedgerContext } from '../ledgerContext';
import { canonicalJson } from '../lib/canonicalJson';
import { ErrorCode, invalidArgument, LedgerError, show } from '../lib/errors';
import type { WriteEntryType } from '../lib/journal';
import { compositeKey } from '../lib/keys';
import { sha256Hex } from '../lib/sha256';
import { Permission, requirePermission, Role, ROLE_ATTRIBUTE } from '../lib/roles';
import { isoFromNanos, parseIsoInstant } from '../lib/time';
import {
  MAX_VEPS_KEY_PEM_LENGTH,
  MAX_VEPS_KEYS,
  VEPS_KEY_ID_PATTERN,
  vepsKeyFromPem,
  type VepsKeyEntry,
  type VepsKeysChange,
} from '../lib/vepsSignature';

export type { VepsKeyEntry, VepsKeysChange } from '../lib/vepsSignature';
import { parseJsonArgument, parsePageSize, requireId, requireMsp, requireText } from '../lib/validate';
import {
  adminsSignaturePolicy,
  adminsSignatureRule,
  decideStatus,
  NANOS_PER_HOUR,
  parseApprovalThresholdPolicy,
  proposalExpiry,
  stricterPolicy,
  VotingStatus,
  type ApprovalThresholdPolicy,
} from '../lib/voting';
import type { Page } from '../model/audit';
import { LedgerContract } from './ledgerContract';

/** The contract name: functions are invoked as `Governance:<Function>`. */
export const GOVERNANCE_CONTRACT = 'Governance';
/**
 * Journal entry type of every governance write. It must be listed in `WRITE_ENTRY_TYPES` of
 * `lib/journal.ts`; until it is, `encodeJournalRecord` refuses the entry and every write fails closed.
 */
export const GOVERNANCE_ENTRY_TYPE: WriteEntryType = 'governance';
/** The role a member org's identity needs to propose, vote and record executions. */
export const GOVERNANCE_ROLE = Role.ADMIN;

/** Object types of the governance records (composite keys). */
export const GovernanceRecordType = {
  /** `[CONSORTIUM_RECORD_ID]`: network name and policies. */
  CONSORTIUM: 'consortium',
  /** `[mspId]`: one current member. */
  MEMBER: 'member',
  /** `[proposalId]`: a proposal with its votes and execution outcome. */
  PROPOSAL: 'proposal',
  /** `[charterSha256]`: a consortium definition and the founding members that accepted it. */
  CHARTER: 'charter',
  /** `[CONSORTIUM_RECORD_ID]`: the consortium's VEPS verification keys ({@link VepsKeysRecord}). */
  VEPS_KEYS: 'veps-keys',
} as const;

/** The one attribute of the consortium record's key. */
export const CONSORTIUM_RECORD_ID = 'current';

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
 * APPROVED proposal (`ClaimExecution`); and EXECUTED once its execution is recorded. A failed attempt
 * is not a status: it is kept in `attempts` and the proposal is APPROVED (executable) again.
 */
export const ProposalStatus = {
  ...VotingStatus,
  EXECUTING: 'EXECUTING',
  EXECUTED: 'EXECUTED',
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

/** Most members in `InitConsortium`. */
export const MAX_MEMBERS = 100;
/**
 * Fewest founding members: one org alone cannot found a consortium of itself, since every founding
 * member must accept the charter (`InitConsortium`).
 */
export const MIN_FOUNDING_MEMBERS = 2;
/** Most failed execution attempts kept on one proposal; a further attempt is refused. */
export const MAX_EXECUTION_ATTEMPTS = 20;
/** Most invitations, and most removals, in one proposal. */
export const MAX_ACTIONS_PER_KIND = 10;
/** Most root (or TLS root) certificates of one invitation. */
export const MAX_ROOT_CERTS = 4;
/** Longest PEM certificate, in characters. */
export const MAX_CERT_LENGTH = 8192;
/** Longest proposal description. */
export const MAX_PROPOSAL_DESCRIPTION_LENGTH = 256;
/** Longest display name of a member or org name of an invitation. */
export const MAX_ORG_NAME_LENGTH = 128;
/** Longest failure reason of `RecordExecution`. */
export const MAX_REASON_LENGTH = 1024;
/**
 * How long an execution claim keeps other members out, in transaction time from its last (re)claim:
 * after it another member may take the execution over (the executor may have crashed or lost its
 * credentials). The executor itself may re-claim (resume) at any time, which starts the period again.
 */
export const EXECUTION_CLAIM_TIMEOUT_HOURS = 1;

/** Per-action policies; an action without one is governed by the default policy. */
export type ActionPolicies = Readonly<Partial<Record<ProposalAction, ApprovalThresholdPolicy>>>;

/** Who did something: MSP id and client identity id. */
export interface GovernanceActor {
  readonly msp: string;
  readonly id: string;
}

/** The consortium, stored under {@link consortiumKey}. */
export interface Consortium {
  readonly networkName: string;
  /** The default policy: governs every action without its own policy; the channel Admins policy follows it. */
  readonly policy: ApprovalThresholdPolicy;
  readonly actionPolicies: ActionPolicies;
  readonly createdAt: string;
  readonly createdBy: GovernanceActor;
  readonly updatedAt: string;
}

/** A member org, stored under {@link memberKey}; deleted when a removal is executed. */
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
 * The consortium's VEPS keys, stored under {@link vepsKeysKey} by an executed `VEPS_KEYS` proposal and
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

/** A consortium definition waiting for its founding members, stored under {@link charterKey}. */
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

/** A proposal, stored under {@link proposalKey}. */
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

const action = (fn: string): string => `${GOVERNANCE_CONTRACT}:${fn}`;
const ACTION_KINDS: readonly ProposalAction[] = Object.values(ProposalAction);
const PROPOSAL_STATUSES: readonly string[] = Object.values(ProposalStatus);
const VOTES: readonly string[] = Object.values(Vote);
const EXECUTION_STATUSES: readonly string[] = Object.values(ExecutionOutcomeStatus);
const PEM_CERTIFICATE =
  /^-----BEGIN CERTIFICATE-----\r?\n(?:[A-Za-z0-9+/=]{1,76}\r?\n)+-----END CERTIFICATE-----\r?\n?$/;
const PEM_PUBLIC_KEY =
  /^-----BEGIN PUBLIC KEY-----\r?\n(?:[A-Za-z0-9+/=]{1,76}\r?\n)+-----END PUBLIC KEY-----\r?\n?$/;
const PROPOSAL_BOOKMARK = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z\/[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;

/** @returns the key of the consortium record. */
export function consortiumKey(): string {
  return compositeKey(GovernanceRecordType.CONSORTIUM, [CONSORTIUM_RECORD_ID]);
}

/** @returns the key of a member record. */
export function memberKey(mspId: string): string {
  return compositeKey(GovernanceRecordType.MEMBER, [mspId]);
}

/** @returns the key of a consortium charter. */
export function charterKey(charterSha256: string): string {
  return compositeKey(GovernanceRecordType.CHARTER, [charterSha256]);
}

/** @returns the key of a proposal. */
export function proposalKey(proposalId: string): string {
  return compositeKey(GovernanceRecordType.PROPOSAL, [proposalId]);
}

/** @returns the key of the consortium's VEPS keys record. */
export function vepsKeysKey(): string {
  return compositeKey(GovernanceRecordType.VEPS_KEYS, [CONSORTIUM_RECORD_ID]);
}

/** The record while no `VEPS_KEYS` proposal was executed: no keys, verification off. */
export const NO_VEPS_KEYS: VepsKeysRecord = { keys: [], proposalId: null, updatedAt: null };

/** Consortium governance: members, proposals, votes and the recorded execution of approved proposals. */
@Info({ title: GOVERNANCE_CONTRACT, description: 'Consortium members, proposals and votes' })
export class GovernanceContract extends LedgerContract {
  constructor() {
    super(GOVERNANCE_CONTRACT);
  }

  /**
   * Founds the consortium by unanimous charter: each founding member's admin calls it with the same
   * definition (name, founding members, policies); the consortium exists once every founding member has
   * accepted that definition. So no org alone chooses the founding members or the policy: naming another
   * org needs that org's acceptance, and a charter must name at least {@link MIN_FOUNDING_MEMBERS} orgs.
   * The chaincode cannot read the channel configuration, so it cannot check that every channel org is
   * named; `ledger gov init` refuses a definition whose members differ from the channel's application
   * orgs. Accepts the content of `channel-config/consortium.json`: top-level keys starting with `$`
   * and the members' `ca` and `adminIdentities` (off-chain details) are ignored. Definitions are
   * compared after parsing (member order, spacing and `$` keys do not matter); differing definitions
   * are separate charters, and the first one accepted by all its founding members founds the consortium.
   *
   * @param ctx - transaction context.
   * @param consortiumJson - `{networkName, members: [{mspId, displayName}], policy, actionPolicies?}`.
   * @returns the {@link CharterView} as canonical JSON (`consortium` set once founded).
   * @throws {@link LedgerError} INVALID_ARGUMENT (also fewer than two members), PERMISSION_DENIED (role
   * admin of a founding member), ALREADY_EXISTS (a consortium exists; this org already accepted this
   * charter), FAILED_PRECONDITION (transaction timestamp too far from the endorser's clock).
   */
  @Transaction()
  @Returns('string')
  async InitConsortium(ctx: LedgerContext, consortiumJson: string): Promise<string> {
    const name = action('InitConsortium');
    ctx.requireTimestampNearClock(name);
    requireGovernanceRole(ctx, name);
    const definition = parseConsortium(consortiumJson);
    const founders = definition.members.map((m) => m.mspId);
    if (!founders.includes(ctx.actor.msp)) {
      throw new LedgerError(
        ErrorCode.PERMISSION_DENIED,
        `${name}: caller MSP got ${show(ctx.actor.msp)}, want one of the founding members ${founders.join(', ')}`,
      );
    }
    if ((await ctx.readJson<Consortium>(consortiumKey())) !== undefined) {
      throw new LedgerError(ErrorCode.ALREADY_EXISTS, `the consortium already exists; change it by proposal`);
    }
    const charterSha256 = sha256Hex(Buffer.from(canonicalJson(definition), 'utf8'));
    const stored = await ctx.readJson<Charter>(charterKey(charterSha256));
    const accepted = stored?.acceptedBy ?? [];
    const previous = accepted.find((a) => a.msp === ctx.actor.msp);
    if (previous !== undefined) {
      throw new LedgerError(
        ErrorCode.ALREADY_EXISTS,
        `${ctx.actor.msp} already accepted charter ${charterSha256} at ${previous.at}; waiting for ${waitingFor(founders, accepted).join(', ')}`,
      );
    }
    const charter: Charter = {
      charterSha256,
      definition,
      acceptedBy: [...accepted, { msp: ctx.actor.msp, id: ctx.actor.id, at: ctx.tx.iso, txId: ctx.tx.txId }],
    };
    await ctx.putRecord(charterKey(charterSha256), charter);
    const waiting = waitingFor(founders, charter.acceptedBy);
    // The org whose admin proposed the charter (its first acceptance).
    const initiator = charter.acceptedBy[0] ?? ctx.actor;
    let founded: ConsortiumView | null = null;
    if (waiting.length === 0) {
      const consortium: Consortium = {
        networkName: definition.networkName,
        policy: definition.policy,
        actionPolicies: definition.actionPolicies,
        createdAt: ctx.tx.iso,
        createdBy: { msp: initiator.msp, id: initiator.id },
        updatedAt: ctx.tx.iso,
      };
      const members: Member[] = definition.members.map((m) => ({
        ...m,
        joinedAt: ctx.tx.iso,
        invitedBy: null,
      }));
      await ctx.putRecord(consortiumKey(), consortium);
      for (const member of members) {
        await ctx.putRecord(memberKey(member.mspId), member);
      }
      founded = consortiumView(consortium, members);
    }
    await commit(ctx, name);
    const view: CharterView = {
      charterSha256,
      acceptedBy: charter.acceptedBy.map((a) => a.msp),
      waitingFor: waiting,
      consortium: founded,
    };
    return canonicalJson(view);
  }

  /**
   * Proposes invitations, removals, a policy change and/or new consortium VEPS keys. The proposal id is the transaction id; the
   * effective policy is the stricter of the policies of the action kinds present.
   *
   * @param ctx - transaction context.
   * @param actionsJson - `{invitations?: [{mspId, orgName, rootCerts, tlsRootCerts?, adminCert}],
   * removals?: [{mspId}], policyChange?: {policy?, actionPolicies?}, vepsKeys?: {keys: [{id,
   * publicKeyPem}]}}`, at least one action. `vepsKeys` (action kind `VEPS_KEYS`) sets the consortium's
   * VEPS verification keys when executed (an empty list turns verification off); it changes nothing on
   * the channel, so its execution records the current configuration block and orgs.
   * @param description - `""` or up to 256 characters.
   * @returns the proposal view as canonical JSON.
   * @throws {@link LedgerError} INVALID_ARGUMENT, PERMISSION_DENIED (not an admin of a member),
   * FAILED_PRECONDITION (no consortium; invitation of a member; removal of a non-member or of every member),
   * ALREADY_EXISTS.
   */
  @Transaction()
  @Returns('string')
  async CreateProposal(ctx: LedgerContext, actionsJson: string, description: string): Promise<string> {
    const name = action('CreateProposal');
    ctx.requireTimestampNearClock(name);
    requireGovernanceRole(ctx, name);
    const actions = parseActions(actionsJson);
    const text =
      description === '' ? '' : requireText('description', description, MAX_PROPOSAL_DESCRIPTION_LENGTH);
    const consortium = await loadConsortium(ctx);
    const members = await loadMembers(ctx);
    requireMember(ctx, members, name);
    checkActionsAgainstMembers(actions, members);
    const proposalId = ctx.tx.txId;
    if ((await ctx.readJson<Proposal>(proposalKey(proposalId))) !== undefined) {
      throw new LedgerError(
        ErrorCode.ALREADY_EXISTS,
        `proposal ${JSON.stringify(proposalId)} already exists`,
      );
    }
    const actionKinds = kindsOf(actions);
    const policy = stricterPolicy(
      actionKinds.map((kind) => consortium.actionPolicies[kind] ?? consortium.policy),
      members.length,
    );
    const proposal: Proposal = {
      proposalId,
      description: text,
      proposedBy: { msp: ctx.actor.msp, id: ctx.actor.id },
      actions,
      actionKinds,
      policy,
      memberCountAtCreation: members.length,
      eligibleVoters: members.map((member) => member.mspId),
      createdAt: ctx.tx.iso,
      expiresAt: expiryIso(ctx.tx.iso, policy),
      votes: [],
      execution: null,
    };
    await ctx.putRecord(proposalKey(proposalId), proposal);
    await commit(ctx, name);
    return canonicalJson(viewOf(proposal, ctx.tx.nanos));
  }

  /**
   * Casts the caller's org's vote. One vote per member org, by an admin of that org, while the proposal
   * is IN_PROGRESS; a vote cannot be changed.
   *
   * @param ctx - transaction context.
   * @param proposalId - the proposal.
   * @param vote - `YES` or `NO`.
   * @returns the proposal view after the vote as canonical JSON.
   * @throws {@link LedgerError} INVALID_ARGUMENT, PERMISSION_DENIED (not an admin of a member eligible to
   * vote), NOT_FOUND, FAILED_PRECONDITION (not IN_PROGRESS), ALREADY_EXISTS (the org has voted).
   */
  @Transaction()
  @Returns('string')
  async VoteOnProposal(ctx: LedgerContext, proposalId: string, vote: string): Promise<string> {
    const name = action('VoteOnProposal');
    ctx.requireTimestampNearClock(name);
    requireGovernanceRole(ctx, name);
    requireId('proposalId', proposalId);
    const ballot = parseVote(vote);
    requireMember(ctx, await loadMembers(ctx), name);
    const proposal = await loadProposal(ctx, proposalId);
    requireEligible(ctx, proposal, name);
    requireStatus(proposal, ctx.tx.nanos, ProposalStatus.IN_PROGRESS, 'vote on');
    const previous = proposal.votes.find((cast) => cast.voterMsp === ctx.actor.msp);
    if (previous !== undefined) {
      throw new LedgerError(
        ErrorCode.ALREADY_EXISTS,
        `${ctx.actor.msp} already voted ${previous.vote} on proposal ${JSON.stringify(proposalId)} at ${previous.votedAt}; votes cannot be changed`,
      );
    }
    const record: VoteRecord = {
      voterMsp: ctx.actor.msp,
      voterId: ctx.actor.id,
      vote: ballot,
      votedAt: ctx.tx.iso,
      txId: ctx.tx.txId,
    };
    const changed: Proposal = { ...proposal, votes: [...proposal.votes, record] };
    await ctx.putRecord(proposalKey(proposalId), changed);
    await commit(ctx, name);
    return canonicalJson(viewOf(changed, ctx.tx.nanos));
  }

  /**
   * Claims the execution of an APPROVED proposal for the caller's org: the status becomes EXECUTING,
   * with the executor, time and transaction, and only that org may record the outcome. One member
   * executes at a time: a second claim is refused naming the executor (two claims endorsed at once
   * read the same proposal version, so Fabric commits the first and invalidates the other as an MVCC
   * read conflict; its retry is then refused). The executor's org may claim again while EXECUTING to
   * resume an interrupted execution; another member may take the execution over once
   * {@link EXECUTION_CLAIM_TIMEOUT_HOURS} of transaction time have passed since the last claim.
   *
   * @param ctx - transaction context.
   * @param proposalId - the proposal.
   * @returns the proposal view (status EXECUTING, `claim` set) as canonical JSON.
   * @throws {@link LedgerError} INVALID_ARGUMENT, PERMISSION_DENIED (not an admin of a member), NOT_FOUND,
   * FAILED_PRECONDITION (neither APPROVED nor EXECUTING; EXECUTING by another member whose claim has
   * not timed out).
   */
  @Transaction()
  @Returns('string')
  async ClaimExecution(ctx: LedgerContext, proposalId: string): Promise<string> {
    const name = action('ClaimExecution');
    ctx.requireTimestampNearClock(name);
    requireGovernanceRole(ctx, name);
    requireId('proposalId', proposalId);
    requireMember(ctx, await loadMembers(ctx), name);
    const proposal = await loadProposal(ctx, proposalId);
    const status = statusOf(proposal, ctx.tx.nanos);
    const previous = proposal.claim;
    if (status === ProposalStatus.EXECUTING && previous !== undefined) {
      if (previous.executor.msp !== ctx.actor.msp && ctx.tx.nanos < claimTimeout(previous)) {
        throw new LedgerError(
          ErrorCode.FAILED_PRECONDITION,
          `${beingExecuted(proposal, previous)}; another member may take it over from ${isoFromNanos(claimTimeout(previous))}`,
        );
      }
    } else if (status !== ProposalStatus.APPROVED) {
      throw new LedgerError(
        ErrorCode.FAILED_PRECONDITION,
        `cannot claim the execution of proposal ${JSON.stringify(proposalId)}: status got ${status}, want ${ProposalStatus.APPROVED}`,
      );
    }
    const takeover = previous !== undefined && previous.executor.msp !== ctx.actor.msp;
    const claim: ExecutionClaim = {
      executor: { msp: ctx.actor.msp, id: ctx.actor.id },
      claimedAt: ctx.tx.iso,
      txId: ctx.tx.txId,
      tookOverFrom: takeover ? previous.executor : (previous?.tookOverFrom ?? null),
    };
    const changed: Proposal = { ...proposal, claim };
    await ctx.putRecord(proposalKey(proposalId), changed);
    await commit(ctx, name);
    return canonicalJson(viewOf(changed, ctx.tx.nanos));
  }

  /**
   * Records how carrying out a proposal went, by its executor: the proposal must be EXECUTING, claimed
   * by the caller's org (`ClaimExecution`).
   *
   * EXECUTED is final and applies the member-list changes (invitations become members, removed members
   * are deleted, policy changes update the consortium, new VEPS keys replace the consortium's VEPS keys
   * record). It must name the channel configuration block in
   * effect after the change and that block's application orgs; the chaincode cannot read blocks, so it
   * checks what it can deterministically: the org set contains every invited org and none of the removed
   * ones. Anyone can check the rest against the channel with `ledger gov verify` (the block is a config
   * block whose orgs are exactly `channelOrgs`, made after the proposal).
   *
   * ACTION_FAILED is one failed attempt, not a verdict: it is added to `attempts` (who, when, why), the
   * claim is released and the proposal is APPROVED again, so any member may execute it later. A single
   * member can therefore not veto an approved proposal by reporting a failure.
   *
   * @param ctx - transaction context.
   * @param proposalId - the proposal.
   * @param outcomeJson - `{status: "EXECUTED", configBlockNumber, channelOrgs: [mspId]}` or
   * `{status: "ACTION_FAILED", reason}`.
   * @returns the proposal view as canonical JSON.
   * @throws {@link LedgerError} INVALID_ARGUMENT (also an org set that contradicts the proposal),
   * PERMISSION_DENIED (not an admin of a member), NOT_FOUND, FAILED_PRECONDITION (not EXECUTING, claimed
   * by another org, the member list no longer allows the change, too many attempts, or the transaction
   * timestamp too far from the endorser's clock).
   */
  @Transaction()
  @Returns('string')
  async RecordExecution(ctx: LedgerContext, proposalId: string, outcomeJson: string): Promise<string> {
    const name = action('RecordExecution');
    ctx.requireTimestampNearClock(name);
    requireGovernanceRole(ctx, name);
    requireId('proposalId', proposalId);
    const outcome = parseOutcome(outcomeJson);
    const members = await loadMembers(ctx);
    requireMember(ctx, members, name);
    const proposal = await loadProposal(ctx, proposalId);
    const claim = requireClaimedByCaller(ctx, proposal);
    let changed: Proposal;
    if (outcome.status === ExecutionOutcomeStatus.EXECUTED) {
      checkChannelOrgs(proposal, outcome.channelOrgs);
      await applyActions(ctx, proposal, members);
      const execution: Execution = {
        status: ExecutionOutcomeStatus.EXECUTED,
        reason: null,
        configBlockNumber: outcome.configBlockNumber,
        channelOrgs: outcome.channelOrgs,
        recordedBy: { msp: ctx.actor.msp, id: ctx.actor.id },
        recordedAt: ctx.tx.iso,
        txId: ctx.tx.txId,
      };
      changed = { ...proposal, execution };
    } else {
      const attempts = proposal.attempts ?? [];
      if (attempts.length >= MAX_EXECUTION_ATTEMPTS) {
        throw new LedgerError(
          ErrorCode.FAILED_PRECONDITION,
          `proposal ${JSON.stringify(proposalId)} has ${attempts.length} failed execution attempts recorded, the most kept; fix the cause and record EXECUTED`,
        );
      }
      const attempt: ExecutionAttempt = {
        executor: { msp: ctx.actor.msp, id: ctx.actor.id },
        reason: outcome.reason,
        recordedAt: ctx.tx.iso,
        txId: ctx.tx.txId,
        claimTxId: claim.txId,
      };
      changed = withoutClaim({ ...proposal, attempts: [...attempts, attempt] });
    }
    await ctx.putRecord(proposalKey(proposalId), changed);
    await commit(ctx, name);
    return canonicalJson(viewOf(changed, ctx.tx.nanos));
  }

  /**
   * Reads a proposal with its status at this transaction's time and its vote counts.
   *
   * @param ctx - transaction context.
   * @param proposalId - the proposal.
   * @returns the {@link ProposalView} as canonical JSON.
   * @throws {@link LedgerError} INVALID_ARGUMENT, PERMISSION_DENIED, NOT_FOUND.
   */
  @Transaction(false)
  @Returns('string')
  async GetProposal(ctx: LedgerContext, proposalId: string): Promise<string> {
    requirePermission(ctx.actor, Permission.READ, action('GetProposal'));
    const proposal = await loadProposal(ctx, requireId('proposalId', proposalId));
    return canonicalJson(viewOf(proposal, ctx.tx.nanos));
  }

  /**
   * Lists proposals, oldest first, optionally only those with one status (at this transaction's time).
   *
   * @param ctx - transaction context.
   * @param status - `""` for all, else one of {@link ProposalStatus}.
   * @param pageSize - `""` for the default, else 1..200.
   * @param bookmark - `""` for the first page, else the previous page's bookmark.
   * @returns a {@link Page} of {@link ProposalView} as canonical JSON.
   * @throws {@link LedgerError} INVALID_ARGUMENT, PERMISSION_DENIED.
   */
  @Transaction(false)
  @Returns('string')
  async ListProposals(
    ctx: LedgerContext,
    status: string,
    pageSize: string,
    bookmark: string,
  ): Promise<string> {
    requirePermission(ctx.actor, Permission.READ, action('ListProposals'));
    const wanted = parseStatusFilter(status);
    const size = parsePageSize(pageSize);
    const from = parseProposalBookmark(bookmark);
    const matching = (await loadProposalViews(ctx))
      .filter((view) => wanted === null || view.status === wanted)
      .filter((view) => from === '' || proposalSortKey(view) >= from);
    const records = matching.slice(0, size);
    const next = matching[size];
    const page: Page<ProposalView> = {
      records,
      fetchedRecordsCount: records.length,
      bookmark: next === undefined ? '' : proposalSortKey(next),
    };
    return canonicalJson(page);
  }

  /**
   * Lists the current members, by MSP id.
   *
   * @param ctx - transaction context.
   * @returns a JSON array of {@link Member}.
   * @throws {@link LedgerError} PERMISSION_DENIED.
   */
  @Transaction(false)
  @Returns('string')
  async ListMembers(ctx: LedgerContext): Promise<string> {
    requirePermission(ctx.actor, Permission.READ, action('ListMembers'));
    return canonicalJson(await loadMembers(ctx));
  }

  /**
   * Reads the consortium: policies, members and the channel Admins policy derived from the default policy.
   *
   * @param ctx - transaction context.
   * @returns the {@link ConsortiumView} as canonical JSON.
   * @throws {@link LedgerError} PERMISSION_DENIED, NOT_FOUND (no consortium yet).
   */
  @Transaction(false)
  @Returns('string')
  async GetConsortium(ctx: LedgerContext): Promise<string> {
    requirePermission(ctx.actor, Permission.READ, action('GetConsortium'));
    const consortium = await ctx.readJson<Consortium>(consortiumKey());
    if (consortium === undefined) {
      throw new LedgerError(ErrorCode.NOT_FOUND, 'no consortium; run Governance:InitConsortium first');
    }
    return canonicalJson(consortiumView(consortium, await loadMembers(ctx)));
  }

  /**
   * Reads the consortium's VEPS verification keys, set only by an executed `VEPS_KEYS` proposal. While
   * the list is non-empty, `Journal:SubmitEvents` refuses any event whose signature does not verify.
   *
   * @param ctx - transaction context.
   * @returns the {@link VepsKeysRecord} as canonical JSON (`{keys: [], proposalId: null, updatedAt:
   *   null}` when never set).
   * @throws {@link LedgerError} PERMISSION_DENIED.
   */
  @Transaction(false)
  @Returns('string')
  async GetVepsKeys(ctx: LedgerContext): Promise<string> {
    requirePermission(ctx.actor, Permission.READ, action('GetVepsKeys'));
    return canonicalJson(await loadVepsKeys(ctx));
  }

  /**
   * Lists the invitations of APPROVED, EXECUTING and EXECUTED proposals, oldest first, with where each
   * stands: PENDING (approved or being executed, not carried out yet, failed attempts included) or
   * ACCEPTED (executed).
   *
   * @param ctx - transaction context.
   * @returns a JSON array of {@link InvitationView}.
   * @throws {@link LedgerError} PERMISSION_DENIED.
   */
  @Transaction(false)
  @Returns('string')
  async ListInvitations(ctx: LedgerContext): Promise<string> {
    requirePermission(ctx.actor, Permission.READ, action('ListInvitations'));
    const invitations: InvitationView[] = [];
    for (const view of await loadProposalViews(ctx)) {
      const invitationStatus = INVITATION_STATUS[view.status];
      if (invitationStatus === undefined) {
        continue;
      }
      for (const invitation of view.actions.invitations) {
        invitations.push({
          ...invitation,
          proposalId: view.proposalId,
          proposalStatus: view.status,
          invitationStatus,
          createdAt: view.createdAt,
        });
      }
    }
    return canonicalJson(invitations);
  }
}

const INVITATION_STATUS: Readonly<Partial<Record<ProposalStatus, InvitationStatus>>> = {
  APPROVED: InvitationStatus.PENDING,
  EXECUTING: InvitationStatus.PENDING,
  EXECUTED: InvitationStatus.ACCEPTED,
};

/** The proposal with its execution claim released (a failed attempt): APPROVED again. */
function withoutClaim(proposal: Proposal): Proposal {
  const released: { -readonly [K in keyof Proposal]?: Proposal[K] } = { ...proposal };
  delete released.claim;
  return released as Proposal;
}

/** The founding members that have not accepted a charter yet. */
function waitingFor(founders: readonly string[], accepted: readonly GovernanceActor[]): string[] {
  return founders.filter((msp) => !accepted.some((a) => a.msp === msp));
}

/** Emits the journal event of a governance write (see {@link GOVERNANCE_ENTRY_TYPE}). */
async function commit(ctx: LedgerContext, name: string): Promise<void> {
  await ctx.commitWrites(GOVERNANCE_ENTRY_TYPE, name);
}

function requireGovernanceRole(ctx: LedgerContext, name: string): void {
  if (ctx.actor.role !== GOVERNANCE_ROLE) {
    throw new LedgerError(
      ErrorCode.PERMISSION_DENIED,
      `${name}: attribute ${ROLE_ATTRIBUTE} got ${show(ctx.actor.rawRole ?? undefined)}, want ${GOVERNANCE_ROLE} (a member org's admin)`,
    );
  }
}

function requireMember(ctx: LedgerContext, members: readonly Member[], name: string): void {
  if (!members.some((member) => member.mspId === ctx.actor.msp)) {
    throw new LedgerError(
      ErrorCode.PERMISSION_DENIED,
      `${name}: caller MSP got ${show(ctx.actor.msp)}, want a consortium member (${members.map((m) => m.mspId).join(', ') || 'none'})`,
    );
  }
}

function requireEligible(ctx: LedgerContext, proposal: Proposal, name: string): void {
  if (!proposal.eligibleVoters.includes(ctx.actor.msp)) {
    throw new LedgerError(
      ErrorCode.PERMISSION_DENIED,
      `${name}: ${ctx.actor.msp} was not a member when proposal ${JSON.stringify(proposal.proposalId)} was created; voters are ${proposal.eligibleVoters.join(', ')}`,
    );
  }
}

function requireStatus(proposal: Proposal, now: bigint, wanted: ProposalStatus, what: string): void {
  const status = statusOf(proposal, now);
  if (status !== wanted) {
    throw new LedgerError(
      ErrorCode.FAILED_PRECONDITION,
      `cannot ${what} proposal ${JSON.stringify(proposal.proposalId)}: status got ${status}, want ${wanted}`,
    );
  }
}

/** When another member may take over an execution claim. */
function claimTimeout(claim: ExecutionClaim): bigint {
  return (
    parseIsoInstant('claimedAt', claim.claimedAt) + BigInt(EXECUTION_CLAIM_TIMEOUT_HOURS) * NANOS_PER_HOUR
  );
}

function beingExecuted(proposal: Proposal, claim: ExecutionClaim): string {
  return `proposal ${JSON.stringify(proposal.proposalId)} is being executed by ${claim.executor.msp} (${claim.executor.id}) since ${claim.claimedAt}, claim transaction ${claim.txId}`;
}

/**
 * Refuses unless the proposal is EXECUTING under a claim of the caller's org.
 *
 * @returns the claim.
 */
function requireClaimedByCaller(ctx: LedgerContext, proposal: Proposal): ExecutionClaim {
  const status = statusOf(proposal, ctx.tx.nanos);
  const claim = proposal.claim;
  if (status !== ProposalStatus.EXECUTING || claim === undefined) {
    throw new LedgerError(
      ErrorCode.FAILED_PRECONDITION,
      `cannot record the execution of proposal ${JSON.stringify(proposal.proposalId)}: status got ${status}, want ${ProposalStatus.EXECUTING} (claim it first with ${action('ClaimExecution')})`,
    );
  }
  if (claim.executor.msp !== ctx.actor.msp) {
    throw new LedgerError(
      ErrorCode.FAILED_PRECONDITION,
      `cannot record the execution of proposal ${JSON.stringify(proposal.proposalId)} as ${ctx.actor.msp}: ${beingExecuted(proposal, claim)}, which records its outcome`,
    );
  }
  return claim;
}

/**
 * The deterministic part of checking an EXECUTED record against the channel: the reported org set
 * must contain every invited org and none of the removed ones.
 */
function checkChannelOrgs(proposal: Proposal, channelOrgs: readonly string[]): void {
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

/**
 * Reads the consortium's VEPS keys record ({@link NO_VEPS_KEYS} when none was ever set).
 *
 * @param ctx - transaction context.
 * @returns the record.
 */
export async function loadVepsKeys(ctx: LedgerContext): Promise<VepsKeysRecord> {
  return (await ctx.readJson<VepsKeysRecord>(vepsKeysKey())) ?? NO_VEPS_KEYS;
}

async function loadConsortium(ctx: LedgerContext): Promise<Consortium> {
  const consortium = await ctx.readJson<Consortium>(consortiumKey());
  if (consortium === undefined) {
    throw new LedgerError(
      ErrorCode.FAILED_PRECONDITION,
      'no consortium; run Governance:InitConsortium first',
    );
  }
  return consortium;
}

async function loadMembers(ctx: LedgerContext): Promise<Member[]> {
  const members: Member[] = [];
  for await (const entry of ctx.scanPartialKey(GovernanceRecordType.MEMBER, [])) {
    members.push(JSON.parse(Buffer.from(entry.value).toString('utf8')) as Member);
  }
  return members;
}

async function loadProposal(ctx: LedgerContext, proposalId: string): Promise<Proposal> {
  const proposal = await ctx.readJson<Proposal>(proposalKey(proposalId));
  if (proposal === undefined) {
    throw new LedgerError(ErrorCode.NOT_FOUND, `proposal ${JSON.stringify(proposalId)} does not exist`);
  }
  return proposal;
}

async function loadProposalViews(ctx: LedgerContext): Promise<ProposalView[]> {
  const views: ProposalView[] = [];
  for await (const entry of ctx.scanPartialKey(GovernanceRecordType.PROPOSAL, [])) {
    views.push(viewOf(JSON.parse(Buffer.from(entry.value).toString('utf8')) as Proposal, ctx.tx.nanos));
  }
  return views.sort((a, b) => compareText(proposalSortKey(a), proposalSortKey(b)));
}

function compareText(a: string, b: string): number {
  if (a === b) {
    return 0;
  }
  return a < b ? -1 : 1;
}

function proposalSortKey(proposal: Proposal): string {
  return `${proposal.createdAt}/${proposal.proposalId}`;
}

/**
 * The status of a proposal at a given time: the recorded execution outcome, else EXECUTING when its
 * execution is claimed, else the voting status.
 *
 * @param proposal - the stored proposal.
 * @param now - the current transaction time in nanoseconds.
 * @returns the status.
 */
export function statusOf(proposal: Proposal, now: bigint): ProposalStatus {
  if (proposal.execution !== null) {
    return proposal.execution.status;
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

function countVotes(proposal: Proposal): { yes: number; no: number } {
  const yes = proposal.votes.filter((cast) => cast.vote === Vote.YES).length;
  return { yes, no: proposal.votes.length - yes };
}

function viewOf(proposal: Proposal, now: bigint): ProposalView {
  const { yes, no } = countVotes(proposal);
  return {
    ...proposal,
    status: statusOf(proposal, now),
    yesVoteCount: yes,
    noVoteCount: no,
    outstandingVoteCount: proposal.memberCountAtCreation - yes - no,
  };
}

function consortiumView(consortium: Consortium, members: readonly Member[]): ConsortiumView {
  const mspIds = members.map((member) => member.mspId);
  return {
    ...consortium,
    members,
    adminsSignaturesRequired: adminsSignaturePolicy(members.length, consortium.policy),
    adminsPolicyRule: adminsSignatureRule(mspIds, consortium.policy),
  };
}

function expiryIso(createdAt: string, policy: ApprovalThresholdPolicy): string {
  return isoFromNanos(proposalExpiry(parseIsoInstant('createdAt', createdAt), policy));
}

function kindsOf(actions: ProposalActions): ProposalAction[] {
  const present: Readonly<Record<ProposalAction, boolean>> = {
    INVITE: actions.invitations.length > 0,
    REMOVE: actions.removals.length > 0,
    POLICY_CHANGE: actions.policyChange !== null,
    VEPS_KEYS: (actions.vepsKeys ?? null) !== null,
  };
  return ACTION_KINDS.filter((kind) => present[kind]);
}

/** Applies an executed proposal to the member list and the consortium's policies. */
async function applyActions(
  ctx: LedgerContext,
  proposal: Proposal,
  members: readonly Member[],
): Promise<void> {
  checkActionsAgainstMembers(proposal.actions, members);
  for (const invitation of proposal.actions.invitations) {
    const member: Member = {
      mspId: invitation.mspId,
      displayName: invitation.orgName,
      joinedAt: ctx.tx.iso,
      invitedBy: proposal.proposalId,
    };
    await ctx.putRecord(memberKey(member.mspId), member);
  }
  for (const removal of proposal.actions.removals) {
    await ctx.deleteRecord(memberKey(removal.mspId));
  }
  const change = proposal.actions.policyChange;
  if (change !== null) {
    const consortium = await loadConsortium(ctx);
    await ctx.putRecord(consortiumKey(), applyPolicyChange(consortium, change, ctx.tx.iso));
  }
  const vepsKeys = proposal.actions.vepsKeys ?? null;
  if (vepsKeys !== null) {
    const record: VepsKeysRecord = {
      keys: vepsKeys.keys,
      proposalId: proposal.proposalId,
      updatedAt: ctx.tx.iso,
    };
    await ctx.putRecord(vepsKeysKey(), record);
  }
}

function applyPolicyChange(consortium: Consortium, change: PolicyChange, now: string): Consortium {
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

/** Checks invitations and removals against the current members (at creation and again at execution). */
function checkActionsAgainstMembers(actions: ProposalActions, members: readonly Member[]): void {
  const current = new Set(members.map((member) => member.mspId));
  for (const invitation of actions.invitations) {
    if (current.has(invitation.mspId)) {
      throw new LedgerError(
        ErrorCode.FAILED_PRECONDITION,
        `invitation of ${invitation.mspId}: it is already a member`,
      );
    }
  }
  for (const removal of actions.removals) {
    if (!current.has(removal.mspId)) {
      throw new LedgerError(ErrorCode.FAILED_PRECONDITION, `removal of ${removal.mspId}: it is not a member`);
    }
  }
  if (current.size + actions.invitations.length - actions.removals.length < 1) {
    throw new LedgerError(
      ErrorCode.FAILED_PRECONDITION,
      'the removals would leave the consortium without members',
    );
  }
}

// ---- argument parsing -------------------------------------------------------------------------------

type Fields = Readonly<Record<string, unknown>>;

/**
 * Checks that a value is a plain JSON object with the required fields and no others.
 *
 * @returns the object's fields.
 */
function objectWith(
  field: string,
  value: unknown,
  required: readonly string[],
  optional: readonly string[] = [],
): Fields {
  if (!isObject(value)) {
    throw invalidArgument(field, value, `an object with ${required.join(', ') || 'optional fields'}`);
  }
  const unknown = Object.keys(value).find((key) => !required.includes(key) && !optional.includes(key));
  if (unknown !== undefined) {
    throw invalidArgument(
      `${field}.${unknown}`,
      value[unknown],
      `no such field; allowed: ${[...required, ...optional].join(', ')}`,
    );
  }
  const missing = required.find((key) => !Object.hasOwn(value, key));
  if (missing !== undefined) {
    throw invalidArgument(`${field}.${missing}`, undefined, 'a value (required field)');
  }
  return value;
}

function arrayOf(field: string, value: unknown, min: number, max: number, what: string): readonly unknown[] {
  if (!Array.isArray(value) || value.length < min || value.length > max) {
    throw invalidArgument(field, value, `an array of ${min} to ${max} ${what}`);
  }
  return value as readonly unknown[];
}

function requireDistinct(field: string, ids: readonly string[]): void {
  const seen = new Set<string>();
  for (const id of ids) {
    if (seen.has(id)) {
      throw invalidArgument(field, id, 'each MSP id at most once');
    }
    seen.add(id);
  }
}

/** A parsed consortium definition (`InitConsortium`), members sorted by MSP id. */
export interface ConsortiumDefinition {
  readonly networkName: string;
  readonly members: readonly { readonly mspId: string; readonly displayName: string }[];
  readonly policy: ApprovalThresholdPolicy;
  readonly actionPolicies: ActionPolicies;
}

function parseConsortium(text: string): ConsortiumDefinition {
  const parsed = parseJsonArgument('consortiumJson', text);
  const documented = isObject(parsed) ? Object.keys(parsed).filter((key) => key.startsWith('$')) : [];
  const fields = objectWith(
    'consortiumJson',
    parsed,
    ['networkName', 'members', 'policy'],
    ['actionPolicies', ...documented],
  );
  const members = arrayOf(
    'consortiumJson.members',
    fields.members,
    MIN_FOUNDING_MEMBERS,
    MAX_MEMBERS,
    'members (every founding member accepts the charter, so one org cannot found a consortium alone)',
  ).map((value, index) => {
    const path = `consortiumJson.members[${index}]`;
    const member = objectWith(path, value, ['mspId', 'displayName'], ['ca', 'adminIdentities']);
    return {
      mspId: requireMsp(`${path}.mspId`, member.mspId),
      displayName: requireText(`${path}.displayName`, member.displayName, MAX_ORG_NAME_LENGTH),
    };
  });
  requireDistinct(
    'consortiumJson.members',
    members.map((member) => member.mspId),
  );
  return {
    networkName: requireId('consortiumJson.networkName', fields.networkName),
    members: [...members].sort((a, b) => compareText(a.mspId, b.mspId)),
    policy: parseApprovalThresholdPolicy('consortiumJson.policy', fields.policy),
    actionPolicies:
      fields.actionPolicies === undefined
        ? {}
        : withoutNulls(parseActionPolicies('consortiumJson.actionPolicies', fields.actionPolicies, false)),
  };
}

function isObject(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

type NullablePolicies = Partial<Record<ProposalAction, ApprovalThresholdPolicy | null>>;

function parseActionPolicies(field: string, value: unknown, allowNull: boolean): NullablePolicies {
  const fields = objectWith(field, value, [], ACTION_KINDS);
  const policies: NullablePolicies = {};
  for (const kind of ACTION_KINDS) {
    const policy = fields[kind];
    if (policy === null && !allowNull) {
      throw invalidArgument(`${field}.${kind}`, policy, 'a policy object');
    }
    if (policy !== undefined) {
      policies[kind] = policy === null ? null : parseApprovalThresholdPolicy(`${field}.${kind}`, policy);
    }
  }
  return policies;
}

function withoutNulls(policies: NullablePolicies): ActionPolicies {
  const result: Partial<Record<ProposalAction, ApprovalThresholdPolicy>> = {};
  for (const kind of ACTION_KINDS) {
    const policy = policies[kind];
    if (policy !== undefined && policy !== null) {
      result[kind] = policy;
    }
  }
  return result;
}

function parseActions(text: string): ProposalActions {
  const fields = objectWith(
    'actionsJson',
    parseJsonArgument('actionsJson', text),
    [],
    ['invitations', 'removals', 'policyChange', 'vepsKeys'],
  );
  const invitations =
    fields.invitations === undefined
      ? []
      : arrayOf('actionsJson.invitations', fields.invitations, 0, MAX_ACTIONS_PER_KIND, 'invitations').map(
          (value, index) => parseInvitation(`actionsJson.invitations[${index}]`, value),
        );
  const removals =
    fields.removals === undefined
      ? []
      : arrayOf('actionsJson.removals', fields.removals, 0, MAX_ACTIONS_PER_KIND, 'removals').map(
          (value, index) => {
            const path = `actionsJson.removals[${index}]`;
            return { mspId: requireMsp(`${path}.mspId`, objectWith(path, value, ['mspId']).mspId) };
          },
        );
  const policyChange =
    fields.policyChange === undefined
      ? null
      : parsePolicyChange('actionsJson.policyChange', fields.policyChange);
  const vepsKeys =
    fields.vepsKeys === undefined || fields.vepsKeys === null
      ? null
      : parseVepsKeys('actionsJson.vepsKeys', fields.vepsKeys);
  requireDistinct(
    'actionsJson',
    [...invitations, ...removals].map((target) => target.mspId),
  );
  if (invitations.length + removals.length === 0 && policyChange === null && vepsKeys === null) {
    throw invalidArgument(
      'actionsJson',
      fields,
      'at least one invitation, removal, policy change or VEPS keys change',
    );
  }
  return { invitations, removals, policyChange, vepsKeys };
}

/**
 * `{keys: [{id, publicKeyPem}]}`: at most {@link MAX_VEPS_KEYS} keys with distinct ids of
 * {@link VEPS_KEY_ID_PATTERN}, each one PEM SPKI Ed25519 or P-256 public key of at most
 * {@link MAX_VEPS_KEY_PEM_LENGTH} characters. An empty list turns verification off.
 */
function parseVepsKeys(field: string, value: unknown): VepsKeysChange {
  const fields = objectWith(field, value, ['keys']);
  const keys = arrayOf(`${field}.keys`, fields.keys, 0, MAX_VEPS_KEYS, 'keys').map((entry, index) => {
    const path = `${field}.keys[${index}]`;
    const key = objectWith(path, entry, ['id', 'publicKeyPem']);
    const id = key.id;
    if (typeof id !== 'string' || !VEPS_KEY_ID_PATTERN.test(id)) {
      throw invalidArgument(`${path}.id`, id, '1 to 64 characters of [A-Za-z0-9._#-]');
    }
    const pem = key.publicKeyPem;
    const want = `one PEM "PUBLIC KEY" (SPKI) block of an Ed25519 or ECDSA P-256 key, at most ${MAX_VEPS_KEY_PEM_LENGTH} characters`;
    if (typeof pem !== 'string' || pem.length > MAX_VEPS_KEY_PEM_LENGTH || !PEM_PUBLIC_KEY.test(pem)) {
      throw invalidArgument(`${path}.publicKeyPem`, pem, want);
    }
    try {
      vepsKeyFromPem(id, pem);
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      throw new LedgerError(ErrorCode.INVALID_ARGUMENT, `${path}.publicKeyPem: ${why}`);
    }
    return { id, publicKeyPem: pem };
  });
  const seen = new Set<string>();
  for (const key of keys) {
    if (seen.has(key.id)) throw invalidArgument(`${field}.keys`, key.id, 'each key id at most once');
    seen.add(key.id);
  }
  return { keys };
}

function parseInvitation(path: string, value: unknown): Invitation {
  const fields = objectWith(path, value, ['mspId', 'orgName', 'rootCerts', 'adminCert'], ['tlsRootCerts']);
  const rootCerts = parseCertificates(`${path}.rootCerts`, fields.rootCerts);
  return {
    mspId: requireMsp(`${path}.mspId`, fields.mspId),
    orgName: requireText(`${path}.orgName`, fields.orgName, MAX_ORG_NAME_LENGTH),
    rootCerts,
    tlsRootCerts:
      fields.tlsRootCerts === undefined
        ? rootCerts
        : parseCertificates(`${path}.tlsRootCerts`, fields.tlsRootCerts),
    adminCert: requireCertificate(`${path}.adminCert`, fields.adminCert),
  };
}

function parseCertificates(field: string, value: unknown): string[] {
  return arrayOf(field, value, 1, MAX_ROOT_CERTS, 'PEM certificates').map((cert, index) =>
    requireCertificate(`${field}[${index}]`, cert),
  );
}

function requireCertificate(field: string, value: unknown): string {
  if (typeof value !== 'string' || value.length > MAX_CERT_LENGTH || !PEM_CERTIFICATE.test(value)) {
    throw invalidArgument(
      field,
      value,
      `one PEM "CERTIFICATE" block of at most ${MAX_CERT_LENGTH} characters`,
    );
  }
  return value;
}

function parsePolicyChange(field: string, value: unknown): PolicyChange {
  const fields = objectWith(field, value, [], ['policy', 'actionPolicies']);
  const policy =
    fields.policy === undefined ? null : parseApprovalThresholdPolicy(`${field}.policy`, fields.policy);
  const actionPolicies =
    fields.actionPolicies === undefined
      ? {}
      : parseActionPolicies(`${field}.actionPolicies`, fields.actionPolicies, true);
  if (policy === null && Object.keys(actionPolicies).length === 0) {
    throw invalidArgument(field, value, 'a new policy and/or at least one action policy');
  }
  return { policy, actionPolicies };
}

function parseVote(vote: string): Vote {
  if (!VOTES.includes(vote)) {
    throw invalidArgument('vote', vote, `one of ${VOTES.join(', ')}`);
  }
  return vote as Vote;
}

function parseStatusFilter(status: string): ProposalStatus | null {
  if (status === '') {
    return null;
  }
  if (!PROPOSAL_STATUSES.includes(status)) {
    throw invalidArgument('status', status, `"" or one of ${PROPOSAL_STATUSES.join(', ')}`);
  }
  return status as ProposalStatus;
}

function parseProposalBookmark(bookmark: string): string {
  if (bookmark !== '' && !PROPOSAL_BOOKMARK.test(bookmark)) {
    throw invalidArgument('bookmark', bookmark, '"" or the bookmark returned by the previous page');
  }
  return bookmark;
}

type ParsedOutcome =
  | {
      readonly status: typeof ExecutionOutcomeStatus.EXECUTED;
      readonly configBlockNumber: number;
      readonly channelOrgs: readonly string[];
    }
  | { readonly status: typeof ExecutionOutcomeStatus.ACTION_FAILED; readonly reason: string };

function parseOutcome(text: string): ParsedOutcome {
  const parsed = parseJsonArgument('outcomeJson', text);
  const status = isObject(parsed) ? parsed.status : undefined;
  if (status === ExecutionOutcomeStatus.EXECUTED) {
    const fields = objectWith('outcomeJson', parsed, ['status', 'configBlockNumber', 'channelOrgs']);
    return {
      status,
      configBlockNumber: parseBlockNumber(fields.configBlockNumber),
      channelOrgs: parseChannelOrgs(fields.channelOrgs),
    };
  }
  if (status === ExecutionOutcomeStatus.ACTION_FAILED) {
    const fields = objectWith('outcomeJson', parsed, ['status', 'reason']);
    return { status, reason: requireText('outcomeJson.reason', fields.reason, MAX_REASON_LENGTH) };
  }
  objectWith('outcomeJson', parsed, ['status'], ['reason', 'configBlockNumber', 'channelOrgs']);
  throw invalidArgument('outcomeJson.status', status, `one of ${EXECUTION_STATUSES.join(', ')}`);
}

function parseChannelOrgs(value: unknown): string[] {
  const orgs = arrayOf('outcomeJson.channelOrgs', value, 1, MAX_MEMBERS, 'MSP ids').map((msp, index) =>
    requireMsp(`outcomeJson.channelOrgs[${index}]`, msp),
  );
  requireDistinct('outcomeJson.channelOrgs', orgs);
  return [...orgs].sort(compareText);
}

function parseBlockNumber(value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw invalidArgument('outcomeJson.configBlockNumber', value, 'a block number (a non-negative integer)');
  }
  return value;
}

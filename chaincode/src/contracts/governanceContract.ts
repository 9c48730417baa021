/**
 * The Governance contract: consortium membership by proposals and votes, as Amazon Managed Blockchain
 * does it. Member admins propose invitations, removals and policy changes and vote on them, one vote
 * per member org; the status follows from the votes, the member count at creation and the transaction
 * timestamps (`lib/voting.ts`). An approved proposal is carried out off-chain (`ledger gov execute`
 * changes the channel configuration) by one member at a time: it first claims the execution here
 * (APPROVED → EXECUTING), then records the outcome, which updates the member list.
 *
 * This module holds the transactions and their state reads and writes; the records are in
 * `model/governance.ts`, the request parsing in `lib/governance/requests.ts` and the rules in the other
 * modules of `lib/governance/`.
 */
import { Info, Returns, Transaction } from 'fabric-contract-api';
import { LedgerContext } from '../ledgerContext';
import { canonicalJson } from '../lib/canonicalJson';
import { ErrorCode, LedgerError } from '../lib/errors';
import { requireEligible, requireGovernanceRole, requireMember } from '../lib/governance/access';
import {
  charterSha256Of,
  consortiumView,
  foundConsortium,
  requireFirstAcceptance,
  requireFoundingMember,
  waitingFor,
} from '../lib/governance/consortium';
import {
  claimExecution,
  requireAttemptRoom,
  requireClaimedByCaller,
  supersedeProposal,
} from '../lib/governance/execution';
import { compareText, proposalSortKey } from '../lib/governance/ordering';
import {
  actionKindsOf,
  applyPolicyChange,
  checkActionsAgainstMembers,
  checkChannelOrgs,
  governingPolicy,
} from '../lib/governance/proposalActions';
import {
  invitationStatusOf,
  proposalExpiryIso,
  proposalView,
  requireFirstVote,
  requireStatus,
  withoutClaim,
} from '../lib/governance/proposalStatus';
import {
  parseActions,
  parseConsortium,
  parseDescription,
  parseOutcome,
  parseProposalBookmark,
  parseStatusFilter,
  parseVote,
} from '../lib/governance/requests';
import type { WriteEntryType } from '../lib/journal';
import {
  charterKey,
  consortiumKey,
  GovernanceRecordType,
  memberKey,
  proposalKey,
  vepsKeysKey,
} from '../lib/keys';
import { Permission, requirePermission } from '../lib/roles';
import { parsePageSize, requireId } from '../lib/validate';
import type { Page } from '../model/audit';
import {
  ExecutionOutcomeStatus,
  NO_VEPS_KEYS,
  ProposalStatus,
  type Charter,
  type CharterView,
  type Consortium,
  type ConsortiumView,
  type Execution,
  type ExecutionAttempt,
  type InvitationView,
  type Member,
  type Proposal,
  type ProposalView,
  type VepsKeysRecord,
  type VoteRecord,
} from '../model/governance';
import { LedgerContract } from './ledgerContract';

/** The contract name: functions are invoked as `Governance:<Function>`. */
export const GOVERNANCE_CONTRACT = 'Governance';
/**
 * Journal entry type of every governance write. It must be listed in `WRITE_ENTRY_TYPES` of
 * `lib/journal.ts`; until it is, `encodeJournalRecord` refuses the entry and every write fails closed.
 */
export const GOVERNANCE_ENTRY_TYPE: WriteEntryType = 'governance';

const action = (fn: string): string => `${GOVERNANCE_CONTRACT}:${fn}`;

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
   * org needs that org's acceptance, and a charter must name at least `MIN_FOUNDING_MEMBERS` orgs.
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
    requireGovernanceRole(ctx.actor, name);
    const definition = parseConsortium(consortiumJson);
    const founders = definition.members.map((m) => m.mspId);
    requireFoundingMember(ctx.actor, founders, name);
    if ((await ctx.readJson<Consortium>(consortiumKey())) !== undefined) {
      throw new LedgerError(ErrorCode.ALREADY_EXISTS, `the consortium already exists; change it by proposal`);
    }
    const charterSha256 = charterSha256Of(definition);
    const stored = await ctx.readJson<Charter>(charterKey(charterSha256));
    requireFirstAcceptance(ctx.actor, charterSha256, stored, founders);
    const accepted = stored?.acceptedBy ?? [];
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
      const { consortium, members } = foundConsortium(definition, initiator, ctx.tx.iso);
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
    requireGovernanceRole(ctx.actor, name);
    const actions = parseActions(actionsJson);
    const text = parseDescription(description);
    const consortium = await loadConsortium(ctx);
    const members = await loadMembers(ctx);
    requireMember(ctx.actor, members, name);
    checkActionsAgainstMembers(actions, members);
    const proposalId = ctx.tx.txId;
    if ((await ctx.readJson<Proposal>(proposalKey(proposalId))) !== undefined) {
      throw new LedgerError(
        ErrorCode.ALREADY_EXISTS,
        `proposal ${JSON.stringify(proposalId)} already exists`,
      );
    }
    const actionKinds = actionKindsOf(actions);
    const policy = governingPolicy(consortium, actionKinds, members.length);
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
      expiresAt: proposalExpiryIso(ctx.tx.iso, policy),
      votes: [],
      execution: null,
    };
    await ctx.putRecord(proposalKey(proposalId), proposal);
    await commit(ctx, name);
    return canonicalJson(proposalView(proposal, ctx.tx.nanos));
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
    requireGovernanceRole(ctx.actor, name);
    requireId('proposalId', proposalId);
    const ballot = parseVote(vote);
    requireMember(ctx.actor, await loadMembers(ctx), name);
    const proposal = await loadProposal(ctx, proposalId);
    requireEligible(ctx.actor, proposal, name);
    requireStatus(proposal, ctx.tx.nanos, ProposalStatus.IN_PROGRESS, 'vote on');
    requireFirstVote(proposal, ctx.actor.msp);
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
    return canonicalJson(proposalView(changed, ctx.tx.nanos));
  }

  /**
   * Claims the execution of an APPROVED proposal for the caller's org: the status becomes EXECUTING,
   * with the executor, time and transaction, and only that org may record the outcome. One member
   * executes at a time: a second claim is refused naming the executor (two claims endorsed at once
   * read the same proposal version, so Fabric commits the first and invalidates the other as an MVCC
   * read conflict; its retry is then refused). The executor's org may claim again while EXECUTING to
   * resume an interrupted execution; another member may take the execution over once
   * `EXECUTION_CLAIM_TIMEOUT_HOURS` of transaction time have passed since the last claim.
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
    requireGovernanceRole(ctx.actor, name);
    requireId('proposalId', proposalId);
    requireMember(ctx.actor, await loadMembers(ctx), name);
    const proposal = await loadProposal(ctx, proposalId);
    const claim = claimExecution(proposal, ctx.actor, ctx.tx.nanos, ctx.tx.iso, ctx.tx.txId);
    const changed: Proposal = { ...proposal, claim };
    await ctx.putRecord(proposalKey(proposalId), changed);
    await commit(ctx, name);
    return canonicalJson(proposalView(changed, ctx.tx.nanos));
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
    requireGovernanceRole(ctx.actor, name);
    requireId('proposalId', proposalId);
    const outcome = parseOutcome(outcomeJson);
    const members = await loadMembers(ctx);
    requireMember(ctx.actor, members, name);
    const proposal = await loadProposal(ctx, proposalId);
    const claim = requireClaimedByCaller(proposal, ctx.actor, ctx.tx.nanos, action('ClaimExecution'));
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
      const attempts = requireAttemptRoom(proposal);
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
    return canonicalJson(proposalView(changed, ctx.tx.nanos));
  }

  /**
   * Closes an APPROVED or EXECUTING proposal that the member list no longer allows (status
   * SUPERSEDED, final): it invites a member or removes a non-member, because another proposal changed
   * the list since it was approved, so it can never be recorded EXECUTED. The chaincode finds the
   * reason from the current members and stores it with the caller and the transaction; a proposal
   * that could still be carried out is refused. Any member's admin may call it, also while another
   * member's execution claim holds (that execution can no longer be recorded either). A proposal with
   * other actions beside the contradicted ones is closed whole: what it asked for was voted as one.
   *
   * @param ctx - transaction context.
   * @param proposalId - the proposal.
   * @returns the proposal view (status SUPERSEDED, `superseded` set) as canonical JSON.
   * @throws {@link LedgerError} INVALID_ARGUMENT, PERMISSION_DENIED (not an admin of a member), NOT_FOUND,
   * FAILED_PRECONDITION (neither APPROVED nor EXECUTING; the member list still allows every action; the
   * transaction timestamp too far from the endorser's clock).
   */
  @Transaction()
  @Returns('string')
  async SupersedeProposal(ctx: LedgerContext, proposalId: string): Promise<string> {
    const name = action('SupersedeProposal');
    ctx.requireTimestampNearClock(name);
    requireGovernanceRole(ctx.actor, name);
    requireId('proposalId', proposalId);
    const members = await loadMembers(ctx);
    requireMember(ctx.actor, members, name);
    const proposal = await loadProposal(ctx, proposalId);
    const changed = supersedeProposal(proposal, members, ctx.actor, ctx.tx.nanos, ctx.tx.iso, ctx.tx.txId);
    await ctx.putRecord(proposalKey(proposalId), changed);
    await commit(ctx, name);
    return canonicalJson(proposalView(changed, ctx.tx.nanos));
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
    return canonicalJson(proposalView(proposal, ctx.tx.nanos));
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
      const invitationStatus = invitationStatusOf(view.status);
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

/** Emits the journal event of a governance write (see {@link GOVERNANCE_ENTRY_TYPE}). */
async function commit(ctx: LedgerContext, name: string): Promise<void> {
  await ctx.commitWrites(GOVERNANCE_ENTRY_TYPE, name);
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
    views.push(proposalView(JSON.parse(Buffer.from(entry.value).toString('utf8')) as Proposal, ctx.tx.nanos));
  }
  return views.sort((a, b) => compareText(proposalSortKey(a), proposalSortKey(b)));
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

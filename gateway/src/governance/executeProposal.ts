import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CommitError, GatewayError, StatusCode } from '@hyperledger/fabric-gateway';
import {
  adminsSignatureRule,
  parseLedgerErrorMessage,
  type ApprovalThresholdPolicy,
} from '@fabric-ledger/chaincode/shared';
import type { CommittedTransaction } from '../fabric/awaitCommitted';
import { sameAdminsRule } from '../fabric/channelConfigEdit';
import { orgLayout, type NetworkLayout, type PeerOrg } from '../fabric/networkLayout';
import { executionProblems, type ConfigBlockSummary } from './configBlock';
import { expectedAdminsRule } from './verifyExecution';
import type {
  ExecutionOutcome,
  GovernanceClient,
  ProposalSummary,
  RecordedProposal,
} from './governanceClient';

/** Runs one step of the channel change (a script of the repository). */
export type StepRunner = (script: string, args: readonly string[]) => void;

/** What the channel has now: `scripts/channel-org.sh status`. */
export interface ChannelState {
  /** MSP ids of the channel configuration's application orgs. */
  readonly members: readonly string[];
  /** The Application Admins rule, `null` when it is not an `OutOf(n, '<msp>.admin', …)` rule. */
  readonly adminsRule: string | null;
  /** MSP ids of the member orgs whose peer is running and has joined the channel. */
  readonly joinedPeers: readonly string[];
}

/** Options of {@link executeProposal}. */
export interface ExecuteProposalOptions {
  readonly governance: GovernanceClient;
  readonly layout: NetworkLayout;
  readonly proposalId: string;
  /**
   * The last write the decision depends on, when it went through another member's peer (typically the
   * vote that approved the proposal): the executor's own peer is waited for until it has committed it
   * before the proposal is read, so an approval just made elsewhere is not taken for IN_PROGRESS.
   */
  readonly after?: CommittedTransaction;
  /**
   * Runs scripts/channel-org.sh, scripts/deploy-chaincode.sh and scripts/gateway-up.sh; the default runs
   * them with bash.
   */
  readonly run?: StepRunner;
  /** Reads the channel's state before the steps; the default runs `scripts/channel-org.sh status`. */
  readonly channel?: () => ChannelState;
  readonly log?: (message: string) => void;
  /**
   * How long to wait, after the steps, for this org's peer to have the configuration block that shows
   * the change (default 30 s), and how often to look (default 250 ms).
   */
  readonly configWait?: { readonly timeoutMs?: number; readonly intervalMs?: number };
  /**
   * Test-only hooks (used by `ledger gov watch` under its `LEDGER_GOV_WATCH_PAUSE_*` variables): awaited
   * right after the claim is committed, and right before the outcome is recorded.
   */
  readonly hooks?: {
    readonly afterClaim?: () => Promise<void>;
    readonly beforeRecord?: () => Promise<void>;
  };
}

/** The recorded outcome of an execution and where the record was committed. */
export interface ExecutionResult extends ExecutionOutcome {
  /** The `Governance:RecordExecution` transaction: readers on other peers wait for it. */
  readonly commit: CommittedTransaction;
}

/**
 * Thrown when a proposal cannot be executed by this caller: it is not APPROVED, or another member is
 * executing it (the message names the executor). Nothing is changed or recorded.
 */
export class NotExecutableError extends Error {
  override readonly name = 'NotExecutableError';
}

/**
 * Thrown when the steps ran (the channel change was applied, or a step failed) but the outcome could not
 * be recorded on the ledger. The proposal stays EXECUTING, claimed by this org: running the execution
 * again resumes it, skips what is already applied and records the outcome.
 */
export class ExecutionNotRecordedError extends Error {
  override readonly name = 'ExecutionNotRecordedError';
}

/**
 * Executes an APPROVED proposal, one member at a time: first claims the execution on the ledger
 * (`Governance:ClaimExecution`, APPROVED → EXECUTING) so that no other member applies it at the same
 * time; then each invitation adds the org to the channel (configuration update signed by member admins,
 * with the Admins rule derived from the voting policy for the new member list), starts and joins its
 * peers (where its topology entry says: the topology file or a fragment of `ledger org prepare`),
 * installs and approves the chaincode there and starts its gateway (`scripts/gateway-up.sh --org`);
 * each removal takes the org out of the channel and stops its gateway, peers and CA; a new default
 * policy rewrites the Admins rule; new VEPS keys need no channel step (the record applies them). Then waits for its peer's newest configuration block to show the change
 * and records EXECUTED naming that block and its orgs; on any failure it records ACTION_FAILED with the
 * reason, a failed attempt that leaves the proposal APPROVED for a later execution.
 *
 * Every step is skipped when the channel already shows it done (an invited org in the configuration
 * with its peer joined, a removed org out of it and its peer stopped, the Admins rule already the one
 * wanted), so the executor's org may run it again on a proposal it is EXECUTING: after a crash, or after
 * the record failed ({@link ExecutionNotRecordedError}).
 *
 * @throws NotExecutableError when the proposal is neither APPROVED nor EXECUTING, or another member holds
 *   the execution claim.
 * @throws ExecutionNotRecordedError when the steps ran but the outcome was not recorded.
 * @throws CommitWaitError when the executor's peer does not commit `options.after` in time.
 */
export async function executeProposal(options: Readonly<ExecuteProposalOptions>): Promise<ExecutionResult> {
  const { governance, proposalId } = options;
  const log = options.log ?? ((): void => undefined);
  if (options.after !== undefined) await governance.awaitCommitted(options.after);
  const proposal = await governance.getProposal(proposalId);
  if (proposal.status !== 'APPROVED' && proposal.status !== 'EXECUTING') {
    throw new NotExecutableError(
      executedBy(proposal) ??
        `proposal ${proposalId} is ${proposal.status}; only an APPROVED proposal can be executed`,
    );
  }
  const claimed = await claimExecution(governance, proposalId);
  log(`claimed the execution of proposal ${proposalId} (transaction ${claimed.commit.transactionId})`);
  await runHook(options, 'afterClaim');
  let outcome: ExecutionOutcome;
  try {
    await applyActions(claimed, options, log);
    const block = await awaitConfigBlock(claimed, options);
    log(`config block ${block.blockNumber} has the orgs ${block.orgs.join(', ')}`);
    outcome = { status: 'EXECUTED', configBlockNumber: block.blockNumber, channelOrgs: block.orgs };
  } catch (err) {
    outcome = { status: 'ACTION_FAILED', reason: reasonOf(err) };
  }
  await runHook(options, 'beforeRecord');
  log(`recording ${outcome.status} for proposal ${proposalId}`);
  let recorded: RecordedProposal;
  try {
    recorded = await governance.recordExecution(proposalId, outcome);
  } catch (err) {
    const what =
      outcome.status === 'EXECUTED'
        ? 'the channel change was applied but not recorded'
        : `the execution failed (${outcome.reason ?? ''}) and that was not recorded`;
    throw new ExecutionNotRecordedError(
      `proposal ${proposalId}: ${what}: ${messageOf(err)}. The proposal stays EXECUTING, claimed by this ` +
        `org; run \`ledger gov execute ${proposalId}\` again as an admin of this org to record it ` +
        '(steps already applied are skipped)',
      { cause: err },
    );
  }
  return { ...outcome, commit: recorded.commit };
}

/** Awaits a test hook of {@link ExecuteProposalOptions.hooks}, if set. */
async function runHook(
  options: Readonly<ExecuteProposalOptions>,
  name: keyof NonNullable<ExecuteProposalOptions['hooks']>,
): Promise<void> {
  const hook = options.hooks?.[name];
  if (hook !== undefined) await hook();
}

/**
 * Waits until this org's peer has a configuration block that holds the proposal's result, checked as
 * `ledger gov verify` checks a record (see {@link executionProblems}), and returns it.
 *
 * @throws Error naming what the newest configuration block still lacks when the wait runs out.
 */
async function awaitConfigBlock(
  proposal: ProposalSummary,
  options: Readonly<ExecuteProposalOptions>,
): Promise<ConfigBlockSummary> {
  const { governance } = options;
  const timeoutMs = options.configWait?.timeoutMs ?? 30_000;
  const intervalMs = options.configWait?.intervalMs ?? 250;
  const deadline = Date.now() + timeoutMs;
  const proposalBlock = await governance.blockNumberOfTransaction(proposal.proposalId);
  for (;;) {
    const block = await governance.latestConfigBlock();
    const asRecorded: ProposalSummary = {
      ...proposal,
      status: 'EXECUTED',
      execution: {
        configBlockNumber: block.blockNumber,
        channelOrgs: block.orgs,
        recordedBy: { msp: '', id: '' },
      },
    };
    const problems = executionProblems(
      asRecorded,
      block,
      proposalBlock,
      expectedAdminsRule(proposal, block.orgs),
    );
    if (problems.length === 0) return block;
    if (Date.now() >= deadline) {
      throw new Error(`error: the channel does not show the change: ${problems.join('; ')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/**
 * Claims the execution. A refusal (FAILED_PRECONDITION: another member executes it, or the status
 * changed) becomes a {@link NotExecutableError} with the chaincode's message. A claim that lost a race
 * with another member's and stayed invalid (MVCC read conflict) re-reads the proposal to name the winner.
 */
async function claimExecution(governance: GovernanceClient, proposalId: string): Promise<RecordedProposal> {
  try {
    return await governance.claimExecution(proposalId);
  } catch (err) {
    const refusal = chaincodeRefusal(err);
    if (refusal?.code === 'FAILED_PRECONDITION') {
      throw new NotExecutableError((await alreadyExecutedBy(governance, proposalId)) ?? refusal.message, {
        cause: err,
      });
    }
    if (err instanceof CommitError && err.code === MVCC_READ_CONFLICT) {
      const now = await governance.getProposal(proposalId);
      if (now.claim !== undefined && now.claim !== null) {
        throw new NotExecutableError(
          `proposal ${JSON.stringify(proposalId)} is being executed by ${now.claim.executor.msp} (${now.claim.executor.id}) since ${now.claim.claimedAt}, claim transaction ${now.claim.txId}`,
          { cause: err },
        );
      }
    }
    throw err;
  }
}

/**
 * Who carried out a proposal whose outcome is already recorded (the refusal then says "status got
 * EXECUTED" without naming anyone): the holder of its last claim. Undefined while it is not finished.
 */
async function alreadyExecutedBy(
  governance: GovernanceClient,
  proposalId: string,
): Promise<string | undefined> {
  return executedBy(await governance.getProposal(proposalId));
}

/** "was already executed by …" for a proposal whose outcome is recorded under a claim, else undefined. */
function executedBy(proposal: ProposalSummary): string | undefined {
  const { status, claim } = proposal;
  if (status !== 'EXECUTED' || claim == null) return undefined;
  return `proposal ${JSON.stringify(proposal.proposalId)} was already executed by ${claim.executor.msp} (${claim.executor.id}), claimed ${claim.claimedAt} in transaction ${claim.txId}: ${status}`;
}

const MVCC_READ_CONFLICT: number = StatusCode.MVCC_READ_CONFLICT;

/** The chaincode's `[CODE] message` carried by a Fabric gateway error, if any. */
function chaincodeRefusal(err: unknown): { code: string; message: string } | undefined {
  if (!(err instanceof GatewayError)) return undefined;
  for (const text of [err.message, ...err.details.map((d) => d.message)]) {
    const refusal = parseLedgerErrorMessage(text);
    if (refusal !== undefined) return { code: refusal.code, message: refusal.detail.split('\n', 1)[0] ?? '' };
  }
  return undefined;
}

/** Where the membership steps leave the member list, and what they did. */
interface MembershipSteps {
  readonly members: readonly string[];
  readonly ran: number;
  readonly skipped: number;
}

async function applyActions(
  proposal: ProposalSummary,
  options: Readonly<ExecuteProposalOptions>,
  log: (message: string) => void,
): Promise<void> {
  if (!changesChannel(proposal)) {
    // VEPS keys: carried out by the record itself (Governance:RecordExecution applies it on-chain).
    log('the proposal changes nothing on the channel; recording the current configuration block');
    return;
  }
  const run = options.run ?? runScript;
  const readChannel = options.channel ?? readChannelState;
  const consortium = await options.governance.getConsortium();
  // A new default policy governs the channel's Admins rule from this proposal on.
  const policyChange = newDefaultPolicy(proposal);
  const policy = policyChange ?? consortium.policy;
  const channel = readChannel();
  const steps = applyMembership(
    proposal,
    consortium.members.map((m) => m.mspId),
    policy,
    channel,
    { ...options, run },
    log,
  );
  // A join or removal sets the Admins rule in its own update; a policy change alone, or a resumed
  // execution whose membership steps were already done, may still need it.
  if (policyChange !== undefined || steps.skipped > 0) {
    const wanted = adminsSignatureRule(steps.members, policy);
    const current = steps.ran > 0 ? readChannel().adminsRule : channel.adminsRule;
    if (sameAdminsRule(current, wanted)) {
      log(`the channel Admins policy is already ${wanted}`);
    } else {
      log(`rewriting the channel Admins policy as ${wanted}`);
      run('channel-org.sh', ['admins', '--admins-rule', wanted]);
    }
  }
  if (proposal.actions.invitations.length > 0) setUpNewMembers(proposal, options.layout, run, log);
}

/** Installs and approves the chaincode for the invited orgs' peers and starts their gateways. */
function setUpNewMembers(
  proposal: ProposalSummary,
  layout: NetworkLayout,
  run: StepRunner,
  log: (message: string) => void,
): void {
  // Idempotent: installs and approves only what the new members' peers lack.
  log('installing and approving the chaincode for the new members');
  run('deploy-chaincode.sh', []);
  // Idempotent too: a gateway already running is left alone.
  for (const invitation of proposal.actions.invitations) {
    log(`starting the gateway of ${invitation.mspId}`);
    run('gateway-up.sh', ['--org', orgOf(layout, invitation.mspId)]);
  }
}

/**
 * Adds each invited org and removes each removed one, skipping what the channel already shows done: an
 * invited org in the configuration with its peer joined, a removed org out of it with its peer gone.
 */
function applyMembership(
  proposal: ProposalSummary,
  current: readonly string[],
  policy: ApprovalThresholdPolicy,
  channel: ChannelState,
  options: Readonly<ExecuteProposalOptions> & { readonly run: StepRunner },
  log: (message: string) => void,
): MembershipSteps {
  const { layout, run } = options;
  let members = [...current];
  let ran = 0;
  let skipped = 0;
  for (const invitation of proposal.actions.invitations) {
    const org = orgOf(layout, invitation.mspId);
    members = [...members, invitation.mspId];
    if (channel.members.includes(invitation.mspId) && channel.joinedPeers.includes(invitation.mspId)) {
      log(`${invitation.mspId} is in channel ${layout.channelName} and its peer has joined: skipped`);
      skipped++;
      continue;
    }
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-gov-')), 'invitation.json');
    fs.writeFileSync(file, JSON.stringify(invitation));
    log(`adding ${invitation.mspId} to channel ${layout.channelName}`);
    run('channel-org.sh', ['join', org, file, '--admins-rule', adminsSignatureRule(members, policy)]);
    ran++;
  }
  for (const removal of proposal.actions.removals) {
    const org = orgOf(layout, removal.mspId);
    members = members.filter((m) => m !== removal.mspId);
    if (!channel.members.includes(removal.mspId) && !channel.joinedPeers.includes(removal.mspId)) {
      log(`${removal.mspId} is not in channel ${layout.channelName}: skipped`);
      skipped++;
      continue;
    }
    log(`removing ${removal.mspId} from channel ${layout.channelName}`);
    run('channel-org.sh', ['remove', org, '--admins-rule', adminsSignatureRule(members, policy)]);
    ran++;
  }
  return { members, ran, skipped };
}

/** True when the proposal invites, removes or changes a policy: everything but on-chain-only actions. */
function changesChannel(proposal: ProposalSummary): boolean {
  const { invitations, removals, policyChange } = proposal.actions;
  return invitations.length + removals.length > 0 || (policyChange ?? null) !== null;
}

function newDefaultPolicy(proposal: ProposalSummary): ApprovalThresholdPolicy | undefined {
  return proposal.actions.policyChange?.policy ?? undefined;
}

function orgOf(layout: NetworkLayout, mspId: string): PeerOrg {
  const org = Object.keys(layout.orgs).find((o) => orgLayout(layout, o).mspId === mspId);
  if (org === undefined) {
    throw new Error(
      `${mspId} has no node definition in this network (known: ${Object.values(layout.orgs)
        .map((o) => o.mspId)
        .join(', ')})`,
    );
  }
  return org;
}

function scriptPath(script: string): string {
  return path.resolve(__dirname, '..', '..', '..', 'scripts', script);
}

function runScript(script: string, args: readonly string[]): void {
  execFileSync('bash', [scriptPath(script), ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
  });
}

function readChannelState(): ChannelState {
  const out = execFileSync('bash', [scriptPath('channel-org.sh'), 'status'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
  });
  return JSON.parse(out) as ChannelState;
}

function messageOf(err: unknown): string {
  const details = err instanceof GatewayError ? err.details.map((d) => d.message) : [];
  return [err instanceof Error ? err.message : String(err), ...details].join('; ');
}

function reasonOf(err: unknown): string {
  const stderr = (err as { stderr?: unknown }).stderr;
  const text = typeof stderr === 'string' && stderr.trim() !== '' ? stderr : String(err);
  const lines = text.trim().split('\n');
  return (lines.find((l) => l.startsWith('error:')) ?? lines[lines.length - 1] ?? 'unknown error').slice(
    0,
    1000,
  );
}

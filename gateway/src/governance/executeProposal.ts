import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { adminsSignatureRule, type ApprovalThresholdPolicy } from '@fabric-ledger/chaincode/src/lib/voting';
import type { CommittedTransaction } from '../fabric/awaitCommitted';
import type { NetworkLayout, PeerOrg } from '../fabric/networkLayout';
import type { ExecutionOutcome, GovernanceClient, ProposalSummary } from './governanceClient';

/** Runs one step of the channel change (a script of the repository). */
export type StepRunner = (script: string, args: readonly string[]) => void;

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
  /** Runs scripts/channel-org.sh and scripts/deploy-chaincode.sh; the default runs them with bash. */
  readonly run?: StepRunner;
  readonly log?: (message: string) => void;
}

/** The recorded outcome of an execution and where the record was committed. */
export interface ExecutionResult extends ExecutionOutcome {
  /** The `Governance:RecordExecution` transaction: readers on other peers wait for it. */
  readonly commit: CommittedTransaction;
}

/** Thrown when a proposal cannot be executed at all (nothing is changed or recorded). */
export class NotExecutableError extends Error {
  override readonly name = 'NotExecutableError';
}

/**
 * Executes an APPROVED proposal: each invitation adds the org to the channel (configuration update
 * signed by member admins, with the Admins rule derived from the voting policy for the new member
 * list), starts and joins its peer and installs the chaincode there; each removal takes the org out of
 * the channel. Records EXECUTED, or ACTION_FAILED with the reason, on-chain.
 * @throws NotExecutableError when the proposal is not APPROVED.
 * @throws CommitWaitError when the executor's peer does not commit `options.after` in time.
 */
export async function executeProposal(options: Readonly<ExecuteProposalOptions>): Promise<ExecutionResult> {
  const { governance, proposalId } = options;
  const log = options.log ?? ((): void => undefined);
  if (options.after !== undefined) await governance.awaitCommitted(options.after);
  const proposal = await governance.getProposal(proposalId);
  if (proposal.status !== 'APPROVED') {
    throw new NotExecutableError(
      `proposal ${proposalId} is ${proposal.status}; only an APPROVED proposal can be executed`,
    );
  }
  let outcome: ExecutionOutcome;
  try {
    await applyActions(proposal, options, log);
    outcome = { status: 'EXECUTED' };
  } catch (err) {
    outcome = { status: 'ACTION_FAILED', reason: reasonOf(err) };
  }
  log(`recording ${outcome.status} for proposal ${proposalId}`);
  const recorded = await governance.recordExecution(proposalId, outcome);
  return { ...outcome, commit: recorded.commit };
}

async function applyActions(
  proposal: ProposalSummary,
  options: Readonly<ExecuteProposalOptions>,
  log: (message: string) => void,
): Promise<void> {
  const run = options.run ?? runScript;
  const consortium = await options.governance.getConsortium();
  let members = consortium.members.map((m) => m.mspId);
  const { invitations, removals } = proposal.actions;
  // A new default policy governs the channel's Admins rule from this proposal on.
  const policy = newDefaultPolicy(proposal) ?? consortium.policy;
  for (const invitation of invitations) {
    const org = orgOf(options.layout, invitation.mspId);
    members = [...members, invitation.mspId];
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-gov-')), 'invitation.json');
    fs.writeFileSync(file, JSON.stringify(invitation));
    log(`adding ${invitation.mspId} to channel ${options.layout.channelName}`);
    run('channel-org.sh', ['join', org, file, '--admins-rule', adminsSignatureRule(members, policy)]);
  }
  for (const removal of removals) {
    const org = orgOf(options.layout, removal.mspId);
    members = members.filter((m) => m !== removal.mspId);
    log(`removing ${removal.mspId} from channel ${options.layout.channelName}`);
    run('channel-org.sh', ['remove', org, '--admins-rule', adminsSignatureRule(members, policy)]);
  }
  if (invitations.length === 0 && removals.length === 0 && newDefaultPolicy(proposal) !== undefined) {
    log('rewriting the channel Admins policy for the new default voting policy');
    run('channel-org.sh', ['admins', '--admins-rule', adminsSignatureRule(members, policy)]);
  }
  if (invitations.length > 0) {
    log('installing and approving the chaincode for the new members');
    run('deploy-chaincode.sh', []);
  }
}

function newDefaultPolicy(proposal: ProposalSummary): ApprovalThresholdPolicy | undefined {
  const change = proposal.actions.policyChange as { policy?: ApprovalThresholdPolicy | null } | null;
  return change?.policy ?? undefined;
}

function orgOf(layout: NetworkLayout, mspId: string): PeerOrg {
  const org = (Object.keys(layout.orgs) as PeerOrg[]).find((o) => layout.orgs[o].mspId === mspId);
  if (org === undefined) {
    throw new Error(
      `${mspId} has no node definition in this network (known: ${Object.values(layout.orgs)
        .map((o) => o.mspId)
        .join(', ')})`,
    );
  }
  return org;
}

function runScript(script: string, args: readonly string[]): void {
  const file = path.resolve(__dirname, '..', '..', '..', 'scripts', script);
  execFileSync('bash', [file, ...args], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
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

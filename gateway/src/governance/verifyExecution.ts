import { adminsSignatureRule, type ApprovalThresholdPolicy } from '@fabric-ledger/chaincode/shared';
import { executionProblems, newDefaultPolicyOf, type ConfigBlockSummary } from './configBlock';
import type { GovernanceClient, ProposalSummary } from './governanceClient';

/** What `ledger gov verify` found. */
export interface ExecutionVerification {
  readonly proposalId: string;
  /** True when the record holds against the channel. */
  readonly verified: boolean;
  readonly configBlockNumber: number | null;
  readonly channelOrgs: readonly string[] | null;
  /** Why it does not hold; empty when verified. */
  readonly problems: readonly string[];
}

/**
 * The Admins rule a proposal that sets a new default policy requires for the orgs of a config block,
 * `null` when the proposal keeps the default policy.
 *
 * @param proposal - The proposal.
 * @param orgs - The config block's orgs.
 * @returns The rule, or null.
 */
export function expectedAdminsRule(proposal: ProposalSummary, orgs: readonly string[]): string | null {
  const policy = newDefaultPolicyOf(proposal) as ApprovalThresholdPolicy | undefined;
  return policy === undefined || orgs.length === 0 ? null : adminsSignatureRule(orgs, policy);
}

/**
 * Checks a proposal's EXECUTED record against the channel, as this client's peer has it: the
 * configuration block it names must be a config block (after the proposal's own block when it invites or
 * removes orgs), with exactly the recorded orgs, the invited ones in and the removed ones out, and the
 * Admins rule of a new default policy.
 *
 * @param governance - A member's governance client.
 * @param proposalId - The proposal.
 * @returns The verdict with every problem found.
 */
export async function verifyExecution(
  governance: GovernanceClient,
  proposalId: string,
): Promise<ExecutionVerification> {
  const proposal = await governance.getProposal(proposalId);
  const execution = proposal.execution ?? null;
  const blockNumber = execution?.configBlockNumber ?? null;
  const block: ConfigBlockSummary | null =
    blockNumber === null ? null : await governance.configBlock(blockNumber);
  const proposalBlock = await governance.blockNumberOfTransaction(proposalId);
  const problems = executionProblems(
    proposal,
    block,
    proposalBlock,
    block === null ? null : expectedAdminsRule(proposal, block.orgs),
  );
  return {
    proposalId,
    verified: problems.length === 0,
    configBlockNumber: blockNumber,
    channelOrgs: execution?.channelOrgs ?? null,
    problems,
  };
}

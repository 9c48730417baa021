import type { Contract } from '@hyperledger/fabric-gateway';
import type { ApprovalThresholdPolicy } from '@fabric-ledger/chaincode/src/lib/voting';
import { retryOnPeerLag, type PeerLagRetryOptions } from '../fabric/retryOnPeerLag';

/** An invitation as proposals carry it (the output of `scripts/channel-org.sh prepare`). */
export interface InvitationAction {
  readonly mspId: string;
  readonly orgName: string;
  readonly rootCerts: readonly string[];
  readonly tlsRootCerts?: readonly string[];
  readonly adminCert: string;
}

/** The parts of a proposal view the executor reads. */
export interface ProposalSummary {
  readonly proposalId: string;
  readonly status: string;
  readonly actions: {
    readonly invitations: readonly InvitationAction[];
    readonly removals: readonly { readonly mspId: string }[];
    readonly policyChange: unknown;
  };
}

/** The parts of the consortium view the executor reads. */
export interface ConsortiumSummary {
  readonly policy: ApprovalThresholdPolicy;
  readonly members: readonly { readonly mspId: string }[];
}

/** Outcome recorded on-chain by `Governance:RecordExecution`. */
export interface ExecutionOutcome {
  readonly status: 'EXECUTED' | 'ACTION_FAILED';
  readonly reason?: string;
}

/** Typed calls of the Governance contract for one signed-in member admin. */
export interface GovernanceClient {
  initConsortium(consortiumJson: string): Promise<string>;
  createProposal(actions: unknown, description: string): Promise<ProposalSummary>;
  vote(proposalId: string, vote: 'YES' | 'NO'): Promise<ProposalSummary>;
  getProposal(proposalId: string): Promise<ProposalSummary>;
  getConsortium(): Promise<ConsortiumSummary>;
  listProposals(status: string): Promise<string>;
  listMembers(): Promise<string>;
  recordExecution(proposalId: string, outcome: ExecutionOutcome): Promise<ProposalSummary>;
}

const decoder = new TextDecoder();
const parseProposal = (bytes: Uint8Array): ProposalSummary =>
  JSON.parse(decoder.decode(bytes)) as ProposalSummary;

/**
 * Wraps the `ledger` chaincode's Governance functions. Members vote one after another from their own
 * peers, so a submit that fails only because another member's peer has not committed the previous vote
 * yet is made again (see {@link retryOnPeerLag}); every other failure reaches the caller unchanged.
 *
 * @param contract - The `ledger` contract, connected as a member admin.
 * @param lagRetry - How long to wait for lagging peers (tests shorten it).
 */
export function newGovernanceClient(
  contract: Pick<Contract, 'submitTransaction' | 'evaluateTransaction'>,
  lagRetry: Readonly<PeerLagRetryOptions> = {},
): GovernanceClient {
  const submitRaw = (fn: string, ...args: string[]): Promise<Uint8Array> =>
    retryOnPeerLag(() => contract.submitTransaction(fn, ...args), lagRetry);
  const submit = async (fn: string, ...args: string[]): Promise<ProposalSummary> =>
    parseProposal(await submitRaw(`Governance:${fn}`, ...args));
  const evaluate = async (fn: string, ...args: string[]): Promise<Uint8Array> =>
    contract.evaluateTransaction(`Governance:${fn}`, ...args);
  return {
    initConsortium: async (consortiumJson) =>
      decoder.decode(await submitRaw('Governance:InitConsortium', consortiumJson)),
    createProposal: (actions, description) => submit('CreateProposal', JSON.stringify(actions), description),
    vote: (proposalId, vote) => submit('VoteOnProposal', proposalId, vote),
    getProposal: async (proposalId) => parseProposal(await evaluate('GetProposal', proposalId)),
    getConsortium: async () =>
      JSON.parse(decoder.decode(await evaluate('GetConsortium'))) as ConsortiumSummary,
    listProposals: async (status) => decoder.decode(await evaluate('ListProposals', status, '', '')),
    listMembers: async () => decoder.decode(await evaluate('ListMembers')),
    recordExecution: (proposalId, outcome) => submit('RecordExecution', proposalId, JSON.stringify(outcome)),
  };
}

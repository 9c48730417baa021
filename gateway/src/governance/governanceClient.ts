import type { Contract, Network } from '@hyperledger/fabric-gateway';
import type {
  ApprovalThresholdPolicy,
  Execution,
  ExecutionAttempt,
  ExecutionClaim,
  ProposalActions,
  ProposalView,
  Supersession,
} from '@fabric-ledger/chaincode/shared';
import {
  awaitCommitted,
  submitCommitted,
  type AwaitCommittedOptions,
  type CommittedTransaction,
} from '../fabric/awaitCommitted';
import { retryOnPeerLag, type PeerLagRetryOptions } from '../fabric/retryOnPeerLag';
import { newChannelBlocks, type ChannelBlocks } from './channelBlocks';
import type { ConfigBlockSummary } from './configBlock';
import type { InvitationFile } from '../fabric/channelUpdateFiles';

/** An invitation as proposals carry it: the invitation file (`ledger org prepare`). */
export type InvitationAction = InvitationFile;

/** Who is executing a proposal (status EXECUTING), as `Governance:ClaimExecution` recorded it. */
export type ExecutionClaimSummary = Pick<ExecutionClaim, 'executor' | 'claimedAt' | 'txId'>;

/**
 * The parts of a proposal view (the chaincode's `ProposalView`) the executor reads. The types are the
 * chaincode's own; only what the gateway reads is required, so a view written by an older chaincode
 * (without `channelOrgs`, `vepsKeys` or `superseded`) still fits.
 */
export interface ProposalSummary {
  readonly proposalId: ProposalView['proposalId'];
  /** IN_PROGRESS, APPROVED, REJECTED, EXPIRED, EXECUTING, EXECUTED or SUPERSEDED. */
  readonly status: ProposalView['status'];
  /** Present once a member has claimed the execution. */
  readonly claim?: ExecutionClaimSummary | null;
  readonly actions: {
    readonly invitations: readonly InvitationAction[];
    readonly removals: ProposalActions['removals'];
    readonly policyChange: ProposalActions['policyChange'];
    /** New consortium VEPS keys (action VEPS_KEYS); absent or null when the proposal sets none. */
    readonly vepsKeys?: ProposalActions['vepsKeys'];
  };
  /** The recorded execution, once EXECUTED. */
  readonly execution?: Pick<Execution, 'configBlockNumber' | 'channelOrgs' | 'recordedBy'> | null;
  /** Set once superseded (status SUPERSEDED): why the member list no longer allows it, and who said so. */
  readonly superseded?: Pick<Supersession, 'reason' | 'recordedBy' | 'recordedAt'>;
  /** Failed execution attempts: who, when and why. */
  readonly attempts?: readonly Pick<ExecutionAttempt, 'executor' | 'reason' | 'recordedAt'>[];
}

/**
 * A proposal as a write left it, and where that write was committed: another member's client waits
 * for `commit` on its own peer ({@link GovernanceClient.awaitCommitted}) before it reads or votes.
 */
export interface RecordedProposal extends ProposalSummary {
  readonly commit: CommittedTransaction;
}

/** The parts of the consortium view the executor reads. */
export interface ConsortiumSummary {
  readonly policy: ApprovalThresholdPolicy;
  readonly members: readonly { readonly mspId: string }[];
}

/**
 * Outcome recorded on-chain by `Governance:RecordExecution`: EXECUTED with the configuration block in
 * effect after the change and its orgs, or ACTION_FAILED with the reason (a failed attempt: the proposal
 * stays APPROVED).
 */
export interface ExecutionOutcome {
  readonly status: 'EXECUTED' | 'ACTION_FAILED';
  readonly reason?: string;
  readonly configBlockNumber?: number;
  readonly channelOrgs?: readonly string[];
}

/** Typed calls of the Governance contract for one signed-in member admin. */
export interface GovernanceClient {
  initConsortium(consortiumJson: string): Promise<string>;
  createProposal(actions: unknown, description: string): Promise<RecordedProposal>;
  vote(proposalId: string, vote: 'YES' | 'NO'): Promise<RecordedProposal>;
  getProposal(proposalId: string): Promise<ProposalSummary>;
  getConsortium(): Promise<ConsortiumSummary>;
  /**
   * One page of `Governance:ListProposals` as JSON text (`{records, fetchedRecordsCount, bookmark}`):
   * `status` `""` for all; `bookmark` `""` (default) for the first page; `pageSize` `""` (default) for
   * the chaincode's default, else 1..200.
   */
  listProposals(status: string, bookmark?: string, pageSize?: string): Promise<string>;
  listMembers(): Promise<string>;
  /** The consortium's VEPS keys record (`Governance:GetVepsKeys`), as JSON text. */
  getVepsKeys(): Promise<string>;
  /**
   * Claims the execution of an APPROVED proposal for this org (or renews this org's claim of one it is
   * EXECUTING): `Governance:ClaimExecution`.
   */
  claimExecution(proposalId: string): Promise<RecordedProposal>;
  /** Records the outcome of an execution this org has claimed: `Governance:RecordExecution`. */
  recordExecution(proposalId: string, outcome: ExecutionOutcome): Promise<RecordedProposal>;
  /**
   * Closes an APPROVED or EXECUTING proposal that the member list no longer allows (it invites a member
   * or removes a non-member): `Governance:SupersedeProposal`. Refused when it can still be executed.
   */
  supersede(proposalId: string): Promise<RecordedProposal>;
  /**
   * Resolves once this client's own peer (the one that answers its reads and endorses first) has
   * committed `commit`, a write made through any member's peer.
   * @throws CommitWaitError when it has not within the deadline.
   */
  awaitCommitted(commit: CommittedTransaction): Promise<void>;
  /** The block at `blockNumber` as this client's peer has it, decoded; `null` when it has none. */
  configBlock(blockNumber: number): Promise<ConfigBlockSummary | null>;
  /** The channel's latest configuration block as this client's peer has it. */
  latestConfigBlock(): Promise<ConfigBlockSummary>;
  /** Number of the block holding a transaction (e.g. a proposal's creation), `null` when unknown. */
  blockNumberOfTransaction(txId: string): Promise<number | null>;
}

const decoder = new TextDecoder();
const parseProposal = (bytes: Uint8Array): ProposalSummary =>
  JSON.parse(decoder.decode(bytes)) as ProposalSummary;

/**
 * Wraps the `ledger` chaincode's Governance functions. Members vote one after another from their own
 * peers: a member reading or voting after another member's write first waits for its own peer to commit
 * that write ({@link GovernanceClient.awaitCommitted} with the write's `commit`). A submit that still
 * fails only because another member's peer, which endorses too, has not committed the previous vote yet
 * is made again (see {@link retryOnPeerLag}); every other failure reaches the caller unchanged.
 *
 * @param contract - The `ledger` contract, connected as a member admin.
 * @param network - The same connection's channel: its peer's blocks tell what that peer has committed.
 * @param lagRetry - How long to wait for lagging peers (tests shorten it).
 * @param commitWait - How long {@link GovernanceClient.awaitCommitted} waits.
 * @param blocks - Reads the channel's blocks; by default through the network's qscc.
 */
export function newGovernanceClient(
  contract: Pick<Contract, 'submitAsync' | 'evaluateTransaction'>,
  network: Pick<Network, 'newFilteredBlockEventsRequest'> & Partial<Pick<Network, 'getContract' | 'getName'>>,
  lagRetry: Readonly<PeerLagRetryOptions> = {},
  commitWait: Readonly<AwaitCommittedOptions> = {},
  blocks?: ChannelBlocks,
): GovernanceClient {
  const channelBlocks = (): ChannelBlocks => {
    if (blocks !== undefined) return blocks;
    const { getContract, getName } = network;
    if (getContract === undefined || getName === undefined) {
      throw new Error('this governance client was made without access to the channel blocks');
    }
    return newChannelBlocks({ getContract: getContract.bind(network), getName: getName.bind(network) });
  };
  const submitRaw = (fn: string, ...args: string[]): ReturnType<typeof submitCommitted> =>
    retryOnPeerLag(() => submitCommitted(contract, fn, { arguments: args }), lagRetry);
  const submit = async (fn: string, ...args: string[]): Promise<RecordedProposal> => {
    const { result, commit } = await submitRaw(`Governance:${fn}`, ...args);
    return { ...parseProposal(result), commit };
  };
  const evaluate = async (fn: string, ...args: string[]): Promise<Uint8Array> =>
    contract.evaluateTransaction(`Governance:${fn}`, ...args);
  return {
    initConsortium: async (consortiumJson) =>
      decoder.decode((await submitRaw('Governance:InitConsortium', consortiumJson)).result),
    createProposal: (actions, description) => submit('CreateProposal', JSON.stringify(actions), description),
    vote: (proposalId, vote) => submit('VoteOnProposal', proposalId, vote),
    getProposal: async (proposalId) => parseProposal(await evaluate('GetProposal', proposalId)),
    getConsortium: async () =>
      JSON.parse(decoder.decode(await evaluate('GetConsortium'))) as ConsortiumSummary,
    listProposals: async (status, bookmark = '', pageSize = '') =>
      decoder.decode(await evaluate('ListProposals', status, pageSize, bookmark)),
    listMembers: async () => decoder.decode(await evaluate('ListMembers')),
    getVepsKeys: async () => decoder.decode(await evaluate('GetVepsKeys')),
    claimExecution: (proposalId) => submit('ClaimExecution', proposalId),
    recordExecution: (proposalId, outcome) => submit('RecordExecution', proposalId, JSON.stringify(outcome)),
    supersede: (proposalId) => submit('SupersedeProposal', proposalId),
    awaitCommitted: (commit) => awaitCommitted(network, commit, commitWait),
    configBlock: (blockNumber) => channelBlocks().configBlock(blockNumber),
    latestConfigBlock: () => channelBlocks().latestConfigBlock(),
    blockNumberOfTransaction: (txId) => channelBlocks().blockNumberOfTransaction(txId),
  };
}

/**
 * JSON of a value that may hold block numbers (bigint), as the CLI prints it: bigints as decimal strings.
 *
 * @param value - What to print.
 * @returns Its JSON text.
 */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
}

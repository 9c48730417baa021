// Makes an invited org (Org3 on the test network) a channel member through the consortium's own
// governance path, for integration suites that need three member orgs whether or not an earlier suite
// already invited it: reads the channel (scripts/channel-org.sh status), founds the consortium if
// nobody has, proposes the invitation, votes YES as each founding admin and executes it as
// `ledger gov execute` does (gateway/src/governance/executeProposal.ts).
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Contract, Network } from '@hyperledger/fabric-gateway';
import { submitCommitted, type SubmitResult } from '@gateway/fabric/awaitCommitted';
import { orgLayout, type NetworkLayout, type PeerOrg } from '@gateway/fabric/networkLayout';
import { executeProposal, type ChannelState } from '@gateway/governance/executeProposal';
import {
  newGovernanceClient,
  type GovernanceClient,
  type RecordedProposal,
} from '@gateway/governance/governanceClient';
import { chaincodeErrorCode } from './fabricErrors';

/** What an org's membership needs: nothing (`member`), or an invitation executed (`invite`). */
export type MembershipStep = 'member' | 'invite';

/**
 * Decides from the channel's state whether `mspId` still has to be invited. An org in the channel
 * configuration whose peer has joined is a member; an org in neither needs an invitation; an org in
 * one but not the other is an execution left half done, which this refuses to paper over.
 *
 * @param state - `scripts/channel-org.sh status`.
 * @param mspId - the org, e.g. `Org3MSP`.
 * @returns `member` or `invite`.
 * @throws Error naming the org and what is missing when the state is half done.
 */
export function membershipStep(state: Readonly<ChannelState>, mspId: string): MembershipStep {
  const inConfig = state.members.includes(mspId);
  const peerJoined = state.joinedPeers.includes(mspId);
  if (inConfig && peerJoined) return 'member';
  if (!inConfig && !peerJoined) return 'invite';
  const what = inConfig
    ? 'is in the channel configuration but its peer has not joined'
    : 'is not in the channel configuration but its peer has joined';
  throw new Error(`${mspId} ${what}: finish the execution in progress (ledger gov execute) first`);
}

/** A founding member's admin: its governance client and its `ledger` contract on its own peer. */
export interface AdminSession {
  readonly governance: GovernanceClient;
  readonly contract: Contract;
}

/** Options of {@link ensureInvitedMember}. */
export interface EnsureMemberOptions {
  readonly layout: NetworkLayout;
  /** The repository root (scripts/ and channel-config/ are read from it). */
  readonly repo: string;
  /** The org to make a member, e.g. `org3`. */
  readonly org: PeerOrg;
  /**
   * The current members' admins, in order: the first proposes, each votes YES until the proposal is
   * APPROVED, the last executes. When the consortium does not exist yet, each accepts the charter
   * channel-config/consortium.json in this order.
   */
  readonly admins: readonly AdminSession[];
}

/** What {@link ensureInvitedMember} found and did. */
export interface MembershipOutcome {
  readonly step: MembershipStep;
  /** The executed invitation's record, when it invited the org. */
  readonly proposalId?: string;
}

/** `scripts/channel-org.sh status` of the network in the environment. */
export function channelState(repo: string): ChannelState {
  const out = execFileSync('bash', [path.join(repo, 'scripts', 'channel-org.sh'), 'status'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return JSON.parse(out) as ChannelState;
}

/**
 * Makes `org` a channel member with its peer joined and the chaincode installed there, by the
 * governance path, unless the channel shows it is one already.
 *
 * @throws Error when the invitation is not executed (its reason), or the channel is half changed.
 */
export async function ensureInvitedMember(
  options: Readonly<EnsureMemberOptions>,
): Promise<MembershipOutcome> {
  const { layout, repo, org, admins } = options;
  const mspId = orgLayout(layout, org).mspId;
  const step = membershipStep(channelState(repo), mspId);
  if (step === 'member') return { step };
  const proposer = admins[0];
  const executor = admins[admins.length - 1];
  if (proposer === undefined || executor === undefined) throw new Error('admins: got none, want one or more');
  const founded = await foundConsortium(repo, admins);
  if (founded !== undefined) await proposer.governance.awaitCommitted(founded.commit);
  const invitation = JSON.parse(
    execFileSync('bash', [path.join(repo, 'scripts', 'channel-org.sh'), 'prepare', org], {
      encoding: 'utf8',
    }),
  ) as unknown;
  let proposal: RecordedProposal = await proposer.governance.createProposal(
    { invitations: [invitation] },
    `invite ${mspId} (set-up of a suite that needs it as a member)`,
  );
  for (const admin of admins) {
    if (proposal.status === 'APPROVED') break;
    await admin.governance.awaitCommitted(proposal.commit);
    proposal = await admin.governance.vote(proposal.proposalId, 'YES');
  }
  if (proposal.status !== 'APPROVED') {
    throw new Error(`the invitation of ${mspId} is ${proposal.status} after every admin voted YES`);
  }
  const outcome = await executeProposal({
    governance: executor.governance,
    layout,
    proposalId: proposal.proposalId,
    after: proposal.commit,
  });
  if (outcome.status !== 'EXECUTED') {
    throw new Error(`the invitation of ${mspId} was not executed: ${outcome.reason ?? outcome.status}`);
  }
  for (const admin of admins) await admin.governance.awaitCommitted(outcome.commit);
  return { step, proposalId: proposal.proposalId };
}

/**
 * Each admin accepts channel-config/consortium.json in turn, waiting for the previous acceptance on its
 * own peer; ALREADY_EXISTS (the consortium exists, or this org accepted before) is no error.
 *
 * @returns the last acceptance made, or undefined when none was needed.
 */
async function foundConsortium(
  repo: string,
  admins: readonly AdminSession[],
): Promise<SubmitResult | undefined> {
  const charter = fs.readFileSync(path.join(repo, 'channel-config', 'consortium.json'), 'utf8');
  let last: SubmitResult | undefined;
  for (const admin of admins) {
    if (last !== undefined) await admin.governance.awaitCommitted(last.commit);
    const accepted = await submitCommitted(admin.contract, 'Governance:InitConsortium', {
      arguments: [charter],
    }).catch((err: unknown) => {
      if (chaincodeErrorCode(err) !== 'ALREADY_EXISTS') throw err;
      return undefined;
    });
    last = accepted ?? last;
  }
  return last;
}

/** A founding org's admin connection: its `ledger` contract and its channel. */
export interface AdminConnection {
  readonly contract: Contract;
  readonly network: Network;
}

/**
 * The `before` step of a suite that needs `org` (Org3) as a third member: Org1's and Org2's admins
 * (opened with `openAdmin`, which owns closing them) invite it unless it is a member already; logs
 * which it was.
 *
 * @returns what {@link ensureInvitedMember} found and did.
 */
export async function ensureThirdMember(
  layout: NetworkLayout,
  repo: string,
  org: PeerOrg,
  openAdmin: (founder: PeerOrg) => AdminConnection,
): Promise<MembershipOutcome> {
  const adminOf = (founder: PeerOrg): AdminSession => {
    const { contract, network } = openAdmin(founder);
    return { contract, governance: newGovernanceClient(contract, network) };
  };
  const membership = await ensureInvitedMember({
    layout,
    repo,
    org,
    admins: [adminOf('org1'), adminOf('org2')],
  });
  const mspId = orgLayout(layout, org).mspId;
  console.log(
    membership.step === 'member'
      ? `      ${mspId} was a member already`
      : `      ${mspId} joined by invitation ${String(membership.proposalId)}`,
  );
  return membership;
}

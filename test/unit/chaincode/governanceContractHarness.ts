/**
 * The governance contract specs' shared setup: a fresh harness and contract, the callers of the suite,
 * and the writes and reads the specs build their scenarios from. Each spec calls
 * {@link newGovernanceSpec} in its `beforeEach`.
 */
import { expect } from 'chai';
import * as sinon from 'sinon';
import type { ClientIdentity } from 'fabric-shim';
import { GOVERNANCE_ENTRY_TYPE, GovernanceContract } from '@chaincode/contracts/governanceContract';
import type { CharterView, ConsortiumView, Member, ProposalView } from '@chaincode/model/governance';
import type { LedgerContext } from '@chaincode/ledgerContext';
import { LedgerError } from '@chaincode/lib/errors';
import type { WriteEntry } from '@chaincode/lib/journal';
import { roleIdentity } from '@test-support/fakeIdentity';
import type { FakeTxOptions } from '@test-support/fakeStub';
import { CONSORTIUM_FILE, invitation } from './governanceFixtures';
import { Harness, parse } from './harness';

/** An EXECUTED outcome naming a config block whose orgs are Org1, Org2 and Org3. */
export const EXECUTED_ORG3 = JSON.stringify({
  status: 'EXECUTED',
  configBlockNumber: 7,
  channelOrgs: ['Org1MSP', 'Org2MSP', 'Org3MSP'],
});

/** Transaction options that run a call at the ISO-8601 time `text`. */
export const iso = (text: string): FakeTxOptions => ({ time: text });

/** A fresh governance ledger with the suite's callers and the helpers that act on it; see {@link newGovernanceSpec}. */
export type GovernanceSpec = ReturnType<typeof newGovernanceSpec>;

/**
 * A fresh harness and governance contract, admins of Org1..Org4, a teller, an auditor and a caller
 * without a role (all but Org4's admin of Org1), and helpers that write and read through them.
 */
// eslint-disable-next-line @typescript-eslint/explicit-function-return-type -- the helpers' types are the spec's vocabulary; GovernanceSpec names them
export function newGovernanceSpec() {
  const h = new Harness();
  const contract = new GovernanceContract();
  const admin1: ClientIdentity = roleIdentity('Org1MSP', 'admin', 'admin1');
  const admin2: ClientIdentity = roleIdentity('Org2MSP', 'admin', 'admin2');
  const admin3: ClientIdentity = roleIdentity('Org3MSP', 'admin', 'admin3');
  const admin4: ClientIdentity = roleIdentity('Org4MSP', 'admin', 'admin4');
  const teller1: ClientIdentity = roleIdentity('Org1MSP', 'teller', 'teller1');
  const auditor1: ClientIdentity = roleIdentity('Org1MSP', 'auditor', 'auditor1');
  const noRole1: ClientIdentity = roleIdentity('Org1MSP', '', 'norole1');

  /** Submits a write and checks it emitted exactly one governance journal entry for this function. */
  async function write(
    identity: ClientIdentity,
    fn: string,
    call: (ctx: LedgerContext) => Promise<string>,
    options?: FakeTxOptions,
  ): Promise<{ result: string; entry: WriteEntry }> {
    const result = await h.submit(contract, identity, call, options);
    const record = h.journal();
    expect(record.entries).to.have.length(1);
    const entry = record.entries[0] as WriteEntry;
    expect(entry.type).to.equal(GOVERNANCE_ENTRY_TYPE);
    expect(entry.action).to.equal(`Governance:${fn}`);
    expect(record.txId).to.equal(h.fake.txId);
    return { result, entry };
  }

  /**
   * Submits a write that must fail with a LedgerError matching `message`; checks it emitted no event.
   * Committed state is not compared: the harness rolls a failed call back as a peer does (harness.ts).
   */
  async function refused(
    identity: ClientIdentity,
    call: (ctx: LedgerContext) => Promise<string>,
    message: RegExp,
    options?: FakeTxOptions,
  ): Promise<void> {
    await expect(h.submit(contract, identity, call, options)).to.be.rejectedWith(LedgerError, message);
    expect(h.fake.events, 'events of a refused write').to.have.length(0);
  }

  /** Evaluates a read at a given transaction time; checks it wrote and emitted nothing. */
  async function readAt<T>(
    identity: ClientIdentity,
    call: (ctx: LedgerContext) => Promise<string>,
    time?: string,
  ): Promise<T> {
    h.fake.beginTransaction(time === undefined ? {} : { time });
    try {
      const result = await call(h.context(contract, identity));
      expect(h.fake.pendingWrites.size, 'a read wrote state').to.equal(0);
      expect(h.fake.events, 'a read emitted an event').to.have.length(0);
      return parse<T>(result);
    } finally {
      h.fake.rollback();
    }
  }

  /** An admin of `msp`: the suite's admins for Org1..Org4, a fresh one otherwise. */
  const adminOf = (msp: string): ClientIdentity =>
    ({ Org1MSP: admin1, Org2MSP: admin2, Org3MSP: admin3, Org4MSP: admin4 })[msp] ??
    roleIdentity(msp, 'admin', `admin-${msp}`);

  /** One founding member's acceptance of a charter (`InitConsortium`). */
  const accept = async (
    identity: ClientIdentity,
    json: string,
    options?: FakeTxOptions,
  ): Promise<CharterView> =>
    parse<CharterView>(
      (await write(identity, 'InitConsortium', (ctx) => contract.InitConsortium(ctx, json), options)).result,
    );

  /**
   * Founds the consortium of `json`: `identity` (default admin1) accepts the charter first, then an
   * admin of every other founding member, in the file's order; returns the consortium the last made.
   */
  const init = async (json = CONSORTIUM_FILE, identity?: ClientIdentity): Promise<ConsortiumView> => {
    const first = identity ?? admin1;
    const founders = parse<{ members: { mspId: string }[] }>(json).members.map((m) => m.mspId);
    let view = await accept(first, json);
    for (const msp of founders.filter((m) => m !== first.getMSPID())) {
      view = await accept(adminOf(msp), json);
    }
    if (view.consortium === null)
      throw new Error(`charter not founded; waiting for ${view.waitingFor.join(', ')}`);
    return view.consortium;
  };

  const propose = async (
    identity: ClientIdentity,
    actions: unknown,
    options?: FakeTxOptions,
    description = 'governance test',
  ): Promise<ProposalView> =>
    parse<ProposalView>(
      (
        await write(
          identity,
          'CreateProposal',
          (ctx) => contract.CreateProposal(ctx, JSON.stringify(actions), description),
          options,
        )
      ).result,
    );

  const vote = async (
    identity: ClientIdentity,
    proposalId: string,
    ballot: string,
    options?: FakeTxOptions,
  ): Promise<ProposalView> =>
    parse<ProposalView>(
      (
        await write(
          identity,
          'VoteOnProposal',
          (ctx) => contract.VoteOnProposal(ctx, proposalId, ballot),
          options,
        )
      ).result,
    );

  const claim = async (
    identity: ClientIdentity,
    proposalId: string,
    options?: FakeTxOptions,
  ): Promise<ProposalView> =>
    parse<ProposalView>(
      (await write(identity, 'ClaimExecution', (ctx) => contract.ClaimExecution(ctx, proposalId), options))
        .result,
    );

  /**
   * The channel orgs an honest executor reports after carrying out a proposal: the current members
   * with the invited orgs and without the removed ones.
   */
  const channelOrgsAfter = async (proposalId: string): Promise<string[]> => {
    const { actions } = await getProposal(proposalId);
    const removed = new Set(actions.removals.map((r) => r.mspId));
    return [...new Set([...(await listMembers()), ...actions.invitations.map((i) => i.mspId)])]
      .filter((msp) => !removed.has(msp))
      .sort();
  };

  /**
   * Records an outcome as `identity`'s org (no claim first). A bare `{status: "EXECUTED"}` gets
   * config block 7 and the org set {@link channelOrgsAfter} gives.
   */
  const record = async (
    identity: ClientIdentity,
    proposalId: string,
    outcome: Record<string, unknown>,
    options?: FakeTxOptions,
  ): Promise<ProposalView> => {
    const filled =
      outcome.status === 'EXECUTED' && outcome.channelOrgs === undefined
        ? { configBlockNumber: 7, ...outcome, channelOrgs: await channelOrgsAfter(proposalId) }
        : outcome;
    return parse<ProposalView>(
      (
        await write(
          identity,
          'RecordExecution',
          (ctx) => contract.RecordExecution(ctx, proposalId, JSON.stringify(filled)),
          options,
        )
      ).result,
    );
  };

  /** Claims the execution as `identity`, then records the outcome (`ledger gov execute`'s two writes). */
  const execute = async (
    identity: ClientIdentity,
    proposalId: string,
    outcome: Record<string, unknown>,
    options?: FakeTxOptions,
  ): Promise<ProposalView> => {
    await claim(identity, proposalId, options);
    return record(identity, proposalId, outcome, options);
  };

  const getProposal = (proposalId: string, time?: string): Promise<ProposalView> =>
    readAt<ProposalView>(auditor1, (ctx) => contract.GetProposal(ctx, proposalId), time);

  const listMembers = async (): Promise<string[]> =>
    (await readAt<Member[]>(auditor1, (ctx) => contract.ListMembers(ctx))).map((member) => member.mspId);

  /** Org1 proposes inviting `mspId`; Org1 and Org2 vote YES (INVITE: 75 % of 2 needs both). */
  async function approvedInvitation(mspId = 'Org3MSP'): Promise<string> {
    const { proposalId } = await propose(admin1, { invitations: [invitation(mspId)] });
    await vote(admin1, proposalId, 'YES');
    const view = await vote(admin2, proposalId, 'YES');
    expect(view.status).to.equal('APPROVED');
    return proposalId;
  }

  return {
    h,
    contract,
    admin1,
    admin2,
    admin3,
    admin4,
    teller1,
    auditor1,
    noRole1,
    write,
    refused,
    readAt,
    adminOf,
    accept,
    init,
    propose,
    vote,
    claim,
    channelOrgsAfter,
    record,
    execute,
    getProposal,
    listMembers,
    approvedInvitation,
  };
}

/**
 * Registers mocha hooks on the enclosing `describe`: a fresh {@link newGovernanceSpec} before each test,
 * `sinon.restore()` after it. Returns the object the tests read it through (refilled for each test).
 */
export function governanceSpecForEachTest(): GovernanceSpec {
  const gov = {} as GovernanceSpec;
  beforeEach(() => {
    Object.assign(gov, newGovernanceSpec());
  });
  afterEach(() => {
    sinon.restore();
  });
  return gov;
}

import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { expect } from 'chai';
import * as sinon from 'sinon';
import type { ClientIdentity } from 'fabric-shim';
import { GOVERNANCE_ENTRY_TYPE, GovernanceContract } from '@chaincode/contracts/governanceContract';
import type {
  CharterView,
  ConsortiumView,
  InvitationView,
  Member,
  ProposalView,
  VepsKeysRecord,
} from '@chaincode/model/governance';
import type { LedgerContext } from '@chaincode/ledgerContext';
import { LedgerError } from '@chaincode/lib/errors';
import type { WriteEntry } from '@chaincode/lib/journal';
import {
  charterKey,
  compositeKey,
  consortiumKey,
  IndexType,
  memberKey,
  printableKey,
  proposalKey,
  vepsKeysKey,
} from '@chaincode/lib/keys';
import { timeKey } from '@chaincode/lib/time';
import type { Page } from '@chaincode/model/audit';
import { roleIdentity } from '@test-support/fakeIdentity';
import type { FakeTxOptions } from '@test-support/fakeStub';
import {
  CERT,
  CONSORTIUM_FILE,
  exactly,
  GT,
  GTE,
  invitation,
  policy,
  THREE_MEMBERS,
} from '../governanceFixtures';
import { Harness, parse } from '../harness';

/** An EXECUTED outcome naming a config block whose orgs are Org1, Org2 and Org3. */
const EXECUTED_ORG3 = JSON.stringify({
  status: 'EXECUTED',
  configBlockNumber: 7,
  channelOrgs: ['Org1MSP', 'Org2MSP', 'Org3MSP'],
});

const iso = (text: string): FakeTxOptions => ({ time: text });

describe('GovernanceContract', () => {
  let h: Harness;
  let contract: GovernanceContract;
  let admin1: ClientIdentity;
  let admin2: ClientIdentity;
  let admin3: ClientIdentity;
  let admin4: ClientIdentity;
  let teller1: ClientIdentity;
  let auditor1: ClientIdentity;
  let noRole1: ClientIdentity;

  beforeEach(() => {
    h = new Harness();
    contract = new GovernanceContract();
    admin1 = roleIdentity('Org1MSP', 'admin', 'admin1');
    admin2 = roleIdentity('Org2MSP', 'admin', 'admin2');
    admin3 = roleIdentity('Org3MSP', 'admin', 'admin3');
    admin4 = roleIdentity('Org4MSP', 'admin', 'admin4');
    teller1 = roleIdentity('Org1MSP', 'teller', 'teller1');
    auditor1 = roleIdentity('Org1MSP', 'auditor', 'auditor1');
    noRole1 = roleIdentity('Org1MSP', '', 'norole1');
  });

  afterEach(() => {
    sinon.restore();
  });

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

  describe('#InitConsortium', () => {
    it('creates the consortium of channel-config/consortium.json with its members and policies', async () => {
      const view = await init();
      expect(view.networkName).to.equal('ledger-consortium');
      expect(view.members.map((m) => [m.mspId, m.displayName, m.invitedBy])).to.deep.equal([
        ['Org1MSP', 'Org1', null],
        ['Org2MSP', 'Org2', null],
      ]);
      expect(view.policy).to.deep.equal(policy(50, GT, 24));
      expect(view.actionPolicies).to.deep.equal({
        INVITE: policy(75, GTE, 48),
        REMOVE: policy(90, GTE, 72),
        POLICY_CHANGE: policy(66, GTE, 24),
      });
      expect(view.adminsSignaturesRequired).to.equal(2);
      expect(view.adminsPolicyRule).to.equal("OutOf(2, 'Org1MSP.admin', 'Org2MSP.admin')");
      expect(view.createdBy).to.deep.equal({
        msp: 'Org1MSP',
        id: 'x509::/C=US/O=Org1MSP/CN=admin1::/C=US/O=Org1MSP/CN=ca.Org1MSP',
      });
      expect(view.createdAt).to.equal(h.journal().timestamp);
    });

    it('journals the charter, consortium and member keys of the founding acceptance in one entry and audits each of them', async () => {
      const charter = await accept(admin1, CONSORTIUM_FILE);
      await accept(admin2, CONSORTIUM_FILE);
      const record = h.journal();
      const entry = record.entries[0] as WriteEntry;
      const keys = [
        charterKey(charter.charterSha256),
        consortiumKey(),
        memberKey('Org1MSP'),
        memberKey('Org2MSP'),
      ];
      expect(entry.writes.map((w) => w.key)).to.deep.equal(keys.map(printableKey).sort());
      for (const key of keys) {
        const auditKey = compositeKey(IndexType.AUDIT_BY_RESOURCE, [
          printableKey(key),
          timeKey(BigInt(Date.parse(record.timestamp)) * 1_000_000n),
          record.txId,
        ]);
        expect(h.fake.json(auditKey)).to.include({
          action: 'Governance:InitConsortium',
          msp: 'Org2MSP',
          role: 'admin',
        });
      }
    });

    it('is callable only once', async () => {
      await init();
      await refused(
        admin2,
        (ctx) => contract.InitConsortium(ctx, CONSORTIUM_FILE),
        /^\[ALREADY_EXISTS\] the consortium already exists/,
      );
    });

    it('refuses a caller without the admin role', async () => {
      for (const identity of [teller1, noRole1]) {
        await refused(
          identity,
          (ctx) => contract.InitConsortium(ctx, CONSORTIUM_FILE),
          /^\[PERMISSION_DENIED\] Governance:InitConsortium: attribute ledger\.role got .*, want admin/,
        );
      }
    });

    it('refuses an admin of an org that is not a founding member', async () => {
      await refused(
        admin3,
        (ctx) => contract.InitConsortium(ctx, CONSORTIUM_FILE),
        /^\[PERMISSION_DENIED\] Governance:InitConsortium: caller MSP got "Org3MSP", want one of the founding members Org1MSP, Org2MSP$/,
      );
    });

    it('refuses a malformed definition naming the field, before reading or writing state (cases in requests.spec.ts)', async () => {
      await refused(
        admin1,
        (ctx) => contract.InitConsortium(ctx, JSON.stringify({ ...parse(CONSORTIUM_FILE), quorum: 3 })),
        /^\[INVALID_ARGUMENT\] consortiumJson\.quorum: got 3, want no such field/,
      );
      expect(h.fake.json(consortiumKey())).to.equal(undefined);
    });

    it('keeps a charter pending until every founding member has accepted it: one org alone founds nothing', async () => {
      const first = await accept(admin1, CONSORTIUM_FILE);

      expect(first).to.deep.include({ acceptedBy: ['Org1MSP'], waitingFor: ['Org2MSP'], consortium: null });
      expect(h.fake.json(consortiumKey())).to.equal(undefined);
      await refused(
        admin1,
        (ctx) => contract.CreateProposal(ctx, JSON.stringify({ removals: [{ mspId: 'Org2MSP' }] }), ''),
        /^\[FAILED_PRECONDITION\] no consortium/,
      );
      const second = await accept(admin2, CONSORTIUM_FILE);
      expect(second).to.deep.include({ acceptedBy: ['Org1MSP', 'Org2MSP'], waitingFor: [] });
      expect(second.consortium?.members.map((m) => m.mspId)).to.deep.equal(['Org1MSP', 'Org2MSP']);
    });

    it('treats a definition that differs in any policy as another charter, which the first acceptance does not found', async () => {
      const theirs = JSON.stringify({ ...parse(CONSORTIUM_FILE), policy: policy(0, GTE, 24) });
      const ours = await accept(admin1, CONSORTIUM_FILE);

      const other = await accept(admin2, theirs);

      expect(other.charterSha256).not.to.equal(ours.charterSha256);
      expect(other).to.deep.include({ acceptedBy: ['Org2MSP'], waitingFor: ['Org1MSP'], consortium: null });
      expect(h.fake.json(consortiumKey())).to.equal(undefined);
    });

    it('counts the same definition in another member order and spacing as the same charter', async () => {
      const reordered = JSON.stringify({
        ...parse(CONSORTIUM_FILE),
        members: [...parse<{ members: unknown[] }>(CONSORTIUM_FILE).members].reverse(),
      });
      const ours = await accept(admin1, CONSORTIUM_FILE);

      const theirs = await accept(admin2, reordered);

      expect(theirs.charterSha256).to.equal(ours.charterSha256);
      expect(theirs.waitingFor).to.deep.equal([]);
    });

    it('refuses a second acceptance of the same charter by the same org, naming whom it waits for', async () => {
      const { charterSha256 } = await accept(admin1, CONSORTIUM_FILE, iso('2025-01-02T00:00:00.000Z'));
      await refused(
        admin1,
        (ctx) => contract.InitConsortium(ctx, CONSORTIUM_FILE),
        exactly(
          `[ALREADY_EXISTS] Org1MSP already accepted charter ${charterSha256} at 2025-01-02T00:00:00.000Z; waiting for Org2MSP`,
        ),
      );
    });

    it('accepts a definition without per-action policies', async () => {
      const view = await init(THREE_MEMBERS);
      expect(view.actionPolicies).to.deep.equal({});
      expect(view.members.map((m) => m.mspId)).to.deep.equal(['Org1MSP', 'Org2MSP', 'Org3MSP']);
      expect(view.adminsPolicyRule).to.equal("OutOf(2, 'Org1MSP.admin', 'Org2MSP.admin', 'Org3MSP.admin')");
    });
  });

  describe('#CreateProposal', () => {
    it('refuses a proposal before the consortium exists', async () => {
      await refused(
        admin1,
        (ctx) => contract.CreateProposal(ctx, JSON.stringify({ invitations: [invitation('Org3MSP')] }), ''),
        /^\[FAILED_PRECONDITION\] no consortium; run Governance:InitConsortium first$/,
      );
    });

    it('creates an invitation under the INVITE policy, id = tx id, with no vote implied', async () => {
      await init();
      const view = await propose(
        admin1,
        { invitations: [invitation('Org3MSP')] },
        iso('2025-02-01T10:00:00.000Z'),
        'Invite Org3',
      );
      expect(view.proposalId).to.equal(h.fake.txId);
      expect(view).to.deep.include({
        description: 'Invite Org3',
        status: 'IN_PROGRESS',
        memberCountAtCreation: 2,
        eligibleVoters: ['Org1MSP', 'Org2MSP'],
        actionKinds: ['INVITE'],
        policy: policy(75, GTE, 48),
        createdAt: '2025-02-01T10:00:00.000Z',
        expiresAt: '2025-02-03T10:00:00.000Z',
        yesVoteCount: 0,
        noVoteCount: 0,
        outstandingVoteCount: 2,
        votes: [],
        execution: null,
      });
      expect(view.proposedBy.msp).to.equal('Org1MSP');
      expect(view.actions).to.deep.equal({
        invitations: [{ ...invitation('Org3MSP'), tlsRootCerts: [CERT] }],
        removals: [],
        policyChange: null,
        vepsKeys: null,
      });
      expect(h.journal().entries[0]).to.deep.include({
        writes: [
          {
            key: printableKey(proposalKey(view.proposalId)),
            valueHash: (h.journal().entries[0] as WriteEntry).writes[0]!.valueHash,
            deleted: false,
          },
        ],
      });
      expect(h.fake.json(proposalKey(view.proposalId))).to.not.have.property('status');
    });

    it('governs a mixed invitation and removal by the stricter REMOVE policy', async () => {
      await init();
      const view = await propose(admin1, {
        invitations: [invitation('Org3MSP')],
        removals: [{ mspId: 'Org2MSP' }],
      });
      expect(view.actionKinds).to.deep.equal(['INVITE', 'REMOVE']);
      expect(view.policy).to.deep.equal(policy(90, GTE, 72));
    });

    it('governs a policy change by the POLICY_CHANGE policy', async () => {
      await init();
      const view = await propose(admin2, { policyChange: { policy: policy(60, GTE, 12) } });
      expect(view.actionKinds).to.deep.equal(['POLICY_CHANGE']);
      expect(view.policy).to.deep.equal(policy(66, GTE, 24));
    });

    it('falls back to the default policy for actions without their own', async () => {
      await init(THREE_MEMBERS);
      const view = await propose(admin3, { removals: [{ mspId: 'Org1MSP' }] });
      expect(view.policy).to.deep.equal(policy(50, GT, 24));
      expect(view.memberCountAtCreation).to.equal(3);
      expect(view.outstandingVoteCount).to.equal(3);
    });

    it('keeps separate TLS root certificates of an invitation', async () => {
      await init();
      const tls = CERT.replace('BBBB', 'CCCC');
      const view = await propose(admin1, {
        invitations: [{ ...invitation('Org3MSP'), tlsRootCerts: [tls] }],
      });
      expect(view.actions.invitations[0]!.tlsRootCerts).to.deep.equal([tls]);
    });

    it('refuses callers that are not admins of a member', async () => {
      await init();
      const actions = JSON.stringify({ invitations: [invitation('Org3MSP')] });
      await refused(
        teller1,
        (ctx) => contract.CreateProposal(ctx, actions, ''),
        /^\[PERMISSION_DENIED\] Governance:CreateProposal: attribute ledger\.role got "teller", want admin/,
      );
      await refused(
        admin4,
        (ctx) => contract.CreateProposal(ctx, actions, ''),
        /^\[PERMISSION_DENIED\] Governance:CreateProposal: caller MSP got "Org4MSP", want a consortium member \(Org1MSP, Org2MSP\)$/,
      );
    });

    it('refuses to invite a member or remove a non-member, or to remove every member', async () => {
      await init();
      const cases: [unknown, RegExp][] = [
        [
          { invitations: [invitation('Org2MSP')] },
          /^\[FAILED_PRECONDITION\] invitation of Org2MSP: it is already a member$/,
        ],
        [
          { removals: [{ mspId: 'Org9MSP' }] },
          /^\[FAILED_PRECONDITION\] removal of Org9MSP: it is not a member$/,
        ],
        [
          { removals: [{ mspId: 'Org1MSP' }, { mspId: 'Org2MSP' }] },
          /^\[FAILED_PRECONDITION\] the removals would leave the consortium without members$/,
        ],
      ];
      for (const [actions, message] of cases) {
        await refused(admin1, (ctx) => contract.CreateProposal(ctx, JSON.stringify(actions), ''), message);
      }
    });

    it('rejects a bad description after valid actions (cases in requests.spec.ts)', async () => {
      await init();
      await refused(
        admin1,
        (ctx) =>
          contract.CreateProposal(ctx, JSON.stringify({ invitations: [invitation('Org3MSP')] }), 'a\nb'),
        /^\[INVALID_ARGUMENT\] description: got "a\\nb", want 1 to 256 characters/,
      );
    });

    it('rejects actions that are not JSON', async () => {
      await init();
      await refused(
        admin1,
        (ctx) => contract.CreateProposal(ctx, '{invitations', ''),
        /^\[INVALID_ARGUMENT\] actionsJson: got "\{invitations", want well-formed JSON$/,
      );
    });
  });

  describe('#VoteOnProposal', () => {
    it('records each vote with the voter MSP, voter id and time', async () => {
      await init();
      const { proposalId } = await propose(
        admin1,
        { invitations: [invitation('Org3MSP')] },
        iso('2025-02-01T00:00:00.000Z'),
      );
      const view = await vote(admin2, proposalId, 'NO', iso('2025-02-01T01:00:00.000Z'));
      expect(view.votes).to.deep.equal([
        {
          voterMsp: 'Org2MSP',
          voterId: 'x509::/C=US/O=Org2MSP/CN=admin2::/C=US/O=Org2MSP/CN=ca.Org2MSP',
          vote: 'NO',
          votedAt: '2025-02-01T01:00:00.000Z',
          txId: h.fake.txId,
        },
      ]);
      expect([view.yesVoteCount, view.noVoteCount, view.outstandingVoteCount]).to.deep.equal([0, 1, 1]);
      expect(view.status).to.equal('REJECTED'); // 75 % of 2 needs both YES
    });

    it('approves once the threshold is met, and the proposer has to vote like anyone else', async () => {
      await init(THREE_MEMBERS); // 50 % GREATER_THAN of 3 -> 2 YES
      const { proposalId } = await propose(admin1, { invitations: [invitation('Org4MSP')] });
      expect((await getProposal(proposalId)).yesVoteCount).to.equal(0);
      expect((await vote(admin1, proposalId, 'YES')).status).to.equal('IN_PROGRESS');
      const view = await vote(admin3, proposalId, 'YES');
      expect(view.status).to.equal('APPROVED');
      expect([view.yesVoteCount, view.noVoteCount, view.outstandingVoteCount]).to.deep.equal([2, 0, 1]);
    });

    it('rejects once the threshold can no longer be met', async () => {
      await init(THREE_MEMBERS);
      const { proposalId } = await propose(admin1, { removals: [{ mspId: 'Org3MSP' }] });
      expect((await vote(admin3, proposalId, 'NO')).status).to.equal('IN_PROGRESS');
      expect((await vote(admin2, proposalId, 'NO')).status).to.equal('REJECTED');
    });

    it('refuses a second vote of the same org, the same or a different one', async () => {
      await init(THREE_MEMBERS);
      const { proposalId } = await propose(
        admin1,
        { invitations: [invitation('Org4MSP')] },
        iso('2025-02-01T00:00:00.000Z'),
      );
      await vote(admin1, proposalId, 'YES', iso('2025-02-01T00:00:05.000Z'));
      const otherAdmin = roleIdentity('Org1MSP', 'admin', 'admin1b');
      for (const [identity, ballot] of [
        [admin1, 'YES'],
        [otherAdmin, 'NO'],
      ] as const) {
        await refused(
          identity,
          (ctx) => contract.VoteOnProposal(ctx, proposalId, ballot),
          /^\[ALREADY_EXISTS\] Org1MSP already voted YES on proposal ".*" at 2025-02-01T00:00:05\.000Z; votes cannot be changed$/,
        );
      }
      expect((await getProposal(proposalId)).votes).to.have.length(1);
    });

    it('refuses non-admins and admins of non-members', async () => {
      await init();
      const { proposalId } = await propose(admin1, { invitations: [invitation('Org3MSP')] });
      const cases: [ClientIdentity, RegExp][] = [
        [
          teller1,
          /^\[PERMISSION_DENIED\] Governance:VoteOnProposal: attribute ledger\.role got "teller", want admin/,
        ],
        [auditor1, /^\[PERMISSION_DENIED\] Governance:VoteOnProposal: attribute ledger\.role got "auditor"/],
        [noRole1, /^\[PERMISSION_DENIED\] Governance:VoteOnProposal: attribute ledger\.role got "",/],
        [
          admin3,
          /^\[PERMISSION_DENIED\] Governance:VoteOnProposal: caller MSP got "Org3MSP", want a consortium member \(Org1MSP, Org2MSP\)$/,
        ],
      ];
      for (const [identity, message] of cases) {
        await refused(identity, (ctx) => contract.VoteOnProposal(ctx, proposalId, 'YES'), message);
      }
    });

    it('refuses a member that joined after the proposal was created', async () => {
      await init();
      const invite = await approvedInvitation('Org3MSP');
      const { proposalId } = await propose(admin1, { policyChange: { policy: policy(60, GTE, 12) } });
      await execute(admin1, invite, { status: 'EXECUTED' });
      await refused(
        admin3,
        (ctx) => contract.VoteOnProposal(ctx, proposalId, 'YES'),
        /^\[PERMISSION_DENIED\] Governance:VoteOnProposal: Org3MSP was not a member when proposal ".*" was created; voters are Org1MSP, Org2MSP$/,
      );
    });

    it('refuses votes on approved and rejected proposals', async () => {
      await init();
      const approved = await approvedInvitation('Org3MSP');
      const { proposalId: rejected } = await propose(admin1, { invitations: [invitation('Org4MSP')] });
      await vote(admin1, rejected, 'NO');
      expect((await getProposal(rejected)).status).to.equal('REJECTED');
      const late = roleIdentity('Org2MSP', 'admin', 'admin2b');
      await refused(
        late,
        (ctx) => contract.VoteOnProposal(ctx, rejected, 'YES'),
        /^\[FAILED_PRECONDITION\] cannot vote on proposal ".*": status got REJECTED, want IN_PROGRESS$/,
      );
      await execute(admin1, approved, { status: 'EXECUTED' });
      await refused(
        admin2,
        (ctx) => contract.VoteOnProposal(ctx, approved, 'NO'),
        /^\[FAILED_PRECONDITION\] cannot vote on proposal ".*": status got EXECUTED, want IN_PROGRESS$/,
      );
    });

    it('takes a vote one millisecond before expiry and refuses one at expiry', async () => {
      await init(THREE_MEMBERS); // 24 h
      const { proposalId, expiresAt } = await propose(
        admin1,
        { invitations: [invitation('Org4MSP')] },
        iso('2025-02-01T00:00:00.000Z'),
      );
      expect(expiresAt).to.equal('2025-02-02T00:00:00.000Z');
      expect((await vote(admin1, proposalId, 'YES', iso('2025-02-01T23:59:59.999Z'))).status).to.equal(
        'IN_PROGRESS',
      );
      await refused(
        admin2,
        (ctx) => contract.VoteOnProposal(ctx, proposalId, 'YES'),
        /^\[FAILED_PRECONDITION\] cannot vote on proposal ".*": status got EXPIRED, want IN_PROGRESS$/,
        iso('2025-02-02T00:00:00.000Z'),
      );
    });

    it('expires a proposal under a one-minute policy a minute after creation: a vote a millisecond earlier counts, one at expiry is refused', async () => {
      const oneMinute = { thresholdPercentage: 50, proposalDurationInMinutes: 1, thresholdComparator: GT };
      await init(JSON.stringify({ ...parse(THREE_MEMBERS), policy: oneMinute }));
      const {
        proposalId,
        expiresAt,
        policy: governing,
      } = await propose(admin1, { invitations: [invitation('Org4MSP')] }, iso('2025-02-01T00:00:00.000Z'));
      expect(governing).to.deep.equal(oneMinute);
      expect(expiresAt).to.equal('2025-02-01T00:01:00.000Z');
      expect((await vote(admin1, proposalId, 'YES', iso('2025-02-01T00:00:59.999Z'))).status).to.equal(
        'IN_PROGRESS',
      );
      await refused(
        admin2,
        (ctx) => contract.VoteOnProposal(ctx, proposalId, 'YES'),
        /^\[FAILED_PRECONDITION\] cannot vote on proposal ".*": status got EXPIRED, want IN_PROGRESS$/,
        iso('2025-02-01T00:01:00.000Z'),
      );
    });

    it('rejects a bad vote value and an unknown proposal', async () => {
      await init();
      const { proposalId } = await propose(admin1, { invitations: [invitation('Org3MSP')] });
      for (const ballot of ['yes', 'ABSTAIN', '']) {
        await refused(
          admin1,
          (ctx) => contract.VoteOnProposal(ctx, proposalId, ballot),
          /^\[INVALID_ARGUMENT\] vote: got ".*", want one of YES, NO$/,
        );
      }
      await refused(
        admin1,
        (ctx) => contract.VoteOnProposal(ctx, 'f'.repeat(64), 'YES'),
        /^\[NOT_FOUND\] proposal "f{64}" does not exist$/,
      );
      await refused(
        admin1,
        (ctx) => contract.VoteOnProposal(ctx, 'no such id', 'YES'),
        /^\[INVALID_ARGUMENT\] proposalId: got "no such id"/,
      );
    });
  });

  describe('#ClaimExecution', () => {
    it('claims an approved proposal for the caller: EXECUTING, with the executor, time and transaction', async () => {
      await init();
      const proposalId = await approvedInvitation('Org3MSP');

      const view = await claim(admin2, proposalId, iso('2025-03-01T00:00:00.000Z'));

      expect(view.status).to.equal('EXECUTING');
      expect(view.claim).to.deep.equal({
        executor: { msp: 'Org2MSP', id: admin2.getID() },
        claimedAt: '2025-03-01T00:00:00.000Z',
        txId: h.fake.txId,
        tookOverFrom: null,
      });
      expect(view.execution).to.equal(null);
      expect((h.journal().entries[0] as WriteEntry).writes.map((w) => w.key)).to.deep.equal([
        printableKey(proposalKey(proposalId)),
      ]);
      expect((await getProposal(proposalId)).status).to.equal('EXECUTING');
      expect(await listMembers()).to.deep.equal(['Org1MSP', 'Org2MSP']);
    });

    it('refuses a second member while the claim holds, naming the executor, its claim and when it times out', async () => {
      await init();
      const proposalId = await approvedInvitation('Org3MSP');
      await claim(admin1, proposalId, iso('2025-03-01T00:00:00.000Z'));
      const claimTx = h.fake.txId;

      await refused(
        admin2,
        (ctx) => contract.ClaimExecution(ctx, proposalId),
        exactly(
          `[FAILED_PRECONDITION] proposal "${proposalId}" is being executed by Org1MSP (${admin1.getID()}) since 2025-03-01T00:00:00.000Z, claim transaction ${claimTx}; another member may take it over from 2025-03-01T01:00:00.000Z`,
        ),
        iso('2025-03-01T00:59:59.999Z'),
      );
      expect((await getProposal(proposalId)).claim?.executor.msp).to.equal('Org1MSP');
    });

    it("lets the executor's org claim again to resume, which renews the claim", async () => {
      await init();
      const proposalId = await approvedInvitation('Org3MSP');
      await claim(admin1, proposalId, iso('2025-03-01T00:00:00.000Z'));
      const otherOrg1Admin = roleIdentity('Org1MSP', 'admin', 'admin9');

      const view = await claim(otherOrg1Admin, proposalId, iso('2025-03-01T00:30:00.000Z'));

      expect(view.status).to.equal('EXECUTING');
      expect(view.claim).to.deep.include({
        executor: { msp: 'Org1MSP', id: otherOrg1Admin.getID() },
        claimedAt: '2025-03-01T00:30:00.000Z',
        tookOverFrom: null,
      });
      await refused(
        admin2,
        (ctx) => contract.ClaimExecution(ctx, proposalId),
        /another member may take it over from 2025-03-01T01:30:00\.000Z$/,
        iso('2025-03-01T01:00:00.000Z'),
      );
    });

    it('lets another member take over once the claim has timed out, after which the first executor cannot record', async () => {
      await init();
      const proposalId = await approvedInvitation('Org3MSP');
      await claim(admin1, proposalId, iso('2025-03-01T00:00:00.000Z'));

      const view = await claim(admin2, proposalId, iso('2025-03-01T01:00:00.000Z'));

      expect(view.status).to.equal('EXECUTING');
      expect(view.claim).to.deep.include({
        executor: { msp: 'Org2MSP', id: admin2.getID() },
        claimedAt: '2025-03-01T01:00:00.000Z',
        tookOverFrom: { msp: 'Org1MSP', id: admin1.getID() },
      });
      await refused(
        admin1,
        (ctx) => contract.RecordExecution(ctx, proposalId, EXECUTED_ORG3),
        /^\[FAILED_PRECONDITION\] cannot record the execution of proposal ".*" as Org1MSP: proposal ".*" is being executed by Org2MSP \(x509::\/C=US\/O=Org2MSP\/CN=admin2::.*\) since 2025-03-01T01:00:00\.000Z, claim transaction \w+, which records its outcome$/,
      );
      expect((await record(admin2, proposalId, { status: 'EXECUTED' })).status).to.equal('EXECUTED');
      expect(await listMembers()).to.deep.equal(['Org1MSP', 'Org2MSP', 'Org3MSP']);
    });

    it('refuses to claim a proposal that is in progress, rejected or already executed', async () => {
      await init();
      const { proposalId: open } = await propose(admin1, { invitations: [invitation('Org3MSP')] });
      await refused(
        admin1,
        (ctx) => contract.ClaimExecution(ctx, open),
        /^\[FAILED_PRECONDITION\] cannot claim the execution of proposal ".*": status got IN_PROGRESS, want APPROVED$/,
      );
      await vote(admin1, open, 'NO');
      await refused(
        admin1,
        (ctx) => contract.ClaimExecution(ctx, open),
        /: status got REJECTED, want APPROVED$/,
      );
      const done = await approvedInvitation('Org4MSP');
      await execute(admin1, done, { status: 'EXECUTED' });
      await refused(
        admin1,
        (ctx) => contract.ClaimExecution(ctx, done),
        /: status got EXECUTED, want APPROVED$/,
      );
    });

    it('refuses callers that are not admins of a member, and an unknown proposal', async () => {
      await init();
      const proposalId = await approvedInvitation('Org3MSP');
      await refused(
        teller1,
        (ctx) => contract.ClaimExecution(ctx, proposalId),
        /^\[PERMISSION_DENIED\] Governance:ClaimExecution: attribute ledger\.role got "teller"/,
      );
      await refused(
        admin3,
        (ctx) => contract.ClaimExecution(ctx, proposalId),
        /^\[PERMISSION_DENIED\] Governance:ClaimExecution: caller MSP got "Org3MSP"/,
      );
      await refused(
        admin1,
        (ctx) => contract.ClaimExecution(ctx, 'abc'),
        /^\[NOT_FOUND\] proposal "abc" does not exist$/,
      );
    });

    it('lists a claimed proposal under EXECUTING and its invitation as PENDING', async () => {
      await init();
      const proposalId = await approvedInvitation('Org3MSP');
      await claim(admin1, proposalId);

      const executing = await readAt<Page<ProposalView>>(auditor1, (ctx) =>
        contract.ListProposals(ctx, 'EXECUTING', '', ''),
      );
      const approved = await readAt<Page<ProposalView>>(auditor1, (ctx) =>
        contract.ListProposals(ctx, 'APPROVED', '', ''),
      );
      const invitations = await readAt<InvitationView[]>(auditor1, (ctx) => contract.ListInvitations(ctx));

      expect(executing.records.map((p) => p.proposalId)).to.deep.equal([proposalId]);
      expect(approved.records).to.deep.equal([]);
      expect(invitations.map((i) => [i.proposalStatus, i.invitationStatus])).to.deep.equal([
        ['EXECUTING', 'PENDING'],
      ]);
    });
  });

  describe('#RecordExecution', () => {
    it('executes an approved invitation: the org becomes a member and the invitation ACCEPTED', async () => {
      await init();
      const proposalId = await approvedInvitation('Org3MSP');
      const view = await execute(
        admin2,
        proposalId,
        { status: 'EXECUTED', configBlockNumber: 7 },
        iso('2025-03-01T00:00:00.000Z'),
      );
      expect(view.status).to.equal('EXECUTED');
      expect(view.execution).to.deep.include({
        status: 'EXECUTED',
        reason: null,
        configBlockNumber: 7,
        recordedAt: '2025-03-01T00:00:00.000Z',
      });
      expect(view.execution!.recordedBy.msp).to.equal('Org2MSP');
      const entry = h.journal().entries[0] as WriteEntry;
      expect(entry.writes.map((w) => [w.key, w.deleted])).to.deep.equal([
        [printableKey(memberKey('Org3MSP')), false],
        [printableKey(proposalKey(proposalId)), false],
      ]);
      expect(await listMembers()).to.deep.equal(['Org1MSP', 'Org2MSP', 'Org3MSP']);
      expect(h.fake.json(memberKey('Org3MSP'))).to.deep.equal({
        mspId: 'Org3MSP',
        displayName: 'Org3',
        joinedAt: '2025-03-01T00:00:00.000Z',
        invitedBy: proposalId,
      });
      const invitations = await readAt<InvitationView[]>(auditor1, (ctx) => contract.ListInvitations(ctx));
      expect(invitations.map((i) => [i.mspId, i.proposalStatus, i.invitationStatus])).to.deep.equal([
        ['Org3MSP', 'EXECUTED', 'ACCEPTED'],
      ]);
      const consortium = await readAt<ConsortiumView>(auditor1, (ctx) => contract.GetConsortium(ctx));
      expect(consortium.adminsPolicyRule).to.equal(
        "OutOf(2, 'Org1MSP.admin', 'Org2MSP.admin', 'Org3MSP.admin')",
      );
    });

    it('lets the new member govern, and a removal that gets a NO vote is REJECTED and changes nothing', async () => {
      await init();
      await execute(admin1, await approvedInvitation('Org3MSP'), { status: 'EXECUTED' });
      const {
        proposalId,
        policy: used,
        memberCountAtCreation,
      } = await propose(admin3, { removals: [{ mspId: 'Org3MSP' }] });
      expect([used, memberCountAtCreation]).to.deep.equal([policy(90, GTE, 72), 3]);
      await vote(admin1, proposalId, 'YES');
      expect((await vote(admin2, proposalId, 'NO')).status).to.equal('REJECTED');
      await refused(
        admin1,
        (ctx) => contract.RecordExecution(ctx, proposalId, EXECUTED_ORG3),
        /^\[FAILED_PRECONDITION\] cannot record the execution of proposal ".*": status got REJECTED, want EXECUTING \(claim it first with Governance:ClaimExecution\)$/,
      );
      expect(await listMembers()).to.deep.equal(['Org1MSP', 'Org2MSP', 'Org3MSP']);
    });

    it('executes an approved removal: the member record is deleted and its admins lose their say', async () => {
      await init();
      const { proposalId } = await propose(admin1, { removals: [{ mspId: 'Org2MSP' }] });
      await vote(admin1, proposalId, 'YES');
      await vote(admin2, proposalId, 'YES');
      await execute(admin1, proposalId, { status: 'EXECUTED' });
      const entry = h.journal().entries[0] as WriteEntry;
      expect(entry.writes.find((w) => w.key === printableKey(memberKey('Org2MSP')))).to.deep.equal({
        key: printableKey(memberKey('Org2MSP')),
        valueHash: null,
        deleted: true,
      });
      expect(await listMembers()).to.deep.equal(['Org1MSP']);
      await refused(
        admin2,
        (ctx) => contract.CreateProposal(ctx, JSON.stringify({ invitations: [invitation('Org3MSP')] }), ''),
        /^\[PERMISSION_DENIED\] Governance:CreateProposal: caller MSP got "Org2MSP", want a consortium member \(Org1MSP\)$/,
      );
    });

    it('executes an approved policy change and later proposals follow it', async () => {
      await init();
      const { proposalId } = await propose(admin1, {
        policyChange: {
          policy: policy(60, GTE, 12),
          actionPolicies: { INVITE: null, REMOVE: policy(100, GTE, 24) },
        },
      });
      await vote(admin1, proposalId, 'YES');
      await vote(admin2, proposalId, 'YES');
      await execute(admin2, proposalId, { status: 'EXECUTED' });
      expect((h.journal().entries[0] as WriteEntry).writes.map((w) => w.key)).to.deep.equal([
        printableKey(consortiumKey()),
        printableKey(proposalKey(proposalId)),
      ]);
      const consortium = await readAt<ConsortiumView>(auditor1, (ctx) => contract.GetConsortium(ctx));
      expect(consortium.policy).to.deep.equal(policy(60, GTE, 12));
      expect(consortium.actionPolicies).to.deep.equal({
        REMOVE: policy(100, GTE, 24),
        POLICY_CHANGE: policy(66, GTE, 24),
      });
      expect(consortium.adminsSignaturesRequired).to.equal(2);
      const next = await propose(admin1, { invitations: [invitation('Org3MSP')] });
      expect(next.policy).to.deep.equal(policy(60, GTE, 12));
    });

    it('records ACTION_FAILED as an attempt with who and why, and leaves the proposal APPROVED and the members as they were', async () => {
      await init();
      const proposalId = await approvedInvitation('Org3MSP');
      const reason = 'configtxlator compute_update: Org3MSP root certificate is not a CA certificate';
      const claimed = await claim(admin1, proposalId);
      const view = await record(admin1, proposalId, { status: 'ACTION_FAILED', reason });
      expect(view.status).to.equal('APPROVED');
      expect(view.execution).to.equal(null);
      expect(view.claim).to.equal(undefined);
      expect(view.attempts).to.have.length(1);
      expect(view.attempts?.[0]).to.deep.include({
        reason,
        executor: { msp: 'Org1MSP', id: 'x509::/C=US/O=Org1MSP/CN=admin1::/C=US/O=Org1MSP/CN=ca.Org1MSP' },
        txId: h.fake.txId,
        claimTxId: claimed.claim?.txId,
      });
      expect((h.journal().entries[0] as WriteEntry).writes.map((w) => w.key)).to.deep.equal([
        printableKey(proposalKey(proposalId)),
      ]);
      expect(await listMembers()).to.deep.equal(['Org1MSP', 'Org2MSP']);
      const invitations = await readAt<InvitationView[]>(auditor1, (ctx) => contract.ListInvitations(ctx));
      expect(invitations.map((i) => i.invitationStatus)).to.deep.equal(['PENDING']);
    });

    it('lets another member execute a proposal after one member recorded a failure: a single admin cannot veto', async () => {
      await init();
      const proposalId = await approvedInvitation('Org3MSP');
      await execute(admin1, proposalId, { status: 'ACTION_FAILED', reason: 'I do not want Org3' });

      const view = await execute(admin2, proposalId, { status: 'EXECUTED' });

      expect(view.status).to.equal('EXECUTED');
      expect(view.attempts?.map((a) => a.executor.msp)).to.deep.equal(['Org1MSP']);
      expect(await listMembers()).to.deep.equal(['Org1MSP', 'Org2MSP', 'Org3MSP']);
    });

    it('refuses an EXECUTED record whose org set lacks the invited org', async () => {
      await init();
      const proposalId = await approvedInvitation('Org3MSP');
      await claim(admin1, proposalId);
      await refused(
        admin1,
        (ctx) =>
          contract.RecordExecution(
            ctx,
            proposalId,
            JSON.stringify({ status: 'EXECUTED', configBlockNumber: 3, channelOrgs: ['Org1MSP', 'Org2MSP'] }),
          ),
        exactly(
          `[INVALID_ARGUMENT] outcomeJson.channelOrgs: got ["Org1MSP","Org2MSP"], want the channel's orgs after the invitation of Org3MSP, so including it`,
        ),
      );
    });

    it('refuses an EXECUTED record whose org set still holds the removed org, and accepts its twin without it', async () => {
      await init(THREE_MEMBERS);
      const { proposalId } = await propose(admin1, { removals: [{ mspId: 'Org3MSP' }] });
      await vote(admin1, proposalId, 'YES');
      await vote(admin2, proposalId, 'YES');
      await claim(admin1, proposalId);
      await refused(
        admin1,
        (ctx) => contract.RecordExecution(ctx, proposalId, EXECUTED_ORG3),
        /^\[INVALID_ARGUMENT\] outcomeJson\.channelOrgs: got .*, want the channel's orgs after the removal of Org3MSP, so without it$/,
      );
      const view = await record(admin1, proposalId, {
        status: 'EXECUTED',
        configBlockNumber: 9,
        channelOrgs: ['Org2MSP', 'Org1MSP'],
      });
      expect(view.execution).to.deep.include({ configBlockNumber: 9, channelOrgs: ['Org1MSP', 'Org2MSP'] });
    });

    it('records an outcome only once', async () => {
      await init();
      const proposalId = await approvedInvitation('Org3MSP');
      await execute(admin1, proposalId, { status: 'EXECUTED' });
      await refused(
        admin2,
        (ctx) => contract.RecordExecution(ctx, proposalId, EXECUTED_ORG3),
        /^\[FAILED_PRECONDITION\] cannot record the execution of proposal ".*": status got EXECUTED, want EXECUTING \(claim it first with Governance:ClaimExecution\)$/,
      );
    });

    it('refuses to execute proposals still in progress or expired', async () => {
      await init();
      const { proposalId } = await propose(
        admin1,
        { invitations: [invitation('Org3MSP')] },
        iso('2025-02-01T00:00:00.000Z'),
      );
      await vote(admin1, proposalId, 'YES', iso('2025-02-01T00:00:01.000Z'));
      await refused(
        admin1,
        (ctx) => contract.RecordExecution(ctx, proposalId, EXECUTED_ORG3),
        /status got IN_PROGRESS, want EXECUTING \(claim it first/,
      );
      await refused(
        admin1,
        (ctx) => contract.RecordExecution(ctx, proposalId, EXECUTED_ORG3),
        /status got EXPIRED, want EXECUTING \(claim it first/,
        iso('2025-02-03T00:00:00.000Z'),
      );
    });

    it('refuses to execute an invitation of an org that became a member meanwhile', async () => {
      await init();
      const first = await approvedInvitation('Org3MSP');
      const second = await approvedInvitation('Org3MSP');
      await execute(admin1, first, { status: 'EXECUTED' });
      await claim(admin1, second);
      await refused(
        admin1,
        (ctx) => contract.RecordExecution(ctx, second, EXECUTED_ORG3),
        /^\[FAILED_PRECONDITION\] invitation of Org3MSP: it is already a member$/,
      );
      expect(
        (
          await record(admin1, second, {
            status: 'ACTION_FAILED',
            reason: 'Org3MSP is already in the channel',
          })
        ).status,
      ).to.equal('APPROVED');
    });

    it('records the outcome of another admin of the executing org', async () => {
      await init();
      const proposalId = await approvedInvitation('Org3MSP');
      await claim(admin1, proposalId);

      const otherOrg1Admin = roleIdentity('Org1MSP', 'admin', 'admin9');

      const view = await record(otherOrg1Admin, proposalId, { status: 'EXECUTED' });

      expect(view.status).to.equal('EXECUTED');
      expect(view.execution?.recordedBy).to.deep.equal({ msp: 'Org1MSP', id: otherOrg1Admin.getID() });
    });

    it('refuses the outcome of a member that did not claim the execution, naming the executor', async () => {
      await init();
      const proposalId = await approvedInvitation('Org3MSP');
      await claim(admin1, proposalId, iso('2025-03-01T00:00:00.000Z'));

      await refused(
        admin2,
        (ctx) => contract.RecordExecution(ctx, proposalId, EXECUTED_ORG3),
        /^\[FAILED_PRECONDITION\] cannot record the execution of proposal ".*" as Org2MSP: proposal ".*" is being executed by Org1MSP \(x509::\/C=US\/O=Org1MSP\/CN=admin1::.*\) since 2025-03-01T00:00:00\.000Z, claim transaction \w+, which records its outcome$/,
      );
      expect((await getProposal(proposalId)).status).to.equal('EXECUTING');
    });

    it('refuses the outcome of an approved proposal nobody has claimed', async () => {
      await init();
      const proposalId = await approvedInvitation('Org3MSP');

      await refused(
        admin1,
        (ctx) => contract.RecordExecution(ctx, proposalId, EXECUTED_ORG3),
        /^\[FAILED_PRECONDITION\] cannot record the execution of proposal ".*": status got APPROVED, want EXECUTING \(claim it first with Governance:ClaimExecution\)$/,
      );
      expect(await listMembers()).to.deep.equal(['Org1MSP', 'Org2MSP']);
    });

    it('refuses callers that are not admins of a member', async () => {
      await init();
      const proposalId = await approvedInvitation('Org3MSP');
      await refused(
        teller1,
        (ctx) => contract.RecordExecution(ctx, proposalId, EXECUTED_ORG3),
        /^\[PERMISSION_DENIED\] Governance:RecordExecution: attribute ledger\.role got "teller"/,
      );
      await refused(
        admin3,
        (ctx) => contract.RecordExecution(ctx, proposalId, EXECUTED_ORG3),
        /^\[PERMISSION_DENIED\] Governance:RecordExecution: caller MSP got "Org3MSP"/,
      );
    });
  });

  describe('#RecordExecution refusing a malformed outcome', () => {
    it('refuses an outcome that is not JSON from the executor (cases in requests.spec.ts)', async () => {
      await init();
      const proposalId = await approvedInvitation('Org3MSP');
      await claim(admin1, proposalId);
      await refused(
        admin1,
        (ctx) => contract.RecordExecution(ctx, proposalId, 'EXECUTED'),
        /^\[INVALID_ARGUMENT\] outcomeJson: got "EXECUTED", want well-formed JSON$/,
      );
      expect((await getProposal(proposalId)).status).to.equal('EXECUTING');
    });
  });

  describe('#SupersedeProposal', () => {
    const supersede = async (identity: ClientIdentity, proposalId: string): Promise<ProposalView> =>
      parse<ProposalView>(
        (
          await write(identity, 'SupersedeProposal', (ctx) => contract.SupersedeProposal(ctx, proposalId), {
            time: '2025-03-02T00:00:00.000Z',
          })
        ).result,
      );

    it('closes an approved invitation of an org that became a member meanwhile, with the reason and who', async () => {
      await init();
      const first = await approvedInvitation('Org3MSP');
      const second = await approvedInvitation('Org3MSP');
      await execute(admin1, first, { status: 'EXECUTED' });

      const view = await supersede(admin3, second);

      expect(view.status).to.equal('SUPERSEDED');
      expect(view.execution).to.equal(null);
      expect(view.superseded).to.deep.include({
        reason: 'invitation of Org3MSP: it is already a member',
        recordedAt: '2025-03-02T00:00:00.000Z',
        txId: h.fake.txId,
      });
      expect(view.superseded?.recordedBy.msp).to.equal('Org3MSP');
      expect((h.journal().entries[0] as WriteEntry).writes.map((w) => w.key)).to.deep.equal([
        printableKey(proposalKey(second)),
      ]);
      expect(await listMembers()).to.deep.equal(['Org1MSP', 'Org2MSP', 'Org3MSP']);
      const invitations = await readAt<InvitationView[]>(auditor1, (ctx) => contract.ListInvitations(ctx));
      expect(invitations.map((i) => [i.proposalId, i.invitationStatus])).to.deep.equal([[first, 'ACCEPTED']]);
    });

    it("closes one under another member's claim, which can then record nothing", async () => {
      await init();
      const first = await approvedInvitation('Org3MSP');
      const second = await approvedInvitation('Org3MSP');
      await claim(admin2, second);
      await execute(admin1, first, { status: 'EXECUTED' });

      expect((await supersede(admin1, second)).status).to.equal('SUPERSEDED');

      await refused(
        admin2,
        (ctx) =>
          contract.RecordExecution(ctx, second, JSON.stringify({ status: 'ACTION_FAILED', reason: 'late' })),
        /^\[FAILED_PRECONDITION\] cannot record the execution of proposal ".*": status got SUPERSEDED, want EXECUTING/,
      );
      await refused(
        admin2,
        (ctx) => contract.ClaimExecution(ctx, second),
        /status got SUPERSEDED, want APPROVED$/,
      );
    });

    it('closes an approved removal of an org that is no longer a member', async () => {
      await init();
      await execute(admin1, await approvedInvitation('Org3MSP'), { status: 'EXECUTED' });
      const removals = { removals: [{ mspId: 'Org3MSP' }] };
      const ids: string[] = [];
      for (let i = 0; i < 2; i++) {
        const { proposalId } = await propose(admin1, removals);
        for (const admin of [admin1, admin2, admin3]) await vote(admin, proposalId, 'YES');
        ids.push(proposalId);
      }
      await execute(admin1, ids[0]!, { status: 'EXECUTED' });

      const view = await supersede(admin2, ids[1]!);

      expect(view.superseded?.reason).to.equal('removal of Org3MSP: it is not a member');
    });

    it('refuses to close an approved proposal the member list still allows, and writes nothing', async () => {
      await init();
      const proposalId = await approvedInvitation('Org3MSP');
      await refused(
        admin2,
        (ctx) => contract.SupersedeProposal(ctx, proposalId),
        /^\[FAILED_PRECONDITION\] cannot supersede proposal ".*": the member list still allows every action of it; execute it instead$/,
      );
      expect((await getProposal(proposalId)).status).to.equal('APPROVED');
    });

    it('refuses a proposal that is not APPROVED or EXECUTING: in progress, executed, superseded', async () => {
      await init();
      const { proposalId: open } = await propose(admin1, { invitations: [invitation('Org3MSP')] });
      await refused(
        admin1,
        (ctx) => contract.SupersedeProposal(ctx, open),
        /^\[FAILED_PRECONDITION\] cannot supersede proposal ".*": status got IN_PROGRESS, want APPROVED or EXECUTING$/,
      );
      const first = await approvedInvitation('Org3MSP');
      const second = await approvedInvitation('Org3MSP');
      await execute(admin1, first, { status: 'EXECUTED' });
      await refused(admin1, (ctx) => contract.SupersedeProposal(ctx, first), /status got EXECUTED, want/);
      await supersede(admin1, second);
      await refused(admin1, (ctx) => contract.SupersedeProposal(ctx, second), /status got SUPERSEDED, want/);
    });

    it('refuses callers who are not admins of a member, and an unknown proposal', async () => {
      await init();
      const first = await approvedInvitation('Org3MSP');
      const second = await approvedInvitation('Org3MSP');
      await execute(admin1, first, { status: 'EXECUTED' });
      await refused(teller1, (ctx) => contract.SupersedeProposal(ctx, second), /^\[PERMISSION_DENIED\]/);
      await refused(admin4, (ctx) => contract.SupersedeProposal(ctx, second), /^\[PERMISSION_DENIED\]/);
      await refused(admin1, (ctx) => contract.SupersedeProposal(ctx, 'no-such-proposal'), /^\[NOT_FOUND\]/);
      expect((await getProposal(second)).status).to.equal('APPROVED');
    });
  });

  describe('#GetProposal', () => {
    it('computes the status at the time of the read, without writing', async () => {
      await init(); // INVITE: 48 h
      const { proposalId } = await propose(
        admin1,
        { invitations: [invitation('Org3MSP')] },
        iso('2025-02-01T00:00:00.000Z'),
      );
      expect((await getProposal(proposalId, '2025-02-02T23:59:59.999Z')).status).to.equal('IN_PROGRESS');
      const expired = await getProposal(proposalId, '2025-02-03T00:00:00.000Z');
      expect(expired.status).to.equal('EXPIRED');
      expect([expired.yesVoteCount, expired.noVoteCount, expired.outstandingVoteCount]).to.deep.equal([
        0, 0, 2,
      ]);
    });

    it('is readable by every role and refuses a caller without one', async () => {
      await init();
      const { proposalId } = await propose(admin1, { invitations: [invitation('Org3MSP')] });
      for (const identity of [auditor1, teller1, admin3]) {
        const view = await readAt<ProposalView>(identity, (ctx) => contract.GetProposal(ctx, proposalId));
        expect(view.proposalId).to.equal(proposalId);
      }
      await expect(
        h.evaluate(contract, noRole1, (ctx) => contract.GetProposal(ctx, proposalId)),
      ).to.be.rejectedWith(
        LedgerError,
        /^\[PERMISSION_DENIED\] Governance:GetProposal: attribute ledger\.role got ""/,
      );
    });

    it('reports an unknown proposal as NOT_FOUND', async () => {
      await init();
      await expect(
        h.evaluate(contract, auditor1, (ctx) => contract.GetProposal(ctx, 'abc')),
      ).to.be.rejectedWith(LedgerError, /^\[NOT_FOUND\] proposal "abc" does not exist$/);
    });
  });

  describe('#ListProposals', () => {
    async function threeProposals(): Promise<string[]> {
      await init(THREE_MEMBERS);
      const a = await propose(
        admin1,
        { invitations: [invitation('Org4MSP')] },
        iso('2025-02-01T00:00:00.000Z'),
      );
      const b = await propose(admin2, { removals: [{ mspId: 'Org3MSP' }] }, iso('2025-02-01T00:00:01.000Z'));
      const c = await propose(
        admin3,
        { policyChange: { policy: policy(75, GTE, 48) } },
        iso('2025-02-01T00:00:02.000Z'),
      );
      await vote(admin1, a.proposalId, 'YES', iso('2025-02-01T00:01:00.000Z'));
      await vote(admin2, a.proposalId, 'YES', iso('2025-02-01T00:02:00.000Z')); // a: APPROVED
      await vote(admin1, b.proposalId, 'NO', iso('2025-02-01T00:03:00.000Z'));
      await vote(admin3, b.proposalId, 'NO', iso('2025-02-01T00:04:00.000Z')); // b: REJECTED
      return [a.proposalId, b.proposalId, c.proposalId];
    }

    const list = (
      status: string,
      pageSize: string,
      bookmark: string,
      time?: string,
    ): Promise<Page<ProposalView>> =>
      readAt<Page<ProposalView>>(
        auditor1,
        (ctx) => contract.ListProposals(ctx, status, pageSize, bookmark),
        time,
      );

    it('lists every proposal oldest first with its current status', async () => {
      const ids = await threeProposals();
      const page = await list('', '', '', '2025-02-01T01:00:00.000Z');
      expect(page.records.map((p) => [p.proposalId, p.status])).to.deep.equal([
        [ids[0], 'APPROVED'],
        [ids[1], 'REJECTED'],
        [ids[2], 'IN_PROGRESS'],
      ]);
      expect(page.fetchedRecordsCount).to.equal(3);
      expect(page.bookmark).to.equal('');
    });

    it('filters by the status at the time of the query', async () => {
      const ids = await threeProposals();
      expect(
        (await list('APPROVED', '', '', '2025-02-01T01:00:00.000Z')).records.map((p) => p.proposalId),
      ).to.deep.equal([ids[0]]);
      expect(
        (await list('IN_PROGRESS', '', '', '2025-02-01T01:00:00.000Z')).records.map((p) => p.proposalId),
      ).to.deep.equal([ids[2]]);
      expect((await list('EXPIRED', '', '', '2025-02-01T01:00:00.000Z')).records).to.deep.equal([]);
      expect(
        (await list('EXPIRED', '', '', '2025-02-02T00:00:02.000Z')).records.map((p) => p.proposalId),
      ).to.deep.equal([ids[2]]);
    });

    it('pages with the bookmark it returns', async () => {
      const ids = await threeProposals();
      const first = await list('', '2', '');
      expect(first.records.map((p) => p.proposalId)).to.deep.equal(ids.slice(0, 2));
      expect(first.bookmark).to.equal(`2025-02-01T00:00:02.000Z/${ids[2]!}`);
      const second = await list('', '2', first.bookmark);
      expect(second.records.map((p) => p.proposalId)).to.deep.equal(ids.slice(2));
      expect(second.bookmark).to.equal('');
    });

    it('rejects a bad status, page size or bookmark', async () => {
      await init();
      const cases: [string, string, string, RegExp][] = [
        [
          'DONE',
          '',
          '',
          /^\[INVALID_ARGUMENT\] status: got "DONE", want "" or one of IN_PROGRESS, APPROVED, REJECTED, EXPIRED, EXECUTING, EXECUTED, SUPERSEDED$/,
        ],
        ['', '0', '', /^\[INVALID_ARGUMENT\] pageSize: got "0"/],
        [
          '',
          '',
          'page-2',
          /^\[INVALID_ARGUMENT\] bookmark: got "page-2", want "" or the bookmark returned by the previous page$/,
        ],
      ];
      for (const [status, pageSize, bookmark, message] of cases) {
        await expect(
          h.evaluate(contract, auditor1, (ctx) => contract.ListProposals(ctx, status, pageSize, bookmark)),
        ).to.be.rejectedWith(LedgerError, message);
      }
    });
  });

  describe('#ListMembers', () => {
    it('lists no members before the consortium exists, then the founding members by MSP id', async () => {
      expect(await listMembers()).to.deep.equal([]);
      await init(THREE_MEMBERS);
      expect(await listMembers()).to.deep.equal(['Org1MSP', 'Org2MSP', 'Org3MSP']);
    });
  });

  describe('#ListInvitations', () => {
    it('lists only invitations of approved or carried-out proposals, PENDING until executed', async () => {
      await init();
      const approved = await approvedInvitation('Org3MSP');
      await propose(admin1, { invitations: [invitation('Org4MSP')] }); // still in progress
      const invitations = await readAt<InvitationView[]>(auditor1, (ctx) => contract.ListInvitations(ctx));
      expect(invitations).to.have.length(1);
      expect(invitations[0]).to.deep.include({
        ...invitation('Org3MSP'),
        tlsRootCerts: [CERT],
        proposalId: approved,
        proposalStatus: 'APPROVED',
        invitationStatus: 'PENDING',
      });
    });
  });

  describe('#GetConsortium', () => {
    it('reports NOT_FOUND before InitConsortium', async () => {
      await expect(h.evaluate(contract, auditor1, (ctx) => contract.GetConsortium(ctx))).to.be.rejectedWith(
        LedgerError,
        /^\[NOT_FOUND\] no consortium; run Governance:InitConsortium first$/,
      );
    });
  });

  describe('VEPS_KEYS proposals and #GetVepsKeys', () => {
    const VEPS_DIR = path.resolve(__dirname, '../../../vectors/veps');
    const ED25519 = readFileSync(path.join(VEPS_DIR, 'keys/veps-ed25519.pem'), 'utf8');
    const P256 = readFileSync(path.join(VEPS_DIR, 'keys/veps-p256.pem'), 'utf8');
    const TWO_KEYS = {
      keys: [
        { id: 'veps-ed25519', publicKeyPem: ED25519 },
        { id: 'veps-p256', publicKeyPem: P256 },
      ],
    };
    const getVepsKeys = (identity: ClientIdentity = auditor1): Promise<VepsKeysRecord> =>
      readAt<VepsKeysRecord>(identity, (ctx) => contract.GetVepsKeys(ctx));

    /** Proposes, approves (Org1 and Org2 YES) and executes as Org1 with the current orgs. */
    const setKeys = async (vepsKeys: unknown): Promise<ProposalView> => {
      const { proposalId } = await propose(admin1, { vepsKeys });
      await vote(admin1, proposalId, 'YES');
      expect((await vote(admin2, proposalId, 'YES')).status).to.equal('APPROVED');
      return execute(admin1, proposalId, {
        status: 'EXECUTED',
        configBlockNumber: 3,
        channelOrgs: ['Org1MSP', 'Org2MSP'],
      });
    };

    it('has no keys, so verification is off, until a VEPS_KEYS proposal is executed', async () => {
      await init();
      expect(await getVepsKeys()).to.deep.equal({ keys: [], proposalId: null, updatedAt: null });
    });

    it('proposes VEPS_KEYS under the default policy and stores the keys only when executed, with no channel change', async () => {
      const consortium = await init();
      const proposal = await propose(admin1, { vepsKeys: TWO_KEYS });
      expect(proposal.actionKinds).to.deep.equal(['VEPS_KEYS']);
      expect(proposal.actions.vepsKeys).to.deep.equal(TWO_KEYS);
      expect(proposal.policy).to.deep.equal(consortium.policy);
      await vote(admin1, proposal.proposalId, 'YES');
      await vote(admin2, proposal.proposalId, 'YES');
      expect((await getVepsKeys()).keys).to.deep.equal([]);
      const executed = await execute(admin1, proposal.proposalId, {
        status: 'EXECUTED',
        configBlockNumber: 3,
        channelOrgs: ['Org1MSP', 'Org2MSP'],
      });
      expect(executed.status).to.equal('EXECUTED');
      expect((h.journal().entries[0] as WriteEntry).writes.map((w) => w.key)).to.deep.equal(
        [printableKey(proposalKey(proposal.proposalId)), printableKey(vepsKeysKey())].sort(),
      );
      const stored = await getVepsKeys(teller1);
      expect(stored.keys).to.deep.equal(TWO_KEYS.keys);
      expect(stored.proposalId).to.equal(proposal.proposalId);
      expect(await listMembers()).to.deep.equal(['Org1MSP', 'Org2MSP']);
    });

    it('turns verification off again with an executed empty key list', async () => {
      await init();
      await setKeys(TWO_KEYS);
      const off = await setKeys({ keys: [] });
      const stored = await getVepsKeys();
      expect(stored.keys).to.deep.equal([]);
      expect(stored.proposalId).to.equal(off.proposalId);
    });

    it('follows a VEPS_KEYS action policy when the consortium sets one', async () => {
      await init();
      const { proposalId } = await propose(admin1, {
        policyChange: { actionPolicies: { VEPS_KEYS: policy(100, GTE, 2) } },
      });
      await vote(admin1, proposalId, 'YES');
      await vote(admin2, proposalId, 'YES');
      await execute(admin1, proposalId, { status: 'EXECUTED' });
      expect((await propose(admin1, { vepsKeys: TWO_KEYS })).policy).to.deep.equal(policy(100, GTE, 2));
    });

    it('refuses a malformed key naming the field (cases in requests.spec.ts)', async () => {
      await init();
      await refused(
        admin1,
        (ctx) =>
          contract.CreateProposal(
            ctx,
            JSON.stringify({ vepsKeys: { keys: [{ id: 'a:b', publicKeyPem: ED25519 }] } }),
            '',
          ),
        /^\[INVALID_ARGUMENT\] actionsJson\.vepsKeys\.keys\[0\]\.id: got "a:b", want 1 to 64 characters/,
      );
    });

    it('refuses GetVepsKeys to a caller without a role', async () => {
      await expect(h.evaluate(contract, noRole1, (ctx) => contract.GetVepsKeys(ctx))).to.be.rejectedWith(
        LedgerError,
        /^\[PERMISSION_DENIED\]/,
      );
    });
  });
});

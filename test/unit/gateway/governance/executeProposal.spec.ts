import { Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { expect } from 'chai';
import { CommitError, EndorseError, StatusCode } from '@hyperledger/fabric-gateway';
import { networkLayout } from '@gateway/fabric/networkLayout';
import {
  executeProposal,
  ExecutionNotRecordedError,
  NotExecutableError,
  type ChannelState,
  type ExecuteProposalOptions,
} from '@gateway/governance/executeProposal';
import type { ConfigBlockSummary } from '@gateway/governance/configBlock';
import { expectedAdminsRule } from '@gateway/governance/verifyExecution';
import type {
  ExecutionOutcome,
  GovernanceClient,
  ProposalSummary,
  RecordedProposal,
} from '@gateway/governance/governanceClient';

const layout = networkLayout({ NETWORK_RUN_DIR: '/tmp/unused', NETWORK_PORT_BASE: '7000' });
const POLICY = {
  thresholdPercentage: 50,
  proposalDurationInHours: 24,
  thresholdComparator: 'GREATER_THAN',
} as const;
const INVITATION = { mspId: 'Org3MSP', orgName: 'org3', rootCerts: ['pem'], adminCert: 'pem' };
const INVITATION_ACTIONS = { invitations: [INVITATION], removals: [], policyChange: null };

interface Fake {
  readonly governance: GovernanceClient;
  readonly recorded: ExecutionOutcome[];
  /** What the client did, in order: `await <txid>`, `read`, `claim`, `record`. */
  readonly calls: string[];
}

const OTHER_EXECUTOR =
  'proposal "p1" is being executed by Org1MSP (x509::/CN=admin1) since 2025-03-01T00:00:00.000Z, claim transaction tx-claim-1';

/** The error a submit refused by the chaincode throws: its message is in the details. */
function refusedByChaincode(message: string): EndorseError {
  const cause: ServiceError = Object.assign(new Error('10 ABORTED: failed to endorse transaction'), {
    code: status.ABORTED,
    details: 'failed to endorse transaction, see attached details for more info',
    metadata: new Metadata(),
  });
  return new EndorseError({
    code: status.ABORTED,
    details: [{ address: 'peer0', mspId: 'Org2MSP', message: `chaincode response 500, ${message}` }],
    cause,
    transactionId: 'tx-claim-2',
    message: cause.message,
  });
}

const RECORD_COMMIT = { transactionId: 'tx-record', blockNumber: 9n };
const CLAIM_COMMIT = { transactionId: 'tx-claim', blockNumber: 8n };

/** A channel of Org1 and Org2 with both peers joined and the Admins rule of the consortium's policy. */
const TWO_ORGS: ChannelState = {
  members: ['Org1MSP', 'Org2MSP'],
  adminsRule: "OutOf(2, 'Org1MSP.admin', 'Org2MSP.admin')",
  joinedPeers: ['Org1MSP', 'Org2MSP'],
};
const THREE_ORGS: ChannelState = {
  members: ['Org1MSP', 'Org2MSP', 'Org3MSP'],
  adminsRule: "OutOf(2, 'Org1MSP.admin', 'Org2MSP.admin', 'Org3MSP.admin')",
  joinedPeers: ['Org1MSP', 'Org2MSP', 'Org3MSP'],
};

/** Options with a step recorder and a fixed channel state. */
function withSteps(fake: Fake, steps: string[][], channel: ChannelState = TWO_ORGS): ExecuteProposalOptions {
  return {
    governance: fake.governance,
    layout,
    proposalId: 'p1',
    run: (script, args) => steps.push([script, ...args.filter((a) => !a.endsWith('.json'))]),
    channel: () => channel,
  };
}

/** The config block the fake peer has after the steps: block 12, after the proposal's block 10. */
const CONFIG_BLOCK = 12;

/**
 * The newest config block of a fake channel of Org1 and Org2 once `view` is carried out: the invited
 * orgs in, the removed ones out, and the Admins rule of a new default policy.
 */
function configBlockAfter(view: ProposalSummary): ConfigBlockSummary {
  const removed = view.actions.removals.map((r) => r.mspId);
  const orgs = [...TWO_ORGS.members, ...view.actions.invitations.map((i) => i.mspId)]
    .filter((msp) => !removed.includes(msp))
    .sort();
  return {
    blockNumber: CONFIG_BLOCK,
    isConfig: true,
    orgs,
    adminsRule: expectedAdminsRule(view, orgs),
    lastConfigBlockNumber: CONFIG_BLOCK,
  };
}

/** What the fake records for a successful execution of a proposal with `actions`. */
function executedOutcome(view: Pick<ProposalSummary, 'actions'>): ExecutionOutcome {
  return {
    status: 'EXECUTED',
    configBlockNumber: CONFIG_BLOCK,
    channelOrgs: configBlockAfter({ proposalId: 'p1', status: 'APPROVED', ...view }).orgs,
  };
}

function fakeGovernance(proposal: {
  status?: ProposalSummary['status'];
  actions?: Partial<ProposalSummary['actions']>;
  claim?: () => Promise<RecordedProposal>;
  record?: (outcome: ExecutionOutcome) => Promise<RecordedProposal>;
  latestConfigBlock?: () => Promise<ConfigBlockSummary>;
}): Fake {
  const recorded: ExecutionOutcome[] = [];
  const calls: string[] = [];
  const view: ProposalSummary = {
    proposalId: 'p1',
    status: proposal.status ?? 'APPROVED',
    actions: { invitations: [], removals: [], policyChange: null, ...proposal.actions },
  };
  const unused = (): Promise<never> => Promise.reject(new Error('not used'));
  return {
    recorded,
    calls,
    governance: {
      initConsortium: unused,
      createProposal: unused,
      vote: unused,
      listProposals: unused,
      listMembers: unused,
      getVepsKeys: unused,
      supersede: unused,
      getProposal: () => {
        calls.push('read');
        return Promise.resolve(view);
      },
      getConsortium: () =>
        Promise.resolve({ policy: POLICY, members: [{ mspId: 'Org1MSP' }, { mspId: 'Org2MSP' }] }),
      claimExecution: () => {
        calls.push('claim');
        return proposal.claim?.() ?? Promise.resolve({ ...view, status: 'EXECUTING', commit: CLAIM_COMMIT });
      },
      recordExecution: (_id, outcome) => {
        calls.push('record');
        if (proposal.record !== undefined) return proposal.record(outcome);
        recorded.push(outcome);
        return Promise.resolve({ ...view, commit: RECORD_COMMIT });
      },
      awaitCommitted: (commit) => {
        calls.push(`await ${commit.transactionId}`);
        return Promise.resolve();
      },
      configBlock: unused,
      latestConfigBlock: proposal.latestConfigBlock ?? (() => Promise.resolve(configBlockAfter(view))),
      blockNumberOfTransaction: () => Promise.resolve(10),
    },
  };
}

/**
 * The fake's client, except that its first read answers APPROVED and the next one the proposal in
 * `status` with Org1's claim (what a member sees after another member claimed, or carried it out).
 */
function readsApprovedThenClaimed(fake: Fake, status: 'EXECUTING' | 'EXECUTED'): GovernanceClient {
  const actions = { invitations: [], removals: [], policyChange: null };
  const reads: ProposalSummary[] = [
    { proposalId: 'p1', status: 'APPROVED', actions },
    {
      proposalId: 'p1',
      status,
      actions,
      claim: {
        executor: { msp: 'Org1MSP', id: 'x509::/CN=admin1' },
        claimedAt: '2025-03-01T00:00:00.000Z',
        txId: 'tx-claim-1',
      },
    },
  ];
  return {
    ...fake.governance,
    getProposal: () => Promise.resolve(reads.shift() ?? fake.governance.getProposal('p1')),
  };
}

describe('executeProposal', () => {
  it('refuses a proposal that is not APPROVED and records nothing', async () => {
    const fake = fakeGovernance({ status: 'EXPIRED', actions: { invitations: [INVITATION] } });

    await expect(executeProposal(withSteps(fake, []))).to.be.rejectedWith(NotExecutableError, /EXPIRED/);
    expect(fake.recorded).to.deep.equal([]);
    expect(fake.calls).to.deep.equal(['read']);
  });

  it('adds an invited org with the Admins rule of the new member list, installs the chaincode, starts its gateway, records EXECUTED', async () => {
    const fake = fakeGovernance({ actions: { invitations: [INVITATION] } });
    const steps: string[][] = [];

    const outcome = await executeProposal(withSteps(fake, steps));

    expect(outcome).to.deep.equal({
      status: 'EXECUTED',
      configBlockNumber: 12,
      channelOrgs: ['Org1MSP', 'Org2MSP', 'Org3MSP'],
      commit: RECORD_COMMIT,
    });
    expect(steps).to.deep.equal([
      [
        'channel-org.sh',
        'join',
        'org3',
        '--admins-rule',
        "OutOf(2, 'Org1MSP.admin', 'Org2MSP.admin', 'Org3MSP.admin')",
      ],
      ['deploy-chaincode.sh'],
      ['gateway-up.sh', '--org', 'org3'],
    ]);
    expect(fake.recorded).to.deep.equal([executedOutcome({ actions: INVITATION_ACTIONS })]);
  });

  it('records EXECUTED with the current config block and orgs, and runs no step, for a proposal that only sets VEPS keys', async () => {
    const fake = fakeGovernance({ actions: { vepsKeys: { keys: [] } } });
    const steps: string[][] = [];
    const channel = (): ChannelState => {
      throw new Error('the channel state is not read for an on-chain-only proposal');
    };

    const outcome = await executeProposal({ ...withSteps(fake, steps), channel });

    expect(steps).to.deep.equal([]);
    expect(outcome).to.deep.equal({
      status: 'EXECUTED',
      configBlockNumber: CONFIG_BLOCK,
      channelOrgs: ['Org1MSP', 'Org2MSP'],
      commit: RECORD_COMMIT,
    });
    expect(fake.calls).to.deep.equal(['read', 'claim', 'record']);
  });

  it('still reads the channel for a proposal that sets VEPS keys and invites an org (its twin)', async () => {
    const fake = fakeGovernance({ actions: { invitations: [INVITATION], vepsKeys: { keys: [] } } });
    const steps: string[][] = [];

    await executeProposal(withSteps(fake, steps));

    expect(steps.map((step) => step[0])).to.deep.equal([
      'channel-org.sh',
      'deploy-chaincode.sh',
      'gateway-up.sh',
    ]);
  });

  it('removes a member with the Admins rule of the remaining members', async () => {
    const fake = fakeGovernance({ actions: { removals: [{ mspId: 'Org2MSP' }] } });
    const steps: string[][] = [];

    await executeProposal(withSteps(fake, steps));

    expect(steps).to.deep.equal([
      ['channel-org.sh', 'remove', 'org2', '--admins-rule', "OutOf(1, 'Org1MSP.admin')"],
    ]);
  });

  it('rewrites the Admins rule when only the default policy changes', async () => {
    const strict = {
      thresholdPercentage: 100,
      proposalDurationInHours: 24,
      thresholdComparator: 'GREATER_THAN_OR_EQUAL_TO',
    } as const;
    const fake = fakeGovernance({ actions: { policyChange: { policy: strict, actionPolicies: {} } } });
    const steps: string[][] = [];

    await executeProposal(withSteps(fake, steps, { ...TWO_ORGS, adminsRule: null }));

    expect(steps).to.deep.equal([
      ['channel-org.sh', 'admins', '--admins-rule', "OutOf(2, 'Org1MSP.admin', 'Org2MSP.admin')"],
    ]);
  });

  it('records ACTION_FAILED with the error line of the failed step', async () => {
    const fake = fakeGovernance({ actions: { invitations: [INVITATION] } });
    const failing = (): void => {
      throw Object.assign(new Error('Command failed'), {
        stderr: 'log line\nerror: the channel update was refused\n',
      });
    };

    const outcome = await executeProposal({ ...withSteps(fake, []), run: failing });

    expect(outcome).to.deep.equal({
      status: 'ACTION_FAILED',
      reason: 'error: the channel update was refused',
      commit: RECORD_COMMIT,
    });
    expect(fake.recorded).to.deep.equal([
      { status: 'ACTION_FAILED', reason: 'error: the channel update was refused' },
    ]);
  });

  it('records ACTION_FAILED, naming what is missing, when the peer never shows a config block with the invited org', async () => {
    const fake = fakeGovernance({
      actions: { invitations: [INVITATION] },
      latestConfigBlock: () =>
        Promise.resolve({
          blockNumber: 4,
          isConfig: true,
          orgs: ['Org1MSP', 'Org2MSP'],
          adminsRule: null,
          lastConfigBlockNumber: 4,
        }),
    });

    const outcome = await executeProposal({ ...withSteps(fake, []), configWait: { timeoutMs: 0 } });

    expect(outcome.status).to.equal('ACTION_FAILED');
    expect(outcome.reason).to.contain('config block 4 is not after block 10, which holds the proposal');
    expect(outcome.reason).to.contain('config block 4 lacks the invited org Org3MSP');
  });

  it('records EXECUTED with the config block once the peer shows it, after reading an older one', async () => {
    const fake = fakeGovernance({ actions: { invitations: [INVITATION] } });
    const after = configBlockAfter({ proposalId: 'p1', status: 'APPROVED', actions: INVITATION_ACTIONS });
    const older = { ...after, blockNumber: 4, orgs: ['Org1MSP', 'Org2MSP'], adminsRule: null };
    let reads = 0;
    const lagging: GovernanceClient = {
      ...fake.governance,
      latestConfigBlock: () => Promise.resolve(reads++ < 2 ? older : after),
    };

    const outcome = await executeProposal({
      ...withSteps({ ...fake, governance: lagging }, []),
      configWait: { timeoutMs: 5_000, intervalMs: 1 },
    });

    expect(outcome).to.include({ status: 'EXECUTED', configBlockNumber: 12 });
    expect(reads).to.equal(3);
  });

  it('records ACTION_FAILED for an invited MSP that has no nodes in this network', async () => {
    const fake = fakeGovernance({ actions: { invitations: [{ ...INVITATION, mspId: 'Org9MSP' }] } });

    const outcome = await executeProposal(withSteps(fake, []));

    expect(outcome.status).to.equal('ACTION_FAILED');
    expect(outcome.reason).to.contain('Org9MSP has no node definition');
  });

  it('waits for its own peer to commit the approving vote before it reads the proposal', async () => {
    const fake = fakeGovernance({ actions: { removals: [{ mspId: 'Org2MSP' }] } });

    await executeProposal({
      ...withSteps(fake, []),
      after: { transactionId: 'tx-vote', blockNumber: 8n },
    });

    expect(fake.calls).to.deep.equal(['await tx-vote', 'read', 'claim', 'record']);
  });

  it('reads at once when no earlier write is named', async () => {
    const fake = fakeGovernance({ actions: { removals: [{ mspId: 'Org2MSP' }] } });

    await executeProposal(withSteps(fake, []));

    expect(fake.calls).to.deep.equal(['read', 'claim', 'record']);
  });

  describe('one executor at a time, resumable', () => {
    it('claims the execution on the ledger before it changes the channel', async () => {
      const fake = fakeGovernance({ actions: { removals: [{ mspId: 'Org2MSP' }] } });

      await executeProposal({
        ...withSteps(fake, []),
        run: (script, args) => fake.calls.push(`${script} ${args[0] ?? ''}`),
      });

      expect(fake.calls).to.deep.equal(['read', 'claim', 'channel-org.sh remove', 'record']);
    });

    it('refuses, naming the executor, when another member holds the claim, and changes nothing', async () => {
      const fake = fakeGovernance({
        actions: { invitations: [INVITATION] },
        claim: () => Promise.reject(refusedByChaincode(`[FAILED_PRECONDITION] ${OTHER_EXECUTOR}`)),
      });
      const steps: string[][] = [];

      const refused = executeProposal(withSteps(fake, steps));

      await expect(refused).to.be.rejectedWith(NotExecutableError, OTHER_EXECUTOR);
      expect(steps).to.deep.equal([]);
      // The refusal is read again only to see whether the outcome is already recorded.
      expect(fake.calls).to.deep.equal(['read', 'claim', 'read']);
    });

    it('names the member that already carried it out when the claim comes after the recorded outcome', async () => {
      const fake = fakeGovernance({
        actions: { invitations: [INVITATION] },
        claim: () =>
          Promise.reject(
            refusedByChaincode(
              '[FAILED_PRECONDITION] cannot claim the execution of proposal "p1": status got EXECUTED, want APPROVED',
            ),
          ),
      });
      const governance = readsApprovedThenClaimed(fake, 'EXECUTED');
      const steps: string[][] = [];

      const refused = executeProposal({ ...withSteps(fake, steps), governance });

      await expect(refused).to.be.rejectedWith(
        NotExecutableError,
        'proposal "p1" was already executed by Org1MSP (x509::/CN=admin1), claimed 2025-03-01T00:00:00.000Z in transaction tx-claim-1: EXECUTED',
      );
      expect(steps).to.deep.equal([]);
    });

    it('passes on a claim failure that is not a refusal, and changes nothing', async () => {
      const fake = fakeGovernance({
        actions: { invitations: [INVITATION] },
        claim: () => Promise.reject(refusedByChaincode('[PERMISSION_DENIED] not an admin')),
      });
      const steps: string[][] = [];

      await expect(executeProposal(withSteps(fake, steps))).to.be.rejectedWith(EndorseError);
      expect(steps).to.deep.equal([]);
    });

    it('names the winner when its claim lost a race and was committed invalid', async () => {
      const fake = fakeGovernance({
        actions: { invitations: [INVITATION] },
        claim: () =>
          Promise.reject(
            new CommitError({ code: StatusCode.MVCC_READ_CONFLICT, transactionId: 'tx-claim-2' }),
          ),
      });
      const governance = readsApprovedThenClaimed(fake, 'EXECUTING');
      const steps: string[][] = [];

      const refused = executeProposal({ ...withSteps(fake, steps), governance });

      await expect(refused).to.be.rejectedWith(NotExecutableError, OTHER_EXECUTOR);
      expect(steps).to.deep.equal([]);
    });

    it('resumes a proposal its org is EXECUTING: claims again and records', async () => {
      const fake = fakeGovernance({ status: 'EXECUTING', actions: { removals: [{ mspId: 'Org2MSP' }] } });

      const outcome = await executeProposal(withSteps(fake, []));

      expect(outcome.status).to.equal('EXECUTED');
      expect(fake.calls).to.deep.equal(['read', 'claim', 'record']);
    });

    it('skips an invitation whose org is in the channel with its peer joined, installs the chaincode and records EXECUTED', async () => {
      const fake = fakeGovernance({ actions: { invitations: [INVITATION] } });
      const steps: string[][] = [];

      const outcome = await executeProposal(withSteps(fake, steps, THREE_ORGS));

      expect(outcome.status).to.equal('EXECUTED');
      expect(steps).to.deep.equal([['deploy-chaincode.sh'], ['gateway-up.sh', '--org', 'org3']]);
      expect(fake.recorded).to.deep.equal([executedOutcome({ actions: INVITATION_ACTIONS })]);
    });

    it('joins again an invited org that is in the channel configuration but whose peer has not joined', async () => {
      const fake = fakeGovernance({ actions: { invitations: [INVITATION] } });
      const steps: string[][] = [];

      await executeProposal(withSteps(fake, steps, { ...THREE_ORGS, joinedPeers: ['Org1MSP', 'Org2MSP'] }));

      expect(steps.map((s) => s.slice(0, 3))).to.deep.equal([
        ['channel-org.sh', 'join', 'org3'],
        ['deploy-chaincode.sh'],
        ['gateway-up.sh', '--org', 'org3'],
      ]);
    });

    it('skips a removal of an org already out of the channel whose peer is gone', async () => {
      const fake = fakeGovernance({ actions: { removals: [{ mspId: 'Org2MSP' }] } });
      const steps: string[][] = [];
      const org1Only: ChannelState = {
        members: ['Org1MSP'],
        adminsRule: "OutOf(1, 'Org1MSP.admin')",
        joinedPeers: ['Org1MSP'],
      };

      const outcome = await executeProposal(withSteps(fake, steps, org1Only));

      expect(outcome.status).to.equal('EXECUTED');
      expect(steps).to.deep.equal([]);
    });

    it('rewrites the Admins rule of a resumed mixed proposal whose join was done but whose rule is not the wanted one', async () => {
      const lenient = {
        thresholdPercentage: 30,
        proposalDurationInHours: 24,
        thresholdComparator: 'GREATER_THAN',
      } as const;
      const fake = fakeGovernance({
        actions: { invitations: [INVITATION], policyChange: { policy: lenient, actionPolicies: {} } },
      });
      const steps: string[][] = [];

      await executeProposal(withSteps(fake, steps, THREE_ORGS));

      expect(steps).to.deep.equal([
        [
          'channel-org.sh',
          'admins',
          '--admins-rule',
          "OutOf(1, 'Org1MSP.admin', 'Org2MSP.admin', 'Org3MSP.admin')",
        ],
        ['deploy-chaincode.sh'],
        ['gateway-up.sh', '--org', 'org3'],
      ]);
    });

    it('leaves an Admins rule that is already the wanted one', async () => {
      const fake = fakeGovernance({ actions: { policyChange: { policy: POLICY, actionPolicies: {} } } });
      const steps: string[][] = [];

      await executeProposal(withSteps(fake, steps, TWO_ORGS));

      expect(steps).to.deep.equal([]);
    });

    it('reports a channel change applied but not recorded, and how to record it', async () => {
      const fake = fakeGovernance({
        actions: { invitations: [INVITATION] },
        record: () => Promise.reject(new Error('the commit was not seen')),
      });

      const failed = executeProposal(withSteps(fake, []));

      await expect(failed).to.be.rejectedWith(
        ExecutionNotRecordedError,
        /^proposal p1: the channel change was applied but not recorded: the commit was not seen\. The proposal stays EXECUTING, claimed by this org; run `ledger gov execute p1` again/,
      );
    });

    it('reports a failed execution that was not recorded with the reason of the failure', async () => {
      const fake = fakeGovernance({
        actions: { invitations: [{ ...INVITATION, mspId: 'Org9MSP' }] },
        record: () => Promise.reject(new Error('orderer unreachable')),
      });

      const failed = executeProposal(withSteps(fake, []));

      await expect(failed).to.be.rejectedWith(
        ExecutionNotRecordedError,
        /the execution failed \(.*Org9MSP has no node definition.*\) and that was not recorded: orderer unreachable/,
      );
    });
  });
});

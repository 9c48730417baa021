import { expect } from 'chai';
import { networkLayout } from '../../../../gateway/src/fabric/networkLayout';
import { executeProposal, NotExecutableError } from '../../../../gateway/src/governance/executeProposal';
import type {
  ExecutionOutcome,
  GovernanceClient,
  ProposalSummary,
} from '../../../../gateway/src/governance/governanceClient';

const layout = networkLayout({ NETWORK_RUN_DIR: '/tmp/unused', NETWORK_PORT_BASE: '7000' });
const POLICY = {
  thresholdPercentage: 50,
  proposalDurationInHours: 24,
  thresholdComparator: 'GREATER_THAN',
} as const;
const INVITATION = { mspId: 'Org3MSP', orgName: 'org3', rootCerts: ['pem'], adminCert: 'pem' };

interface Fake {
  readonly governance: GovernanceClient;
  readonly recorded: ExecutionOutcome[];
  /** What the client did, in order: `await <txid>`, `read`, `record`. */
  readonly calls: string[];
}

const RECORD_COMMIT = { transactionId: 'tx-record', blockNumber: 9n };

function fakeGovernance(proposal: { status?: string; actions?: Partial<ProposalSummary['actions']> }): Fake {
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
      getProposal: () => {
        calls.push('read');
        return Promise.resolve(view);
      },
      getConsortium: () =>
        Promise.resolve({ policy: POLICY, members: [{ mspId: 'Org1MSP' }, { mspId: 'Org2MSP' }] }),
      recordExecution: (_id, outcome) => {
        calls.push('record');
        recorded.push(outcome);
        return Promise.resolve({ ...view, commit: RECORD_COMMIT });
      },
      awaitCommitted: (commit) => {
        calls.push(`await ${commit.transactionId}`);
        return Promise.resolve();
      },
    },
  };
}

describe('executeProposal', () => {
  it('refuses a proposal that is not APPROVED and records nothing', async () => {
    const fake = fakeGovernance({ status: 'EXPIRED', actions: { invitations: [INVITATION] } });

    await expect(
      executeProposal({ governance: fake.governance, layout, proposalId: 'p1', run: () => undefined }),
    ).to.be.rejectedWith(NotExecutableError, /EXPIRED/);
    expect(fake.recorded).to.deep.equal([]);
  });

  it('adds an invited org with the Admins rule of the new member list, installs the chaincode, records EXECUTED', async () => {
    const fake = fakeGovernance({ actions: { invitations: [INVITATION] } });
    const steps: string[][] = [];

    const outcome = await executeProposal({
      governance: fake.governance,
      layout,
      proposalId: 'p1',
      run: (script, args) => steps.push([script, ...args.filter((a) => !a.endsWith('.json'))]),
    });

    expect(outcome).to.deep.equal({ status: 'EXECUTED', commit: RECORD_COMMIT });
    expect(steps).to.deep.equal([
      [
        'channel-org.sh',
        'join',
        'org3',
        '--admins-rule',
        "OutOf(2, 'Org1MSP.admin', 'Org2MSP.admin', 'Org3MSP.admin')",
      ],
      ['deploy-chaincode.sh'],
    ]);
    expect(fake.recorded).to.deep.equal([{ status: 'EXECUTED' }]);
  });

  it('removes a member with the Admins rule of the remaining members', async () => {
    const fake = fakeGovernance({ actions: { removals: [{ mspId: 'Org2MSP' }] } });
    const steps: string[][] = [];

    await executeProposal({
      governance: fake.governance,
      layout,
      proposalId: 'p1',
      run: (s, a) => steps.push([s, ...a]),
    });

    expect(steps).to.deep.equal([
      ['channel-org.sh', 'remove', 'org2', '--admins-rule', "OutOf(1, 'Org1MSP.admin')"],
    ]);
  });

  it('rewrites the Admins rule when only the default policy changes', async () => {
    const strict = {
      thresholdPercentage: 100,
      proposalDurationInHours: 24,
      thresholdComparator: 'GREATER_THAN_OR_EQUAL_TO',
    };
    const fake = fakeGovernance({ actions: { policyChange: { policy: strict } } });
    const steps: string[][] = [];

    await executeProposal({
      governance: fake.governance,
      layout,
      proposalId: 'p1',
      run: (s, a) => steps.push([s, ...a]),
    });

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

    const outcome = await executeProposal({
      governance: fake.governance,
      layout,
      proposalId: 'p1',
      run: failing,
    });

    expect(outcome).to.deep.equal({
      status: 'ACTION_FAILED',
      reason: 'error: the channel update was refused',
      commit: RECORD_COMMIT,
    });
    expect(fake.recorded).to.deep.equal([
      { status: 'ACTION_FAILED', reason: 'error: the channel update was refused' },
    ]);
  });

  it('records ACTION_FAILED for an invited MSP that has no nodes in this network', async () => {
    const fake = fakeGovernance({ actions: { invitations: [{ ...INVITATION, mspId: 'Org9MSP' }] } });

    const outcome = await executeProposal({
      governance: fake.governance,
      layout,
      proposalId: 'p1',
      run: () => undefined,
    });

    expect(outcome.status).to.equal('ACTION_FAILED');
    expect(outcome.reason).to.contain('Org9MSP has no node definition');
  });

  it('waits for its own peer to commit the approving vote before it reads the proposal', async () => {
    const fake = fakeGovernance({ actions: { removals: [{ mspId: 'Org2MSP' }] } });

    await executeProposal({
      governance: fake.governance,
      layout,
      proposalId: 'p1',
      after: { transactionId: 'tx-vote', blockNumber: 8n },
      run: () => undefined,
    });

    expect(fake.calls).to.deep.equal(['await tx-vote', 'read', 'record']);
  });

  it('reads at once when no earlier write is named', async () => {
    const fake = fakeGovernance({ actions: { removals: [{ mspId: 'Org2MSP' }] } });

    await executeProposal({ governance: fake.governance, layout, proposalId: 'p1', run: () => undefined });

    expect(fake.calls).to.deep.equal(['read', 'record']);
  });
});

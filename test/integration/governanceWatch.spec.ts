import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { expect } from 'chai';
import type { Contract } from '@hyperledger/fabric-gateway';
import { submitCommitted } from '@gateway/fabric/awaitCommitted';
import { adminsSignatureRule, type ApprovalThresholdPolicy } from '@chaincode/lib/voting';
import { connectAs, type FabricConnection } from '@gateway/fabric/connect';
import { orgLayout } from '@gateway/fabric/networkLayout';
import { executeProposal } from '@gateway/governance/executeProposal';
import {
  newGovernanceClient,
  type GovernanceClient,
  type ProposalSummary,
  type RecordedProposal,
} from '@gateway/governance/governanceClient';
import {
  PAUSE_AFTER_CLAIM_ENV,
  PAUSE_BEFORE_RECORD_ENV,
  PAUSE_PROPOSAL_ENV,
} from '@gateway/governance/watchTestHooks';
import { channelApplication } from '@test-support/channelState';
import { chaincodeErrorCode } from '@test-support/fabricErrors';
import { startGovWatch, type GovWatchProcess, type WatchLogLine } from '@test-support/govWatchProcess';
import { runLedgerCli } from '@test-support/ledgerCli';
import { layout } from '@test-support/testNetwork';
import { waitFor } from '@test-support/waitFor';
import { LENIENT_POLICY, ORIGINAL_POLICY } from '@test-support/consortiumPolicies';

const repo = path.join(__dirname, '..', '..');
const EXECUTED_WITHIN_MS = 150_000;

// The watch runs as Org1's admin; each test has it carry out a default-policy change (a channel
// configuration update of the Admins rule), proposed by Org1 and approved by Org1 and Org2
// (POLICY_CHANGE: 66 % of two or three members), whether or not Org3 is a member. The suite leaves the
// default policy it found, by one more proposal if needed.
describe('ledger gov watch on the real network', function () {
  this.timeout(300_000);
  const connections: FabricConnection[] = [];
  const watches: GovWatchProcess[] = [];
  const pauseDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-gov-watch-'));
  let org1Admin: GovernanceClient;
  let org2Admin: GovernanceClient;
  let foundPolicy: ApprovalThresholdPolicy;

  const contractOf = (org: 'org1' | 'org2'): { contract: Contract; governance: GovernanceClient } => {
    const c = connectAs({ org: orgLayout(layout, org), user: 'admin1' });
    connections.push(c);
    const network = c.gateway.getNetwork(layout.channelName);
    const contract = network.getContract(layout.chaincodeName);
    return { contract, governance: newGovernanceClient(contract, network) };
  };

  const watch = (args: readonly string[], env: NodeJS.ProcessEnv = {}): GovWatchProcess => {
    const started = startGovWatch(['--org', 'org1', ...args], env);
    watches.push(started);
    return started;
  };

  /** Proposes `policy` as the default policy (Org1) and approves it (Org1, then Org2). */
  /** The proposals this suite created. */
  const createdIds: string[] = [];

  const approvePolicy = async (
    policy: ApprovalThresholdPolicy,
    description: string,
  ): Promise<RecordedProposal> => {
    const created = await org1Admin.createProposal({ policyChange: { policy } }, description);
    createdIds.push(created.proposalId);
    await org1Admin.awaitCommitted(created.commit);
    const afterOrg1 = await org1Admin.vote(created.proposalId, 'YES');
    await org2Admin.awaitCommitted(afterOrg1.commit);
    return org2Admin.vote(created.proposalId, 'YES');
  };

  /** The policy a test changes to: the lenient one, or the original when the lenient one is in force. */
  const nextPolicy = async (): Promise<ApprovalThresholdPolicy> =>
    isDeepStrictEqual((await org1Admin.getConsortium()).policy, LENIENT_POLICY)
      ? ORIGINAL_POLICY
      : LENIENT_POLICY;

  const proposal = (id: string): Promise<ProposalSummary> => org1Admin.getProposal(id);

  const awaitStatus = async (id: string, status: string): Promise<void> => {
    await waitFor(`proposal ${id} is ${status}`, async () => (await proposal(id)).status === status, {
      timeoutMs: EXECUTED_WITHIN_MS,
      intervalMs: 250,
    });
  };

  /** How many configuration blocks Org1's peer has after block `after`, up to its latest one. */
  const configBlocksAfter = async (after: number): Promise<number> => {
    const latest = await org1Admin.latestConfigBlock();
    let count = 0;
    for (let n = after + 1; n <= latest.blockNumber; n++) {
      if ((await org1Admin.configBlock(n))?.isConfig === true) count++;
    }
    return count;
  };

  const adminsRuleFor = (policy: ApprovalThresholdPolicy): string => {
    const channel = channelApplication(layout, repo);
    return adminsSignatureRule(channel.members, policy);
  };

  const logged = (w: GovWatchProcess, msg: string, fields: Readonly<Record<string, unknown>>): boolean =>
    w
      .lines()
      .some((l: WatchLogLine) => l.msg === msg && Object.entries(fields).every(([k, v]) => l[k] === v));

  before(async () => {
    const org1 = contractOf('org1');
    const org2 = contractOf('org2');
    org1Admin = org1.governance;
    org2Admin = org2.governance;
    // A fresh network has no consortium yet: both founding members accept the charter, one after the
    // other (a network the governance suite ran on has it already).
    const charter = fs.readFileSync(path.join(repo, 'channel-config', 'consortium.json'), 'utf8');
    for (const [contract, next] of [
      [org1.contract, org2Admin],
      [org2.contract, org1Admin],
    ] as const) {
      const accepted = await submitCommitted(contract, 'Governance:InitConsortium', {
        arguments: [charter],
      }).catch((err: unknown) => {
        if (chaincodeErrorCode(err) !== 'ALREADY_EXISTS') throw err;
        return undefined;
      });
      if (accepted === undefined) break;
      await next.awaitCommitted(accepted.commit);
    }
    foundPolicy = (await org1Admin.getConsortium()).policy;
  });

  after(async () => {
    for (const w of watches) await w.kill();
    // A test that failed half-way may leave one of its proposals approved or claimed by Org1, or
    // another default policy.
    for (const proposalId of createdIds) {
      if (['APPROVED', 'EXECUTING'].includes((await proposal(proposalId)).status)) {
        await executeProposal({ governance: org1Admin, layout, proposalId });
      }
    }
    if (!isDeepStrictEqual((await org1Admin.getConsortium()).policy, foundPolicy)) {
      const approved = await approvePolicy(foundPolicy, 'restore the default policy after the watch tests');
      const outcome = await executeProposal({
        governance: org1Admin,
        layout,
        proposalId: approved.proposalId,
        after: approved.commit,
      });
      expect(outcome.status, outcome.reason).to.equal('EXECUTED');
    }
    connections.forEach((c) => {
      c.close();
    });
    fs.rmSync(pauseDir, { recursive: true, force: true });
  });

  it('refuses a --poll-ms that is not a whole number of ms from 100, naming the flag', async () => {
    const run = await runLedgerCli(['gov', 'watch', '--org', 'org1', '--once', '--poll-ms', '5']);

    expect(run.code).to.equal(2);
    expect(run.stderr).to.contain('--poll-ms: got "5"');
  });

  it('executes an approved policy change by itself, records EXECUTED and stops cleanly on SIGTERM', async () => {
    const w = watch(['--poll-ms', '5000']);
    await w.waitForLine('the event stream is open', (l) => l.msg === 'governance event stream open');
    const before = (await org1Admin.latestConfigBlock()).blockNumber;
    const policy = await nextPolicy();

    const approved = await approvePolicy(policy, 'watch: change the default policy');
    await awaitStatus(approved.proposalId, 'EXECUTED');

    expect(channelApplication(layout, repo).adminsRule).to.equal(adminsRuleFor(policy));
    expect((await org1Admin.getConsortium()).policy).to.deep.equal(policy);
    expect(await configBlocksAfter(before)).to.equal(1);
    expect(logged(w, 'proposal decision', { proposalId: approved.proposalId, action: 'execute' })).to.equal(
      true,
    );
    expect(logged(w, 'proposal executed', { proposalId: approved.proposalId, status: 'EXECUTED' })).to.equal(
      true,
    );
    expect(await w.stop()).to.equal(0);
    expect(w.lines().some((l) => l.msg === 'governance watch stopped')).to.equal(true);
  });

  it('finishes an execution killed after the channel change and before its record, applying the change once', async () => {
    const before = (await org1Admin.latestConfigBlock()).blockNumber;
    const policy = await nextPolicy();
    const approved = await approvePolicy(
      policy,
      'watch: change the default policy, killed before the record',
    );
    // Started once the proposal is approved, pausing for it only.
    const w = watch(['--poll-ms', '5000'], {
      [PAUSE_BEFORE_RECORD_ENV]: path.join(pauseDir, 'never-before-record'),
      [PAUSE_PROPOSAL_ENV]: approved.proposalId,
    });

    await w.waitForLine('paused before the record', (l) => l.msg === 'test hook: paused', EXECUTED_WITHIN_MS);
    const claimed = await proposal(approved.proposalId);
    expect(claimed.status).to.equal('EXECUTING');
    expect(claimed.claim?.executor.msp).to.equal('Org1MSP');
    expect(channelApplication(layout, repo).adminsRule).to.equal(adminsRuleFor(policy));
    await w.kill();
    expect((await proposal(approved.proposalId)).status).to.equal('EXECUTING');

    const again = watch(['--once']);
    expect(await again.exited()).to.equal(0);

    expect((await proposal(approved.proposalId)).status).to.equal('EXECUTED');
    expect(
      logged(again, 'proposal decision', { proposalId: approved.proposalId, action: 'resume' }),
    ).to.equal(true);
    expect(channelApplication(layout, repo).adminsRule).to.equal(adminsRuleFor(policy));
    expect(await configBlocksAfter(before)).to.equal(1);
  });

  it('finishes an execution killed right after its claim, applying the change once', async () => {
    const before = (await org1Admin.latestConfigBlock()).blockNumber;
    const ruleBefore = channelApplication(layout, repo).adminsRule;
    const policy = await nextPolicy();
    const approved = await approvePolicy(policy, 'watch: change the default policy, killed after the claim');
    const w = watch(['--poll-ms', '5000'], {
      [PAUSE_AFTER_CLAIM_ENV]: path.join(pauseDir, 'never-after-claim'),
      [PAUSE_PROPOSAL_ENV]: approved.proposalId,
    });

    await w.waitForLine('paused after the claim', (l) => l.msg === 'test hook: paused', EXECUTED_WITHIN_MS);
    expect((await proposal(approved.proposalId)).status).to.equal('EXECUTING');
    expect(channelApplication(layout, repo).adminsRule).to.equal(ruleBefore);
    await w.kill();

    const again = watch(['--poll-ms', '5000']);
    await awaitStatus(approved.proposalId, 'EXECUTED');
    expect(await again.stop()).to.equal(0);

    expect(
      logged(again, 'proposal decision', { proposalId: approved.proposalId, action: 'resume' }),
    ).to.equal(true);
    expect(channelApplication(layout, repo).adminsRule).to.equal(adminsRuleFor(policy));
    expect(await configBlocksAfter(before)).to.equal(1);
  });
});

import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { expect } from 'chai';
import { EndorseError, StatusCode, type Contract } from '@hyperledger/fabric-gateway';
import { awaitCommitted, submitCommitted, type SubmitResult } from '@gateway/fabric/awaitCommitted';
import type { CharterView } from '@chaincode/model/governance';
import { adminsSignatureRule, type ApprovalThresholdPolicy } from '@chaincode/lib/voting';
import { connectAs, loadSigner, type FabricConnection } from '@gateway/fabric/connect';
import {
  executeProposal,
  NotExecutableError,
  type ExecutionResult,
} from '@gateway/governance/executeProposal';
import {
  newGovernanceClient,
  type GovernanceClient,
  type RecordedProposal,
} from '@gateway/governance/governanceClient';
import { submitBackdated } from '@test-support/backdatedSubmit';
import { runLedgerCli } from '@test-support/ledgerCli';
import { waitFor } from '@test-support/waitFor';
import { channelApplication, peerProcesses, peerStarts } from '@test-support/channelState';
import { chaincodeErrorCode } from '@test-support/fabricErrors';
import { layout, text, uniqueId } from '@test-support/testNetwork';
import { orgLayout } from '@gateway/fabric/networkLayout';
import { LENIENT_POLICY, ORIGINAL_POLICY } from '@test-support/consortiumPolicies';

const repo = path.join(__dirname, '..', '..');
const HOUR_MS = 3_600_000;
const ALL_THREE = ['Org1MSP', 'Org2MSP', 'Org3MSP'];

/**
 * Votes as `admin` once its own peer has committed `previous` (the proposal's creation or the vote
 * before), as a member voting after reading the proposal would: a submit only waits for the
 * submitter's peer to commit, and the voter's peer both answers and endorses.
 */
async function voteAfter(
  admin: GovernanceClient,
  previous: RecordedProposal,
  vote: 'YES' | 'NO',
): Promise<RecordedProposal> {
  await admin.awaitCommitted(previous.commit);
  return admin.vote(previous.proposalId, vote);
}

/** Every admin in `voters` votes YES, one after another; returns the proposal after the last vote. */
async function approveBy(
  voters: readonly GovernanceClient[],
  created: RecordedProposal,
): Promise<RecordedProposal> {
  let last = created;
  for (const admin of voters) last = await voteAfter(admin, last, 'YES');
  return last;
}

describe('consortium governance on the real network', function () {
  this.timeout(300_000);
  const connections: FabricConnection[] = [];
  const open = (org: 'org1' | 'org2' | 'org3', user: string): FabricConnection => {
    const c = connectAs({ org: orgLayout(layout, org), user });
    connections.push(c);
    return c;
  };
  const governanceOf = (c: FabricConnection): GovernanceClient => {
    const network = c.gateway.getNetwork(layout.channelName);
    return newGovernanceClient(network.getContract(layout.chaincodeName), network);
  };
  let org1Admin: GovernanceClient;
  let org2Admin: GovernanceClient;
  let org1Ledger: Contract;
  let org2Ledger: Contract;
  /** How founding went in this run: Org1's acceptance, the consortium read after it, Org2's acceptance. */
  let founding: { first: CharterView; consortiumAfterFirst: string; second: CharterView } | undefined;

  /** Accepts the consortium charter as `contract`'s admin; undefined when a consortium exists already. */
  const acceptCharter = async (contract: Contract, consortium: string): Promise<SubmitResult | undefined> =>
    submitCommitted(contract, 'Governance:InitConsortium', { arguments: [consortium] }).catch(
      (err: unknown) => {
        // A network reused across runs already has its consortium.
        if (chaincodeErrorCode(err) !== 'ALREADY_EXISTS') throw err;
        return undefined;
      },
    );

  before(async () => {
    const org1 = open('org1', 'admin1');
    const org2 = open('org2', 'admin1');
    org1Admin = governanceOf(org1);
    org2Admin = governanceOf(org2);
    org1Ledger = org1.gateway.getNetwork(layout.channelName).getContract(layout.chaincodeName);
    org2Ledger = org2.gateway.getNetwork(layout.channelName).getContract(layout.chaincodeName);
    const consortium = fs.readFileSync(path.join(repo, 'channel-config', 'consortium.json'), 'utf8');
    // Every founding member accepts the charter; the second acceptance founds the consortium.
    const first = await acceptCharter(org1Ledger, consortium);
    if (first === undefined) return;
    await org2Admin.awaitCommitted(first.commit);
    const consortiumAfterFirst = await org2Ledger
      .evaluateTransaction('Governance:GetConsortium')
      .then(text, (err: unknown) => String(chaincodeErrorCode(err)));
    const second = await acceptCharter(org2Ledger, consortium);
    if (second === undefined) return;
    await org1Admin.awaitCommitted(second.commit);
    founding = {
      first: JSON.parse(text(first.result)) as CharterView,
      consortiumAfterFirst,
      second: JSON.parse(text(second.result)) as CharterView,
    };
  });

  after(() => {
    connections.forEach((c) => {
      c.close();
    });
  });

  /** Prepares Org3's CA and crypto and returns its invitation. */
  const prepareOrg3 = (): unknown =>
    JSON.parse(
      execFileSync('bash', [path.join(repo, 'scripts', 'channel-org.sh'), 'prepare', 'org3'], {
        encoding: 'utf8',
      }),
    ) as unknown;

  /** Prepares Org3's CA and crypto and proposes its invitation as the Org1 admin. */
  const proposeOrg3Invitation = (description: string): Promise<RecordedProposal> =>
    org1Admin.createProposal({ invitations: [prepareOrg3()] }, description);

  /** Opens an account as Org3's teller, endorsed by Org3 and Org1, and returns the commit status. */
  const openAccountAsOrg3Teller = async (accountNumber: string): Promise<number> => {
    const org3Teller = open('org3', 'teller1')
      .gateway.getNetwork(layout.channelName)
      .getContract(layout.chaincodeName);
    const endorsed = org3Teller.newProposal('Accounts:OpenAccount', {
      arguments: [accountNumber, 'cust-org3', 'USD'],
      endorsingOrganizations: ['Org3MSP', 'Org1MSP'],
    });
    return (await (await (await endorsed.endorse()).submit()).getStatus()).code;
  };

  // Each test sets up the membership it needs (Org3 in or out of the consortium) from what the ledger
  // says, so that any test can run alone or in any order; in the written order no set-up changes the
  // channel, as each test leaves the state the next one needs.

  /** Whether Org3 is a member now, as Org1's peer has it (Org1 makes every governance write below). */
  const org3IsMember = async (): Promise<boolean> =>
    (await org1Admin.listMembers()).includes('"mspId":"Org3MSP"');

  /** Invites Org3 (proposed by Org1, approved by Org1 and Org2, executed by Org2). */
  const inviteOrg3 = async (description: string): Promise<ExecutionResult> => {
    const approved = await approveBy([org1Admin, org2Admin], await proposeOrg3Invitation(description));
    const outcome = await executeProposal({
      governance: org2Admin,
      layout,
      proposalId: approved.proposalId,
      after: approved.commit,
    });
    await org1Admin.awaitCommitted(outcome.commit);
    return outcome;
  };

  /** Removes Org3 (approved by Org1, Org2 and Org3, executed by Org1). */
  const removeOrg3 = async (description: string): Promise<ExecutionResult> => {
    const org3Admin = governanceOf(open('org3', 'admin1'));
    const created = await org1Admin.createProposal({ removals: [{ mspId: 'Org3MSP' }] }, description);
    const approved = await approveBy([org1Admin, org2Admin, org3Admin], created);
    return executeProposal({
      governance: org1Admin,
      layout,
      proposalId: approved.proposalId,
      after: approved.commit,
    });
  };

  /** Whether a removal of Org3 has ever been executed (every page of EXECUTED proposals). */
  const org3HasLeftBefore = async (): Promise<boolean> => {
    interface Page {
      records: { actions: { removals: { mspId: string }[] } }[];
      bookmark: string;
    }
    let bookmark = '';
    do {
      const page = JSON.parse(
        text(await org1Ledger.evaluateTransaction('Governance:ListProposals', 'EXECUTED', '200', bookmark)),
      ) as Page;
      if (page.records.some((p) => p.actions.removals.some((r) => r.mspId === 'Org3MSP'))) return true;
      bookmark = page.bookmark;
    } while (bookmark !== '');
    return false;
  };

  const ensureOrg3Member = async (): Promise<void> => {
    if (!(await org3IsMember())) await inviteOrg3('set-up: Org3 joins');
  };

  const ensureOrg3Absent = async (): Promise<void> => {
    if (await org3IsMember()) await removeOrg3('set-up: Org3 leaves');
  };

  /**
   * Makes `policy` the consortium's default policy, by a policy change proposed by Org1, approved by
   * Org1 and Org2 (POLICY_CHANGE: 66 % of 2 or 3) and executed by Org1, unless it already is.
   */
  const ensureDefaultPolicy = async (policy: ApprovalThresholdPolicy, description: string): Promise<void> => {
    if (isDeepStrictEqual((await org1Admin.getConsortium()).policy, policy)) return;
    const created = await org1Admin.createProposal({ policyChange: { policy } }, description);
    const approved = await approveBy([org1Admin, org2Admin], created);
    const outcome = await executeProposal({
      governance: org1Admin,
      layout,
      proposalId: approved.proposalId,
      after: approved.commit,
    });
    expect(outcome, `${description}: ${outcome.reason ?? ''}`).to.include({ status: 'EXECUTED' });
  };

  /** The admins of the current members, Org1 first. */
  const memberAdmins = async (): Promise<GovernanceClient[]> =>
    (await org3IsMember())
      ? [org1Admin, org2Admin, governanceOf(open('org3', 'admin1'))]
      : [org1Admin, org2Admin];

  it('approves an invitation of Org3 once Org1 and Org2 vote YES', async () => {
    await ensureOrg3Absent();
    const proposal = await proposeOrg3Invitation('invite Org3');

    const afterOrg1 = await voteAfter(org1Admin, proposal, 'YES');
    const afterOrg2 = await voteAfter(org2Admin, afterOrg1, 'YES');

    expect(afterOrg1.status).to.equal('IN_PROGRESS');
    expect(afterOrg2.status).to.equal('APPROVED');
  });

  it('refuses a vote from a member that is not an admin', async () => {
    const teller = governanceOf(open('org2', 'teller1'));
    const proposal = await org1Admin.createProposal(
      { removals: [{ mspId: 'Org2MSP' }] },
      'not to be voted by a teller',
    );

    const vote = voteAfter(teller, proposal, 'YES');

    await expect(vote).to.be.rejected.then((err: unknown) => {
      expect(chaincodeErrorCode(err)).to.equal('PERMISSION_DENIED');
    });
  });

  it('executes an approved invitation: Org3 joins the channel, endorses and queries', async () => {
    await ensureOrg3Absent();
    const approved = await approveBy([org1Admin, org2Admin], await proposeOrg3Invitation('invite Org3'));

    const outcome = await executeProposal({
      governance: org1Admin,
      layout,
      proposalId: approved.proposalId,
      after: approved.commit,
    });

    expect(outcome.status).to.equal('EXECUTED');
    await org2Admin.awaitCommitted(outcome.commit);
    expect((await org2Admin.getProposal(approved.proposalId)).status).to.equal('EXECUTED');
    expect(await org2Admin.listMembers()).to.contain('"mspId":"Org3MSP"');
    const accountNumber = uniqueId('gov-org3');
    expect(await openAccountAsOrg3Teller(accountNumber)).to.equal(StatusCode.VALID);
    const org3Reader = open('org3', 'teller1')
      .gateway.getNetwork(layout.channelName)
      .getContract(layout.chaincodeName);
    const account = text(await org3Reader.evaluateTransaction('Accounts:GetAccount', accountNumber));
    expect(account).to.contain('"ownerMsp":"Org3MSP"');
  });

  it('rejects a removal of Org3 that gets a NO vote, and changes nothing', async () => {
    await ensureOrg3Member();
    const org3Admin = governanceOf(open('org3', 'admin1'));
    const proposal = await org1Admin.createProposal({ removals: [{ mspId: 'Org3MSP' }] }, 'remove Org3');

    const afterYes = await voteAfter(org2Admin, proposal, 'YES');
    const afterNo = await voteAfter(org1Admin, afterYes, 'NO');

    expect(afterNo.status).to.equal('REJECTED');
    await expect(
      executeProposal({ governance: org1Admin, layout, proposalId: proposal.proposalId }),
    ).to.be.rejectedWith(NotExecutableError, /REJECTED/);
    await org3Admin.awaitCommitted(afterNo.commit);
    expect(await org3Admin.listMembers()).to.contain('"mspId":"Org3MSP"');
    const org3Reader = open('org3', 'auditor1').gateway.getNetwork(layout.channelName);
    await awaitCommitted(org3Reader, afterNo.commit);
    const members = text(
      await org3Reader.getContract(layout.chaincodeName).evaluateTransaction('Governance:ListMembers'),
    );
    expect(members).to.contain('Org3MSP');
  });

  it('founds the consortium only once both founding members accepted the charter, and refuses a charter of one org', async () => {
    // On a network reused from an earlier run the consortium exists before this suite: nothing to see.
    if (founding !== undefined) {
      expect(founding.first).to.deep.include({
        acceptedBy: ['Org1MSP'],
        waitingFor: ['Org2MSP'],
        consortium: null,
      });
      expect(founding.consortiumAfterFirst).to.equal('NOT_FOUND');
      expect(founding.second).to.deep.include({ acceptedBy: ['Org1MSP', 'Org2MSP'], waitingFor: [] });
    }
    const alone = {
      networkName: 'org1-alone',
      members: [{ mspId: 'Org1MSP', displayName: 'Org1' }],
      policy: ORIGINAL_POLICY,
    };

    const refused = await submitCommitted(org1Ledger, 'Governance:InitConsortium', {
      arguments: [JSON.stringify(alone)],
    }).then(
      () => 'accepted',
      (err: unknown) => String(chaincodeErrorCode(err)),
    );

    expect(refused).to.equal('INVALID_ARGUMENT');
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'gov-init-')), 'alone.json');
    fs.writeFileSync(
      file,
      JSON.stringify({ ...alone, members: [...alone.members, { mspId: 'Org9MSP', displayName: 'Org9' }] }),
    );
    const cli = await runLedgerCli(['gov', 'init', file, '--org', 'org1']);
    expect(cli.code, cli.stderr).to.equal(1);
    expect(cli.stderr).to.contain('the founding members of');
    expect(cli.stderr).to.match(
      /are \[Org1MSP, Org9MSP\], the channel's application orgs in config block \d+ are \[Org1MSP, Org2MSP/,
    );
  });

  it('refuses to endorse a vote backdated by 25 hours, or dated 25 hours ahead, and writes nothing', async () => {
    const admin = open('org1', 'admin1');
    const contract = admin.gateway.getNetwork(layout.channelName).getContract(layout.chaincodeName);
    const signer = loadSigner(path.join(orgLayout(layout, 'org1').usersDir, 'admin1', 'msp'));
    const proposal = await org1Admin.createProposal(
      { removals: [{ mspId: 'Org2MSP' }] },
      'to be voted with a skewed clock',
    );
    await org1Admin.awaitCommitted(proposal.commit);

    for (const ageMs of [25 * HOUR_MS, -25 * HOUR_MS]) {
      const attempt = submitBackdated(
        admin.gateway,
        contract,
        signer,
        'Governance:VoteOnProposal',
        [proposal.proposalId, 'YES'],
        ageMs,
      );
      await expect(attempt).to.be.rejected.then((err: unknown) => {
        expect(err).to.be.instanceOf(EndorseError);
        const messages = (err as EndorseError).details.map((d) => d.message).join(' | ');
        expect(messages).to.match(
          /\[FAILED_PRECONDITION\] Governance:VoteOnProposal: transaction timestamp \S+ is (?:90000|89999)\.\d{3} s (?:behind|ahead of) this endorsing peer's clock \S+; the allowed skew is 300 s \(LEDGER_MAX_CLOCK_SKEW_SECONDS\)/,
        );
      });
    }
    const after = await org1Admin.getProposal(proposal.proposalId);
    expect(after.status).to.equal('IN_PROGRESS');
    expect((after as unknown as { votes: unknown[] }).votes).to.deep.equal([]);
  });

  it('cannot vote on or execute a proposal whose short voting window has passed', async () => {
    // An honest way to an expired proposal: a policy change governed by a POLICY_CHANGE policy of one
    // minute, created at the current time and left to expire. The original policy is restored.
    const consortium = (await org1Admin.getConsortium()) as unknown as {
      actionPolicies: Record<string, ApprovalThresholdPolicy>;
    };
    const original = consortium.actionPolicies.POLICY_CHANGE;
    if (original === undefined) throw new Error('consortium.json has no POLICY_CHANGE policy');
    const short: ApprovalThresholdPolicy = {
      thresholdPercentage: original.thresholdPercentage,
      proposalDurationInMinutes: 1,
      thresholdComparator: original.thresholdComparator,
    };
    const executePolicyChange = async (policyChange: unknown, description: string): Promise<void> => {
      // POLICY_CHANGE needs 66 % ≥: Org1 and Org2 suffice with two or three members.
      const approved = await approveBy(
        [org1Admin, org2Admin],
        await org1Admin.createProposal({ policyChange }, description),
      );
      const outcome = await executeProposal({
        governance: org1Admin,
        layout,
        proposalId: approved.proposalId,
        after: approved.commit,
      });
      expect(outcome, `${description}: ${outcome.reason ?? ''}`).to.include({ status: 'EXECUTED' });
      await org2Admin.awaitCommitted(outcome.commit);
    };
    await executePolicyChange(
      { actionPolicies: { POLICY_CHANGE: short } },
      'set-up: one minute for policy changes',
    );
    try {
      const created = await org1Admin.createProposal(
        { policyChange: { policy: { ...ORIGINAL_POLICY, thresholdPercentage: 60 } } },
        'left to expire',
      );
      expect(
        (created as unknown as { policy: ApprovalThresholdPolicy }).policy.proposalDurationInMinutes,
      ).to.equal(1);
      await org2Admin.awaitCommitted(created.commit);

      await waitFor(
        'the proposal to expire',
        async () => (await org2Admin.getProposal(created.proposalId)).status === 'EXPIRED',
        { timeoutMs: 90_000, intervalMs: 2_000 },
      );

      await expect(org2Admin.vote(created.proposalId, 'YES')).to.be.rejected.then((err: unknown) => {
        expect(chaincodeErrorCode(err)).to.equal('FAILED_PRECONDITION');
      });
      await expect(
        executeProposal({ governance: org1Admin, layout, proposalId: created.proposalId }),
      ).to.be.rejectedWith(NotExecutableError, /EXPIRED/);
    } finally {
      await executePolicyChange(
        { actionPolicies: { POLICY_CHANGE: original } },
        'restore the POLICY_CHANGE policy',
      );
    }
  });

  it('records a failed execution as an attempt that leaves the proposal APPROVED, and the chaincode refuses an EXECUTED record without the invited org', async () => {
    // Any well-formed certificates do: the executor stops at the missing node definition.
    const unknownOrg = {
      mspId: 'Org9MSP',
      orgName: 'org9.example.com',
      rootCerts: [fs.readFileSync(orgLayout(layout, 'org1').caCertPath, 'utf8')],
      adminCert: fs.readFileSync(
        path.join(orgLayout(layout, 'org1').usersDir, 'admin1', 'msp', 'signcerts', 'cert.pem'),
        'utf8',
      ),
    };
    const created = await org1Admin.createProposal(
      { invitations: [unknownOrg] },
      'invite an org without nodes',
    );
    const approved = await approveBy(await memberAdmins(), created);

    const outcome = await executeProposal({
      governance: org2Admin,
      layout,
      proposalId: approved.proposalId,
      after: approved.commit,
    });

    expect(outcome.status).to.equal('ACTION_FAILED');
    expect(outcome.reason).to.contain('Org9MSP has no node definition');
    await org1Admin.awaitCommitted(outcome.commit);
    const recorded = await org1Admin.getProposal(approved.proposalId);
    expect(recorded.status).to.equal('APPROVED');
    expect(recorded.attempts?.map((a) => [a.executor.msp, a.reason.includes('Org9MSP')])).to.deep.equal([
      ['Org2MSP', true],
    ]);
    expect(await org1Admin.listMembers()).not.to.contain('Org9MSP');
    // A single admin claiming it and recording EXECUTED with the channel's real orgs is refused.
    const claimed = await org1Admin.claimExecution(approved.proposalId);
    const latest = await org1Admin.latestConfigBlock();
    const forged = org1Admin.recordExecution(approved.proposalId, {
      status: 'EXECUTED',
      configBlockNumber: latest.blockNumber,
      channelOrgs: latest.orgs,
    });
    await expect(forged).to.be.rejected.then((err: unknown) => {
      expect(chaincodeErrorCode(err)).to.equal('INVALID_ARGUMENT');
    });
    const released = await org1Admin.recordExecution(approved.proposalId, {
      status: 'ACTION_FAILED',
      reason: 'Org9MSP has no nodes',
    });
    expect(released.status, claimed.commit.transactionId).to.equal('APPROVED');
  });

  it('is no veto when one admin records a failure: another member executes the invitation later, and ledger gov verify confirms it', async () => {
    await ensureOrg3Absent();
    const approved = await approveBy(
      [org1Admin, org2Admin],
      await proposeOrg3Invitation('invite Org3 despite a veto'),
    );
    await org1Admin.awaitCommitted(approved.commit);
    await org1Admin.claimExecution(approved.proposalId);
    const vetoed = await org1Admin.recordExecution(approved.proposalId, {
      status: 'ACTION_FAILED',
      reason: 'Org1 does not want Org3',
    });
    expect(vetoed.status).to.equal('APPROVED');

    const outcome = await executeProposal({
      governance: org2Admin,
      layout,
      proposalId: approved.proposalId,
      after: vetoed.commit,
    });

    expect(outcome.status, outcome.reason).to.equal('EXECUTED');
    expect(outcome.channelOrgs).to.deep.equal(ALL_THREE);
    await org1Admin.awaitCommitted(outcome.commit);
    const done = await org1Admin.getProposal(approved.proposalId);
    expect(done.status).to.equal('EXECUTED');
    expect(done.attempts?.map((a) => a.reason)).to.deep.equal(['Org1 does not want Org3']);
    const verify = await runLedgerCli(['gov', 'verify', approved.proposalId, '--org', 'org1']);
    expect(verify.code, verify.stderr).to.equal(0);
    expect(JSON.parse(verify.stdout)).to.deep.include({
      verified: true,
      configBlockNumber: outcome.configBlockNumber,
      problems: [],
    });
  });

  it('lets ledger gov verify refuse an EXECUTED policy change that one admin recorded without changing the channel', async () => {
    await ensureDefaultPolicy(ORIGINAL_POLICY, 'set-up: the original default policy');
    const created = await org1Admin.createProposal(
      { policyChange: { policy: LENIENT_POLICY } },
      'lower the default policy; recorded without a channel update',
    );
    const approved = await approveBy([org1Admin, org2Admin], created);
    await org1Admin.awaitCommitted(approved.commit);
    await org1Admin.claimExecution(approved.proposalId);
    const latest = await org1Admin.latestConfigBlock();
    const forged = await org1Admin.recordExecution(approved.proposalId, {
      status: 'EXECUTED',
      configBlockNumber: latest.blockNumber,
      channelOrgs: latest.orgs,
    });
    await org2Admin.awaitCommitted(forged.commit);

    const verify = await runLedgerCli(['gov', 'verify', approved.proposalId, '--org', 'org2']);

    expect(verify.code).to.equal(1);
    expect(verify.stderr).to.contain(`proposal ${approved.proposalId}: the execution record does not hold`);
    expect(verify.stderr).to.contain(
      `config block ${latest.blockNumber} has the Admins rule ${String(latest.adminsRule)}, the new default policy needs ${adminsSignatureRule(latest.orgs, LENIENT_POLICY)}`,
    );
    // Leave the original policy for the other tests: the channel still has its rule, so this only
    // records the change back.
    await ensureDefaultPolicy(ORIGINAL_POLICY, 'restore the original default policy after the forged record');
  });

  it('proposes a policy change from the command line, refusing a bad policy by its field', async () => {
    const policy = JSON.stringify({
      thresholdPercentage: 66,
      proposalDurationInHours: 24,
      thresholdComparator: 'GREATER_THAN',
    });

    const proposed = await runLedgerCli([
      'gov',
      'propose',
      '--policy',
      policy,
      '--org',
      'org1',
      '--description',
      'from the CLI',
    ]);
    const bad = await runLedgerCli([
      'gov',
      'propose',
      '--policy',
      policy.replace('66', '101'),
      '--org',
      'org1',
    ]);

    expect(proposed.code, proposed.stderr).to.equal(0);
    const view = JSON.parse(proposed.stdout) as { status: string; actions: { policyChange: unknown } };
    expect(view.status).to.equal('IN_PROGRESS');
    expect(view.actions.policyChange).to.deep.equal({
      policy: JSON.parse(policy) as unknown,
      actionPolicies: {},
    });
    expect(bad.code).to.equal(2);
    expect(bad.stderr).to.contain('--policy.thresholdPercentage: got 101, want an integer from 0 to 100');
  });

  it('executes an approved removal: Org3 leaves the channel configuration and its peer stops', async () => {
    await ensureOrg3Member();

    const outcome = await removeOrg3('Org3 leaves');

    expect(outcome.status).to.equal('EXECUTED');
    const channelMembers = execFileSync('bash', [path.join(repo, 'scripts', 'channel-org.sh'), 'members'], {
      encoding: 'utf8',
    });
    expect(channelMembers.trim().split('\n')).to.deep.equal(['Org1MSP', 'Org2MSP']);
    expect(await org1Admin.listMembers()).not.to.contain('Org3MSP');
    expect(fs.existsSync(path.join(layout.runDir, 'pids', 'peer0-org3.pid'))).to.equal(false);
  });

  it('executes an invitation and a default-policy change in one proposal: Org3 joins under the Admins rule of the new policy', async () => {
    await ensureOrg3Absent();
    await ensureDefaultPolicy(ORIGINAL_POLICY, 'set-up: the original default policy');
    const created = await org1Admin.createProposal(
      { invitations: [prepareOrg3()], policyChange: { policy: LENIENT_POLICY } },
      'invite Org3 and lower the default policy',
    );
    const approved = await approveBy([org1Admin, org2Admin], created);

    const outcome = await executeProposal({
      governance: org2Admin,
      layout,
      proposalId: approved.proposalId,
      after: approved.commit,
    });

    expect(outcome.status, outcome.reason).to.equal('EXECUTED');
    const channel = channelApplication(layout, repo);
    expect(channel.members).to.deep.equal(ALL_THREE);
    expect(channel.adminsRule).to.equal(adminsSignatureRule(ALL_THREE, LENIENT_POLICY));
    expect(channel.adminsRule).to.equal("OutOf(1, 'Org1MSP.admin', 'Org2MSP.admin', 'Org3MSP.admin')");
    await org1Admin.awaitCommitted(outcome.commit);
    const consortium = await org1Admin.getConsortium();
    expect(consortium.policy).to.deep.equal(LENIENT_POLICY);
    expect(consortium.members.map((m) => m.mspId)).to.deep.equal(ALL_THREE);
    // Leave the original policy for the other tests, by another proposal.
    await ensureDefaultPolicy(ORIGINAL_POLICY, 'restore the original default policy');
    expect(channelApplication(layout, repo).adminsRule).to.equal(
      adminsSignatureRule(ALL_THREE, ORIGINAL_POLICY),
    );
  });

  it('reports a channel change applied but not recorded, and the next execute records it without applying it again', async () => {
    await ensureOrg3Absent();
    const approved = await approveBy(
      [org1Admin, org2Admin],
      await proposeOrg3Invitation('invite Org3; the first record fails'),
    );
    const { proposalId } = approved;
    const startsBefore = peerStarts(layout, 'org3');
    let injected = 0;
    // The real client, whose first RecordExecution fails as a lost endorsement or commit would.
    const recordFailsOnce: GovernanceClient = {
      ...org2Admin,
      recordExecution: (id, outcome) => {
        if (injected++ === 0) return Promise.reject(new Error('injected: RecordExecution was not committed'));
        return org2Admin.recordExecution(id, outcome);
      },
    };

    const failure = await executeProposal({
      governance: recordFailsOnce,
      layout,
      proposalId,
      after: approved.commit,
    }).then(
      (result) => new Error(`resolved with ${result.status}`),
      (err: unknown) => err,
    );

    expect(String(failure)).to.match(/the channel change was applied but not recorded/);
    expect(String(failure)).to.contain(`ledger gov execute ${proposalId}`);
    expect(channelApplication(layout, repo).members).to.deep.equal(ALL_THREE);
    expect((await org2Admin.getProposal(proposalId)).status).to.equal('EXECUTING');
    const peersAfterFirst = peerProcesses(layout, 'org3');
    expect(peersAfterFirst).to.have.length(1);

    const second = await executeProposal({ governance: recordFailsOnce, layout, proposalId });

    expect(second.status, second.reason).to.equal('EXECUTED');
    expect(channelApplication(layout, repo).members).to.deep.equal(ALL_THREE);
    expect(peerStarts(layout, 'org3') - startsBefore, 'Org3 peer starts').to.equal(1);
    expect(peerProcesses(layout, 'org3')).to.deep.equal(peersAfterFirst);
    await org1Admin.awaitCommitted(second.commit);
    expect((await org1Admin.getProposal(proposalId)).status).to.equal('EXECUTED');
    expect(await org1Admin.listMembers()).to.contain('"mspId":"Org3MSP"');
  });

  it('lets one of two members executing the same proposal at once apply it and refuses the other, naming the executor', async () => {
    await ensureOrg3Absent();
    const approved = await approveBy(
      [org1Admin, org2Admin],
      await proposeOrg3Invitation('invite Org3; executed by two members at once'),
    );
    const { proposalId } = approved;
    const startsBefore = peerStarts(layout, 'org3');
    const executors: readonly (readonly [string, GovernanceClient])[] = [
      ['Org1MSP', org1Admin],
      ['Org2MSP', org2Admin],
    ];

    const results = await Promise.allSettled(
      executors.map(([, governance]) =>
        executeProposal({ governance, layout, proposalId, after: approved.commit }),
      ),
    );

    const described = results.map((r) => (r.status === 'fulfilled' ? r.value.status : String(r.reason)));
    const winners = results.flatMap((r, i) => (r.status === 'fulfilled' ? [i] : []));
    expect(winners, described.join(' | ')).to.have.length(1);
    const winner = winners[0] ?? 0;
    const winnerMsp = executors[winner]?.[0] ?? '';
    const won = results[winner] as PromiseFulfilledResult<ExecutionResult>;
    const lost = results[1 - winner] as PromiseRejectedResult;
    expect(won.value.status, won.value.reason).to.equal('EXECUTED');
    expect(lost.reason).to.be.instanceOf(NotExecutableError);
    // Both are refusals naming the winner: while it runs, or (when the loser's retried claim comes
    // after the winner recorded the outcome) once it is done.
    expect(String(lost.reason)).to.match(/is being executed by|was already executed by/);
    expect(String(lost.reason)).to.contain(winnerMsp);
    for (const [, admin] of executors) {
      await admin.awaitCommitted(won.value.commit);
      const recorded = (await admin.getProposal(proposalId)) as unknown as {
        status: string;
        execution: { status: string; recordedBy: { msp: string } };
      };
      expect(recorded.status).to.equal('EXECUTED');
      expect(recorded.execution.recordedBy.msp).to.equal(winnerMsp);
    }
    expect(channelApplication(layout, repo).members).to.deep.equal(ALL_THREE);
    expect(peerStarts(layout, 'org3') - startsBefore, 'Org3 peer starts').to.equal(1);
    expect(peerProcesses(layout, 'org3')).to.have.length(1);
  });

  it('invites Org3 again after its removal: it rejoins and its re-enrolled teller endorses', async () => {
    // The state this test needs: Org3 was a member and has been removed (as the test before leaves it).
    if (await org3IsMember()) {
      await removeOrg3('set-up: Org3 leaves before it is invited back');
    } else if (!(await org3HasLeftBefore())) {
      await inviteOrg3('set-up: Org3 joins, to leave before it is invited back');
      await removeOrg3('set-up: Org3 leaves before it is invited back');
    }

    const outcome = await inviteOrg3('invite Org3 back');

    expect(outcome.status).to.equal('EXECUTED');
    expect(await openAccountAsOrg3Teller(uniqueId('gov-org3-back'))).to.equal(StatusCode.VALID);
    expect(await org1Admin.listMembers()).to.contain('"mspId":"Org3MSP"');
  });
});

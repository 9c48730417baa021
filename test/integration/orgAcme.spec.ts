// Any org can join by a governance invitation: `ledger org prepare acme` gives an org the topology file
// does not know an entry of its own (a topology fragment), its CA and identities and the invitation;
// the members approve it by vote, and Org1's `ledger gov watch` (started by scripts/gateway-up.sh, as
// `npm start` starts it, from a topology that says `"governanceWatch": true` for Org1) executes it by
// itself: adds acme to the channel, starts and joins its peer, installs the chaincode there and starts
// its gateway. Acme's peer then endorses, its gateway returns the same seals and digest as Org1's (whose
// gateway endorses with its default, a majority of the channel's members now), a second approved
// invitation of acme is superseded by the watch, and a removal by vote, again executed by the watch,
// takes acme out and stops its processes. Runs on a channel of Org1 and Org2, or Org1, Org2 and Org3
// (after the governance suites); leaves the channel's members as it found them.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { expect } from 'chai';
import { parseCommitRef, submitCommitted } from '@gateway/fabric/awaitCommitted';
import { connectAs, type FabricConnection } from '@gateway/fabric/connect';
import { networkLayout, orgLayout, type NetworkLayout } from '@gateway/fabric/networkLayout';
import {
  newGovernanceClient,
  type GovernanceClient,
  type ProposalSummary,
  type RecordedProposal,
} from '@gateway/governance/governanceClient';
import { newLedgerClient, type LedgerClient } from '@gateway/client/ledgerClient';
import { chaincodeErrorCode } from '@test-support/fabricErrors';
import { digestFields, readJournal, sealBytes, waitForSize } from '@test-support/faults/journalCheck';
import { startGatewayProcess, type GatewayProcess } from '@test-support/gatewayProcess';
import { runLedgerCli } from '@test-support/ledgerCli';
import { channelState } from '@test-support/orgMembership';
import { isAlive } from '@test-support/processAlive';
import { uniqueId } from '@test-support/testNetwork';
import { waitFor } from '@test-support/waitFor';

const REPO = path.resolve(__dirname, '..', '..');
const ACME_MSP = 'AcmeMSP';
/** The gateways this suite starts (and the watch starts for acme) export no metrics. */
const CLI_ENV = { LEDGER_GATEWAY_METRICS_PORT: '0' };
/** How long the watch may take to carry out an invitation (channel update, peer, chaincode, gateway). */
const EXECUTION_TIMEOUT_MS = 300_000;

/** What a vote needs of a proposal: its id, status and where its last write was committed. */
type Voted = Pick<RecordedProposal, 'proposalId' | 'status' | 'commit'>;

interface Admin {
  readonly org: string;
  readonly governance: GovernanceClient;
  readonly connection: FabricConnection;
}

describe('inviting any org: acme', function () {
  this.timeout(600_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'org-acme-'));
  const invitationFile = path.join(dir, 'acme-invitation.json');
  const connections: FabricConnection[] = [];
  const clients: LedgerClient[] = [];
  let org1Gateway: GatewayProcess | undefined;
  /** The channel's members before the suite (MSP ids). */
  let membersBefore: readonly string[] = [];
  /** The layout once acme's fragment exists. */
  let layout: NetworkLayout;
  /** Acme's processes, read from their PID files once the invitation is executed. */
  const acmePids = new Map<string, number>();
  /** Org1's governance watch, started by scripts/gateway-up.sh. */
  let watchPid: number | undefined;
  /** A second invitation of acme, proposed with the first and approved after acme joined. */
  let staleInvitation: Voted | undefined;
  /** The topology with `"governanceWatch": true` for Org1, which the watch and its scripts read. */
  const topologyFile = path.join(dir, 'topology.json');
  const watchEnv = (): NodeJS.ProcessEnv => ({ ...process.env, ...CLI_ENV, NETWORK_TOPOLOGY: topologyFile });

  const adminOf = (org: string): Admin => {
    const connection = connectAs({ org: orgLayout(layout, org), user: 'admin1' });
    connections.push(connection);
    const network = connection.gateway.getNetwork(layout.channelName);
    return {
      org,
      connection,
      governance: newGovernanceClient(network.getContract(layout.chaincodeName), network),
    };
  };
  const orgOfMsp = (mspId: string): string => {
    const org = Object.values(layout.orgs).find((o) => o.mspId === mspId)?.org;
    if (org === undefined) throw new Error(`${mspId} is not in the topology`);
    return org;
  };
  /** The admins of the channel's current members, in topology order. */
  const memberAdmins = (): Admin[] => {
    const members = channelState(REPO).members;
    return Object.values(layout.orgs)
      .filter((o) => members.includes(o.mspId))
      .map((o) => adminOf(o.org));
  };
  /** Each admin votes YES, each after its own peer has the previous write, until the proposal is APPROVED. */
  const approve = async (admins: readonly Admin[], created: Voted): Promise<Voted> => {
    let last: Voted = created;
    for (const admin of admins) {
      if (last.status === 'APPROVED') break;
      await admin.governance.awaitCommitted(last.commit);
      last = await admin.governance.vote(last.proposalId, 'YES');
    }
    expect(last.status, `proposal ${last.proposalId} after every member voted YES`).to.equal('APPROVED');
    return last;
  };
  /** The proposal once Org1's peer shows it with `status`, which the watch's record gives it. */
  const awaitStatus = async (proposalId: string, status: string): Promise<ProposalSummary> => {
    const org1 = adminOf('org1');
    let last: ProposalSummary | undefined;
    await waitFor(
      `proposal ${proposalId} ${status}`,
      async () => {
        last = await org1.governance.getProposal(proposalId);
        return last.status === status;
      },
      { timeoutMs: EXECUTION_TIMEOUT_MS, intervalMs: 500 },
    ).catch((err: unknown) => {
      const log = path.join(layout.runDir, 'logs', 'gov-watch-org1.log');
      const tail = fs.existsSync(log) ? fs.readFileSync(log, 'utf8').split('\n').slice(-20).join('\n') : '';
      throw new Error(`${String(err)}; last status ${last?.status ?? 'unread'}; watch log:\n${tail}`);
    });
    if (last === undefined) throw new Error(`proposal ${proposalId} was never read`);
    return last;
  };
  /** Lines of Org1's watch log with `msg` for `proposalId`. */
  const watchLines = (msg: string, proposalId: string): Record<string, unknown>[] =>
    fs
      .readFileSync(path.join(layout.runDir, 'logs', 'gov-watch-org1.log'), 'utf8')
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((line) => line.msg === msg && line.proposalId === proposalId);
  /** `ledger gov propose --invite FILE` as Org1's admin; the proposal and where it was committed. */
  const proposeInvitation = async (description: string): Promise<Voted> => {
    const proposed = await runLedgerCli([
      'gov',
      'propose',
      '--invite',
      invitationFile,
      '--description',
      description,
    ]);
    expect(proposed.code, proposed.stderr).to.equal(0);
    const printed = JSON.parse(proposed.stdout) as {
      proposalId: string;
      status: RecordedProposal['status'];
      commit: { transactionId: string; blockNumber: string };
    };
    const commit = parseCommitRef(`${printed.commit.transactionId}@${printed.commit.blockNumber}`);
    if (commit === undefined) throw new Error(`propose printed no commit: ${proposed.stdout}`);
    return { proposalId: printed.proposalId, status: printed.status, commit };
  };
  const pidOf = (name: string): number =>
    Number(fs.readFileSync(path.join(layout.runDir, 'pids', `${name}.pid`), 'utf8'));
  const gatewayClientOf = (address: string, caFile: string): LedgerClient => {
    const msp = path.join(orgLayout(layout, 'org1').usersDir, 'auditor1', 'msp');
    const client = newLedgerClient(address, {
      rootCertPem: fs.readFileSync(caFile),
      clientCertPem: fs.readFileSync(path.join(msp, 'signcerts', 'cert.pem')),
      clientKeyPem: fs.readFileSync(path.join(msp, 'keystore', 'key.pem')),
      timeoutMs: 60_000,
    });
    clients.push(client);
    return client;
  };

  before(async () => {
    layout = networkLayout();
    membersBefore = channelState(REPO).members;
    expect(membersBefore, 'acme is no member before the suite').not.to.include(ACME_MSP);
    // Run alone, the consortium may not be founded yet: each founder accepts the charter.
    const charter = fs.readFileSync(path.join(REPO, 'channel-config', 'consortium.json'), 'utf8');
    let last: Awaited<ReturnType<typeof submitCommitted>> | undefined;
    for (const org of layout.foundingOrgs) {
      const admin = adminOf(org);
      if (last !== undefined) await admin.governance.awaitCommitted(last.commit);
      const contract = admin.connection.gateway
        .getNetwork(layout.channelName)
        .getContract(layout.chaincodeName);
      last =
        (await submitCommitted(contract, 'Governance:InitConsortium', { arguments: [charter] }).catch(
          (err: unknown) => {
            if (chaincodeErrorCode(err) !== 'ALREADY_EXISTS') throw err;
            return undefined;
          },
        )) ?? last;
    }
    if (last !== undefined) await adminOf('org1').governance.awaitCommitted(last.commit);

    // Org1's executor, started the way `npm start` starts it when the topology asks for one.
    const topology = JSON.parse(
      fs.readFileSync(process.env.NETWORK_TOPOLOGY ?? path.join(REPO, 'network', 'topology.json'), 'utf8'),
    ) as { orgs: { name: string; governanceWatch?: boolean }[] };
    for (const org of topology.orgs) if (org.name === 'org1') org.governanceWatch = true;
    fs.writeFileSync(topologyFile, JSON.stringify(topology, null, 2));
    execFileSync('bash', [path.join(REPO, 'scripts', 'gateway-up.sh'), '--org', 'org1'], {
      cwd: REPO,
      env: watchEnv(),
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    watchPid = pidOf('gov-watch-org1');
    expect(isAlive(watchPid), 'gov-watch-org1 runs').to.equal(true);
  });

  after(async () => {
    if (watchPid !== undefined) {
      const pid = watchPid;
      if (isAlive(pid)) process.kill(pid, 'SIGTERM');
      await waitFor(`gov-watch-org1 (pid ${pid}) stopped`, () => !isAlive(pid), { timeoutMs: 60_000 });
      // As the scripts do for a process they stop: no PID file is left for a process that is gone
      // (network:down, and its teardown test, take every PID file for a running process of ours).
      fs.rmSync(path.join(layout.runDir, 'pids', 'gov-watch-org1.pid'), { force: true });
    }
    clients.forEach((c) => {
      c.close();
    });
    connections.forEach((c) => {
      c.close();
    });
    await org1Gateway?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('ledger org prepare acme writes its topology fragment and the invitation, and refuses a rerun with other flags', async () => {
    const run = await runLedgerCli(['org', 'prepare', 'acme', '--out', invitationFile]);
    expect(run.code, run.stderr).to.equal(0);
    const invitation = JSON.parse(run.stdout) as { mspId: string; orgName: string; rootCerts: string[] };
    expect(invitation).to.include({ mspId: ACME_MSP, orgName: 'acme.example.com' });
    expect(invitation.rootCerts).to.have.length(1);
    expect(JSON.parse(fs.readFileSync(invitationFile, 'utf8'))).to.deep.equal(invitation);
    const fragment = path.join(layout.runDir, 'state', 'topology.d', 'acme.json');
    expect(fs.statSync(fragment).mode & 0o777).to.equal(0o644);
    expect(JSON.parse(fs.readFileSync(fragment, 'utf8'))).to.include({ name: 'acme', mspId: ACME_MSP });

    const other = await runLedgerCli(['org', 'prepare', 'acme', '--peers', '2']);
    expect(other.code).to.equal(1);
    expect(other.stderr).to.include('--peers: acme was prepared with 1, got 2');

    layout = networkLayout();
    expect(orgLayout(layout, 'acme').mspId).to.equal(ACME_MSP);
  });

  it("invites acme by vote; Org1's watch executes it: acme in the channel, its peer and gateway started", async () => {
    const admins = memberAdmins();
    const first = await proposeInvitation('invite acme');
    staleInvitation = await proposeInvitation('invite acme, again');
    const approved = await approve(admins, first);

    const executed = await awaitStatus(approved.proposalId, 'EXECUTED');

    expect(executed.execution?.recordedBy.msp).to.equal('Org1MSP');
    expect(executed.execution?.channelOrgs).to.include(ACME_MSP);
    expect(watchLines('proposal executed', approved.proposalId)).to.have.length(1);
    const state = channelState(REPO);
    expect(state.members).to.include(ACME_MSP);
    expect(state.joinedPeers).to.include(ACME_MSP);
    for (const name of ['peer0-acme', 'gateway-acme', 'ca-acme']) {
      acmePids.set(name, pidOf(name));
      expect(isAlive(acmePids.get(name) ?? 0), `${name} runs`).to.equal(true);
    }
  });

  it('supersedes a second approved invitation of acme, now a member, by the watch', async () => {
    // The second invitation was proposed before acme joined (proposing it now is refused) and is
    // approved only now: the member list no longer allows it, so it can never be recorded EXECUTED.
    const admins = memberAdmins().filter((a) => a.org !== 'acme');
    expect(admins.length).to.be.greaterThan(0);
    const proposer = admins[0];
    if (proposer === undefined) throw new Error('no member admin');
    const refused = await runLedgerCli(['gov', 'propose', '--invite', invitationFile]);
    expect(refused.code).to.equal(1);
    expect(refused.stderr).to.include('invitation of AcmeMSP: it is already a member');
    expect(staleInvitation, 'the invitation proposed before acme joined').not.to.equal(undefined);
    const stale = staleInvitation as Voted;

    await approve(admins, stale);
    const superseded = await awaitStatus(stale.proposalId, 'SUPERSEDED');

    expect(superseded.superseded?.reason).to.equal('invitation of AcmeMSP: it is already a member');
    expect(superseded.superseded?.recordedBy.msp).to.equal('Org1MSP');
    expect(watchLines('proposal superseded', stale.proposalId)).to.have.length(1);
    expect(channelState(REPO).members).to.include(ACME_MSP);
  });

  it("acme's peer endorses a write that commits VALID", async () => {
    const connection = connectAs({ org: orgLayout(layout, 'acme'), user: 'teller1' });
    connections.push(connection);
    const contract = connection.gateway.getNetwork(layout.channelName).getContract(layout.chaincodeName);
    const members = channelState(REPO).members;
    const proposal = contract.newProposal('Accounts:OpenAccount', {
      arguments: [uniqueId('acme-acct'), 'cust-acme', 'USD'],
      endorsingOrganizations: [...members],
    });
    const status = await (await (await proposal.endorse()).submit()).getStatus();
    expect(status.code, 'validation code (0 = VALID)').to.equal(0);
  });

  it("acme's gateway returns the same seals and digest as Org1's, seal by seal", async () => {
    const endpoint = JSON.parse(
      fs.readFileSync(path.join(layout.runDir, 'gateway', 'acme', 'endpoint.json'), 'utf8'),
    ) as { address: string; caFile: string; tls: boolean };
    expect(endpoint.address).to.equal(orgLayout(layout, 'acme').gatewayEndpoint);
    org1Gateway = await startGatewayProcess(['--org', 'org1', '--index', path.join(dir, 'org1.sqlite')], {
      ...process.env,
      ...CLI_ENV,
      // No endorsing orgs given: the gateway asks a majority of the channel's members now, own org
      // first (with Org3 and acme in, 3 of 4; the founders alone would fail the MAJORITY policy).
    });
    const org1 = gatewayClientOf(
      org1Gateway.address,
      path.join(orgLayout(layout, 'org1').gatewayTlsDir, 'ca.pem'),
    );
    const acme = gatewayClientOf(endpoint.address, endpoint.caFile);
    const teller = path.join(orgLayout(layout, 'org1').usersDir, 'teller1', 'msp');
    const submitter = newLedgerClient(org1Gateway.address, {
      rootCertPem: fs.readFileSync(path.join(orgLayout(layout, 'org1').gatewayTlsDir, 'ca.pem')),
      clientCertPem: fs.readFileSync(path.join(teller, 'signcerts', 'cert.pem')),
      clientKeyPem: fs.readFileSync(path.join(teller, 'keystore', 'key.pem')),
      timeoutMs: 60_000,
    });
    clients.push(submitter);
    for (let i = 0; i < 3; i++) {
      const eventId = uniqueId(`acme-${i}`);
      await submitter.submitEvent({
        eventId,
        payload: Buffer.from(`acme check ${eventId}`),
        vepsTimestamp: String(Date.now()),
      });
    }
    const size = Number((await org1.getDigest()).treeSize);
    expect(size).to.be.at.least(3);

    await waitForSize(acme, size);
    const ours = await readJournal(org1, size);
    const theirs = await readJournal(acme, size);
    expect(theirs.map(sealBytes)).to.deep.equal(ours.map(sealBytes));
    await waitFor(
      "acme's digest equals Org1's",
      async () => digestFields(await acme.getDigest()) === digestFields(await org1.getDigest()),
      { timeoutMs: 60_000 },
    );
  });

  it("removes acme by vote, executed by Org1's watch: out of the channel, its peer, CA and gateway stopped", async () => {
    const admins = memberAdmins();
    expect(admins.map((a) => a.org)).to.include('acme');
    const proposer = admins[0];
    if (proposer === undefined) throw new Error('no member admin');
    const created = await proposer.governance.createProposal(
      { removals: [{ mspId: ACME_MSP }] },
      'remove acme',
    );
    const approved = await approve(admins, created);

    const executed = await awaitStatus(approved.proposalId, 'EXECUTED');

    expect(executed.execution?.recordedBy.msp).to.equal('Org1MSP');
    expect(executed.execution?.channelOrgs).not.to.include(ACME_MSP);
    expect(watchLines('proposal executed', approved.proposalId)).to.have.length(1);
    expect([...channelState(REPO).members].sort()).to.deep.equal([...membersBefore].sort());
    for (const [name, pid] of acmePids) {
      await waitFor(`${name} (pid ${pid}) stopped`, () => !isAlive(pid), { timeoutMs: 30_000 });
    }
    expect(fs.existsSync(path.join(layout.runDir, 'gateway', 'acme', 'endpoint.json'))).to.equal(false);
    expect(orgOfMsp(ACME_MSP), 'the fragment stays: acme may be invited again').to.equal('acme');
  });
});

// `ledger channel create NAME --members Org1MSP,Org2MSP` on the real network: a second channel for two
// of the three member orgs (Org3 is invited first when an earlier suite has not): every peer of Org1
// and Org2 joins it, Org3's peer holds no block of it, the chaincode is committed there with both
// members' approvals and serves a write endorsed by both and read through the other member's peer,
// apart from the main channel's state. Bad requests are refused, naming the argument, and create
// nothing; a second creation of the same channel is refused.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect } from 'chai';
import { submitCommitted, awaitCommitted } from '@gateway/fabric/awaitCommitted';
import { connectAs, type FabricConnection } from '@gateway/fabric/connect';
import { orgLayout, type PeerOrg } from '@gateway/fabric/networkLayout';
import { newGovernanceClient } from '@gateway/governance/governanceClient';
import { chaincodeErrorCode } from '@test-support/fabricErrors';
import { runLedgerCli } from '@test-support/ledgerCli';
import { ensureInvitedMember, type AdminSession } from '@test-support/orgMembership';
import { layout, openLedger, text, uniqueId, type LedgerSession } from '@test-support/testNetwork';

const REPO = path.resolve(__dirname, '..', '..');
/** Creation (configuration, orderers, peers, gossip, chaincode) must stay well under a minute. */
const CREATE_BUDGET_MS = 60_000;

/** Runs `bash -c SCRIPT` with network/env.sh sourced; returns stdout, or the error's code and output. */
function withNetworkEnv(script: string): { code: number; out: string } {
  try {
    const out = execFileSync('bash', ['-c', `set -euo pipefail; . network/env.sh; ${script}`], {
      cwd: REPO,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return { code: 0, out };
  } catch (err) {
    const e = err as { status?: number; stdout?: string; stderr?: string };
    return { code: e.status ?? 1, out: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

/** The channels peer `peerId` (e.g. `peer1-org1`) has joined, asked as its org's admin. */
function peerChannels(peerId: string): readonly string[] {
  const { code, out } = withNetworkEnv(`use_peer_admin ${peerId}; "$(fabric_bin)/peer" channel list`);
  expect(code, out).to.equal(0);
  return out.split('\n').filter((line) => /^[a-z][a-z0-9.-]*$/.test(line));
}

/** The channels the first orderer serves (osnadmin channel list). */
function ordererChannels(): string {
  const { code, out } = withNetworkEnv(
    // shellcheck-style word splitting of the TLS arguments is what network-up.sh does too.
    '"$(fabric_bin)/osnadmin" channel list $(orderer_admin_tls_args "${ORDERERS[0]}")',
  );
  expect(code, out).to.equal(0);
  return out;
}

describe('ledger channel create: a channel of Org1 and Org2 beside the main channel', function () {
  this.timeout(600_000);
  const name = uniqueId('org1org2');
  const runDir = process.env.NETWORK_RUN_DIR ?? path.join(REPO, 'network', '.run');
  const recordFile = path.join(runDir, 'channels', `${name}.json`);
  const sessions: LedgerSession[] = [];
  const connections: FabricConnection[] = [];
  const peersOf = (org: PeerOrg): readonly string[] => orgLayout(layout, org).peers.map((p) => p.id);

  before(async () => {
    const adminOf = (org: PeerOrg): AdminSession => {
      const session = openLedger(org, 'admin1');
      sessions.push(session);
      return {
        contract: session.contract,
        governance: newGovernanceClient(session.contract, session.network),
      };
    };
    const membership = await ensureInvitedMember({
      layout,
      repo: REPO,
      org: 'org3',
      admins: [adminOf('org1'), adminOf('org2')],
    });
    console.log(
      membership.step === 'member'
        ? '      Org3 was a member already'
        : `      Org3 joined by invitation ${String(membership.proposalId)}`,
    );
  });

  after(() => {
    sessions.forEach((s) => {
      s.close();
    });
    connections.forEach((c) => {
      c.close();
    });
  });

  it('refuses bad requests, naming the argument, and creates nothing', async () => {
    const refusals: readonly [readonly string[], number, RegExp][] = [
      [[name.toUpperCase(), '--members', 'Org1MSP,Org2MSP'], 1, /error: name: got "ORG1ORG2-/],
      [[layout.channelName, '--members', 'Org1MSP,Org2MSP'], 1, /error: name: ledger is the main channel/],
      [[name, '--members', 'Org1MSP,Org9MSP'], 1, /error: --members: unknown MSP id Org9MSP/],
      [[name, '--members', 'Org1MSP'], 1, /error: --members: got 1 member\(s\), want at least 2/],
      [[name, '--members', 'Org1MSP,Org1MSP'], 1, /error: --members: Org1MSP is listed twice/],
      [[name], 2, /--members/],
    ];
    for (const [args, code, message] of refusals) {
      const run = await runLedgerCli(['channel', 'create', ...args]);
      expect(run.code, `${args.join(' ')}: ${run.stderr}`).to.equal(code);
      expect(run.stderr, args.join(' ')).to.match(message);
    }
    expect(fs.existsSync(recordFile)).to.equal(false);
    expect(fs.existsSync(path.join(runDir, 'artifacts', `${name}.block`))).to.equal(false);
    expect(ordererChannels()).to.not.contain(name);
    expect(peerChannels('peer0-org1')).to.deep.equal([layout.channelName]);
  });

  it('creates it in well under a minute and records its members, sorted, in RUN/channels/NAME.json', async () => {
    const started = Date.now();
    const run = await runLedgerCli(['channel', 'create', name, '--members', 'Org2MSP,Org1MSP']);
    const took = Date.now() - started;
    console.log(`      created in ${String(took)} ms`);
    expect(run.code, run.stderr).to.equal(0);
    expect(took).to.be.below(CREATE_BUDGET_MS);
    const record = `{"name":"${name}","members":["Org1MSP","Org2MSP"]}\n`;
    expect(run.stdout).to.equal(record);
    expect(fs.readFileSync(recordFile, 'utf8')).to.equal(record);
    expect(fs.statSync(recordFile).mode & 0o777).to.equal(0o644);
    const list = await runLedgerCli(['channel', 'list']);
    expect(list.stdout.trim().split('\n')).to.deep.equal([
      JSON.stringify({ name: layout.channelName, main: true }),
      record.trim(),
    ]);
  });

  it('is joined by every peer of Org1 and Org2, served by every orderer, and held by no peer of Org3', () => {
    for (const peer of [...peersOf('org1'), ...peersOf('org2')]) {
      expect(peerChannels(peer), peer).to.include.members([layout.channelName, name]);
    }
    expect(ordererChannels()).to.contain(name);
    for (const peer of peersOf('org3')) {
      expect(peerChannels(peer), peer).to.deep.equal([layout.channelName]);
      const info = withNetworkEnv(`use_peer_admin ${peer}; "$(fabric_bin)/peer" channel getinfo -c ${name}`);
      expect(info.code, info.out).to.not.equal(0);
      expect(
        fs.existsSync(path.join(runDir, 'data', peer, 'ledgersData', 'chains', 'chains', name)),
      ).to.equal(false);
    }
  });

  it('has the chaincode committed with the approval of both members', () => {
    const { code, out } = withNetworkEnv(
      `use_peer_admin org1; "$(fabric_bin)/peer" lifecycle chaincode querycommitted -C ${name} -n ${layout.chaincodeName}`,
    );
    expect(code, out).to.equal(0);
    expect(out).to.match(/Sequence: 1,/);
    expect(out).to.contain('Approvals: [Org1MSP: true, Org2MSP: true]');
  });

  it('serves a write endorsed by both members, read through the other member, and not seen on the main channel', async () => {
    const at = (org: PeerOrg, user: string): FabricConnection => {
      const connection = connectAs({ org: orgLayout(layout, org), user });
      connections.push(connection);
      return connection;
    };
    const org1 = at('org1', 'teller1').gateway.getNetwork(name);
    const org2 = at('org2', 'auditor1').gateway.getNetwork(name);
    const accountNumber = uniqueId('bilateral');
    const opened = await submitCommitted(org1.getContract(layout.chaincodeName), 'Accounts:OpenAccount', {
      arguments: [accountNumber, 'customer-bilateral', 'USD'],
    });
    await awaitCommitted(org2, opened.commit);
    const account = JSON.parse(
      text(
        await org2
          .getContract(layout.chaincodeName)
          .evaluateTransaction('Accounts:GetAccount', `Org1MSP/${accountNumber}`),
      ),
    ) as { accountNumber: string; ownerMsp: string };
    expect(account).to.include({ accountNumber, ownerMsp: 'Org1MSP' });
    const onMain = at('org2', 'auditor1')
      .gateway.getNetwork(layout.channelName)
      .getContract(layout.chaincodeName);
    const missing = await onMain.evaluateTransaction('Accounts:GetAccount', `Org1MSP/${accountNumber}`).then(
      () => 'found',
      (err: unknown) => String(chaincodeErrorCode(err)),
    );
    expect(missing).to.equal('NOT_FOUND');
  });

  it('refuses to create the same channel again and leaves it as it was', async () => {
    const before = fs.readFileSync(recordFile, 'utf8');
    const run = await runLedgerCli(['channel', 'create', name, '--members', 'Org1MSP,Org2MSP']);
    expect(run.code).to.equal(1);
    expect(run.stderr).to.contain(`error: name: channel ${name} already exists`);
    expect(fs.readFileSync(recordFile, 'utf8')).to.equal(before);
    for (const peer of peersOf('org3')) expect(peerChannels(peer), peer).to.deep.equal([layout.channelName]);
  });
});

// `ledger channel create NAME --members Org1MSP,Org2MSP` on the real network: a second channel for two
// of the three member orgs (Org3 is invited first when an earlier suite has not): every peer of Org1
// and Org2 joins it, Org3's peer holds no block of it, the chaincode is committed there with both
// members' approvals and serves a write endorsed by both and read through the other member's peer,
// apart from the main channel's state. Org1's running gateway is restarted by the creation (Org2's,
// not running, is not started). Bad requests are refused, naming the argument, and create nothing; a
// second creation of the same channel is refused; a member peer that left the channel is joined again
// by scripts/network-up.sh. Leaves Org3 a member, the channel in place and no gateway running.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { GatewayError } from '@hyperledger/fabric-gateway';
import { expect } from 'chai';
import { submitCommitted, awaitCommitted } from '@gateway/fabric/awaitCommitted';
import { connectAs, type FabricConnection } from '@gateway/fabric/connect';
import { orgLayout, type PeerOrg } from '@gateway/fabric/networkLayout';
import { chaincodeErrorCode } from '@test-support/fabricErrors';
import { runLedgerCli } from '@test-support/ledgerCli';
import { ensureThirdMember } from '@test-support/orgMembership';
import { isAlive } from '@test-support/processAlive';
import { waitFor } from '@test-support/waitFor';
import { layout, openLedger, text, uniqueId, type LedgerSession } from '@test-support/testNetwork';

const REPO = path.resolve(__dirname, '..', '..');
/** The gateways this suite starts export no metrics (their ports belong to no port base). */
const GATEWAY_ENV = { LEDGER_GATEWAY_METRICS_PORT: '0' };

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
  const gatewayPidFile = (org: PeerOrg): string => path.join(runDir, 'pids', `gateway-${org}.pid`);
  /** The PID in an org's gateway PID file, when the file exists. */
  const gatewayPid = (org: PeerOrg): number | undefined =>
    fs.existsSync(gatewayPidFile(org))
      ? Number(fs.readFileSync(gatewayPidFile(org), 'utf8').trim())
      : undefined;
  const peersOf = (org: PeerOrg): readonly string[] => orgLayout(layout, org).peers.map((p) => p.id);

  before(async () => {
    await ensureThirdMember(layout, REPO, 'org3', (org) => {
      const session = openLedger(org, 'admin1');
      sessions.push(session);
      return session;
    });
  });

  after(async () => {
    // Org1's gateway, started (and restarted by the creation) for this suite.
    const pid = gatewayPid('org1');
    if (pid !== undefined && isAlive(pid)) {
      process.kill(pid, 'SIGTERM');
      await waitFor(`gateway-org1 (pid ${String(pid)}) stops`, () => !isAlive(pid), { timeoutMs: 30_000 });
    }
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
    expect(peerChannels('peer0-org1')).to.contain(layout.channelName).and.to.not.contain(name);
  });

  it('creates it (its time logged), records its members, sorted, in RUN/channels/NAME.json and restarts the running member gateway', async () => {
    // Org1's gateway runs (as `npm start` starts it), Org2's does not: only Org1's is restarted. An
    // earlier suite may have left Org2's running: stop it first.
    const org2Left = gatewayPid('org2');
    if (org2Left !== undefined && isAlive(org2Left)) {
      process.kill(org2Left, 'SIGTERM');
      await waitFor(`gateway-org2 (pid ${String(org2Left)}) stops`, () => !isAlive(org2Left), {
        timeoutMs: 30_000,
      });
    }
    execFileSync('bash', [path.join(REPO, 'scripts', 'gateway-up.sh'), '--org', 'org1'], {
      cwd: REPO,
      env: { ...process.env, ...GATEWAY_ENV },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const before = gatewayPid('org1');
    expect(before !== undefined && isAlive(before), 'gateway-org1 runs before the creation').to.equal(true);
    const org2Before = gatewayPid('org2');
    expect(org2Before === undefined || !isAlive(org2Before), 'gateway-org2 does not run').to.equal(true);
    const mainCollections = path.join(runDir, 'state', `chaincode-${layout.chaincodeName}.collections.json`);
    const mainCollectionsBefore = fs.readFileSync(mainCollections, 'utf8');
    const started = Date.now();
    const run = await runLedgerCli(['channel', 'create', name, '--members', 'Org2MSP,Org1MSP'], GATEWAY_ENV);
    const took = Date.now() - started;
    console.log(`      created in ${String(took)} ms`);
    expect(run.code, run.stderr).to.equal(0);
    const record = `{"name":"${name}","members":["Org1MSP","Org2MSP"]}\n`;
    expect(run.stdout).to.equal(record);
    expect(fs.readFileSync(recordFile, 'utf8')).to.equal(record);
    expect(fs.statSync(recordFile).mode & 0o777).to.equal(0o644);
    const after = gatewayPid('org1');
    expect(after, 'gateway-org1 has a new process').to.not.equal(before);
    expect(
      isAlive(after ?? 0) && !isAlive(before ?? 0),
      'the old gateway-org1 is gone, the new one runs',
    ).to.equal(true);
    expect(run.stderr).to.contain('gateway-org1 serving');
    const endpoint = JSON.parse(
      fs.readFileSync(path.join(runDir, 'gateway', 'org1', 'endpoint.json'), 'utf8'),
    ) as {
      tls: boolean;
    };
    expect(endpoint.tls).to.equal(true);
    expect(gatewayPid('org2'), 'gateway-org2 is not started').to.equal(org2Before);
    // The channel's private data collections are its members' pair, in files of its own.
    expect(fs.readFileSync(mainCollections, 'utf8'), "the main channel's committed collections").to.equal(
      mainCollectionsBefore,
    );
    const own = JSON.parse(
      fs.readFileSync(
        path.join(runDir, 'state', `chaincode-${layout.chaincodeName}.${name}.collections.json`),
        'utf8',
      ),
    ) as { name: string }[];
    expect(own.map((c) => c.name)).to.deep.equal(['terms-Org1MSP-Org2MSP']);
    const list = await runLedgerCli(['channel', 'list']);
    // The main channel first, then every recorded channel (an earlier suite may have made others).
    const listed = list.stdout.trim().split('\n');
    expect(listed[0]).to.equal(JSON.stringify({ name: layout.channelName, main: true }));
    expect(listed.slice(1)).to.contain(record.trim());
  });

  it('is joined by every peer of Org1 and Org2, served by every orderer, and held by no peer of Org3', () => {
    for (const peer of [...peersOf('org1'), ...peersOf('org2')]) {
      expect(peerChannels(peer), peer).to.include.members([layout.channelName, name]);
    }
    expect(ordererChannels()).to.contain(name);
    for (const peer of peersOf('org3')) {
      expect(peerChannels(peer), peer).to.contain(layout.channelName).and.to.not.contain(name);
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

  it("refuses Org3's user on the channel at a member's peer, while the same user reaches the main channel's chaincode there", async () => {
    const org3User = path.join(orgLayout(layout, 'org3').usersDir, 'auditor1', 'msp');
    const connection = connectAs({
      org: { ...orgLayout(layout, 'org1'), mspId: orgLayout(layout, 'org3').mspId },
      user: 'auditor1',
      mspDir: org3User,
    });
    connections.push(connection);
    const read = (channel: string): Promise<unknown> =>
      connection.gateway
        .getNetwork(channel)
        .getContract(layout.chaincodeName)
        .evaluateTransaction('Accounts:GetAccount', 'Org1MSP/none')
        .then(
          () => 'found',
          (err: unknown) => err,
        );
    // The main channel: the chaincode runs and answers that the account does not exist.
    expect(chaincodeErrorCode(await read(layout.channelName))).to.equal('NOT_FOUND');
    // The new channel: the peer refuses the proposal before any chaincode runs.
    const refused = await read(name);
    expect(refused).to.be.instanceOf(GatewayError);
    expect(chaincodeErrorCode(refused)).to.equal(undefined);
    const texts = [
      (refused as GatewayError).message,
      ...(refused as GatewayError).details.map((d) => d.message),
    ];
    console.log(`      Org3 at Org1's peer on ${name}: ${texts.join(' | ')}`);
    expect(texts.join(' | ')).to.match(/access denied/i);
  });

  it('refuses to create the same channel again and leaves it as it was', async () => {
    const before = fs.readFileSync(recordFile, 'utf8');
    const run = await runLedgerCli(['channel', 'create', name, '--members', 'Org1MSP,Org2MSP']);
    expect(run.code).to.equal(1);
    expect(run.stderr).to.contain(`error: name: channel ${name} already exists`);
    expect(fs.readFileSync(recordFile, 'utf8')).to.equal(before);
    for (const peer of peersOf('org3')) expect(peerChannels(peer), peer).to.not.contain(name);
  });

  it('is joined again by a member peer that left it, at npm run network:up, which catches up on its blocks', async () => {
    const peer = 'peer1-org1';
    const pidFile = path.join(runDir, 'pids', `${peer}.pid`);
    const pid = Number(fs.readFileSync(pidFile, 'utf8').trim());
    process.kill(pid, 'SIGTERM');
    await waitFor(`${peer} (pid ${String(pid)}) stops`, () => !isAlive(pid), { timeoutMs: 30_000 });
    const unjoin = withNetworkEnv(
      `FABRIC_CFG_PATH="$CONFIG_DIR/peer-org1" CORE_PEER_FILESYSTEMPATH="$DATA_DIR/${peer}" ` +
        `CORE_PEER_LOCALMSPID="\${ORG_MSP[org1]}" CORE_PEER_MSPCONFIGPATH="$CRYPTO_DIR/org1/peers/\${NODE_NAME[${peer}]}/msp" ` +
        `CORE_LEDGER_SNAPSHOTS_ROOTDIR="$DATA_DIR/${peer}/snapshots" "$(fabric_bin)/peer" node unjoin -c ${name}`,
    );
    expect(unjoin.code, unjoin.out).to.equal(0);
    const up = withNetworkEnv('bash scripts/network-up.sh 2>&1');
    expect(up.code, up.out).to.equal(0);
    expect(up.out).to.contain(`joining ${peer} to channel ${name}`);
    expect(peerChannels(peer)).to.include.members([layout.channelName, name]);
    const height = (p: string): number => {
      const info = withNetworkEnv(`use_peer_admin ${p}; "$(fabric_bin)/peer" channel getinfo -c ${name}`);
      return info.code === 0 ? Number(/"height":(\d+)/.exec(info.out)?.[1] ?? 0) : 0;
    };
    const target = height('peer0-org1');
    expect(target).to.be.greaterThan(1);
    await waitFor(`${peer} reaches height ${String(target)} of ${name}`, () => height(peer) >= target, {
      timeoutMs: 60_000,
      intervalMs: 500,
    });
  });
});

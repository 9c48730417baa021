// The gateway's secure default against the real network: started without any TLS setting it serves
// TLS with the org gateway's certificate, asks every client for a certificate and checks it against
// the members of the current channel configuration (UNAUTHENTICATED naming why), then applies the
// authorization table (PERMISSION_DENIED); plaintext only in development mode; scripts/gateway-up.sh
// starts one gateway per member org with an endpoint file.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { status, type ServiceError } from '@grpc/grpc-js';
import { common } from '@hyperledger/fabric-protos';
import { expect } from 'chai';
import { currentConfigBlock } from '@gateway/fabric/currentConfigBlock';
import { newLedgerClient, type LedgerClient } from '@gateway/client/ledgerClient';
import { freePort, startGatewayProcess, type GatewayProcess } from '@test-support/gatewayProcess';
import { isAlive } from '@test-support/processAlive';
import { layout, uniqueId } from '@test-support/testNetwork';
import {
  expiredOrg1Credentials,
  foreignCredentials,
  tellerIssuedBy,
  userCredentials,
  type Credentials,
} from '@test-support/testCertificates';
import { waitFor } from '@test-support/waitFor';
import { orgLayout } from '@gateway/fabric/networkLayout';

const REPO = path.resolve(__dirname, '..', '..');
const org1 = orgLayout(layout, 'org1');
const rootCertPem = fs.readFileSync(path.join(org1.gatewayTlsDir, 'ca.pem'));

const outcome = async (attempt: Promise<unknown>): Promise<{ code: number; details: string }> =>
  attempt.then(
    () => ({ code: status.OK, details: '' }),
    (err: unknown) => ({ code: (err as ServiceError).code, details: (err as ServiceError).details }),
  );

const event = (eventId: string): { eventId: string; payload: Buffer; vepsTimestamp: string } => ({
  eventId,
  payload: Buffer.from(`tls payload ${eventId}`),
  vepsTimestamp: String(Date.now()),
});

describe('gateway secure default', function () {
  this.timeout(180_000);
  const clients: LedgerClient[] = [];
  const client = (address: string, options: Parameters<typeof newLedgerClient>[1]): LedgerClient => {
    const c = newLedgerClient(address, { timeoutMs: 60_000, ...options });
    clients.push(c);
    return c;
  };
  let dir: string;
  let started: GatewayProcess | undefined;
  let metricsPort: number;
  const gateway = (): GatewayProcess => {
    if (started === undefined) throw new Error('gateway not started');
    return started;
  };
  const as = (credentials: Partial<Credentials>): LedgerClient =>
    client(gateway().address, { rootCertPem, ...credentials });
  const lastSequence = async (): Promise<string> =>
    (await as(userCredentials('org1', 'auditor1')).healthCheck()).lastSequenceNumber;
  const metric = async (sample: string): Promise<string | undefined> => {
    const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    return text
      .split('\n')
      .find((line) => line.startsWith(`${sample} `))
      ?.slice(sample.length + 1);
  };

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-secure-'));
    metricsPort = await freePort();
    const env = Object.fromEntries(
      Object.entries(process.env).filter(([key]) => !key.startsWith('LEDGER_GATEWAY_')),
    );
    started = await startGatewayProcess(['--org', 'org1', '--index', path.join(dir, 'index.sqlite')], {
      ...env,
      LEDGER_GATEWAY_METRICS_PORT: String(metricsPort),
    });
  });

  after(async () => {
    clients.forEach((c) => {
      c.close();
    });
    await started?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('serves TLS with the org gateway certificate and reports the channel config block it applies', async () => {
    const health = await as(userCredentials('org1', 'auditor1')).healthCheck();

    // The channel's current configuration block, as its peer has it (the genesis block 0 on a fresh
    // channel; earlier suites may have added one, e.g. a CRL update).
    const configBlock = String(
      common.Block.deserializeBinary(await currentConfigBlock(org1, 'auditor1', layout.channelName))
        .getHeader()
        ?.getNumber() ?? -1,
    );
    expect(health.healthy).to.equal(true);
    expect(health.channelConfigBlock).to.equal(configBlock);
    const log = gateway().log.join('');
    expect(log).to.match(
      new RegExp(
        `"msg":"channel configuration applied".*"configBlock":"${configBlock}","members":\\["Org1MSP","Org2MSP"\\]`,
      ),
    );
    expect(log).to.match(/"msg":"gateway serving".*"mode":"mTLS"/);
  });

  it('refuses a plaintext client', async () => {
    const attempt = await outcome(client(gateway().address, { insecure: true }).healthCheck());

    expect(attempt.code).to.equal(status.UNAVAILABLE);
  });

  it("seals an Org1 teller's event and lets an Org2 teller (a member) read, but not submit through Org1's gateway", async () => {
    const id = uniqueId('secure-t1');
    const sealed = await as(userCredentials('org1', 'teller1')).submitEvent(event(id));
    const before = await lastSequence();
    const foreignSubmit = await outcome(
      as(userCredentials('org2', 'teller1')).submitEvent(event(uniqueId('secure-t2'))),
    );
    const foreignRead = await as(userCredentials('org2', 'teller1')).getEventById(id);

    expect(sealed.eventId).to.equal(id);
    expect(foreignSubmit.code).to.equal(status.PERMISSION_DENIED);
    expect(foreignSubmit.details).to.contain('Org2MSP with ledger.role "teller" may not submit');
    expect(foreignRead.eventId).to.equal(id);
    expect(await lastSequence()).to.equal(before);
  });

  it('refuses a submit of a member without a role with PERMISSION_DENIED, writing nothing', async () => {
    const before = await lastSequence();
    const attempt = await outcome(
      as(userCredentials('org1', 'norole1')).submitEvent(event(uniqueId('secure-nr'))),
    );

    expect(attempt.code).to.equal(status.PERMISSION_DENIED);
    expect(attempt.details).to.contain('Org1MSP with ledger.role "" may not submit');
    expect(await lastSequence()).to.equal(before);
  });

  it('refuses a client without a certificate with UNAUTHENTICATED, naming the channel members', async () => {
    const attempt = await outcome(as({}).submitEvent(event(uniqueId('secure-anon'))));

    expect(attempt.code).to.equal(status.UNAUTHENTICATED);
    expect(attempt.details).to.equal(
      'no client certificate: a certificate issued by a member org of the channel (Org1MSP, Org2MSP) is required',
    );
  });

  it('refuses a certificate of a CA outside the channel with UNAUTHENTICATED, writing nothing', async () => {
    const before = await lastSequence();
    const attempt = await outcome(as(foreignCredentials(dir)).submitEvent(event(uniqueId('secure-x'))));

    expect(attempt.code).to.equal(status.UNAUTHENTICATED);
    expect(attempt.details).to.equal(
      'client certificate "OU=client, CN=teller1" is not issued by a CA of a member org of the channel (members: Org1MSP, Org2MSP)',
    );
    expect(await lastSequence()).to.equal(before);
  });

  it('refuses an expired certificate of the Org1 CA with UNAUTHENTICATED naming the date', async () => {
    const attempt = await outcome(as(expiredOrg1Credentials(dir)).submitEvent(event(uniqueId('secure-exp'))));

    expect(attempt.code).to.equal(status.UNAUTHENTICATED);
    expect(attempt.details).to.equal(
      'client certificate "CN=expired-teller, OU=client" (Org1MSP) expired on 2020-01-02T00:00:00Z',
    );
  });

  it('counts each refusal by reason in /metrics and logs it with subject and MSP, without key material', async () => {
    expect(await metric('ledger_gateway_refused_calls_total{reason="no_certificate"}')).to.equal('1');
    expect(await metric('ledger_gateway_refused_calls_total{reason="untrusted_ca"}')).to.equal('1');
    expect(await metric('ledger_gateway_refused_calls_total{reason="expired"}')).to.equal('1');
    // The role-less member's submit and the Org2 teller's submit at Org1's gateway.
    expect(await metric('ledger_gateway_refused_calls_total{reason="permission_denied"}')).to.equal('2');
    const log = gateway().log.join('');
    expect(log).to.match(
      /"msg":"call refused".*"reason":"expired".*"subject":"CN=expired-teller, OU=client".*"msp":"Org1MSP"/,
    );
    expect(log).not.to.match(/PRIVATE KEY/);
  });
});

describe('gateway development mode', function () {
  this.timeout(120_000);

  it('serves plaintext with LEDGER_GATEWAY_PLAINTEXT=1 and warns that it is unauthenticated', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-dev-'));
    const gateway = await startGatewayProcess(['--org', 'org1', '--index', path.join(dir, 'index.sqlite')], {
      ...process.env,
      LEDGER_GATEWAY_PLAINTEXT: '1',
      LEDGER_GATEWAY_METRICS_PORT: '0',
    });
    const c = newLedgerClient(gateway.address, { insecure: true, timeoutMs: 60_000 });
    try {
      const health = await c.healthCheck();

      expect(health.healthy).to.equal(true);
      expect(health.channelConfigBlock).to.equal('0');
      expect(gateway.log.join('')).to.match(
        /"level":"warn".*PLAINTEXT DEVELOPMENT MODE.*"authenticated":false/,
      );
    } finally {
      c.close();
      await gateway.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('scripts/gateway-up.sh', function () {
  this.timeout(240_000);
  const pidFile = (org: string): string => path.join(layout.runDir, 'pids', `gateway-${org}.pid`);
  const endpointFile = (org: string): string => path.join(layout.runDir, 'gateway', org, 'endpoint.json');

  after(async () => {
    for (const org of ['org1', 'org2']) {
      if (!fs.existsSync(pidFile(org))) continue;
      const pid = Number(fs.readFileSync(pidFile(org), 'utf8'));
      if (isAlive(pid)) process.kill(pid, 'SIGTERM');
      await waitFor(`gateway-${org} (pid ${pid}) stopped`, () => !isAlive(pid), { timeoutMs: 30_000 });
      fs.rmSync(pidFile(org), { force: true });
      fs.rmSync(endpointFile(org), { force: true });
    }
  });

  it('starts one mutual-TLS gateway per member org, each with its endpoint file and own identity', async () => {
    const port = Number(process.env.GATEWAY_PORT ?? '50051');
    const env = Object.fromEntries(
      Object.entries(process.env).filter(([key]) => !key.startsWith('LEDGER_GATEWAY_')),
    );
    execFileSync('bash', ['scripts/gateway-up.sh'], {
      cwd: REPO,
      env: { ...env, LEDGER_GATEWAY_METRICS_PORT: '0' },
      stdio: 'ignore',
    });

    for (const [i, org] of (['org1', 'org2'] as const).entries()) {
      const endpoint = JSON.parse(fs.readFileSync(endpointFile(org), 'utf8')) as Record<string, unknown>;
      const mspId = orgLayout(layout, org).mspId;
      expect(endpoint).to.deep.equal({
        org,
        mspId,
        address: `127.0.0.1:${port + i}`,
        tls: true,
        caFile: path.join(fs.realpathSync(orgLayout(layout, org).gatewayTlsDir), 'ca.pem'),
      });
      const c = newLedgerClient(endpoint.address as string, {
        rootCertPem: fs.readFileSync(endpoint.caFile as string),
        timeoutMs: 60_000,
        ...userCredentials(org, 'auditor1'),
      });
      try {
        expect(await c.healthCheck()).to.include({ healthy: true, mspId });
      } finally {
        c.close();
      }
      expect(fs.existsSync(path.join(layout.runDir, 'logs', `gateway-${org}.log`))).to.equal(true);
      expect(fs.existsSync(path.join(layout.runDir, 'gateway', org, 'index.sqlite'))).to.equal(true);
    }
  });

  it('restarts only the gateways --restart --org names, in the mode they ran in', async () => {
    const env = Object.fromEntries(
      Object.entries(process.env).filter(([key]) => !key.startsWith('LEDGER_GATEWAY_')),
    );
    const up = (...args: string[]): void => {
      execFileSync('bash', ['scripts/gateway-up.sh', ...args], {
        cwd: REPO,
        env: { ...env, LEDGER_GATEWAY_METRICS_PORT: '0' },
        stdio: 'ignore',
      });
    };
    up(); // both running (already, after the test above)
    const pidOf = (org: string): number => Number(fs.readFileSync(pidFile(org), 'utf8'));
    const [org1Before, org2Before] = [pidOf('org1'), pidOf('org2')];

    up('--restart', '--org', 'org1');

    expect(isAlive(org1Before)).to.equal(false);
    expect(pidOf('org1')).to.not.equal(org1Before);
    expect(isAlive(pidOf('org1'))).to.equal(true);
    expect(pidOf('org2')).to.equal(org2Before);
    const endpoint = JSON.parse(fs.readFileSync(endpointFile('org1'), 'utf8')) as Record<string, unknown>;
    expect(endpoint.tls).to.equal(true);
    const c = newLedgerClient(endpoint.address as string, {
      rootCertPem: fs.readFileSync(endpoint.caFile as string),
      timeoutMs: 60_000,
      ...userCredentials('org1', 'auditor1'),
    });
    try {
      expect(await c.healthCheck()).to.include({ healthy: true, mspId: 'Org1MSP' });
    } finally {
      c.close();
    }
  });
});

describe('gateway trust follows the channel configuration', function () {
  this.timeout(600_000);
  const clients: LedgerClient[] = [];
  let dir: string;
  let started: GatewayProcess | undefined;
  const as = (credentials: Credentials): LedgerClient => {
    if (started === undefined) throw new Error('gateway not started');
    const c = newLedgerClient(started.address, { rootCertPem, timeoutMs: 60_000, ...credentials });
    clients.push(c);
    return c;
  };
  const configBlock = async (): Promise<number> =>
    Number((await as(userCredentials('org1', 'auditor1')).healthCheck()).channelConfigBlock);
  const channelOrg = (...args: string[]): string =>
    execFileSync('bash', ['scripts/channel-org.sh', ...args], {
      cwd: REPO,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-trust-'));
    const env = Object.fromEntries(
      Object.entries(process.env).filter(([key]) => !key.startsWith('LEDGER_GATEWAY_')),
    );
    started = await startGatewayProcess(['--org', 'org1', '--index', path.join(dir, 'index.sqlite')], {
      ...env,
      LEDGER_GATEWAY_METRICS_PORT: '0',
    });
  });

  after(async () => {
    clients.forEach((c) => {
      c.close();
    });
    await started?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('refuses an org prepared but not voted in, accepts it once it joined and refuses it once removed', async () => {
    const invitation = path.join(dir, 'invitation.json');
    fs.writeFileSync(invitation, channelOrg('prepare', 'org3'));
    const org3Teller = tellerIssuedBy('org3', dir, 'org3-teller', ['-days', '1']);
    const atStart = await configBlock();

    const prepared = await outcome(as(org3Teller).healthCheck());
    expect(prepared.code).to.equal(status.UNAUTHENTICATED);
    expect(prepared.details).to.contain(
      'is not issued by a CA of a member org of the channel (members: Org1MSP, Org2MSP)',
    );

    channelOrg('join', 'org3', invitation);
    await waitFor('the gateway applied the join', async () => (await configBlock()) > atStart, {
      timeoutMs: 60_000,
      intervalMs: 250,
    });
    // A member now: authenticated, and it may read (it submits through its own org's gateway).
    expect(Number((await as(org3Teller).getDigest()).treeSize)).to.be.greaterThan(0);
    const afterJoin = await configBlock();

    channelOrg('remove', 'org3');
    await waitFor('the gateway applied the removal', async () => (await configBlock()) > afterJoin, {
      timeoutMs: 60_000,
      intervalMs: 250,
    });
    const removed = await outcome(as(org3Teller).healthCheck());
    expect(removed.code).to.equal(status.UNAUTHENTICATED);
    expect(removed.details).to.contain('(members: Org1MSP, Org2MSP)');
  });
});

// Mutual TLS and the authorization table of the gateway, against the real network: callers are the
// users the org CAs enrolled (teller1, auditor1, norole1 with their ledger.role attribute), plus a
// throw-away CA the gateway does not know.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { status, type ServiceError } from '@grpc/grpc-js';
import { expect } from 'chai';
import { newLedgerClient, type LedgerClient } from '@gateway/client/ledgerClient';
import type { StreamItem__Output } from '@gateway/generated/ledger/StreamItem';
import { startGatewayProcess, type GatewayProcess } from '@test-support/gatewayProcess';
import { layout, uniqueId } from '@test-support/testNetwork';
import { foreignCredentials, userCredentials } from '@test-support/testCertificates';
import { orgLayout } from '@gateway/fabric/networkLayout';

const org1 = orgLayout(layout, 'org1');
const rootCertPem = fs.readFileSync(path.join(org1.gatewayTlsDir, 'ca.pem'));
const code = async (attempt: Promise<unknown>): Promise<{ code: number; details: string }> =>
  attempt.then(
    () => ({ code: status.OK, details: '' }),
    (err: unknown) => ({ code: (err as ServiceError).code, details: (err as ServiceError).details }),
  );

const event = (eventId: string): { eventId: string; payload: Buffer; vepsTimestamp: string } => ({
  eventId,
  payload: Buffer.from(`authz payload ${eventId}`),
  vepsTimestamp: String(Date.now()),
});

describe('gateway authorization with mutual TLS', function () {
  this.timeout(180_000);
  const clients: LedgerClient[] = [];
  let gateway: GatewayProcess;
  let dir: string;
  const as = (credentials: { clientCertPem?: Buffer; clientKeyPem?: Buffer }): LedgerClient => {
    const c = newLedgerClient(gateway.address, { rootCertPem, timeoutMs: 60_000, ...credentials });
    clients.push(c);
    return c;
  };
  const lastSequence = async (): Promise<string> =>
    (await as(userCredentials('org1', 'auditor1')).healthCheck()).lastSequenceNumber;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-authz-'));
    // The secure default: TLS with the org gateway's certificate, members from the channel configuration.
    gateway = await startGatewayProcess(['--org', 'org1', '--index', path.join(dir, 'index.sqlite')], {
      ...process.env,
      LEDGER_GATEWAY_METRICS_PORT: '0',
      LEDGER_GATEWAY_LOG_LEVEL: 'info',
    });
  });

  after(async () => {
    clients.forEach((c) => {
      c.close();
    });
    await gateway.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('seals an event submitted by an Org1 teller', async () => {
    const id = uniqueId('authz-t1');
    const sealed = await as(userCredentials('org1', 'teller1')).submitEvent(event(id));

    expect(sealed.eventId).to.equal(id);
  });

  it("lets an Org2 teller, identified by the Org2 CA, read through Org1's gateway but not submit there", async () => {
    const before = await lastSequence();
    const submit = await code(
      as(userCredentials('org2', 'teller1')).submitEvent(event(uniqueId('authz-t2'))),
    );
    const health = await as(userCredentials('org2', 'teller1')).healthCheck();

    expect(submit.code).to.equal(status.PERMISSION_DENIED);
    expect(submit.details).to.contain('Org2MSP with ledger.role "teller" may not submit');
    expect(health.healthy).to.equal(true);
    expect(await lastSequence()).to.equal(before);
  });

  it('lets an auditor read and export but refuses its submit with PERMISSION_DENIED, writing nothing', async () => {
    const auditor = as(userCredentials('org2', 'auditor1'));
    const before = await lastSequence();
    const id = uniqueId('authz-aud');

    const submit = await code(auditor.submitEvent(event(id)));

    expect(submit.code).to.equal(status.PERMISSION_DENIED);
    expect(submit.details).to.contain('Org2MSP with ledger.role "auditor" may not submit');
    expect(await lastSequence()).to.equal(before);
    expect((await code(auditor.getEventById(id))).code).to.equal(status.NOT_FOUND);
    expect((await auditor.getEvent(1)).sequenceNumber).to.equal('1');
    const seals: unknown[] = [];
    for await (const item of auditor.streamEvents({ fromSequence: 1, toSequence: 1 })) {
      const { seal } = item as StreamItem__Output;
      if (seal) seals.push(seal);
    }
    expect(seals).to.have.length(1);
  });

  it('refuses a member without a ledger.role anything but health', async () => {
    const norole = as(userCredentials('org1', 'norole1'));
    const before = await lastSequence();

    const submit = await code(norole.submitEvent(event(uniqueId('authz-nr'))));
    const read = await code(norole.getEvent(1));
    const health = await norole.healthCheck();

    expect(submit.code).to.equal(status.PERMISSION_DENIED);
    expect(read.code).to.equal(status.PERMISSION_DENIED);
    expect(read.details).to.contain('allowed: health');
    expect(health.healthy).to.equal(true);
    expect(await lastSequence()).to.equal(before);
  });

  it('refuses a teller a live stream (PERMISSION_DENIED), which the default table grants only auditors', async () => {
    const stream = as(userCredentials('org1', 'teller1')).streamEvents({ fromSequence: 1 });
    const outcome = await code(
      (async (): Promise<void> => {
        for await (const item of stream) expect(item).to.equal(undefined);
      })(),
    );

    expect(outcome.code).to.equal(status.PERMISSION_DENIED);
  });

  it('refuses a client without a certificate with UNAUTHENTICATED', async () => {
    const outcome = await code(as({}).submitEvent(event(uniqueId('authz-anon'))));

    expect(outcome.code).to.equal(status.UNAUTHENTICATED);
    expect(outcome.details).to.contain('Org1MSP, Org2MSP');
  });

  it('refuses a certificate from a CA the gateway was not configured with (UNAUTHENTICATED)', async () => {
    const before = await lastSequence();
    const outcome = await code(as(foreignCredentials(dir)).submitEvent(event(uniqueId('authz-x'))));

    expect(outcome.code).to.equal(status.UNAUTHENTICATED);
    expect(await lastSequence()).to.equal(before);
  });

  it('logs no private key, no key material and no payload bytes at info level', () => {
    const log = gateway.log.join('');
    const keyBodies = [
      path.join(org1.gatewayTlsDir, 'key.pem'),
      path.join(org1.usersDir, 'gateway1', 'msp', 'keystore', 'key.pem'),
    ].flatMap((file) =>
      fs
        .readFileSync(file, 'utf8')
        .split('\n')
        .filter((line) => line.length > 20 && !line.startsWith('-----')),
    );

    expect(log).to.contain('call refused');
    expect(log).not.to.match(/PRIVATE KEY/);
    keyBodies.forEach((body) => expect(log).not.to.contain(body));
    expect(log).not.to.contain('authz payload');
    expect(log).not.to.contain(Buffer.from('authz payload').toString('base64').slice(0, 16));
  });
});

// The gateway with TLS from the org's CA, and with mutual TLS, against the real network.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { status, type ServiceError } from '@grpc/grpc-js';
import { expect } from 'chai';
import { newLedgerClient, type LedgerClient } from '../../gateway/src/client/ledgerClient';
import { startGatewayProcess, type GatewayProcess } from '../support/gatewayProcess';
import { layout } from '../support/testNetwork';

const org1 = layout.orgs.org1;
const tls = (file: string): Buffer => fs.readFileSync(path.join(org1.gatewayTlsDir, file));
const userCredentials = (user: string): { clientCertPem: Buffer; clientKeyPem: Buffer } => ({
  clientCertPem: fs.readFileSync(path.join(org1.usersDir, user, 'msp', 'signcerts', 'cert.pem')),
  clientKeyPem: fs.readFileSync(path.join(org1.usersDir, user, 'msp', 'keystore', 'key.pem')),
});

describe('gateway transport security', function () {
  this.timeout(120_000);
  const clients: LedgerClient[] = [];
  const client = (address: string, options: Parameters<typeof newLedgerClient>[1]): LedgerClient => {
    const c = newLedgerClient(address, { timeoutMs: 10_000, ...options });
    clients.push(c);
    return c;
  };
  let tlsGateway: GatewayProcess;
  let mtlsGateway: GatewayProcess;

  before(async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-tls-'));
    const base = { ...process.env, LEDGER_GATEWAY_TLS_CERT: path.join(org1.gatewayTlsDir, 'cert.pem') };
    const tlsEnv = { ...base, LEDGER_GATEWAY_TLS_KEY: path.join(org1.gatewayTlsDir, 'key.pem') };
    [tlsGateway, mtlsGateway] = await Promise.all([
      startGatewayProcess(['--org', 'org1', '--index', path.join(dir, 'tls.sqlite')], tlsEnv),
      startGatewayProcess(['--org', 'org1', '--index', path.join(dir, 'mtls.sqlite')], {
        ...tlsEnv,
        LEDGER_GATEWAY_TLS_CLIENT_CA: org1.caCertPath,
      }),
    ]);
  });

  after(async () => {
    clients.forEach((c) => {
      c.close();
    });
    await Promise.all([tlsGateway.stop(), mtlsGateway.stop()]);
  });

  it('serves TLS with a certificate issued by the org CA', async () => {
    const health = await client(tlsGateway.address, { rootCertPem: tls('ca.pem') }).healthCheck();

    expect(health.healthy).to.equal(true);
    expect(tls('ca.pem').equals(fs.readFileSync(org1.caCertPath))).to.equal(true);
  });

  it('refuses a plaintext client', async () => {
    const attempt = client(tlsGateway.address, { insecure: true }).healthCheck();

    await expect(attempt).to.be.rejected.then((err: ServiceError) => {
      expect(err.code).to.equal(status.UNAVAILABLE);
    });
  });

  it('accepts a client certificate from the org CA when mutual TLS is on', async () => {
    const health = await client(mtlsGateway.address, {
      rootCertPem: tls('ca.pem'),
      ...userCredentials('auditor1'),
    }).healthCheck();

    expect(health.healthy).to.equal(true);
  });

  it('refuses a client without a certificate with UNAUTHENTICATED when mutual TLS is on', async () => {
    const attempt = client(mtlsGateway.address, { rootCertPem: tls('ca.pem') }).healthCheck();

    await expect(attempt).to.be.rejected.then((err: ServiceError) => {
      expect(err.code).to.equal(status.UNAUTHENTICATED);
      expect(err.details).to.contain('client certificate');
    });
  });
});

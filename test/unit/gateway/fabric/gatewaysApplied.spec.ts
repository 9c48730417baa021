import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { expect } from 'chai';
import { gatewayEndpoints, waitForGatewaysToApply } from '@gateway/fabric/gatewaysApplied';
import { freePort } from '@test-support/gatewayProcess';

/** A certificate and key of the export tests' fixtures: any client identity will do here. */
const FIXTURES = path.join(__dirname, '..', 'export', 'fixtures');

function runDirWith(endpoints: Record<string, unknown>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-applied-'));
  for (const [org, endpoint] of Object.entries(endpoints)) {
    fs.mkdirSync(path.join(dir, 'gateway', org), { recursive: true });
    fs.writeFileSync(path.join(dir, 'gateway', org, 'endpoint.json'), JSON.stringify(endpoint));
  }
  return dir;
}

describe('gatewaysApplied', function () {
  it('lists the endpoint files of the run folder, and none without a gateway folder', function () {
    const dir = runDirWith({
      org1: { org: 'org1', mspId: 'Org1MSP', address: '127.0.0.1:1', tls: true },
      org2: { org: 'org2', mspId: 'Org2MSP', address: '127.0.0.1:2', tls: false },
    });

    expect(gatewayEndpoints(dir).map((e) => e.org)).to.deep.equal(['org1', 'org2']);
    expect(gatewayEndpoints(fs.mkdtempSync(path.join(os.tmpdir(), 'gw-none-')))).to.deep.equal([]);
  });

  it('does not wait for a gateway that is down or one that runs plaintext (no trust to apply)', async function () {
    const port = await freePort();
    const dir = runDirWith({
      org1: { org: 'org1', mspId: 'Org1MSP', address: `127.0.0.1:${port}`, tls: true },
      org2: { org: 'org2', mspId: 'Org2MSP', address: '127.0.0.1:2', tls: false },
    });

    const states = await waitForGatewaysToApply({
      runDir: dir,
      configBlock: 5,
      clientCertPem: fs.readFileSync(path.join(FIXTURES, 'expired.cert.pem')),
      clientKeyPem: fs.readFileSync(path.join(FIXTURES, 'expired.key.pem')),
      timeoutMs: 1000,
    });

    expect(states).to.deep.equal([
      { org: 'org1', address: `127.0.0.1:${port}`, state: 'unreachable' },
      { org: 'org2', address: '127.0.0.1:2', state: 'plaintext' },
    ]);
  });
});

// Existing clients' exact call, through grpcurl with no proto file: server reflection must describe
// ledger.ImmutableLedger and grpc.health.v1 well enough for grpcurl to build the request.
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { startDevGateway, type GatewayProcess } from '@test-support/gatewayProcess';

const run = promisify(execFile);
const GRPCURL = path.join(
  process.env.LEDGER_TOOLS_DIR ?? path.join(os.homedir(), '.cache', 'fabric-ledger', 'tools'),
  'grpcurl',
);

describe('gateway through grpcurl and server reflection', function () {
  this.timeout(120_000);
  let gateway: GatewayProcess;
  const grpcurl = async (...args: string[]): Promise<string> => (await run(GRPCURL, args)).stdout;

  before(async () => {
    expect(fs.existsSync(GRPCURL), `${GRPCURL} (installed by scripts/ensure-tools.sh)`).to.equal(true);
    gateway = (await startDevGateway('org1', 'grpcurl')).gateway;
  });

  after(async () => {
    await gateway.stop();
  });

  it('lists the ledger and health services by reflection', async () => {
    const services = (await grpcurl('-plaintext', gateway.address, 'list')).split('\n');

    expect(services).to.include.members(['ledger.ImmutableLedger', 'grpc.health.v1.Health']);
  });

  it('seals the existing clients’ SubmitEvent call and answers their HealthCheck', async () => {
    const body =
      '{"event_id":"test-001","payload":"dGVzdCBkYXRh","veps_signature":"test-sig","veps_timestamp":1702234567890}';

    const seal = JSON.parse(
      await grpcurl('-plaintext', '-d', body, gateway.address, 'ledger.ImmutableLedger/SubmitEvent'),
    ) as {
      sequence_number: string;
      event_id: string;
      event_hash: string;
    };
    const health = JSON.parse(
      await grpcurl('-plaintext', gateway.address, 'ledger.ImmutableLedger/HealthCheck'),
    ) as {
      healthy: boolean;
    };
    const standard = JSON.parse(
      await grpcurl('-plaintext', gateway.address, 'grpc.health.v1.Health/Check'),
    ) as {
      status: string;
    };

    expect(seal.event_id).to.equal('test-001');
    expect(Number(seal.sequence_number)).to.be.greaterThan(0);
    expect(seal.event_hash).to.match(/^[0-9a-f]{64}$/);
    expect(health.healthy).to.equal(true);
    expect(standard.status).to.equal('SERVING');
  });
});

// The `ledger` command line against a gateway on the real network.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect } from 'chai';
import { startDevGateway, type GatewayProcess } from '@test-support/gatewayProcess';
import { runLedgerCli, type LedgerRun } from '@test-support/ledgerCli';
import { layout, uniqueId } from '@test-support/testNetwork';
import { orgLayout } from '@gateway/fabric/networkLayout';

describe('ledger command line', function () {
  this.timeout(120_000);
  let gateway: GatewayProcess;
  let dir: string;
  const ledger = (...args: string[]): Promise<LedgerRun> =>
    runLedgerCli([...args, '--insecure', '--address', gateway.address]);

  before(async () => {
    const dev = await startDevGateway('org1', 'cli');
    dev.client.close();
    gateway = dev.gateway;
    dir = dev.dir;
  });

  after(async () => {
    await gateway.stop();
  });

  it('submits an event, reads it back by sequence and by id, and reports health', async () => {
    const eventId = uniqueId('cli');
    const submitted = await ledger(
      'submit',
      '--id',
      eventId,
      '--payload',
      'hello from the cli',
      '--meta',
      'k=v',
    );
    expect(submitted.code, submitted.stderr).to.equal(0);
    const seal = JSON.parse(submitted.stdout) as { sequenceNumber: string; eventHash: string };

    const bySequence = JSON.parse((await ledger('get', seal.sequenceNumber)).stdout) as { eventId: string };
    const byId = JSON.parse((await ledger('get', '--id', eventId)).stdout) as { eventHash: string };
    const health = JSON.parse((await ledger('health')).stdout) as { healthy: boolean };

    expect(bySequence.eventId).to.equal(eventId);
    expect(byId.eventHash).to.equal(seal.eventHash);
    expect(health.healthy).to.equal(true);
  });

  it('verifies a seal offline against a saved digest and the org CA', async () => {
    const submitted = await ledger('submit', '--id', uniqueId('cli-verify'), '--payload', 'to verify');
    const seq = (JSON.parse(submitted.stdout) as { sequenceNumber: string }).sequenceNumber;
    const digestFile = path.join(dir, 'digest.json');
    fs.writeFileSync(digestFile, (await ledger('digest')).stdout);

    const verified = await ledger(
      'verify',
      seq,
      '--digest',
      digestFile,
      '--org-ca',
      orgLayout(layout, 'org1').caCertPath,
    );

    expect(verified.code, verified.stderr).to.equal(0);
    expect(JSON.parse(verified.stdout)).to.include({ verified: true });
  });

  it('says exactly what failed when the digest was altered', async () => {
    const digestFile = path.join(dir, 'digest.json');
    const digest = JSON.parse((await ledger('digest')).stdout) as { rootHash: string; treeSize: string };
    const flipped = (digest.rootHash.startsWith('0') ? '1' : '0') + digest.rootHash.slice(1);
    fs.writeFileSync(digestFile, JSON.stringify({ ...digest, rootHash: flipped }));

    const verified = await ledger('verify', '1', '--digest', digestFile);

    expect(verified.code).to.equal(1);
    expect(verified.stderr).to.contain('digest signature does not verify');
  });

  it('refuses a digest signed by a certificate from another CA', async () => {
    const digestFile = path.join(dir, 'digest.json');
    fs.writeFileSync(digestFile, (await ledger('digest')).stdout);

    const verified = await ledger(
      'verify',
      '1',
      '--digest',
      digestFile,
      '--org-ca',
      orgLayout(layout, 'org2').caCertPath,
    );

    expect(verified.code).to.equal(1);
    expect(verified.stderr).to.contain('is not issued by a trusted CA');
  });

  it('prints usage with the environment variables and exits 2 on a bad command', async () => {
    const help = await ledger('submit', '--help');
    const bad = await runLedgerCli(['frobnicate']);

    expect(help.stdout).to.contain('LEDGER_GATEWAY_ADDRESS');
    expect(bad.code).to.equal(2);
  });

  it('stops the gateway gracefully on SIGTERM', async () => {
    const exit = new Promise<number | null>((resolve) =>
      gateway.child.once('exit', (code) => {
        resolve(code);
      }),
    );

    gateway.child.kill('SIGTERM');

    expect(await exit).to.equal(0);
    expect(gateway.log.join('')).to.match(/shut|stop/i);
  });
});

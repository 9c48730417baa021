// Receipts on the real network: written by `ledger submit --receipt` and `ledger history --receipt`
// from a gateway, verified by `ledger verify-receipt` with no gateway at all.
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { setTimeout as pause } from 'node:timers/promises';
import type { Contract } from '@hyperledger/fabric-gateway';
import { expect } from 'chai';
import { runLedgerCli, type LedgerRun } from '@test-support/ledgerCli';
import { startDevGateway, type DevGateway } from '@test-support/gatewayProcess';
import type { FabricConnection } from '@gateway/fabric/connect';
import { connectUser, layout, uniqueId } from '@test-support/testNetwork';
import { orgLayout } from '@gateway/fabric/networkLayout';

type Json = Record<string, unknown>;

describe('receipts on the real network, verified with no gateway', function () {
  this.timeout(180_000);
  let dev: DevGateway;
  let dir: string;
  /** A listener standing where a gateway could be: it counts connection attempts of the verifier. */
  let trap: net.Server;
  let trapped = 0;
  let trapAddress = '';

  const online = (...args: string[]): Promise<LedgerRun> =>
    runLedgerCli([...args, '--insecure', '--address', dev.gateway.address]);
  /** verify-receipt with no --address: the only gateway it could find is the trap. */
  const offline = (...args: string[]): Promise<LedgerRun> =>
    runLedgerCli(['verify-receipt', ...args], {
      LEDGER_GATEWAY_ADDRESS: trapAddress,
      LEDGER_GATEWAY_INSECURE: '1',
    });
  const edit = (file: string, change: (receipt: Json) => void): string => {
    const receipt = JSON.parse(fs.readFileSync(file, 'utf8')) as Json;
    change(receipt);
    const out = `${file}.tampered.json`;
    fs.writeFileSync(out, JSON.stringify(receipt));
    return out;
  };

  before(async function () {
    dev = await startDevGateway('org1', 'receipt-it');
    dir = dev.dir;
    trap = net.createServer((socket) => {
      trapped++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => trap.listen(0, '127.0.0.1', resolve));
    trapAddress = `127.0.0.1:${(trap.address() as net.AddressInfo).port}`;
  });

  after(async function () {
    trap.close();
    await dev.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('writes a submit receipt that verify-receipt accepts without opening any connection', async function () {
    const file = path.join(dir, 'submit-receipt.json');
    const submitted = await online(
      'submit',
      '--id',
      uniqueId('receipt'),
      '--payload',
      'receipt payload',
      '--meta',
      'lane=7',
      '--receipt',
      file,
    );
    expect(submitted.code, submitted.stderr).to.equal(0);
    const seal = JSON.parse(submitted.stdout) as { sequenceNumber: string };

    const verified = await offline(file, '--org-ca', orgLayout(layout, 'org1').caCertPath);

    expect(verified.code, verified.stderr).to.equal(0);
    expect(verified.stdout).to.contain(`receipt verified: sequence ${seal.sequenceNumber}`);
    expect(verified.stdout).to.contain('entry_hash');
    expect(trapped, 'connections the offline verifier opened').to.equal(0);
  });

  it('names the altered field, proof element or signature byte of a tampered receipt and exits 1', async function () {
    const file = path.join(dir, 'submit-receipt.json');
    const cases: readonly [string, (r: Json) => void][] = [
      ['seal.metadata', (r) => ((r.seal as Json).metadata = { lane: '8' })],
      ['seal.client_subject', (r) => ((r.seal as Json).clientSubject = 'CN=someone else')],
      ['seal.sealed_timestamp', (r) => ((r.seal as Json).sealedTimestamp = '1')],
      ['digest.root_hash', (r) => ((r.digest as Json).rootHash = '0'.repeat(64))],
      [
        'digest.signature',
        (r) => {
          const sig = Buffer.from((r.digest as Json).signature as string, 'base64');
          sig[sig.length - 1] = sig[sig.length - 1]! ^ 1;
          (r.digest as Json).signature = sig.toString('base64');
        },
      ],
    ];
    for (const [field, change] of cases) {
      const verified = await offline(edit(file, change), '--org-ca', orgLayout(layout, 'org1').caCertPath);
      expect(verified.code, `${field}: ${verified.stdout}`).to.equal(1);
      expect(verified.stderr).to.contain(`receipt verification failed: ${field}:`);
    }
    const other = await offline(file, '--org-ca', orgLayout(layout, 'org2').caCertPath);
    expect(other.code).to.equal(1);
    expect(other.stderr).to.contain('digest.certificate_pem');
    expect(trapped).to.equal(0);
  });

  it('writes a history receipt of one account revision that verifies offline, value and all', async function () {
    const account = uniqueId('RCPT').toUpperCase();
    const key = `/account/Org1MSP/${account}/`;
    const connection: FabricConnection = connectUser('org1', 'teller1');
    try {
      const teller: Contract = connection.gateway
        .getNetwork(layout.channelName)
        .getContract(layout.chaincodeName);
      // One write only: a second transaction on the account could be endorsed by a peer that has not
      // committed the first yet (issue 14 part 5, left to its owner).
      await teller.submitTransaction('Accounts:OpenAccount', account, 'cust-receipt', 'USD');
    } finally {
      connection.close();
    }
    let revisions = 0;
    for (let attempt = 0; attempt < 120 && revisions < 1; attempt++) {
      const page = await dev.client.getHistory({ key }).catch(() => undefined);
      revisions = page?.revisions.length ?? 0;
      if (revisions < 1) await pause(500);
    }
    expect(revisions, `revisions of ${key} sealed`).to.equal(1);
    const file = path.join(dir, 'history-receipt.json');

    const written = await online('history', key, '--receipt', file);
    const verified = await offline(file, '--org-ca', orgLayout(layout, 'org1').caCertPath);

    expect(written.code, written.stderr).to.equal(0);
    expect(verified.code, verified.stderr).to.equal(0);
    expect(verified.stdout).to.match(
      /revision: key \/account\/.*: the value \(\d+ bytes\) hashes to the sealed value hash/,
    );
    const receipt = JSON.parse(fs.readFileSync(file, 'utf8')) as { revision: { value: string } };
    const value = JSON.parse(Buffer.from(receipt.revision.value, 'base64').toString('utf8')) as {
      balance: string;
    };
    expect(Number(value.balance)).to.equal(0);
    const tampered = edit(file, (r) => {
      const revision = r.revision as Json;
      const record = JSON.parse(Buffer.from(revision.value as string, 'base64').toString('utf8')) as Json;
      revision.value = Buffer.from(JSON.stringify({ ...record, balance: '1000000.00' })).toString('base64');
    });
    const refused = await offline(tampered, '--org-ca', orgLayout(layout, 'org1').caCertPath);
    expect(refused.code).to.equal(1);
    expect(refused.stderr).to.contain('revision.value');
    expect(trapped).to.equal(0);
  });

  it('writes a history receipt of a submitted event that verifies offline, and names one altered byte of its value', async function () {
    const eventId = uniqueId('receipt-event');
    const submitted = await online('submit', '--id', eventId, '--payload', 'event receipt payload');
    expect(submitted.code, submitted.stderr).to.equal(0);
    const file = path.join(dir, 'event-history-receipt.json');

    const written = await online('history', `event/${eventId}`, '--receipt', file);
    const verified = await offline(file, '--org-ca', orgLayout(layout, 'org1').caCertPath);

    expect(written.code, written.stderr).to.equal(0);
    expect(verified.code, verified.stderr).to.equal(0);
    expect(verified.stdout).to.contain(`revision: key event/${eventId} is the sealed event`);
    const receipt = JSON.parse(fs.readFileSync(file, 'utf8')) as {
      seal: { payload: string };
      revision: { key: string; value: string };
    };
    expect(receipt.revision.key).to.equal(`event/${eventId}`);
    expect(Buffer.from(receipt.seal.payload, 'base64').toString('utf8')).to.equal('event receipt payload');
    // An event's value is its payload, carried by the seal; the revision itself has no value bytes.
    const cases: readonly [string, (r: Json) => void][] = [
      [
        'seal.payload',
        (r) => {
          const seal = r.seal as Json;
          const payload = Buffer.from(seal.payload as string, 'base64');
          payload[0] = payload[0]! ^ 1;
          seal.payload = payload.toString('base64');
        },
      ],
      ['revision.value', (r) => ((r.revision as Json).value = Buffer.from([0x65]).toString('base64'))],
    ];
    for (const [field, change] of cases) {
      const refused = await offline(edit(file, change), '--org-ca', orgLayout(layout, 'org1').caCertPath);
      expect(refused.code, `${field}: ${refused.stdout}`).to.equal(1);
      expect(refused.stderr).to.contain(`receipt verification failed: ${field}:`);
    }
    expect(trapped).to.equal(0);
  });

  it('proves the receipt digest is a prefix of a newer digest with a consistency proof', async function () {
    const file = path.join(dir, 'submit-receipt.json');
    const old = (JSON.parse(fs.readFileSync(file, 'utf8')) as { digest: { treeSize: string } }).digest
      .treeSize;
    await online('submit', '--id', uniqueId('receipt-later'), '--payload', 'later');
    const newer = path.join(dir, 'newer-digest.json');
    const consistency = path.join(dir, 'consistency.json');
    const digest = await online('digest');
    fs.writeFileSync(newer, digest.stdout);
    const size = (JSON.parse(digest.stdout) as { treeSize: string }).treeSize;
    fs.writeFileSync(consistency, (await online('consistency', old, size)).stdout);

    const verified = await offline(
      file,
      '--org-ca',
      orgLayout(layout, 'org1').caCertPath,
      '--newer-digest',
      newer,
      '--consistency',
      consistency,
    );

    expect(verified.code, verified.stderr).to.equal(0);
    expect(verified.stdout).to.contain('is a prefix of the newer signed digest');
    expect(trapped).to.equal(0);
  });
});

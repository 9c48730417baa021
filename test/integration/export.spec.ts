// `ledger export` and `ledger verify-export` against a gateway process on the real network.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect } from 'chai';
import type { LedgerClient } from '@gateway/client/ledgerClient';
import type { ExportManifest } from '@gateway/export/exportFormat';
import { runLedgerCli, type LedgerRun } from '@test-support/ledgerCli';
import { startDevGateway, type DevGateway, type GatewayProcess } from '@test-support/gatewayProcess';
import { layout, uniqueId } from '@test-support/testNetwork';
import { orgLayout } from '@gateway/fabric/networkLayout';

const ledger = (...args: string[]): Promise<LedgerRun> => runLedgerCli(args);

describe('ledger export and verify-export', function () {
  this.timeout(180_000);
  let dev: DevGateway;
  let dir: string;
  let gateway: GatewayProcess;
  let client: LedgerClient;
  let tip: number;

  before(async function () {
    dev = await startDevGateway('org1', 'export-it');
    ({ gateway, client, dir } = dev);
    const seals = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        client.submitEvent({
          eventId: uniqueId('export'),
          payload: Buffer.from(`export payload ${i}`),
          vepsSignature: 'export-sig',
          vepsTimestamp: Date.now(),
          metadata: { i: String(i) },
        }),
      ),
    );
    tip = Math.max(...seals.map((s) => Number(s.sequenceNumber)));
  });

  after(async function () {
    await dev.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const exportRange = (out: string, ...range: string[]): Promise<LedgerRun> =>
    ledger('export', ...range, '--out', out, '--shard-size', '4', '--insecure', '--address', gateway.address);

  it('exports a range with progress on stderr and verifies it offline against the org CA', async function () {
    const out = path.join(dir, 'late');
    const from = Math.max(1, tip - 10);

    const exported = await exportRange(out, '--from', String(from), '--to', String(tip));
    await dev.stop();
    const verified = await ledger('verify-export', out, '--org-ca', orgLayout(layout, 'org1').caCertPath);
    await dev.restart();
    ({ gateway, client } = dev);

    expect(exported.code, exported.stderr).to.equal(0);
    expect(exported.stderr).to.match(/\] \d+\/\d+ entries {2}\d+\.\d\/s {2}done\n/);
    const manifest = JSON.parse(fs.readFileSync(path.join(out, 'manifest.json'), 'utf8')) as ExportManifest;
    expect(manifest).to.include({ fromSequence: from, toSequence: tip, count: tip - from + 1 });
    expect(manifest.shards).to.have.length(Math.ceil((tip - from + 1) / 4));
    // The frontier of the first from-1 entries: one subtree root per 1 bit of from-1.
    const subtrees = (from - 1).toString(2).replaceAll('0', '').length;
    expect(manifest.proof).to.include({ kind: 'consistency' });
    expect(manifest.proof.prefix).to.have.length(subtrees);
    expect(verified.code, verified.stderr).to.equal(0);
    expect(JSON.parse(verified.stdout)).to.include({ ok: true, entriesVerified: tip - from + 1 });
  });

  it('exports from sequence 1 and verifies the recomputed Merkle root', async function () {
    const out = path.join(dir, 'all');

    const exported = await exportRange(out, '--from', '1', '--to', String(tip));
    const verified = await ledger('verify-export', out);

    expect(exported.code, exported.stderr).to.equal(0);
    expect(verified.code, verified.stderr).to.equal(0);
    expect(JSON.parse(verified.stdout)).to.include({ ok: true, entriesVerified: tip });
  });

  it('reports a changed byte in a shard with the shard and the first bad entry', async function () {
    const out = path.join(dir, 'tampered');
    const from = Math.max(1, tip - 7);
    expect((await exportRange(out, '--from', String(from), '--to', String(tip))).code).to.equal(0);
    const shard = path.join(out, 'shard-000002.jsonl');
    fs.writeFileSync(shard, fs.readFileSync(shard, 'utf8').replace('"eventId":"', '"eventId":"X'));

    const verified = await ledger('verify-export', out);

    expect(verified.code).to.equal(1);
    expect(verified.stderr).to.contain('shard-000002.jsonl');
    expect(verified.stderr).to.contain(`first bad entry: sequence ${from + 4}`);
  });

  it('refuses a range beyond the tip and an export folder that already holds one', async function () {
    const beyond = await exportRange(
      path.join(dir, 'beyond'),
      '--from',
      '1',
      '--to',
      String(tip + 1_000_000),
    );
    const again = await exportRange(path.join(dir, 'all'), '--from', '1', '--to', '2');

    expect(beyond.code).to.equal(1);
    expect(beyond.stderr).to.contain("the journal's tip");
    expect(again.code).to.equal(1);
    expect(again.stderr).to.contain('already holds an export');
  });

  it('verifies an export against a newer digest and consistency proof saved later, and refuses a wrong proof', async function () {
    const out = path.join(dir, 'newer');
    expect(
      (await exportRange(out, '--from', String(Math.max(1, tip - 5)), '--to', String(tip))).code,
    ).to.equal(0);
    const manifest = JSON.parse(fs.readFileSync(path.join(out, 'manifest.json'), 'utf8')) as ExportManifest;
    await client.submitEvent({
      eventId: uniqueId('export-later'),
      payload: Buffer.from('after the export'),
      vepsSignature: 'export-sig',
      vepsTimestamp: Date.now(),
      metadata: {},
    });
    const at = ['--insecure', '--address', gateway.address];
    const digest = await ledger('digest', ...at);
    expect(digest.code, digest.stderr).to.equal(0);
    const newerSize = (JSON.parse(digest.stdout) as { treeSize: string }).treeSize;
    const exportSize = String(manifest.digest.treeSize);
    const consistency = await ledger('consistency', exportSize, newerSize, ...at);
    const wrong = await ledger('consistency', String(manifest.digest.treeSize - 1), newerSize, ...at);
    fs.writeFileSync(path.join(dir, 'newer-digest.json'), digest.stdout);
    fs.writeFileSync(path.join(dir, 'consistency.json'), consistency.stdout);
    fs.writeFileSync(path.join(dir, 'wrong-consistency.json'), wrong.stdout);

    const verified = await ledger(
      'verify-export',
      out,
      '--newer-digest',
      path.join(dir, 'newer-digest.json'),
      '--consistency',
      path.join(dir, 'consistency.json'),
    );
    const refused = await ledger(
      'verify-export',
      out,
      '--newer-digest',
      path.join(dir, 'newer-digest.json'),
      '--consistency',
      path.join(dir, 'wrong-consistency.json'),
    );

    expect(Number(newerSize)).to.be.greaterThan(manifest.digest.treeSize);
    expect(verified.code, verified.stderr).to.equal(0);
    expect(JSON.parse(verified.stdout)).to.include({ ok: true });
    expect(refused.code).to.equal(1);
    expect(refused.stderr).to.contain('consistency proof');
  });
});

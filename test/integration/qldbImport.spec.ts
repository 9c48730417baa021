// `ledger qldb import` on the real network: a generated QLDB export (Ion, two strands, every revision
// kind) is verified and journaled through the chaincode as Org1's admin; a gateway seals each revision
// as a qldb-revision entry, lists a document's revisions under qldb/<table>/<documentId>, and seals the
// anchor last. An import killed mid-run and started again journals every revision exactly once.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect } from 'chai';
import { sealJson, verifySealHash } from '@gateway/client/ledgerClient';
import { fromHex, verifyInclusion } from '@gateway/core';
import type { HistoryPage__Output } from '@gateway/generated/ledger/HistoryPage';
import type { SealedEvent__Output } from '@gateway/generated/ledger/SealedEvent';
import type { StreamItem__Output } from '@gateway/generated/ledger/StreamItem';
import { dot } from '@gateway/qldb/hashes';
import { ionHashOfEncoded } from '@gateway/qldb/ionHash';
import { ionTextOfJson, type IonJson } from '@gateway/qldb/ionJson';
import { parseReceiptSeal, sealLeafHashChecked } from '@gateway/receipt/receipt';
import { startDevGateway, type DevGateway } from '@test-support/gatewayProcess';
import { runLedgerCli } from '@test-support/ledgerCli';
import {
  digestAndProofs,
  tempDir,
  typicalStrand,
  writeExport,
  type BlockModel,
} from '@test-support/qldbExportBuilder';
import { uniqueId } from '@test-support/testNetwork';
import { waitFor } from '@test-support/waitFor';

const LEDGER_BIN = path.resolve(__dirname, '..', '..', 'gateway', 'bin', 'ledger.js');

interface ExportFixture {
  readonly dir: string;
  readonly digestFile: string;
  readonly revisions: number;
}

function makeExport(label: string, blocksA: number, blocksB: number): ExportFixture {
  const dir = tempDir(label);
  const strandA = typicalStrand('StrandA', blocksA);
  const strandB = typicalStrand('StrandB', blocksB);
  writeExport(dir, {
    exportId: `exp-${label}`,
    format: 'ION_TEXT',
    strands: {
      StrandA: [strandA.slice(0, Math.ceil(blocksA / 2)), strandA.slice(Math.ceil(blocksA / 2))],
      StrandB: [strandB],
    },
  });
  const digestFile = path.join(dir, 'digest.json');
  fs.writeFileSync(digestFile, digestAndProofs(strandA, blocksA - 1).digestJson);
  const count = (blocks: readonly BlockModel[]): number =>
    blocks.reduce((n, b) => n + (b.revisions?.length ?? 0), 0);
  return { dir, digestFile, revisions: count(strandA) + count(strandB) };
}

interface QldbRecord {
  readonly type: string;
  readonly ledgerName: string;
  readonly documentId: string | null;
  readonly version: number | null;
  readonly kind: string;
  readonly revisionHash: string;
  readonly metadata: IonJson;
  readonly data: IonJson;
  readonly digest?: string;
  readonly revisionCount?: number;
}

const recordOf = (seal: SealedEvent__Output): QldbRecord =>
  JSON.parse(Buffer.from(seal.payload).toString('utf8')) as QldbRecord;

function verifiedSeals(page: HistoryPage__Output): SealedEvent__Output[] {
  return page.revisions.map((revision) => {
    const seal = revision.seal;
    const proof = revision.inclusionProof;
    if (seal === null || proof === null) throw new Error('revision without seal or proof');
    expect(verifySealHash(seal), `seal ${seal.sequenceNumber}`).to.equal(true);
    verifyInclusion(
      sealLeafHashChecked(parseReceiptSeal(sealJson(seal))),
      Number(seal.sequenceNumber) - 1,
      Number(page.treeSize),
      proof.hashes.map((h) => fromHex(h, 'hash', 32)),
      fromHex(page.rootHash, 'root_hash', 32),
    );
    return seal;
  });
}

describe('ledger qldb import on the real network', function () {
  this.timeout(300_000);
  let dev: DevGateway;
  const folders: string[] = [];

  before(async () => {
    dev = await startDevGateway('org1', 'qldb-import');
  });

  after(async () => {
    await dev.stop();
    for (const d of folders) fs.rmSync(d, { recursive: true, force: true });
  });

  /** The gateway's history of a key once it lists `count` revisions (it seals from its peer's blocks). */
  async function sealedHistory(
    key: string,
    count: number,
    counts: (seal: SealedEvent__Output) => boolean = () => true,
  ): Promise<HistoryPage__Output> {
    let page: HistoryPage__Output | undefined;
    await waitFor(
      `the gateway lists ${count} revision(s) of ${key}`,
      async () => {
        try {
          page = await dev.client.getHistory({ key, pageSize: 500 });
          return page.revisions.filter((r) => r.seal !== null && counts(r.seal)).length >= count;
        } catch {
          return false;
        }
      },
      { timeoutMs: 120_000, intervalMs: 250 },
    );
    return page as HistoryPage__Output;
  }

  it('journals every revision as a qldb-revision entry whose record proves the revision, lists a document under qldb/<table>/<id>, and seals the anchor', async () => {
    const fixture = makeExport('qldb-import', 6, 3);
    folders.push(fixture.dir);
    const ledgerName = uniqueId('qi');
    const checkpoint = path.join(fixture.dir, 'import.checkpoint.json');
    const run = await runLedgerCli([
      'qldb',
      'import',
      fixture.dir,
      '--digest',
      fixture.digestFile,
      '--ledger-name',
      ledgerName,
      '--checkpoint',
      checkpoint,
      '--batch',
      '5',
      '--in-flight',
      '1',
    ]);
    expect(run.stderr).to.equal('');
    expect(run.code).to.equal(0);
    const report = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(report).to.include({
      ok: true,
      revisions: fixture.revisions,
      imported: fixture.revisions,
      skipped: 0,
    });

    const anchorKey = `import/Org1MSP/qldb/${ledgerName}/anchor/StrandA:5`;
    const [anchor] = verifiedSeals(await sealedHistory(anchorKey, 1));
    expect(anchor!.entryType).to.equal('qldb-anchor');
    expect(anchor!.submitterMspId).to.equal('Org1MSP');
    expect(recordOf(anchor!)).to.include({
      revisionCount: fixture.revisions,
      digest: (report.anchor as { digest: string }).digest,
    });

    // doc0: inserted in block 0 of each strand, redacted in block 1, deleted in block 2 (typicalStrand).
    // Other imports may hold a doc0 of table VehicleRegistration too: count this ledger's.
    const ofThisLedger = (seal: SealedEvent__Output): boolean => recordOf(seal).ledgerName === ledgerName;
    const page = await sealedHistory('qldb/VehicleRegistration/doc0', 6, ofThisLedger);
    const history = verifiedSeals(page).filter(ofThisLedger);
    expect(history.map((s) => s.entryType)).to.deep.equal(Array(6).fill('qldb-revision'));
    expect(history.map((s) => recordOf(s).version)).to.deep.equal([0, 1, 2, 0, 1, 2]);
    const full = history.map(recordOf).find((r) => r.kind === 'full');
    expect(full, 'a full revision of doc0').to.not.equal(undefined);
    const recomputed = dot(
      ionHashOfEncoded(ionTextOfJson(full!.metadata)),
      ionHashOfEncoded(ionTextOfJson(full!.data)),
    );
    expect(Buffer.from(recomputed).toString('base64')).to.equal(full!.revisionHash);
    // The anchor was sealed after every revision.
    expect(history.every((s) => Number(s.sequenceNumber) < Number(anchor!.sequenceNumber))).to.equal(true);
  });

  it('resumes an import killed mid-run and journals every revision exactly once', async () => {
    const fixture = makeExport('qldb-resume', 60, 20);
    folders.push(fixture.dir);
    const ledgerName = uniqueId('qr');
    const checkpoint = path.join(fixture.dir, 'resume.checkpoint.json');
    const args = [
      'qldb',
      'import',
      fixture.dir,
      '--digest',
      fixture.digestFile,
      '--ledger-name',
      ledgerName,
      '--checkpoint',
      checkpoint,
      '--batch',
      '8',
      '--in-flight',
      '2',
    ];
    const child = spawn(process.execPath, [LEDGER_BIN, ...args], { stdio: 'ignore', detached: true });
    const exited = new Promise<void>((resolve) =>
      child.once('exit', () => {
        resolve();
      }),
    );
    const committed = (): number => {
      try {
        return (JSON.parse(fs.readFileSync(checkpoint, 'utf8')) as { committed: number }).committed;
      } catch {
        return 0;
      }
    };
    await waitFor('the first import has committed 40 revisions', () => committed() >= 40, {
      timeoutMs: 120_000,
      intervalMs: 50,
    });
    process.kill(-(child.pid as number), 'SIGKILL');
    await exited;
    const killedAt = committed();
    expect(killedAt).to.be.below(fixture.revisions);

    const rerun = await runLedgerCli(args);
    expect(rerun.stderr).to.equal('');
    expect(rerun.code).to.equal(0);
    const report = JSON.parse(rerun.stdout) as {
      imported: number;
      skipped: number;
      resumedAfter: number;
      revisions: number;
    };
    expect(report.resumedAfter).to.equal(killedAt);
    expect(report.resumedAfter + report.imported + report.skipped).to.equal(fixture.revisions);

    await sealedHistory(`import/Org1MSP/qldb/${ledgerName}/anchor/StrandA:59`, 1);
    const tip = Number((await dev.client.getDigest()).treeSize);
    const seals: SealedEvent__Output[] = [];
    await new Promise<void>((resolve, reject) => {
      const stream = dev.client.streamEvents({
        fromSequence: '1',
        toSequence: String(tip),
        entryTypes: ['qldb-revision'],
        keyPrefix: `qldb/${ledgerName}/`,
      });
      stream.on('data', (item: StreamItem__Output) => {
        if (item.seal != null) seals.push(item.seal);
      });
      stream.on('error', reject);
      stream.on('end', () => {
        resolve();
      });
    });
    const ids = seals.map((s) => s.eventId);
    expect(new Set(ids).size, 'distinct import ids').to.equal(ids.length);
    expect(ids).to.have.length(fixture.revisions);
  });
});

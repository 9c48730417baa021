import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect } from 'chai';
import { runQldbImport } from '@gateway/cli/qldbCommand';
import type { ImportConnector } from '@gateway/migration/importConnector';
import type { ImportItem } from '@gateway/migration/importBatches';
import {
  digestAndProofs,
  flipBit,
  tempDir,
  typicalStrand,
  writeExport,
} from '@test-support/qldbExportBuilder';

/** A chaincode stand-in with the same rule as Migration:ImportEntries: an id imported before is skipped. */
function fakeLedger(): { journal: ImportItem[]; connector: ImportConnector; connects: number } {
  const journal: ImportItem[] = [];
  const seen = new Set<string>();
  const state = { journal, connects: 0, connector: undefined as unknown as ImportConnector };
  state.connector = () => {
    state.connects++;
    return {
      submit: (items) => {
        const imported = items.filter((i) => !seen.has(i.importId));
        for (const i of imported) seen.add(i.importId);
        journal.push(...imported);
        return Promise.resolve({
          imported: imported.map((i) => i.importId),
          skipped: items.filter((i) => !imported.includes(i)).map((i) => i.importId),
          conflicts: [],
        });
      },
      close: () => undefined,
    };
  };
  return state;
}

async function run(
  argv: string[],
  connector: ImportConnector,
): Promise<{ status: number; report: Record<string, unknown>; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const status = await runQldbImport(
    argv,
    { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) },
    connector,
    {},
  );
  return {
    status,
    stderr,
    report: stdout.trim() === '' ? {} : (JSON.parse(stdout) as Record<string, unknown>),
  };
}

describe('ledger qldb import', () => {
  const dirs: string[] = [];
  const strand = typicalStrand('StrandA', 6);
  const proofs = digestAndProofs(strand, 5);
  let exportDir: string;
  let work: string;
  let digestFile: string;

  before(() => {
    exportDir = tempDir('import-export');
    work = tempDir('import-work');
    dirs.push(exportDir, work);
    writeExport(exportDir, { exportId: 'exp1', format: 'ION_BINARY', strands: { StrandA: [strand] } });
    digestFile = path.join(work, 'digest.json');
    fs.writeFileSync(digestFile, proofs.digestJson);
  });

  after(() => {
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  it('verifies, imports every revision then the anchor, and reports the rate', async () => {
    const ledger = fakeLedger();
    const checkpoint = path.join(work, 'first.checkpoint.json');
    const r = await run(
      [exportDir, '--digest', digestFile, '--checkpoint', checkpoint, '--batch', '4'],
      ledger.connector,
    );
    expect(r.stderr).to.equal('');
    expect(r.status).to.equal(0);
    const revisions = strand.reduce((n, b) => n + (b.revisions?.length ?? 0), 0);
    expect(r.report).to.include({
      ok: true,
      ledgerName: 'vehicle-registration',
      revisions,
      imported: revisions,
      skipped: 0,
    });
    expect(ledger.journal).to.have.length(revisions + 1);
    expect(ledger.journal.at(-1)).to.include({
      type: 'qldb-anchor',
      importId: 'qldb/vehicle-registration/anchor/StrandA:5',
    });
    expect(ledger.journal.at(-1)!.record).to.include({
      digest: proofs.digest.toString('base64'),
      revisionCount: revisions,
    });
    expect(JSON.parse(fs.readFileSync(checkpoint, 'utf8'))).to.include({
      committed: revisions + 1,
      total: revisions + 1,
    });
    expect(r.report.revisionsPerSecond).to.be.a('number');
  });

  it('resumes from its checkpoint, and with no checkpoint imports nothing twice', async () => {
    const ledger = fakeLedger();
    const checkpoint = path.join(work, 'resume.checkpoint.json');
    const argv = [
      exportDir,
      '--digest',
      digestFile,
      '--checkpoint',
      checkpoint,
      '--batch',
      '3',
      '--in-flight',
      '1',
    ];
    expect((await run(argv, ledger.connector)).status).to.equal(0);
    const once = ledger.journal.length;
    const again = await run(argv, ledger.connector);
    expect(again.report).to.include({ imported: 0, skipped: 0, resumedAfter: once - 1 });
    fs.rmSync(checkpoint);
    const fresh = await run(argv, ledger.connector);
    expect(fresh.report).to.include({ imported: 0, skipped: once - 1 });
    expect(ledger.journal).to.have.length(once);
  });

  it('imports nothing, and does not even connect, when the export does not verify', async () => {
    const tampered = tempDir('import-tampered');
    dirs.push(tampered);
    const forged = typicalStrand('StrandA', 6);
    forged[2]!.blockHash = flipBit(forged[2]!.blockHash);
    writeExport(tampered, { exportId: 'exp1', format: 'ION_TEXT', strands: { StrandA: [forged] } });
    const ledger = fakeLedger();
    const r = await run(
      [tampered, '--digest', digestFile, '--checkpoint', path.join(work, 'x.json')],
      ledger.connector,
    );
    expect(r.status).to.equal(1);
    expect(r.stderr).to.match(/^qldb import: FAILED at StrandA:2: /);
    expect(ledger.connects).to.equal(0);
    expect(ledger.journal).to.deep.equal([]);
  });

  it('refuses a command line without --digest, with a bad --batch or --org, naming the option', async () => {
    const ledger = fakeLedger();
    expect((await run([exportDir], ledger.connector)).stderr).to.match(/--digest FILE/);
    expect(
      (await run([exportDir, '--digest', digestFile, '--batch', '0'], ledger.connector)).stderr,
    ).to.match(/--batch: got 0/);
    const bad = await run([exportDir, '--digest', digestFile, '--org', 'acme'], ledger.connector);
    expect(bad.status).to.equal(2);
    expect(bad.stderr).to.match(/--org: got acme/);
    expect(ledger.connects).to.equal(0);
  });

  it('fails naming the first id the org imported before with other content', async () => {
    const connector: ImportConnector = () => ({
      submit: (items) =>
        Promise.resolve({ imported: [], skipped: [], conflicts: items.map((i) => i.importId) }),
      close: () => undefined,
    });
    const r = await run(
      [exportDir, '--digest', digestFile, '--checkpoint', path.join(work, 'c.json')],
      connector,
    );
    expect(r.status).to.equal(1);
    expect(r.stderr).to.match(
      /imported before by this org with other content, first qldb\/vehicle-registration\/StrandA:0\/0/,
    );
  });
});

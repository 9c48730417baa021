import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect } from 'chai';
import { runQldbCommand } from '@gateway/cli/qldbCommand';
import type { OutputFormat } from '@gateway/qldb/exportObjects';
import {
  digestAndProofs,
  flipBit,
  tempDir,
  typicalStrand,
  writeExport,
  type BlockModel,
} from '@test-support/qldbExportBuilder';

interface Run {
  status: number;
  stdout: string;
  stderr: string;
  report: Record<string, unknown>;
}

async function run(...argv: string[]): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const status = await runQldbCommand(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  const first = stdout.trim().startsWith('{') ? (JSON.parse(stdout) as Record<string, unknown>) : {};
  return { status, stdout, stderr, report: first };
}

const dirs: string[] = [];
function dir(label: string): string {
  const d = tempDir(label);
  dirs.push(d);
  return d;
}

function file(d: string, name: string, text: string): string {
  const f = path.join(d, name);
  fs.writeFileSync(f, text);
  return f;
}

interface BlockReportShape {
  address: string;
  checks: string[];
  transactionInfo: string;
  revisions: { kind: string; level: string; reason?: string }[];
}

describe('ledger qldb verify', () => {
  after(() => {
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  const strandA = typicalStrand('StrandA', 9);
  const strandB = typicalStrand('StrandB', 4);

  for (const format of ['ION_TEXT', 'ION_BINARY', 'JSON'] as OutputFormat[]) {
    it(`verifies a two-strand ${format} export whose strands span several data objects`, async () => {
      const d = dir(format);
      writeExport(d, {
        exportId: `exp${format}`,
        format,
        strands: { StrandA: [strandA.slice(0, 3), strandA.slice(3, 9)], StrandB: [strandB] },
      });
      const r = await run('verify', d);
      expect(r.stderr).to.equal('');
      expect(r.status).to.equal(0);
      expect(r.report.strands).to.have.length(2);
      expect(r.report.blocks).to.have.length(13);
    });
  }

  it('reads an ION_TEXT export whose started manifest leaves outputFormat out', async () => {
    const d = dir('default');
    writeExport(d, {
      exportId: 'e1',
      format: 'ION_TEXT',
      omitOutputFormat: true,
      strands: { StrandA: [strandA.slice(0, 2)] },
    });
    expect((await run('verify', d)).status).to.equal(0);
  });

  it('reports per revision what a JSON Lines export cannot prove, and an Ion export can', async () => {
    const json = dir('json-levels');
    const ion = dir('ion-levels');
    const strands = { StrandA: [strandA.slice(0, 3)] };
    writeExport(json, { exportId: 'ej', format: 'JSON', strands });
    writeExport(ion, { exportId: 'ei', format: 'ION_BINARY', strands });
    const jsonBlocks = (await run('verify', json)).report.blocks as BlockReportShape[];
    const ionBlocks = (await run('verify', ion)).report.blocks as BlockReportShape[];
    expect(jsonBlocks[1]!.revisions.map((r) => r.level)).to.deep.equal(['in-block', 'in-block', 'in-block']);
    expect(jsonBlocks[1]!.revisions[0]!.reason).to.contain('Ion types were lost');
    expect(jsonBlocks[1]!.transactionInfo).to.equal('not-recomputable');
    expect(ionBlocks[1]!.revisions.map((r) => r.level)).to.deep.equal([
      'recomputed',
      'in-block',
      'recomputed-from-data-hash',
    ]);
    expect(ionBlocks[1]!.checks).to.include('transactionInfo');
  });

  it('joins several exports of one ledger given as several folders', async () => {
    const first = dir('join1');
    const second = dir('join2');
    writeExport(first, { exportId: 'e1', format: 'ION_TEXT', strands: { StrandA: [strandA.slice(0, 5)] } });
    writeExport(second, { exportId: 'e2', format: 'JSON', strands: { StrandA: [strandA.slice(5)] } });
    const r = await run('verify', second, first, '--summary');
    expect(r.status).to.equal(0);
    expect(r.report.blocks).to.equal(9);
    expect((r.report.strands as { sources: string[] }[])[0]!.sources).to.deep.equal(['e1', 'e2']);
  });

  it('refuses a gap between two exports in one folder, exit 1, naming the addresses', async () => {
    const d = dir('gap');
    writeExport(d, { exportId: 'e1', format: 'ION_TEXT', strands: { StrandA: [strandA.slice(0, 3)] } });
    writeExport(d, { exportId: 'e2', format: 'ION_TEXT', strands: { StrandA: [strandA.slice(4)] } });
    const r = await run('verify', d);
    expect(r.status).to.equal(1);
    expect(r.stderr).to.contain('gap between exports: e1 ends at StrandA:2, e2 starts at StrandA:4');
  });

  it('names each export read: id, ledger, format and data objects', async () => {
    const d = dir('described');
    writeExport(d, {
      exportId: 'e1',
      format: 'ION_BINARY',
      strands: { StrandA: [strandA.slice(0, 2), strandA.slice(2, 4)] },
    });
    expect((await run('verify', d, '--summary')).report.exports).to.deep.equal([
      {
        folder: d,
        exportId: 'e1',
        ledgerName: 'vehicle-registration',
        outputFormat: 'ION_BINARY',
        dataObjects: 2,
      },
    ]);
  });

  it('refuses exports of two different ledgers', async () => {
    const first = dir('ledger1');
    const second = dir('ledger2');
    writeExport(first, { exportId: 'e1', format: 'ION_TEXT', strands: { StrandA: [strandA.slice(0, 2)] } });
    writeExport(second, {
      exportId: 'e2',
      format: 'ION_TEXT',
      ledgerName: 'another-ledger',
      strands: { StrandA: [strandA.slice(2, 4)] },
    });
    const r = await run('verify', first, second);
    expect(r.status).to.equal(1);
    expect(r.stderr).to.contain(
      'exports of different ledgers (e1: vehicle-registration, e2: another-ledger)',
    );
  });

  it('refuses a started manifest whose exportId is not the one its name carries', async () => {
    const d = dir('renamed');
    writeExport(d, { exportId: 'e1', format: 'ION_TEXT', strands: { StrandA: [strandA.slice(0, 2)] } });
    fs.renameSync(path.join(d, 'e1.started.manifest'), path.join(d, 'e9.started.manifest'));
    expect((await run('verify', d)).stderr).to.contain('e9.started.manifest: its exportId is e1');
  });

  it('refuses an overlap between two exports', async () => {
    const d = dir('overlap');
    writeExport(d, { exportId: 'e1', format: 'ION_TEXT', strands: { StrandA: [strandA.slice(0, 4)] } });
    writeExport(d, { exportId: 'e2', format: 'ION_TEXT', strands: { StrandA: [strandA.slice(2)] } });
    expect((await run('verify', d)).stderr).to.contain(
      'overlap between exports: e1 ends at StrandA:3, e2 starts at StrandA:2',
    );
  });

  it('refuses data objects listed out of order in the completed manifest', async () => {
    const d = dir('reorder');
    writeExport(d, {
      exportId: 'e1',
      format: 'ION_TEXT',
      strands: { StrandA: [strandA.slice(3, 6), strandA.slice(0, 3)] },
    });
    const r = await run('verify', d);
    expect(r.status).to.equal(1);
    expect(r.report.failure).to.include({ field: 'blockAddress.sequenceNo', expected: '6', computed: '0' });
  });

  it('names the block, field, expected and computed hash of the first failure', async () => {
    const d = dir('flip');
    const models = typicalStrand('StrandA', 4);
    (models[2] as BlockModel).blockHash = flipBit((models[2] as BlockModel).blockHash);
    writeExport(d, { exportId: 'e1', format: 'ION_BINARY', strands: { StrandA: [models] } });
    const r = await run('verify', d);
    expect(r.status).to.equal(1);
    const f = r.report.failure as Record<string, string>;
    expect(f).to.include({ address: 'StrandA:2', field: 'blockHash' });
    expect(r.stderr)
      .to.contain(`StrandA:2: blockHash`)
      .and.to.contain(`expected ${f.expected}, computed ${f.computed}`);
  });

  it('refuses a data object whose blocks are not the range its name declares', async () => {
    const d = dir('range');
    writeExport(d, { exportId: 'e1', format: 'ION_TEXT', strands: { StrandA: [strandA.slice(0, 3)] } });
    const object = path.join(d, '2024', '05', '01', '10', 'StrandA.0-2.ion');
    fs.writeFileSync(object, fs.readFileSync(object, 'utf8').split('\n').slice(0, 2).join('\n'));
    expect((await run('verify', d)).stderr).to.contain('its name declares blocks 0-2, it holds 0-1');
  });

  it('refuses an export whose data object is missing, or that has no completed manifest', async () => {
    const d = dir('missing');
    writeExport(d, { exportId: 'e1', format: 'ION_TEXT', strands: { StrandA: [strandA.slice(0, 3)] } });
    fs.rmSync(path.join(d, '2024', '05', '01', '10', 'StrandA.0-2.ion'));
    expect((await run('verify', d)).stderr).to.contain(
      'data object journalExport/2024/05/01/10/StrandA.0-2.ion: not found',
    );
    fs.rmSync(path.join(d, 'e1.StrandA.completed.manifest'));
    expect((await run('verify', d)).stderr).to.contain('no completed manifest');
  });

  describe('with a digest and proofs', () => {
    const d = dir('proofs');
    writeExport(d, { exportId: 'e1', format: 'ION_TEXT', strands: { StrandA: [strandA.slice(0, 6)] } });
    const answers = digestAndProofs(strandA, 5);
    const digest = file(d, 'digest.json', answers.digestJson);
    const block = file(d, 'block.json', answers.blockJson(5));
    const revision = file(d, 'revision.json', answers.revisionJson(4, 0));

    it('folds a GetBlock proof and a GetRevision proof to the digest, and places the digest tip', async () => {
      const r = await run(
        'verify',
        d,
        '--digest',
        digest,
        '--block',
        block,
        '--revision',
        revision,
        '--summary',
      );
      expect(r.stderr).to.equal('');
      expect(r.status).to.equal(0);
      expect(r.report.digest).to.include({ tipAddress: 'StrandA:5', tip: 'in-export' });
      expect(r.report.proofs).to.deep.equal([
        { source: block, kind: 'block', address: 'StrandA:5', foldsToDigest: true, inExport: true },
        {
          source: revision,
          kind: 'revision',
          address: 'StrandA:4',
          foldsToDigest: true,
          inExport: true,
          revision: { index: 0, kind: 'full', documentId: 'doc4', version: 0, level: 'recomputed' },
        },
      ]);
    });

    it('fails a proof with one flipped bit, naming the proof', async () => {
      const proof = JSON.parse(answers.blockJson(5)) as { Proof: { IonText: string } };
      const tampered = proof.Proof.IonText.replace(
        /\{\{(.)/,
        (_m, ch: string) => `{{${ch === 'A' ? 'B' : 'A'}`,
      );
      const bad = file(d, 'bad-block.json', JSON.stringify({ ...proof, Proof: { IonText: tampered } }));
      const r = await run('verify', d, '--digest', digest, '--block', bad);
      expect(r.status).to.equal(1);
      expect(r.report.failure).to.include({ address: `StrandA:5 (${bad})`, field: 'Proof' });
    });

    it('fails a digest that is not the proofs\u2019 root', async () => {
      const other = JSON.parse(answers.digestJson) as { Digest: string };
      const wrong = file(
        d,
        'wrong-digest.json',
        JSON.stringify({ ...other, Digest: flipBit(Buffer.from(other.Digest, 'base64')).toString('base64') }),
      );
      expect((await run('verify', d, '--digest', wrong, '--block', block)).status).to.equal(1);
    });

    it('fails a GetBlock answer whose block hash differs from the exported block', async () => {
      const elsewhere = digestAndProofs(typicalStrand('StrandA', 6, 0, flipBit(Buffer.alloc(32, 1))), 5);
      const foreignDigest = file(d, 'foreign-digest.json', elsewhere.digestJson);
      const foreignBlock = file(d, 'foreign-block.json', elsewhere.blockJson(5));
      const r = await run('verify', d, '--digest', foreignDigest, '--block', foreignBlock);
      expect(r.report.failure).to.include({ field: 'blockHash' });
    });

    it('refuses a digest of a strand the export does not hold', async () => {
      const other = digestAndProofs(typicalStrand('StrandZ', 2), 1);
      const r = await run('verify', d, '--digest', file(d, 'z.json', other.digestJson));
      expect(r.report.failure).to.include({ field: 'DigestTipAddress.strandId' });
    });

    it('says when the digest covers blocks beyond the export', async () => {
      const later = file(d, 'later.json', digestAndProofs(strandA, 8).digestJson);
      expect((await run('verify', d, '--digest', later, '--summary')).report.digest).to.include({
        tip: 'beyond-export',
      });
    });

    it('refuses a digest file without DigestTipAddress, naming the field', async () => {
      const r = await run(
        'verify',
        d,
        '--digest',
        file(
          d,
          'nodigest.json',
          JSON.stringify({ Digest: (JSON.parse(answers.digestJson) as { Digest: string }).Digest }),
        ),
      );
      expect(r.status).to.equal(1);
      expect(r.stderr).to.contain('DigestTipAddress');
    });
  });

  describe('usage', () => {
    it('prints help with exit 0', async () => {
      const r = await run('verify', '--help');
      expect(r.status).to.equal(0);
      expect(r.stdout).to.contain('Usage: ledger qldb verify [options] <DIR...>');
    });

    it('exits 2 without a folder, for an unknown option, and for a proof without --digest', async () => {
      expect((await run('verify')).status).to.equal(2);
      expect((await run('verify', 'x', '--frobnicate')).status).to.equal(2);
      expect((await run('verify', 'x', '--block', 'b.json')).stderr).to.contain('need --digest');
      expect((await run('frobnicate')).status).to.equal(2);
    });

    it('is wired into the ledger command: ledger qldb verify runs it and sets the exit status', function () {
      this.timeout(60_000);
      const bin = path.join(__dirname, '..', '..', '..', '..', 'gateway', 'bin', 'ledger.js');
      const d = dir('bin');
      writeExport(d, { exportId: 'e1', format: 'ION_TEXT', strands: { StrandA: [strandA.slice(0, 2)] } });
      // The command from its TypeScript source: unit tests need no build.
      const env = { ...process.env, LEDGER_CLI_SOURCE: '1' };
      const ok = spawnSync(process.execPath, [bin, 'qldb', 'verify', d, '--summary'], {
        env,
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(ok.status, ok.stderr).to.equal(0);
      expect(JSON.parse(ok.stdout)).to.include({ ok: true, blocks: 2 });
      const listed = spawnSync(process.execPath, [bin], { env, encoding: 'utf8', timeout: 60_000 });
      expect(listed.stdout).to.contain('qldb verify');
    });

    it('exits 1 for a folder that holds no export', async () => {
      const r = await run('verify', dir('empty'));
      expect(r.status).to.equal(1);
      expect(r.stderr).to.contain('not a QLDB journal export');
    });
  });
});

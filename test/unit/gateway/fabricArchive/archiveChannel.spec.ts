import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { expect } from 'chai';
import { archiveChannel, type ArchiveRunReport } from '@gateway/fabricArchive/archiveChannel';
import { ArchiveVerificationError } from '@gateway/fabricArchive/archiveFailure';
import { blockFileName, INDEX_FILE, MANIFEST_FILE } from '@gateway/fabricArchive/archiveLayout';
import { ArchiveFolderError, openArchiveWriter } from '@gateway/fabricArchive/archiveStore';
import type { DeliverClient } from '@gateway/fabricArchive/deliverBlocks';
import type { SeekPoint } from '@gateway/fabricArchive/seekRequest';
import { verifyArchiveFolder } from '@gateway/fabricArchive/verifyArchive';
import { withFlippedDataByte, withWrongOrdererSignature } from '@test-support/fabricBlockTamper';
import { CHANNEL, FIXTURE_HEIGHT, fixtureBlock } from './fixtureBlocks';

/** A Deliver service over the fixture blocks; `replace` swaps blocks; records the ranges asked. */
function fakeDeliver(
  replace: ReadonlyMap<number, Uint8Array> = new Map(),
  height = FIXTURE_HEIGHT,
): { client: DeliverClient; asked: [SeekPoint, SeekPoint][] } {
  const asked: [SeekPoint, SeekPoint][] = [];
  const client: DeliverClient = {
    height: () => Promise.resolve(height),
    async *blocks(start, stop) {
      asked.push([start, stop]);
      const from = start === 'newest' ? height - 1 : start.block;
      const to = stop === 'newest' ? height - 1 : stop.block;
      for (let n = from; n <= to; n++) {
        await Promise.resolve();
        yield replace.get(n) ?? fixtureBlock(n);
      }
    },
    close: () => undefined,
  };
  return { client, asked };
}

const ARCHIVED_BY = { mspId: 'Org1MSP', subject: 'CN=auditor1' };

function run(dir: string, deliver: DeliverClient): Promise<ArchiveRunReport> {
  return archiveChannel({
    dir,
    channel: CHANNEL,
    source: 'peer',
    endpoint: '127.0.0.1:7100',
    archivedBy: ARCHIVED_BY,
    deliver,
  });
}

describe('archiveChannel and verifyArchiveFolder', function () {
  let work: string;
  beforeEach(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'fabric-archive-unit-'));
  });
  afterEach(() => {
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('stores every block with its index line and a manifest, and the stored archive verifies', async () => {
    const dir = path.join(work, 'a');
    const progress: number[] = [];

    const report = await archiveChannel({
      dir,
      channel: CHANNEL,
      source: 'peer',
      endpoint: '127.0.0.1:7100',
      archivedBy: ARCHIVED_BY,
      deliver: fakeDeliver().client,
      onProgress: (done) => progress.push(done),
    });

    expect(report).to.include({ ok: true, height: FIXTURE_HEIGHT, resumedFrom: 0, fetched: FIXTURE_HEIGHT });
    expect(progress).to.deep.equal([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(fs.readFileSync(path.join(dir, 'blocks', blockFileName(4))).equals(fixtureBlock(4))).to.equal(
      true,
    );
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, MANIFEST_FILE), 'utf8')) as Record<
      string,
      unknown
    >;
    expect(manifest).to.include({ channel: CHANNEL, source: 'peer', height: FIXTURE_HEIGHT });
    expect(manifest.genesisHeaderHash).to.equal(report.genesisHeaderHash);
    const verified = verifyArchiveFolder(dir);
    expect(verified).to.include({ ok: true, blocks: FIXTURE_HEIGHT, transactions: 9, validTransactions: 9 });
    expect(verified.configBlocks).to.deep.equal([0, 6]);
  });

  it('stores nothing of a block that does not verify, and names it', async () => {
    const dir = path.join(work, 'bad');
    const bad = new Map([[5, withWrongOrdererSignature(fixtureBlock(5))]]);

    const failure = await run(dir, fakeDeliver(bad).client).then(
      () => undefined,
      (err: unknown) => (err instanceof ArchiveVerificationError ? err.failure : err),
    );

    expect(failure).to.deep.include({ blockNumber: 5, field: 'ordererSignature' });
    expect(fs.existsSync(path.join(dir, 'blocks', blockFileName(5)))).to.equal(false);
    expect(fs.readFileSync(path.join(dir, INDEX_FILE), 'utf8').trim().split('\n')).to.have.length(5);
  });

  it('resumes after the last indexed block: a torn index line is cut, an unindexed block file replaced', async () => {
    const dir = path.join(work, 'resume');
    await run(dir, fakeDeliver(new Map(), 4).client);
    fs.appendFileSync(path.join(dir, INDEX_FILE), '{"number":4,"head');
    fs.writeFileSync(path.join(dir, 'blocks', blockFileName(4)), 'left by a killed run');
    const deliver = fakeDeliver();

    const report = await run(dir, deliver.client);

    expect(report).to.include({ resumedFrom: 4, fetched: 5, height: FIXTURE_HEIGHT });
    expect(deliver.asked).to.deep.equal([[{ block: 4 }, { block: 8 }]]);
    expect(verifyArchiveFolder(dir)).to.include({ ok: true, blocks: FIXTURE_HEIGHT, unindexedBlocks: 0 });
  });

  it('fetches nothing when the archive is complete', async () => {
    const dir = path.join(work, 'done');
    await run(dir, fakeDeliver().client);
    const deliver = fakeDeliver();

    const report = await run(dir, deliver.client);

    expect(report).to.include({ resumedFrom: FIXTURE_HEIGHT, fetched: 0 });
    expect(deliver.asked).to.deep.equal([]);
  });

  it('refuses to resume when the last indexed block does not match its stored file', async () => {
    const dir = path.join(work, 'changed');
    await run(dir, fakeDeliver(new Map(), 4).client);
    fs.writeFileSync(path.join(dir, 'blocks', blockFileName(3)), fixtureBlock(2));

    expect(() => openArchiveWriter(dir, CHANNEL)).to.throw(
      ArchiveFolderError,
      /block 3: the stored block's header hash/,
    );
  });

  it('refuses a folder with other files, an archive of another channel, and a planted index symlink', async () => {
    const other = path.join(work, 'other');
    fs.mkdirSync(other);
    fs.writeFileSync(path.join(other, 'x'), '');
    const dir = path.join(work, 'archive');
    await run(dir, fakeDeliver(new Map(), 2).client);
    const planted = path.join(work, 'planted');
    fs.cpSync(dir, planted, { recursive: true });
    fs.writeFileSync(path.join(work, 'elsewhere'), '');
    fs.rmSync(path.join(planted, INDEX_FILE));
    fs.symlinkSync(path.join(work, 'elsewhere'), path.join(planted, INDEX_FILE));

    expect(() => openArchiveWriter(other, CHANNEL)).to.throw(ArchiveFolderError, /not empty/);
    expect(() => openArchiveWriter(dir, 'another')).to.throw(
      ArchiveFolderError,
      /channel ledger, not another/,
    );
    expect(() => openArchiveWriter(planted, CHANNEL)).to.throw(
      ArchiveFolderError,
      /index.jsonl is not a regular file/,
    );
    expect(fs.readFileSync(path.join(work, 'elsewhere'), 'utf8')).to.equal('');
  });

  it('verify-archive refuses a flipped byte, a wrong signature and a deleted block file, naming the block', async () => {
    const dir = path.join(work, 'clean');
    await run(dir, fakeDeliver().client);
    const copy = (name: string, change: (blocks: string) => void): string => {
      const to = path.join(work, name);
      fs.cpSync(dir, to, { recursive: true });
      change(path.join(to, 'blocks'));
      return to;
    };
    const file = (blocks: string, n: number): string => path.join(blocks, blockFileName(n));
    const flipped = copy('flipped', (b) => {
      fs.writeFileSync(file(b, 6), withFlippedDataByte(fixtureBlock(6)));
    });
    const signature = copy('signature', (b) => {
      fs.writeFileSync(file(b, 5), withWrongOrdererSignature(fixtureBlock(5)));
    });
    const missing = copy('missing', (b) => {
      fs.rmSync(file(b, 3));
    });
    const missingLast = copy('missing-last', (b) => {
      fs.rmSync(file(b, 8));
    });

    expect(verifyArchiveFolder(flipped).failure).to.deep.include({ blockNumber: 6, field: 'dataHash' });
    expect(verifyArchiveFolder(signature).failure).to.deep.include({
      blockNumber: 5,
      field: 'ordererSignature',
    });
    expect(verifyArchiveFolder(missing).failure).to.deep.equal({
      blockNumber: 3,
      field: 'number',
      detail: 'block 3 is missing: the next block file is block 4',
    });
    expect(verifyArchiveFolder(missingLast).failure).to.deep.include({
      blockNumber: 8,
      detail: 'block 8 is missing: the index lists 9 blocks',
    });
    expect(verifyArchiveFolder(dir).ok).to.equal(true);
  });
});

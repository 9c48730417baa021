// `ledger fabric archive` and `verify-archive` on the real network's `ledger` channel: every block
// pulled over the Deliver service, verified and stored; tampered copies refused naming the block; a
// stopped run resumed to the same archive.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { expect } from 'chai';
import { BLOCKS_DIR, blockFileName, INDEX_FILE } from '@gateway/fabricArchive/archiveLayout';
import { importRecordsOfBlock } from '@gateway/fabricArchive/importRecords';
import type { ArchiveReport } from '@gateway/fabricArchive/verifyArchive';
import { withFlippedDataByte, withWrongOrdererSignature } from '@test-support/fabricBlockTamper';
import { runLedgerCli, type LedgerRun } from '@test-support/ledgerCli';
import { foreignCredentials } from '@test-support/testCertificates';
import { layout, openLedger, submitWrite, uniqueId } from '@test-support/testNetwork';
import { waitFor } from '@test-support/waitFor';
import { orgLayout } from '@gateway/fabric/networkLayout';

const LEDGER_BIN = path.resolve(__dirname, '..', '..', 'gateway', 'bin', 'ledger.js');

interface ArchiveRun {
  readonly ok: boolean;
  readonly height: number;
  readonly resumedFrom: number;
  readonly fetched: number;
  readonly blocksPerSecond: number;
}

const blockFile = (dir: string, n: number): string => path.join(dir, BLOCKS_DIR, blockFileName(n));
const indexLines = (dir: string): string[] =>
  fs
    .readFileSync(path.join(dir, INDEX_FILE), 'utf8')
    .split('\n')
    .filter((l) => l !== '');

function copyArchive(from: string, to: string): string {
  fs.cpSync(from, to, { recursive: true });
  return to;
}

function report(run: LedgerRun): ArchiveReport {
  return JSON.parse(run.stdout) as ArchiveReport;
}

describe('ledger fabric archive on the ledger channel', function () {
  this.timeout(240_000);
  let work: string;
  let clean: string;
  let cleanRun: ArchiveRun;
  const submittedTxIds: string[] = [];
  const peerEndpoint = orgLayout(layout, 'org1').peerEndpoint;
  let configUpdateBlock: number;

  async function submitAccounts(count: number): Promise<void> {
    const session = openLedger('org1', 'teller1');
    try {
      for (let i = 0; i < count; i++) {
        const account = uniqueId('arch');
        const opened = await submitWrite(
          session.contract,
          'Accounts:OpenAccount',
          account,
          'cust-arch',
          'USD',
        );
        submittedTxIds.push(opened.commit.transactionId);
      }
    } finally {
      session.close();
    }
  }

  before(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'fabric-archive-'));
    await submitAccounts(2);
    // A configuration update in the middle of the channel: a user revoked puts Org1's CRL into the
    // channel configuration, so later blocks are checked against the configuration it put in force.
    const user = uniqueId('archrev');
    const added = await runLedgerCli(['users', 'add', '--org', 'org1', '--name', user, '--role', 'teller']);
    expect(added.code, added.stderr).to.equal(0);
    const revoked = await runLedgerCli(['users', 'revoke', '--org', 'org1', '--name', user]);
    expect(revoked.code, revoked.stderr).to.equal(0);
    configUpdateBlock = (JSON.parse(revoked.stdout) as { configBlock: number }).configBlock;
    await submitAccounts(2);
    clean = path.join(work, 'clean');
    const run = await runLedgerCli(['fabric', 'archive', '--out', clean]);
    expect(run.code, run.stderr).to.equal(0);
    cleanRun = JSON.parse(run.stdout) as ArchiveRun;
  });

  after(() => {
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('archives every block of the channel from the orderer, and verify-archive accepts the archive', async () => {
    expect(cleanRun.ok).to.equal(true);
    expect(cleanRun.resumedFrom).to.equal(0);
    expect(cleanRun.height).to.be.greaterThan(3);
    expect(fs.readdirSync(path.join(clean, BLOCKS_DIR))).to.have.length(cleanRun.height);
    process.stderr.write(
      `      (archived ${cleanRun.height} blocks at ${cleanRun.blocksPerSecond} blocks/s)\n`,
    );

    const verified = await runLedgerCli(['fabric', 'verify-archive', clean]);

    expect(verified.code, verified.stderr).to.equal(0);
    expect(report(verified)).to.include({ ok: true, blocks: cleanRun.height, channel: layout.channelName });
    expect(report(verified).configBlocks).to.include.members([0, configUpdateBlock]);
    const lastConfigs = indexLines(clean).map((l) => (JSON.parse(l) as { lastConfig: number }).lastConfig);
    expect(lastConfigs.slice(configUpdateBlock)).to.satisfy((all: number[]) =>
      all.every((n) => n === configUpdateBlock),
    );
    expect(lastConfigs[configUpdateBlock - 1]).to.not.equal(configUpdateBlock);
  });

  it("archives from a peer with the peers' validation flags, and the import records hold the submitted transactions", async () => {
    const dir = path.join(work, 'peer');
    const run = await runLedgerCli(['fabric', 'archive', '--peer', peerEndpoint, '--out', dir]);
    expect(run.code, run.stderr).to.equal(0);
    const verified = await runLedgerCli(['fabric', 'verify-archive', dir]);
    expect(verified.code, verified.stderr).to.equal(0);
    expect(report(verified).validTransactions).to.be.a('number');

    const height = (JSON.parse(run.stdout) as ArchiveRun).height;
    const records = Array.from({ length: height }, (_, n) =>
      importRecordsOfBlock(fs.readFileSync(blockFile(dir, n)), layout.channelName),
    ).flat();
    for (const txId of submittedTxIds) {
      const record = records.find((r) => r.txId === txId);
      expect(record, txId).to.not.equal(undefined);
      expect(record?.creatorMspId).to.equal('Org1MSP');
      expect(
        record?.writes.some((w) => w.namespace === layout.chaincodeName && w.key.startsWith('/')),
      ).to.equal(true);
    }
    const keep = process.env.FABRIC_ARCHIVE_FIXTURE_DIR;
    if (keep !== undefined) fs.cpSync(dir, keep, { recursive: true });
  });

  it('refuses a copy with one flipped byte in a stored block, naming the block and its data hash', async () => {
    const n = cleanRun.height - 1;
    const copy = copyArchive(clean, path.join(work, 'flipped'));
    fs.writeFileSync(blockFile(copy, n), withFlippedDataByte(fs.readFileSync(blockFile(copy, n))));

    const verified = await runLedgerCli(['fabric', 'verify-archive', copy]);

    expect(verified.code).to.equal(1);
    expect(report(verified).failure).to.deep.include({ blockNumber: n, field: 'dataHash' });
    expect(verified.stderr).to.contain(`block ${n}: dataHash`);
  });

  it('refuses a copy with a wrong orderer signature, naming the block', async () => {
    const n = cleanRun.height - 2;
    const copy = copyArchive(clean, path.join(work, 'signature'));
    fs.writeFileSync(blockFile(copy, n), withWrongOrdererSignature(fs.readFileSync(blockFile(copy, n))));

    const verified = await runLedgerCli(['fabric', 'verify-archive', copy]);

    expect(verified.code).to.equal(1);
    expect(report(verified).failure).to.deep.include({ blockNumber: n, field: 'ordererSignature' });
  });

  it('refuses a copy with a deleted block file, naming the missing block', async () => {
    const n = 2;
    const copy = copyArchive(clean, path.join(work, 'missing'));
    fs.rmSync(blockFile(copy, n));

    const verified = await runLedgerCli(['fabric', 'verify-archive', copy]);

    expect(verified.code).to.equal(1);
    expect(report(verified).failure).to.deep.include({ blockNumber: n, field: 'number' });
    expect(verified.stderr).to.contain(`block ${n} is missing`);
  });

  it('resumes a partial archive (torn index line, unindexed block file) to the same archive as a clean run', async () => {
    const keep = 3;
    const copy = copyArchive(clean, path.join(work, 'partial'));
    const lines = indexLines(copy);
    fs.writeFileSync(
      path.join(copy, INDEX_FILE),
      `${lines.slice(0, keep).join('\n')}\n${(lines[keep] ?? '').slice(0, 20)}`,
    );
    for (let n = keep + 1; n < cleanRun.height; n++) fs.rmSync(blockFile(copy, n));

    const run = await runLedgerCli(['fabric', 'archive', '--out', copy]);

    expect(run.code, run.stderr).to.equal(0);
    expect(JSON.parse(run.stdout)).to.include({ resumedFrom: keep, height: cleanRun.height });
    expect(indexLines(copy)).to.deep.equal(indexLines(clean));
    for (let n = 0; n < cleanRun.height; n++) {
      expect(
        fs.readFileSync(blockFile(copy, n)).equals(fs.readFileSync(blockFile(clean, n))),
        `block ${n}`,
      ).to.equal(true);
    }
  });

  it('resumes after the archive process is killed mid-run, and the result equals a clean archive', async () => {
    const dir = path.join(work, 'killed');
    const child = spawn(process.execPath, [LEDGER_BIN, 'fabric', 'archive', '--out', dir], {
      stdio: 'ignore',
    });
    const exited = new Promise<void>((resolve) => {
      child.on('exit', () => {
        resolve();
      });
    });
    await waitFor(
      'the first block is indexed',
      () => fs.existsSync(path.join(dir, INDEX_FILE)) && indexLines(dir).length > 0,
      {
        timeoutMs: 60_000,
        intervalMs: 5,
      },
    );
    child.kill('SIGKILL');
    await exited;

    const run = await runLedgerCli(['fabric', 'archive', '--out', dir]);

    expect(run.code, run.stderr).to.equal(0);
    expect((JSON.parse(run.stdout) as ArchiveRun).height).to.equal(cleanRun.height);
    expect(indexLines(dir)).to.deep.equal(indexLines(clean));
    const verified = await runLedgerCli(['fabric', 'verify-archive', dir]);
    expect(verified.code, verified.stderr).to.equal(0);
  });

  it('is refused by the orderer for an identity of no member org, and says so', async () => {
    const dir = path.join(work, 'foreign-identity');
    fs.mkdirSync(dir);
    const credentials = foreignCredentials(dir);
    fs.writeFileSync(path.join(dir, 'cert.pem'), credentials.clientCertPem);
    fs.writeFileSync(path.join(dir, 'key.pem'), credentials.clientKeyPem);
    const args = [
      '--msp-id',
      'Org1MSP',
      '--cert',
      path.join(dir, 'cert.pem'),
      '--key',
      path.join(dir, 'key.pem'),
    ];

    const run = await runLedgerCli(['fabric', 'archive', '--out', path.join(work, 'forbidden'), ...args]);

    expect(run.code).to.equal(1);
    expect(run.stderr).to.match(/answered 403 FORBIDDEN for channel ledger/);
  });

  it('refuses to archive into a folder that holds something else, and into a symbolic link', async () => {
    const planted = path.join(work, 'planted');
    fs.mkdirSync(planted);
    fs.writeFileSync(path.join(planted, 'notes.txt'), 'mine');
    const link = path.join(work, 'link');
    fs.symlinkSync(clean, link);

    const intoPlanted = await runLedgerCli(['fabric', 'archive', '--out', planted]);
    const intoLink = await runLedgerCli(['fabric', 'archive', '--out', link]);

    expect(intoPlanted.code).to.equal(1);
    expect(intoPlanted.stderr).to.contain('not empty');
    expect(intoLink.code).to.equal(1);
    expect(intoLink.stderr).to.contain('symbolic link');
  });
});

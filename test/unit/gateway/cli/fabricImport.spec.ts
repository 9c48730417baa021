import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { expect } from 'chai';
import { runFabricImport } from '@gateway/cli/fabricCommand';
import type { VerifiedArchive } from '@gateway/cli/fabricImport';
import type { ImportConnector } from '@gateway/migration/importConnector';
import type { ImportItem } from '@gateway/migration/importBatches';
import type { FabricTransaction } from '@gateway/migration/fabricImportItems';

const tx = (blockNumber: number, txIndex: number): FabricTransaction => ({
  channel: 'old',
  blockNumber,
  txIndex,
  txId: `${blockNumber}-${txIndex}`.padEnd(64, '0'),
  creatorMspId: 'Org1MSP',
  blockHeaderHash: 'cd'.repeat(32),
  timestamp: '2026-01-02T03:04:05.678Z',
  writes: [{ namespace: 'basic', key: `k${blockNumber}`, value: null, deleted: true }],
  privateDataHashes: [],
});

const ARCHIVE: VerifiedArchive = {
  tip: { channel: 'old', lastBlockNumber: 9, lastBlockHeaderHash: '99'.repeat(32) },
  transactions: [tx(3, 0), tx(3, 1), tx(5, 0), tx(9, 0)],
  orderer: '127.0.0.1:7050',
  archivedBy: 'Org1MSP',
  blocks: 10,
};

function fakeLedger(): { journal: ImportItem[]; connector: ImportConnector } {
  const journal: ImportItem[] = [];
  const seen = new Set<string>();
  return {
    journal,
    connector: () => ({
      submit: (items) => {
        const fresh = items.filter((i) => !seen.has(i.importId));
        fresh.forEach((i) => seen.add(i.importId));
        journal.push(...fresh);
        return Promise.resolve({
          imported: fresh.map((i) => i.importId),
          skipped: items.filter((i) => !fresh.includes(i)).map((i) => i.importId),
          conflicts: [],
        });
      },
      close: () => undefined,
    }),
  };
}

interface Run {
  status: number;
  stderr: string;
  report: Record<string, unknown>;
}

async function run(
  argv: string[],
  connector: ImportConnector,
  read: (dir: string) => VerifiedArchive = () => ARCHIVE,
): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const status = await runFabricImport(
    argv,
    { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) },
    read,
    connector,
    {},
  );
  return { status, stderr, report: stdout === '' ? {} : (JSON.parse(stdout) as Record<string, unknown>) };
}

describe('ledger fabric import', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fabric-import-'));
  });
  after(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('journals each valid transaction of the archive in order, then the anchor, and resumes from its checkpoint', async () => {
    const ledger = fakeLedger();
    const first = await run([dir, '--batch', '2'], ledger.connector);
    expect(first.stderr).to.equal('');
    expect(first.report).to.include({ ok: true, channel: 'old', transactions: 4, imported: 4, skipped: 0 });
    expect(ledger.journal.map((i) => i.importId)).to.deep.equal([
      'fabric/old/3/0',
      'fabric/old/3/1',
      'fabric/old/5/0',
      'fabric/old/9/0',
      'fabric/old/anchor/9',
    ]);
    expect(fs.existsSync(path.join(dir, 'import-org1.checkpoint.json'))).to.equal(true);
    const again = await run([dir], ledger.connector);
    expect(again.report).to.include({ imported: 0, skipped: 0, resumedAfter: 4 });
    expect(ledger.journal).to.have.length(5);
  });

  it('imports nothing when the archive does not verify, naming the block', async () => {
    const ledger = fakeLedger();
    const r = await run([dir], ledger.connector, () => {
      throw new Error('block 7: dataHash: SHA-256 of the block data is …, the header says …');
    });
    expect(r.status).to.equal(1);
    expect(r.stderr).to.equal(
      'fabric import: FAILED: block 7: dataHash: SHA-256 of the block data is …, the header says …\n',
    );
    expect(ledger.journal).to.deep.equal([]);
  });

  it('refuses no folder, two folders and a bad option with exit status 2', async () => {
    const ledger = fakeLedger();
    expect((await run([], ledger.connector)).status).to.equal(2);
    expect((await run([dir, dir], ledger.connector)).status).to.equal(2);
    const bad = await run([dir, '--org', 'acme'], ledger.connector);
    expect(bad).to.include({ status: 2 });
    expect(bad.stderr).to.match(/--org: got acme/);
  });
});

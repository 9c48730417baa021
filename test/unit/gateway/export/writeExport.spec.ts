import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { expect } from 'chai';
import type { LedgerClient } from '@gateway/client/ledgerClient';
import type { SealedEvent__Output } from '@gateway/generated/ledger/SealedEvent';
import type { StreamItem__Output } from '@gateway/generated/ledger/StreamItem';
import { writeExport } from '@gateway/export/writeExport';

const CERT = fs.readFileSync(path.join(__dirname, 'fixtures', 'signer.cert.pem'), 'utf8');
const HASH = 'ab'.repeat(32);

function seal(seq: number): SealedEvent__Output {
  return {
    sequenceNumber: String(seq),
    eventId: `evt-${seq}`,
    payload: Buffer.from(`payload ${seq}`),
    eventHash: HASH,
    previousHash: HASH,
    sealedTimestamp: '1',
    blockNumber: '2',
    transactionId: 'tx',
    entryIndex: 0,
    entryType: 'event',
    vepsSignature: '',
    vepsTimestamp: '0',
    metadata: {},
    submitterMspId: 'Org1MSP',
    submitterId: 'x509::/CN=gateway1',
    submitterCertSha256: HASH,
    clientCertSha256: '',
    clientSubject: '',
    entryHash: HASH,
  } as unknown as SealedEvent__Output;
}

/**
 * A client of a 3-entry journal whose stream runs `beforeFirstItem` before it yields anything (to
 * plant files while the export is being written).
 */
function clientOf(beforeFirstItem: () => void = () => undefined): LedgerClient {
  async function* items(): AsyncGenerator<StreamItem__Output> {
    beforeFirstItem();
    for (const seq of [1, 2, 3]) {
      await Promise.resolve();
      yield { seal: seal(seq) } as unknown as StreamItem__Output;
    }
  }
  return {
    getDigest: () =>
      Promise.resolve({
        treeSize: '3',
        rootHash: HASH,
        chainTipHash: HASH,
        lastBlockNumber: '9',
        signature: Buffer.from([1, 2]),
        certificatePem: CERT,
      }),
    streamEvents: () => items(),
    getInclusionProof: () => Promise.resolve({ hashes: [] }),
    getConsistencyProof: () => Promise.resolve({ hashes: [] }),
  } as unknown as LedgerClient;
}

describe('writeExport', function () {
  let dir: string;

  beforeEach(function () {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'write-export-'));
  });

  afterEach(function () {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('writes the shards and the manifest into a new folder', async function () {
    const out = path.join(dir, 'new', 'export');

    const manifest = await writeExport({ client: clientOf(), fromSequence: 1, outDir: out, shardSize: 2 });

    expect(fs.readdirSync(out).sort()).to.deep.equal([
      'manifest.json',
      'shard-000001.jsonl',
      'shard-000002.jsonl',
    ]);
    expect(manifest).to.include({ fromSequence: 1, toSequence: 3, count: 3 });
  });

  it('writes into an empty existing folder', async function () {
    await writeExport({ client: clientOf(), fromSequence: 1, outDir: dir });

    expect(fs.readdirSync(dir).sort()).to.deep.equal(['manifest.json', 'shard-000001.jsonl']);
  });

  it('refuses a folder that is not empty and writes nothing into it', async function () {
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'mine');

    await expect(writeExport({ client: clientOf(), fromSequence: 1, outDir: dir })).to.be.rejectedWith(
      `${dir} is not empty; give a new or empty folder`,
    );
    expect(fs.readdirSync(dir)).to.deep.equal(['notes.txt']);
  });

  it('refuses an out folder that is a symbolic link', async function () {
    const target = path.join(dir, 'target');
    fs.mkdirSync(target);
    const link = path.join(dir, 'link');
    fs.symlinkSync(target, link);

    await expect(writeExport({ client: clientOf(), fromSequence: 1, outDir: link })).to.be.rejectedWith(
      `${link} is a symbolic link; give a new or empty folder`,
    );
    expect(fs.readdirSync(target)).to.deep.equal([]);
  });

  it('does not follow a symbolic link planted under a shard name while the export runs', async function () {
    const out = path.join(dir, 'out');
    const victim = path.join(dir, 'victim.txt');
    fs.writeFileSync(victim, 'precious');
    const plant = (): void => {
      fs.symlinkSync(victim, path.join(out, 'shard-000001.jsonl'));
    };

    await expect(
      writeExport({ client: clientOf(plant), fromSequence: 1, outDir: out, shardSize: 2 }),
    ).to.be.rejectedWith(/EEXIST/);
    expect(fs.readFileSync(victim, 'utf8')).to.equal('precious');
    expect(fs.existsSync(path.join(out, 'manifest.json'))).to.equal(false);
  });
});

import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect } from 'chai';
import { load, loadAll, type dom } from 'ion-js';
import { canonicalBytes } from '@chaincode/lib/canonicalJson';
import { dot } from '@gateway/qldb/hashes';
import { ionHash, ionHashOfEncoded } from '@gateway/qldb/ionHash';
import { ionTextOfJson, type IonJson } from '@gateway/qldb/ionJson';
import {
  anchorImportItem,
  blocksInImportOrder,
  checkLedgerName,
  revisionImportItems,
  revisionsSha256,
} from '@gateway/qldb/importRecords';
import { QldbVerificationError } from '@gateway/qldb/verifyBlock';
import type { StrandSegment } from '@gateway/qldb/verifyChain';
import { parseJournalBlock } from '@gateway/qldb/journalBlock';
import { blockText, typicalStrand, type BlockModel } from '@test-support/qldbExportBuilder';

const blocksOf = (models: readonly BlockModel[]): ReturnType<typeof parseJournalBlock>[] =>
  models.map((m) => parseJournalBlock(load(blockText(m))!, m.strandId, true));

describe('QLDB import records', () => {
  const strand = typicalStrand('StrandA', 3);
  const blocks = blocksOf(strand);

  it('gives every revision one record, in block order, with its provenance, table and document identity', () => {
    const items = revisionImportItems('vehicle-registration', blocks);
    expect(items.map((i) => i.importId)).to.deep.equal([
      'qldb/vehicle-registration/StrandA:0/0',
      'qldb/vehicle-registration/StrandA:0/1',
      'qldb/vehicle-registration/StrandA:1/0',
      'qldb/vehicle-registration/StrandA:1/1',
      'qldb/vehicle-registration/StrandA:1/2',
      'qldb/vehicle-registration/StrandA:2/0',
      'qldb/vehicle-registration/StrandA:2/1',
      'qldb/vehicle-registration/StrandA:2/2',
    ]);
    expect(items[0]!.record).to.include({
      type: 'qldb-revision',
      ledgerName: 'vehicle-registration',
      kind: 'full',
      table: 'VehicleRegistration',
      tableId: 'BPxNiDQXCIB5l5F68KZoOz',
      documentId: 'doc0',
      version: 0,
      txTime: '2024-05-01T10:00:00.123Z',
      txId: 'txStra0',
      transactionId: 'txStra0',
      ionTyped: true,
      reencoded: true,
      revisionHash: strand[0]!.revisions![0]!.hash.toString('base64'),
    });
    expect(items[1]!.record).to.include({
      kind: 'hash-only',
      documentId: null,
      table: null,
      reencoded: false,
    });
    expect(items[4]!.record).to.include({
      kind: 'redacted',
      documentId: 'doc0',
      version: 1,
      reencoded: true,
    });
    expect(items[7]!.record).to.include({
      kind: 'deleted',
      documentId: 'doc0',
      version: 2,
      reencoded: false,
    });
    // Each record is canonical JSON the chaincode accepts.
    for (const item of items) expect(() => canonicalBytes(item.record)).to.not.throw();
  });

  it('journals metadata and data from which anyone recomputes the QLDB revision hash', () => {
    const [item] = revisionImportItems('L', blocks);
    const { metadata, data } = item!.record as { metadata: IonJson; data: IonJson };
    const recomputed = dot(ionHashOfEncoded(ionTextOfJson(metadata)), ionHashOfEncoded(ionTextOfJson(data)));
    expect(Buffer.from(recomputed).equals(strand[0]!.revisions![0]!.hash)).to.equal(true);
  });

  it('refuses a revision whose data does not hash to its revision hash, naming the block and revision', () => {
    const forged = blocksOf(strand);
    const revision = forged[0]!.revisions![0]!;
    const other = load('{VIN:"forged"}')!;
    (forged[0] as unknown as { revisions: unknown[] }).revisions = [
      { ...revision, data: other },
      ...forged[0]!.revisions!.slice(1),
    ];
    expect(Buffer.from(ionHash(other)).equals(Buffer.from(ionHash(revision.data!)))).to.equal(false);
    expect(() => revisionImportItems('L', forged)).to.throw(
      QldbVerificationError,
      /StrandA:0: revisions\[0\]\.hash/,
    );
  });

  it('orders blocks strand by strand, each strand joined across exports in sequence', () => {
    const a = blocksOf(typicalStrand('StrandB', 4));
    const b = blocksOf(typicalStrand('StrandA', 2));
    const segments: StrandSegment[] = [
      { source: 'e2', strandId: 'StrandB', blocks: a.slice(2) },
      { source: 'e1', strandId: 'StrandB', blocks: a.slice(0, 2) },
      { source: 'e1', strandId: 'StrandA', blocks: b },
    ];
    expect(
      blocksInImportOrder(segments).map((x) => `${x.address.strandId}:${x.address.sequenceNo}`),
    ).to.deep.equal(['StrandA:0', 'StrandA:1', 'StrandB:0', 'StrandB:1', 'StrandB:2', 'StrandB:3']);
  });

  it('ends with an anchor that holds the digest, its tip, each strand tip and a hash over the imported revision hashes', () => {
    const items = revisionImportItems('L', blocks);
    const digest = { digest: new Uint8Array(32).fill(7), tipAddress: { strandId: 'StrandA', sequenceNo: 2 } };
    const tips = [{ strandId: 'StrandA', sequenceNo: 2, blockHash: strand[2]!.blockHash }];
    const anchor = anchorImportItem('L', digest, tips, items, ['exp1']);
    expect(anchor.importId).to.equal('qldb/L/anchor/StrandA:2');
    expect(anchor.record).to.deep.equal({
      type: 'qldb-anchor',
      ledgerName: 'L',
      digest: Buffer.alloc(32, 7).toString('base64'),
      digestTipAddress: { strandId: 'StrandA', sequenceNo: 2 },
      strands: [
        { strandId: 'StrandA', lastSequenceNo: 2, lastBlockHash: strand[2]!.blockHash.toString('base64') },
      ],
      revisionCount: 8,
      revisionsSha256: revisionsSha256(items),
      exportIds: ['exp1'],
    });
    expect(revisionsSha256(items.slice(1))).to.not.equal(revisionsSha256(items));
  });

  // A genuine QLDB block (aws-samples amazon-qldb-streams-dmv-sample-lambda-python, MIT-0; provenance
  // and the one change made are in the fixture's header).
  it('journals a genuine QLDB revision with its table, in a JSON that hashes back to the revision hash QLDB computed', () => {
    const text = fs.readFileSync(path.join(__dirname, 'fixtures', 'qldb-streams-sample-block.ion'), 'utf8');
    const [block, published] = loadAll(text) as [dom.Value, dom.Value];
    const [item] = revisionImportItems('dmv', [parseJournalBlock(block, 'sample', true)]);
    expect(item!.importId).to.equal('qldb/dmv/HbD9IggL584EPHmfwjmVz0:3/0');
    expect(item!.record).to.include({
      table: 'Person',
      documentId: 'D35qd3e2prnJYmtKW6kok1',
      version: 0,
      kind: 'full',
      reencoded: true,
    });
    // The negative twin: the sample's revision as it prints it (FirstName "Nova") does not hash to
    // QLDB's revision hash, and is refused.
    const forged = parseJournalBlock(block, 'sample', true);
    const printed = parseJournalBlock(block, 'sample', true).revisions![0]!;
    (forged as unknown as { revisions: unknown[] }).revisions = [{ ...printed, data: published.get('data') }];
    expect(() => revisionImportItems('dmv', [forged])).to.throw(
      QldbVerificationError,
      /revisions\[0\]\.hash/,
    );
  });

  it('accepts QLDB ledger names and refuses names that cannot be part of an import id', () => {
    expect(checkLedgerName('vehicle-registration')).to.equal('vehicle-registration');
    for (const bad of ['', 'a b', 'a/b', '-x', 'x'.repeat(65)])
      expect(() => checkLedgerName(bad), bad).to.throw(/ledger name/);
  });
});

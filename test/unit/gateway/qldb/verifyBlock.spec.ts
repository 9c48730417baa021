import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect } from 'chai';
import { dom, load, loadAll } from 'ion-js';
import { parseJournalBlock, parseRevision, JournalFormatError } from '@gateway/qldb/journalBlock';
import { QldbVerificationError, verifyBlock, verifyRevision } from '@gateway/qldb/verifyBlock';
import {
  blockText,
  buildStrand,
  flipBit,
  rehash,
  render,
  typicalStrand,
  type BlockModel,
} from '@test-support/qldbExportBuilder';

const REAL = fs.readFileSync(path.join(__dirname, 'fixtures', 'qldb-streams-sample-block.ion'), 'utf8');

function parse(model: BlockModel, json = false): ReturnType<typeof parseJournalBlock> {
  if (!json) return parseJournalBlock(load(blockText(model)) as dom.Value, 'test', true);
  const line = render([blockText(model)], 'JSON').toString('utf8');
  return parseJournalBlock(load(line) as dom.Value, 'test', false);
}

function failureOf(model: BlockModel): QldbVerificationError {
  try {
    verifyBlock(parse(model));
  } catch (e) {
    if (e instanceof QldbVerificationError) return e;
    throw e;
  }
  throw new Error('the block verified');
}

function oneBlock(): BlockModel {
  return typicalStrand('StrandA', 2)[1] as BlockModel;
}

describe('verifyBlock on a genuine QLDB block (aws-samples QLDB streams sample)', () => {
  const [block, published] = loadAll(REAL) as [dom.Value, dom.Value];

  it('recomputes entriesHash, blockHash, the revision hash and the transactionInfo hash QLDB published', () => {
    const report = verifyBlock(parseJournalBlock(block, 'sample', true));
    expect(report.checks).to.deep.equal(['entriesHash', 'blockHash', 'revisionsHash', 'transactionInfo']);
    expect(report.revisions).to.deep.equal([
      { index: 0, kind: 'full', documentId: 'D35qd3e2prnJYmtKW6kok1', version: 0, level: 'recomputed' },
    ]);
    expect(report.transactionInfo).to.equal('recomputed');
  });

  it('fails the sample revision as the sample prints it, with FirstName changed to "Nova"', () => {
    const revision = parseRevision(published, 'sample revision');
    expect(() => verifyRevision(revision, 0, true, 'HbD9IggL584EPHmfwjmVz0:3')).to.throw(
      QldbVerificationError,
      'revisions[0].hash',
    );
  });
});

describe('verifyBlock on generated blocks', () => {
  it('verifies full, redacted, deleted and hash-only revisions, each at its level', () => {
    const report = verifyBlock(parse(oneBlock()));
    expect(report.checks).to.deep.equal([
      'entriesHash',
      'blockHash',
      'revisionsHash',
      'transactionInfo',
      'redactionInfo',
    ]);
    expect(report.revisions.map((r) => [r.kind, r.level])).to.deep.equal([
      ['full', 'recomputed'],
      ['hash-only', 'in-block'],
      ['redacted', 'recomputed-from-data-hash'],
    ]);
    const deleted = verifyBlock(parse(typicalStrand('StrandA', 3)[2] as BlockModel)).revisions[2];
    expect(deleted).to.include({ kind: 'deleted', level: 'in-block' });
  });

  it('verifies a block without transactionInfo and says so', () => {
    const block = buildStrand('StrandA', [
      { transactionInfo: false, revisions: [{ kind: 'full', id: 'x', version: 0 }] },
    ])[0] as BlockModel;
    const report = verifyBlock(parse(block));
    expect(report.transactionInfo).to.equal('absent');
    expect(report.checks).to.not.include('transactionInfo');
  });

  it('claims no recomputed hash for a JSON Lines block, only that revisions are in the block', () => {
    const report = verifyBlock(parse(oneBlock(), true));
    expect(report.checks).to.deep.equal(['entriesHash', 'blockHash', 'revisionsHash']);
    expect(report.transactionInfo).to.equal('not-recomputable');
    expect(report.revisions.every((r) => r.level === 'in-block')).to.equal(true);
    expect(report.revisions[0]?.reason).to.match(/JSON Lines.*Ion types were lost/);
  });

  const tampering: [string, (b: BlockModel) => void, string][] = [
    ['blockHash', (b) => (b.blockHash = flipBit(b.blockHash, 31, 7)), 'blockHash'],
    ['entriesHash', (b) => (b.entriesHash = flipBit(b.entriesHash)), 'entriesHash'],
    ['previousBlockHash', (b) => (b.previousBlockHash = flipBit(b.previousBlockHash, 3)), 'blockHash'],
    [
      'an entriesHashList element',
      (b) => (b.entriesHashList[0] = flipBit(b.entriesHashList[0] as Buffer)),
      'entriesHash',
    ],
    ['the order of entriesHashList', (b) => b.entriesHashList.reverse(), 'entriesHash'],
    ['a revision hash', (b) => (b.revisions![0]!.hash = flipBit(b.revisions![0]!.hash)), 'revisions[0].hash'],
    ['a hash-only revision', (b) => (b.revisions![1]!.hash = flipBit(b.revisions![1]!.hash)), 'revisions'],
    [
      'a redacted dataHash',
      (b) => (b.revisions![2]!.dataHash = flipBit(b.revisions![2]!.dataHash!)),
      'revisions[2].hash',
    ],
    [
      'revision data',
      (b) => (b.revisions![0]!.data = b.revisions![0]!.data!.replace('Seattle', 'Tacoma')),
      'revisions[0].hash',
    ],
    [
      'revision metadata',
      (b) => (b.revisions![0]!.metadata = b.revisions![0]!.metadata!.replace('version:0', 'version:9')),
      'revisions[0].hash',
    ],
    [
      'transactionInfo',
      (b) => (b.transactionInfo = b.transactionInfo!.replace('INSERT', 'DELETE')),
      'transactionInfo',
    ],
    [
      'redactionInfo',
      (b) => (b.redactionInfo = b.redactionInfo!.replace('version:0', 'version:1')),
      'redactionInfo',
    ],
  ];
  for (const [what, tamper, field] of tampering) {
    it(`fails naming ${field} when ${what} is changed, with expected and computed values`, () => {
      const block = oneBlock();
      tamper(block);
      const failure = failureOf(block).failure;
      expect(failure.address).to.equal('StrandA:1');
      expect(failure.field).to.equal(field);
      expect(failure.expected).to.not.equal(failure.computed);
    });
  }

  it('verifies again once a tampered part is rehashed consistently (the tamper is what fails)', () => {
    const block = oneBlock();
    block.transactionInfo = block.transactionInfo!.replace('INSERT', 'DELETE');
    rehash(block, 2);
    expect(() => verifyBlock(parse(block))).to.not.throw();
  });

  it('refuses a block with a missing field, naming it', () => {
    const text = blockText(oneBlock()).replace(/entriesHash:\{\{[^}]*\}\},/, '');
    expect(() => parseJournalBlock(load(text) as dom.Value, 'file.ion: block 2', true)).to.throw(
      JournalFormatError,
      'field entriesHash is missing',
    );
  });

  it('refuses a hash of the wrong length, naming the field', () => {
    const text = blockText(oneBlock()).replace(/blockHash:\{\{[^}]*\}\}/, 'blockHash:{{aGVsbG8=}}');
    expect(() => parseJournalBlock(load(text) as dom.Value, 'f', true)).to.throw(
      JournalFormatError,
      'blockHash has 5 bytes',
    );
  });
});

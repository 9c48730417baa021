import { expect } from 'chai';
import { dom, load } from 'ion-js';
import { parseJournalBlock, type JournalBlock } from '@gateway/qldb/journalBlock';
import { QldbVerificationError } from '@gateway/qldb/verifyBlock';
import { strandTips, verifyStrands, type StrandSegment } from '@gateway/qldb/verifyChain';
import { blockText, flipBit, rehash, typicalStrand, type BlockModel } from '@test-support/qldbExportBuilder';

function parsed(models: readonly BlockModel[]): JournalBlock[] {
  return models.map((m) => parseJournalBlock(load(blockText(m)) as dom.Value, 'test', true));
}

function segment(source: string, models: readonly BlockModel[], strandId = 'StrandA'): StrandSegment {
  return { source, strandId, blocks: parsed(models) };
}

function failure(segments: StrandSegment[]): QldbVerificationError['failure'] {
  try {
    verifyStrands(segments);
  } catch (e) {
    if (e instanceof QldbVerificationError) return e.failure;
    throw e;
  }
  throw new Error('verified');
}

describe('verifyStrands', () => {
  const strand = typicalStrand('StrandA', 8);

  it('joins two exports of one strand with no gap and checks every link', () => {
    const report = verifyStrands([segment('exp2', strand.slice(4)), segment('exp1', strand.slice(0, 4))]);
    expect(report.strands).to.deep.equal([
      {
        strandId: 'StrandA',
        firstSequenceNo: 0,
        lastSequenceNo: 7,
        blocks: 8,
        sources: ['exp1', 'exp2'],
        fromGenesis: true,
      },
    ]);
    expect(report.blocks.filter((b) => b.checks.includes('previousBlockHash'))).to.have.length(7);
  });

  it('verifies several strands independently', () => {
    const other = typicalStrand('StrandB', 3);
    const report = verifyStrands([segment('exp1', strand.slice(0, 2)), segment('exp1', other, 'StrandB')]);
    expect(report.strands.map((s) => [s.strandId, s.blocks])).to.deep.equal([
      ['StrandA', 2],
      ['StrandB', 3],
    ]);
  });

  it('reports an export that starts after sequenceNo 0 as not from genesis', () => {
    expect(verifyStrands([segment('exp2', strand.slice(3))]).strands[0]?.fromGenesis).to.equal(false);
  });

  it('refuses a gap between exports, naming both ends', () => {
    const f = failure([segment('exp1', strand.slice(0, 3)), segment('exp2', strand.slice(4))]);
    expect(f.detail).to.equal('gap between exports: exp1 ends at StrandA:2, exp2 starts at StrandA:4');
    expect([f.expected, f.computed]).to.deep.equal(['3', '4']);
  });

  it('refuses an overlap between exports, naming both ends', () => {
    const f = failure([segment('exp1', strand.slice(0, 4)), segment('exp2', strand.slice(3))]);
    expect(f.detail).to.equal('overlap between exports: exp1 ends at StrandA:3, exp2 starts at StrandA:3');
  });

  it('refuses blocks out of order inside an export', () => {
    const swapped = [strand[0], strand[2], strand[1], strand[3]] as BlockModel[];
    const f = failure([segment('exp1', swapped)]);
    expect(f).to.include({
      address: 'StrandA:2 in exp1',
      field: 'blockAddress.sequenceNo',
      expected: '1',
      computed: '2',
    });
  });

  it('refuses a block whose previousBlockHash is not the hash of the block before it', () => {
    const models = typicalStrand('StrandA', 4);
    const third = models[2] as BlockModel;
    third.previousBlockHash = flipBit(third.previousBlockHash);
    rehash(third, 1); // a self-consistent block that no longer links
    const f = failure([segment('exp1', models)]);
    expect(f).to.include({
      address: 'StrandA:2',
      field: 'previousBlockHash',
      detail: 'link to block StrandA:1',
    });
  });

  it('refuses a block of another strand inside a strand export', () => {
    const f = failure([segment('exp1', typicalStrand('StrandB', 2), 'StrandA')]);
    expect(f.field).to.equal('blockAddress.strandId');
  });

  it('names the tip of each strand', () => {
    const tips = strandTips([segment('exp1', strand.slice(0, 3)), segment('exp2', strand.slice(3, 5))]);
    expect(tips.map((t) => [t.strandId, t.sequenceNo])).to.deep.equal([['StrandA', 4]]);
    expect(Buffer.from(tips[0]!.blockHash).equals(strand[4]!.blockHash)).to.equal(true);
  });
});

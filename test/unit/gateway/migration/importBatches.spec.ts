import { expect } from 'chai';
import { importBatches, type ImportItem } from '@gateway/migration/importBatches';

const item = (n: number, pad = 0): ImportItem => ({
  type: 'qldb-revision',
  importId: `r${n}`,
  record: { type: 'qldb-revision', pad: 'x'.repeat(pad) },
});

describe('importBatches', () => {
  it('cuts items into consecutive batches of at most maxRecords, each item once, with its start', () => {
    const items = [0, 1, 2, 3, 4].map((n) => item(n));
    const batches = importBatches(items, { maxRecords: 2, maxBytes: 1 << 20 });
    expect(batches.map((b) => [b.start, b.items.map((i) => i.importId)])).to.deep.equal([
      [0, ['r0', 'r1']],
      [2, ['r2', 'r3']],
      [4, ['r4']],
    ]);
  });

  it('starts a new batch before the bytes would pass maxBytes, and sends a larger item alone', () => {
    const items = [item(0, 100), item(1, 100), item(2, 1000), item(3, 10)];
    const batches = importBatches(items, { maxRecords: 10, maxBytes: 300 });
    expect(batches.map((b) => b.items.map((i) => i.importId))).to.deep.equal([['r0', 'r1'], ['r2'], ['r3']]);
  });

  it('makes no batch of no items', () => {
    expect(importBatches([], { maxRecords: 2, maxBytes: 100 })).to.deep.equal([]);
  });
});

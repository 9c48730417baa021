import { expect } from 'chai';
import type { ImportItem } from '@gateway/migration/importBatches';
import { runImport, type ImportCallResult } from '@gateway/migration/importLoop';

const items: ImportItem[] = Array.from({ length: 7 }, (_, n) => ({
  type: 'qldb-revision',
  importId: `r${n}`,
  record: { type: 'qldb-revision', n },
}));
const limits = { maxRecords: 2, maxBytes: 1 << 20 };
const importedAll = (batch: readonly ImportItem[]): ImportCallResult => ({
  imported: batch.map((i) => i.importId),
  skipped: [],
  conflicts: [],
});

describe('runImport', () => {
  it('imports every item once and moves the checkpoint only over a committed prefix, batches finishing out of order', async () => {
    const release: (() => void)[] = [];
    const checkpoints: number[] = [];
    const sent: string[][] = [];
    const run = runImport({
      items,
      limits,
      inFlight: 4,
      startAt: 0,
      submit: (batch) =>
        new Promise((resolve) => {
          sent.push(batch.map((i) => i.importId));
          release.push(() => {
            resolve(importedAll(batch));
          });
        }),
      onCheckpoint: (n) => checkpoints.push(n),
      onProgress: () => undefined,
    });
    await new Promise((r) => setImmediate(r));
    expect(release).to.have.length(4);
    release[2]!(); // items 4-5 first: the prefix cannot move past item 0 yet
    await new Promise((r) => setImmediate(r));
    expect(checkpoints).to.deep.equal([]);
    release[0]!();
    release[1]!();
    release[3]!();
    const totals = await run;
    expect(sent.flat().sort()).to.deep.equal(items.map((i) => i.importId).sort());
    expect(checkpoints.at(-1)).to.equal(7);
    expect(checkpoints).to.deep.equal([...checkpoints].sort((a, b) => a - b));
    expect(totals).to.deep.equal({ imported: 7, skipped: 0, conflicts: [], resumedAfter: 0 });
  });

  it('resumes after the checkpoint, sending nothing before it, and counts what the chaincode skipped', async () => {
    const sent: string[] = [];
    const totals = await runImport({
      items,
      limits,
      inFlight: 1,
      startAt: 4,
      submit: (batch) => {
        sent.push(...batch.map((i) => i.importId));
        // The batch in flight when the earlier run was killed had committed: the chaincode skips it.
        return Promise.resolve({
          imported: batch.slice(1).map((i) => i.importId),
          skipped: [batch[0]!.importId],
          conflicts: [],
        });
      },
      onCheckpoint: () => undefined,
      onProgress: () => undefined,
    });
    expect(sent).to.deep.equal(['r4', 'r5', 'r6']);
    expect(totals).to.include({ imported: 1, skipped: 2, resumedAfter: 4 });
  });

  it('fails with the first failed batch and never moves the checkpoint past it', async () => {
    const checkpoints: number[] = [];
    let calls = 0;
    const run = runImport({
      items,
      limits,
      inFlight: 1,
      startAt: 0,
      submit: (batch) =>
        ++calls === 2
          ? Promise.reject(new Error('endorsement refused'))
          : Promise.resolve(importedAll(batch)),
      onCheckpoint: (n) => checkpoints.push(n),
      onProgress: () => undefined,
    });
    await expect(run).to.be.rejectedWith('endorsement refused');
    expect(checkpoints).to.deep.equal([2]);
    expect(calls).to.equal(2);
  });

  it('reports the ids the org imported before with other content', async () => {
    const totals = await runImport({
      items: items.slice(0, 2),
      limits,
      inFlight: 1,
      startAt: 0,
      submit: () => Promise.resolve({ imported: ['r1'], skipped: [], conflicts: ['r0'] }),
      onCheckpoint: () => undefined,
      onProgress: () => undefined,
    });
    expect(totals.conflicts).to.deep.equal(['r0']);
  });
});

import { expect } from 'chai';
import { EXPORT_FORMAT } from '@gateway/export/exportFormat';
import { parseManifest } from '@gateway/export/manifestSchema';

const H = 'ab'.repeat(32);

/** A manifest that parses, as writeExport writes it (keys in this order). */
function manifest(): Record<string, unknown> {
  return {
    format: EXPORT_FORMAT,
    fromSequence: 1,
    toSequence: 3,
    count: 3,
    shardSize: 1000,
    shards: [{ file: 'shard-000001.jsonl', firstSequence: 1, lastSequence: 3, count: 3, sha256: H }],
    digest: {
      treeSize: 3,
      rootHash: H,
      chainTipHash: H,
      lastBlockNumber: '7',
      signature: '3045',
      certificatePem: '-----BEGIN CERTIFICATE-----',
    },
    proof: { kind: 'consistency', prefix: [], hashes: [H] },
    checksum: H,
  };
}

const bytes = (value: unknown): Uint8Array => Buffer.from(JSON.stringify(value));

function problemOf(change: (m: Record<string, unknown>) => unknown): string {
  const m = manifest();
  try {
    parseManifest(bytes(change(m) ?? m));
  } catch (err) {
    return (err as Error).message;
  }
  return 'parsed';
}

describe('manifestSchema', function () {
  describe('parseManifest', function () {
    it('reads a manifest with every field as written', function () {
      const m = manifest();
      expect(parseManifest(bytes(m))).to.deep.equal(m);
    });

    it('names a shard field that is out of range', function () {
      const problem = problemOf((m) => {
        (m.shards as Record<string, unknown>[])[0]!.count = 0;
      });
      expect(problem).to.equal('shards[0].count: got 0, want an integer ≥ 1');
    });

    it('names a proof hash that is not lowercase hex', function () {
      const problem = problemOf((m) => {
        (m.proof as { hashes: string[] }).hashes = ['AB'.repeat(32)];
      });
      expect(problem).to.match(/^proof\.hashes\[0\]: got "ABAB.*", want 64 lowercase hex digits$/);
    });

    it('names a missing digest field', function () {
      const problem = problemOf((m) => {
        delete (m.digest as Record<string, unknown>).signature;
      });
      expect(problem).to.match(/^digest: got \["treeSize",.*\], want the keys treeSize, .* in this order$/);
    });

    it('refuses the right keys in another order', function () {
      const { format, ...rest } = manifest();
      expect(problemOf(() => ({ ...rest, format }))).to.match(/^\$: got \["fromSequence",.*in this order$/);
    });

    it('names toSequence when it is before fromSequence', function () {
      const problem = problemOf((m) => {
        m.fromSequence = 5;
      });
      expect(problem).to.equal('toSequence: got 3, want an integer ≥ 5');
    });

    it('says what to do with a retired format', function () {
      const problem = problemOf((m) => {
        m.format = 'ledger-export-v2';
      });
      expect(problem).to.match(
        /^format: got "ledger-export-v2", want ledger-export-v3 \(.*export the range again/,
      );
    });

    it('names an empty shard list', function () {
      const problem = problemOf((m) => {
        m.shards = [];
      });
      expect(problem).to.equal('shards: got [], want a non-empty array');
    });

    it('refuses bytes that are not UTF-8 JSON', function () {
      expect(() => parseManifest(Uint8Array.from([0xff, 0x7b]))).to.throw('not UTF-8 JSON');
    });
  });
});

import { expect } from 'chai';
import { GENESIS_PREVIOUS_HASH, newMerkleAccumulator } from '@gateway/core';
import { compareWithLedger, formatAuditReport } from '@gateway/audit/ledgerAudit';
import { diffSeals, nodesCompletedBy } from '@gateway/audit/sealDiff';
import { openJournalIndex, type JournalIndex } from '@gateway/index/journalIndex';
import type { SealRecord } from '@gateway/core/sealRecord';
import { chainedSeal } from '@test-support/sealFixtures';
import { sealLeafHash } from '@gateway/core/sealLeaf';

function seals(n: number): SealRecord[] {
  const out: SealRecord[] = [];
  let previousHash = GENESIS_PREVIOUS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const seal = chainedSeal({
      sequenceNumber: seq,
      eventId: `e${seq}`,
      payload: Buffer.from(`p${seq}`),
      previousHash,
      sealedTimestamp: 1700000000000 + seq,
      blockNumber: 5 + seq,
      transactionId: `tx${seq}`,
      vepsSignature: 'c2ln',
      vepsTimestamp: 1,
      metadata: { a: '1' },
    });
    out.push(seal);
    previousHash = seal.eventHash;
  }
  return out;
}

/** An in-memory index holding `records`, with the Merkle nodes their (stored) event hashes give. */
function indexOf(records: readonly SealRecord[]): JournalIndex {
  const index = openJournalIndex(':memory:');
  const tree = newMerkleAccumulator({ size: 0, frontier: [] });
  for (const seal of records) {
    index.commit({
      seals: [seal],
      nodes: tree.append(sealLeafHash(seal)),
      checkpoint: { blockNumber: BigInt(seal.blockNumber), transactionId: seal.transactionId },
    });
  }
  return index;
}

describe('ledgerAudit', function () {
  describe('#nodesCompletedBy', function () {
    it('lists the leaf and every perfect subtree that ends at the sequence number', function () {
      expect(nodesCompletedBy(1)).to.deep.equal([{ level: 0, index: 0 }]);
      expect(nodesCompletedBy(6)).to.deep.equal([
        { level: 0, index: 5 },
        { level: 1, index: 2 },
      ]);
      expect(nodesCompletedBy(8).map((n) => n.level)).to.deep.equal([0, 1, 2, 3]);
    });
  });

  describe('#diffSeals', function () {
    it('finds nothing between equal seals', function () {
      const [a] = seals(1);
      expect(diffSeals(1, a, a)).to.deep.equal([]);
    });

    it('names each differing field with both values', function () {
      const [a] = seals(1);
      if (a === undefined) throw new Error('no seal');
      const b: SealRecord = { ...a, payload: Buffer.from('x'), metadata: { a: '2' } };
      expect(diffSeals(1, a, b)).to.deep.equal([
        { sequenceNumber: 1, field: 'payload', ledger: '7031', index: '78' },
        { sequenceNumber: 1, field: 'metadata', ledger: '{"a":"1"}', index: '{"a":"2"}' },
      ]);
    });

    it('reports a row the ledger does not have', function () {
      const [a] = seals(1);
      expect(diffSeals(1, undefined, a)).to.deep.equal([
        { sequenceNumber: 1, field: 'row', ledger: '', index: 'sealed (e1)' },
      ]);
    });
  });

  describe('#compareWithLedger', function () {
    it('passes an index equal to the replayed journal, and one that is only behind it', function () {
      const all = seals(6);
      expect(compareWithLedger(indexOf(all), indexOf(all)).ok).to.equal(true);
      const behind = compareWithLedger(indexOf(all), indexOf(all.slice(0, 4)));
      expect(behind).to.include({ ok: true, compared: 4, ledgerSize: 6 });
      expect(formatAuditReport(behind)).to.deep.equal([
        "audit ok: 4 seals match the peer's blocks; the ledger has 2 more (index behind)",
      ]);
    });

    it('reports exactly the sequence whose stored event_hash was replaced, with the Merkle nodes over it', function () {
      const all = seals(4);
      const tampered = all.map((s) => (s.sequenceNumber === 3 ? { ...s, eventHash: new Uint8Array(32) } : s));
      const report = compareWithLedger(indexOf(all), indexOf(tampered));
      expect(report.ok).to.equal(false);
      expect(report.differingSequences).to.deep.equal([3, 4]);
      expect(report.differences.map((d) => `${d.sequenceNumber}:${d.field}`)).to.deep.equal([
        '3:event_hash',
        '3:merkle_node(0,2)',
        '4:merkle_node(1,1)',
        '4:merkle_node(2,0)',
      ]);
      expect(formatAuditReport(report).at(-1)).to.equal(
        'audit FAILED: 2 of 4 sequence numbers differ (3, 4)',
      );
    });

    it('reports an index that is ahead of the ledger', function () {
      const report = compareWithLedger(indexOf(seals(2)), indexOf(seals(3)));
      expect(report.differingSequences).to.deep.equal([3]);
      expect(report.differences[0]?.field).to.equal('row');
    });
  });
});

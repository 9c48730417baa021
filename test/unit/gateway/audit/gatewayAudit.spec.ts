import { expect } from 'chai';
import { GENESIS_PREVIOUS_HASH, newMerkleAccumulator, rootFromSource, toHex } from '@gateway/core';
import { compareGatewayWithLedger } from '@gateway/audit/gatewayAudit';
import type { SealedEvent__Output } from '@gateway/generated/ledger/SealedEvent';
import { openJournalIndex, type JournalIndex } from '@gateway/index/journalIndex';
import { toSealedEvent } from '@gateway/wire/sealedEvent';
import { chainedSeal } from '@test-support/sealFixtures';
import { sealLeafHash } from '@gateway/core/sealLeaf';

function ledgerOf(n: number): JournalIndex {
  const index = openJournalIndex(':memory:');
  const tree = newMerkleAccumulator({ size: 0, frontier: [] });
  let previousHash = GENESIS_PREVIOUS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const seal = chainedSeal({
      sequenceNumber: seq,
      eventId: `e${seq}`,
      payload: Buffer.from(`p${seq}`),
      previousHash,
      sealedTimestamp: 1700000000000,
      blockNumber: seq,
      transactionId: `tx${seq}`,
      vepsSignature: 'c2ln',
      vepsTimestamp: 7,
      metadata: { k: 'v' },
    });
    index.commit({
      seals: [seal],
      nodes: tree.append(sealLeafHash(seal)),
      checkpoint: { blockNumber: BigInt(seq), transactionId: `tx${seq}` },
    });
    previousHash = seal.eventHash;
  }
  return index;
}

/** What a gateway serving `ledger` unchanged answers (wire form, with a per-call latency). */
function served(ledger: JournalIndex): SealedEvent__Output[] {
  return Array.from(
    { length: ledger.size },
    (_, i) => ({ ...toSealedEvent(ledger.get(i + 1)!), commitLatencyMs: '12' }) as SealedEvent__Output,
  );
}

describe('gatewayAudit', function () {
  describe('#compareGatewayWithLedger', function () {
    it('passes a gateway that serves the recomputed seals and root', function () {
      const ledger = ledgerOf(5);
      const report = compareGatewayWithLedger(ledger, served(ledger), toHex(rootFromSource(ledger, 5)));
      expect(report).to.include({ ok: true, compared: 5 });
    });

    it('names the sequence and field of a served seal that differs, and a wrong root', function () {
      const ledger = ledgerOf(4);
      const seals = served(ledger);
      seals[1] = { ...seals[1]!, payload: Buffer.from('forged') };
      const report = compareGatewayWithLedger(ledger, seals, '00'.repeat(32));
      expect(report.differences.map((d) => `${d.sequenceNumber}:${d.field}`)).to.deep.equal([
        '2:payload',
        '4:root_hash(tree_size 4)',
      ]);
      expect(report.differingSequences).to.deep.equal([2, 4]);
    });
  });
});

import { status } from '@grpc/grpc-js';
import { expect } from 'chai';
import { eventHash, GENESIS_PREVIOUS_HASH, newMerkleAccumulator } from '@gateway/core';
import { openJournalIndex, type JournalIndex } from '@gateway/index/journalIndex';
import { silentLogger as logger } from '@gateway/logger';
import { newIntegrityGuard } from '@gateway/server/integrityGuard';
import { LedgerServiceError } from '@gateway/proto/serviceErrors';
import { sealRecord } from '@test-support/sealFixtures';
import { sealLeafHash } from '@gateway/core/sealLeaf';

/** An in-memory index with `n` chained event seals and their leaf nodes (parents are not needed here). */
function indexOf(n: number, tamperSeq?: number): JournalIndex {
  const index = openJournalIndex(':memory:');
  const tree = newMerkleAccumulator({ size: 0, frontier: [] });
  let previousHash = GENESIS_PREVIOUS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const payload = Buffer.from(`payload ${seq}`);
    const hash = eventHash({ sequenceNumber: BigInt(seq), eventId: `e${seq}`, payload, previousHash });
    const seal = sealRecord({
      sequenceNumber: seq,
      eventId: `e${seq}`,
      payload: seq === tamperSeq ? Buffer.from('tampered') : payload,
      eventHash: hash,
      previousHash,
      blockNumber: seq,
      transactionId: `tx${seq}`,
    });
    const nodes = tree.append(sealLeafHash(seal));
    index.commit({
      seals: [seal],
      nodes,
      checkpoint: { blockNumber: BigInt(seq), transactionId: `tx${seq}` },
    });
    previousHash = hash;
  }
  return index;
}

describe('IntegrityGuard', function () {
  describe('#assertServable', function () {
    it('lets a request through when the seals it touches verify', function () {
      const guard = newIntegrityGuard({ index: indexOf(3), logger });
      expect(guard.verifyAll()).to.equal(undefined);
      expect(() => {
        guard.assertServable([3, 1]);
      }).to.not.throw();
      expect(guard.fault).to.equal(undefined);
    });

    it('answers DATA_LOSS naming the sequence of a tampered seal, and keeps refusing afterwards', function () {
      const guard = newIntegrityGuard({ index: indexOf(3, 2), logger });
      const refuse = (): void => {
        guard.assertServable([2]);
      };
      expect(refuse).to.throw(LedgerServiceError, /corrupted at sequence 2: event_hash/);
      expect(guard.fault?.sequenceNumber).to.equal(2);
      expect(() => {
        guard.assertServable([1]);
      })
        .to.throw(LedgerServiceError)
        .with.property('code', status.DATA_LOSS);
    });
  });

  describe('#verifyAll', function () {
    it('finds the first tampered seal of the whole index at start-up', function () {
      const guard = newIntegrityGuard({ index: indexOf(4, 3), logger });
      expect(guard.verifyAll()).to.include({ sequenceNumber: 3, field: 'event_hash' });
      expect(guard.fault?.sequenceNumber).to.equal(3);
    });
  });
});

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { expect } from 'chai';
import { openJournalIndex } from '@gateway/index/journalIndex';
import type { SealRecord } from '@gateway/core/sealRecord';
import { TEST_SUBMITTER, sealRecord } from '@test-support/sealFixtures';

function seal(sequenceNumber: number, eventId: string): SealRecord {
  return sealRecord({
    sequenceNumber,
    eventId,
    payload: Buffer.from(eventId),
    eventHash: new Uint8Array(32).fill(sequenceNumber),
    previousHash: new Uint8Array(32).fill(sequenceNumber - 1),
    sealedTimestamp: 1000 + sequenceNumber,
    blockNumber: 3,
    entryIndex: sequenceNumber - 1,
    vepsTimestamp: 1,
    metadata: { k: 'v' },
  });
}

describe('JournalIndex', function () {
  let dir: string;
  beforeEach(function () {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'index-spec-'));
  });
  afterEach(function () {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  describe('#commit', function () {
    it('stores seals, nodes and the checkpoint so that a reopened index sees them', function () {
      const file = path.join(dir, 'i.sqlite');
      const index = openJournalIndex(file);
      const node = { level: 0, index: 0, hash: new Uint8Array(32).fill(9) };
      index.commit({
        seals: [seal(1, 'a'), seal(2, 'b')],
        nodes: [node],
        checkpoint: { blockNumber: 3n, transactionId: 'tx' },
      });
      index.close();
      const reopened = openJournalIndex(file);
      expect(reopened.size).to.equal(2);
      expect(reopened.get(2)).to.deep.equal(seal(2, 'b'));
      expect(reopened.findById('a', 'Org1MSP')?.sequenceNumber).to.equal(1);
      expect(reopened.checkpoint()).to.deep.equal({ blockNumber: 3n, transactionId: 'tx' });
      expect(reopened.perfectSubtreeHash({ level: 0, index: 0 })).to.deep.equal(node.hash);
      reopened.close();
    });

    it('finds by id the events it committed and those a reopened file already held, and nothing else', function () {
      const file = path.join(dir, 'i.sqlite');
      const first = openJournalIndex(file);
      first.commit({
        seals: [seal(1, 'a')],
        nodes: [],
        checkpoint: { blockNumber: 3n, transactionId: 'tx' },
      });
      first.close();
      const index = openJournalIndex(file);
      index.commit({
        seals: [seal(2, 'b')],
        nodes: [],
        checkpoint: { blockNumber: 4n, transactionId: 'tx' },
      });

      expect(index.findById('a', 'Org1MSP')?.sequenceNumber).to.equal(1);
      expect(index.findEvent('a', 'Org1MSP')?.sequenceNumber).to.equal(1);
      expect(index.findById('b', 'Org1MSP')?.sequenceNumber).to.equal(2);
      expect(index.findEvent('b', 'Org1MSP')?.sequenceNumber).to.equal(2);
      expect(index.findById('c', 'Org1MSP')).to.equal(undefined);
      expect(index.findEvent('c', 'Org1MSP')).to.equal(undefined);
      index.close();
    });

    it("finds an org's own event by its id and never another org's event with the same id", function () {
      const index = openJournalIndex(':memory:');
      const org2 = { ...seal(1, 'same'), submitter: { ...TEST_SUBMITTER, mspId: 'Org2MSP' } };
      index.commit({ seals: [org2], nodes: [], checkpoint: { blockNumber: 3n, transactionId: 'tx' } });

      expect(index.findEvent('same', 'Org1MSP')).to.equal(undefined);
      expect(index.findById('same', 'Org1MSP')).to.equal(undefined);
      expect(index.findEvent('same', 'Org2MSP')?.sequenceNumber).to.equal(1);
      expect(index.findById('same', 'Org2MSP')?.sequenceNumber).to.equal(1);

      index.commit({
        seals: [{ ...seal(2, 'same'), transactionId: 'tx-org1' }],
        nodes: [],
        checkpoint: { blockNumber: 4n, transactionId: 'tx-org1' },
      });
      expect(index.findEvent('same', 'Org1MSP')?.sequenceNumber).to.equal(2);
      expect(index.findEvent('same', 'Org2MSP')?.sequenceNumber).to.equal(1);
      expect(index.sealsOfTransaction('tx-org1').map((s) => s.sequenceNumber)).to.deep.equal([2]);
      index.close();
    });

    it('sees, through a read-only handle, rows another handle commits after it was opened', function () {
      const file = path.join(dir, 'i.sqlite');
      const writer = openJournalIndex(file);
      writer.commit({
        seals: [seal(1, 'a')],
        nodes: [],
        checkpoint: { blockNumber: 3n, transactionId: 'tx' },
      });
      const reader = openJournalIndex(file, { readonly: true });
      writer.commit({
        seals: [seal(2, 'b')],
        nodes: [],
        checkpoint: { blockNumber: 4n, transactionId: 'tx' },
      });

      expect(reader.findById('b', 'Org1MSP')?.sequenceNumber).to.equal(2);
      reader.close();
      writer.close();
    });

    it('refuses a batch that does not continue the sequence and writes nothing of it', function () {
      const index = openJournalIndex(path.join(dir, 'i.sqlite'));
      expect(() => {
        index.commit({
          seals: [seal(2, 'b')],
          nodes: [],
          checkpoint: { blockNumber: 1n, transactionId: 't' },
        });
      }).to.throw(/starts at sequence 2, want 1/);
      expect(index.checkpoint()).to.equal(undefined);
      index.close();
    });

    it('refuses a second seal of the same entry of a transaction, and writes nothing of its batch', function () {
      const index = openJournalIndex(path.join(dir, 'i.sqlite'));
      index.commit({
        seals: [seal(1, 'a')],
        nodes: [],
        checkpoint: { blockNumber: 3n, transactionId: 'tx' },
      });
      const again = { ...seal(2, 'b'), entryIndex: 0 };
      expect(() => {
        index.commit({ seals: [again], nodes: [], checkpoint: { blockNumber: 4n, transactionId: 'tx2' } });
      }).to.throw(/UNIQUE constraint failed: seals\.tx_id, seals\.entry_index/);
      expect(index.size).to.equal(1);
      expect(index.checkpoint()).to.deep.equal({ blockNumber: 3n, transactionId: 'tx' });
      index.close();
    });

    it('accepts the same entry index in another transaction', function () {
      const index = openJournalIndex(path.join(dir, 'i.sqlite'));
      index.commit({
        seals: [seal(1, 'a')],
        nodes: [],
        checkpoint: { blockNumber: 3n, transactionId: 'tx' },
      });
      const other = { ...seal(2, 'b'), entryIndex: 0, transactionId: 'tx2' };
      index.commit({ seals: [other], nodes: [], checkpoint: { blockNumber: 4n, transactionId: 'tx2' } });
      expect(index.size).to.equal(2);
      index.close();
    });

    it('keeps rows and checkpoint together when the transaction fails half way', function () {
      const index = openJournalIndex(path.join(dir, 'i.sqlite'));
      const broken = { ...seal(2, 'dup'), sequenceNumber: 1 };
      expect(() => {
        index.commit({
          seals: [seal(1, 'a'), broken],
          nodes: [],
          checkpoint: { blockNumber: 9n, transactionId: 't' },
        });
      }).to.throw();
      expect(index.size).to.equal(0);
      expect(index.get(1)).to.equal(undefined);
      expect(index.checkpoint()).to.equal(undefined);
      index.close();
    });
  });
});

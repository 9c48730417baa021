import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { expect } from 'chai';
import {
  encodeJournalRecord,
  JOURNAL_EVENT_NAME,
  type EventEntry,
  type ImportEntry,
  type JournalRecord,
} from '@chaincode/lib/journal';
import { canonicalBytes } from '@chaincode/lib/canonicalJson';
import { eventHash, GENESIS_PREVIOUS_HASH, newMemoryMerkleTree, toHex } from '@gateway/core';
import { sealLeafHash } from '@gateway/core/sealLeaf';
import { openJournalIndex, type JournalIndex } from '@gateway/index/journalIndex';
import { silentLogger } from '@gateway/logger';
import {
  newJournalSequencer,
  UndecodableJournalRecordError,
  type JournalChaincodeEvent,
} from '@gateway/sequencer/journalSequencer';

const TX = (n: number): string => n.toString(16).padStart(64, '0');

function eventEntry(eventId: string, text: string): EventEntry {
  return {
    type: 'event',
    eventId,
    payload: Buffer.from(text).toString('base64'),
    vepsSignature: '',
    vepsTimestamp: '1702234567890',
    metadata: {},
    client: { cert: 'c'.repeat(64), subject: 'O=Org1MSP, CN=client1' },
  };
}

function record(txId: string, entries: JournalRecord['entries']): JournalRecord {
  return {
    version: 2,
    txId,
    timestamp: '2026-01-02T03:04:05.678Z',
    actor: { cert: 'a'.repeat(64), msp: 'Org1MSP', id: 'x509::CN=gateway1', role: 'gateway' },
    entries,
  };
}

function chaincodeEvent(block: number, rec: JournalRecord): JournalChaincodeEvent {
  return {
    blockNumber: BigInt(block),
    transactionId: rec.txId,
    eventName: JOURNAL_EVENT_NAME,
    payload: encodeJournalRecord(rec),
  };
}

const WRITE = {
  type: 'account',
  action: 'Accounts:OpenAccount',
  writes: [{ key: 'account/A-1', valueHash: 'a'.repeat(64), deleted: false }],
} as const;

const EVENTS: readonly JournalChaincodeEvent[] = [
  chaincodeEvent(5, record(TX(1), [WRITE])),
  chaincodeEvent(
    6,
    record(TX(2), [eventEntry('e-1', 'one'), eventEntry('e-2', 'two'), eventEntry('e-3', 'three')]),
  ),
  { blockNumber: 6n, transactionId: TX(3), eventName: 'something.else', payload: new Uint8Array([1]) },
  chaincodeEvent(7, record(TX(4), [eventEntry('e-4', 'four')])),
];

describe('JournalSequencer', function () {
  let dir: string;
  let index: JournalIndex;

  beforeEach(function () {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sequencer-spec-'));
    index = openJournalIndex(path.join(dir, 'index.sqlite'));
  });

  afterEach(function () {
    index.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  describe('#apply', function () {
    it('numbers entries consecutively, entries of one transaction in their order', function () {
      const sequencer = newJournalSequencer({ index, logger: silentLogger });
      const seals = EVENTS.flatMap((e) => sequencer.apply(e));
      expect(seals.map((s) => s.sequenceNumber)).to.deep.equal([1, 2, 3, 4, 5]);
      expect(seals.map((s) => s.eventId)).to.deep.equal([TX(1), 'e-1', 'e-2', 'e-3', 'e-4']);
      expect(seals.map((s) => s.entryIndex)).to.deep.equal([0, 0, 1, 2, 0]);
      expect(sequencer.lastSequenceNumber).to.equal(5);
    });

    it('keeps the first occurrence of an event id and skips later ones, in other transactions or the same', function () {
      const sequencer = newJournalSequencer({ index, logger: silentLogger });
      sequencer.apply(chaincodeEvent(1, record(TX(10), [eventEntry('dup', 'first')])));
      const seals = sequencer.apply(
        chaincodeEvent(
          2,
          record(TX(11), [eventEntry('dup', 'retried'), eventEntry('new', 'n'), eventEntry('new', 'again')]),
        ),
      );
      expect(seals.map((s) => [s.sequenceNumber, s.eventId, s.entryIndex])).to.deep.equal([[2, 'new', 1]]);
      expect(Buffer.from(index.findEvent('dup', 'Org1MSP')?.payload ?? []).toString()).to.equal('first');
      expect(sequencer.checkpoint()?.transactionId).to.equal(TX(11));
      expect(sequencer.lastSequenceNumber).to.equal(2);
    });

    it("seals another org's event with an id Org1 already used as its own entry: ids are scoped by org", function () {
      const sequencer = newJournalSequencer({ index, logger: silentLogger });
      const org2 = (rec: JournalRecord): JournalRecord => ({
        ...rec,
        actor: { ...rec.actor, msp: 'Org2MSP' },
      });
      sequencer.apply(chaincodeEvent(1, org2(record(TX(10), [eventEntry('ACC-1001', 'squatted')]))));
      const seals = sequencer.apply(chaincodeEvent(2, record(TX(11), [eventEntry('ACC-1001', 'mine')])));

      expect(seals.map((s) => [s.sequenceNumber, s.eventId, s.submitter.mspId])).to.deep.equal([
        [2, 'ACC-1001', 'Org1MSP'],
      ]);
      expect(Buffer.from(index.findEvent('ACC-1001', 'Org1MSP')?.payload ?? []).toString()).to.equal('mine');
      expect(Buffer.from(index.findEvent('ACC-1001', 'Org2MSP')?.payload ?? []).toString()).to.equal(
        'squatted',
      );
    });

    it('seals a re-delivered transaction once and leaves the checkpoint where it was', function () {
      const sequencer = newJournalSequencer({ index, logger: silentLogger });
      EVENTS.forEach((e) => sequencer.apply(e));
      const checkpoint = sequencer.checkpoint();
      expect(sequencer.apply(EVENTS[0]!), 'write entry re-delivered').to.deep.equal([]);
      expect(sequencer.apply(EVENTS[1]!), 'event entries re-delivered').to.deep.equal([]);
      expect(sequencer.lastSequenceNumber).to.equal(5);
      expect(index.keyHistory('account/A-1', 0, 10)).to.have.length(1);
      expect(sequencer.checkpoint()).to.deep.equal(checkpoint);
    });

    it('seals imported records as entries of their own type, lists each under its document, and seals a re-delivered import once', function () {
      const sequencer = newJournalSequencer({ index, logger: silentLogger });
      const revisionOf = (version: number): ImportEntry => ({
        type: 'qldb-revision',
        importId: `qldb/L/S:${version}/0`,
        payload: Buffer.from(
          JSON.stringify({ type: 'qldb-revision', table: 'Vehicle', documentId: 'D1', version }),
        ).toString('base64'),
      });
      const imported = chaincodeEvent(3, record(TX(30), [revisionOf(0), revisionOf(1)]));
      const seals = sequencer.apply(imported);
      expect(seals.map((s) => [s.sequenceNumber, s.entryType, s.eventId])).to.deep.equal([
        [1, 'qldb-revision', 'qldb/L/S:0/0'],
        [2, 'qldb-revision', 'qldb/L/S:1/0'],
      ]);
      expect(seals[0]!.vepsSignature).to.equal('');
      expect(index.keyHistory('qldb/Vehicle/D1', 0, 10)).to.have.length(2);
      expect(index.keyHistory('import/Org1MSP/qldb/L/S:1/0', 0, 10)).to.have.length(1);
      expect(sequencer.apply(imported), 'import re-delivered').to.deep.equal([]);
      expect(sequencer.lastSequenceNumber).to.equal(2);
    });

    it('seals the writes of a transaction whose id a client used earlier as an event id', function () {
      const sequencer = newJournalSequencer({ index, logger: silentLogger });
      sequencer.apply(chaincodeEvent(1, record(TX(20), [eventEntry(TX(21), 'an id chosen to collide')])));
      const seals = sequencer.apply(chaincodeEvent(2, record(TX(21), [WRITE])));
      expect(seals.map((s) => [s.sequenceNumber, s.eventId, s.entryType])).to.deep.equal([
        [2, TX(21), 'account'],
      ]);
    });

    it('records the keys every entry wrote, event/<id> for events, with the seals of its transaction', function () {
      const sequencer = newJournalSequencer({ index, logger: silentLogger });
      EVENTS.forEach((e) => sequencer.apply(e));
      expect(index.keyHistory('account/A-1', 0, 10)).to.deep.equal([
        { key: 'account/A-1', sequenceNumber: 1, valueHash: 'a'.repeat(64), deleted: false },
      ]);
      const events = ['e-1', 'e-2', 'e-3', 'e-4'].map((id) => index.keyHistory(`event/${id}`, 0, 10));
      expect(events.map((rows) => rows.map((r) => r.sequenceNumber))).to.deep.equal([[2], [3], [4], [5]]);
    });

    it('chains event hashes from 32 zero bytes with the client payload or the canonical write entry', function () {
      const sequencer = newJournalSequencer({ index, logger: silentLogger });
      const [first, second] = EVENTS.slice(0, 2).flatMap((e) => sequencer.apply(e));
      const want1 = eventHash({
        sequenceNumber: 1n,
        eventId: TX(1),
        payload: canonicalBytes(WRITE),
        previousHash: GENESIS_PREVIOUS_HASH,
      });
      expect(toHex(first?.eventHash ?? new Uint8Array())).to.equal(toHex(want1));
      const want2 = eventHash({
        sequenceNumber: 2n,
        eventId: 'e-1',
        payload: Buffer.from('one'),
        previousHash: want1,
      });
      expect(toHex(second?.eventHash ?? new Uint8Array())).to.equal(toHex(want2));
    });

    it('seals the submitter of each entry from its journal record: creator for writes, client for events', function () {
      const sequencer = newJournalSequencer({ index, logger: silentLogger });
      const [write, event] = EVENTS.slice(0, 2).flatMap((e) => sequencer.apply(e));
      const creator = { mspId: 'Org1MSP', id: 'x509::CN=gateway1', certSha256: 'a'.repeat(64) };
      expect(write?.submitter).to.deep.equal({ ...creator, clientCertSha256: '', clientSubject: '' });
      expect(event?.submitter).to.deep.equal({
        ...creator,
        clientCertSha256: 'c'.repeat(64),
        clientSubject: 'O=Org1MSP, CN=client1',
      });
      expect(event?.sealedTimestamp).to.equal(Date.parse('2026-01-02T03:04:05.678Z'));
    });

    it('seals a version 1 journal record with empty certificate fingerprints and no client', function () {
      const sequencer = newJournalSequencer({ index, logger: silentLogger });
      const { type, eventId, payload, vepsSignature, vepsTimestamp, metadata } = eventEntry('e-old', 'old');
      const v1Event: EventEntry = { type, eventId, payload, vepsSignature, vepsTimestamp, metadata };
      const v1: JournalRecord = {
        version: 1,
        txId: TX(9),
        timestamp: '2025-01-02T03:04:05.678Z',
        actor: { msp: 'Org1MSP', id: 'x509::CN=gateway1', role: 'gateway' },
        entries: [v1Event],
      };
      const [seal] = sequencer.apply(chaincodeEvent(3, v1));
      expect(seal?.submitter).to.deep.equal({
        mspId: 'Org1MSP',
        id: 'x509::CN=gateway1',
        certSha256: '',
        clientCertSha256: '',
        clientSubject: '',
      });
    });

    it('refuses an undecodable journal record: it throws, seals nothing and keeps the checkpoint before it', function () {
      const sequencer = newJournalSequencer({ index, logger: silentLogger });
      EVENTS.slice(0, 2).forEach((e) => sequencer.apply(e));
      const before = { size: index.size, checkpoint: sequencer.checkpoint() };
      const garbled: JournalChaincodeEvent = {
        blockNumber: 9n,
        transactionId: TX(9),
        eventName: JOURNAL_EVENT_NAME,
        payload: Buffer.from('{"version":99,"not":"a journal record"}'),
      };

      let thrown: unknown;
      try {
        sequencer.apply(garbled);
      } catch (err) {
        thrown = err;
      }

      expect(thrown).to.be.instanceOf(UndecodableJournalRecordError);
      expect(thrown).to.include({ blockNumber: 9n, transactionId: TX(9) });
      expect((thrown as Error).message).to.match(
        new RegExp(`^journal record of transaction ${TX(9)} \\(block 9\\) cannot be decoded: `),
      );
      expect({ size: index.size, checkpoint: sequencer.checkpoint() }).to.deep.equal(before);
    });

    it('moves the checkpoint past events of other names without sealing them', function () {
      const sequencer = newJournalSequencer({ index, logger: silentLogger });
      EVENTS.slice(0, 3).forEach((e) => sequencer.apply(e));
      expect(sequencer.checkpoint()).to.deep.equal({ blockNumber: 6n, transactionId: TX(3) });
      expect(index.size).to.equal(4);
    });

    it('resumes from the index with the same hashes and Merkle root as one uninterrupted run', function () {
      const first = newJournalSequencer({ index, logger: silentLogger });
      EVENTS.slice(0, 2).forEach((e) => first.apply(e));
      index.close();
      index = openJournalIndex(path.join(dir, 'index.sqlite'));
      const resumed = newJournalSequencer({ index, logger: silentLogger });
      const [last] = EVENTS.slice(2).flatMap((e) => resumed.apply(e));
      const reference = openJournalIndex(':memory:');
      const oneRun = newJournalSequencer({ index: reference, logger: silentLogger });
      const all = EVENTS.flatMap((e) => oneRun.apply(e));
      expect(toHex(last?.eventHash ?? new Uint8Array())).to.equal(
        toHex(all.at(-1)?.eventHash ?? new Uint8Array()),
      );
      const tree = newMemoryMerkleTree();
      all.forEach((s) => tree.append(sealLeafHash(s)));
      expect(toHex(index.perfectSubtreeHash({ level: 2, index: 0 }))).to.equal(
        toHex(tree.perfectSubtreeHash({ level: 2, index: 0 })),
      );
      reference.close();
    });
  });

  describe('#waitForEvent', function () {
    it('resolves when the event is sealed and at once when it already is', async function () {
      const sequencer = newJournalSequencer({ index, logger: silentLogger });
      const waiting = sequencer.waitForEvent('e-2', 'Org1MSP');
      EVENTS.slice(0, 2).forEach((e) => sequencer.apply(e));
      expect((await waiting.promise).sequenceNumber).to.equal(3);
      expect((await sequencer.waitForEvent('e-1', 'Org1MSP').promise).sequenceNumber).to.equal(2);
    });
  });

  describe('#onSeals', function () {
    it("publishes each transaction's seals after the index holds them, until unsubscribed", function () {
      const sequencer = newJournalSequencer({ index, logger: silentLogger });
      const published: { seqs: number[]; indexSize: number }[] = [];
      const unsubscribe = sequencer.onSeals((seals) => {
        published.push({ seqs: seals.map((s) => s.sequenceNumber), indexSize: index.size });
      });
      EVENTS.slice(0, 3).forEach((e) => sequencer.apply(e));
      unsubscribe();
      const last = EVENTS[3];
      if (last !== undefined) sequencer.apply(last);

      expect(published).to.deep.equal([
        { seqs: [1], indexSize: 1 },
        { seqs: [2, 3, 4], indexSize: 4 },
      ]);
    });

    it('keeps sealing and notifying other listeners when one listener throws', function () {
      const sequencer = newJournalSequencer({ index, logger: silentLogger });
      const seen: number[] = [];
      sequencer.onSeals(() => {
        throw new Error('listener bug');
      });
      sequencer.onSeals((seals) => seen.push(...seals.map((s) => s.sequenceNumber)));
      EVENTS.slice(0, 2).forEach((e) => sequencer.apply(e));

      expect(seen).to.deep.equal([1, 2, 3, 4]);
      expect(sequencer.lastSequenceNumber).to.equal(4);
    });
  });
});

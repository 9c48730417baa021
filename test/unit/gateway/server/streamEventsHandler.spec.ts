// StreamEvents over a real in-process gRPC server, on an in-memory index fed by the real sequencer.
import * as grpc from '@grpc/grpc-js';
import { status, type ClientReadableStream, type ServiceError } from '@grpc/grpc-js';
import { expect } from 'chai';
import { encodeJournalRecord, JOURNAL_EVENT_NAME, type EventEntry } from '@chaincode/lib/journal';
import { newLedgerClient, verifySealHash, type LedgerClient } from '@gateway/client/ledgerClient';
import { fromHex, journalLeafHash, verifyInclusion } from '@gateway/core';
import type { StreamEventsRequest } from '@gateway/generated/ledger/StreamEventsRequest';
import type { StreamItem__Output } from '@gateway/generated/ledger/StreamItem';
import { openJournalIndex, type JournalIndex } from '@gateway/index/journalIndex';
import { silentLogger } from '@gateway/logger';
import { newAuthorizationInterceptor } from '@gateway/security/authorizationInterceptor';
import { newJournalSequencer, type JournalSequencer } from '@gateway/sequencer/journalSequencer';
import type { EventSubmitter } from '@gateway/server/eventSubmitter';
import { loadLedgerProto } from '@gateway/proto/ledgerProto';
import {
  newStreamEventsHandler,
  capAtTip,
  streamClientKey,
  type StreamSpec,
  type StreamEventsHandler,
} from '@gateway/server/streamEventsHandler';
import { newLedgerService } from '@gateway/server/ledgerService';
import { waitFor } from '@test-support/waitFor';

const NO_SUBMITTER: EventSubmitter = {
  pending: 0,
  submit: () => Promise.reject(new Error('not used')),
};

interface Outcome {
  readonly items: StreamItem__Output[];
  readonly error: ServiceError | undefined;
}

function drain(stream: ClientReadableStream<StreamItem__Output>): Promise<Outcome> {
  const items: StreamItem__Output[] = [];
  return new Promise((resolve) => {
    stream.on('data', (item: StreamItem__Output) => items.push(item));
    stream.on('error', (error: ServiceError) => {
      resolve({ items, error });
    });
    stream.on('end', () => {
      resolve({ items, error: undefined });
    });
  });
}

/** Resolves once `count` seals have arrived on the stream. */
function receivedSeals(stream: ClientReadableStream<StreamItem__Output>, count: number): Promise<void> {
  let seen = 0;
  return new Promise((resolve) => {
    const onData = (item: StreamItem__Output): void => {
      if (item.seal != null) seen += 1;
      if (seen < count) return;
      stream.off('data', onData);
      resolve();
    };
    stream.on('data', onData);
  });
}

describe('streamEventsHandler', function () {
  let index: JournalIndex;
  let sequencer: JournalSequencer;
  let streams: StreamEventsHandler;
  let server: grpc.Server;
  let client: LedgerClient;
  let tx = 0;
  /** Resolves when a stream subscribes to the sequencer's live seals (replaced by every `start`). */
  let subscribed: Promise<void>;

  /** Seals one transaction of `count` events, each with `payloadBytes` of payload. */
  function seal(count: number, payloadBytes = 16): void {
    tx++;
    const entries: EventEntry[] = Array.from({ length: count }, (_, i) => ({
      type: 'event',
      eventId: `evt-${tx}-${i}`,
      payload: Buffer.alloc(payloadBytes, i).toString('base64'),
      vepsSignature: '',
      vepsTimestamp: '1702234567890',
      metadata: {},
    }));
    const txId = tx.toString(16).padStart(64, '0');
    const payload = encodeJournalRecord({
      version: 1,
      txId,
      timestamp: '2026-01-02T03:04:05.678Z',
      actor: { msp: 'Org1MSP', id: 'x509::CN=gateway1', role: 'gateway' },
      entries,
    });
    sequencer.apply({ blockNumber: BigInt(tx), transactionId: txId, eventName: JOURNAL_EVENT_NAME, payload });
  }

  async function start(
    maxBufferedSeals?: number,
    maxStreamsPerClient?: number,
    interceptors: grpc.ServerInterceptor[] = [],
  ): Promise<void> {
    let onSubscribe: () => void = () => undefined;
    subscribed = new Promise((resolve) => {
      onSubscribe = resolve;
    });
    streams = newStreamEventsHandler({
      index,
      seals: {
        onSeals: (listener) => {
          const unsubscribe = sequencer.onSeals(listener);
          onSubscribe();
          return unsubscribe;
        },
      },
      logger: silentLogger,
      ...(maxBufferedSeals === undefined ? {} : { maxBufferedSeals }),
      ...(maxStreamsPerClient === undefined ? {} : { maxStreamsPerClient }),
    });
    const service = newLedgerService({
      index,
      submitter: NO_SUBMITTER,
      identity: { mspId: 'Org1MSP', certificatePem: '', privateKeyPem: '' },
      status: { healthy: () => true, describe: () => 'SERVING' },
      logger: silentLogger,
      sealTimeoutMs: 1000,
      streams,
    });
    server = new grpc.Server({ interceptors });
    server.addService(loadLedgerProto().proto.ledger.ImmutableLedger.service, service);
    const port = await new Promise<number>((resolve, reject) => {
      server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, p) => {
        if (err === null) resolve(p);
        else reject(err);
      });
    });
    client = newLedgerClient(`127.0.0.1:${port}`, { insecure: true });
  }

  const open = (request: StreamEventsRequest): ClientReadableStream<StreamItem__Output> =>
    client.streamEvents(request);

  beforeEach(function () {
    index = openJournalIndex(':memory:');
    sequencer = newJournalSequencer({ index, logger: silentLogger });
    tx = 0;
  });

  afterEach(function () {
    client.close();
    server.forceShutdown();
    index.close();
  });

  describe('#handler', function () {
    it('sends seals whose inclusion proofs verify against the tree size stated in each item', async function () {
      seal(3);
      seal(4);
      await start();

      const { items, error } = await drain(open({ fromSequence: 2, toSequence: 7, includeProof: true }));

      expect(error).to.equal(undefined);
      const seals = items.filter((i) => i.seal != null);
      expect(seals.map((i) => i.seal?.sequenceNumber)).to.deep.equal(['2', '3', '4', '5', '6', '7']);
      for (const item of seals) {
        const sealed = item.seal;
        const proof = item.proof;
        if (sealed == null || proof === null) throw new Error('seal without proof');
        expect(sealed.payload.length).to.equal(0);
        expect(proof.treeSize).to.equal('7');
        verifyInclusion(
          journalLeafHash(fromHex(sealed.eventHash), fromHex(sealed.entryHash)),
          Number(sealed.leafIndex),
          Number(proof.treeSize),
          proof.hashes.map((h) => fromHex(h)),
          fromHex(proof.rootHash),
        );
      }
      expect(items.at(-1)?.control).to.include({ reason: 'END', lastSequence: '7', treeSize: '7' });
    });

    it('sends payloads when asked, so every event hash recomputes', async function () {
      seal(2);
      await start();

      const { items } = await drain(open({ fromSequence: 1, toSequence: 2, includePayload: true }));

      const seals = items.flatMap((i) => (i.seal == null ? [] : [i.seal]));
      expect(seals.map(verifySealHash)).to.deep.equal([true, true]);
      expect(items[0]?.proof).to.equal(null);
    });

    it("ends an export-only caller's stream with to_sequence 2^53-1 at the tip instead of following the live journal", async function () {
      seal(3);
      const exporterOnly = newAuthorizationInterceptor({
        verifier: {
          verify: () => ({
            ok: true,
            mspId: 'Org1MSP',
            role: 'exporter',
            subject: 'CN=exporter',
            validUntil: new Date(8.64e15),
          }),
        },
        table: () => [{ msp: 'Org1MSP', role: 'exporter', allow: ['export'] }],
        logger: silentLogger,
      });
      await start(undefined, undefined, [exporterOnly]);

      const { items, error } = await drain(open({ fromSequence: 2, toSequence: '9007199254740991' }));

      expect(error).to.equal(undefined);
      expect(items.flatMap((i) => (i.seal == null ? [] : [i.seal.sequenceNumber]))).to.deep.equal(['2', '3']);
      expect(items.at(-1)?.control).to.include({ reason: 'END', lastSequence: '3' });
    });

    it('rejects to_sequence below from_sequence with INVALID_ARGUMENT naming the field', async function () {
      await start();

      const { error } = await drain(open({ fromSequence: 5, toSequence: 3 }));

      expect(error?.code).to.equal(status.INVALID_ARGUMENT);
      expect(error?.details).to.equal('to_sequence: got 3, want 0 (unbounded) or at least from_sequence 5');
    });

    it('rejects a heartbeat period out of range with INVALID_ARGUMENT', async function () {
      await start();

      const { error } = await drain(open({ fromSequence: 1, heartbeatMs: 10 }));

      expect(error?.code).to.equal(status.INVALID_ARGUMENT);
      expect(error?.details).to.match(/^heartbeat_ms: got 10, want 0 \(default\) or 100 to 60000/);
    });

    it('gives a paused consumer that fell behind the buffer bound every seal in order once it reads again', async function () {
      await start(20);
      const stream = open({ fromSequence: 1, includePayload: true });
      stream.pause();
      await subscribed;
      // Large payloads fill gRPC's flow-control window, so the server's writes start to wait.
      for (let i = 0; i < 40; i++) {
        seal(5, 64 * 1024);
        await new Promise((resolve) => setImmediate(resolve));
      }
      const items: number[] = [];
      stream.on('data', (item: StreamItem__Output) => {
        if (item.seal != null) items.push(Number(item.seal.sequenceNumber));
        if (items.length === 200) stream.cancel();
      });
      stream.resume();
      await new Promise<void>((resolve) => {
        stream.on('error', () => {
          resolve();
        });
      });

      expect(items).to.deep.equal(Array.from({ length: 200 }, (_, i) => i + 1));
    });

    it('refuses one client more open streams than its quota with RESOURCE_EXHAUSTED, and takes one again after a close', async function () {
      seal(1);
      await start(undefined, 2);
      const first = open({ fromSequence: 1 });
      const second = open({ fromSequence: 1 });
      await Promise.all([receivedSeals(first, 1), receivedSeals(second, 1)]);

      const third = await drain(open({ fromSequence: 1 }));
      first.on('error', () => undefined); // the client's own CANCELLED
      first.cancel();
      await waitFor('the gateway ended the cancelled stream', () => streams.active === 1);
      const fourth = open({ fromSequence: 1 });
      await receivedSeals(fourth, 1);
      for (const stream of [second, fourth]) {
        stream.on('error', () => undefined);
        stream.cancel();
      }

      expect(third.error?.code).to.equal(status.RESOURCE_EXHAUSTED);
      expect(third.error?.details).to.match(
        /already holds 2 open StreamEvents calls \(at most 2 per client\)/,
      );
    });

    it('ends open streams with UNAVAILABLE and where to resume on closeAll', async function () {
      seal(3);
      await start();
      const stream = open({ fromSequence: 1 });
      const outcome = drain(stream);
      await receivedSeals(stream, 3);

      streams.closeAll();
      const { items, error } = await outcome;

      expect(items.filter((i) => i.seal != null)).to.have.length(3);
      expect(error?.code).to.equal(status.UNAVAILABLE);
      expect(error?.details).to.equal('the gateway is shutting down; resume from sequence 4');
    });
  });
});

describe('streamClientKey', function () {
  it('names a client by the SHA-256 of its certificate', function () {
    expect(streamClientKey(Buffer.from('abc'), 'ipv4:127.0.0.1:5000')).to.equal(
      'cert:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });

  it('names a client without a certificate by its address without the port, so reconnecting does not reset it', function () {
    expect(streamClientKey(undefined, 'ipv4:127.0.0.1:5000')).to.equal('peer:ipv4:127.0.0.1');
    expect(streamClientKey(undefined, 'ipv4:127.0.0.1:6000')).to.equal('peer:ipv4:127.0.0.1');
  });

  it('gives two certificates two keys', function () {
    expect(streamClientKey(Buffer.from('abc'), 'p:1')).to.not.equal(
      streamClientKey(Buffer.from('abd'), 'p:1'),
    );
  });
});

describe('capAtTip', function () {
  const spec: StreamSpec = {
    fromSequence: 3,
    toSequence: Number.MAX_SAFE_INTEGER,
    includePayload: false,
    includeProof: false,
    heartbeatMs: 5000,
    accept: () => true,
  };

  it("ends an export-only caller's stream at the tip the journal has when it opens", function () {
    expect(capAtTip(spec, true, 40).toSequence).to.equal(40);
  });

  it('leaves the bound of a caller who may also stream as asked', function () {
    expect(capAtTip(spec, false, 40).toSequence).to.equal(Number.MAX_SAFE_INTEGER);
  });

  it('leaves a bound already at or below the tip as asked', function () {
    expect(capAtTip({ ...spec, toSequence: 39 }, true, 40).toSequence).to.equal(39);
    expect(capAtTip({ ...spec, toSequence: 40 }, true, 40).toSequence).to.equal(40);
  });

  it('leaves an unbounded stream unbounded (the authorization table decides whether it may open)', function () {
    expect(capAtTip({ ...spec, toSequence: undefined }, true, 40).toSequence).to.equal(undefined);
  });
});

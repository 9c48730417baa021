// StreamEvents against a gateway process on the real network: catch-up + live under concurrent
// submits, bounded ranges, resume after a disconnect, filters.
import * as fs from 'node:fs';
import { status, type ClientReadableStream, type ServiceError } from '@grpc/grpc-js';
import { expect } from 'chai';
import { verifySealHash, type LedgerClient } from '@gateway/client/ledgerClient';
import { fromHex, journalLeafHash, verifyInclusion } from '@gateway/core';
import type { CertifiedEvent } from '@gateway/generated/ledger/CertifiedEvent';
import type { SealedEvent__Output } from '@gateway/generated/ledger/SealedEvent';
import type { StreamEventsRequest } from '@gateway/generated/ledger/StreamEventsRequest';
import type { StreamItem__Output } from '@gateway/generated/ledger/StreamItem';
import { startDevGateway, type DevGateway } from '@test-support/gatewayProcess';
import { uniqueId } from '@test-support/testNetwork';

interface Collected {
  readonly items: StreamItem__Output[];
  readonly seals: SealedEvent__Output[];
  /** The status the stream ended with (undefined while open or after our own cancel). */
  readonly error: ServiceError | undefined;
  readonly ended: boolean;
}

/**
 * Reads a stream until `stop(collected)` is true (then cancels it) or it ends; rejects after
 * `timeoutMs`.
 */
function collect(
  stream: ClientReadableStream<StreamItem__Output>,
  stop: (c: Collected) => boolean = () => false,
  timeoutMs = 60_000,
): Promise<Collected> {
  const items: StreamItem__Output[] = [];
  const seals: SealedEvent__Output[] = [];
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (c: Collected): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(c);
    };
    const timer = setTimeout(() => {
      stream.cancel();
      reject(new Error(`stream did not finish in ${timeoutMs} ms (${seals.length} seals)`));
    }, timeoutMs);
    stream.on('data', (item: StreamItem__Output) => {
      // After a cancel, items already in flight may still arrive: the caller saw none of them.
      if (settled) return;
      items.push(item);
      if (item.seal != null) seals.push(item.seal);
      const now = { items, seals, error: undefined, ended: false };
      if (stop(now)) {
        stream.cancel();
        settle(now);
      }
    });
    stream.on('error', (err: ServiceError) => {
      settle({ items, seals, error: err.code === status.CANCELLED ? undefined : err, ended: false });
    });
    stream.on('end', () => {
      settle({ items, seals, error: undefined, ended: true });
    });
  });
}

function newEvent(prefix: string): CertifiedEvent {
  return {
    eventId: uniqueId(prefix),
    payload: Buffer.from(`stream payload ${prefix} ${Date.now()}`),
    vepsSignature: 'stream-sig',
    vepsTimestamp: Date.now(),
    metadata: { source: 'gatewayStream.spec' },
  };
}

const seqs = (seals: readonly SealedEvent__Output[]): number[] => seals.map((s) => Number(s.sequenceNumber));
const range = (from: number, to: number): number[] =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** Consecutive sequence numbers, each previous_hash the event_hash before it, every hash recomputed. */
function expectLinkedChain(seals: readonly SealedEvent__Output[]): void {
  seals.forEach((seal, i) => {
    expect(verifySealHash(seal), `event_hash of ${seal.sequenceNumber}`).to.equal(true);
    const before = seals[i - 1];
    if (before === undefined) return;
    expect(Number(seal.sequenceNumber)).to.equal(Number(before.sequenceNumber) + 1);
    expect(seal.previousHash, `previous_hash of ${seal.sequenceNumber}`).to.equal(before.eventHash);
  });
}

describe('StreamEvents against a gateway process', function () {
  this.timeout(180_000);
  let dev: DevGateway;
  let dir: string;
  let client: LedgerClient;

  before(async function () {
    dev = await startDevGateway('org1', 'stream-it');
    ({ client, dir } = dev);
    // Something to catch up on, and an index that has caught up with the ledger.
    await Promise.all(range(1, 5).map(() => client.submitEvent(newEvent('stream-warm'))));
  });

  after(async function () {
    await dev.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('hands over from catch-up to live seals under concurrent submits with no gap and no duplicate', async function () {
    const tip = Number((await client.healthCheck()).lastSequenceNumber);
    const from = Math.max(1, tip - 20);
    const events = range(1, 40).map(() => newEvent('stream-live'));
    const wanted = new Set(events.map((e) => e.eventId));
    const stream = client.streamEvents({ fromSequence: from, includePayload: true, includeProof: true });
    const reading = collect(stream, (c) => {
      for (const seal of c.seals) wanted.delete(seal.eventId);
      return wanted.size === 0;
    });
    // Submits start while the stream is still catching up, in concurrent waves.
    for (let wave = 0; wave < 4; wave++) {
      await Promise.all(events.slice(wave * 10, wave * 10 + 10).map((e) => client.submitEvent(e)));
    }
    const got = await reading;

    expect(got.error).to.equal(undefined);
    expect(seqs(got.seals)).to.deep.equal(range(from, from + got.seals.length - 1));
    expectLinkedChain(got.seals);
    for (const item of got.items.filter((i) => i.seal != null)) {
      const seal = item.seal as SealedEvent__Output;
      const proof = item.proof;
      expect(proof, `proof of ${seal.sequenceNumber}`).to.not.equal(null);
      if (proof === null) continue;
      verifyInclusion(
        journalLeafHash(fromHex(seal.eventHash), fromHex(seal.entryHash)),
        Number(seal.leafIndex),
        Number(proof.treeSize),
        proof.hashes.map((h) => fromHex(h)),
        fromHex(proof.rootHash),
      );
    }
  });

  it('ends a bounded range with an END control item after its last sequence', async function () {
    const tip = Number((await client.healthCheck()).lastSequenceNumber);
    const request: StreamEventsRequest = { fromSequence: tip - 4, toSequence: tip, includePayload: true };

    const got = await collect(client.streamEvents(request));

    expect(got.ended).to.equal(true);
    expect(seqs(got.seals)).to.deep.equal(range(tip - 4, tip));
    expectLinkedChain(got.seals);
    const last = got.items.at(-1)?.control;
    expect(last?.reason).to.equal('END');
    expect(last?.lastSequence).to.equal(String(tip));
    expect(Number(last?.treeSize)).to.be.at.least(tip);
  });

  it('loses and repeats nothing when a client resumes from the last sequence it saw', async function () {
    const start = Number((await client.healthCheck()).lastSequenceNumber) + 1;
    const events = range(1, 24).map(() => newEvent('stream-resume'));
    const first = collect(
      client.streamEvents({ fromSequence: start, includePayload: true }),
      (c) => c.seals.length >= 9,
    );
    const submitting = Promise.all(events.map((e) => client.submitEvent(e)));
    const part1 = await first;
    await submitting;
    const lastSeen = Number(part1.seals.at(-1)?.sequenceNumber);
    const tip = Number((await client.healthCheck()).lastSequenceNumber);

    const part2 = await collect(
      client.streamEvents({ fromSequence: lastSeen + 1, toSequence: tip, includePayload: true }),
    );

    const all = [...part1.seals, ...part2.seals];
    expect(seqs(all)).to.deep.equal(range(start, tip));
    expectLinkedChain(all);
    const ids = new Set(all.map((s) => s.eventId));
    for (const e of events)
      expect(ids.has(e.eventId as string), `${String(e.eventId)} streamed`).to.equal(true);
  });

  it('sends only the entry types and key prefix asked for, and reports its position at the end', async function () {
    const prefix = uniqueId('stream-filter');
    const start = Number((await client.healthCheck()).lastSequenceNumber) + 1;
    const kept = range(1, 3).map(() => ({ ...newEvent('x'), eventId: `${prefix}-${uniqueId('k')}` }));
    await Promise.all(
      [...kept, newEvent('stream-other'), newEvent('stream-other')].map((e) => client.submitEvent(e)),
    );
    const tip = Number((await client.healthCheck()).lastSequenceNumber);

    const events = await collect(
      client.streamEvents({ fromSequence: start, toSequence: tip, entryTypes: ['event'], keyPrefix: prefix }),
    );
    const accounts = await collect(
      client.streamEvents({ fromSequence: start, toSequence: tip, entryTypes: ['account'] }),
    );

    expect(events.seals.map((s) => s.eventId).sort()).to.deep.equal(kept.map((e) => e.eventId).sort());
    expect(events.seals.every((s) => s.payload.length === 0)).to.equal(true);
    expect(events.items.at(-1)?.control?.lastSequence).to.equal(String(tip));
    expect(accounts.seals.every((s) => s.entryType === 'account')).to.equal(true);
  });

  it('sends heartbeats with the tree size while the journal is idle', async function () {
    const tip = Number((await client.healthCheck()).lastSequenceNumber);

    const got = await collect(
      client.streamEvents({ fromSequence: tip + 1000, heartbeatMs: 200 }),
      (c) => c.items.length >= 2,
      10_000,
    );

    const control = got.items[0]?.control;
    expect(control?.reason).to.equal('HEARTBEAT');
    expect(Number(control?.treeSize)).to.be.at.least(tip);
    expect(control?.rootHash).to.match(/^[0-9a-f]{64}$/);
  });

  it('ends open streams with UNAVAILABLE and where to resume when the gateway stops, and resumes after its restart', async function () {
    const start = Number((await client.healthCheck()).lastSequenceNumber) + 1;
    const before = range(1, 6).map(() => newEvent('stream-restart'));
    await Promise.all(before.map((e) => client.submitEvent(e)));
    const stream = client.streamEvents({ fromSequence: start, includePayload: true });
    // The gateway stops once the open stream has delivered the events submitted before it.
    const delivered = new Promise<void>((resolve, reject) => {
      let seals = 0;
      stream.on('data', (item: StreamItem__Output) => {
        if (item.seal != null && ++seals === before.length) resolve();
      });
      stream.once('error', reject);
    });
    const open = collect(stream);
    await delivered;

    await dev.stop();
    const part1 = await open;
    await dev.restart();
    ({ client } = dev);
    const after = range(1, 4).map(() => newEvent('stream-restart'));
    await Promise.all(after.map((e) => client.submitEvent(e)));
    const tip = Number((await client.healthCheck()).lastSequenceNumber);
    const resumeFrom = Number(/resume from sequence (\d+)/.exec(part1.error?.details ?? '')?.[1]);
    const part2 = await collect(
      client.streamEvents({ fromSequence: resumeFrom, toSequence: tip, includePayload: true }),
    );

    expect(part1.error?.code).to.equal(status.UNAVAILABLE);
    expect(resumeFrom).to.equal(Number(part1.seals.at(-1)?.sequenceNumber) + 1);
    const all = [...part1.seals, ...part2.seals];
    expect(seqs(all)).to.deep.equal(range(start, tip));
    expectLinkedChain(all);
  });

  it('rejects an unknown entry type with INVALID_ARGUMENT', async function () {
    const got = await collect(client.streamEvents({ fromSequence: 1, entryTypes: ['blocks'] }));

    expect(got.error?.code).to.equal(status.INVALID_ARGUMENT);
    expect(got.error?.details).to.match(/^entry_types\[0\]: got "blocks"/);
  });
});

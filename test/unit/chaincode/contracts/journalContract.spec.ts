import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect } from 'chai';
import * as sinon from 'sinon';
import { JournalContract } from '@chaincode/contracts/journalContract';
import { canonicalBytes } from '@chaincode/lib/canonicalJson';
import { LedgerError } from '@chaincode/lib/errors';
import { certificateSha256 } from '@chaincode/ledgerContext';
import { eventContentHash, MAX_PAYLOAD_BYTES, type CertifiedEvent } from '@chaincode/lib/journal';
import { eventBatchKey, vepsKeysKey } from '@chaincode/lib/keys';
import { sha256Hex } from '@chaincode/lib/sha256';
import { signVepsEvent } from '@chaincode/lib/vepsSignature';
import type { StoredEventBatch, SubmitEventsResult } from '@chaincode/model/event';
import type { VepsKeysRecord } from '@chaincode/model/governance';
import { Harness, parse } from '../harness';

const event = (
  id: string,
  overrides: Partial<Record<keyof CertifiedEvent, unknown>> = {},
): Record<string, unknown> => ({
  eventId: id,
  payload: Buffer.from(`payload of ${id}`).toString('base64'),
  vepsSignature: Buffer.from('sig').toString('base64'),
  vepsTimestamp: '1735689600000',
  metadata: { source: 'veps' },
  ...overrides,
});

describe('JournalContract', () => {
  let h: Harness;
  const journal = new JournalContract();

  const submit = (events: unknown, who = h.ids.gateway1): Promise<SubmitEventsResult> =>
    h
      .submit(journal, who, (ctx) =>
        journal.SubmitEvents(ctx, typeof events === 'string' ? events : JSON.stringify(events)),
      )
      .then((text) => parse<SubmitEventsResult>(text));

  beforeEach(() => {
    h = new Harness();
  });

  afterEach(() => {
    sinon.restore();
  });

  it('is named Journal', () => {
    expect(journal.getName()).to.equal('Journal');
  });

  describe('#SubmitEvents', () => {
    it('journals new events with one entry per event, in input order, and stores one batch record', async () => {
      const result = await submit([event('e-2'), event('e-1')]);
      expect(result).to.deep.equal({ accepted: ['e-2', 'e-1'], duplicates: [], conflicts: [] });
      const record = h.journal();
      expect(record.version).to.equal(2);
      expect(record.actor.role).to.equal('gateway');
      const gatewayCert = certificateSha256(h.ids.gateway1.getIDBytes());
      expect(record.actor.cert).to.equal(gatewayCert);
      // No client named by the gateway: the journal names the creator (the gateway) as the client.
      const own = { cert: gatewayCert, subject: h.ids.gateway1.getID() };
      expect(record.entries).to.deep.equal([
        { type: 'event', ...event('e-2'), client: own },
        { type: 'event', ...event('e-1'), client: own },
      ]);
      const hashes = ['e-2', 'e-1'].map((id) => eventContentHash(event(id) as unknown as CertifiedEvent));
      expect(h.fake.json(eventBatchKey(h.fake.txId))).to.deep.equal({
        fabricTxId: h.fake.txId,
        timestamp: '2025-01-01T00:00:01.000Z',
        eventIds: ['e-2', 'e-1'],
        contentSha256: sha256Hex(Buffer.from(hashes.join(''), 'utf8')),
      } satisfies StoredEventBatch);
    });

    it('journals the client the gateway names for each event, beside the creator certificate', async () => {
      const client = { cert: 'c'.repeat(64), subject: 'C=US, O=Org1MSP, CN=veps-client' };
      await submit([{ ...event('e-1'), client }, event('e-2')]);
      const [first, second] = h.journal().entries;
      expect(first).to.deep.equal({ type: 'event', ...event('e-1'), client });
      expect(second).to.have.nested.property('client.cert', certificateSha256(h.ids.gateway1.getIDBytes()));
    });

    it('refuses a client whose certificate hash is not 64 lowercase hex digits, naming the field', async () => {
      const client = { cert: 'C'.repeat(64), subject: 'CN=x' };
      await expect(submit([{ ...event('e-1'), client }])).to.be.rejectedWith(
        LedgerError,
        /^\[INVALID_ARGUMENT\] events\[0\]\.client\.cert/,
      );
    });

    it('writes a constant number of state keys and reads one (the consortium VEPS keys) whatever the batch size', async () => {
      const { stub } = h.fake;
      const [reads, writes] = [stub.getState.callCount, stub.putState.callCount];
      await submit(Array.from({ length: 200 }, (_, i) => event(`e-${i}`)));
      expect(stub.getState.callCount - reads).to.equal(1);
      expect(stub.getState.lastCall.args[0]).to.equal(vepsKeysKey());
      expect(stub.putState.callCount - writes).to.equal(4);
      expect(h.journal().entries).to.have.length(200);
    });

    it('returns canonical JSON', async () => {
      const text = await h.submit(journal, h.ids.gateway1, (ctx) =>
        journal.SubmitEvents(ctx, JSON.stringify([event('e-1')])),
      );
      expect(text).to.equal(Buffer.from(canonicalBytes(JSON.parse(text))).toString('utf8'));
    });

    it('journals metadata keys named like Object.prototype members as ordinary keys, in the content hash too', async () => {
      const metadata = JSON.parse(
        '{"__proto__":"p","constructor":"c","prototype":"q","hasOwnProperty":"h"}',
      ) as Record<string, string>;
      const result = await submit([event('e-proto', { metadata })]);
      expect(result.accepted).to.deep.equal(['e-proto']);
      const entry = h.journal().entries[0] as unknown as { metadata: Record<string, string> };
      expect(Object.entries(entry.metadata).sort()).to.deep.equal([
        ['__proto__', 'p'],
        ['constructor', 'c'],
        ['hasOwnProperty', 'h'],
        ['prototype', 'q'],
      ]);
      const without = eventContentHash(
        event('e-proto', { metadata: { constructor: 'c' } }) as unknown as CertifiedEvent,
      );
      const withProto = eventContentHash(event('e-proto', { metadata }) as unknown as CertifiedEvent);
      expect(withProto).not.to.equal(without);
    });

    it('journals an id again when a later call repeats it, since the journal keeps only its first occurrence', async () => {
      await submit([event('e-1')]);
      const result = await submit([event('e-1')]);
      expect(result).to.deep.equal({ accepted: ['e-1'], duplicates: [], conflicts: [] });
      expect(h.journal().entries).to.have.length(1);
    });

    it('detects duplicates and conflicts inside one batch', async () => {
      const result = await submit([event('e-1'), event('e-1'), event('e-1', { vepsTimestamp: '2' })]);
      expect(result).to.deep.equal({ accepted: ['e-1'], duplicates: ['e-1'], conflicts: ['e-1'] });
      expect(h.journal().entries).to.have.length(1);
    });

    it('refuses every role but gateway', async () => {
      for (const who of [h.ids.teller1, h.ids.admin1, h.ids.auditor1, h.ids.custodian1, h.ids.noRole1]) {
        await expect(submit([event('e-1')], who)).to.be.rejectedWith(
          LedgerError,
          /^\[PERMISSION_DENIED\] Journal:SubmitEvents/,
        );
      }
    });

    it('refuses malformed JSON, non-arrays and empty batches', async () => {
      await expect(submit('[{')).to.be.rejectedWith(
        LedgerError,
        /^\[INVALID_ARGUMENT\] eventsJson: got "\[{", want well-formed JSON/,
      );
      await expect(submit('{}')).to.be.rejectedWith(LedgerError, /^\[INVALID_ARGUMENT\] eventsJson/);
      await expect(submit('[]')).to.be.rejectedWith(LedgerError, /^\[INVALID_ARGUMENT\] eventsJson/);
    });

    it('refuses the whole batch when one event breaks a rule, naming it', async () => {
      const cases: [Record<string, unknown>, RegExp][] = [
        [event(''), /events\[1\]\.eventId: got ""/],
        [event('x'.repeat(257)), /events\[1\]\.eventId/],
        [event('a\tb'), /events\[1\]\.eventId/],
        [event('e', { payload: 'not base64!' }), /events\[1\]\.payload/],
        [
          event('e', { payload: Buffer.alloc(MAX_PAYLOAD_BYTES + 1).toString('base64') }),
          /events\[1\]\.payload: got "1048577 bytes"/,
        ],
        [event('e', { vepsTimestamp: '0' }), /events\[1\]\.vepsTimestamp/],
        [event('e', { vepsTimestamp: '9007199254740992' }), /events\[1\]\.vepsTimestamp/],
        [event('e', { vepsTimestamp: 1735689600000 }), /events\[1\]\.vepsTimestamp/],
        [event('e', { vepsTimestamp: '1.5' }), /events\[1\]\.vepsTimestamp/],
        [event('e', { metadata: { k: 1 } }), /events\[1\]\.metadata\["k"\]/],
        [
          event('e', { metadata: Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`k${i}`, 'v'])) }),
          /at most 64 entries/,
        ],
        [event('e', { metadata: { ['k'.repeat(129)]: 'v' } }), /a key of 1 to 128 characters/],
        [event('e', { metadata: { k: 'v'.repeat(1025) } }), /at most 1024 characters/],
        [{ eventId: 'e' }, /events\[1\]\.payload: got nothing/],
        [{ ...event('e'), extra: 1 }, /events\[1\]\.extra: got 1, want no such field/],
      ];
      for (const [bad, pattern] of cases) {
        await expect(submit([event('ok'), bad])).to.be.rejectedWith(LedgerError, pattern);
      }
      expect(h.fake.state.size).to.equal(0);
      expect(h.fake.committedEvents).to.have.length(0);
    });

    it('refuses batches whose payloads together exceed 2 MiB', async () => {
      const mib = Buffer.alloc(MAX_PAYLOAD_BYTES).toString('base64');
      await expect(
        submit([event('a', { payload: mib }), event('b', { payload: mib }), event('c', { payload: 'AA==' })]),
      ).to.be.rejectedWith(LedgerError, /^\[INVALID_ARGUMENT\] eventsJson: got "2097153 payload bytes"/);
    });
  });

  describe('#GetEventBatch', () => {
    it('returns the batch record of a transaction and emits nothing', async () => {
      await submit([event('e 1/x')]);
      const txId = h.fake.txId;
      const text = await h.evaluate(journal, h.ids.auditor1, (ctx) => journal.GetEventBatch(ctx, txId));
      expect(parse<StoredEventBatch>(text).eventIds).to.deep.equal(['e 1/x']);
    });

    it('reports an unknown transaction as NOT_FOUND and a malformed id as INVALID_ARGUMENT', async () => {
      await expect(
        h.evaluate(journal, h.ids.auditor1, (ctx) => journal.GetEventBatch(ctx, 'a'.repeat(64))),
      ).to.be.rejectedWith(LedgerError, /^\[NOT_FOUND\] event batch of transaction a{64}/);
      await expect(
        h.evaluate(journal, h.ids.auditor1, (ctx) => journal.GetEventBatch(ctx, 'nope')),
      ).to.be.rejectedWith(LedgerError, /^\[INVALID_ARGUMENT\] txId/);
    });
  });
});

describe('JournalContract with consortium VEPS keys', () => {
  const VEPS_DIR = path.resolve(__dirname, '..', '..', '..', 'vectors', 'veps');
  const pem = (file: string): string => fs.readFileSync(path.join(VEPS_DIR, file), 'utf8');
  const RECORD: VepsKeysRecord = {
    keys: [
      { id: 'veps-ed25519', publicKeyPem: pem('keys/veps-ed25519.pem') },
      { id: 'veps-p256', publicKeyPem: pem('keys/veps-p256.pem') },
    ],
    proposalId: 'p'.repeat(64),
    updatedAt: '2025-01-01T00:00:00.000Z',
  };
  const journal = new JournalContract();
  let h: Harness;

  /** An event in its journal form, signed by `keyFile` (a file of vectors/veps/private). */
  const signed = (id: string, keyFile = 'veps-ed25519', keyId?: string): Record<string, unknown> => {
    const fields = {
      eventId: id,
      payload: Buffer.from(`payload of ${id}`),
      vepsTimestamp: 1735689600000,
      metadata: { source: 'veps' },
    };
    const signature = signVepsEvent(pem(`private/${keyFile}.key.pem`), fields, keyId);
    return event(id, { vepsSignature: Buffer.from(signature, 'utf8').toString('base64') });
  };

  const submit = async (events: unknown[]): Promise<SubmitEventsResult> =>
    parse<SubmitEventsResult>(
      await h.submit(journal, h.ids.gateway1, (ctx) => journal.SubmitEvents(ctx, JSON.stringify(events))),
    );

  /** Expects the call refused with INVALID_ARGUMENT naming `field`, with nothing journaled or stored. */
  const refused = async (events: unknown[], message: RegExp): Promise<void> => {
    await expect(submit(events)).to.be.rejectedWith(LedgerError, message);
    expect(h.fake.events, 'journal events of a refused call').to.have.length(0);
    expect(h.fake.committedEvents).to.have.length(0);
  };

  beforeEach(() => {
    h = new Harness();
    h.fake.seed(vepsKeysKey(), RECORD);
  });

  afterEach(() => {
    sinon.restore();
  });

  it('journals a batch whose every event is signed by a consortium key, with or without a key id', async () => {
    const result = await submit([
      signed('s-1'),
      signed('s-2', 'veps-p256', 'veps-p256'),
      signed('s-3', 'veps-ed25519', 'veps-ed25519'),
    ]);
    expect(result.accepted).to.deep.equal(['s-1', 's-2', 's-3']);
    expect(h.journal().entries).to.have.length(3);
  });

  it('refuses the whole batch naming the one event signed by a key the consortium did not set', async () => {
    await refused(
      [signed('s-1'), signed('s-2', 'other-ed25519'), signed('s-3')],
      /^\[INVALID_ARGUMENT\] events\[1\]\.vepsSignature: does not verify over the event's signed bytes with key veps-ed25519, veps-p256; want a signature by a consortium VEPS key \(veps-ed25519, veps-p256; Governance:GetVepsKeys\)/,
    );
  });

  it('refuses an event whose payload differs from what was signed (the twin of an accepted one)', async () => {
    const tampered = { ...signed('s-1'), payload: Buffer.from('other payload').toString('base64') };
    await refused([tampered], /^\[INVALID_ARGUMENT\] events\[0\]\.vepsSignature: does not verify/);
  });

  it('refuses an unsigned event, an unknown key id and a value that is not a signature', async () => {
    await refused(
      [event('u-1', { vepsSignature: '' })],
      /^\[INVALID_ARGUMENT\] events\[0\]\.vepsSignature: got no signature;/,
    );
    const unknownId = Buffer.from('nobody:AAAA', 'utf8').toString('base64');
    await refused(
      [signed('s-0'), event('u-2', { vepsSignature: unknownId })],
      /^\[INVALID_ARGUMENT\] events\[1\]\.vepsSignature: got unknown key id "nobody"/,
    );
    await refused(
      [event('u-3')],
      /^\[INVALID_ARGUMENT\] events\[0\]\.vepsSignature: got a value that is not \[<key id>:\]<base64 signature>/,
    );
  });

  it('accepts unsigned events again once the consortium sets an empty key list', async () => {
    h.fake.seed(vepsKeysKey(), { ...RECORD, keys: [] });
    const result = await submit([event('u-1', { vepsSignature: '' }), event('u-2')]);
    expect(result.accepted).to.deep.equal(['u-1', 'u-2']);
  });
});

import { expect } from 'chai';
import { canonicalBytes } from '@chaincode/lib/canonicalJson';
import {
  checkCertifiedEvent,
  decodeJournalRecord,
  encodeJournalRecord,
  eventContentHash,
  JOURNAL_EVENT_NAME,
  JournalFormatError,
  journalLeaves,
  MAX_BATCH_PAYLOAD_BYTES,
  MAX_PAYLOAD_BYTES,
  type CertifiedEvent,
  type JournalRecord,
} from '@chaincode/lib/journal';
import { sha256Hex } from '@chaincode/lib/sha256';
import { loadVectors } from '../vectors';

interface EncodeExpectation {
  readonly canonical: string;
  readonly sha256: string;
  readonly leaves: readonly { eventId: string; payloadHex: string }[];
}

const utf8 = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'utf8'));

const event = (overrides: Partial<Record<keyof CertifiedEvent, unknown>> = {}): Record<string, unknown> => ({
  eventId: 'evt-1',
  payload: Buffer.from('payload').toString('base64'),
  vepsSignature: '',
  vepsTimestamp: '1735689600000',
  metadata: {},
  ...overrides,
});

/**
 * The parsed input of a negative vector, unless the vector is about the encoding itself (malformed or
 * non-canonical text whose value is fine); those only apply to decoding.
 */
function encodableInput(text: string): { value: unknown } | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  try {
    return Buffer.from(canonicalBytes(value)).toString('utf8') === text ? { value } : undefined;
  } catch {
    return { value }; // not even encodable: the record check must refuse it first
  }
}

describe('journal', () => {
  it('names the chaincode event ledger.journal', () => {
    expect(JOURNAL_EVENT_NAME).to.equal('ledger.journal');
  });

  describe('shared vectors', () => {
    const encode = loadVectors('journal', 'encode');
    const decode = loadVectors('journal', 'decode');

    it('has positive and negative vectors', () => {
      expect(encode.length).to.be.at.least(5);
      expect(decode.length).to.be.at.least(40);
    });

    for (const vector of encode) {
      const expected = vector.expected as EncodeExpectation;
      it(`encodes ${vector.name}: ${vector.desc}`, () => {
        const bytes = encodeJournalRecord(vector.input as JournalRecord);
        expect(Buffer.from(bytes).toString('utf8')).to.equal(expected.canonical);
        expect(sha256Hex(bytes)).to.equal(expected.sha256);
      });

      it(`decodes ${vector.name} back to its input and its hash-chain leaves`, () => {
        const record = decodeJournalRecord(utf8(expected.canonical));
        expect(record).to.deep.equal(vector.input);
        const leaves = journalLeaves(record).map((leaf) => ({
          eventId: leaf.eventId,
          payloadHex: Buffer.from(leaf.payload).toString('hex'),
        }));
        expect(leaves).to.deep.equal(expected.leaves);
      });
    }

    for (const vector of decode) {
      it(`refuses ${vector.name}: ${vector.desc}`, () => {
        expect(vector.wantErr).to.equal('JournalFormatError');
        expect(() => decodeJournalRecord(utf8(vector.input as string))).to.throw(JournalFormatError);
      });

      const parsed = encodableInput(vector.input as string);
      if (parsed !== undefined) {
        it(`refuses to encode ${vector.name}`, () => {
          expect(() => encodeJournalRecord(parsed.value as JournalRecord)).to.throw(JournalFormatError);
        });
      }
    }
  });

  describe('#decodeJournalRecord', () => {
    it('refuses invalid UTF-8 and a byte order mark', () => {
      const vector = loadVectors('journal', 'encode')[0]!;
      const canonical = (vector.expected as EncodeExpectation).canonical;
      expect(() => decodeJournalRecord(Uint8Array.of(0xff, 0xfe))).to.throw(JournalFormatError, /UTF-8 JSON/);
      expect(() => decodeJournalRecord(Uint8Array.of(0xef, 0xbb, 0xbf, ...utf8(canonical)))).to.throw(
        JournalFormatError,
      );
    });
  });

  describe('#checkCertifiedEvent', () => {
    it('returns the event and its decoded payload size', () => {
      const checked = checkCertifiedEvent(event({ metadata: { a: 'b' } }), 'events[0]');
      expect(checked.payloadBytes).to.equal(7);
      expect(checked.metadata).to.deep.equal({ a: 'b' });
    });

    it('accepts a payload of exactly 1 MiB and refuses one byte more', () => {
      const max = Buffer.alloc(MAX_PAYLOAD_BYTES).toString('base64');
      expect(checkCertifiedEvent(event({ payload: max }), 'e').payloadBytes).to.equal(MAX_PAYLOAD_BYTES);
      const over = Buffer.alloc(MAX_PAYLOAD_BYTES + 1).toString('base64');
      expect(() => checkCertifiedEvent(event({ payload: over }), 'e')).to.throw(
        JournalFormatError,
        /at most 1048576 bytes/,
      );
    });

    it('names the path of the offending field', () => {
      expect(() => checkCertifiedEvent(event({ vepsTimestamp: '0' }), 'events[3]'))
        .to.throw(JournalFormatError)
        .with.property('field', 'events[3].vepsTimestamp');
    });

    it('refuses missing and unknown fields and non-objects', () => {
      const missing = event();
      delete missing.metadata;
      expect(() => checkCertifiedEvent(missing, 'e')).to.throw(JournalFormatError, /e\.metadata/);
      expect(() => checkCertifiedEvent({ ...event(), seq: 1 }, 'e')).to.throw(
        JournalFormatError,
        /no such field/,
      );
      expect(() => checkCertifiedEvent('evt', 'e')).to.throw(JournalFormatError);
      expect(() => checkCertifiedEvent([], 'e')).to.throw(JournalFormatError);
    });
  });

  describe('#eventContentHash', () => {
    it('hashes the canonical JSON of the five client fields', () => {
      const e = checkCertifiedEvent(event(), 'e');
      const { eventId, payload, vepsSignature, vepsTimestamp, metadata } = e;
      expect(eventContentHash(e)).to.equal(
        sha256Hex(canonicalBytes({ eventId, payload, vepsSignature, vepsTimestamp, metadata })),
      );
      expect(eventContentHash({ ...e, metadata: { k: 'v' } })).not.to.equal(eventContentHash(e));
    });
  });

  describe('import entries', () => {
    const importRecord = (entries: unknown[], version: 1 | 2 = 2): JournalRecord =>
      ({
        version,
        txId: 'ab'.repeat(32),
        timestamp: '2025-01-01T00:00:00.000Z',
        actor: {
          msp: 'Org1MSP',
          id: 'x509::a',
          role: 'admin',
          ...(version === 2 ? { cert: 'cd'.repeat(32) } : {}),
        },
        entries,
      }) as unknown as JournalRecord;
    const entry = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
      type: 'qldb-revision',
      importId: 'qldb/L/S:1/0',
      payload: Buffer.from('{"type":"qldb-revision"}').toString('base64'),
      ...overrides,
    });

    it('encodes and decodes a record of import entries, each leaf the import id and the decoded payload', () => {
      const record = importRecord([entry(), entry({ type: 'qldb-anchor', importId: 'qldb/L/anchor' })]);
      const bytes = encodeJournalRecord(record);
      expect(Buffer.from(bytes).toString('utf8')).to.contain(
        '"entries":[{"importId":"qldb/L/S:1/0","payload":"eyJ0eXBlIjoicWxkYi1yZXZpc2lvbiJ9","type":"qldb-revision"}',
      );
      const decoded = decodeJournalRecord(bytes);
      expect(decoded).to.deep.equal(record);
      expect(
        journalLeaves(decoded).map((l) => [l.eventId, Buffer.from(l.payload).toString('utf8')]),
      ).to.deep.equal([
        ['qldb/L/S:1/0', '{"type":"qldb-revision"}'],
        ['qldb/L/anchor', '{"type":"qldb-revision"}'],
      ]);
    });

    it('refuses import entries mixed with an event entry, in a version 1 record, or with a bad id, payload or field', () => {
      const bad: [unknown[], 1 | 2][] = [
        [[entry(), { type: 'event', ...(event({}) as object) }], 2],
        [[entry()], 1],
        [[entry({ importId: 'has space' })], 2],
        [[entry({ importId: '' })], 2],
        [[entry({ payload: 'not base64!' })], 2],
        [[entry({ extra: 1 })], 2],
        [[entry(), entry({ type: 'account' })], 2],
      ];
      for (const [entries, version] of bad) {
        expect(() => encodeJournalRecord(importRecord(entries, version))).to.throw(JournalFormatError);
      }
    });
  });

  describe('#encodeJournalRecord', () => {
    it('refuses event entries whose payloads together exceed the batch limit', () => {
      const big = Buffer.alloc(MAX_PAYLOAD_BYTES).toString('base64');
      const entries = [0, 1, 2].map((i) => ({
        type: 'event' as const,
        ...(event({ eventId: `e${i}`, payload: big }) as unknown as CertifiedEvent),
      }));
      const record: JournalRecord = {
        version: 1,
        txId: 'tx',
        timestamp: '2025-01-01T00:00:00.000Z',
        actor: { msp: 'Org1MSP', id: 'x509::g', role: 'gateway' },
        entries,
      };
      expect(3 * MAX_PAYLOAD_BYTES).to.be.greaterThan(MAX_BATCH_PAYLOAD_BYTES);
      expect(() => encodeJournalRecord(record)).to.throw(JournalFormatError, /payload bytes/);
    });
  });
});

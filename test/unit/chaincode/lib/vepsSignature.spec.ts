import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect } from 'chai';
import {
  signVepsEvent,
  vepsKeyFromPem,
  vepsSigningBytes,
  VepsEncodingError,
  verifyJournalEventSignature,
  type JournalSignedEvent,
  type VepsKey,
} from '@chaincode/lib/vepsSignature';

const VEPS_DIR = path.resolve(__dirname, '..', '..', '..', 'vectors', 'veps');
const pem = (file: string): string => fs.readFileSync(path.join(VEPS_DIR, file), 'utf8');
const KEYS: VepsKey[] = [
  vepsKeyFromPem('veps-ed25519', pem('keys/veps-ed25519.pem')),
  vepsKeyFromPem('veps-p256', pem('keys/veps-p256.pem')),
];

interface Vector {
  readonly eventId: string;
  readonly payload: string;
  readonly vepsTimestamp: string;
  readonly metadata: Record<string, string>;
  readonly signature?: string;
  readonly expected: { readonly signingBytes?: string; readonly valid?: boolean; readonly keyId?: string };
}

const vector = (file: string): Vector =>
  JSON.parse(fs.readFileSync(path.join(VEPS_DIR, file), 'utf8')) as Vector;

/** A vector as `Journal:SubmitEvents` receives it: base64 payload, base64 of the signature text. */
function journalForm(v: Vector): JournalSignedEvent {
  return {
    eventId: v.eventId,
    payload: Buffer.from(v.payload, 'hex').toString('base64'),
    vepsSignature: Buffer.from(v.signature ?? '', 'utf8').toString('base64'),
    vepsTimestamp: v.vepsTimestamp,
    metadata: v.metadata,
  };
}

describe('chaincode vepsSignature', () => {
  describe('#vepsSigningBytes', () => {
    it('encodes signing-bytes/no-metadata.json as its known answer', () => {
      const v = vector('signing-bytes/no-metadata.json');
      const bytes = vepsSigningBytes({
        eventId: v.eventId,
        payload: Buffer.from(v.payload, 'hex'),
        vepsTimestamp: BigInt(v.vepsTimestamp),
        metadata: v.metadata,
      });
      expect(Buffer.from(bytes).toString('hex')).to.equal(v.expected.signingBytes);
    });

    it('gives other bytes for the same event one millisecond later (negative twin)', () => {
      const v = vector('signing-bytes/no-metadata.json');
      const bytes = vepsSigningBytes({
        eventId: v.eventId,
        payload: Buffer.from(v.payload, 'hex'),
        vepsTimestamp: BigInt(v.vepsTimestamp) + 1n,
        metadata: v.metadata,
      });
      expect(Buffer.from(bytes).toString('hex')).not.to.equal(v.expected.signingBytes);
    });

    it('refuses a timestamp outside u64 and a lone surrogate with a VepsEncodingError naming the field', () => {
      const fields = { eventId: 'e', payload: new Uint8Array(), metadata: {} };
      expect(() => vepsSigningBytes({ ...fields, vepsTimestamp: -1 }))
        .to.throw(VepsEncodingError)
        .with.property('field', 'veps_timestamp');
      expect(() => vepsSigningBytes({ ...fields, vepsTimestamp: 1, metadata: { k: '\ud800' } }))
        .to.throw(VepsEncodingError)
        .with.property('field', 'metadata value');
    });
  });

  describe('#verifyJournalEventSignature', () => {
    it('accepts the Ed25519 known-answer vector in its journal form, naming the key', () => {
      const v = vector('signature/ed25519-happy-path.json');
      expect(verifyJournalEventSignature(KEYS, journalForm(v))).to.deep.equal({
        ok: true,
        keyId: 'veps-ed25519',
      });
    });

    it('refuses its negative twin with another payload', () => {
      const v = vector('signature/ed25519-other-payload.json');
      const outcome = verifyJournalEventSignature(KEYS, journalForm(v));
      expect(outcome.ok).to.equal(false);
      expect(outcome)
        .to.have.property('reason')
        .that.matches(/^does not verify/);
    });

    it('accepts the P-256 known-answer vector naming its key, and refuses its bit-flip twin', () => {
      expect(
        verifyJournalEventSignature(KEYS, journalForm(vector('signature/p256-happy-path.json'))),
      ).to.deep.equal({ ok: true, keyId: 'veps-p256' });
      expect(
        verifyJournalEventSignature(KEYS, journalForm(vector('signature/p256-bit-flip.json'))).ok,
      ).to.equal(false);
    });

    it('reports a missing signature as missing', () => {
      const v = vector('signature/ed25519-happy-path.json');
      expect(verifyJournalEventSignature(KEYS, { ...journalForm(v), vepsSignature: '' })).to.deep.equal({
        ok: false,
        reason: 'missing',
      });
    });

    it('answers a failure, not an exception, for metadata that cannot be encoded', () => {
      const v = vector('signature/ed25519-happy-path.json');
      const outcome = verifyJournalEventSignature(KEYS, { ...journalForm(v), metadata: { k: '\udc00' } });
      expect(outcome.ok).to.equal(false);
      expect(outcome)
        .to.have.property('reason')
        .that.matches(/^cannot be checked: metadata value/);
    });

    it('accepts what signVepsEvent signs, and refuses it under a key that did not sign', () => {
      const fields = { eventId: 'cc-1', payload: Buffer.from('x'), vepsTimestamp: 5, metadata: { a: 'b' } };
      const signature = signVepsEvent(pem('private/veps-ed25519.key.pem'), fields, 'veps-ed25519');
      const event: JournalSignedEvent = {
        eventId: 'cc-1',
        payload: Buffer.from('x').toString('base64'),
        vepsSignature: Buffer.from(signature).toString('base64'),
        vepsTimestamp: '5',
        metadata: { a: 'b' },
      };
      expect(verifyJournalEventSignature(KEYS, event).ok).to.equal(true);
      const other = [vepsKeyFromPem('veps-ed25519', pem('other/other-ed25519.pem'))];
      expect(verifyJournalEventSignature(other, event).ok).to.equal(false);
    });
  });

  describe('#vepsKeyFromPem', () => {
    it('refuses text that is not a PEM public key, naming the key id', () => {
      expect(() => vepsKeyFromPem('k1', 'not a key')).to.throw(/^VEPS key k1: not a PEM public key/);
    });
  });
});

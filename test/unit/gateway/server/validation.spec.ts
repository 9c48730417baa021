import { status } from '@grpc/grpc-js';
import { expect } from 'chai';
import { LedgerServiceError } from '@gateway/proto/serviceErrors';
import { toJournalEvent, type CertifiedEventInput } from '@gateway/server/validation';

const VALID: CertifiedEventInput = {
  eventId: 'test-001',
  payload: Buffer.from('test data'),
  vepsSignature: 'test-sig',
  vepsTimestamp: '1702234567890',
  metadata: { b: '2', a: '1' },
};

function rejection(input: Partial<CertifiedEventInput>): LedgerServiceError {
  try {
    toJournalEvent({ ...VALID, ...input });
  } catch (err) {
    if (err instanceof LedgerServiceError) return err;
    throw err;
  }
  throw new Error('expected a rejection');
}

describe('validation', function () {
  describe('#toJournalEvent', function () {
    it('converts a valid event to the journal form with base64 fields and sorted metadata', function () {
      expect(toJournalEvent(VALID)).to.deep.equal({
        eventId: 'test-001',
        payload: 'dGVzdCBkYXRh',
        vepsSignature: Buffer.from('test-sig').toString('base64'),
        vepsTimestamp: '1702234567890',
        metadata: { a: '1', b: '2' },
      });
      expect(Object.keys(toJournalEvent(VALID).metadata)).to.deep.equal(['a', 'b']);
    });

    it('rejects an empty event id naming the field, what came and what is allowed', function () {
      const err = rejection({ eventId: '' });
      expect(err.code).to.equal(status.INVALID_ARGUMENT);
      expect(err.message).to.equal(
        'event_id: got an empty string, want 1 to 256 printable ASCII characters (U+0020..U+007E)',
      );
    });

    it('rejects an event id of 257 characters and accepts one of 256', function () {
      expect(rejection({ eventId: 'x'.repeat(257) }).message).to.match(/^event_id: got 257 characters/);
      expect(toJournalEvent({ ...VALID, eventId: 'x'.repeat(256) }).eventId).to.have.length(256);
    });

    it('rejects a payload over 1 MiB and accepts exactly 1 MiB', function () {
      expect(rejection({ payload: Buffer.alloc(1024 * 1024 + 1) }).message).to.equal(
        'payload: got 1048577 bytes, want at most 1048576 bytes (1 MiB)',
      );
      expect(() => toJournalEvent({ ...VALID, payload: Buffer.alloc(1024 * 1024) })).not.to.throw();
    });

    it('rejects zero, negative and absurd timestamps', function () {
      for (const t of ['0', '-5', '9007199254740992']) {
        expect(rejection({ vepsTimestamp: t }).message).to.match(
          /^veps_timestamp: got -?\d+, want milliseconds/,
        );
      }
    });

    it('rejects more than 64 metadata entries and over-long values', function () {
      const many = Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`k${i}`, 'v']));
      expect(rejection({ metadata: many }).message).to.equal(
        'metadata: got 65 entries, want at most 64 entries',
      );
      expect(rejection({ metadata: { k: 'v'.repeat(1025) } }).message).to.match(/^metadata\["k"\]: got 1025/);
    });

    it('keeps metadata keys named like Object.prototype members as ordinary own keys, sorted', function () {
      const metadata = JSON.parse(
        '{"prototype":"q","__proto__":"p","hasOwnProperty":"h","constructor":"c"}',
      ) as Record<string, string>;
      const journal = toJournalEvent({ ...VALID, metadata }).metadata;
      expect(Object.keys(journal)).to.deep.equal(['__proto__', 'constructor', 'hasOwnProperty', 'prototype']);
      expect(Object.getOwnPropertyDescriptor(journal, '__proto__')?.value).to.equal('p');
      expect(Object.getPrototypeOf(journal)).to.equal(Object.prototype);
      expect(JSON.stringify(journal)).to.equal(
        '{"__proto__":"p","constructor":"c","hasOwnProperty":"h","prototype":"q"}',
      );
    });
  });
});

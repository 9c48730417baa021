import { createHash } from 'node:crypto';

import { expect } from 'chai';

import {
  type ChainEntry,
  ChainLinkError,
  ChainSequenceError,
  encodeEntry,
  eventHash,
  fromHex,
  GENESIS_PREVIOUS_HASH,
  InvalidArgumentError,
  isValidChain,
  type SealedChainEntry,
  toHex,
  utf8,
  verifyChain,
} from '@gateway/core';

function seal(entries: readonly Omit<ChainEntry, 'previousHash' | 'sequenceNumber'>[]): SealedChainEntry[] {
  const out: SealedChainEntry[] = [];
  let previousHash = GENESIS_PREVIOUS_HASH;
  entries.forEach((entry, i) => {
    const full = { ...entry, sequenceNumber: BigInt(i + 1), previousHash };
    const sealed = { ...full, eventHash: eventHash(full) };
    out.push(sealed);
    previousHash = sealed.eventHash;
  });
  return out;
}

const CHAIN = seal([
  { eventId: 'a', payload: utf8('one') },
  { eventId: 'b', payload: new Uint8Array() },
  { eventId: 'c', payload: fromHex('00ff') },
  { eventId: 'd', payload: utf8('four') },
]);

describe('hashChain', () => {
  describe('#GENESIS_PREVIOUS_HASH', () => {
    it('is 32 zero bytes', () => {
      expect(toHex(GENESIS_PREVIOUS_HASH)).to.equal('00'.repeat(32));
    });
  });

  describe('#encodeEntry', () => {
    it('lays out u64(seq) || lp(utf8(id)) || lp(payload) || previousHash', () => {
      const bytes = encodeEntry({
        sequenceNumber: 258n,
        eventId: 'é',
        payload: fromHex('abcdef'),
        previousHash: new Uint8Array(32).fill(0x11),
      });
      expect(toHex(bytes)).to.equal('0000000000000102' + '00000002c3a9' + '00000003abcdef' + '11'.repeat(32));
    });
  });

  describe('#eventHash', () => {
    it('is the SHA-256 of the encoded entry', () => {
      const entry = {
        sequenceNumber: 1n,
        eventId: 'evt-1',
        payload: utf8('x'),
        previousHash: GENESIS_PREVIOUS_HASH,
      };
      const expected = createHash('sha256').update(encodeEntry(entry)).digest('hex');
      expect(toHex(eventHash(entry))).to.equal(expected);
    });

    it('distinguishes moving bytes between the event id and the payload', () => {
      const base = { sequenceNumber: 1n, previousHash: GENESIS_PREVIOUS_HASH };
      const one = eventHash({ ...base, eventId: 'ab', payload: utf8('c') });
      const two = eventHash({ ...base, eventId: 'a', payload: utf8('bc') });
      expect(toHex(one)).not.to.equal(toHex(two));
    });

    it('rejects sequence number 0 and a previous hash that is not 32 bytes', () => {
      const base = {
        sequenceNumber: 1n,
        eventId: 'e',
        payload: new Uint8Array(),
        previousHash: GENESIS_PREVIOUS_HASH,
      };
      expect(() => eventHash({ ...base, sequenceNumber: 0n })).to.throw(
        InvalidArgumentError,
        /^sequenceNumber:/,
      );
      expect(() => eventHash({ ...base, previousHash: new Uint8Array(31) })).to.throw(
        InvalidArgumentError,
        /^previousHash: got 31 bytes, want 32 bytes/,
      );
    });
  });

  describe('#verifyChain', () => {
    it('returns the tip of a valid chain', () => {
      const tip = verifyChain(CHAIN)!;
      expect(tip.sequenceNumber).to.equal(4n);
      expect(toHex(tip.eventHash)).to.equal(toHex(CHAIN[3]!.eventHash));
    });

    it('returns undefined for no entries and no anchor', () => {
      expect(verifyChain([])).to.equal(undefined);
    });

    it('reports the first entry whose payload was altered, with expected and calculated hashes', () => {
      const tampered = CHAIN.map((e) => (e.sequenceNumber === 3n ? { ...e, payload: utf8('changed') } : e));
      const err = catchError(() => verifyChain(tampered));
      expect(err).to.be.instanceOf(ChainLinkError);
      const link = err as ChainLinkError;
      expect(link.sequenceNumber).to.equal(3n);
      expect(link.field).to.equal('eventHash');
      expect(toHex(link.expected)).to.equal(toHex(CHAIN[2]!.eventHash));
      expect(toHex(link.calculated)).not.to.equal(toHex(CHAIN[2]!.eventHash));
    });

    it('reports an entry whose previous hash is not its predecessor event hash', () => {
      const relinked = CHAIN.map((e) =>
        e.sequenceNumber === 2n ? { ...e, previousHash: new Uint8Array(32).fill(1) } : e,
      );
      expect(() => verifyChain(relinked))
        .to.throw(ChainLinkError)
        .with.property('field', 'previousHash');
    });

    it('requires entry 1 to link to 32 zero bytes', () => {
      const entry = { ...CHAIN[0]!, previousHash: new Uint8Array(32).fill(7) };
      expect(() => verifyChain([entry]))
        .to.throw(ChainLinkError)
        .with.property('sequenceNumber', 1n);
    });

    it('reports a gap or a repeat as a sequence error', () => {
      expect(() => verifyChain([CHAIN[0]!, CHAIN[2]!]))
        .to.throw(ChainSequenceError)
        .with.property('expected', 2n);
      expect(() => verifyChain([CHAIN[0]!, CHAIN[1]!, CHAIN[1]!]))
        .to.throw(ChainSequenceError)
        .with.property('got', 2n);
    });

    it('verifies a segment against a trusted anchor', () => {
      const anchor = { sequenceNumber: 2n, eventHash: CHAIN[1]!.eventHash };
      expect(verifyChain(CHAIN.slice(2), anchor)?.sequenceNumber).to.equal(4n);
      const wrongAnchor = { sequenceNumber: 2n, eventHash: CHAIN[0]!.eventHash };
      expect(() => verifyChain(CHAIN.slice(2), wrongAnchor)).to.throw(ChainLinkError);
      expect(() => verifyChain(CHAIN.slice(3), anchor)).to.throw(ChainSequenceError);
    });

    it('trusts the previous hash of a segment that starts after entry 1 without an anchor', () => {
      expect(verifyChain(CHAIN.slice(1))?.sequenceNumber).to.equal(4n);
    });

    it('rejects a stored event hash that is not 32 bytes', () => {
      expect(() => verifyChain([{ ...CHAIN[0]!, eventHash: new Uint8Array(3) }])).to.throw(
        InvalidArgumentError,
      );
    });
  });

  describe('#isValidChain', () => {
    it('answers true for a valid chain and false for a broken one', () => {
      expect(isValidChain(CHAIN)).to.equal(true);
      expect(isValidChain([CHAIN[1]!, CHAIN[0]!])).to.equal(false);
    });

    it('still throws on malformed input', () => {
      expect(() => isValidChain([{ ...CHAIN[0]!, sequenceNumber: 0n }])).to.throw(InvalidArgumentError);
    });
  });
});

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  return undefined;
}

import { expect } from 'chai';
import fc from 'fast-check';
import { checkWire, firstInvalidUtf8, type WireField, type WireSchema } from '@gateway/server/wireCheck';
import { encodeFields, varint } from '@test-support/protoWire';

const field = (name: string, kind: WireField['kind'], extra: Partial<WireField> = {}): WireField => ({
  name,
  kind,
  repeated: false,
  ...extra,
});

/** A small schema with every kind: `t.Outer` has a map-like repeated message of `t.Outer.Entry`. */
const SCHEMA: WireSchema = new Map([
  [
    't.Outer',
    {
      fields: new Map<number, WireField>([
        [1, field('name', 'string')],
        [2, field('blob', 'bytes')],
        [3, field('count', 'varint')],
        [4, field('small', 'uint32')],
        [5, field('signed', 'int32')],
        [6, field('entries', 'message', { repeated: true, messageType: 't.Outer.Entry' })],
        [7, field('numbers', 'varint', { repeated: true })],
        [8, field('wide', 'fixed64')],
        [9, field('narrow', 'fixed32')],
        [10, field('tags', 'string', { repeated: true })],
      ]),
    },
  ],
  [
    't.Outer.Entry',
    {
      fields: new Map<number, WireField>([
        [1, field('key', 'string')],
        [2, field('value', 'string')],
      ]),
    },
  ],
]);

const b = (...bytes: number[]): Buffer => Buffer.from(bytes);
const check = (bytes: Uint8Array): ReturnType<typeof checkWire> => checkWire(SCHEMA, 't.Outer', bytes);
const entry = (key: Uint8Array, value: Uint8Array): Buffer =>
  encodeFields([
    { no: 1, kind: 'bytes', value: key },
    { no: 2, kind: 'bytes', value: value },
  ]);

describe('wireCheck', function () {
  describe('#firstInvalidUtf8', function () {
    // Known answers: each well-formed sequence next to its ill-formed twin.
    const cases: readonly [string, Buffer, number][] = [
      ['ASCII', Buffer.from('plain text'), -1],
      ['a truncated 2-byte sequence (c3 28)', b(0x61, 0xc3, 0x28), 1],
      ['a 2-byte sequence (c3 a9, é)', b(0x61, 0xc3, 0xa9), -1],
      ['an overlong "/" (c0 af)', b(0xc0, 0xaf), 0],
      ['"/" itself (2f)', b(0x2f), -1],
      ['an overlong 3-byte form (e0 80 af)', b(0xe0, 0x80, 0xaf), 0],
      ['the smallest 3-byte form (e0 a0 80, U+0800)', b(0xe0, 0xa0, 0x80), -1],
      ['a lone high surrogate (ed a0 80, U+D800)', b(0x41, 0xed, 0xa0, 0x80), 1],
      ['the last character before the surrogates (ed 9f bf, U+D7FF)', b(0x41, 0xed, 0x9f, 0xbf), -1],
      ['a lone low surrogate (ed bf bf, U+DFFF)', b(0xed, 0xbf, 0xbf), 0],
      ['the first character after the surrogates (ee 80 80, U+E000)', b(0xee, 0x80, 0x80), -1],
      ['an overlong 4-byte form (f0 8f bf bf)', b(0xf0, 0x8f, 0xbf, 0xbf), 0],
      ['an emoji (f0 9f 98 80, U+1F600)', b(0xf0, 0x9f, 0x98, 0x80), -1],
      ['a code point above U+10FFFF (f4 90 80 80)', b(0xf4, 0x90, 0x80, 0x80), 0],
      ['U+10FFFF itself (f4 8f bf bf)', b(0xf4, 0x8f, 0xbf, 0xbf), -1],
      ['a 4-byte sequence cut off at the end (f0 9f 98)', b(0x20, 0x20, 0xf0, 0x9f, 0x98), 2],
      ['a lone continuation byte (80)', b(0x61, 0x62, 0x80), 2],
      ['bytes ff and fe', b(0xff, 0xfe), 0],
      ['U+FFFD written out (ef bf bd)', b(0xef, 0xbf, 0xbd), -1],
    ];
    for (const [what, bytes, expected] of cases) {
      it(`finds ${expected < 0 ? 'no problem in' : `byte ${expected} of`} ${what}`, function () {
        expect(firstInvalidUtf8(bytes)).to.equal(expected);
      });
    }

    it('checks only the range it is given and reports the offset within it', function () {
      const bytes = b(0xff, 0x61, 0x62, 0xc3, 0x28, 0xff);
      expect(firstInvalidUtf8(bytes, 1, 3)).to.equal(-1);
      expect(firstInvalidUtf8(bytes, 1, 5)).to.equal(2);
      expect(firstInvalidUtf8(bytes, 1, 4)).to.equal(2);
    });

    it('agrees with a fatal TextDecoder on arbitrary bytes', function () {
      const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
      const valid = (bytes: Uint8Array): boolean => {
        try {
          decoder.decode(bytes);
          return true;
        } catch {
          return false;
        }
      };
      const bytes = fc.oneof(
        fc.uint8Array({ maxLength: 24 }),
        fc.string({ unit: 'binary', maxLength: 12 }).map((s) => new Uint8Array(Buffer.from(s, 'utf8'))),
      );
      fc.assert(
        fc.property(bytes, (input) => {
          const offset = firstInvalidUtf8(input);
          expect(offset < 0).to.equal(valid(input));
          if (offset >= 0) {
            expect(valid(input.subarray(0, offset)), 'the prefix before the offset is valid').to.equal(true);
          }
        }),
        { numRuns: 1000 },
      );
    });
  });

  describe('#checkWire', function () {
    it('accepts a message with every kind of field, repeated and packed values and unknown fields', function () {
      const message = Buffer.concat([
        encodeFields([
          { no: 1, kind: 'bytes', value: Buffer.from('né 😀') },
          { no: 2, kind: 'bytes', value: b(0xff, 0xc3, 0x28) },
          { no: 3, kind: 'varint', value: 2n ** 64n - 1n },
          { no: 4, kind: 'varint', value: 2n ** 32n - 1n },
          { no: 5, kind: 'varint', value: -1n },
          { no: 6, kind: 'bytes', value: entry(Buffer.from('__proto__'), Buffer.from('v')) },
          { no: 7, kind: 'varint', value: 1n },
          { no: 7, kind: 'bytes', value: Buffer.concat([varint(1n), varint(300n)]) },
          { no: 10, kind: 'bytes', value: Buffer.from('a') },
          { no: 99, kind: 'bytes', value: b(0xff) },
          { no: 98, kind: 'varint', value: 5n },
        ]),
        b((8 << 3) | 1, 1, 2, 3, 4, 5, 6, 7, 8),
        b((9 << 3) | 5, 1, 2, 3, 4),
        b((15 << 3) | 3, (1 << 3) | 0, 1, (15 << 3) | 4),
      ]);
      expect(check(message)).to.equal(undefined);
      expect(check(Buffer.alloc(0))).to.equal(undefined);
    });

    it('names the string field and the offending bytes of invalid UTF-8', function () {
      const ok = encodeFields([{ no: 1, kind: 'bytes', value: b(0x61, 0xc3, 0xa9) }]);
      const bad = encodeFields([{ no: 1, kind: 'bytes', value: b(0x61, 0xc3, 0x28) }]);
      expect(check(ok)).to.equal(undefined);
      expect(check(bad)).to.deep.equal({ kind: 'utf8', field: 'name', offset: 1, bytes: b(0xc3, 0x28) });
    });

    it('names the key and the value of a nested entry by their path', function () {
      const good = encodeFields([{ no: 6, kind: 'bytes', value: entry(Buffer.from('k'), Buffer.from('v')) }]);
      const badKey = encodeFields([
        { no: 6, kind: 'bytes', value: entry(b(0xed, 0xa0, 0x80), Buffer.from('v')) },
      ]);
      const badValue = encodeFields([
        { no: 6, kind: 'bytes', value: entry(Buffer.from('k'), b(0xc0, 0xaf)) },
      ]);
      expect(check(good)).to.equal(undefined);
      expect(check(badKey)).to.include({ kind: 'utf8', field: 'entries.key', offset: 0 });
      expect(check(badValue)).to.include({ kind: 'utf8', field: 'entries.value', offset: 0 });
    });

    it('checks every value of a repeated string field', function () {
      const good = encodeFields([
        { no: 10, kind: 'bytes', value: Buffer.from('a') },
        { no: 10, kind: 'bytes', value: Buffer.from('b') },
      ]);
      const bad = encodeFields([
        { no: 10, kind: 'bytes', value: Buffer.from('a') },
        { no: 10, kind: 'bytes', value: b(0xff) },
      ]);
      expect(check(good)).to.equal(undefined);
      expect(check(bad)).to.include({ kind: 'utf8', field: 'tags' });
    });

    it('refuses a length-delimited value for a varint field and a varint for a string field', function () {
      expect(check(encodeFields([{ no: 3, kind: 'varint', value: 12n }]))).to.equal(undefined);
      expect(check(encodeFields([{ no: 3, kind: 'bytes', value: Buffer.from('12') }]))).to.deep.equal({
        kind: 'malformed',
        field: 'count',
        reason: 'field 3 got wire type 2 (length-delimited), want wire type 0 (varint)',
      });
      expect(check(encodeFields([{ no: 1, kind: 'bytes', value: Buffer.from('x') }]))).to.equal(undefined);
      expect(check(encodeFields([{ no: 1, kind: 'varint', value: 1n }]))).to.include({
        kind: 'malformed',
        field: 'name',
      });
    });

    it('refuses a fixed-width value for a varint field and a varint for a fixed64 field', function () {
      expect(check(b((3 << 3) | 1, 1, 2, 3, 4, 5, 6, 7, 8))).to.include({
        kind: 'malformed',
        field: 'count',
      });
      expect(check(b((8 << 3) | 0, 1))).to.include({ kind: 'malformed', field: 'wide' });
    });

    it('accepts a 10-byte varint up to 2^64-1 and refuses one above it or longer', function () {
      const max = b(0x18, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01);
      const over = b(0x18, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02);
      const long = b(0x18, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00);
      expect(check(max)).to.equal(undefined);
      expect(check(over)).to.deep.equal({
        kind: 'malformed',
        field: 'count',
        reason: 'a varint at byte 1 is above 2^64-1',
      });
      expect(check(long)).to.include({ kind: 'malformed', field: 'count' });
    });

    it('refuses a uint32 field above 2^32-1 and accepts 2^32-1', function () {
      expect(check(encodeFields([{ no: 4, kind: 'varint', value: 2n ** 32n - 1n }]))).to.equal(undefined);
      expect(check(encodeFields([{ no: 4, kind: 'varint', value: 2n ** 32n }]))).to.deep.equal({
        kind: 'range',
        field: 'small',
        value: 2n ** 32n,
        want: 'a 32-bit unsigned integer (0 to 4294967295)',
      });
    });

    it('accepts an int32 from -2^31 to 2^31-1 and refuses one outside', function () {
      for (const ok of [-(2n ** 31n), -1n, 0n, 2n ** 31n - 1n]) {
        expect(check(encodeFields([{ no: 5, kind: 'varint', value: ok }])), String(ok)).to.equal(undefined);
      }
      for (const bad of [2n ** 31n, -(2n ** 31n) - 1n]) {
        expect(check(encodeFields([{ no: 5, kind: 'varint', value: bad }])), String(bad)).to.include({
          kind: 'range',
          field: 'signed',
        });
      }
    });

    it('refuses a length that runs past the end of the message, and accepts the exact length', function () {
      expect(check(b(0x0a, 0x02, 0x61, 0x62))).to.equal(undefined);
      expect(check(b(0x0a, 0x03, 0x61, 0x62))).to.deep.equal({
        kind: 'malformed',
        field: 'name',
        reason: 'a length of 3 at byte 1 runs past the end of the message',
      });
    });

    it('refuses a nested length that runs past the end of its entry', function () {
      const inner = b(0x0a, 0x05, 0x61);
      expect(check(encodeFields([{ no: 6, kind: 'bytes', value: inner }]))).to.include({
        kind: 'malformed',
        field: 'entries.key',
      });
    });

    it('refuses field number 0, wire types 6 and 7, a cut-off tag and a stray end-group tag', function () {
      expect(check(b(0x02, 0x00))).to.include({ kind: 'malformed', reason: 'field number 0 at byte 0' });
      expect(check(b(0x0e))).to.include({
        kind: 'malformed',
        reason: 'wire type 6 at byte 0 does not exist',
      });
      expect(check(b(0x0f))).to.include({
        kind: 'malformed',
        reason: 'wire type 7 at byte 0 does not exist',
      });
      expect(check(b(0x80))).to.include({ kind: 'malformed' });
      expect(check(b((15 << 3) | 4))).to.include({
        kind: 'malformed',
        reason: 'an end-group tag of field 15 without its start',
      });
    });

    it('refuses an unknown group without its end, and groups nested too deep', function () {
      expect(check(b((15 << 3) | 3, 0x08, 0x01, (15 << 3) | 4))).to.equal(undefined);
      expect(check(b((15 << 3) | 3, 0x08, 0x01))).to.include({
        kind: 'malformed',
        reason: 'the group of field 15 has no end',
      });
      expect(check(b((15 << 3) | 3, 0x08, 0x01, (14 << 3) | 4))).to.include({
        kind: 'malformed',
        reason: 'the group of field 15 ends with field 14',
      });
      const deep = Buffer.concat([Buffer.alloc(40, (15 << 3) | 3), Buffer.alloc(40, (15 << 3) | 4)]);
      expect(check(deep)).to.include({ kind: 'malformed', reason: 'groups nested deeper than 32' });
    });

    it('refuses a packed value for a string field', function () {
      expect(check(encodeFields([{ no: 10, kind: 'varint', value: 1n }]))).to.include({
        kind: 'malformed',
        field: 'tags',
      });
    });

    it('reports an unknown message type instead of throwing', function () {
      expect(checkWire(SCHEMA, 't.Missing', b(0x08, 0x01))).to.include({ kind: 'malformed' });
    });

    it('never throws on arbitrary bytes', function () {
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
          checkWire(SCHEMA, 't.Outer', bytes);
        }),
        { numRuns: 3000 },
      );
    });
  });
});

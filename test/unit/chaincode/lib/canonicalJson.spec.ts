import { expect } from 'chai';
import { canonicalBytes, canonicalJson, CanonicalJsonError } from '@chaincode/lib/canonicalJson';
import { loadVectors } from '../vectors';

describe('canonicalJson', () => {
  describe('shared vectors', () => {
    const encode = loadVectors('canonical-json', 'encode');
    const reject = loadVectors('canonical-json', 'reject');

    it('has positive and negative vectors', () => {
      expect(encode.length).to.be.greaterThan(15);
      expect(reject.length).to.be.greaterThan(5);
    });

    for (const vector of encode) {
      it(`encodes ${vector.name}: ${vector.desc}`, () => {
        expect(canonicalJson(vector.input)).to.equal(vector.expected);
        expect(Buffer.from(canonicalBytes(vector.input)).toString('utf8')).to.equal(vector.expected);
      });
    }

    for (const vector of reject) {
      it(`rejects ${vector.name}: ${vector.desc}`, () => {
        expect(vector.wantErr).to.equal('CanonicalJsonError');
        expect(() => canonicalJson(vector.input)).to.throw(CanonicalJsonError);
      });
    }
  });

  describe('#canonicalJson', () => {
    it('matches JSON.stringify on every string of the first 64K code units', () => {
      for (let code = 0; code < 0x10000; code += 1) {
        const text = `a${String.fromCharCode(code)}b`;
        expect(canonicalJson(text)).to.equal(JSON.stringify(text));
      }
    });

    it('rejects undefined at the top level, in an object and in an array', () => {
      expect(() => canonicalJson(undefined)).to.throw(CanonicalJsonError, /\$: undefined/);
      expect(() => canonicalJson({ a: undefined })).to.throw(CanonicalJsonError, /\$\.a: undefined/);
      expect(() => canonicalJson([1, undefined])).to.throw(CanonicalJsonError, /\$\[1\]/);
    });

    it('rejects functions, symbols and bigints', () => {
      expect(() => canonicalJson({ f: () => 1 })).to.throw(CanonicalJsonError, /function/);
      expect(() => canonicalJson(Symbol('s'))).to.throw(CanonicalJsonError, /symbol/);
      expect(() => canonicalJson({ n: 10n })).to.throw(CanonicalJsonError, /bigint/);
    });

    it('rejects NaN and the infinities', () => {
      for (const value of [NaN, Infinity, -Infinity]) {
        expect(() => canonicalJson(value)).to.throw(CanonicalJsonError, /non-finite/);
      }
    });

    it('rejects non-plain objects such as Date, Map and Uint8Array', () => {
      for (const value of [
        new Date(0),
        new Map(),
        new Uint8Array(1),
        new (class Thing {
          readonly x = 1;
        })(),
      ]) {
        expect(() => canonicalJson(value)).to.throw(CanonicalJsonError, /plain object/);
      }
    });

    it('rejects symbol-keyed properties and holes in arrays', () => {
      expect(() => canonicalJson({ [Symbol('k')]: 1 })).to.throw(CanonicalJsonError, /symbol-keyed/);
      // eslint-disable-next-line no-sparse-arrays
      expect(() => canonicalJson([1, , 3])).to.throw(CanonicalJsonError, /hole/);
    });

    it('rejects cycles instead of looping', () => {
      const cycle: Record<string, unknown> = {};
      cycle.self = cycle;
      expect(() => canonicalJson(cycle)).to.throw(CanonicalJsonError, /nesting deeper/);
    });

    it('accepts objects without a prototype', () => {
      const bare = Object.create(null) as Record<string, unknown>;
      bare.b = 1;
      bare.a = 'x';
      expect(canonicalJson(bare)).to.equal('{"a":"x","b":1}');
    });

    it('names the path of the offending value', () => {
      expect(() => canonicalJson({ a: [{ b: 1.5 }] }))
        .to.throw(CanonicalJsonError)
        .with.property('path', '$.a[0].b');
    });
  });

  describe('#canonicalBytes', () => {
    it('returns UTF-8 bytes', () => {
      expect([...canonicalBytes({ k: 'é' })]).to.deep.equal([...Buffer.from('{"k":"é"}', 'utf8')]);
    });
  });
});

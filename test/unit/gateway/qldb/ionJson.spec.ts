import { expect } from 'chai';
import { load } from 'ion-js';
import { ionHash, ionHashOfEncoded } from '@gateway/qldb/ionHash';
import { IonJsonError, ionTextOfJson, ionToJson, type IonJson } from '@gateway/qldb/ionJson';

const hashHex = (text: string): string => Buffer.from(ionHash(load(text)!)).toString('hex');
const roundTripHashHex = (json: IonJson): string =>
  Buffer.from(ionHashOfEncoded(ionTextOfJson(json))).toString('hex');

describe('ionJson', () => {
  const DOCUMENT =
    '{VIN:"1N4AL11D75C109151", MfgYear:2012, Price:12.50, When:2019-06-05T20:53:21.102Z, d:2019T, ' +
    'Sym:abc, B:{{aGVsbG8=}}, C:{{"hi\\n"}}, L:[1,2.0e0,-0e0,nan,+inf,null.int,null], S:(a b 1), ' +
    '\'$x\':1, big:123456789012345678901234567890, neg:-5, an:ann::tag::"v", u:"é€😀", dec:1.5d-7, ' +
    'dec2:0.000, n:null.struct, f:1.0000000000000002e0, q:"it\'s \\"q\\" \\x01"}';

  it('encodes every Ion type as documented: plain JSON where JSON has the type, a tagged object where not', () => {
    expect(ionToJson(load(DOCUMENT)!)).to.deep.equal({
      VIN: '1N4AL11D75C109151',
      MfgYear: 2012,
      Price: { $decimal: '12.50' },
      When: { $timestamp: '2019-06-05T20:53:21.102Z' },
      d: { $timestamp: '2019T' },
      Sym: { $symbol: 'abc' },
      B: { $blob: 'aGVsbG8=' },
      C: { $clob: 'aGkK' },
      L: [
        1,
        { $float: '2' },
        { $float: '-0' },
        { $float: 'nan' },
        { $float: '+inf' },
        { $null: 'int' },
        null,
      ],
      S: { $sexp: [{ $symbol: 'a' }, { $symbol: 'b' }, 1] },
      $$x: 1,
      big: { $int: '123456789012345678901234567890' },
      neg: -5,
      an: { $annotations: ['ann', 'tag'], $value: 'v' },
      u: 'é€😀',
      dec: { $decimal: '15d-8' },
      dec2: { $decimal: '0.000' },
      n: { $null: 'struct' },
      f: { $float: '1.0000000000000002' },
      q: 'it\'s "q" \u0001',
    });
  });

  it('reads back to the same Ion hash: the JSON of a document keeps everything its QLDB hash covers', () => {
    for (const text of [DOCUMENT, '{a:1, a:2, b:[]}', 'a::[1]', 'null', '{}', '[{c:{{}}}]']) {
      expect(roundTripHashHex(ionToJson(load(text)!)), text).to.equal(hashHex(text));
    }
  });

  it('keeps a struct with a repeated field name as a list of pairs', () => {
    expect(ionToJson(load('{a:1, a:2}')!)).to.deep.equal({
      $struct: [
        ['a', 1],
        ['a', 2],
      ],
    });
  });

  it('gives a different hash when the encoding loses a type: 12.50 as a plain number, a symbol as a string', () => {
    const decimal = ionToJson(load('{p:12.50}')!);
    expect(roundTripHashHex(decimal)).to.equal(hashHex('{p:12.50}'));
    expect(roundTripHashHex({ p: { $decimal: '12.5' } })).to.not.equal(hashHex('{p:12.50}'));
    expect(roundTripHashHex({ s: 'abc' })).to.not.equal(hashHex('{s:abc}'));
  });

  it('refuses JSON it does not produce: a fractional number, an object with an untagged "$" field', () => {
    expect(() => ionTextOfJson({ a: 1.5 })).to.throw(
      IonJsonError,
      /\$\.a: a JSON number must be a safe integer/,
    );
    expect(() => ionTextOfJson({ $x: 1, y: 2 })).to.throw(IonJsonError, /field starting with one "\$"/);
  });
});

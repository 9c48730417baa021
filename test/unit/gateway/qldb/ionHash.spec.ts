import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect } from 'chai';
import { dom, load } from 'ion-js';
import { cryptoHasherProvider, type Hasher } from 'ion-hash-js';
import { ionHash, ionHashOfEncoded } from '@gateway/qldb/ionHash';

const VECTORS = path.join(__dirname, 'fixtures', 'ion_hash_tests.subset.ion');

/** The vectors' identity hash function: digest() returns the bytes it was fed. */
function identityHasher(): Hasher {
  let bytes: number[] = [];
  return {
    update(chunk: Uint8Array): void {
      bytes.push(...chunk);
    },
    digest(): Uint8Array {
      const out = Uint8Array.from(bytes);
      bytes = [];
      return out;
    },
  };
}

/** Splits the vector file into its tests (each a top-level struct, starting a line). */
function vectorTests(): string[] {
  const text = fs.readFileSync(VECTORS, 'utf8');
  const body = text.slice(text.indexOf('*/') + 2);
  const tests: string[] = [];
  for (const line of body.split('\n')) {
    if (/^([A-Za-z_0-9']+::)?\{/.test(line) || /^'[^']*'::\{/.test(line)) tests.push(line);
    else if (!line.startsWith('//') && tests.length > 0)
      tests[tests.length - 1] = `${tests[tests.length - 1] ?? ''}\n${line}`;
  }
  return tests;
}

function bytesOf(sexp: dom.Value): string {
  return Buffer.from(sexp.elements().map((e) => Number(e.numberValue()))).toString('hex');
}

function lastDigest(expectation: dom.Value): string {
  const steps = expectation.elements();
  return bytesOf(steps[steps.length - 1] as dom.Value);
}

const hex = (h: Uint8Array): string => Buffer.from(h).toString('hex');

describe('Ion hash (ion-hash-js) against the amazon-ion ion-hash-test vectors', () => {
  const tests = vectorTests();

  it('reads the vector subset (more than 100 tests)', () => {
    expect(tests.length).to.be.greaterThan(100);
  });

  it('feeds the hash function exactly the bytes every identity vector expects', () => {
    const failures: string[] = [];
    for (const text of tests) {
      const test = load(text) as dom.Value;
      const value = test.get('ion') as dom.Value;
      const want = lastDigest(test.get('expect', 'identity') as dom.Value);
      const got = hex(ionHash(value, identityHasher));
      if (got !== want) failures.push(text.slice(0, 80));
    }
    expect(failures).to.deep.equal([]);
  });

  it('gives the MD5 digests the vectors expect', () => {
    const md5Tests = tests.map((t) => load(t) as dom.Value).filter((t) => t.get('expect', 'md5') !== null);
    expect(md5Tests.length).to.be.greaterThan(0);
    for (const test of md5Tests) {
      const got = hex(ionHash(test.get('ion') as dom.Value, cryptoHasherProvider('md5')));
      expect(got).to.equal(lastDigest(test.get('expect', 'md5') as dom.Value));
    }
  });

  it('fails a vector whose value is changed (the negative twin)', () => {
    const test = load(tests.find((t) => t.startsWith('{ ion:true')) ?? '') as dom.Value;
    const want = lastDigest(test.get('expect', 'identity') as dom.Value);
    expect(hex(ionHashOfEncoded('false', identityHasher))).to.not.equal(want);
    expect(hex(ionHashOfEncoded('true', identityHasher))).to.equal(want);
  });
});

describe('Ion hash (SHA-256) of QLDB values', () => {
  it('ignores the order of struct fields', () => {
    expect(hex(ionHash(load('{a:"x",b:2}') as dom.Value))).to.equal(
      hex(ionHash(load('{b:2,a:"x"}') as dom.Value)),
    );
  });

  it('tells a decimal from a float and a symbol from a string, which JSON cannot', () => {
    expect(hex(ionHash(load('{a:1.5}') as dom.Value))).to.not.equal(
      hex(ionHash(load('{a:1.5e0}') as dom.Value)),
    );
    expect(hex(ionHash(load('{a:x}') as dom.Value))).to.not.equal(hex(ionHash(load('{a:"x"}') as dom.Value)));
  });

  it('hashes Ion text and its Ion binary alike', () => {
    const value = load('{t:2024-05-01T10:00:00.123Z,d:42.20,b:{{aGVsbG8=}}}') as dom.Value;
    expect(hex(ionHashOfEncoded('{t:2024-05-01T10:00:00.123Z,d:42.20,b:{{aGVsbG8=}}}'))).to.equal(
      hex(ionHash(value)),
    );
  });

  it('refuses input with no value', () => {
    expect(() => ionHashOfEncoded('')).to.throw('no Ion value');
  });
});

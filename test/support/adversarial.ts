// fast-check arbitraries of adversarial input shared by the fuzz suites: empty and huge strings,
// lone surrogates (invalid UTF-16, which becomes invalid UTF-8 replacement on the wire), control
// characters, numbers that are negative, fractional, overflowing or not numbers at all, and random JSON.
import fc from 'fast-check';

/** Strings that break number parsing. */
export const numberLike: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '0',
    '-0',
    '-1',
    '-0.01',
    '0.001',
    '1e309',
    '1e-7',
    'NaN',
    'Infinity',
    '-Infinity',
    '0x10',
    '00.10',
    '9007199254740991',
    '9007199254740993',
    '18446744073709551615',
    '18446744073709551616',
    '-9223372036854775809',
    '99999999999999999999999999999.99',
    ' 1',
    '1 ',
    '1,00',
  ),
  fc.integer().map(String),
  fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).map(String),
  fc.double().map(String),
);

/** Strings with lone surrogates, NUL and other control characters. */
export const brokenText: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '\ud800',
    '\udfff',
    'a\ud800b',
    '\u0000',
    'a\u0000b',
    '\u202e',
    '\r\n',
    '\uffff',
    '\u{10ffff}',
  ),
  fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 24 }),
  fc.string({ unit: 'binary', maxLength: 24 }),
);

/** A large string: from 1 KiB to `maxBytes`. */
export const hugeText = (maxBytes: number): fc.Arbitrary<string> =>
  fc
    .tuple(fc.integer({ min: 1024, max: maxBytes }), fc.constantFrom('x', 'é', '\u0000', '{'))
    .map(([n, c]) => c.repeat(Math.max(1, Math.floor(n / Buffer.byteLength(c)))));

/** Random JSON text (objects, arrays, numbers, strings, nesting). */
export const randomJson: fc.Arbitrary<string> = fc.json({ maxDepth: 3 });

/** Any of the above, plus `known` values that address existing records, plus plain short strings. */
export function adversarialString(known: readonly string[], maxBytes = 64 * 1024): fc.Arbitrary<string> {
  return fc.oneof(
    { arbitrary: fc.constantFrom(...(known.length > 0 ? known : [''])), weight: 4 },
    {
      arbitrary: fc.constantFrom('', ' ', 'null', 'true', '[]', '{}', '*', '../', 'Org1MSP', 'Org2MSP'),
      weight: 2,
    },
    { arbitrary: numberLike, weight: 3 },
    { arbitrary: brokenText, weight: 3 },
    { arbitrary: randomJson, weight: 2 },
    { arbitrary: fc.string({ maxLength: 40 }), weight: 2 },
    { arbitrary: hugeText(maxBytes), weight: 1 },
  );
}

import { expect } from 'chai';
import { z } from 'zod';
import { JsonSchemaError, orderedObject, parseJson } from '@gateway/jsonSchema';

function problemOf(schema: z.ZodType, value: unknown): string {
  try {
    parseJson(schema, value);
  } catch (err) {
    expect(err).to.be.instanceOf(JsonSchemaError);
    return (err as Error).message;
  }
  return 'parsed';
}

describe('jsonSchema', function () {
  describe('parseJson', function () {
    it('returns a value that matches the schema', function () {
      expect(parseJson(z.object({ a: z.array(z.int()) }), { a: [1, 2] })).to.deep.equal({ a: [1, 2] });
    });

    it('names the field, what it held and what was wanted', function () {
      expect(problemOf(z.object({ a: z.array(z.int()).min(2) }), { a: [1] })).to.equal(
        'a: got [1], want at least 2 items',
      );
      expect(
        problemOf(z.object({ a: z.object({ b: z.string().regex(/^x+$/) }) }), { a: { b: 'y' } }),
      ).to.equal('a.b: got "y", want a string matching /^x+$/');
      expect(problemOf(z.object({ a: z.boolean() }), {})).to.equal('a: got nothing, want true or false');
      expect(problemOf(z.object({ a: z.enum(['p', 'q']) }), { a: 'r' })).to.equal(
        'a: got "r", want one of "p", "q"',
      );
    });

    it('names a key the schema does not know by its path', function () {
      expect(problemOf(z.strictObject({ a: z.number() }), { a: 1, b: 2 })).to.equal(
        'b: is not a known field',
      );
      expect(problemOf(z.object({ a: z.strictObject({}) }), { a: { c: 1 } })).to.equal(
        'a.c: is not a known field',
      );
    });
  });

  describe('orderedObject', function () {
    it('reads an object with its keys in order', function () {
      expect(parseJson(orderedObject({ a: z.int(), b: z.int() }), { a: 1, b: 2 })).to.deep.equal({
        a: 1,
        b: 2,
      });
    });

    it('refuses the same keys in another order', function () {
      expect(problemOf(orderedObject({ a: z.int(), b: z.int() }), { b: 2, a: 1 })).to.equal(
        '$: got ["b","a"], want the keys a, b in this order',
      );
    });
  });
});

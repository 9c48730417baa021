/**
 * Checks the protobuf wire bytes of a request against its message schema before it is decoded, so
 * that nothing a client sends is silently altered or misread:
 *
 * - every `string` field (nested and map fields included) must be valid UTF-8: the decoder would put
 *   U+FFFD in place of a bad sequence and the gateway would store the altered text;
 * - every known field must come with the wire type its proto type has (or, for a repeated scalar,
 *   packed): the decoder would read a length prefix as a number and go on reading garbage;
 * - varints must be at most 10 bytes and below 2^64, 32-bit fields must fit 32 bits, and every length
 *   must stay inside its message.
 *
 * Unknown fields are skipped, as protobuf requires. Pure: no I/O.
 */
import { isUtf8 } from 'node:buffer';

/**
 * How a field travels, as far as checking goes: `varint` is any 64-bit varint type (uint64, int64,
 * sint64, bool); `uint32` is uint32 or sint32 (below 2^32); `int32` is int32 or an enum (sign-extended
 * to 64 bits when negative).
 */
export type WireKind = 'string' | 'bytes' | 'message' | 'varint' | 'uint32' | 'int32' | 'fixed64' | 'fixed32';

/** One field of a message schema. */
export interface WireField {
  /** The proto field name, as messages name it. */
  readonly name: string;
  readonly kind: WireKind;
  readonly repeated: boolean;
  /** For `message` fields: the fully qualified name of the field's type in the schema. */
  readonly messageType?: string;
}

/** A message type: its fields by field number. */
export interface WireMessage {
  readonly fields: ReadonlyMap<number, WireField>;
}

/** Message types by fully qualified name (`ledger.CertifiedEvent`). */
export type WireSchema = ReadonlyMap<string, WireMessage>;

/** Why a request's bytes are refused; `field` is a dotted path of proto names (`metadata.key`). */
export type WireProblem =
  | {
      /** A string field holds bytes that are not UTF-8. */
      readonly kind: 'utf8';
      readonly field: string;
      /** Offset within the field's value of the first ill-formed sequence. */
      readonly offset: number;
      /** Up to 4 bytes from there. */
      readonly bytes: Uint8Array;
    }
  | {
      /** A well-formed number that does not fit its 32-bit field. */
      readonly kind: 'range';
      readonly field: string;
      readonly value: bigint;
      readonly want: string;
    }
  | {
      /** The bytes are not a message of the type: wrong wire type, truncation, bad varint or tag. */
      readonly kind: 'malformed';
      /** The field it happened in, when known. */
      readonly field: string | undefined;
      readonly reason: string;
    };

/** Deepest nesting of messages (and unknown groups) checked; deeper is refused. */
export const MAX_WIRE_DEPTH = 32;

const WIRE_TYPE_NAMES: readonly string[] = [
  'varint',
  'fixed64',
  'length-delimited',
  'start group',
  'end group',
  'fixed32',
];

const EXPECTED_WIRE_TYPE: Readonly<Record<WireKind, number>> = {
  string: 2,
  bytes: 2,
  message: 2,
  varint: 0,
  uint32: 0,
  int32: 0,
  fixed64: 1,
  fixed32: 5,
};

const TWO_32 = 2n ** 32n;
const TWO_31 = 2n ** 31n;
const TWO_64 = 2n ** 64n;

/** Outcome of reading one varint. */
type VarintRead = { readonly value: bigint; readonly next: number } | { readonly error: string };

/**
 * Reads a varint at `pos` (at most 10 bytes, value below 2^64).
 *
 * @returns the value and the position after it, or what is wrong.
 */
function readVarint(bytes: Uint8Array, pos: number, end: number): VarintRead {
  let value = 0n;
  for (let i = 0; i < 10; i += 1) {
    const at = pos + i;
    if (at >= end) return { error: `a varint at byte ${pos} is cut off by the end of the message` };
    const byte = bytes[at] ?? 0;
    if (i === 9 && byte > 1) return { error: `a varint at byte ${pos} is above 2^64-1` };
    value |= BigInt(byte & 0x7f) << BigInt(7 * i);
    if ((byte & 0x80) === 0) return { value, next: at + 1 };
  }
  return { error: `a varint at byte ${pos} is longer than 10 bytes` };
}

/** A UTF-8 lead byte: how many continuation bytes follow and the range of the first of them. */
interface LeadRule {
  readonly need: number;
  readonly lo: number;
  readonly hi: number;
}

/** Lead bytes of well-formed sequences (Unicode Table 3-7); any other byte >= 0x80 cannot start one. */
const LEAD_RULES: ReadonlyMap<number, LeadRule> = (() => {
  const rules = new Map<number, LeadRule>();
  for (let b = 0xc2; b <= 0xdf; b += 1) rules.set(b, { need: 1, lo: 0x80, hi: 0xbf });
  for (let b = 0xe1; b <= 0xef; b += 1) rules.set(b, { need: 2, lo: 0x80, hi: 0xbf });
  rules.set(0xe0, { need: 2, lo: 0xa0, hi: 0xbf }); // no overlong 3-byte forms
  rules.set(0xed, { need: 2, lo: 0x80, hi: 0x9f }); // no surrogates U+D800..U+DFFF
  for (let b = 0xf1; b <= 0xf3; b += 1) rules.set(b, { need: 3, lo: 0x80, hi: 0xbf });
  rules.set(0xf0, { need: 3, lo: 0x90, hi: 0xbf }); // no overlong 4-byte forms
  rules.set(0xf4, { need: 3, lo: 0x80, hi: 0x8f }); // nothing above U+10FFFF
  return rules;
})();

const inRange = (byte: number | undefined, lo: number, hi: number): boolean =>
  byte !== undefined && byte >= lo && byte <= hi;

/** Length of the well-formed sequence at `i`, or 0 when it is ill formed or cut off by `end`. */
function sequenceLength(bytes: Uint8Array, i: number, end: number): number {
  const b0 = bytes[i] ?? 0;
  if (b0 < 0x80) return 1;
  const rule = LEAD_RULES.get(b0);
  if (rule === undefined || i + rule.need >= end) return 0;
  if (!inRange(bytes[i + 1], rule.lo, rule.hi)) return 0;
  for (let k = 2; k <= rule.need; k += 1) if (!inRange(bytes[i + k], 0x80, 0xbf)) return 0;
  return rule.need + 1;
}

/**
 * Offset of the first ill-formed UTF-8 sequence in `bytes[start, end)` (Unicode Table 3-7: no
 * overlong forms, no surrogates, nothing above U+10FFFF, no truncated sequence), or -1 when all of
 * it is well formed.
 *
 * @param bytes - the buffer.
 * @param start - first byte to check.
 * @param end - one past the last byte to check.
 * @returns an offset relative to `start`, or -1.
 */
export function firstInvalidUtf8(bytes: Uint8Array, start = 0, end = bytes.length): number {
  if (isUtf8(bytes.subarray(start, end))) return -1;
  let i = start;
  while (i < end) {
    const length = sequenceLength(bytes, i, end);
    if (length === 0) return i - start;
    i += length;
  }
  return -1;
}

/** Walks one message; every method returns the first problem or undefined. */
class WireWalker {
  readonly #schema: WireSchema;
  readonly #bytes: Uint8Array;

  constructor(schema: WireSchema, bytes: Uint8Array) {
    this.#schema = schema;
    this.#bytes = bytes;
  }

  message(
    typeName: string,
    start: number,
    end: number,
    path: string,
    depth: number,
  ): WireProblem | undefined {
    const type = this.#schema.get(typeName);
    if (type === undefined) {
      return {
        kind: 'malformed',
        field: path || undefined,
        reason: `no schema for message type ${typeName}`,
      };
    }
    if (depth > MAX_WIRE_DEPTH) {
      return { kind: 'malformed', field: path || undefined, reason: `nested deeper than ${MAX_WIRE_DEPTH}` };
    }
    let pos = start;
    while (pos < end) {
      const tag = this.#tag(pos, end, path);
      if ('kind' in tag) return tag;
      const field = type.fields.get(tag.no);
      const outcome =
        field === undefined
          ? this.#skip(tag.no, tag.wireType, tag.next, end, path, depth)
          : this.#field(field, tag.no, tag.wireType, tag.next, end, path, depth);
      if ('kind' in outcome) return outcome;
      pos = outcome.next;
    }
    return undefined;
  }

  #tag(
    pos: number,
    end: number,
    path: string,
  ): { readonly no: number; readonly wireType: number; readonly next: number } | WireProblem {
    const read = readVarint(this.#bytes, pos, end);
    const where = path || undefined;
    if ('error' in read) return { kind: 'malformed', field: where, reason: `field tag: ${read.error}` };
    if (read.value >= TWO_32) {
      return { kind: 'malformed', field: where, reason: `the field tag at byte ${pos} is above 2^32-1` };
    }
    const no = Number(read.value >> 3n);
    const wireType = Number(read.value & 7n);
    if (no === 0) return { kind: 'malformed', field: where, reason: `field number 0 at byte ${pos}` };
    if (wireType > 5) {
      return {
        kind: 'malformed',
        field: where,
        reason: `wire type ${wireType} at byte ${pos} does not exist`,
      };
    }
    return { no, wireType, next: read.next };
  }

  #field(
    field: WireField,
    no: number,
    wireType: number,
    pos: number,
    end: number,
    parent: string,
    depth: number,
  ): { readonly next: number } | WireProblem {
    const path = parent === '' ? field.name : `${parent}.${field.name}`;
    const expected = EXPECTED_WIRE_TYPE[field.kind];
    if (wireType === expected) return this.#value(field, path, pos, end, depth);
    if (field.repeated && wireType === 2 && expected !== 2) return this.#packed(field, path, pos, end);
    return {
      kind: 'malformed',
      field: path,
      reason: `field ${no} got wire type ${wireType} (${WIRE_TYPE_NAMES[wireType] ?? '?'}), want wire type ${expected} (${WIRE_TYPE_NAMES[expected] ?? '?'})`,
    };
  }

  #value(
    field: WireField,
    path: string,
    pos: number,
    end: number,
    depth: number,
  ): { readonly next: number } | WireProblem {
    switch (field.kind) {
      case 'varint':
      case 'uint32':
      case 'int32':
        return this.#number(field, path, pos, end);
      case 'fixed64':
        return this.#fixed(8, path, pos, end);
      case 'fixed32':
        return this.#fixed(4, path, pos, end);
      default:
        return this.#delimited(field, path, pos, end, depth);
    }
  }

  #delimited(
    field: WireField,
    path: string,
    pos: number,
    end: number,
    depth: number,
  ): { readonly next: number } | WireProblem {
    const span = this.#length(path, pos, end);
    if ('kind' in span) return span;
    if (field.kind === 'string') {
      const bad = firstInvalidUtf8(this.#bytes, span.start, span.next);
      if (bad < 0) return { next: span.next };
      const at = span.start + bad;
      return {
        kind: 'utf8',
        field: path,
        offset: bad,
        bytes: this.#bytes.slice(at, Math.min(at + 4, span.next)),
      };
    }
    if (field.kind === 'message') {
      const problem = this.message(field.messageType ?? '', span.start, span.next, path, depth + 1);
      if (problem !== undefined) return problem;
    }
    return { next: span.next };
  }

  #number(field: WireField, path: string, pos: number, end: number): { readonly next: number } | WireProblem {
    const read = readVarint(this.#bytes, pos, end);
    if ('error' in read) return { kind: 'malformed', field: path, reason: read.error };
    if (field.kind === 'uint32' && read.value >= TWO_32) {
      return {
        kind: 'range',
        field: path,
        value: read.value,
        want: 'a 32-bit unsigned integer (0 to 4294967295)',
      };
    }
    if (field.kind === 'int32' && read.value >= TWO_31 && read.value < TWO_64 - TWO_31) {
      return {
        kind: 'range',
        field: path,
        value: read.value,
        want: 'a 32-bit signed integer (-2147483648 to 2147483647)',
      };
    }
    return { next: read.next };
  }

  #fixed(size: number, path: string, pos: number, end: number): { readonly next: number } | WireProblem {
    if (pos + size > end) {
      return { kind: 'malformed', field: path, reason: `a ${size}-byte value at byte ${pos} is cut off` };
    }
    return { next: pos + size };
  }

  #length(
    path: string | undefined,
    pos: number,
    end: number,
  ): { readonly start: number; readonly next: number } | WireProblem {
    const read = readVarint(this.#bytes, pos, end);
    if ('error' in read) return { kind: 'malformed', field: path, reason: `length: ${read.error}` };
    if (read.value > BigInt(end - read.next)) {
      return {
        kind: 'malformed',
        field: path,
        reason: `a length of ${read.value} at byte ${pos} runs past the end of the message`,
      };
    }
    return { start: read.next, next: read.next + Number(read.value) };
  }

  #packed(field: WireField, path: string, pos: number, end: number): { readonly next: number } | WireProblem {
    const span = this.#length(path, pos, end);
    if ('kind' in span) return span;
    let at = span.start;
    while (at < span.next) {
      const outcome = this.#value(field, path, at, span.next, 0);
      if ('kind' in outcome) return outcome;
      at = outcome.next;
    }
    return { next: span.next };
  }

  #skip(
    no: number,
    wireType: number,
    pos: number,
    end: number,
    path: string,
    depth: number,
  ): { readonly next: number } | WireProblem {
    const where = path || undefined;
    switch (wireType) {
      case 0: {
        const read = readVarint(this.#bytes, pos, end);
        return 'error' in read
          ? { kind: 'malformed', field: where, reason: read.error }
          : { next: read.next };
      }
      case 1:
        return this.#fixed(8, path, pos, end);
      case 2: {
        const span = this.#length(where, pos, end);
        return 'kind' in span ? span : { next: span.next };
      }
      case 5:
        return this.#fixed(4, path, pos, end);
      case 3:
        return this.#group(no, pos, end, path, depth + 1);
      default:
        return {
          kind: 'malformed',
          field: where,
          reason: `an end-group tag of field ${no} without its start`,
        };
    }
  }

  /** Skips an unknown group up to its end-group tag of the same field number. */
  #group(
    no: number,
    pos: number,
    end: number,
    path: string,
    depth: number,
  ): { readonly next: number } | WireProblem {
    const where = path || undefined;
    if (depth > MAX_WIRE_DEPTH) {
      return { kind: 'malformed', field: where, reason: `groups nested deeper than ${MAX_WIRE_DEPTH}` };
    }
    let at = pos;
    while (at < end) {
      const tag = this.#tag(at, end, path);
      if ('kind' in tag) return tag;
      if (tag.wireType === 4) {
        if (tag.no !== no) {
          return {
            kind: 'malformed',
            field: where,
            reason: `the group of field ${no} ends with field ${tag.no}`,
          };
        }
        return { next: tag.next };
      }
      const outcome = this.#skip(tag.no, tag.wireType, tag.next, end, path, depth);
      if ('kind' in outcome) return outcome;
      at = outcome.next;
    }
    return { kind: 'malformed', field: where, reason: `the group of field ${no} has no end` };
  }
}

/**
 * Checks that `bytes` are a message of type `typeName` that decodes without loss.
 *
 * @param schema - the message types.
 * @param typeName - fully qualified name of the message type.
 * @param bytes - the serialized message.
 * @returns the first problem found, or undefined when the bytes are fine.
 */
export function checkWire(schema: WireSchema, typeName: string, bytes: Uint8Array): WireProblem | undefined {
  return new WireWalker(schema, bytes).message(typeName, 0, bytes.length, '', 0);
}

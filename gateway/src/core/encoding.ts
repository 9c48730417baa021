/**
 * Byte encodings shared by the hash chain, the Merkle tree and the digest: big-endian integers,
 * length-prefixed byte strings, UTF-8 and lowercase hex. Every function is pure and total on its
 * documented domain and throws {@link InvalidArgumentError} outside it.
 */
import { InvalidArgumentError } from './errors';

/** Largest value {@link u32} accepts: 2^32 - 1. */
export const MAX_U32 = 0xffff_ffff;
/** Largest value {@link u64} accepts: 2^64 - 1. */
export const MAX_U64 = 0xffff_ffff_ffff_ffffn;

/**
 * Encodes an unsigned 32-bit integer as 4 big-endian bytes.
 *
 * @param value - integer in [0, 2^32 - 1].
 * @param field - name used in the error message.
 * @returns 4 bytes.
 * @throws {@link InvalidArgumentError} if `value` is not an integer in range.
 */
export function u32(value: number, field = 'value'): Uint8Array {
  if (!Number.isInteger(value) || value < 0 || value > MAX_U32) {
    throw new InvalidArgumentError(field, String(value), 'an integer in [0, 2^32-1]');
  }
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, value, false);
  return out;
}

/**
 * Encodes an unsigned 64-bit integer as 8 big-endian bytes.
 *
 * @param value - integer in [0, 2^64 - 1]; a `number` must be a safe integer.
 * @param field - name used in the error message.
 * @returns 8 bytes.
 * @throws {@link InvalidArgumentError} if `value` is not an integer in range.
 */
export function u64(value: bigint | number, field = 'value'): Uint8Array {
  if (typeof value === 'number' && !Number.isSafeInteger(value)) {
    throw new InvalidArgumentError(field, String(value), 'a safe integer in [0, 2^53-1]');
  }
  const big = BigInt(value);
  if (big < 0n || big > MAX_U64) {
    throw new InvalidArgumentError(field, String(value), 'an integer in [0, 2^64-1]');
  }
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, big, false);
  return out;
}

/**
 * Decodes 8 big-endian bytes as an unsigned 64-bit integer.
 *
 * @param bytes - exactly 8 bytes.
 * @param field - name used in the error message.
 * @returns the integer.
 * @throws {@link InvalidArgumentError} if `bytes` is not 8 bytes long.
 */
export function readU64(bytes: Uint8Array, field = 'bytes'): bigint {
  if (bytes.length !== 8) {
    throw new InvalidArgumentError(field, `${bytes.length} bytes`, '8 bytes');
  }
  return new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, false);
}

/**
 * Length-prefixes a byte string: `u32(bytes.length) || bytes`.
 *
 * @param bytes - at most 2^32 - 1 bytes.
 * @param field - name used in the error message.
 * @returns `4 + bytes.length` bytes.
 * @throws {@link InvalidArgumentError} if `bytes` is longer than 2^32 - 1.
 */
export function lp(bytes: Uint8Array, field = 'bytes'): Uint8Array {
  return concatBytes(u32(bytes.length, `${field}.length`), bytes);
}

/**
 * Concatenates byte strings.
 *
 * @param parts - the byte strings, in order.
 * @returns a new array holding all of them.
 * @throws never.
 */
export function concatBytes(...parts: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const part of parts) length += part.length;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/**
 * Compares two byte strings for equality (not constant-time: use only on public data such as hashes).
 *
 * @param a - first byte string.
 * @param b - second byte string.
 * @returns true if both have the same length and content.
 * @throws never.
 */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) return false;
  }
  return true;
}

// A lone surrogate would be silently replaced by U+FFFD, so two different ids would encode the same.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const ENCODER = new TextEncoder();

/**
 * Encodes a string as UTF-8.
 *
 * @param text - a well-formed string (no lone UTF-16 surrogates).
 * @param field - name used in the error message.
 * @returns the UTF-8 bytes.
 * @throws {@link InvalidArgumentError} if `text` holds a lone surrogate, which has no UTF-8 encoding.
 */
export function utf8(text: string, field = 'text'): Uint8Array {
  if (LONE_SURROGATE.test(text)) {
    throw new InvalidArgumentError(field, 'a string with a lone UTF-16 surrogate', 'well-formed Unicode');
  }
  return ENCODER.encode(text);
}

const HEX_DIGITS = '0123456789abcdef';
const HEX_PATTERN = /^[0-9a-fA-F]*$/;

/**
 * Encodes bytes as lowercase hex.
 *
 * @param bytes - any bytes.
 * @returns `2 * bytes.length` lowercase hex digits.
 * @throws never.
 */
export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (const byte of bytes) {
    out += HEX_DIGITS.charAt(byte >> 4) + HEX_DIGITS.charAt(byte & 0x0f);
  }
  return out;
}

/**
 * Decodes hex strictly: an even number of hex digits, nothing else (no `0x`, no spaces).
 * Upper-case digits are accepted; {@link toHex} always emits lower case.
 *
 * @param hex - the hex text.
 * @param field - name used in the error message.
 * @param byteLength - if given, the exact number of bytes wanted.
 * @returns the decoded bytes.
 * @throws {@link InvalidArgumentError} on odd length, a non-hex character or the wrong byte length.
 */
export function fromHex(hex: string, field = 'hex', byteLength?: number): Uint8Array {
  if (hex.length % 2 !== 0) {
    throw new InvalidArgumentError(field, `${hex.length} hex digits`, 'an even number of hex digits');
  }
  if (!HEX_PATTERN.test(hex)) {
    throw new InvalidArgumentError(field, 'a non-hex character', 'only [0-9a-fA-F]');
  }
  if (byteLength !== undefined && hex.length !== 2 * byteLength) {
    throw new InvalidArgumentError(field, `${hex.length / 2} bytes`, `${byteLength} bytes`);
  }
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) {
    out[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  }
  return out;
}

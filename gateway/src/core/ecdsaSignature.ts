/**
 * ECDSA P-256 signature encodings, Fabric style: DER `SEQUENCE { INTEGER r, INTEGER s }` with a low S
 * (s <= n/2), which Fabric's own verifiers require. Pure byte manipulation.
 */

/** Order n of the P-256 group. */
export const P256_ORDER = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
const HALF_ORDER = P256_ORDER >> 1n;
const SCALAR_SIZE = 32;

/** The two scalars of an ECDSA signature. */
export interface EcdsaSignature {
  /** The r scalar. */
  readonly r: bigint;
  /** The s scalar. */
  readonly s: bigint;
}

/**
 * Replaces s by n - s when s is above n/2, giving the equivalent low-S signature.
 *
 * @param signature - a P-256 signature.
 * @returns the low-S form.
 * @throws never.
 */
export function toLowS(signature: EcdsaSignature): EcdsaSignature {
  return signature.s > HALF_ORDER ? { r: signature.r, s: P256_ORDER - signature.s } : signature;
}

/**
 * Tells whether a signature's scalars are in range and s is low (1 <= r < n, 1 <= s <= n/2).
 *
 * @param signature - a P-256 signature.
 * @returns true if it is canonical.
 * @throws never.
 */
export function isCanonicalP256(signature: EcdsaSignature): boolean {
  const { r, s } = signature;
  return r >= 1n && r < P256_ORDER && s >= 1n && s <= HALF_ORDER;
}

function bigintToBytes(value: bigint, size: number): Uint8Array {
  const out = new Uint8Array(size);
  let rest = value;
  for (let i = size - 1; i >= 0; i--) {
    out[i] = Number(rest & 0xffn);
    rest >>= 8n;
  }
  return out;
}

function bytesToBigint(bytes: Uint8Array): bigint {
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  return value;
}

function derInteger(value: bigint): Uint8Array {
  let bytes = bigintToBytes(value, SCALAR_SIZE + 1);
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0 && ((bytes[start + 1] ?? 0) & 0x80) === 0) start++;
  bytes = bytes.subarray(start);
  return Uint8Array.of(0x02, bytes.length, ...bytes);
}

/**
 * DER-encodes a P-256 signature.
 *
 * @param signature - scalars below 2^256.
 * @returns `SEQUENCE { INTEGER r, INTEGER s }` in DER.
 * @throws never.
 */
export function encodeDerSignature(signature: EcdsaSignature): Uint8Array {
  const r = derInteger(signature.r);
  const s = derInteger(signature.s);
  return Uint8Array.of(0x30, r.length + s.length, ...r, ...s);
}

function isMinimalPositive(body: Uint8Array): boolean {
  const first = body[0] ?? 0;
  const second = body[1] ?? 0;
  if ((first & 0x80) !== 0) return false; // negative
  return !(body.length > 1 && first === 0 && (second & 0x80) === 0); // a needless leading zero
}

function readDerInteger(der: Uint8Array, offset: number): { value: bigint; next: number } | undefined {
  const length = der[offset + 1] ?? 0;
  if (der[offset] !== 0x02 || length === 0 || length > SCALAR_SIZE + 1) return undefined;
  const body = der.subarray(offset + 2, offset + 2 + length);
  if (body.length !== length || !isMinimalPositive(body)) return undefined;
  return { value: bytesToBigint(body), next: offset + 2 + length };
}

/**
 * Parses a strict DER `SEQUENCE { INTEGER r, INTEGER s }` (minimal, positive integers, no trailing bytes).
 *
 * @param der - the encoded signature.
 * @returns the scalars, or undefined if `der` is not strict DER.
 * @throws never.
 */
export function decodeDerSignature(der: Uint8Array): EcdsaSignature | undefined {
  if (der[0] !== 0x30 || der[1] !== der.length - 2) return undefined;
  const r = readDerInteger(der, 2);
  if (r === undefined) return undefined;
  const s = readDerInteger(der, r.next);
  if (s?.next !== der.length) return undefined;
  return { r: r.value, s: s.value };
}

/**
 * Encodes a signature as IEEE P1363 `r || s` (32 bytes each).
 *
 * @param signature - scalars below 2^256.
 * @returns 64 bytes.
 * @throws never.
 */
export function encodeP1363Signature(signature: EcdsaSignature): Uint8Array {
  return Uint8Array.of(
    ...bigintToBytes(signature.r, SCALAR_SIZE),
    ...bigintToBytes(signature.s, SCALAR_SIZE),
  );
}

/**
 * Decodes an IEEE P1363 `r || s` signature.
 *
 * @param raw - 64 bytes.
 * @returns the scalars, or undefined if `raw` is not 64 bytes.
 * @throws never.
 */
export function decodeP1363Signature(raw: Uint8Array): EcdsaSignature | undefined {
  if (raw.length !== 2 * SCALAR_SIZE) return undefined;
  return { r: bytesToBigint(raw.subarray(0, SCALAR_SIZE)), s: bytesToBigint(raw.subarray(SCALAR_SIZE)) };
}

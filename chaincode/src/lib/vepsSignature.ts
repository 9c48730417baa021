/**
 * VEPS signatures over certified events (VEPS: the upstream event-producing service that certifies,
 * i.e. signs, events before they reach the gateway): the exact signed bytes, signing (for clients and
 * tests) and verification against Ed25519 or ECDSA P-256 public keys. The one definition, used by the chaincode
 * (`Journal:SubmitEvents` with consortium keys) and by the gateway. No I/O; Node crypto only, so every
 * endorsing peer reaches the same verdict.
 *
 * Signed bytes (docs/gateway.md, "VEPS signatures"):
 * `"veps-event-v1\n" || lp(utf8(event_id)) || lp(payload) || u64(veps_timestamp) || u32(n) ||
 * n × (lp(utf8(key)) || lp(utf8(value)))`, metadata entries sorted by the UTF-8 bytes of their keys;
 * `lp(x)` is `u32(len(x)) || x`, integers big-endian.
 *
 * `veps_signature` is `[<key id>:]<base64 signature>`: the raw 64-byte signature for Ed25519, DER
 * `SEQUENCE { r, s }` over SHA-256 for ECDSA P-256.
 */
import * as crypto from 'node:crypto';

/** Domain-separation prefix of the signed bytes, version 1. */
export const VEPS_SIGNING_PREFIX = 'veps-event-v1\n';

/** What a key id may look like: 1 to 64 characters of `[A-Za-z0-9._#-]` (never `:`). */
export const VEPS_KEY_ID_PATTERN = /^[A-Za-z0-9._#-]{1,64}$/;

/** Most consortium VEPS keys (`Governance` proposal action `VEPS_KEYS`). */
export const MAX_VEPS_KEYS = 16;

/** Longest PEM text of one consortium VEPS key, in characters (an Ed25519 or P-256 SPKI PEM is < 200). */
export const MAX_VEPS_KEY_PEM_LENGTH = 1024;

/** One consortium VEPS verification key: its id and its PEM SPKI public key (Ed25519 or P-256). */
export interface VepsKeyEntry {
  readonly id: string;
  readonly publicKeyPem: string;
}

/** A set of consortium VEPS keys (proposal action VEPS_KEYS); an empty list turns verification off. */
export interface VepsKeysChange {
  readonly keys: readonly VepsKeyEntry[];
}

/** Algorithms that verify. */
export type VepsAlgorithm = 'ed25519' | 'ecdsa-p256';

/** One verification key. */
export interface VepsKey {
  /** Name a signature may carry as `<id>:` to select this key. */
  readonly id: string;
  readonly algorithm: VepsAlgorithm;
  readonly key: crypto.KeyObject;
}

/** The event fields a VEPS signature covers. */
export interface VepsSignedFields {
  readonly eventId: string;
  readonly payload: Uint8Array;
  /** Milliseconds since the epoch (a safe integer or a bigint below 2^64). */
  readonly vepsTimestamp: number | bigint;
  readonly metadata: Readonly<Record<string, string>>;
}

/** Outcome of {@link verifyVepsSignature}: the key that verified, or why nothing did. */
export type VepsVerification =
  { readonly ok: true; readonly keyId: string } | { readonly ok: false; readonly reason: string };

/** Thrown when event fields cannot be encoded as signed bytes; `field`, `got` and `want` say why. */
export class VepsEncodingError extends Error {
  /** The field that cannot be encoded. */
  readonly field: string;
  /** A short description of the value. */
  readonly got: string;
  /** What is allowed. */
  readonly want: string;

  /**
   * @param field - the field that cannot be encoded.
   * @param got - a short description of the value.
   * @param want - what is allowed.
   */
  constructor(field: string, got: string, want: string) {
    super(`${field}: got ${got}, want ${want}`);
    this.name = 'VepsEncodingError';
    this.field = field;
    this.got = got;
    this.want = want;
  }
}

const MAX_U32 = 0xffff_ffff;
const MAX_U64 = (1n << 64n) - 1n;
const LONE_SURROGATE = /\p{Surrogate}/u;

function u32(value: number, field: string): Uint8Array {
  if (!Number.isInteger(value) || value < 0 || value > MAX_U32) {
    throw new VepsEncodingError(field, String(value), 'an integer in [0, 2^32-1]');
  }
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, value, false);
  return out;
}

function u64(value: bigint | number, field: string): Uint8Array {
  if (typeof value === 'number' && !Number.isSafeInteger(value)) {
    throw new VepsEncodingError(field, String(value), 'a safe integer in [0, 2^53-1]');
  }
  const big = BigInt(value);
  if (big < 0n || big > MAX_U64) {
    throw new VepsEncodingError(field, String(value), 'an integer in [0, 2^64-1]');
  }
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, big, false);
  return out;
}

function utf8(text: string, field: string): Uint8Array {
  if (LONE_SURROGATE.test(text)) {
    throw new VepsEncodingError(field, 'a string with a lone UTF-16 surrogate', 'well-formed Unicode');
  }
  return Buffer.from(text, 'utf8');
}

function lp(bytes: Uint8Array, field: string): Uint8Array {
  return Buffer.concat([u32(bytes.length, `${field}.length`), bytes]);
}

/**
 * Encodes the bytes a VEPS signs for one event.
 *
 * @param fields - event id, payload, timestamp and metadata of the event.
 * @returns the signed bytes.
 * @throws {@link VepsEncodingError} for a lone surrogate in a string or a timestamp outside u64.
 */
export function vepsSigningBytes(fields: Readonly<VepsSignedFields>): Uint8Array {
  const entries = Object.entries(fields.metadata).map(([key, value]) => ({
    key: utf8(key, 'metadata key'),
    value: utf8(value, 'metadata value'),
  }));
  entries.sort((a, b) => Buffer.compare(a.key, b.key));
  return new Uint8Array(
    Buffer.concat([
      utf8(VEPS_SIGNING_PREFIX, 'prefix'),
      lp(utf8(fields.eventId, 'event_id'), 'event_id'),
      lp(fields.payload, 'payload'),
      u64(fields.vepsTimestamp, 'veps_timestamp'),
      u32(entries.length, 'metadata entries'),
      ...entries.flatMap((e) => [lp(e.key, 'metadata key'), lp(e.value, 'metadata value')]),
    ]),
  );
}

/**
 * Reads a PEM `PUBLIC KEY` (SPKI) as a verification key.
 *
 * @param id - the key id (see {@link VEPS_KEY_ID_PATTERN}).
 * @param pem - one PEM public key.
 * @returns the key.
 * @throws Error naming the key id when the id is malformed, the PEM is not a public key, or the key is
 *   neither Ed25519 nor P-256.
 */
export function vepsKeyFromPem(id: string, pem: string): VepsKey {
  if (!VEPS_KEY_ID_PATTERN.test(id)) {
    throw new Error(`VEPS key id ${JSON.stringify(id)}: want 1 to 64 characters of [A-Za-z0-9._#-]`);
  }
  let key: crypto.KeyObject;
  try {
    key = crypto.createPublicKey({ key: pem, format: 'pem' });
  } catch {
    throw new Error(`VEPS key ${id}: not a PEM public key (SPKI "PUBLIC KEY" block)`);
  }
  return { id, algorithm: algorithmOf(key, id), key };
}

function algorithmOf(key: crypto.KeyObject, id: string): VepsAlgorithm {
  if (key.asymmetricKeyType === 'ed25519') return 'ed25519';
  const curve = key.asymmetricKeyDetails?.namedCurve;
  if (key.asymmetricKeyType === 'ec' && curve === 'prime256v1') return 'ecdsa-p256';
  const got = key.asymmetricKeyType === 'ec' ? `ec ${curve ?? '?'}` : (key.asymmetricKeyType ?? 'unknown');
  throw new Error(`VEPS key ${id}: got key type ${got}, want Ed25519 or ECDSA P-256`);
}

/**
 * Signs an event as a VEPS would (clients, tests and tools).
 *
 * @param privateKey - an Ed25519 or P-256 private key (PEM or KeyObject).
 * @param fields - the event.
 * @param keyId - if given, the signature is prefixed with `<keyId>:`.
 * @returns the `veps_signature` value.
 * @throws Error if the key is of another type.
 */
export function signVepsEvent(
  privateKey: string | crypto.KeyObject,
  fields: Readonly<VepsSignedFields>,
  keyId?: string,
): string {
  const key = typeof privateKey === 'string' ? crypto.createPrivateKey(privateKey) : privateKey;
  const data = vepsSigningBytes(fields);
  const signature =
    key.asymmetricKeyType === 'ed25519'
      ? crypto.sign(null, data, key)
      : crypto.sign('sha256', data, { key, dsaEncoding: 'der' });
  const encoded = signature.toString('base64');
  return keyId === undefined ? encoded : `${keyId}:${encoded}`;
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function verifyWith(key: VepsKey, data: Uint8Array, signature: Buffer): boolean {
  try {
    return key.algorithm === 'ed25519'
      ? crypto.verify(null, data, key.key, signature)
      : crypto.verify('sha256', data, { key: key.key, dsaEncoding: 'der' }, signature);
  } catch {
    // A malformed DER signature throws in some OpenSSL versions: it is simply not valid.
    return false;
  }
}

/**
 * Verifies a `veps_signature` over an event. With a `<key id>:` prefix only that key is tried;
 * without one, any of the keys may verify.
 *
 * @param keys - the verification keys (at least one).
 * @param fields - the event as submitted.
 * @param signature - the `veps_signature` value.
 * @returns the key id that verified, or the reason for failure (safe to send to the client).
 * @throws {@link VepsEncodingError} if the fields cannot be encoded (see {@link vepsSigningBytes}).
 */
export function verifyVepsSignature(
  keys: readonly VepsKey[],
  fields: Readonly<VepsSignedFields>,
  signature: string,
): VepsVerification {
  if (signature === '') return { ok: false, reason: 'missing' };
  const colon = signature.indexOf(':');
  const keyId = colon < 0 ? undefined : signature.slice(0, colon);
  const encoded = colon < 0 ? signature : signature.slice(colon + 1);
  const candidates = keyId === undefined ? keys : keys.filter((k) => k.id === keyId);
  if (keyId !== undefined && candidates.length === 0) {
    return {
      ok: false,
      reason: `got unknown key id ${JSON.stringify(keyId.slice(0, 64))}, want one of ${keys.map((k) => k.id).join(', ')}`,
    };
  }
  if (encoded === '' || !BASE64.test(encoded)) {
    return { ok: false, reason: 'got a value that is not [<key id>:]<base64 signature>' };
  }
  const data = vepsSigningBytes(fields);
  const raw = Buffer.from(encoded, 'base64');
  const match = candidates.find((k) => verifyWith(k, data, raw));
  if (match !== undefined) return { ok: true, keyId: match.id };
  const tried = candidates.map((k) => k.id).join(', ');
  return { ok: false, reason: `does not verify over the event's signed bytes with key ${tried}` };
}

/** An event as `Journal:SubmitEvents` carries it: base64 payload and signature, decimal timestamp. */
export interface JournalSignedEvent {
  readonly eventId: string;
  /** Base64 of the payload. */
  readonly payload: string;
  /** Base64 of the UTF-8 of `[<key id>:]<base64 signature>`. */
  readonly vepsSignature: string;
  /** Decimal milliseconds. */
  readonly vepsTimestamp: string;
  readonly metadata: Readonly<Record<string, string>>;
}

/**
 * Verifies the signature of an event in its journal form (as `Journal:SubmitEvents` receives it from a
 * gateway). Fields that cannot be encoded are a failure, not an exception.
 *
 * @param keys - the verification keys (at least one).
 * @param event - the checked event (base64 fields already validated as canonical base64).
 * @returns the key id that verified, or the reason for failure.
 */
export function verifyJournalEventSignature(
  keys: readonly VepsKey[],
  event: Readonly<JournalSignedEvent>,
): VepsVerification {
  const signature = Buffer.from(event.vepsSignature, 'base64').toString('utf8');
  try {
    return verifyVepsSignature(
      keys,
      {
        eventId: event.eventId,
        payload: Buffer.from(event.payload, 'base64'),
        vepsTimestamp: BigInt(event.vepsTimestamp),
        metadata: event.metadata,
      },
      signature,
    );
  } catch (err) {
    if (err instanceof VepsEncodingError) return { ok: false, reason: `cannot be checked: ${err.message}` };
    throw err;
  }
}

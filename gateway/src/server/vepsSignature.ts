/**
 * VEPS signatures over certified events: the exact signed bytes, signing (for clients and tests) and
 * verification against configured Ed25519 or ECDSA P-256 public keys. No file or network I/O.
 *
 * Signed bytes (docs/gateway.md, "VEPS signatures"):
 * `"veps-event-v1\n" || lp(utf8(event_id)) || lp(payload) || u64(veps_timestamp) || u32(n) ||
 * n × (lp(utf8(key)) || lp(utf8(value)))`, metadata entries sorted by the UTF-8 bytes of their keys.
 *
 * `veps_signature` is `[<key id>:]<base64 signature>`: the raw 64-byte signature for Ed25519, DER
 * `SEQUENCE { r, s }` over SHA-256 for ECDSA P-256.
 */
import * as crypto from 'node:crypto';
import { status } from '@grpc/grpc-js';
import { concatBytes, lp, u32, u64, utf8 } from '../core';
import { LedgerServiceError } from './errors';

/** Domain-separation prefix of the signed bytes, version 1. */
export const VEPS_SIGNING_PREFIX = 'veps-event-v1\n';

/** What a key id may look like: 1 to 64 characters of `[A-Za-z0-9._#-]` (never `:`). */
export const VEPS_KEY_ID_PATTERN = /^[A-Za-z0-9._#-]{1,64}$/;

/** Algorithms the gateway verifies. */
export type VepsAlgorithm = 'ed25519' | 'ecdsa-p256';

/** One configured verification key. */
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

/**
 * Encodes the bytes a VEPS signs for one event.
 *
 * @param fields - event id, payload, timestamp and metadata of the event.
 * @returns the signed bytes.
 * @throws InvalidArgumentError (core) for a lone surrogate in a string or a timestamp outside u64.
 */
export function vepsSigningBytes(fields: Readonly<VepsSignedFields>): Uint8Array {
  const entries = Object.entries(fields.metadata).map(([key, value]) => ({
    key: utf8(key, 'metadata key'),
    value: utf8(value, 'metadata value'),
  }));
  entries.sort((a, b) => Buffer.compare(a.key, b.key));
  return concatBytes(
    utf8(VEPS_SIGNING_PREFIX),
    lp(utf8(fields.eventId, 'event_id'), 'event_id'),
    lp(fields.payload, 'payload'),
    u64(fields.vepsTimestamp, 'veps_timestamp'),
    u32(entries.length, 'metadata entries'),
    ...entries.flatMap((e) => [lp(e.key, 'metadata key'), lp(e.value, 'metadata value')]),
  );
}

/**
 * Reads a PEM `PUBLIC KEY` (SPKI) as a verification key.
 *
 * @param id - the key id (see {@link VEPS_KEY_ID_PATTERN}).
 * @param pem - one PEM public key.
 * @returns the key.
 * @throws Error naming the key id when the id is malformed or the key is neither Ed25519 nor P-256.
 */
export function vepsKeyFromPem(id: string, pem: string): VepsKey {
  if (!VEPS_KEY_ID_PATTERN.test(id)) {
    throw new Error(`VEPS key id ${JSON.stringify(id)}: want 1 to 64 characters of [A-Za-z0-9._#-]`);
  }
  const key = crypto.createPublicKey(pem);
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
 * without one, any configured key may verify.
 *
 * @param keys - the configured keys (at least one).
 * @param fields - the event as submitted.
 * @param signature - the `veps_signature` value.
 * @returns the key id that verified, or the reason for failure (safe to send to the client).
 * @throws InvalidArgumentError (core) if the fields cannot be encoded (see {@link vepsSigningBytes}).
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

/**
 * Requires a valid VEPS signature (SubmitEvent with keys configured).
 *
 * @param keys - the configured keys (at least one).
 * @param fields - the event as submitted.
 * @param signature - the `veps_signature` value.
 * @returns the id of the key that verified.
 * @throws LedgerServiceError UNAUTHENTICATED naming the event and what is wrong with the signature.
 */
export function requireVepsSignature(
  keys: readonly VepsKey[],
  fields: Readonly<VepsSignedFields>,
  signature: string,
): string {
  const outcome = verifyVepsSignature(keys, fields, signature);
  if (outcome.ok) return outcome.keyId;
  const what =
    outcome.reason === 'missing'
      ? 'missing; this gateway requires a signature by a configured VEPS key'
      : outcome.reason;
  throw new LedgerServiceError(
    status.UNAUTHENTICATED,
    `veps_signature of event_id ${JSON.stringify(fields.eventId)}: ${what} (signed bytes: docs/gateway.md)`,
  );
}

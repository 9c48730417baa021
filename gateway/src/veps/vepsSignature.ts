/**
 * VEPS signatures in the gateway (VEPS: the upstream event-producing service that certifies, i.e.
 * signs, events before they reach the gateway): the definitions (signed bytes, signing, verification)
 * are the chaincode's (`chaincode/src/lib/vepsSignature.ts`), so the gateway's front-door check and the
 * chaincode's consortium check are one code. This module maps their errors to the gateway's: encoding
 * failures to `InvalidArgumentError` (core), refusals to gRPC statuses.
 *
 * `veps_signature` is `[<key id>:]<base64 signature>` (docs/gateway.md, "VEPS signatures").
 */
import { status } from '@grpc/grpc-js';
import * as veps from '@fabric-ledger/chaincode/shared';
import { InvalidArgumentError } from '../core';
import { LedgerServiceError } from '../proto/serviceErrors';

export {
  signVepsEvent,
  VEPS_KEY_ID_PATTERN,
  VEPS_SIGNING_PREFIX,
  vepsKeyFromPem,
  type VepsAlgorithm,
  type VepsKey,
  type VepsSignedFields,
  type VepsVerification,
} from '@fabric-ledger/chaincode/shared';

function coreErrors<T>(work: () => T): T {
  try {
    return work();
  } catch (err) {
    if (err instanceof veps.VepsEncodingError) throw new InvalidArgumentError(err.field, err.got, err.want);
    throw err;
  }
}

/**
 * Encodes the bytes a VEPS signs for one event.
 *
 * @param fields - event id, payload, timestamp and metadata of the event.
 * @returns the signed bytes.
 * @throws InvalidArgumentError (core) for a lone surrogate in a string or a timestamp outside u64.
 */
export function vepsSigningBytes(fields: Readonly<veps.VepsSignedFields>): Uint8Array {
  return coreErrors(() => veps.vepsSigningBytes(fields));
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
  keys: readonly veps.VepsKey[],
  fields: Readonly<veps.VepsSignedFields>,
  signature: string,
): veps.VepsVerification {
  return coreErrors(() => veps.verifyVepsSignature(keys, fields, signature));
}

/** Where the keys of a front-door check come from, which decides the status of a refusal. */
export type VepsKeySource = 'local' | 'consortium';

/**
 * Requires a valid VEPS signature (SubmitEvent with keys configured locally or set by the consortium).
 *
 * @param keys - the keys (at least one).
 * @param fields - the event as submitted.
 * @param signature - the `veps_signature` value.
 * @param source - `local` (this gateway's `vepsKeys`: UNAUTHENTICATED) or `consortium` (the on-chain
 *   keys, `Governance:GetVepsKeys`: INVALID_ARGUMENT, as the chaincode would refuse the event).
 * @returns the id of the key that verified.
 * @throws LedgerServiceError naming the event and what is wrong with the signature.
 */
export function requireVepsSignature(
  keys: readonly veps.VepsKey[],
  fields: Readonly<veps.VepsSignedFields>,
  signature: string,
  source: VepsKeySource = 'local',
): string {
  const outcome = verifyVepsSignature(keys, fields, signature);
  if (outcome.ok) return outcome.keyId;
  const whose = source === 'local' ? 'this gateway requires' : 'the consortium requires';
  const what =
    outcome.reason === 'missing' ? `missing; ${whose} a signature by a configured VEPS key` : outcome.reason;
  throw new LedgerServiceError(
    source === 'local' ? status.UNAUTHENTICATED : status.INVALID_ARGUMENT,
    `veps_signature of event_id ${JSON.stringify(fields.eventId)}: ${what} (signed bytes: docs/gateway.md)`,
  );
}

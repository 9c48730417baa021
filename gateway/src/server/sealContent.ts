/**
 * Content equality of submitted events and sealed event entries. Two submissions of one event id are
 * the same event exactly when their content (id, payload, VEPS signature and timestamp, metadata) is
 * equal, which is what the chaincode's `eventContentHash` covers. The hot path compares fields
 * directly; the hash is for where it is stored (history).
 */
import { eventContentHash, type CertifiedEvent } from '@fabric-ledger/chaincode/shared';
import type { SealRecord } from '../core/sealRecord';

/**
 * Content hash of a sealed event entry: equal to `eventContentHash` of the event that made it.
 *
 * @param seal - an `event` entry.
 * @returns 64 lowercase hex characters.
 */
export function sealContentHash(seal: SealRecord): string {
  return eventContentHash(sealedEvent(seal));
}

/** The checked event a sealed `event` entry holds. */
function sealedEvent(seal: SealRecord): CertifiedEvent {
  return {
    eventId: seal.eventId,
    payload: Buffer.from(seal.payload).toString('base64'),
    vepsSignature: seal.vepsSignature,
    vepsTimestamp: String(seal.vepsTimestamp),
    metadata: seal.metadata,
  };
}

function sameMetadata(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean {
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((k) => Object.prototype.hasOwnProperty.call(b, k) && a[k] === b[k]);
}

/**
 * Whether two checked events have the same content: equal exactly when their `eventContentHash`es
 * are, without the canonical encoding and hashing.
 */
export function sameEventContent(a: CertifiedEvent, b: CertifiedEvent): boolean {
  return (
    a.eventId === b.eventId &&
    a.payload === b.payload &&
    a.vepsSignature === b.vepsSignature &&
    a.vepsTimestamp === b.vepsTimestamp &&
    sameMetadata(a.metadata, b.metadata)
  );
}

/** Whether a sealed `event` entry holds exactly `event` (equal to comparing their content hashes). */
export function sealHoldsEvent(seal: SealRecord, event: CertifiedEvent): boolean {
  return sameEventContent(sealedEvent(seal), event);
}

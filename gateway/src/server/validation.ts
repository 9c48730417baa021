/**
 * Validation of SubmitEvent input. Limits are the chaincode's (chaincode/src/lib/journal.ts), so an
 * event the gateway accepts is never refused by the chaincode; messages name the proto field, what
 * came and what is allowed.
 */
import {
  type CertifiedEvent,
  EVENT_ID_PATTERN,
  MAX_EVENT_ID_LENGTH,
  MAX_METADATA_ENTRIES,
  MAX_METADATA_KEY_LENGTH,
  MAX_METADATA_VALUE_LENGTH,
  MAX_PAYLOAD_BYTES,
  MAX_SIGNATURE_BYTES,
  MSP_PATTERN,
  VEPS_TIMESTAMP_LIMIT,
} from '@fabric-ledger/chaincode/shared';
import { invalidArgument } from '../proto/serviceErrors';

/** SubmitEvent input as the gRPC layer decodes it (int64 as a decimal string). */
export interface CertifiedEventInput {
  readonly eventId: string;
  readonly payload: Uint8Array;
  readonly vepsSignature: string;
  readonly vepsTimestamp: string;
  readonly metadata: Readonly<Record<string, string>>;
}

/**
 * Checks a submitted event and converts it to the chaincode's journal form (base64 payload and
 * signature, decimal timestamp).
 *
 * @param input - the decoded request.
 * @returns the event as `Journal:SubmitEvents` takes it.
 * @throws LedgerServiceError INVALID_ARGUMENT naming the first field that breaks a rule.
 */
export function toJournalEvent(input: CertifiedEventInput): CertifiedEvent {
  checkEventId(input.eventId);
  if (input.payload.length > MAX_PAYLOAD_BYTES) {
    throw invalidArgument(
      'payload',
      `${input.payload.length} bytes`,
      `at most ${MAX_PAYLOAD_BYTES} bytes (1 MiB)`,
    );
  }
  const signature = Buffer.from(input.vepsSignature, 'utf8');
  if (signature.length > MAX_SIGNATURE_BYTES) {
    throw invalidArgument(
      'veps_signature',
      `${signature.length} bytes`,
      `at most ${MAX_SIGNATURE_BYTES} bytes`,
    );
  }
  const timestamp = checkTimestamp(input.vepsTimestamp);
  checkMetadata(input.metadata);
  return {
    eventId: input.eventId,
    payload: Buffer.from(input.payload).toString('base64'),
    vepsSignature: signature.toString('base64'),
    vepsTimestamp: String(timestamp),
    metadata: sortedCopy(input.metadata),
  };
}

/**
 * Checks an event id (SubmitEvent, GetEventById).
 *
 * @throws LedgerServiceError INVALID_ARGUMENT.
 */
export function checkEventId(eventId: string, field = 'event_id'): void {
  if (!EVENT_ID_PATTERN.test(eventId)) {
    const got =
      eventId.length === 0
        ? 'an empty string'
        : `${eventId.length} characters ${JSON.stringify(eventId.slice(0, 40))}${eventId.length > 40 ? '…' : ''}`;
    throw invalidArgument(
      field,
      got,
      `1 to ${MAX_EVENT_ID_LENGTH} printable ASCII characters (U+0020..U+007E)`,
    );
  }
}

/**
 * The org a GetEventById request names: its `submitter_msp_id`, or the gateway's own org when empty.
 *
 * @param requested - the request's `submitter_msp_id`.
 * @param ownMspId - the gateway's own MSP id.
 * @returns the MSP id.
 * @throws LedgerServiceError INVALID_ARGUMENT naming `submitter_msp_id`.
 */
export function submitterMspIdOf(requested: string, ownMspId: string): string {
  if (requested === '') return ownMspId;
  if (!MSP_PATTERN.test(requested)) {
    throw invalidArgument(
      'submitter_msp_id',
      JSON.stringify(requested.slice(0, 140)),
      'an MSP id: 1 to 128 characters of [A-Za-z0-9._-], starting with a letter or digit',
    );
  }
  return requested;
}

function checkTimestamp(value: string): number {
  const n = Number(value);
  if (!/^-?\d+$/.test(value) || !(n > 0) || !(BigInt(value) < VEPS_TIMESTAMP_LIMIT)) {
    throw invalidArgument('veps_timestamp', value, 'milliseconds since the epoch, 0 < t < 2^53');
  }
  return n;
}

function checkMetadata(metadata: Readonly<Record<string, string>>): void {
  const entries = Object.entries(metadata);
  if (entries.length > MAX_METADATA_ENTRIES) {
    throw invalidArgument('metadata', `${entries.length} entries`, `at most ${MAX_METADATA_ENTRIES} entries`);
  }
  for (const [key, value] of entries) {
    if (key.length === 0 || key.length > MAX_METADATA_KEY_LENGTH) {
      throw invalidArgument(
        'metadata key',
        `${key.length} characters`,
        `1 to ${MAX_METADATA_KEY_LENGTH} characters`,
      );
    }
    if (value.length > MAX_METADATA_VALUE_LENGTH) {
      throw invalidArgument(
        `metadata[${JSON.stringify(key)}]`,
        `${value.length} characters`,
        `at most ${MAX_METADATA_VALUE_LENGTH} characters`,
      );
    }
  }
}

/**
 * The metadata sorted by key. `Object.fromEntries` defines every key as an own property, so keys such
 * as `__proto__` and `constructor` are ordinary keys (assignment would drop `__proto__`).
 */
function sortedCopy(metadata: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(
    Object.keys(metadata)
      .sort()
      .map((key) => [key, metadata[key] ?? '']),
  );
}

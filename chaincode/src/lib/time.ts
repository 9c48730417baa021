/**
 * Time as the chaincode sees it: only the transaction timestamp the client put in the proposal
 * (`ChaincodeStub.getTxTimestamp()`), held as nanoseconds since the Unix epoch in a bigint.
 */
import { invalidArgument } from './errors';

/** A protobuf timestamp as the shim hands it out (`seconds` is a Long, or a number in history entries). */
export interface TimestampLike {
  readonly seconds: number | { toString(): string };
  readonly nanos: number;
}

/** Width of a zero-padded nanosecond time key (10^20 ns is past the year 5000). */
export const TIME_KEY_DIGITS = 20;

const NANOS_PER_SECOND = 1_000_000_000n;
const NANOS_PER_MILLI = 1_000_000n;
const TIME_KEY_LIMIT = 10n ** BigInt(TIME_KEY_DIGITS);
const ISO_INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?Z$/;

/**
 * Converts a protobuf timestamp to nanoseconds.
 *
 * @param ts - seconds and nanos.
 * @returns nanoseconds since the epoch.
 * @throws {@link RangeError} for a negative or malformed timestamp.
 */
export function timestampToNanos(ts: TimestampLike): bigint {
  const seconds = BigInt(ts.seconds.toString());
  if (seconds < 0n || !Number.isInteger(ts.nanos) || ts.nanos < 0 || ts.nanos >= 1e9) {
    throw new RangeError(`malformed timestamp ${ts.seconds.toString()}s ${ts.nanos}ns`);
  }
  return seconds * NANOS_PER_SECOND + BigInt(ts.nanos);
}

/**
 * Formats nanoseconds as an ISO-8601 UTC instant with millisecond precision, as `Date#toISOString`.
 *
 * @param nanos - nanoseconds since the epoch.
 * @returns e.g. `2025-01-01T00:00:00.000Z`.
 */
export function isoFromNanos(nanos: bigint): string {
  return new Date(Number(nanos / NANOS_PER_MILLI)).toISOString();
}

/**
 * A fixed-width decimal key that sorts like the time it encodes (oldest first).
 *
 * @param nanos - nanoseconds since the epoch.
 * @returns 20 digits.
 */
export function timeKey(nanos: bigint): string {
  return nanos.toString().padStart(TIME_KEY_DIGITS, '0');
}

/**
 * A fixed-width decimal key that sorts in reverse time order (newest first).
 *
 * @param nanos - nanoseconds since the epoch.
 * @returns 20 digits.
 */
export function invertedTimeKey(nanos: bigint): string {
  return timeKey(TIME_KEY_LIMIT - 1n - nanos);
}

/**
 * Reads the time back out of an {@link invertedTimeKey}.
 *
 * @param key - 20 digits.
 * @returns nanoseconds since the epoch.
 */
export function nanosFromInvertedTimeKey(key: string): bigint {
  return TIME_KEY_LIMIT - 1n - BigInt(key);
}

/**
 * Parses a strict ISO-8601 UTC instant (`YYYY-MM-DDTHH:MM:SS[.fraction]Z`, up to 9 fraction digits).
 *
 * @param field - argument name for the error message.
 * @param text - the instant.
 * @returns nanoseconds since the epoch.
 * @throws {@link LedgerError} `INVALID_ARGUMENT` if the text is not a valid instant at or after 1970.
 */
export function parseIsoInstant(field: string, text: unknown): bigint {
  const match = typeof text === 'string' ? ISO_INSTANT.exec(text) : null;
  const millis = match === null ? undefined : calendarMillis(match.slice(1, 7).map(Number));
  if (match === null || millis === undefined) {
    throw invalidArgument(field, text, 'an ISO-8601 UTC instant such as "2025-01-31T12:00:00.000Z"');
  }
  const fraction = (match[7] ?? '').padEnd(9, '0');
  return BigInt(millis) * NANOS_PER_MILLI + BigInt(fraction);
}

/** Milliseconds of a calendar date and time, or undefined when a field is out of range. */
function calendarMillis(parts: readonly number[]): number | undefined {
  const [year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0] = parts;
  const millis = Date.UTC(year, month - 1, day, hour, minute, second);
  const date = new Date(millis);
  const roundTrip = [
    date.getUTCFullYear(),
    date.getUTCMonth() + 1,
    date.getUTCDate(),
    date.getUTCHours(),
    date.getUTCMinutes(),
    date.getUTCSeconds(),
  ];
  return year >= 1970 && roundTrip.every((value, index) => value === parts[index]) ? millis : undefined;
}

/**
 * The endorsing peer's check of a transaction's timestamp against its own clock.
 *
 * The chaincode's only clock is the transaction timestamp, which the client chooses (proposal expiry,
 * vote times and journal times all come from it). A client could therefore backdate a vote past a
 * proposal's expiry, or date a proposal into the future so it never expires. Each endorsing peer refuses
 * to endorse a transaction whose timestamp is further than a configured skew from its own clock.
 *
 * Why this is not a determinism problem: the check only decides whether this peer endorses at all, like
 * an access check; it never changes what is written. Every peer that endorses computes the same write
 * set from the same transaction timestamp, and a peer whose clock disagrees returns an error instead of
 * a different result. Validation at commit does not run chaincode, so committed state never depends on
 * any peer's clock.
 */
import { ErrorCode, LedgerError } from './errors';
import { isoFromNanos } from './time';

/** Environment variable of the chaincode server holding the allowed skew, in whole seconds. */
export const MAX_CLOCK_SKEW_ENV = 'LEDGER_MAX_CLOCK_SKEW_SECONDS';
/** The allowed skew when the variable is unset or empty: five minutes. */
export const DEFAULT_MAX_CLOCK_SKEW_SECONDS = 300;
/** Largest skew the setting accepts: one day. */
export const MAX_CLOCK_SKEW_LIMIT_SECONDS = 86_400;

const NANOS_PER_SECOND = 1_000_000_000n;
const DECIMAL = /^\d{1,9}$/;

/**
 * Reads the allowed skew from the environment.
 *
 * @param env - the process environment (or a test double).
 * @returns the skew in seconds, {@link DEFAULT_MAX_CLOCK_SKEW_SECONDS} when unset or empty.
 * @throws {@link LedgerError} FAILED_PRECONDITION naming {@link MAX_CLOCK_SKEW_ENV} when the value is
 * not an integer from 1 to {@link MAX_CLOCK_SKEW_LIMIT_SECONDS}: the peer then endorses nothing that is
 * checked, rather than guess a limit.
 */
export function maxClockSkewSeconds(env: Readonly<Record<string, string | undefined>>): number {
  const raw = env[MAX_CLOCK_SKEW_ENV];
  if (raw === undefined || raw === '') {
    return DEFAULT_MAX_CLOCK_SKEW_SECONDS;
  }
  const value = DECIMAL.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isInteger(value) || value < 1 || value > MAX_CLOCK_SKEW_LIMIT_SECONDS) {
    throw new LedgerError(
      ErrorCode.FAILED_PRECONDITION,
      `chaincode setting ${MAX_CLOCK_SKEW_ENV} got ${JSON.stringify(raw)}, want an integer number of seconds from 1 to ${MAX_CLOCK_SKEW_LIMIT_SECONDS}`,
    );
  }
  return value;
}

/**
 * Refuses a transaction timestamp further than `maxSkewSeconds` from the endorser's clock, in either
 * direction. Exactly `maxSkewSeconds` away is allowed.
 *
 * @param action - `Contract:Function`, for the message.
 * @param txNanos - the transaction timestamp, nanoseconds since the epoch.
 * @param nowNanos - the endorsing peer's clock, nanoseconds since the epoch.
 * @param maxSkewSeconds - the allowed distance.
 * @throws {@link LedgerError} FAILED_PRECONDITION naming the timestamp, the endorser's time and the limit.
 */
export function checkClockSkew(
  action: string,
  txNanos: bigint,
  nowNanos: bigint,
  maxSkewSeconds: number,
): void {
  const skew = txNanos - nowNanos;
  const distance = skew < 0n ? -skew : skew;
  if (distance <= BigInt(maxSkewSeconds) * NANOS_PER_SECOND) {
    return;
  }
  const direction = skew < 0n ? 'behind' : 'ahead of';
  throw new LedgerError(
    ErrorCode.FAILED_PRECONDITION,
    `${action}: transaction timestamp ${isoFromNanos(txNanos)} is ${formatSeconds(distance)} s ${direction} this endorsing peer's clock ${isoFromNanos(nowNanos)}; the allowed skew is ${maxSkewSeconds} s (${MAX_CLOCK_SKEW_ENV}): not endorsed, send a new proposal with the current time`,
  );
}

/** Nanoseconds as seconds with three decimals, e.g. `300.001`. */
function formatSeconds(nanos: bigint): string {
  const millis = nanos / 1_000_000n;
  return `${millis / 1000n}.${(millis % 1000n).toString().padStart(3, '0')}`;
}

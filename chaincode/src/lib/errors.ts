/**
 * The closed list of chaincode error codes and the one error type every transaction function throws.
 *
 * A {@link LedgerError} message always reads `[CODE] human text`, so a client that only sees the peer's
 * text (for example `chaincode response 500, [NOT_FOUND] account "A-1" does not exist`) can still map it
 * with {@link parseLedgerErrorMessage}. Messages follow the Trillian habit: name the field, say what
 * came and what is allowed.
 */

/** Every code a {@link LedgerError} can carry. The gateway mirrors this list; never add a code casually. */
export const ErrorCode = {
  /** A malformed argument: wrong syntax, out of range, missing field. */
  INVALID_ARGUMENT: 'INVALID_ARGUMENT',
  /** The addressed record does not exist. */
  NOT_FOUND: 'NOT_FOUND',
  /** A record with this id exists already (and the request is not a replay of the one that made it). */
  ALREADY_EXISTS: 'ALREADY_EXISTS',
  /** The caller's org or `ledger.role` does not allow the operation. */
  PERMISSION_DENIED: 'PERMISSION_DENIED',
  /** The record is not in a state that allows the operation (frozen account, pending offer, ...). */
  FAILED_PRECONDITION: 'FAILED_PRECONDITION',
  /** The source account's balance is lower than the amount. */
  INSUFFICIENT_FUNDS: 'INSUFFICIENT_FUNDS',
  /** The exact same request was applied before; it is not applied again. */
  DUPLICATE_REQUEST: 'DUPLICATE_REQUEST',
  /** Two requests disagree about the content of the same record. */
  CONFLICT: 'CONFLICT',
} as const;

/** One of the {@link ErrorCode} values. */
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** All codes, in declaration order. */
export const ERROR_CODES: readonly ErrorCode[] = Object.freeze(Object.values(ErrorCode));

const CODE_PATTERN = /\[([A-Z_]+)\] ([\s\S]*)$/;

/** The error every transaction function throws for a rule violation; its message is `[CODE] text`. */
export class LedgerError extends Error {
  /** The machine-readable code, also the bracketed prefix of {@link Error.message}. */
  readonly code: ErrorCode;
  /** The message without the `[CODE] ` prefix. */
  readonly detail: string;

  /**
   * @param code - one of {@link ErrorCode}.
   * @param detail - human text: the field, what came, what is allowed.
   */
  constructor(code: ErrorCode, detail: string) {
    super(`[${code}] ${detail}`);
    this.name = 'LedgerError';
    this.code = code;
    this.detail = detail;
  }
}

/**
 * Finds the `[CODE] text` part of a message that may carry a prefix added by Fabric.
 *
 * @param message - e.g. `chaincode response 500, [NOT_FOUND] account "A-1" does not exist`.
 * @returns the code and the text after it, or `undefined` when there is no known code.
 */
export function parseLedgerErrorMessage(message: string): { code: ErrorCode; detail: string } | undefined {
  const match = CODE_PATTERN.exec(message);
  const code = match?.[1];
  const detail = match?.[2];
  if (code === undefined || detail === undefined || !isErrorCode(code)) {
    return undefined;
  }
  return { code, detail };
}

/**
 * Tells whether a string is one of the closed list of codes.
 *
 * @param value - any string.
 * @returns true for a member of {@link ErrorCode}.
 */
export function isErrorCode(value: string): value is ErrorCode {
  return (ERROR_CODES as readonly string[]).includes(value);
}

/**
 * Renders a value that came from a caller for an error message: JSON-quoted, cut at 64 characters.
 *
 * @param value - whatever the caller sent.
 * @returns a short printable rendering.
 */
export function show(value: unknown): string {
  let text: string;
  if (value === undefined) {
    text = 'nothing';
  } else if (typeof value === 'bigint') {
    text = `${value}n`;
  } else {
    const json = JSON.stringify(value) as string | undefined;
    text = json ?? typeof value;
  }
  return text.length > 64 ? `${text.slice(0, 61)}...` : text;
}

/**
 * Builds the `[INVALID_ARGUMENT] field: got X, want Y` error.
 *
 * @param field - argument or JSON path, e.g. `amount` or `events[2].eventId`.
 * @param got - the value that came.
 * @param want - what is allowed, in words.
 * @returns the error, for the caller to throw.
 */
export function invalidArgument(field: string, got: unknown, want: string): LedgerError {
  return new LedgerError(ErrorCode.INVALID_ARGUMENT, `${field}: got ${show(got)}, want ${want}`);
}

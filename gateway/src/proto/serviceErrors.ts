/**
 * The errors `ledger.ImmutableLedger` answers on purpose: a gRPC status code and a message safe to send
 * to the client. Shared by the server's handlers and the security layer (overload refusals);
 * `gateway/src/server/errors.ts` turns anything thrown into one of them or into INTERNAL.
 */
import { status } from '@grpc/grpc-js';

/** An error meant for the client: its message is safe to send. */
export class LedgerServiceError extends Error {
  readonly code: status;

  /**
   * @param code - the gRPC status code.
   * @param message - the message the client sees.
   */
  constructor(code: status, message: string) {
    super(message);
    this.name = 'LedgerServiceError';
    this.code = code;
  }
}

/** INVALID_ARGUMENT naming the field, what came and what is allowed (the Trillian habit). */
export function invalidArgument(field: string, got: string, want: string): LedgerServiceError {
  return new LedgerServiceError(status.INVALID_ARGUMENT, `${field}: got ${got}, want ${want}`);
}

/** NOT_FOUND with a message. */
export function notFound(message: string): LedgerServiceError {
  return new LedgerServiceError(status.NOT_FOUND, message);
}

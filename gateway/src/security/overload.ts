/** The RESOURCE_EXHAUSTED error of a call refused because a bound is reached. */
import { status } from '@grpc/grpc-js';
import { LedgerServiceError } from '../proto/serviceErrors';

/**
 * Builds the refusal.
 *
 * @param what - what is counted, e.g. `SubmitEvent calls in flight`.
 * @param limit - the bound that is reached.
 * @returns a RESOURCE_EXHAUSTED error telling the client to retry later.
 */
export function overloaded(what: string, limit: number): LedgerServiceError {
  return new LedgerServiceError(
    status.RESOURCE_EXHAUSTED,
    `gateway overloaded: ${limit} ${what} (the configured limit); retry later with backoff`,
  );
}

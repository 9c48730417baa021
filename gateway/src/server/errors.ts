/**
 * The one place that turns anything thrown inside the gateway into a gRPC status. Known failures
 * ({@link LedgerServiceError} of `gateway/src/proto/serviceErrors.ts`, Fabric gateway errors, chaincode
 * `[CODE]` messages) get their code and a clear message; everything else becomes INTERNAL with only a
 * correlation id, and is logged in full.
 */
import { randomUUID } from 'node:crypto';
import { status, type ServiceError, Metadata } from '@grpc/grpc-js';
import { GatewayError } from '@hyperledger/fabric-gateway';
import { parseLedgerErrorMessage } from '@fabric-ledger/chaincode/shared';
import type { Logger } from '../logger';
import { LedgerServiceError } from '../proto/serviceErrors';

/** Chaincode error codes (chaincode/src/lib/errors.ts) and the gRPC code a client sees for each. */
const CHAINCODE_CODES: Readonly<Record<string, status>> = {
  INVALID_ARGUMENT: status.INVALID_ARGUMENT,
  NOT_FOUND: status.NOT_FOUND,
  ALREADY_EXISTS: status.ALREADY_EXISTS,
  CONFLICT: status.ALREADY_EXISTS,
  FAILED_PRECONDITION: status.FAILED_PRECONDITION,
};

const UNAVAILABLE_CODE: number = status.UNAVAILABLE;
const DEADLINE_CODE: number = status.DEADLINE_EXCEEDED;

/** The text up to the first line break: a chaincode refusal's message, without what Fabric appends. */
function firstLine(text: string): string {
  return text.split('\n', 1)[0] ?? '';
}

/**
 * Codes the peer's Gateway service answers, without a chaincode refusal, while the network heals (a
 * restarted peer not yet seen by discovery: "no combination of peers", "failed to collect enough
 * transaction endorsements"): a retry may succeed, so clients get UNAVAILABLE.
 */
const TRANSIENT_FABRIC_CODES: ReadonlySet<number> = new Set([status.ABORTED, status.FAILED_PRECONDITION]);

/**
 * Maps a Fabric gateway error: UNAVAILABLE (peer or orderer unreachable) and chaincode refusals that a
 * client caused; undefined for anything that is the gateway's own fault.
 */
function fromGatewayError(err: GatewayError): LedgerServiceError | undefined {
  const code: number = err.code;
  if (code === UNAVAILABLE_CODE) {
    return new LedgerServiceError(
      status.UNAVAILABLE,
      'Fabric is unreachable: the gateway cannot reach its peer or the orderers; retry later',
    );
  }
  if (code === DEADLINE_CODE) {
    return new LedgerServiceError(
      status.UNAVAILABLE,
      'Fabric did not answer in time; retry later (look the event up by id first)',
    );
  }
  const texts = [err.message, ...err.details.map((d) => d.message)];
  for (const text of texts) {
    const refusal = parseLedgerErrorMessage(text);
    const code = refusal === undefined ? undefined : CHAINCODE_CODES[refusal.code];
    if (code !== undefined && refusal !== undefined)
      return new LedgerServiceError(code, firstLine(refusal.detail));
  }
  if (TRANSIENT_FABRIC_CODES.has(code)) {
    return new LedgerServiceError(
      status.UNAVAILABLE,
      `Fabric could not collect endorsements or order the transaction (${err.message}); retry later`,
    );
  }
  return undefined;
}

/**
 * Converts any thrown value into a gRPC ServiceError. Internal errors are logged with a correlation id
 * that is the only thing the client learns.
 *
 * @param err - what was thrown.
 * @param logger - where internal errors are logged.
 * @param context - fields logged with an internal error (method name, ids).
 * @returns the status to send.
 */
export function toServiceError(
  err: unknown,
  logger: Logger,
  context: Readonly<Record<string, unknown>> = {},
): Partial<ServiceError> {
  const known =
    err instanceof LedgerServiceError ? err : err instanceof GatewayError ? fromGatewayError(err) : undefined;
  if (known !== undefined) {
    if (known.code === status.UNAVAILABLE)
      logger.warn('fabric unavailable', { ...context, err: describe(err) });
    return { code: known.code, details: known.message, metadata: new Metadata() };
  }
  const correlationId = randomUUID();
  logger.error('internal error', { ...context, correlationId, err: describe(err) });
  return {
    code: status.INTERNAL,
    details: `internal error (correlation id ${correlationId})`,
    metadata: new Metadata(),
  };
}

function describe(err: unknown): Readonly<Record<string, unknown>> {
  if (err instanceof GatewayError) {
    return { name: err.name, code: err.code, message: err.message, details: err.details, stack: err.stack };
  }
  if (err instanceof Error) return { name: err.name, message: err.message, stack: err.stack };
  return { value: String(err) };
}

/**
 * Refuses, with INVALID_ARGUMENT naming the field, a request whose bytes would not decode without
 * loss (invalid UTF-8 in a string field, a wrong wire type, a truncated or overflowing value): the
 * gateway never acts on an altered request.
 *
 * grpc-js answers INTERNAL for a deserializer that throws, so the guarded deserializer never throws:
 * it returns a {@link RefusedRequest} instead, and {@link newRefusedRequestInterceptor} answers it
 * before any handler runs. Nothing is written for a refused request.
 */
import * as grpc from '@grpc/grpc-js';
import type { ServiceDefinition } from '@grpc/proto-loader';
import { invalidArgument, LedgerServiceError } from '../proto/serviceErrors';
import { checkWire, type WireProblem, type WireSchema } from './wireCheck';

/** What a guarded deserializer returns for bytes it refuses: the status to answer. */
export class RefusedRequest {
  readonly error: LedgerServiceError;

  /** @param error - INVALID_ARGUMENT naming the field. */
  constructor(error: LedgerServiceError) {
    this.error = error;
  }
}

/** Prefix of the message of a request that is not a protobuf message of the method's type. */
export const UNDECODABLE_PREFIX = 'the request could not be decoded';

const hex = (bytes: Uint8Array): string =>
  Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');

/**
 * The client's error for a wire problem.
 *
 * @param problem - from {@link checkWire}.
 * @param typeName - the request's message type.
 * @returns INVALID_ARGUMENT; its message starts with the field's proto name, or with
 *   {@link UNDECODABLE_PREFIX} and then names the field when it is known.
 */
export function refusalOf(problem: WireProblem, typeName: string): LedgerServiceError {
  switch (problem.kind) {
    case 'utf8':
      return invalidArgument(
        problem.field,
        `bytes that are not valid UTF-8 (${hex(problem.bytes)} at byte ${problem.offset} of the value)`,
        'valid UTF-8 (proto3 strings are UTF-8)',
      );
    case 'range':
      return invalidArgument(problem.field, problem.value.toString(), problem.want);
    case 'malformed': {
      const where = problem.field === undefined ? '' : `${problem.field}: `;
      return new LedgerServiceError(
        grpc.status.INVALID_ARGUMENT,
        `${UNDECODABLE_PREFIX} as a ${typeName}: ${where}${problem.reason}`,
      );
    }
  }
}

function messageName(type: object): string {
  const name: unknown = (type as { readonly name?: unknown }).name;
  if (typeof name !== 'string' || name === '') throw new Error('request type without a name');
  return name;
}

/**
 * A copy of a service definition whose request deserializers check the bytes first (every string
 * field of every request message, nested and map fields included).
 *
 * @param serviceName - fully qualified service name (`ledger.ImmutableLedger`); its package names the
 *   request types.
 * @param service - the service definition from proto-loader.
 * @param schema - wire schema of the package (see `wireSchemaOf`).
 * @returns the guarded definition, for `server.addService`.
 * @throws Error when the schema lacks a request type (at start-up, never per call).
 */
export function guardedService(
  serviceName: string,
  service: ServiceDefinition,
  schema: WireSchema,
): ServiceDefinition {
  const pkg = serviceName.slice(0, serviceName.lastIndexOf('.'));
  const guarded: ServiceDefinition = {};
  for (const [name, method] of Object.entries(service)) {
    const typeName = `${pkg}.${messageName(method.requestType.type)}`;
    if (!schema.has(typeName)) throw new Error(`no wire schema for ${typeName} (${name})`);
    const decode = method.requestDeserialize;
    guarded[name] = {
      ...method,
      requestDeserialize: (bytes: Buffer): object => {
        const problem = checkWire(schema, typeName, bytes);
        if (problem !== undefined) return new RefusedRequest(refusalOf(problem, typeName));
        try {
          return decode(bytes);
        } catch (err) {
          const reason = err instanceof Error ? err.message : String(err);
          return new RefusedRequest(refusalOf({ kind: 'malformed', field: undefined, reason }, typeName));
        }
      },
    };
  }
  return guarded;
}

/**
 * A server interceptor that answers a {@link RefusedRequest} with its status; the handler never runs.
 * Install it after the authentication interceptors, so an unauthenticated caller learns nothing more.
 *
 * @param onRefused - called for each refusal (metrics, log) with the method path and the error.
 * @returns the interceptor.
 */
export function newRefusedRequestInterceptor(
  onRefused?: (path: string, error: LedgerServiceError) => void,
): grpc.ServerInterceptor {
  return (method, call) => {
    let refused = false;
    const listener = new grpc.ServerListenerBuilder()
      .withOnReceiveMessage((message: unknown, next) => {
        if (refused) return;
        if (message instanceof RefusedRequest) {
          refused = true;
          onRefused?.(method.path, message.error);
          call.sendStatus({
            code: message.error.code,
            details: message.error.message,
            metadata: new grpc.Metadata(),
          });
          return;
        }
        next(message);
      })
      .withOnReceiveHalfClose((next) => {
        if (!refused) next();
      })
      .build();
    const responder = new grpc.ResponderBuilder()
      .withStart((next) => {
        next(listener);
      })
      .build();
    return new grpc.ServerInterceptingCall(call, responder);
  };
}

/**
 * The one adapter between a gRPC call and the code that answers it, and the one error path of the
 * service: a handler returns its answer (or, streaming, writes it) and throws or rejects on failure;
 * the adapter ends the call. Anything thrown becomes one status through `toServiceError` (logged when
 * internal), is counted by method and code, and ends the call exactly once. A handler that answers
 * synchronously is answered synchronously.
 */
import type * as grpc from '@grpc/grpc-js';
import { status } from '@grpc/grpc-js';
import type { Logger } from '../logger';
import type { GatewayMetrics } from '../metrics/gatewayMetrics';
import { toServiceError } from './errors';

/** Where failures are logged and counted. */
export interface CallErrorPath {
  readonly logger: Logger;
  readonly metrics?: Pick<GatewayMetrics, 'callFailed'> | undefined;
}

/** Answers one unary call: the response, or a promise of it; throws or rejects on failure. */
export type UnaryAnswer<Request, Response> = (
  call: grpc.ServerUnaryCall<Request, Response>,
) => Response | PromiseLike<Response>;

/**
 * Serves one server-streaming call: writes its items and ends it (or returns a promise that settles
 * when the stream is over); throws or rejects to end it with a status instead.
 */
export type StreamingServe<Request, Response> = (
  call: grpc.ServerWritableStream<Request, Response>,
) => void | PromiseLike<void>;

/** Options of {@link unaryCall}. */
export interface UnaryCallOptions {
  /** Called with the status code of each failed call, after it is counted and before it is answered. */
  readonly onFailure?: (code: status) => void;
}

/**
 * The status a failure of `method` ends its call with: mapped by `toServiceError`, counted.
 *
 * @param path - logger and metrics.
 * @param method - the RPC, for the log and the metrics.
 * @param err - what was thrown.
 * @returns the status to send.
 */
export function callFailure(path: CallErrorPath, method: string, err: unknown): Partial<grpc.ServiceError> {
  const error = toServiceError(err, path.logger, { method });
  path.metrics?.callFailed(method, error.code ?? status.UNKNOWN);
  return error;
}

function isPromiseLike<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return typeof (value as { then?: unknown } | null | undefined)?.then === 'function';
}

/**
 * A unary handler (`grpc.handleUnaryCall`) from a function that returns the answer.
 *
 * @param path - logger and metrics of the error path.
 * @param method - the RPC name.
 * @param answer - computes the response; throws or rejects on failure.
 * @param options - a hook for failures.
 * @returns the handler for `server.addService`.
 */
export function unaryCall<Request, Response>(
  path: CallErrorPath,
  method: string,
  answer: UnaryAnswer<Request, Response>,
  options: Readonly<UnaryCallOptions> = {},
): grpc.handleUnaryCall<Request, Response> {
  return (call, callback) => {
    const fail = (err: unknown): void => {
      const error = callFailure(path, method, err);
      options.onFailure?.(error.code ?? status.UNKNOWN);
      callback(error);
    };
    let result: Response | PromiseLike<Response>;
    try {
      result = answer(call);
    } catch (err) {
      fail(err);
      return;
    }
    if (!isPromiseLike(result)) {
      callback(null, result);
      return;
    }
    result.then(
      (response) => {
        callback(null, response);
      },
      (err: unknown) => {
        fail(err);
      },
    );
  };
}

/**
 * A server-streaming handler (`grpc.handleServerStreamingCall`) from a function that serves the stream.
 *
 * @param path - logger and metrics of the error path.
 * @param method - the RPC name.
 * @param serve - writes and ends the stream; throws or rejects to end it with a status.
 * @returns the handler for `server.addService`.
 */
export function serverStreamingCall<Request, Response>(
  path: CallErrorPath,
  method: string,
  serve: StreamingServe<Request, Response>,
): grpc.handleServerStreamingCall<Request, Response> {
  return (call) => {
    const fail = (err: unknown): void => {
      call.emit('error', callFailure(path, method, err));
    };
    let result: void | PromiseLike<void>;
    try {
      result = serve(call);
    } catch (err) {
      fail(err);
      return;
    }
    if (isPromiseLike(result)) result.then(undefined, fail);
  };
}

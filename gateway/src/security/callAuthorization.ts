/**
 * Mutual TLS and authorization at the edge of the gRPC server, for every service it serves:
 * server credentials that ask for a client certificate without failing the handshake (so a client
 * without one, or with one from an unknown CA, gets a clear UNAUTHENTICATED status instead of an
 * opaque UNAVAILABLE), and a server interceptor that identifies the caller and applies the
 * authorization table (PERMISSION_DENIED).
 */
import * as grpc from '@grpc/grpc-js';
import type { Logger } from '../logger';
import { authorize, operationOf, type AuthorizationTable } from './authorizationTable';
import type { ClientIdentifier, ClientIdentity } from './clientIdentity';

/** Options of {@link mutualTlsCredentials}. */
export interface MutualTlsOptions {
  readonly certificatePem: Buffer;
  readonly privateKeyPem: Buffer;
  /** The PEM certificates of every trusted org CA (concatenated). */
  readonly clientCaPem: Buffer;
}

/**
 * A certificate provider with fixed contents, serving both the server identity and the client CAs.
 * It answers a new listener on the next microtask: grpc-js registers its own watcher only after
 * adding the listener, so a synchronous answer would be lost and every connection dropped.
 */
function staticProvider(options: Readonly<MutualTlsOptions>): grpc.experimental.CertificateProvider {
  return {
    addCaCertificateListener: (listener) => {
      queueMicrotask(() => {
        listener({ caCertificate: options.clientCaPem });
      });
    },
    removeCaCertificateListener: () => undefined,
    addIdentityCertificateListener: (listener) => {
      queueMicrotask(() => {
        listener({ certificate: options.certificatePem, privateKey: options.privateKeyPem });
      });
    },
    removeIdentityCertificateListener: () => undefined,
  };
}

/**
 * TLS server credentials that request a client certificate but let the handshake finish without a
 * valid one; {@link newAuthorizationInterceptor} then refuses such calls with UNAUTHENTICATED.
 *
 * @param options - server certificate, key and the trusted client CAs.
 * @returns the credentials.
 */
export function mutualTlsCredentials(options: Readonly<MutualTlsOptions>): grpc.ServerCredentials {
  const provider = staticProvider(options);
  return grpc.experimental.createCertificateProviderServerCredentials(provider, provider, false);
}

/** Options of {@link newAuthorizationInterceptor}. */
export interface AuthorizationInterceptorOptions {
  readonly identifier: ClientIdentifier;
  readonly table: AuthorizationTable;
  readonly logger: Logger;
  /** Called for every refusal (metrics). */
  readonly onRefused?: (method: string, code: grpc.status) => void;
}

function callerOf(
  call: grpc.ServerInterceptingCallInterface,
  identifier: ClientIdentifier,
): ClientIdentity | undefined {
  const raw = call.getAuthContext().sslPeerCertificate?.raw;
  return raw === undefined ? undefined : identifier.identify(raw);
}

/**
 * A server interceptor: UNAUTHENTICATED without a client certificate from a configured CA,
 * PERMISSION_DENIED when the table does not allow the call's operation to the caller.
 *
 * @param options - identifier, table, logger.
 * @returns the interceptor for `new grpc.Server({interceptors: [...]})`.
 */
export function newAuthorizationInterceptor(
  options: Readonly<AuthorizationInterceptorOptions>,
): grpc.ServerInterceptor {
  const { identifier, table, logger } = options;
  const refuse = (
    call: grpc.ServerInterceptingCallInterface,
    path: string,
    code: grpc.status,
    details: string,
  ): void => {
    options.onRefused?.(path, code);
    logger.info('call refused', { method: path, code: grpc.status[code], reason: details });
    call.sendStatus({ code, details, metadata: new grpc.Metadata() });
  };
  return (method, call) => {
    const path = method.path;
    let caller: ClientIdentity | undefined;
    let decided = false;
    let refused = false;
    const listener = new grpc.ServerListenerBuilder()
      .withOnReceiveMetadata((metadata, next) => {
        caller = callerOf(call, identifier);
        if (caller === undefined) {
          refused = true;
          refuse(
            call,
            path,
            grpc.status.UNAUTHENTICATED,
            `a client certificate issued by one of the configured org CAs (${identifier.mspIds.join(', ')}) is required`,
          );
          return;
        }
        next(metadata);
      })
      .withOnReceiveMessage((message: unknown, next) => {
        if (decided || caller === undefined) {
          if (caller !== undefined) next(message);
          return;
        }
        const decision = authorize(
          table,
          { msp: caller.mspId, role: caller.role },
          operationOf(path, message),
        );
        if (!decision.allowed) {
          refused = true;
          refuse(call, path, grpc.status.PERMISSION_DENIED, decision.reason);
          return;
        }
        decided = true;
        next(message);
      })
      .withOnReceiveHalfClose((next) => {
        // A refused call has its status already; the handler must not run without its message.
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

/**
 * Authentication and authorization at the edge of the gRPC server, for every service it serves: a
 * server interceptor that verifies the caller's certificate (clientCertificate.ts) and applies the
 * authorization table (PERMISSION_DENIED). It relies on credentials that let the handshake finish
 * without a valid client certificate (mutualTlsCredentials.ts), so it can answer UNAUTHENTICATED
 * naming why. A refused call reaches no handler: nothing is written.
 */
import { TLSSocket } from 'node:tls';
import * as grpc from '@grpc/grpc-js';
import type { Logger } from '../logger';
import { allowedOperations, authorize, operationOf, type AuthorizationTable } from './authorizationTable';
import type { ChannelRefusal } from './callChannel';
import type { ClientCertificateVerifier, ClientVerdict } from './clientCertificate';
import { markExportOnly } from './exportOnly';

/** A refused call, for metrics and logs. */
export interface Refusal {
  /** The gRPC method path. */
  readonly method: string;
  readonly code: grpc.status;
  /**
   * `no_certificate`, `untrusted_ca`, `expired`, `not_yet_valid`, `revoked`, `unreadable`,
   * `permission_denied`, or for the call's channel `channel_not_member`, `channel_not_served`,
   * `channel_invalid`.
   */
  readonly reason: string;
}

/**
 * The client certificate of a call's connection (DER), undefined when the client sent none.
 * grpc-js reports it in `getAuthContext()` only when OpenSSL verified its chain against the CAs of the
 * credentials, so a certificate of an unknown CA, an expired or a revoked one would look like none;
 * the gateway verifies certificates itself (to say why it refuses), so it reads the certificate from
 * the TLS socket under the call (grpc-js 1.14: the first interceptor's call holds the HTTP/2 stream).
 *
 * @param call - the call as the first server interceptor sees it.
 * @returns the DER certificate, or undefined.
 */
export function clientCertificateOf(call: grpc.ServerInterceptingCallInterface): Uint8Array | undefined {
  const verified = call.getAuthContext().sslPeerCertificate?.raw;
  if (verified !== undefined) return new Uint8Array(verified);
  const socket = (call as unknown as { stream?: { session?: { socket?: unknown } } }).stream?.session?.socket;
  if (!(socket instanceof TLSSocket)) return undefined;
  const peer: Partial<ReturnType<TLSSocket['getPeerCertificate']>> = socket.getPeerCertificate();
  return peer.raw === undefined || peer.raw.length === 0 ? undefined : new Uint8Array(peer.raw);
}

/** Options of {@link newAuthorizationInterceptor}. */
export interface AuthorizationInterceptorOptions {
  readonly verifier: ClientCertificateVerifier;
  /** The table in force (it may follow the channel's members). */
  readonly table: () => AuthorizationTable;
  readonly logger: Logger;
  /** Called for every refusal (metrics). */
  readonly onRefused?: (refusal: Refusal) => void;
  /** The current time (tests). */
  readonly now?: () => Date;
  /**
   * Whether the authenticated caller may use the channel its metadata chooses (see `callChannel.ts`);
   * undefined: every call is about the one channel of the gateway.
   */
  readonly channelCheck?: (metadata: grpc.Metadata, mspId: string) => ChannelRefusal | undefined;
}

/** The refusal reason of a channel refusal's code. */
function channelReason(code: grpc.status): string {
  if (code === grpc.status.PERMISSION_DENIED) return 'channel_not_member';
  return code === grpc.status.NOT_FOUND ? 'channel_not_served' : 'channel_invalid';
}

/**
 * A server interceptor: UNAUTHENTICATED without a valid client certificate of a trusted org (no
 * certificate, unknown CA, expired, not yet valid, revoked), PERMISSION_DENIED when the table does not
 * allow the call's operation to the caller. It must be the first interceptor of the server (see
 * {@link clientCertificateOf}).
 *
 * @param options - verifier, table, logger.
 * @returns the interceptor for `new grpc.Server({interceptors: [...]})`.
 */
export function newAuthorizationInterceptor(
  options: Readonly<AuthorizationInterceptorOptions>,
): grpc.ServerInterceptor {
  const { verifier, logger } = options;
  const now = options.now ?? ((): Date => new Date());
  const refuse = (
    call: grpc.ServerInterceptingCallInterface,
    refusal: Refusal,
    details: string,
    who: Readonly<{ subject: string; mspId: string }>,
  ): void => {
    options.onRefused?.(refusal);
    logger.info('call refused', {
      method: refusal.method,
      code: grpc.status[refusal.code],
      reason: refusal.reason,
      subject: who.subject,
      msp: who.mspId,
      details,
    });
    call.sendStatus({ code: refusal.code, details, metadata: new grpc.Metadata() });
  };
  return (method, call) => {
    const path = method.path;
    let caller: (ClientVerdict & { ok: true }) | undefined;
    let decided = false;
    let refused = false;
    const listener = new grpc.ServerListenerBuilder()
      .withOnReceiveMetadata((metadata, next) => {
        const verdict = verifier.verify(clientCertificateOf(call), now());
        if (!verdict.ok) {
          refused = true;
          refuse(
            call,
            { method: path, code: grpc.status.UNAUTHENTICATED, reason: verdict.failure },
            verdict.message,
            verdict,
          );
          return;
        }
        const channelRefused = options.channelCheck?.(metadata, verdict.mspId);
        if (channelRefused !== undefined) {
          refused = true;
          refuse(
            call,
            { method: path, code: channelRefused.code, reason: channelReason(channelRefused.code) },
            channelRefused.details,
            verdict,
          );
          return;
        }
        caller = verdict;
        next(metadata);
      })
      .withOnReceiveMessage((message: unknown, next) => {
        if (decided || caller === undefined) {
          if (caller !== undefined) next(message);
          return;
        }
        const table = options.table();
        const operation = operationOf(path, message);
        const decision = authorize(table, { msp: caller.mspId, role: caller.role }, operation);
        if (!decision.allowed) {
          refused = true;
          refuse(
            call,
            { method: path, code: grpc.status.PERMISSION_DENIED, reason: 'permission_denied' },
            decision.reason,
            caller,
          );
          return;
        }
        decided = true;
        const exportOnly =
          operation === 'export' && !allowedOperations(table, caller.mspId, caller.role).has('stream');
        next(exportOnly ? markExportOnly(message) : message);
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

/**
 * Mutual TLS server credentials for the gRPC server: they ask for a client certificate without
 * failing the handshake, so a client without one, or with one from an unknown CA, an expired or a
 * revoked one, gets a clear UNAUTHENTICATED status naming why (from authorizationInterceptor.ts)
 * instead of an opaque UNAVAILABLE. The list of client CAs can change (a channel configuration update).
 */
import * as grpc from '@grpc/grpc-js';

/** Options of {@link newMutualTlsCredentials}. */
export interface MutualTlsOptions {
  readonly certificatePem: Buffer;
  readonly privateKeyPem: Buffer;
  /** The PEM certificates of every trusted org CA (concatenated), named in the TLS certificate request. */
  readonly clientCaPem: Buffer;
}

/** Server credentials whose list of client CAs can change (a channel configuration update). */
export interface MutualTlsCredentials {
  readonly credentials: grpc.ServerCredentials;
  /** Replaces the CA certificates new connections name in their certificate request. */
  setClientCas(clientCaPem: Buffer): void;
}

/**
 * TLS server credentials that request a client certificate but let the handshake finish without a
 * valid one; the authorization interceptor (authorizationInterceptor.ts) then refuses such calls with
 * UNAUTHENTICATED.
 * The provider answers a new listener on the next microtask: grpc-js registers its own watcher only
 * after adding the listener, so a synchronous answer would be lost and every connection dropped.
 *
 * @param options - server certificate, key and the trusted client CAs.
 * @returns the credentials and a way to change the client CAs.
 */
export function newMutualTlsCredentials(options: Readonly<MutualTlsOptions>): MutualTlsCredentials {
  let clientCaPem = options.clientCaPem;
  const caListeners = new Set<grpc.experimental.CaCertificateUpdateListener>();
  const provider: grpc.experimental.CertificateProvider = {
    addCaCertificateListener: (listener) => {
      caListeners.add(listener);
      queueMicrotask(() => {
        listener({ caCertificate: clientCaPem });
      });
    },
    removeCaCertificateListener: (listener) => {
      caListeners.delete(listener);
    },
    addIdentityCertificateListener: (listener) => {
      queueMicrotask(() => {
        listener({ certificate: options.certificatePem, privateKey: options.privateKeyPem });
      });
    },
    removeIdentityCertificateListener: () => undefined,
  };
  return {
    credentials: grpc.experimental.createCertificateProviderServerCredentials(provider, provider, false),
    setClientCas(pem) {
      clientCaPem = pem;
      caListeners.forEach((listener) => {
        listener({ caCertificate: pem });
      });
    },
  };
}

/**
 * TLS server credentials with fixed client CAs (see {@link newMutualTlsCredentials}).
 *
 * @param options - server certificate, key and the trusted client CAs.
 * @returns the credentials.
 */
export function mutualTlsCredentials(options: Readonly<MutualTlsOptions>): grpc.ServerCredentials {
  return newMutualTlsCredentials(options).credentials;
}

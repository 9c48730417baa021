/**
 * Chooses the client authentication of a gateway from its configuration: none in plaintext (dev) mode
 * or server-only TLS; with trusted client CAs, mutual TLS plus the authorization table.
 */
import * as fs from 'node:fs';
import type * as grpc from '@grpc/grpc-js';
import type { GatewayConfig } from '../config';
import type { Logger } from '../logger';
import type { GatewayMetrics } from '../server/gatewayMetrics';
import {
  DEFAULT_AUTHORIZATION_TABLE,
  parseAuthorizationTable,
  type AuthorizationTable,
} from './authorizationTable';
import { newAuthorizationInterceptor } from './callAuthorization';
import { newClientIdentifier } from './clientIdentity';

/** What {@link callSecurity} decided. */
export interface CallSecurity {
  /** Server interceptors to install (empty: every caller may do everything). */
  readonly interceptors: grpc.ServerInterceptor[];
  /** For the start-up log line. */
  readonly describe: string;
}

/**
 * Loads the authorization table: the file when configured, else the default.
 *
 * @param file - JSON file with an array of {msp, role, allow}, or undefined.
 * @returns the table.
 * @throws Error when the file does not parse or breaks a rule.
 */
export function loadAuthorizationTable(file: string | undefined): AuthorizationTable {
  if (file === undefined) return DEFAULT_AUTHORIZATION_TABLE;
  return parseAuthorizationTable(JSON.parse(fs.readFileSync(file, 'utf8')) as unknown, file);
}

/**
 * Builds the interceptors for a configuration.
 *
 * @param config - the gateway configuration.
 * @param logger - where refusals are logged.
 * @param metrics - where refusals are counted.
 * @returns interceptors and a description.
 */
export function callSecurity(
  config: Pick<GatewayConfig, 'insecure' | 'clientCas' | 'authorizationFile'>,
  logger: Logger,
  metrics?: GatewayMetrics,
): CallSecurity {
  if (config.insecure || config.clientCas.length === 0) {
    return {
      interceptors: [],
      describe: config.insecure ? 'none (plaintext, allow all)' : 'none (server TLS only, allow all)',
    };
  }
  const identifier = newClientIdentifier(
    config.clientCas.map((ca) => ({ mspId: ca.mspId, certificatePem: fs.readFileSync(ca.file, 'utf8') })),
  );
  const table = loadAuthorizationTable(config.authorizationFile);
  const interceptor = newAuthorizationInterceptor({
    identifier,
    table,
    logger,
    onRefused: (path, code) => {
      metrics?.callFailed(path.slice(path.lastIndexOf('/') + 1), code);
    },
  });
  return {
    interceptors: [interceptor],
    describe: `mutual TLS (${identifier.mspIds.join(', ')}), authorization ${config.authorizationFile ?? 'default table'}`,
  };
}

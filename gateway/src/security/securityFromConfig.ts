/**
 * Chooses the client authentication of a gateway from its configuration: none in plaintext
 * (development) mode; otherwise mutual TLS, every caller's certificate checked against the trusted
 * members (the channel configuration, or explicit client CA files), and the authorization table.
 */
import * as fs from 'node:fs';
import type * as grpc from '@grpc/grpc-js';
import type { ClientCaFile, GatewayConfig } from '../config';
import type { Logger } from '../logger';
import {
  DEFAULT_AUTHORIZATION_TABLE,
  memberAuthorizationTable,
  parseAuthorizationTable,
  type AuthorizationTable,
} from './authorizationTable';
import {
  newAuthorizationInterceptor,
  type AuthorizationInterceptorOptions,
} from './authorizationInterceptor';
import type { ChannelMember, ChannelTrust } from './channelTrust';
import { newClientCertificateVerifier } from './clientCertificate';
import { orgLayout } from '../fabric/networkLayout';

/**
 * Where refused calls are counted: the part of the gateway's metrics this module uses, declared here so
 * that security does not depend on the server (the server's `GatewayMetrics` has these methods).
 */
export interface RefusalMetrics {
  /** A call was refused by authentication or authorization, for `reason` (see `Refusal.reason`). */
  callRefused(reason: string): void;
  /** A call of `method` failed with `code`. */
  callFailed(method: string, code: grpc.status): void;
}

/** What {@link securityFromConfig} decided. */
export interface CallSecurity {
  /** Server interceptors to install (empty: every caller may do everything). */
  readonly interceptors: grpc.ServerInterceptor[];
  /** For the start-up log line. */
  readonly describe: string;
}

/**
 * Loads the authorization table file.
 *
 * @param file - JSON file with an array of {msp, role, allow}, or undefined.
 * @returns the table; the default (any member MSP) when no file is given.
 * @throws Error when the file does not parse or breaks a rule.
 */
export function loadAuthorizationTable(file: string | undefined): AuthorizationTable {
  if (file === undefined) return DEFAULT_AUTHORIZATION_TABLE;
  return parseAuthorizationTable(JSON.parse(fs.readFileSync(file, 'utf8')) as unknown, file);
}

/**
 * The trust of explicit client CA files (no channel: no CRLs, no config block).
 *
 * @param clientCas - MSP id and PEM file of each trusted CA (several files may name one MSP).
 * @returns the trust, members in the order first named.
 * @throws Error when a file cannot be read.
 */
export function trustOfCaFiles(clientCas: readonly ClientCaFile[]): ChannelTrust {
  const members = new Map<string, ChannelMember & { rootCerts: string[] }>();
  for (const ca of clientCas) {
    const pem = fs.readFileSync(ca.file, 'utf8');
    const member = members.get(ca.mspId);
    if (member === undefined) {
      members.set(ca.mspId, { mspId: ca.mspId, rootCerts: [pem], intermediateCerts: [], crls: [] });
    } else {
      member.rootCerts.push(pem);
    }
  }
  return { configBlock: undefined, members: [...members.values()] };
}

/**
 * The table in force: the file's, else the default rows naming each current member explicitly
 * (recomputed when the trust changes).
 */
function tableOf(
  file: string | undefined,
  ownMspId: string,
  trust: () => ChannelTrust,
): () => AuthorizationTable {
  if (file !== undefined) {
    const table = loadAuthorizationTable(file);
    return () => table;
  }
  let cachedFor: ChannelTrust | undefined;
  let table: AuthorizationTable = [];
  return () => {
    const current = trust();
    if (current !== cachedFor) {
      cachedFor = current;
      table = memberAuthorizationTable(
        current.members.map((m) => m.mspId),
        ownMspId,
      );
    }
    return table;
  };
}

/**
 * Builds the interceptors for a configuration.
 *
 * @param config - plaintext mode and the authorization file.
 * @param trust - reads the trust in force (unused in plaintext mode).
 * @param logger - where refusals are logged.
 * @param metrics - where refusals are counted.
 * @param channelCheck - whether a caller may use the channel its call chooses (several channels).
 * @returns interceptors and a description.
 */
export function securityFromConfig(
  config: Pick<GatewayConfig, 'insecure' | 'authorizationFile' | 'org' | 'layout'>,
  trust: () => ChannelTrust,
  logger: Logger,
  metrics?: RefusalMetrics,
  channelCheck?: AuthorizationInterceptorOptions['channelCheck'],
): CallSecurity {
  if (config.insecure) {
    return { interceptors: [], describe: 'none (plaintext development mode: unauthenticated, allow all)' };
  }
  const interceptor = newAuthorizationInterceptor({
    verifier: newClientCertificateVerifier(trust),
    table: tableOf(config.authorizationFile, orgLayout(config.layout, config.org).mspId, trust),
    logger,
    ...(channelCheck === undefined ? {} : { channelCheck }),
    onRefused: (refusal) => {
      metrics?.callRefused(refusal.reason);
      metrics?.callFailed(refusal.method.slice(refusal.method.lastIndexOf('/') + 1), refusal.code);
    },
  });
  const source = trust().configBlock === undefined ? 'client CA files' : 'channel configuration';
  return {
    interceptors: [interceptor],
    describe: `mutual TLS (members from the ${source}), authorization ${config.authorizationFile ?? 'default table per member'}`,
  };
}

/**
 * The connection flags every `ledger` command that calls a gateway takes (`--org`, `--user`, …), mapped
 * onto the client library's identity options (their definitions and help: connectionOptions.ts).
 */
import {
  MemberConnectionError,
  newMemberLedgerClient,
  type MemberConnectionOptions,
} from '../client/memberConnection';
import type { LedgerClient } from '../client/ledgerClient';
import { CHANNEL_NAME_PATTERN } from '../core';
import type { MemberConnection } from '../client/memberConnection';

/**
 * The identity options given by flags.
 *
 * @param flag - a flag's value, undefined when not given.
 * @param has - whether a flag was given.
 * @returns the options (absent ones left to the environment and the defaults).
 */
export function connectionFlags(
  flag: (name: string) => string | undefined,
  has: (name: string) => boolean,
): MemberConnectionOptions {
  const options: { -readonly [K in keyof MemberConnectionOptions]: MemberConnectionOptions[K] } = {};
  const set = (key: 'org' | 'user' | 'address' | 'caFile' | 'certFile' | 'keyFile', value?: string): void => {
    if (value !== undefined) options[key] = value;
  };
  set('org', flag('org'));
  set('user', flag('user'));
  set('address', flag('address'));
  set('caFile', flag('ca') ?? flag('tls-ca'));
  set('certFile', flag('cert'));
  set('keyFile', flag('key'));
  if (has('dev') || has('insecure')) options.plaintext = true;
  return options;
}

/**
 * The channel the flags choose: `--channel`, else `LEDGER_CHANNEL`; undefined: the gateway's main one.
 *
 * @param flag - a flag's value, undefined when not given.
 * @param env - the environment.
 * @returns the channel name, or undefined.
 * @throws MemberConnectionError when it is not a Fabric channel name.
 */
export function channelFlag(
  flag: (name: string) => string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  const given = flag('channel');
  const value = given ?? (env.LEDGER_CHANNEL === '' ? undefined : env.LEDGER_CHANNEL);
  if (value === undefined) return undefined;
  if (!CHANNEL_NAME_PATTERN.test(value)) {
    throw new MemberConnectionError(
      `${given === undefined ? 'LEDGER_CHANNEL' : '--channel'}: got ${JSON.stringify(value)}, want a Fabric channel name (lowercase letter first, then a-z 0-9 . -)`,
    );
  }
  return value;
}

/**
 * Connects as the flags say.
 *
 * @throws MemberConnectionError naming the flag that does not resolve.
 */
export function connectFromFlags(
  flag: (name: string) => string | undefined,
  has: (name: string) => boolean,
): LedgerClient {
  const channel = channelFlag(flag);
  return newMemberLedgerClient(connectionFlags(flag, has), channel === undefined ? {} : { channel });
}

export { MemberConnectionError };

/**
 * The variables of a connection, in the order `ledger env` prints them.
 *
 * @param connection - the resolved connection.
 * @param grpcurl - the grpcurl path.
 * @returns name → value; absent files are left out.
 */
export function connectionVariables(connection: MemberConnection, grpcurl: string): [string, string][] {
  const rows: [string, string | undefined][] = [
    ['LEDGER_ORG', connection.org],
    ['LEDGER_USER', connection.user],
    ['LEDGER_GATEWAY_ADDRESS', connection.address],
    ['LEDGER_GATEWAY_PLAINTEXT', connection.plaintext ? '1' : undefined],
    ['LEDGER_GATEWAY_TLS_CA', connection.caFile],
    ['LEDGER_CLIENT_CERT', connection.certFile],
    ['LEDGER_CLIENT_KEY', connection.keyFile],
    ['GRPCURL', grpcurl],
  ];
  return rows.filter((row): row is [string, string] => row[1] !== undefined);
}

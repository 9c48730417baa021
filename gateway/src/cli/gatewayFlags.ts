/**
 * The connection flags every `ledger` command that calls a gateway takes (`--org`, `--user`, …), mapped
 * onto the client library's identity options, and their help text.
 */
import {
  MemberConnectionError,
  newMemberLedgerClient,
  type MemberConnectionOptions,
} from '../client/memberConnection';
import type { LedgerClient } from '../client/ledgerClient';
import type { MemberConnection } from '../client/memberConnection';

/** Help text of the connection flags, for the commands' usage. */
export const GATEWAY_CONNECTION_HELP = `Connection (as a member org's user; flags win over the environment):
  --org ORG             the member org whose gateway to call (env LEDGER_ORG, default org1); its address
                        and CA come from the network's run folder
  --user NAME           the org's user to call as (env LEDGER_USER), e.g. teller1, auditor1, admin1:
                        its certificate and key from the run folder (gateways require one)
  --address HOST:PORT   another gateway address (env LEDGER_GATEWAY_ADDRESS)
  --ca FILE             CA of the gateway's TLS certificate (env LEDGER_GATEWAY_TLS_CA; also --tls-ca)
  --cert FILE --key FILE  a client certificate and key kept elsewhere (env LEDGER_CLIENT_CERT, LEDGER_CLIENT_KEY)
  --dev                 plaintext, for a gateway started in development mode (also --insecure; env
                        LEDGER_GATEWAY_PLAINTEXT=1); chosen by itself when the org's gateway runs plaintext
  'ledger env --org ORG --user NAME' prints all of these for other gRPC clients (grpcurl).
`;

/** Flags that take no value. */
export const CONNECTION_SWITCHES: readonly string[] = ['dev', 'insecure'];

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
 * Connects as the flags say.
 *
 * @throws MemberConnectionError naming the flag that does not resolve.
 */
export function connectFromFlags(
  flag: (name: string) => string | undefined,
  has: (name: string) => boolean,
): LedgerClient {
  return newMemberLedgerClient(connectionFlags(flag, has));
}

export { MemberConnectionError };

const UNAUTHENTICATED = 16;

/**
 * An error's message for the terminal; a gateway's UNAUTHENTICATED refusal also says how to call as a
 * member's user.
 *
 * @param err - what a command threw.
 * @returns one line.
 */
export function describeError(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const code = (err as { code?: unknown } | null)?.code;
  return code === UNAUTHENTICATED
    ? `${message} (call as a member's user: --org ORG --user NAME, or --cert FILE --key FILE)`
    : message;
}

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

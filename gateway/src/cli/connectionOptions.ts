/**
 * The connection flags of every `ledger` command that calls a gateway (`--org`, `--user`, …) as
 * commander options, so their help comes from the definitions that parse them. Light to load: the
 * gRPC client is loaded only when a command connects ({@link connectGateway}).
 */
import type { LedgerClient } from '../client/ledgerClient';
import { flagPresence, flagReader, Option, UsageError, type Command } from './commandLine';

/** Heading of the connection flags in `--help`. */
export const CONNECTION_GROUP = "Connection (as a member org's user; flags win over the environment):";

/** A connection flag's definition: flags and help. */
type OptionSpec = readonly [name: string, flags: string, description: string];

const CONNECTION_OPTIONS: readonly OptionSpec[] = [
  [
    'org',
    '--org <ORG>',
    "the member org whose gateway to call (env LEDGER_ORG, default the topology's first founding org); its address and CA come from the network's run folder",
  ],
  [
    'user',
    '--user <NAME>',
    "the org's user to call as (env LEDGER_USER), e.g. teller1, auditor1, admin1: its certificate and key from the run folder (gateways require one)",
  ],
  ['address', '--address <HOST:PORT>', 'another gateway address (env LEDGER_GATEWAY_ADDRESS)'],
  ['ca', '--ca <FILE>', "CA of the gateway's TLS certificate (env LEDGER_GATEWAY_TLS_CA)"],
  ['tls-ca', '--tls-ca <FILE>', 'the same as --ca'],
  ['cert', '--cert <FILE>', 'a client certificate kept elsewhere (env LEDGER_CLIENT_CERT); with --key'],
  ['key', '--key <FILE>', "that certificate's private key (env LEDGER_CLIENT_KEY)"],
  [
    'dev',
    '--dev',
    "plaintext, for a gateway started in development mode (env LEDGER_GATEWAY_PLAINTEXT=1); chosen by itself when the org's gateway runs plaintext",
  ],
  ['insecure', '--insecure', 'the same as --dev'],
  [
    'channel',
    '--channel <NAME>',
    "the channel whose journal to use (env LEDGER_CHANNEL; default the gateway's main channel, ledger): sent as the ledger-channel call metadata; the gateway must serve it and the caller's org be a member",
  ],
];

/** The line after the connection flags in `--help`. */
export const CONNECTION_HELP_AFTER =
  "'ledger env --org ORG --user NAME' prints all of the connection settings for other gRPC clients (grpcurl).";

/**
 * Adds the connection flags to `command`, under their own heading in its help.
 *
 * @param except - flags the command defines itself with another meaning (audit's --org, --user).
 * @returns the same command.
 */
export function addConnectionOptions(command: Command, except: readonly string[] = []): Command {
  for (const [name, flags, description] of CONNECTION_OPTIONS) {
    if (!except.includes(name)) command.addOption(new Option(flags, description).helpGroup(CONNECTION_GROUP));
  }
  return command.addHelpText('after', `\n${CONNECTION_HELP_AFTER}`);
}

/**
 * Connects to a gateway as `command`'s connection flags say (the gRPC client is loaded here).
 *
 * @param flag - overrides the value of a flag by name (audit's own --org and --user).
 * @throws UsageError naming the flag that does not resolve.
 */
export async function connectGateway(
  command: Command,
  flag: (name: string) => string | undefined = flagReader(command),
): Promise<LedgerClient> {
  const { connectFromFlags, MemberConnectionError } = await import('./gatewayFlags');
  try {
    return connectFromFlags(flag, flagPresence(command));
  } catch (err) {
    if (err instanceof MemberConnectionError) throw new UsageError(err.message);
    throw err;
  }
}

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
 * The exit status and message of an error a gateway command threw: a usage error (also a connection
 * flag that does not resolve) exits 2 after "usage: ", anything else 1.
 *
 * @returns the exit status.
 */
export function reportCommandError(err: unknown): number {
  const usage = err instanceof UsageError || (err instanceof Error && err.name === 'MemberConnectionError');
  process.stderr.write(`${usage ? 'usage: ' : ''}${describeError(err)}\n`);
  return usage ? 2 : 1;
}

#!/usr/bin/env node
/**
 * `ledger env --org ORG --user NAME [--json]`: where a member's user finds its org's gateway — the
 * address, the CA of the gateway's TLS certificate, the user's certificate and key, and the grpcurl the
 * project builds — as shell `export` lines (the variables every `ledger` command also reads) or JSON, so
 * grpcurl and any other gRPC client can be pointed at the gateway.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { MemberConnection } from '../client/memberConnection';
import { flagPresence, flagReader, newProgram, runProgram, type Command } from './commandLine';
import { addConnectionOptions, reportCommandError } from './connectionOptions';

const DESCRIPTION = `Prints where the user finds the org's gateway, as shell lines to eval
  eval "$(npx ledger env --org org1 --user auditor1)"
  "$GRPCURL" -cacert "$LEDGER_GATEWAY_TLS_CA" -cert "$LEDGER_CLIENT_CERT" -key "$LEDGER_CLIENT_KEY" \\
    "$LEDGER_GATEWAY_ADDRESS" ledger.ImmutableLedger/HealthCheck
or, with --json, as one JSON object. Every ledger command reads the same variables, so after the eval
'npx ledger get 1' needs no flag. GRPCURL is the grpcurl that scripts/ensure-tools.sh builds
(LEDGER_TOOLS_DIR, default ~/.cache/fabric-ledger/tools), else the one on PATH.`;

/** The grpcurl to use: the project's build, else one on PATH, else the project's path (not built yet). */
function grpcurlPath(env: NodeJS.ProcessEnv): { path: string; present: boolean } {
  const tools = env.LEDGER_TOOLS_DIR ?? path.join(os.homedir(), '.cache', 'fabric-ledger', 'tools');
  const built = path.join(tools, 'grpcurl');
  if (fs.existsSync(built)) return { path: built, present: true };
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, 'grpcurl');
    if (dir !== '' && fs.existsSync(candidate)) return { path: candidate, present: true };
  }
  return { path: built, present: false };
}

/** A value quoted for POSIX shells. */
function shellQuote(value: string): string {
  return /^[A-Za-z0-9_./:@=-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/** The grpcurl call that the variables make, as a comment line. */
function grpcurlExample(connection: MemberConnection): string {
  const credentials = connection.plaintext
    ? '-plaintext'
    : [
        '-cacert "$LEDGER_GATEWAY_TLS_CA"',
        ...(connection.certFile === undefined
          ? []
          : ['-cert "$LEDGER_CLIENT_CERT" -key "$LEDGER_CLIENT_KEY"']),
      ].join(' ');
  return `# "$GRPCURL" ${credentials} "$LEDGER_GATEWAY_ADDRESS" ledger.ImmutableLedger/HealthCheck`;
}

/** The shell lines: one export per variable, then notes and the grpcurl call. */
async function shellLines(
  connection: MemberConnection,
  grpcurl: { path: string; present: boolean },
): Promise<string[]> {
  const { connectionVariables } = await import('./gatewayFlags');
  const lines = connectionVariables(connection, grpcurl.path).map(
    ([name, value]) => `export ${name}=${shellQuote(value)}`,
  );
  if (connection.certFile === undefined && !connection.plaintext) {
    lines.push('# no client certificate: the gateway will refuse calls; add --user NAME');
  }
  if (!grpcurl.present) lines.push('# grpcurl is not built yet: bash scripts/ensure-tools.sh');
  lines.push(grpcurlExample(connection));
  return lines;
}

/** Prints the connection as `command`'s flags resolve it (the client library is loaded here). */
async function printEnv(command: Command): Promise<void> {
  const { connectionFlags, connectionVariables } = await import('./gatewayFlags');
  const { resolveMemberConnection } = await import('../client/memberConnection');
  const connection = resolveMemberConnection(connectionFlags(flagReader(command), flagPresence(command)));
  const grpcurl = grpcurlPath(process.env);
  const output =
    command.opts<{ json?: boolean }>().json === true
      ? JSON.stringify(Object.fromEntries(connectionVariables(connection, grpcurl.path)))
      : (await shellLines(connection, grpcurl)).join('\n');
  process.stdout.write(`${output}\n`);
}

/** `ledger env`: the connection flags, `--json`, and no arguments. */
function envProgram(): Command {
  return addConnectionOptions(
    newProgram('ledger env', DESCRIPTION).option('--json', 'print one JSON object instead of shell lines'),
  ).action(async (_flags: unknown, command: Command) => {
    await printEnv(command);
  });
}

void runProgram(envProgram(), process.argv.slice(2), reportCommandError);

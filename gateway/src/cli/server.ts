#!/usr/bin/env node
/**
 * `ledger-gateway`: runs the `ledger.ImmutableLedger` gRPC gateway in the foreground until SIGTERM or
 * SIGINT, then shuts down gracefully (health NOT_SERVING, drain, close Fabric, flush the index).
 */
import { loadConfig, type ConfigFlags } from '../config';
import { settingsHelpRows } from '../configDocs';
import { newLogger } from '../logger';
import { startGateway } from '../server/gatewayServer';

const USAGE = `Usage: ledger-gateway [--dev] [--config FILE] [--port N] [--org org1|org2|org3] [--index FILE]

Runs the ledger.ImmutableLedger gRPC gateway (plus grpc.health.v1 and server reflection) for one org's
peer. Secure by default: TLS with the org gateway's certificate from the network run folder
(crypto/<org>/gateway/tls), a client certificate required on every call, issued by a member org of
the CURRENT channel configuration (root CAs and CRLs, followed as the configuration changes), and
the authorization table by MSP and ledger.role. Refusals: UNAUTHENTICATED (no certificate, CA not of
a member, expired, revoked), PERMISSION_DENIED (role may not do the call).
  --dev        plaintext development mode: no TLS, no authentication, every caller may do everything
               (also LEDGER_GATEWAY_PLAINTEXT=1; --insecure and LEDGER_GATEWAY_INSECURE=1 are aliases)
Logs are JSON lines on stderr. Stop with SIGTERM or Ctrl-C (graceful shutdown).

Settings (defaults < config file < environment < flags):
`;

function usage(): string {
  return `${USAGE}${settingsHelpRows().join('\n')}\n`;
}

function parseFlags(args: readonly string[]): ConfigFlags | 'help' {
  const flags: { -readonly [K in keyof ConfigFlags]: ConfigFlags[K] } = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const value = (): string => {
      const next = args[++i];
      if (next === undefined) throw new Error(`${arg ?? ''}: missing value`);
      return next;
    };
    switch (arg) {
      case '--help':
      case '-h':
        return 'help';
      case '--dev':
      case '--insecure':
        flags.insecure = true;
        break;
      case '--config':
        flags.configFile = value();
        break;
      case '--port':
        flags.port = Number(value());
        break;
      case '--org':
        flags.org = value();
        break;
      case '--index':
        flags.indexFile = value();
        break;
      default:
        throw new Error(`unknown argument ${JSON.stringify(arg)} (see --help)`);
    }
  }
  return flags;
}

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2));
  if (flags === 'help') {
    process.stdout.write(usage());
    return;
  }
  const config = loadConfig(process.env, flags);
  const logger = newLogger({
    level: config.logLevel,
    fields: { service: 'ledger-gateway', org: config.org },
  });
  const gateway = await startGateway(config, logger);
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info('signal received', { signal });
    gateway.shutdown().then(
      () => {
        process.exitCode = 0;
      },
      (err: unknown) => {
        logger.error('shutdown failed', { err });
        process.exitCode = 1;
      },
    );
  };
  process.on('SIGTERM', () => {
    stop('SIGTERM');
  });
  process.on('SIGINT', () => {
    stop('SIGINT');
  });
}

main().catch((err: unknown) => {
  process.stderr.write(`ledger-gateway: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});

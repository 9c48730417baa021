/**
 * `ledger gateway`: runs the `ledger.ImmutableLedger` gRPC gateway in the foreground until SIGTERM or
 * SIGINT, then shuts down gracefully (health NOT_SERVING, drain, close Fabric, flush the index).
 * Defines the command; `server.ts` runs it. Its flags are the settings of the table that carry a flag (configSettings.ts), described from it.
 */
import type { ConfigFlags } from '../config';
import { settingsHelpRows, SETTINGS } from '../configDocs';
import { newProgram, Option, paragraph, type Command } from './commandLine';

const DESCRIPTION = `Runs the ledger.ImmutableLedger gRPC gateway (plus grpc.health.v1 and server reflection) for one org's
peer. Secure by default: TLS with the org gateway's certificate from the network run folder
(crypto/<org>/gateway/tls), a client certificate required on every call, issued by a member org of
the CURRENT channel configuration (root CAs and CRLs, followed as the configuration changes), and
the authorization table by MSP and ledger.role. Refusals: UNAUTHENTICATED (no certificate, CA not of
a member, expired, revoked), PERMISSION_DENIED (role may not do the call).
Logs are JSON lines on stderr. Stop with SIGTERM or Ctrl-C (graceful shutdown).`;

/** The help of the setting whose flag starts with `flag`, from the settings table. */
function settingHelp(flag: string): string {
  const setting = SETTINGS.find((s) => s.flag?.split(/[ ,]/)[0] === flag);
  if (setting === undefined) throw new Error(`no setting documents ${flag}`);
  return `${setting.text.replace(/`/g, '')} (setting ${setting.env})`;
}

/** The gateway's command line: its flags override the config file and the environment. */
export function gatewayProgram(): Command {
  return newProgram('ledger gateway', paragraph(DESCRIPTION))
    .addOption(
      new Option(
        '--dev',
        'plaintext development mode: no TLS, no authentication, every caller may do everything (also LEDGER_GATEWAY_PLAINTEXT=1; --insecure and LEDGER_GATEWAY_INSECURE=1 are aliases)',
      ),
    )
    .addOption(new Option('--insecure', 'the same as --dev'))
    .addOption(new Option('--config <FILE>', settingHelp('--config')))
    .addOption(new Option('--port <N>', settingHelp('--port')))
    .addOption(new Option('--org <ORG>', settingHelp('--org')))
    .addOption(new Option('--index <FILE>', settingHelp('--index')))
    .addHelpText(
      'after',
      () => `\nSettings (defaults < config file < environment < flags):\n${settingsHelpRows().join('\n')}`,
    )
    .action(async (options: Record<string, string | boolean | undefined>) => {
      const flags: ConfigFlags = {
        ...(options.dev === true || options.insecure === true ? { insecure: true } : {}),
        ...(typeof options.config === 'string' ? { configFile: options.config } : {}),
        ...(typeof options.port === 'string' ? { port: Number(options.port) } : {}),
        ...(typeof options.org === 'string' ? { org: options.org } : {}),
        ...(typeof options.index === 'string' ? { indexFile: options.index } : {}),
      };
      await serve(flags);
    });
}

/** Loads the configuration, starts the gateway and stops it gracefully on SIGTERM/SIGINT. */
async function serve(flags: ConfigFlags): Promise<void> {
  const { loadConfig } = await import('../config');
  const { newLogger } = await import('../logger');
  const { startGateway } = await import('../server/gatewayServer');
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

// Starts a ledger gateway process (the compiled gateway/dist/cli/server.js, as `npm start` runs it)
// against the test network on a free port, for integration suites; stop() ends it by PID.
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { newLedgerClient, type LedgerClient } from '@gateway/client/ledgerClient';

const REPO = path.resolve(__dirname, '..', '..');

/** A running gateway started by {@link startGatewayProcess}. */
export interface GatewayProcess {
  readonly port: number;
  readonly address: string;
  readonly child: ChildProcess;
  readonly log: string[];
  /** SIGTERM, then the exit code (null when killed by a signal). */
  stop(): Promise<number | null>;
}

/** A TCP port on 127.0.0.1 that nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => {
        resolve(port);
      });
    });
  });
}

/**
 * Starts a gateway with the given server flags (plus --port: `port`, or a free one) and waits until it
 * serves.
 *
 * @param root - the repository tree whose built gateway runs (another one: a copy pruned of its dev
 *   dependencies).
 */
export async function startGatewayProcess(
  flags: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
  port?: number,
  root: string = REPO,
): Promise<GatewayProcess> {
  port ??= await freePort();
  const args = [path.join(root, 'gateway', 'dist', 'cli', 'server.js'), ...flags, '--port', String(port)];
  const child = spawn(process.execPath, args, { cwd: root, env, stdio: ['ignore', 'ignore', 'pipe'] });
  const log: string[] = [];
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`gateway did not serve in 60 s:\n${log.join('')}`));
    }, 60_000);
    child.stderr.on('data', (chunk: Buffer) => {
      log.push(chunk.toString('utf8'));
      if (log.join('').includes('"msg":"gateway serving"')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`gateway exited with ${String(code)} during start-up:\n${log.join('')}`));
    });
  });
  return {
    port,
    address: `127.0.0.1:${port}`,
    child,
    log,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) {
          resolve(child.exitCode);
          return;
        }
        child.once('exit', (code) => {
          resolve(code);
        });
        child.kill('SIGTERM');
      }),
  };
}

/** A plaintext (development) gateway of one org with a fresh index in a temp folder, and its client. */
export interface DevGateway {
  readonly gateway: GatewayProcess;
  readonly client: LedgerClient;
  /** The temp folder holding the index; suites may put their own files there. */
  readonly dir: string;
  /** Closes the client and stops the gateway; resolves to its exit code. */
  stop(): Promise<number | null>;
  /** Starts the gateway again on the same index (after {@link DevGateway.stop}), with a new client. */
  restart(): Promise<void>;
}

/**
 * Starts {@link DevGateway} for `org` (`--insecure --org <org> --index <temp>/index.sqlite`), with
 * `env` over this process's environment.
 */
export async function startDevGateway(
  org: 'org1' | 'org2',
  name: string,
  env: NodeJS.ProcessEnv = {},
): Promise<DevGateway> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `ledger-${name}-`));
  const launch = async (): Promise<{ gateway: GatewayProcess; client: LedgerClient }> => {
    const gateway = await startGatewayProcess(
      ['--insecure', '--org', org, '--index', path.join(dir, 'index.sqlite')],
      { ...process.env, ...env },
    );
    return { gateway, client: newLedgerClient(gateway.address, { insecure: true, timeoutMs: 60_000 }) };
  };
  let current = await launch();
  return {
    get gateway(): GatewayProcess {
      return current.gateway;
    },
    get client(): LedgerClient {
      return current.client;
    },
    dir,
    stop: () => {
      current.client.close();
      return current.gateway.stop();
    },
    restart: async () => {
      current = await launch();
    },
  };
}

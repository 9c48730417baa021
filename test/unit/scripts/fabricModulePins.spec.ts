import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { expect } from 'chai';

// scripts/fabric-modules.sum pins the h1: hashes of the Fabric modules scripts/install-fabric.sh
// builds: it copies these lines into its build module's go.sum, so Go checks every download against
// them. Here Go is asked for each pinned module with the real lines (accepted) and with one character
// of the content hash changed, as a module whose files were replaced would hash (refused). Go reads the
// module from its cache when install-fabric.sh has built it, else from the module proxy.

const PINS = path.join(__dirname, '..', '..', '..', 'scripts', 'fabric-modules.sum');
const GO = process.env.GO ?? 'go';

/** The pinned modules: `module version`, with their content and go.mod lines. */
function pinnedModules(): { module: string; version: string; lines: string[] }[] {
  const lines = fs
    .readFileSync(PINS, 'utf8')
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'));
  const content = lines.filter((line) => !line.split(' ')[1]?.endsWith('/go.mod'));
  return content.map((line) => {
    const [module = '', version = ''] = line.split(' ');
    return { module, version, lines: lines.filter((l) => l.startsWith(`${module} ${version}`)) };
  });
}

/** `go mod download module@version` in a throw-away module whose go.sum holds `sums`. */
function download(
  module: string,
  version: string,
  sums: string[],
): { status: number | null; stderr: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pins-'));
  try {
    fs.writeFileSync(path.join(dir, 'go.mod'), 'module pins\n\ngo 1.22\n');
    fs.writeFileSync(path.join(dir, 'go.sum'), `${sums.join('\n')}\n`);
    const run = spawnSync(GO, ['mod', 'download', `${module}@${version}`], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 300_000,
      // As install-fabric.sh: the checksum database has no entry for Fabric's pseudo-versions.
      env: { ...process.env, GOFLAGS: '-mod=mod', GONOSUMDB: 'github.com/hyperledger/fabric' },
    });
    return { status: run.status, stderr: run.stderr };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The line with one character of its h1: hash changed. */
function tampered(line: string): string {
  const at = line.indexOf('h1:') + 3;
  const c = line[at];
  return `${line.slice(0, at)}${c === 'A' ? 'B' : 'A'}${line.slice(at + 1)}`;
}

describe('scripts/fabric-modules.sum: the pinned Fabric module hashes', function () {
  this.timeout(600_000);

  it('pins the content and go.mod hashes of fabric and fabric-ca', function () {
    const modules = pinnedModules();
    expect(modules.map((m) => m.module).sort()).to.include.members([
      'github.com/hyperledger/fabric',
      'github.com/hyperledger/fabric-ca',
    ]);
    for (const m of modules) expect(m.lines, m.module).to.have.length(2);
  });

  for (const { module, version, lines } of pinnedModules()) {
    it(`accepts ${module} ${version} whose content matches its pinned hash`, function () {
      const run = download(module, version, lines);
      expect(run.status, run.stderr).to.equal(0);
    });

    it(`refuses ${module} ${version} when its content does not match the pinned hash (checksum mismatch)`, function () {
      const content = lines.find((line) => !line.includes('/go.mod '));
      if (content === undefined) throw new Error(`${module}: no content line`);
      const run = download(
        module,
        version,
        lines.map((line) => (line === content ? tampered(line) : line)),
      );
      expect(run.status).to.not.equal(0);
      expect(run.stderr).to.contain(`verifying ${module}@${version}: checksum mismatch`);
    });
  }
});

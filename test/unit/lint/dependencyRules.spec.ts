import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect } from 'chai';

// The dependency rules of .dependency-cruiser.cjs, which `npm run lint` checks on gateway/src and
// chaincode/src, run by the dependency-cruiser CLI on two fixture trees shaped like the repository
// (test/unit/lint/fixtures/README.md): one that breaks every rule, one that breaks none.

const ROOT = path.join(__dirname, '..', '..', '..');
const CONFIG = path.join(ROOT, '.dependency-cruiser.cjs');
const FIXTURES = path.join(__dirname, 'fixtures');

/** One broken rule as the cruiser reports it. */
interface Violation {
  readonly rule: string;
  readonly from: string;
  readonly to: string;
}

/** What one cruise found (its JSON report). */
interface Cruise {
  readonly modulesCruised: number;
  readonly violations: readonly Violation[];
}

/** The JSON report's parts read here. */
interface CruiseReport {
  readonly summary: {
    readonly totalCruised: number;
    readonly violations: readonly { rule: { name: string }; from: string; to: string }[];
  };
}

/** The dependency-cruiser CLI, from its package's `bin`. */
function cruiserBin(): string {
  const dir = path.join(ROOT, 'node_modules', 'dependency-cruiser');
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
    bin: Record<string, string>;
  };
  const bin = manifest.bin.depcruise;
  if (bin === undefined) throw new Error('dependency-cruiser has no depcruise bin');
  return path.join(dir, bin);
}

/** Runs the cruiser on `gateway/src` of a fixture tree with the repository's rule file. */
function runCruiser(
  fixture: string,
  extraArgs: readonly string[],
): { status: number | null; stdout: string } {
  const run = spawnSync(process.execPath, [cruiserBin(), '--config', CONFIG, ...extraArgs, 'gateway/src'], {
    cwd: path.join(FIXTURES, fixture),
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (run.error !== undefined) throw run.error;
  return { status: run.status, stdout: run.stdout };
}

/** The exit status of the cruise as `npm run lint` runs it (the default `err` output). */
function lintStatus(fixture: string): number | null {
  return runCruiser(fixture, []).status;
}

/** What the cruise finds, from its JSON report (that output always exits 0). */
function cruise(fixture: string): Cruise {
  const report = JSON.parse(runCruiser(fixture, ['--output-type', 'json']).stdout) as CruiseReport;
  return {
    modulesCruised: report.summary.totalCruised,
    violations: report.summary.violations.map((v) => ({ rule: v.rule.name, from: v.from, to: v.to })),
  };
}

/** The violations of `rule`, as `from → to`, with node_modules paths cut to the package's own path. */
function brokenBy(found: Cruise, rule: string): string[] {
  return found.violations
    .filter((v) => v.rule === rule)
    .map((v) => `${v.from} → ${v.to.replace(/^.*node_modules\//, 'node_modules/')}`)
    .sort();
}

describe('dependency rules (.dependency-cruiser.cjs)', function () {
  this.timeout(120_000);

  describe('on a tree that breaks every rule', function () {
    let found: Cruise;
    before(function () {
      found = cruise('violating');
    });

    it('fails the run with one error per violation', function () {
      expect(lintStatus('violating')).to.equal(10);
    });

    it('reports the import cycle', function () {
      expect(brokenBy(found, 'no-circular')).to.deep.equal([
        'gateway/src/core/left.ts → gateway/src/core/right.ts',
      ]);
    });

    it('reports the client importing from the server', function () {
      expect(brokenBy(found, 'no-upward-import-from-server')).to.deep.equal([
        'gateway/src/client/client.ts → gateway/src/server/service.ts',
      ]);
    });

    it('reports the client reaching SQLite and the Fabric gateway through the server', function () {
      const reached = brokenBy(found, 'client-loads-without-fabric-or-sqlite');
      expect(reached).to.have.length(2);
      expect(reached[0]).to.match(
        /^gateway\/src\/client\/client\.ts → node_modules\/@hyperledger\/fabric-gateway\//,
      );
      expect(reached[1]).to.match(/^gateway\/src\/client\/client\.ts → node_modules\/better-sqlite3\//);
    });

    it('reports pure code that reads files or takes gRPC', function () {
      const impure = brokenBy(found, 'core-is-pure');
      expect(impure).to.have.length(2);
      expect(impure[0]).to.match(/^gateway\/src\/core\/grpcStatus\.ts → node_modules\/@grpc\/grpc-js\//);
      expect(impure[1]).to.equal('gateway/src/core/readsFile.ts → fs');
    });

    it('reports the gateway importing a chaincode module other than the shared entry point', function () {
      expect(brokenBy(found, 'gateway-reaches-chaincode-through-shared')).to.deep.equal([
        'gateway/src/server/eventKeys.ts → chaincode/src/lib/keys.ts',
      ]);
    });

    it('reports each layer importing a layer above it', function () {
      expect(brokenBy(found, 'layer-core-imports-only-core')).to.deep.equal([
        'gateway/src/core/usesIndex.ts → gateway/src/index/store.ts',
      ]);
      expect(brokenBy(found, 'layer-wire-contract-imports-only-below')).to.deep.equal([
        'gateway/src/wire/message.ts → gateway/src/index/store.ts',
      ]);
      expect(brokenBy(found, 'layer-entry-points-on-top')).to.deep.equal([
        'gateway/src/index/store.ts → gateway/src/cli/command.ts',
      ]);
    });

    it('reports nothing else', function () {
      expect(found.violations).to.have.length(10);
    });
  });

  describe('on the same tree without the violations', function () {
    it('passes, having cruised every fixture module', function () {
      const found = cruise('clean');
      expect(found.violations).to.deep.equal([]);
      expect(lintStatus('clean')).to.equal(0);
      // 11 sources (one the chaincode's shared entry point), better-sqlite3, @hyperledger/fabric-gateway
      // and node:crypto.
      expect(found.modulesCruised).to.equal(14);
    });
  });

  it('runs in `npm run lint` on the gateway and chaincode sources with this rule file', function () {
    const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(manifest.scripts.lint).to.contain(
      'depcruise --config .dependency-cruiser.cjs gateway/src chaincode/src',
    );
  });
});

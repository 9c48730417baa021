// CI check: the committed gateway/src/generated must be exactly what `npm run generate -w gateway`
// produces from gateway/proto/ledger.proto (STYLE item 15).
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { expect } from 'chai';

const GATEWAY_DIR = path.resolve(__dirname, '..', '..', '..', 'gateway');
const GENERATED_DIR = path.join(GATEWAY_DIR, 'src', 'generated');

/** Every file under `dir`, relative, sorted. */
function listFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((entry) => fs.statSync(path.join(dir, entry)).isFile())
    .map((entry) => entry.split(path.sep).join('/'))
    .sort();
}

/** The arguments of gateway/package.json's `generate` script, with --outDir pointed at `outDir`. */
function generateArgs(outDir: string): string[] {
  const pkg = JSON.parse(fs.readFileSync(path.join(GATEWAY_DIR, 'package.json'), 'utf8')) as {
    scripts?: Record<string, string>;
  };
  const script = pkg.scripts?.generate ?? '';
  const [command, ...args] = script.split(/\s+/).filter((word) => word !== '');
  expect(command, 'the generate script runs proto-loader-gen-types').to.equal('proto-loader-gen-types');
  expect(
    args.filter((a) => a.startsWith('--outDir=')),
    'one --outDir',
  ).to.have.length(1);
  return args.map((a) => (a.startsWith('--outDir=') ? `--outDir=${outDir}` : a));
}

describe('generated proto types', function () {
  this.timeout(60_000);

  it('are byte for byte what the generate script produces from ledger.proto', function () {
    const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-generated-'));
    try {
      const bin = require.resolve('@grpc/proto-loader/build/bin/proto-loader-gen-types.js', {
        paths: [GATEWAY_DIR],
      });
      execFileSync(process.execPath, [bin, ...generateArgs(outDir)], { cwd: GATEWAY_DIR, stdio: 'pipe' });
      const fresh = listFiles(outDir);
      expect(fresh.length, 'files generated').to.be.greaterThan(0);
      expect(listFiles(GENERATED_DIR), 'rerun `npm run generate -w gateway`').to.deep.equal(fresh);
      for (const file of fresh) {
        const committed = fs.readFileSync(path.join(GENERATED_DIR, file));
        const regenerated = fs.readFileSync(path.join(outDir, file));
        expect(
          committed.equals(regenerated),
          `${file} differs: rerun \`npm run generate -w gateway\``,
        ).to.equal(true);
      }
    } finally {
      fs.rmSync(outDir, { recursive: true, force: true });
    }
  });
});

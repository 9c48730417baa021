// Converts relative imports of test files into the test path aliases (the `paths` of test/tsconfig.json:
// `@gateway/...` = gateway/src, `@chaincode/...` = chaincode/src, `@test-support/...` = test/support),
// then formats the files it changed with Prettier. Only files under test/ are accepted: gateway/src and
// chaincode/src keep relative imports. Imports inside one aliased folder (test/support -> test/support)
// stay relative. Idempotent: a second run changes nothing.
//
// Usage (from the repository root):
//   npm run test-imports:alias                             convert every .ts file under test/
//   npm run test-imports:alias -- test/unit/foo            convert these files or folders (under test/)
//   npm run test-imports:alias -- --check [PATH...]        list what would change; exit 1 if anything would
// or without npm: npx ts-node --transpile-only test/support/convertImports.ts [--check] [PATH...]
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as prettier from 'prettier';
import { loadConfig } from 'tsconfig-paths';
import { aliasesFromPaths, rewriteImports, type PathAlias } from './aliasImports';

const REPO = path.resolve(__dirname, '..', '..');
const TEST_DIR = path.join(REPO, 'test');

function aliases(): PathAlias[] {
  const loaded = loadConfig(path.join(TEST_DIR, 'tsconfig.json'));
  if (loaded.resultType === 'failed') throw new Error(`test/tsconfig.json: ${loaded.message}`);
  return aliasesFromPaths(loaded.paths, loaded.absoluteBaseUrl);
}

function tsFiles(target: string): string[] {
  const absolute = path.resolve(target);
  if (absolute !== TEST_DIR && !absolute.startsWith(TEST_DIR + path.sep)) {
    throw new Error(
      `${target}: only files under test/ are converted (production code keeps relative imports)`,
    );
  }
  if (!fs.statSync(absolute).isDirectory()) return absolute.endsWith('.ts') ? [absolute] : [];
  return fs
    .readdirSync(absolute, { withFileTypes: true })
    .filter((entry) => entry.name !== 'node_modules')
    .flatMap((entry) => tsFiles(path.join(absolute, entry.name)))
    .sort();
}

async function convert(file: string, table: readonly PathAlias[], check: boolean): Promise<number> {
  const text = fs.readFileSync(file, 'utf8');
  const result = rewriteImports(file, text, table);
  const shown = path.relative(REPO, file);
  for (const rewrite of result.rewrites) {
    process.stdout.write(`${shown}:${rewrite.line}  '${rewrite.from}' -> '${rewrite.to}'\n`);
  }
  if (!check && result.rewrites.length > 0) {
    const options = (await prettier.resolveConfig(file)) ?? {};
    fs.writeFileSync(file, await prettier.format(result.text, { ...options, filepath: file }));
  }
  return result.rewrites.length;
}

async function main(argv: readonly string[]): Promise<number> {
  const check = argv.includes('--check');
  const targets = argv.filter((arg) => arg !== '--check');
  const files = (targets.length > 0 ? targets : [TEST_DIR]).flatMap(tsFiles);
  const table = aliases();
  let rewrites = 0;
  let changed = 0;
  for (const file of files) {
    const count = await convert(file, table, check);
    rewrites += count;
    changed += count > 0 ? 1 : 0;
  }
  const verb = check ? 'to rewrite' : 'rewritten';
  process.stdout.write(`${files.length} files read, ${changed} files with ${rewrites} imports ${verb}\n`);
  return check && rewrites > 0 ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`convertImports: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 2;
  },
);

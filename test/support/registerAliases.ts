// Makes Node resolve the test path aliases (`@gateway/...`, `@chaincode/...`, `@test-support/...`) at
// run time, the way `tsc -p test` resolves them: the `paths` of test/tsconfig.json, through tsconfig-paths.
// Load it after ts-node and before any test code:
//   mocha:  .mocharc.json `require` (after ts-node/register/transpile-only)
//   node:   node -r ts-node/register/transpile-only -r ./test/support/registerAliases.ts test/bench/bench.ts
//   ts-node -P test/tsconfig.json ...: loaded by the `ts-node.require` of test/tsconfig.json
// Only test code uses the aliases: gateway/src and chaincode/src keep relative imports (the chaincode
// package is built and shipped on its own), and eslint.config.mjs refuses an alias there.
import * as path from 'node:path';
import { loadConfig, register } from 'tsconfig-paths';

/** The tsconfig whose `paths` define the aliases. */
export const TEST_TSCONFIG = path.resolve(__dirname, '..', 'tsconfig.json');

const loaded = loadConfig(TEST_TSCONFIG);
if (loaded.resultType === 'failed') {
  throw new Error(`registerAliases: cannot read ${TEST_TSCONFIG}: ${loaded.message}`);
}
if (path.resolve(loaded.configFileAbsolutePath) !== TEST_TSCONFIG) {
  // TS_NODE_PROJECT, when set, takes precedence in tsconfig-paths; the aliases live in test/tsconfig.json only.
  throw new Error(
    `registerAliases: read ${loaded.configFileAbsolutePath} instead of ${TEST_TSCONFIG} (is TS_NODE_PROJECT set?)`,
  );
}
register({ baseUrl: loaded.absoluteBaseUrl, paths: loaded.paths });

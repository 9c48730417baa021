// Node flags for a child process that runs TypeScript source (test/bench/bench.ts, a bench worker, or a
// gateway/src/cli/*.ts entry in a unit test): ts-node, then the test path aliases (`@gateway/...`, and
// `@fabric-ledger/chaincode/shared` to its source; test/support/registerAliases.ts). Integration suites
// run the compiled gateway instead (gateway/dist, test/support/gatewayProcess.ts).
import * as path from 'node:path';

/** `node ${TEST_CODE_NODE_FLAGS} test/....ts`: ts-node without type checks, then the test path aliases. */
export const TEST_CODE_NODE_FLAGS: readonly string[] = [
  '-r',
  'ts-node/register/transpile-only',
  '-r',
  path.join(__dirname, 'registerAliases.ts'),
];

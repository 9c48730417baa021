// Node flags for a child process that runs test code (test/bench/bench.ts, a bench worker): ts-node, then
// the test path aliases (`@gateway/...`, test/support/registerAliases.ts). Production entry points
// (gateway/src/cli/*.ts) need only ts-node.
import * as path from 'node:path';

/** `node ${TEST_CODE_NODE_FLAGS} test/....ts`: ts-node without type checks, then the test path aliases. */
export const TEST_CODE_NODE_FLAGS: readonly string[] = [
  '-r',
  'ts-node/register/transpile-only',
  '-r',
  path.join(__dirname, 'registerAliases.ts'),
];

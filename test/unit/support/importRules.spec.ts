// The lint rule of eslint.config.mjs that keeps tests on the path aliases: a relative import from test/
// into gateway/src, chaincode/src or (from outside it) test/support is an error; production code may not
// use the aliases. Runs the repository's ESLint config on snippets, with only that rule and no type
// information (the snippets are not files of a tsconfig project).
import * as path from 'node:path';

import { expect } from 'chai';
import { ESLint, type Linter } from 'eslint';

const REPO = path.resolve(__dirname, '..', '..', '..');
const RULE = '@typescript-eslint/no-restricted-imports';

describe('lint rule on test imports (eslint.config.mjs)', function () {
  this.timeout(60_000);
  const eslint = new ESLint({
    cwd: REPO,
    overrideConfig: { languageOptions: { parserOptions: { project: null, projectService: false } } },
    ruleFilter: ({ ruleId }) => ruleId === RULE,
  });

  /** The messages of the import rule for `code` as the file `file` (relative to the repository). */
  async function importErrors(file: string, code: string): Promise<Linter.LintMessage[]> {
    const [result] = await eslint.lintText(code, { filePath: path.join(REPO, file) });
    expect(result, file).to.not.equal(undefined);
    const fatal = result!.messages.filter((m) => m.fatal === true);
    expect(fatal, JSON.stringify(fatal)).to.deep.equal([]);
    return result!.messages.filter((m) => m.ruleId === RULE);
  }

  it('refuses a relative import from a test into gateway/src, pointing at the alias', async function () {
    const errors = await importErrors(
      'test/unit/gateway/core/new.spec.ts',
      "import { leafHash } from '../../../../gateway/src/core/hash';\n",
    );

    expect(errors).to.have.length(1);
    expect(errors[0]!.message).to.contain('@gateway/');
    expect(errors[0]!.line).to.equal(1);
  });

  it('accepts the same import through @gateway/...', async function () {
    const errors = await importErrors(
      'test/unit/gateway/core/new.spec.ts',
      "import { leafHash } from '@gateway/core/hash';\n",
    );

    expect(errors).to.deep.equal([]);
  });

  it('refuses a relative type import from test/support into chaincode/src', async function () {
    const errors = await importErrors(
      'test/support/newHelper.ts',
      "import type { X } from '../../chaincode/src/x';\n",
    );

    expect(errors).to.have.length(1);
    expect(errors[0]!.message).to.contain('@chaincode/');
  });

  it('accepts a relative import inside test/support', async function () {
    const errors = await importErrors(
      'test/support/faults/newHelper.ts',
      "import { waitFor } from '../waitFor';\n",
    );

    expect(errors).to.deep.equal([]);
  });

  it('refuses a relative import from an integration spec into test/support, pointing at @test-support', async function () {
    const errors = await importErrors(
      'test/integration/new.spec.ts',
      "export { startTestNetwork } from '../support/testNetwork';\n",
    );

    expect(errors).to.have.length(1);
    expect(errors[0]!.message).to.contain('@test-support/');
  });

  it('accepts a relative import of a sibling folder of a test (test/unit/support is not test/support)', async function () {
    const errors = await importErrors(
      'test/unit/gateway/new.spec.ts',
      "import { x } from '../support/fixtures';\n",
    );

    expect(errors).to.deep.equal([]);
  });

  it('refuses an alias in production code', async function () {
    const errors = await importErrors(
      'gateway/src/core/new.ts',
      "import { waitFor } from '@test-support/waitFor';\n",
    );

    expect(errors).to.have.length(1);
    expect(errors[0]!.message).to.contain('relative imports');
  });

  it('accepts a relative import in production code', async function () {
    const errors = await importErrors('chaincode/src/new.ts', "import { x } from './lib/x';\n");

    expect(errors).to.deep.equal([]);
  });
});

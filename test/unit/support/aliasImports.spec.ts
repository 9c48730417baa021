// The rewrite of relative test imports into the test path aliases (test/support/aliasImports.ts) and the
// run-time resolution of those aliases (test/support/registerAliases.ts, loaded by .mocharc.json).
import * as path from 'node:path';

import { expect } from 'chai';

import {
  aliasedSpecifier,
  aliasesFromPaths,
  rewriteImports,
  type PathAlias,
} from '@test-support/aliasImports';

const REPO = '/repo';
const ALIASES: PathAlias[] = [
  { name: '@gateway', dir: '/repo/gateway/src' },
  { name: '@chaincode', dir: '/repo/chaincode/src' },
  { name: '@test-support', dir: '/repo/test/support' },
];
const SPEC = path.join(REPO, 'test/unit/gateway/core/hash.spec.ts');

describe('test path aliases', function () {
  describe('#aliasesFromPaths', function () {
    it('reads "@x/*": ["dir/*"] and "@x": ["dir"] as one alias relative to the base folder', function () {
      const paths = {
        '@gateway': ['../gateway/src'],
        '@gateway/*': ['../gateway/src/*'],
        '@t/*': ['./support/*'],
      };

      expect(aliasesFromPaths(paths, '/repo/test')).to.deep.equal([
        { name: '@gateway', dir: '/repo/gateway/src' },
        { name: '@t', dir: '/repo/test/support' },
      ]);
    });

    it('refuses an entry with several targets, naming its key', function () {
      expect(() => aliasesFromPaths({ '@x/*': ['a/*', 'b/*'] }, '/repo')).to.throw('paths["@x/*"]');
    });

    it('refuses a name given two different folders, naming the key', function () {
      expect(() => aliasesFromPaths({ '@x': ['a'], '@x/*': ['b/*'] }, '/repo')).to.throw(
        'paths["@x/*"]: @x already',
      );
    });
  });

  describe('#aliasedSpecifier', function () {
    it('turns a relative path into gateway/src into @gateway/...', function () {
      expect(aliasedSpecifier(SPEC, '../../../../gateway/src/core/hash', ALIASES)).to.equal(
        '@gateway/core/hash',
      );
    });

    it('turns a relative path to the chaincode/src folder itself into @chaincode', function () {
      expect(aliasedSpecifier(SPEC, '../../../../chaincode/src', ALIASES)).to.equal('@chaincode');
    });

    it('turns a relative path into test/support into @test-support/...', function () {
      expect(aliasedSpecifier(SPEC, '../../../support/faults/workload', ALIASES)).to.equal(
        '@test-support/faults/workload',
      );
    });

    it('keeps a relative import between test folders that are not aliased', function () {
      expect(aliasedSpecifier(SPEC, '../fabricArchive/fixtureBlocks', ALIASES)).to.equal(undefined);
    });

    it('keeps a relative import inside test/support', function () {
      const helper = path.join(REPO, 'test/support/faults/faultHarness.ts');

      expect(aliasedSpecifier(helper, '../waitFor', ALIASES)).to.equal(undefined);
    });

    it('keeps a package import', function () {
      expect(aliasedSpecifier(SPEC, 'chai', ALIASES)).to.equal(undefined);
    });

    it('keeps a folder whose name only starts like an aliased one (gateway/srcx)', function () {
      expect(aliasedSpecifier(SPEC, '../../../../gateway/srcx/a', ALIASES)).to.equal(undefined);
    });
  });

  describe('#rewriteImports', function () {
    it('rewrites imports, exports, import types, require() and import() and reports each with its line', function () {
      const text = [
        "import { a } from '../../../../gateway/src/core/a';",
        "import type { B } from '../../../support/b';",
        "export { c } from '../../../../chaincode/src/c';",
        "const d = require('../../../../gateway/src/d') as unknown;",
        "const e = import('../../../../gateway/src/e');",
        "type F = typeof import('../../../../gateway/src/f');",
        "import g = require('../../../../gateway/src/g');",
        '',
      ].join('\n');

      const result = rewriteImports(SPEC, text, ALIASES);

      expect(result.text).to.equal(
        [
          "import { a } from '@gateway/core/a';",
          "import type { B } from '@test-support/b';",
          "export { c } from '@chaincode/c';",
          "const d = require('@gateway/d') as unknown;",
          "const e = import('@gateway/e');",
          "type F = typeof import('@gateway/f');",
          "import g = require('@gateway/g');",
          '',
        ].join('\n'),
      );
      expect(result.rewrites.map((r) => r.line)).to.deep.equal([1, 2, 3, 4, 5, 6, 7]);
      expect(result.rewrites[0]).to.deep.equal({
        line: 1,
        from: '../../../../gateway/src/core/a',
        to: '@gateway/core/a',
      });
    });

    it('leaves strings that are not module specifiers, and local imports, unchanged', function () {
      const text = [
        "import { x } from './helpers';",
        "const file = path.resolve(__dirname, '../../../../gateway/src/cli/server.ts');",
        "// see '../../../../gateway/src/core'",
        '',
      ].join('\n');

      const result = rewriteImports(SPEC, text, ALIASES);

      expect(result.text).to.equal(text);
      expect(result.rewrites).to.deep.equal([]);
    });

    it('changes nothing on a second run', function () {
      const once = rewriteImports(SPEC, "import { a } from '../../../../gateway/src/a';\n", ALIASES).text;

      expect(rewriteImports(SPEC, once, ALIASES).rewrites).to.deep.equal([]);
    });
  });

  describe('at run time (registerAliases)', function () {
    const repo = path.resolve(__dirname, '..', '..', '..');

    it('resolves @chaincode, @gateway/... and @test-support/... to the files tsc resolves', function () {
      expect(require.resolve('@chaincode')).to.equal(path.join(repo, 'chaincode/src/index.ts'));
      expect(require.resolve('@gateway/core')).to.equal(path.join(repo, 'gateway/src/core/index.ts'));
      expect(require.resolve('@test-support/waitFor')).to.equal(path.join(repo, 'test/support/waitFor.ts'));
    });

    it('does not resolve a name under an alias that has no file', function () {
      expect(() => require.resolve('@gateway/noSuchModule')).to.throw(
        "Cannot find module '@gateway/noSuchModule'",
      );
    });
  });
});

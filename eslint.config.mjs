// ESLint flat config: typescript-eslint strictTypeChecked + prettier, for every workspace and the tests.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

// Tests import production code and test/support through the path aliases of test/tsconfig.json
// (`@gateway/...` = gateway/src, `@chaincode/...` = chaincode/src, `@test-support/...` = test/support),
// never through `../../../../gateway/src/...`; production code keeps relative imports (the chaincode
// package is built and shipped on its own). `npm run test-imports:alias` converts a test file.
const IMPORT_RULE = '@typescript-eslint/no-restricted-imports';
const ALIAS_HINT = 'npm run test-imports:alias -- FILE converts it';
const RELATIVE_INTO_PRODUCTION = {
  regex: '^\\.\\.?/(?:.*/)?(?:gateway|chaincode)/src(?:/|$)',
  caseSensitive: true,
  message: `A test imports gateway/src and chaincode/src through @gateway/... and @chaincode/... (${ALIAS_HINT}).`,
};
// A package is imported through its `exports` entries only (`@fabric-ledger/chaincode/shared`), never
// through its src/ or dist/ folders: that would run TypeScript source at run time, or skip the entry
// point that says what the package offers.
const DEEP_PACKAGE_IMPORT = {
  regex: '^@fabric-ledger/(?:chaincode|gateway)/(?:src|dist)(?:/|$)',
  caseSensitive: true,
  message:
    'Import another package through its exports entry (@fabric-ledger/chaincode/shared), not its src/ or dist/.',
};
/** The relative path from a file `depth` folders below test/ to test/support. */
const relativeIntoSupport = (depth) => ({
  regex: `^${depth === 0 ? '\\./' : `(?:\\.\\./){${depth}}`}support(?:/|$)`,
  caseSensitive: true,
  message: `A test outside test/support imports it through @test-support/... (${ALIAS_HINT}).`,
});
const TEST_FOLDER_DEPTHS = [0, 1, 2, 3, 4, 5, 6, 7];
const importAliasRules = [
  ...TEST_FOLDER_DEPTHS.map((depth) => ({
    files: [`test/${'*/'.repeat(depth)}*.ts`],
    ignores: ['test/support/**'],
    rules: {
      [IMPORT_RULE]: [
        'error',
        { patterns: [RELATIVE_INTO_PRODUCTION, relativeIntoSupport(depth), DEEP_PACKAGE_IMPORT] },
      ],
    },
  })),
  {
    files: ['test/support/**/*.ts'],
    rules: { [IMPORT_RULE]: ['error', { patterns: [RELATIVE_INTO_PRODUCTION, DEEP_PACKAGE_IMPORT] }] },
  },
  {
    files: ['gateway/src/**/*.ts', 'chaincode/src/**/*.ts'],
    rules: {
      [IMPORT_RULE]: [
        'error',
        {
          patterns: [
            {
              regex: '^@(?:gateway|chaincode|test-support)(?:/|$)',
              caseSensitive: true,
              message:
                'Production code keeps relative imports: the test path aliases exist only in test/tsconfig.json.',
            },
            DEEP_PACKAGE_IMPORT,
          ],
        },
      ],
    },
  },
];

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      'network/.run/**',
      'gateway/src/generated/**',
      '**/*.js',
      '**/*.mjs',
      '**/*.cjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  prettier,
  {
    languageOptions: {
      parserOptions: {
        project: ['./chaincode/tsconfig.json', './gateway/tsconfig.json', './test/tsconfig.json'],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      complexity: ['error', 10],
      '@typescript-eslint/explicit-function-return-type': ['error', { allowExpressions: true }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
    },
  },
  {
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-expressions': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      complexity: 'off',
    },
  },
  ...importAliasRules,
  {
    // Trees shaped like the repository for the dependency-rule tests: their imports are the subject.
    files: ['test/unit/lint/fixtures/**/*.ts'],
    rules: { [IMPORT_RULE]: 'off' },
  },
);

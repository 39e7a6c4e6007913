// Mutation testing (npm run mutate): StrykerJS changes one expression of src/ at a time and runs
// the tests that cover it; a mutant no test notices "survives". See docs/testing.md.
// One file or folder: npm run mutate -- --mutate src/analyze/rules/role-cap.ts

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  plugins: ['@stryker-mutator/vitest-runner'],
  vitest: { configFile: 'vitest.mutate.config.ts', related: false },
  coverageAnalysis: 'perTest',
  mutate: [
    'src/analyze/**/*.ts',
    'src/diff/**/*.ts',
    'src/validate/**/*.ts',
    'src/load/**/*.ts',
    'src/emit/escape.ts',
    'src/runtime/**/*.ts',
  ],
  // The machine has two cores; a third worker only queues.
  concurrency: 2,
  // Re-runs test only mutants whose code or covering tests changed since the last run.
  incremental: true,
  incrementalFile: 'reports/stryker-incremental.json',
  tempDirName: '.stryker-tmp',
  // Only the mutated sources get "// @ts-nocheck": the golden files under test/ are compared byte for byte.
  disableTypeChecks: 'src/**/*.ts',
  ignorePatterns: ['dist-bench', 'coverage', 'reports', '.policyc-*', '.stryker-tmp*', 'stryker.*.tmp.mjs'],
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  clearTextReporter: { allowColor: false, logTests: false, maxTestsToLog: 0 },
  timeoutMS: 5000,
  thresholds: { high: 95, low: 85, break: null },
  cleanTempDir: 'always',
};

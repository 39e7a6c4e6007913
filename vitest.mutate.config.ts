// The test run that mutation testing (npm run mutate) uses: the in-process suites that can see a
// mutant of src/. Left out: suites that drive the built binary (dist/ is not mutated), compile
// generated code with tsc or time a watcher, which cost a minute a run and cannot kill a mutant; and
// suites that compile policies outside any test (at module or describe level), which would make
// every mutant they touch "static", run against the whole suite.
//
// MUTATE_TESTS=<glob>,<glob> narrows the run to the suites aimed at the code being mutated (see
// docs/testing.md); a mutant killed by fewer tests is killed by the whole suite too.

import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { defineConfig } from 'vitest/config';

/** Cheap table tests first, property tests last: with Stryker's bail, most mutants die early. */
class TablesFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const weight = (f: TestSpecification) => (f.moduleId.includes('property') ? 1 : 0);
    return [...files].sort((a, b) => weight(a) - weight(b) || a.moduleId.localeCompare(b.moduleId));
  }
}

const selected = process.env.MUTATE_TESTS?.split(',').filter(Boolean);

export default defineConfig({
  test: {
    include: selected?.length ? selected : ['test/**/*.test.ts'],
    exclude: [
      'test/cli/**',
      'test/examples/**',
      'test/hostile/hostile.test.ts',
      'test/typecheck/**',
      'test/watch/**',
      'test/guards/large.test.ts',
      'test/guards/agreement.test.ts',
      'test/guards/generated-lookup.test.ts',
      'test/golden/golden.test.ts',
      'test/emit/docs.test.ts',
      'test/schema/standalone.test.ts',
      'test/diff/diff-git.test.ts',
      'test/rules/docs-sync.test.ts',
    ],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Worker threads are cheaper to start than a fork per file. Files stay isolated: module-level
    // code (regular expressions, limits, lookup sets) must be evaluated again for each mutant.
    pool: 'threads',
    sequence: { sequencer: TablesFirst },
  },
});

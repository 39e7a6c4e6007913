// Renders policy test runs: pretty (a line per case, expected versus actual on failure, coverage),
// json, and JUnit XML for CI systems.

import type { TestRun } from './run-tests.js';

export interface NamedRun extends TestRun {
  policy: string;
}

export function formatTestsPretty(runs: readonly NamedRun[], color: boolean): string {
  const green = (s: string) => (color ? `\x1b[32m${s}\x1b[0m` : s);
  const red = (s: string) => (color ? `\x1b[31;1m${s}\x1b[0m` : s);
  const out: string[] = [];
  let passed = 0;
  let failed = 0;
  for (const run of runs) {
    out.push(`${run.policy}`);
    let file = '';
    for (const r of run.results) {
      if (r.file !== file) {
        file = r.file;
        out.push(`  ${file}`);
      }
      if (r.passed) {
        passed++;
        out.push(`    ${green('✓')} ${r.name}`);
      } else {
        failed++;
        out.push(`    ${red('✗')} ${r.name}`);
        out.push(`        ${r.file}:${r.line}: expected ${r.expected}, got ${r.actual} (${r.reason})`);
      }
    }
    if (run.results.length === 0) out.push('  no test cases (add tests/*.yaml)');
    const c = run.coverage;
    out.push(`  coverage: role x permission cells ${c.cells.covered}/${c.cells.total}, relations ${c.relations.covered}/${c.relations.total}, overall ${c.percent}%`);
    if (c.relations.missing.length) out.push(`  relations no case exercises: ${c.relations.missing.join('; ')}`);
    out.push('');
  }
  out.push(`${passed} passed, ${failed} failed`);
  return out.join('\n') + '\n';
}

export function formatTestsJson(runs: readonly NamedRun[]): string {
  return (
    JSON.stringify(
      runs.map((r) => ({ policy: r.policy, results: r.results, coverage: r.coverage, diagnostics: r.diagnostics })),
      null,
      2,
    ) + '\n'
  );
}

const xml = (s: string): string =>
  s
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');

/** JUnit XML: one <testsuite> per test file, one <testcase> per case. */
export function formatTestsJunit(runs: readonly NamedRun[]): string {
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const all = runs.flatMap((r) => r.results);
  lines.push(`<testsuites name="policyc" tests="${all.length}" failures="${all.filter((r) => !r.passed).length}">`);
  for (const run of runs) {
    const files = [...new Set(run.results.map((r) => r.file))];
    for (const file of files) {
      const cases = run.results.filter((r) => r.file === file);
      lines.push(`  <testsuite name="${xml(file)}" tests="${cases.length}" failures="${cases.filter((c) => !c.passed).length}">`);
      for (const c of cases) {
        const head = `    <testcase classname="${xml(run.policy)}" name="${xml(c.name)}" file="${xml(c.file)}" line="${c.line}"`;
        if (c.passed) lines.push(`${head}/>`);
        else {
          lines.push(`${head}>`);
          lines.push(`      <failure message="${xml(`expected ${c.expected}, got ${c.actual}`)}">${xml(`${c.file}:${c.line}: ${c.reason}`)}</failure>`);
          lines.push('    </testcase>');
        }
      }
      lines.push('  </testsuite>');
    }
  }
  lines.push('</testsuites>');
  return lines.join('\n') + '\n';
}

// Renders policy test runs: pretty (a line per case; on failure expected versus actual and what
// the actor holds and why; coverage with the cells no case asserts), json, and JUnit XML for CI
// systems. A case that could not run (an invalid suite, an unknown id, a policy with errors) is
// counted as failed everywhere: a JUnit <error>, a json entry with its errors.

import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { CaseResult, TestRun } from './run-tests.js';

export interface NamedRun extends TestRun {
  policy: string;
}

/** How many uncovered cells the text output names before it says "N more". */
const SHOWN_CELLS = 5;

export interface Tally {
  passed: number;
  /** Ran and gave the wrong answer. */
  failed: number;
  /** Could not run. */
  errors: number;
}

export function tally(runs: readonly NamedRun[]): Tally {
  const all = runs.flatMap((r) => r.results);
  const errors = all.filter((c) => c.errors !== undefined).length;
  const passed = all.filter((c) => c.passed).length;
  return { passed, failed: all.length - passed - errors, errors };
}

const diagnosticLine = (d: Diagnostic): string => `${d.file}:${d.line}:${d.column} ${d.severity} ${d.code} ${d.rule}: ${d.message}${d.hint ? ` (${d.hint})` : ''}`;

export function formatTestsPretty(runs: readonly NamedRun[], color: boolean): string {
  const green = (s: string) => (color ? `\x1b[32m${s}\x1b[0m` : s);
  const red = (s: string) => (color ? `\x1b[31;1m${s}\x1b[0m` : s);
  const out: string[] = [];
  for (const run of runs) {
    out.push(`${run.policy}`);
    let file = '';
    for (const r of run.results) {
      if (r.file !== file) {
        file = r.file;
        out.push(`  ${file}`);
      }
      if (r.passed) {
        out.push(`    ${green('✓')} ${r.name}`);
        continue;
      }
      out.push(`    ${red('✗')} ${r.name}`);
      if (r.errors) {
        out.push(`        ${r.file}:${r.line}: could not run: ${r.reason}`);
        for (const d of r.errors) out.push(`          ${diagnosticLine(d)}`);
      } else {
        out.push(`        ${r.file}:${r.line}: expected ${r.expected}, got ${r.actual} (${r.reason})`);
        for (const l of r.explanation ?? []) out.push(`          ${l}`);
      }
    }
    if (run.results.length === 0) out.push('  no test cases (add tests/*.yaml)');
    const c = run.coverage;
    if (c === null) out.push('  coverage: not measured, the policy has errors');
    else {
      out.push(`  coverage: role x permission cells ${c.cells.covered}/${c.cells.total}, relations ${c.relations.covered}/${c.relations.total}, overall ${c.percent}%`);
      if (c.cells.missing.length) {
        const more = c.cells.missing.length - SHOWN_CELLS;
        out.push(`  cells no case asserts: ${c.cells.missing.slice(0, SHOWN_CELLS).join('; ')}${more > 0 ? `; and ${more} more` : ''}`);
      }
      if (c.relations.missing.length) out.push(`  relations no case exercises: ${c.relations.missing.join('; ')}`);
    }
    out.push('');
  }
  const t = tally(runs);
  out.push(`${t.passed} passed, ${t.failed + t.errors} failed${t.errors ? ` (${t.errors} could not run)` : ''}`);
  return out.join('\n') + '\n';
}

const status = (c: CaseResult): 'passed' | 'failed' | 'error' => (c.errors ? 'error' : c.passed ? 'passed' : 'failed');

export function formatTestsJson(runs: readonly NamedRun[]): string {
  return (
    JSON.stringify(
      runs.map((r) => ({
        policy: r.policy,
        summary: tally([r]),
        results: r.results.map((c) => ({ status: status(c), ...c })),
        coverage: r.coverage,
        diagnostics: r.diagnostics,
      })),
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

/** JUnit XML: one <testsuite> per test file (or per policy with errors), one <testcase> per case. */
export function formatTestsJunit(runs: readonly NamedRun[]): string {
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const all = runs.flatMap((r) => r.results);
  const count = (cases: readonly CaseResult[]) => {
    const errors = cases.filter((c) => c.errors).length;
    return `tests="${cases.length}" failures="${cases.filter((c) => !c.passed).length - errors}" errors="${errors}"`;
  };
  lines.push(`<testsuites name="policyc" ${count(all)}>`);
  for (const run of runs) {
    const files = [...new Set(run.results.map((r) => r.file))];
    for (const file of files) {
      const cases = run.results.filter((r) => r.file === file);
      lines.push(`  <testsuite name="${xml(file)}" ${count(cases)}>`);
      for (const c of cases) {
        const head = `    <testcase classname="${xml(run.policy)}" name="${xml(c.name)}" file="${xml(c.file)}" line="${c.line}"`;
        if (c.passed) lines.push(`${head}/>`);
        else {
          lines.push(`${head}>`);
          if (c.errors) {
            const first = c.errors[0];
            lines.push(`      <error message="${xml(first ? `${first.code} ${first.message}` : c.reason)}" type="${xml(first?.rule ?? 'invalid')}">${xml(c.errors.map(diagnosticLine).join('\n'))}</error>`);
          } else {
            const body = [`${c.file}:${c.line}: ${c.reason}`, ...(c.explanation ?? [])].join('\n');
            lines.push(`      <failure message="${xml(`expected ${c.expected}, got ${c.actual}`)}">${xml(body)}</failure>`);
          }
          lines.push('    </testcase>');
        }
      }
      lines.push('  </testsuite>');
    }
  }
  lines.push('</testsuites>');
  return lines.join('\n') + '\n';
}

// Fuzzing policy test suites (fast-check): one id, level or key of a case in a suite of the userlike
// preset gets a random edit (insert, delete, substitute or swap a character). Unless the edit happens
// to spell another id or key, the run must fail with an error located on the edited line, a case
// that could not run, and a JUnit report that counts it as an <error>; coverage must not rise.
// Never a crash; every diagnostic has a position.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { XMLValidator } from 'fast-xml-parser';
import { formatTestsJunit } from '../../src/policy-test/format-tests.js';
import { runPolicyTests } from '../../src/policy-test/run-tests.js';
import { checkDir, ROOT } from '../helpers.js';

const DIR = 'policies/userlike';
const policy = checkDir(DIR);
const ir = policy.ir!;
const suites = readdirSync(join(ROOT, DIR, 'tests'))
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .map((f) => ({ path: `tests/${f}`, text: readFileSync(join(ROOT, DIR, 'tests', f), 'utf8') }));
const run = (files: { path: string; text: string }[]) =>
  runPolicyTests(ir, DIR, files.map((f) => ({ path: f.path, bytes: Buffer.from(f.text) })), { trace: policy.trace!, locate: policy.sources.locate });
const baseline = run(suites);

/** Every id a suite names: the value of an id key, or an item of a roles list. */
const tokens = suites.flatMap((s, file) => {
  const found: { file: number; at: number; text: string }[] = [];
  for (const m of s.text.matchAll(/\b(?:permission|atLeast|action|feature|plan|assignRole|editRole|kind|tier): ([a-z][a-z0-9_.]*)/g)) {
    found.push({ file, at: m.index + m[0].length - m[1]!.length, text: m[1]! });
  }
  // Keys of cases, whose misspelling breaks the suite's schema.
  for (const m of s.text.matchAll(/^ {4}(permission|atLeast|action|feature|assignRole|editRole|resource|actor|expect|roles):/gm)) {
    found.push({ file, at: m.index + 4, text: m[1]! });
  }
  for (const m of s.text.matchAll(/\broles: \[([^\]\n]*)\]/g)) {
    let offset = m.index + m[0].indexOf('[') + 1;
    for (const part of m[1]!.split(',')) {
      const id = part.trim();
      if (id) found.push({ file, at: offset + part.indexOf(id), text: id });
      offset += part.length + 1;
    }
  }
  return found;
});
const known = new Set<string>([
  ...['name', 'actor', 'roles', 'permission', 'atLeast', 'resource', 'action', 'plan', 'expect', 'feature', 'assignRole', 'target', 'editRole'],
  ...Object.keys(ir.roles),
  ...Object.keys(ir.permissions),
  ...Object.values(ir.scales).flatMap((s) => s.levels),
  ...Object.values(ir.resources).flatMap((r) => r.actions),
  ...Object.keys(ir.resources),
  ...Object.keys(ir.features),
  ...Object.keys(ir.plans),
  ...Object.keys(ir.tiers?.nodes ?? {}),
]);

const edit = fc.tuple(fc.nat(3), fc.nat(40), fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz_.0'.split('')));
function applyEdit(word: string, [how, at, ch]: [number, number, string]): string {
  const i = at % (word.length + 1);
  if (how === 0) return word.slice(0, i) + ch + word.slice(i);
  if (how === 1) return word.slice(0, i) + word.slice(i + 1);
  if (how === 2) return word.slice(0, i) + ch + word.slice(i + 1);
  return i + 1 < word.length ? word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2) : word + ch;
}

describe('fuzz: misspelt ids in policy test suites', () => {
  it('the preset suites pass and name many ids', () => {
    expect(baseline.results.every((r) => r.passed)).toBe(true);
    expect(tokens.length).toBeGreaterThan(100);
  });

  it('fail the run with an error on the edited line, never raise coverage, never crash', () => {
    fc.assert(
      fc.property(fc.nat(tokens.length - 1), edit, (t, e) => {
        const token = tokens[t]!;
        const mutated = applyEdit(token.text, e);
        const files = suites.map((s, i) => (i === token.file ? { ...s, text: s.text.slice(0, token.at) + mutated + s.text.slice(token.at + token.text.length) } : s));
        const result = run(files);
        for (const d of result.diagnostics) expect(d.line, JSON.stringify(d)).toBeGreaterThan(0);
        expect(result.coverage!.percent).toBeLessThanOrEqual(baseline.coverage!.percent);
        if (mutated === token.text || known.has(mutated)) return; // another valid id: any answer goes
        const line = suites[token.file]!.text.slice(0, token.at).split('\n').length;
        const file = `${DIR}/${suites[token.file]!.path}`;
        const errors = result.diagnostics.filter((d) => d.severity === 'error');
        expect(errors.some((d) => d.file === file && d.line === line), `${token.text} -> ${mutated}: ${JSON.stringify(errors)}`).toBe(true);
        const cannotRun = result.results.filter((r) => r.errors !== undefined).length;
        expect(cannotRun).toBeGreaterThan(0);
        const xml = formatTestsJunit([{ policy: DIR, ...result }]);
        expect(XMLValidator.validate(xml)).toBe(true);
        expect(xml).toContain(`errors="${cannotRun}">`);
        expect(xml.match(/<error /g)?.length).toBe(cannotRun);
      }),
      { numRuns: 50, seed: 20261130 },
    );
  });
});

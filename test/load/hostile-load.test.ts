// The loader on hostile YAML: work linear in the size of the file (proven by counting operations,
// never by timing), the per-file diagnostic cap, the nesting limit enforced before the parser can
// overflow the stack, one error for a tab, and strings that cannot be stored as UTF-8.

import { afterEach, describe, expect, it, vi } from 'vitest';
import { Alias } from 'yaml';
import { checkPolicy, type CheckResult } from '../../src/compile.js';
import { DiagnosticBag, type Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { formatPretty } from '../../src/diagnostics/format.js';
import { checkFiles, MINIMAL, SCHEMA_LINE } from '../helpers.js';

const HEAD = SCHEMA_LINE(2);

const at = (d: Diagnostic): { rule: string; line: number; column: number } => ({ rule: d.rule, line: d.line, column: d.column });

afterEach(() => {
  vi.restoreAllMocks();
});

/** Hostile files of n repetitions, each of which used to take time quadratic in n. */
const GROWING: readonly [string, (n: number) => string][] = [
  ['duplicate keys', (n) => HEAD + 'k: 1\n'.repeat(n)],
  ['__proto__ keys', (n) => HEAD + Array.from({ length: n }, (_, i) => `m${i}:\n  __proto__: 1\n`).join('')],
  ['aliases to an unknown anchor', (n) => HEAD + 'x:\n' + '  - *nope\n'.repeat(n)],
  ['aliases to one anchor', (n) => HEAD + 'a: &a 1\nx:\n' + '  - *a\n'.repeat(n)],
];

/**
 * Calls of String.prototype.charCodeAt made while checking a file. A loader that rescans the text
 * for each diagnostic's position (the old behaviour) makes this grow with n squared.
 */
function charReads(text: string): number {
  const spy = vi.spyOn(String.prototype, 'charCodeAt');
  try {
    checkFiles({ 'policy.yaml': text });
    return spy.mock.calls.length;
  } finally {
    spy.mockRestore();
  }
}

describe('load work is linear in the size of the file', () => {
  it.each(GROWING)('%s: four times the input reads each character a bounded number of times', (_name, make) => {
    const small = make(1_000);
    const large = make(4_000);
    const a = charReads(small);
    const b = charReads(large);
    // Linear work quadruples (plus a constant); quadratic work grows sixteen-fold.
    expect(b).toBeLessThan(a * 6);
    expect(b).toBeLessThan(large.length * 8);
  });

  it.each(GROWING)('%s: no alias is resolved by walking the document', (_name, make) => {
    const spy = vi.spyOn(Alias.prototype, 'resolve');
    checkFiles({ 'policy.yaml': make(500) });
    expect(spy).not.toHaveBeenCalled();
  });

  it('the pretty formatter asks for and splits each file once, however many diagnostics it has', () => {
    const r = checkFiles({ 'policy.yaml': HEAD + 'k: 1\n'.repeat(300) + '' }, 'p');
    expect(r.diagnostics.length).toBe(101);
    const source = vi.fn((file: string) => r.sources.text(file));
    const split = vi.spyOn(String.prototype, 'split');
    const text = formatPretty(r.diagnostics, { color: false, source });
    const splits = split.mock.calls.length;
    split.mockRestore();
    expect(source).toHaveBeenCalledTimes(1);
    expect(splits).toBe(1);
    expect(text).toContain('> 3 | k: 1');
  });
});

describe('diagnostics are capped at 100 per file', () => {
  it('30,000 duplicate keys: the first 100 and one diagnostic-limit for the other 29,899', () => {
    const r = checkFiles({ 'policy.yaml': HEAD + 'k: 1\n'.repeat(30_000) });
    expect(r.diagnostics).toHaveLength(101);
    expect(r.diagnostics.slice(0, 100).map(at)).toEqual(Array.from({ length: 100 }, (_, i) => ({ rule: 'duplicate-key', line: i + 3, column: 1 })));
    const last = r.diagnostics[100]!;
    expect(at(last)).toEqual({ rule: 'diagnostic-limit', line: 103, column: 1 });
    expect(last.code).toBe('PC1099');
    expect(last.severity).toBe('error');
    expect(last.message).toMatch(/^29899 more /);
    expect(r.ok).toBe(false);
  });

  it('the cap is per file: two files of 60 diagnostics each are shown whole', () => {
    const r = checkFiles({ 'policy.yaml': HEAD + 'k: 1\n'.repeat(61), 'roles/a.yaml': SCHEMA_LINE(3) + 'k: 1\n'.repeat(61) });
    expect(r.diagnostics.filter((d) => d.rule === 'duplicate-key')).toHaveLength(120);
    expect(r.diagnostics.some((d) => d.rule === 'diagnostic-limit')).toBe(false);
  });

  it('a file of exactly 100 diagnostics gets no diagnostic-limit', () => {
    const r = checkFiles({ 'policy.yaml': HEAD + 'k: 1\n'.repeat(101) });
    expect(r.diagnostics.map((d) => d.rule)).toEqual(Array(100).fill('duplicate-key'));
  });
});

describe('nesting deeper than the limit is refused before the parser builds the tree', () => {
  const cases: readonly [string, string, { line: number; column: number }][] = [
    ['100,000 opening brackets', HEAD + 'x: ' + '['.repeat(100_000) + ']'.repeat(100_000) + '\n', { line: 2, column: 68 }],
    ['5,000 nested flow maps', HEAD + 'x: ' + '{a: '.repeat(5_000) + '1' + '}'.repeat(5_000) + '\n', { line: 2, column: 260 }],
    ['3,000 nested block maps', HEAD + Array.from({ length: 3_000 }, (_, i) => ' '.repeat(i) + `k${i}:\n`).join(''), { line: 67, column: 66 }],
    ['3,000 nested block sequences', HEAD + 'x:\n' + Array.from({ length: 3_000 }, (_, i) => ' '.repeat(i + 1) + '-\n').join(''), { line: 67, column: 66 }],
    ['a compact sequence of 200 dashes', HEAD + 'x: \n  ' + '- '.repeat(200) + 'a\n', { line: 3, column: 131 }],
  ];

  it.each(cases)('%s: one yaml-resource-limit at the first value too deep, with the limit in the message', (_name, text, pos) => {
    const r = checkFiles({ 'policy.yaml': text });
    expect(r.diagnostics.map(at)).toEqual([{ rule: 'yaml-resource-limit', ...pos }]);
    expect(r.diagnostics[0]!.message).toContain('64');
    expect(r.diagnostics[0]!.message).not.toMatch(/call stack/i);
  });

  it('the limit is exact: 64 levels load, 65 do not (and the same holds with a lowered limit)', () => {
    const nested = (levels: number): string => HEAD + 'x: ' + '['.repeat(levels - 1) + '1' + ']'.repeat(levels - 1) + '\n';
    const rules = (text: string, maxDepth?: number): string[] =>
      checkPolicyWith(text, maxDepth).diagnostics.filter((d) => d.rule === 'yaml-resource-limit').map((d) => d.message);
    expect(rules(nested(64))).toEqual([]);
    expect(rules(nested(65))).toEqual(['nesting is deeper than 64 levels']);
    expect(rules(nested(3), 3)).toEqual([]);
    expect(rules(nested(4), 3)).toEqual(['nesting is deeper than 3 levels']);
  });

  it('an alias that expands deep is still caught while converting', () => {
    const deep = '['.repeat(40) + '1' + ']'.repeat(40);
    const text = HEAD + `a: &a ${deep}\nb: ` + '['.repeat(30) + '*a' + ']'.repeat(30) + '\n';
    const r = checkFiles({ 'policy.yaml': text });
    expect(r.diagnostics.filter((d) => d.rule === 'yaml-resource-limit').map((d) => d.line)).toEqual([3]);
  });
});

function checkPolicyWith(text: string, maxDepth?: number): CheckResult {
  return checkPolicy(
    { name: 'p', dir: 'policies/p', files: [{ path: 'policy.yaml', bytes: Buffer.from(text, 'utf8') }] },
    maxDepth === undefined ? {} : { limits: { maxDepth } },
  );
}

describe('a tab in the indentation is one error with a hint', () => {
  const cases: readonly [string, string, { line: number; column: number }[]][] = [
    ['a tab before a nested key', 'title: T\nroles:\n  owner:\n\tname: Owner\n    kind: owner\n', [{ line: 5, column: 1 }]],
    ['a tab before a sequence item', 'title: T\nroles:\n  - owner\n\t- b\n', [{ line: 5, column: 1 }]],
    ['a tab before the last key', 'title: T\nroles:\n  owner:\n    name: Owner\n\tkind: owner\n', [{ line: 6, column: 1 }]],
    ['three tabbed lines are three errors', 'title: T\nroles:\n\towner:\n\t\tname: Owner\n\t\tkind: owner\n', [{ line: 4, column: 1 }, { line: 5, column: 1 }, { line: 6, column: 1 }]],
  ];
  it.each(cases)('%s', (_name, body, positions) => {
    const r = checkFiles({ 'policy.yaml': HEAD + body });
    expect(r.diagnostics.map(at)).toEqual(positions.map((p) => ({ rule: 'yaml-syntax', ...p })));
    for (const d of r.diagnostics) expect(d.hint).toMatch(/spaces/);
  });

  it('a tab inside a value is no error', () => {
    const r = checkFiles({ 'policy.yaml': MINIMAL.replace('title: Minimal', 'title: "Mini\\tmal"') });
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });
});

describe('strings that cannot be stored as UTF-8 are refused where they are written', () => {
  it.each([
    ['a lone high surrogate in a display name', MINIMAL.replace('name: Agent', 'name: "Agent\\uD800"'), { line: 12, column: 11 }],
    ['a lone low surrogate in a title', MINIMAL.replace('title: Minimal', 'title: "\\uDC00x"'), { line: 2, column: 8 }],
    ['a reversed pair in a description', MINIMAL.replace('title: Minimal', 'title: M\ndescription: "\\uDE00\\uD83D"'), { line: 3, column: 14 }],
    ['a lone surrogate in a key', MINIMAL.replace('  billing:', '  "bill\\uD800ing":'), { line: 8, column: 3 }],
  ])('%s: invalid-encoding at the string', (_name, text, pos) => {
    const r = checkFiles({ 'policy.yaml': text });
    expect(r.diagnostics.map(at)).toEqual([{ rule: 'invalid-encoding', ...pos }]);
    expect(r.diagnostics[0]!.message).toMatch(/U\+D[89A-F][0-9A-F]{2}/);
    expect(r.ok).toBe(false);
  });

  it('a whole pair written as escapes, DEL and C1 controls are accepted (the outputs escape them)', () => {
    const r = checkFiles({ 'policy.yaml': MINIMAL.replace('name: Agent', 'name: "Agent \\uD83D\\uDE00 \\x7F \\x85 \\e"') });
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(r.ir!.roles.agent!.name).toBe('Agent \u{1F600} \x7F \x85 \x1B');
  });
});

describe('the diagnostic bag past the cap', () => {
  it('counts without keeping, and counts a repeat once', () => {
    const bag = new DiagnosticBag(() => ({ line: 1, column: 1 }));
    const at = { file: 'f.yaml', path: '' };
    for (let i = 1; i <= 300; i++) bag.report({ rule: 'duplicate-key', message: 'twice', at, line: i, column: 1 });
    bag.report({ rule: 'duplicate-key', message: 'twice', at, line: 300, column: 1 });
    bag.report({ rule: 'schema-line', message: 'warn', at, line: 301, column: 1 });
    bag.report({ rule: 'schema-line', message: 'warn', at, line: 301, column: 1 });
    // One before everything counted so far is still kept and sorted in.
    bag.report({ rule: 'forbidden-key', message: 'early', at, line: 1, column: 1 });
    const all = bag.all();
    expect(all).toHaveLength(101);
    expect(all[0]!.rule).toBe('duplicate-key');
    expect(all[1]!.rule).toBe('forbidden-key');
    expect(all[100]!.rule).toBe('diagnostic-limit');
    expect(all[100]!.line).toBe(100);
    // 302 distinct diagnostics, 100 shown: 202 more, of which one is a warning.
    expect(all[100]!.message).toMatch(/^202 more in this file \(201 errors, 1 warning\)/);
    expect(bag.hasErrors).toBe(true);
  });
});

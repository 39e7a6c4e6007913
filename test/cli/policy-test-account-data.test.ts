// accountData cases: account data an account saves, judged by openAccount. Malformed cases are
// diagnostics at their position; a refusal for another rule fails and names where each problem lies.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatSource } from '../../src/fmt/format.js';
import { formatTestsJson, formatTestsJunit, formatTestsPretty } from '../../src/policy-test/format-tests.js';
import { ACCOUNT_RULES, ASSIGN_RULES, CLONE_RULES, CREATE_RULES, EDIT_RULES, MOVE_RULES } from '../../src/policy-test/run-tests.js';
import { ROOT, policyTestRunner } from '../helpers.js';

const HEAD = '# yaml-language-server: $schema=../../../schema/policy-test.schema.json\n';

const runner = policyTestRunner;

/**
 * The rules a kernel function can return: the `rule: '...'` literals in its body and in every
 * kernel function it calls, transitively.
 */
function kernelRulesOf(name: string): string[] {
  const kernel = readFileSync(join(ROOT, 'src/runtime/kernel.ts'), 'utf8');
  const bodies = new Map<string, string>();
  for (const m of kernel.matchAll(/^(?:export )?function (\w+)\(/gm)) bodies.set(m[1]!, kernel.slice(m.index, kernel.indexOf('\n}\n', m.index)));
  const seen = new Set<string>();
  const rules = new Set<string>();
  const todo = [name];
  while (todo.length > 0) {
    const fn = todo.pop()!;
    if (seen.has(fn)) continue;
    seen.add(fn);
    const body = bodies.get(fn);
    if (body === undefined) throw new Error(`no kernel function ${fn}`);
    for (const r of body.matchAll(/rule: '([a-z-]+)'/g)) rules.add(r[1]!);
    for (const c of body.matchAll(/\b(\w+)\(/g)) if (bodies.has(c[1]!)) todo.push(c[1]!);
  }
  return [...rules].sort();
}

describe('accountData cases', () => {
  const run = runner('policies/userlike');
  const suite = (body: string) => ({ 'tests/99-data.yaml': `${HEAD}account:\n  members:\n    - { id: olga, roles: [owner] }\n    - { id: sam, roles: [staff] }\ncases:\n${body}` });

  it('each key of accountData replaces the suite\'s key; the others are kept', () => {
    // defaultRole alone keeps the suite's members (one owner); members alone replaces them.
    const r = run(suite(['  - { name: keeps members, accountData: { defaultRole: staff }, expect: allow }', '  - { name: replaces members, accountData: { members: [{ id: sam, roles: [staff] }] }, rule: owner-members }', ''].join('\n')));
    expect(r.results.map((c) => [c.passed, c.expected, c.actual])).toEqual([
      [true, 'allow', 'allow'],
      [true, 'deny (owner-members)', 'deny (owner-members)'],
    ]);
  });

  it('a rule may be given as its code', () => {
    const r = run(suite('  - { name: code, accountData: { members: [] }, rule: PC4002 }\n'));
    expect(r.results.map((c) => [c.passed, c.expected])).toEqual([[true, 'deny (owner-members)']]);
  });

  it('a refusal for another rule fails, and says what was reported and where', () => {
    const text = suite('  - name: wrong rule\n    accountData:\n      roles: { staff: { company: read } }\n    rule: tier-depth\n');
    const r = run(text);
    const c = r.results[0]!;
    expect([c.passed, c.line, c.expected, c.actual, c.errors]).toEqual([false, 7, 'deny (tier-depth)', 'deny (invalid-level)', undefined]);
    // line 9, column 34: the value "read" of the cell inside the case's accountData
    expect(c.explanation).toEqual([expect.stringMatching(/^policies\/userlike\/tests\/99-data\.yaml:9:34 PC\d{4} invalid-level: \/cases\/0\/accountData\/roles\/staff\/company: /)]);
    const pretty = formatTestsPretty([{ policy: 'userlike', ...r }], false);
    expect(pretty).toContain('policies/userlike/tests/99-data.yaml:7: expected deny (tier-depth), got deny (invalid-level)');
    expect(pretty).toContain('policies/userlike/tests/99-data.yaml:9:34 ');
    const json = JSON.parse(formatTestsJson([{ policy: 'userlike', ...r }])) as { results: { status: string; expected: string; actual: string }[] }[];
    expect(json[0]!.results.map((x) => [x.status, x.expected, x.actual])).toEqual([['failed', 'deny (tier-depth)', 'deny (invalid-level)']]);
    const junit = formatTestsJunit([{ policy: 'userlike', ...r }]);
    expect(junit).toContain('<failure message="expected deny (tier-depth), got deny (invalid-level)">');
  });

  it('a problem in a key kept from the suite\'s account is located under /account', () => {
    const text = { 'tests/99-data.yaml': `${HEAD}account:\n  customRoles: [{ id: night, name: Night desk }]\n  members:\n    - { id: olga, roles: [owner] }\n    - { id: nat, roles: [night] }\ncases:\n  - { name: drop the custom role, accountData: { customRoles: [] }, expect: allow }\n` };
    const c = run(text).results[0]!;
    expect([c.passed, c.actual]).toEqual([false, 'deny (unknown-reference)']);
    expect(c.explanation).toEqual([expect.stringMatching(/^policies\/userlike\/tests\/99-data\.yaml:6:26 PC\d{4} unknown-reference: \/account\/members\/1\/roles\/0: /)]);
  });

  it('data accepted where a refusal was expected fails with actual allow', () => {
    const c = run(suite('  - { name: accepted, accountData: { roles: { staff: { analytics: read } } }, rule: invalid-level }\n')).results[0]!;
    expect([c.passed, c.actual, c.explanation]).toEqual([false, 'allow', undefined]);
  });

  it.each([
    // [what, case line, rule, line, column]
    ['an unknown rule name', '  - { name: x, accountData: {}, rule: owner-member }', 'unknown-reference', 7, 39],
    ['an unknown code', '  - { name: x, accountData: {}, rule: PC4999 }', 'unknown-reference', 7, 39],
    ['a rule no account refusal carries', '  - { name: x, accountData: {}, rule: self-assign }', 'unknown-reference', 7, 39],
    ['rule on an allow case', '  - { name: x, accountData: {}, expect: allow, rule: owner-members }', 'schema', 7, 48],
    ['rule on a permission case', '  - { name: x, roles: [staff], permission: analytics, rule: owner-members }', 'schema', 7, 55],
    ['an actor on an accountData case', '  - { name: x, actor: sam, accountData: {} }', 'schema', 7, 16],
    ['a plan on an accountData case', '  - { name: x, accountData: {}, plan: flex }', 'schema', 7, 33],
    ['two questions', '  - { name: x, roles: [staff], permission: analytics, accountData: {} }', 'schema', 7, 5],
    ['a key AccountData does not have', '  - { name: x, accountData: { memebrs: [] } }', 'schema', 7, 31],
  ])('%s is a diagnostic at its position, and the case does not run', (_what, body, rule, line, column) => {
    const r = run(suite(`${body}\n`));
    const c = r.results[0]!;
    expect(c.passed).toBe(false);
    expect(c.actual).toBeNull();
    expect(c.errors!.map((d) => [d.rule, d.line, d.column])).toContainEqual([rule, line, column]);
  });

  it('a misspelt rule gets a did-you-mean hint', () => {
    const c = run(suite('  - { name: x, accountData: {}, rule: owner-member }\n')).results[0]!;
    expect(c.errors![0]!.hint).toMatch(/owner-members/);
  });

  it('accountData cases add nothing to coverage', () => {
    const r = run(suite('  - { name: ok, accountData: { defaultRole: staff }, expect: allow }\n  - { name: no, accountData: { members: [] } }\n'));
    expect(r.coverage!.cells.covered).toBe(0);
    expect(r.coverage!.relations.covered).toBe(0);
  });

  it('the rules a case may name are exactly the kernel\'s, less those only the role-edit validators report', () => {
    const kernel = readFileSync(join(ROOT, 'src/runtime/kernel.ts'), 'utf8');
    const emitted = [...new Set([...kernel.matchAll(/rule: '([a-z-]+)'/g)].map((m) => m[1]!))].sort();
    const validatorsOnly = ['clone-forbidden', 'not-permitted', 'protected-role', 'self-assign', 'self-edit'];
    expect([...ACCOUNT_RULES].sort()).toEqual(emitted.filter((r) => !validatorsOnly.includes(r)));
  });

  it.each([
    ['assignRole', ASSIGN_RULES, 'kAssignRole', []],
    ['editRole', EDIT_RULES, 'kEditRole', []],
    ['createRole', CREATE_RULES, 'kValidateDraft', []],
    ['moveMember', MOVE_RULES, 'kMoveMember', []],
    // A copy always gets a new id (a taken one is name-duplicate first), so canEditRole is never
    // asked; and its values are those of an existing role, which the policy already accepts.
    ['cloneRole', CLONE_RULES, 'kValidateClone', ['admin-only-grant', 'cross-field', 'invalid-level', 'owner-only-grant', 'protected-role', 'self-edit', 'unknown-object']],
  ] as const)('the rules a %s case may name are exactly those its validator can return', (_kind, list, fn, unreachable) => {
    expect([...list].sort()).toEqual(kernelRulesOf(fn).filter((r) => !(unreachable as readonly string[]).includes(r)));
  });
});

describe('policyc fmt on an accountData case', () => {
  it('puts accountData after the question keys, its keys in the order of account:, and rule last', () => {
    const source = `${HEAD}cases:\n  - { rule: owner-members, expect: deny, accountData: { defaultRole: general, members: [{ roles: [owner], id: o }], plan: pro }, name: n }\n`;
    const r = formatSource(source, 'test');
    expect(r).toEqual({ ok: true, changed: true, text: `${HEAD}\ncases:\n  - name: n\n    accountData:\n      plan: pro\n      members:\n        - { id: o, roles: [owner] }\n      defaultRole: general\n    expect: deny\n    rule: owner-members\n` });
    expect(formatSource((r as { text: string }).text, 'test')).toMatchObject({ ok: true, changed: false });
  });
});

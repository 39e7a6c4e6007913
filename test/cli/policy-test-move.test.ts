// moveMember cases (canMoveMember) and the `rule:` of deny cases of the role validators
// (assignRole, editRole, createRole, moveMember): what runs, what is compared, and the located
// errors of a malformed case.

import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatSource } from '../../src/fmt/format.js';
import { ROOT, cli, policyTestRunner, tempDir } from '../helpers.js';

const HEAD = '# yaml-language-server: $schema=../../../schema/policy-test.schema.json\n';

function runner(dir: string) {
  const run = policyTestRunner(dir);
  return (text: string) => run({ 'tests/99-move.yaml': text });
}

const ACTORS = `actors:\n  admin: { roles: [admin], tier: beitun }\n  heine: { roles: [member], tier: hq }\n`;
const ACCOUNT = `account:\n  members:\n    - { id: olga, roles: [owner], tier: hq }\n    - { id: ada, roles: [admin], tier: beitun }\n    - { id: sal, roles: [member], tier: beitun }\n  tiers: [{ id: xitun2, name: Xitun 2, parent: central }]\n`;

describe('moveMember cases', () => {
  const run = runner('policies/super8');

  it('with actors of the suite: allowed, out of the tree, self, no power, unknown node', () => {
    const r = run(
      `${HEAD}${ACTORS}cases:\n` +
        '  - { name: places, actor: admin, moveMember: { member: heine, tier: central }, expect: allow }\n' +
        '  - { name: out, actor: admin, moveMember: { member: heine, tier: null }, expect: allow }\n' +
        '  - { name: self, actor: admin, moveMember: { member: admin, tier: hq }, rule: self-assign }\n' +
        '  - { name: power, actor: heine, moveMember: { member: admin, tier: hq }, rule: not-permitted }\n' +
        '  - { name: node, actor: admin, moveMember: { member: heine, tier: nowhere }, rule: PC3001 }\n' +
        '  - { name: plain deny, actor: heine, moveMember: { member: admin, tier: hq } }\n',
    );
    expect(r.results.map((c) => [c.name, c.passed, c.expected, c.actual])).toEqual([
      ['places', true, 'allow', 'allow'],
      ['out', true, 'allow', 'allow'],
      ['self', true, 'deny (self-assign)', 'deny (self-assign)'],
      ['power', true, 'deny (not-permitted)', 'deny (not-permitted)'],
      ['node', true, 'deny (unknown-reference)', 'deny (unknown-reference)'],
      ['plain deny', true, 'deny', 'deny'],
    ]);
    expect(r.results[4]!.reason).toMatch(/unknown tier node "nowhere"/);
    expect(r.results[0]!.reason).toBe('heine may be placed in central');
  });

  it("with an account: its own nodes and members; someone outside the account is refused", () => {
    const r = run(
      `${HEAD}${ACCOUNT}${ACTORS}cases:\n` +
        '  - { name: own node, actor: ada, moveMember: { member: sal, tier: xitun2 }, expect: allow }\n' +
        '  - { name: owner, actor: olga, moveMember: { member: ada, tier: hq }, expect: allow }\n' +
        '  - { name: member, actor: sal, moveMember: { member: ada, tier: hq }, rule: not-permitted }\n' +
        '  - { name: outsider, actor: ada, moveMember: { member: heine, tier: hq }, rule: unknown-reference }\n',
    );
    expect(r.results.map((c) => [c.name, c.passed, c.actual])).toEqual([
      ['own node', true, 'allow'],
      ['owner', true, 'allow'],
      ['member', true, 'deny (not-permitted)'],
      ['outsider', true, 'deny (unknown-reference)'],
    ]);
    expect(r.results[3]!.reason).toMatch(/unknown member "heine"/);
  });

  it('a refusal for another rule, or an allow, fails the case and shows what came back', () => {
    const r = run(`${HEAD}${ACTORS}cases:\n  - { name: other, actor: heine, moveMember: { member: admin, tier: hq }, rule: self-assign }\n  - { name: allowed, actor: admin, moveMember: { member: heine, tier: hq }, rule: not-permitted }\n  - { name: refused, actor: heine, moveMember: { member: admin, tier: hq }, expect: allow }\n`);
    expect(r.results.map((c) => [c.passed, c.expected, c.actual])).toEqual([
      [false, 'deny (self-assign)', 'deny (not-permitted)'],
      [false, 'deny (not-permitted)', 'allow'],
      [false, 'allow', 'deny'],
    ]);
    expect(r.results[2]!.reason).toMatch(/^not-permitted: /);
  });

  it('moveMember cases add nothing to coverage', () => {
    const r = run(`${HEAD}${ACTORS}cases:\n  - { name: places, actor: admin, moveMember: { member: heine, tier: central }, expect: allow }\n`);
    expect(r.coverage!.cells.covered).toBe(0);
  });

  it.each([
    // [what, case line, rule, where the diagnostic points (the first occurrence of this text)]
    ['an unknown member, with a hint', '  - { name: x, actor: admin, moveMember: { member: heien, tier: hq } }', 'unknown-reference', 'heien'],
    ['a rule no move is refused by', '  - { name: x, actor: admin, moveMember: { member: heine, tier: hq }, rule: protected-role }', 'unknown-reference', 'protected-role'],
    ['a misspelt rule', '  - { name: x, actor: admin, moveMember: { member: heine, tier: hq }, rule: self-asign }', 'unknown-reference', 'self-asign'],
    ['a rule on an allow case', '  - { name: x, actor: admin, moveMember: { member: heine, tier: hq }, expect: allow, rule: self-assign }', 'schema', 'rule'],
    ['a move without its node', '  - { name: x, actor: admin, moveMember: { member: heine } }', 'schema', '{ member'],
    ['a move and an assignment at once', '  - { name: x, actor: admin, assignRole: member, moveMember: { member: heine, tier: hq } }', 'schema', '{ name'],
    ['a target on a move', '  - { name: x, actor: admin, target: heine, moveMember: { member: heine, tier: hq } }', 'schema', 'target'],
  ])('%s is a diagnostic at its position, and the case does not run', (_what, body, rule, at) => {
    const c = run(`${HEAD}${ACTORS}cases:\n${body}\n`).results[0]!;
    expect(c.passed).toBe(false);
    expect(c.actual).toBeNull();
    expect(c.errors!.map((d) => [d.rule, d.line, d.column])).toContainEqual([rule, 6, body.indexOf(at) + 1]);
  });

  it('did-you-mean hints name the member and the rule meant', () => {
    expect(run(`${HEAD}${ACTORS}cases:\n  - { name: x, actor: admin, moveMember: { member: heien, tier: hq } }\n`).results[0]!.errors![0]!.hint).toMatch(/heine/);
    expect(run(`${HEAD}${ACTORS}cases:\n  - { name: x, actor: admin, moveMember: { member: heine, tier: hq }, rule: self-asign }\n`).results[0]!.errors![0]!.hint).toMatch(/self-assign/);
  });
});

describe('rule: on assignRole, editRole and createRole cases', () => {
  const run = runner('policies/super8');

  it('names the refusal each validator returns, by name or code', () => {
    const r = run(
      `${HEAD}${ACTORS}cases:\n` +
        '  - { name: assign self, actor: admin, assignRole: member, target: admin, rule: self-assign }\n' +
        '  - { name: assign owner, actor: admin, assignRole: owner, rule: protected-role }\n' +
        '  - { name: assign power, actor: heine, assignRole: member, rule: not-permitted }\n' +
        '  - { name: edit own, actor: admin, editRole: admin, rule: self-edit }\n' +
        '  - { name: edit owner, actor: admin, editRole: owner, rule: protected-role }\n' +
        '  - { name: create power, actor: heine, createRole: { name: Helper }, rule: not-permitted }\n' +
        '  - { name: create taken name, actor: admin, createRole: { name: 成員 }, rule: name-duplicate }\n' +
        '  - { name: wrong rule, actor: admin, editRole: owner, rule: self-edit }\n',
    );
    expect(r.results.map((c) => [c.name, c.passed, c.actual])).toEqual([
      ['assign self', true, 'deny (self-assign)'],
      ['assign owner', true, 'deny (protected-role)'],
      ['assign power', true, 'deny (not-permitted)'],
      ['edit own', true, 'deny (self-edit)'],
      ['edit owner', true, 'deny (protected-role)'],
      ['create power', true, 'deny (not-permitted)'],
      ['create taken name', true, 'deny (name-duplicate)'],
      ['wrong rule', false, 'deny (protected-role)'],
    ]);
  });

  it.each([
    ['assignRole', '  - { name: x, actor: admin, assignRole: member, rule: self-edit }', 'an assignment is refused'],
    ['editRole', '  - { name: x, actor: admin, editRole: member, rule: self-assign }', 'an edit of a role is refused'],
    ['createRole', '  - { name: x, actor: admin, createRole: { name: N }, rule: clone-forbidden }', 'a new role is refused'],
  ])('a rule %s cannot refuse with is a located error', (_kind, body, refused) => {
    const c = run(`${HEAD}${ACTORS}cases:\n${body}\n`).results[0]!;
    expect(c.actual).toBeNull();
    expect(c.errors!.map((d) => [d.rule, d.line, d.message])).toEqual([['unknown-reference', 6, expect.stringContaining(refused)]]);
  });
});

describe('policyc test and fmt with moveMember cases', () => {
  it('runs end to end from the CLI: exit 1 on a failed case, a located error for an unknown member', async () => {
    const cwd = tempDir();
    cpSync(join(ROOT, 'policies/super8'), join(cwd, 'policies/super8'), { recursive: true });
    writeFileSync(join(cwd, 'policies/super8/tests/99-move.yaml'), `${HEAD}${ACTORS}cases:\n  - { name: "move: places", actor: admin, moveMember: { member: heine, tier: central }, expect: allow }\n  - { name: "move: self", actor: admin, moveMember: { member: admin, tier: hq }, rule: not-permitted }\n`);
    const ok = await cli(['test', 'policies/super8', '--format', 'json'], cwd);
    const out = JSON.parse(ok.stdout) as { results: { name: string; status: string; actual: string }[] }[];
    expect(out[0]!.results.filter((x) => x.name.startsWith('move:')).map((x) => [x.status, x.actual])).toEqual([
      ['passed', 'allow'],
      ['failed', 'deny (self-assign)'],
    ]);
    expect(ok.code).toBe(1);
    writeFileSync(join(cwd, 'policies/super8/tests/99-move.yaml'), `${HEAD}${ACTORS}cases:\n  - { name: x, actor: admin, moveMember: { member: nobody, tier: hq } }\n`);
    const bad = await cli(['test', 'policies/super8', '--format', 'json'], cwd);
    expect(bad.code).toBe(1);
    expect((JSON.parse(bad.stderr) as { rule: string; line: number; path: string }[]).map((d) => [d.rule, d.line, d.path])).toEqual([['unknown-reference', 6, '/cases/0/moveMember/member']]);
  });

  it('fmt puts moveMember after the question keys and member before tier', () => {
    const source = `${HEAD}cases:\n  - { rule: self-assign, moveMember: { tier: hq, member: a }, actor: a, name: n }\n`;
    const r = formatSource(source, 'test');
    expect(r).toEqual({ ok: true, changed: true, text: `${HEAD}\ncases:\n  - name: n\n    actor: a\n    moveMember: { member: a, tier: hq }\n    rule: self-assign\n` });
  });
});

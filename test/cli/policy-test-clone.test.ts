// `policyc test` with cloneRole cases: the copy is asked of validateRoleClone, a refusal shows the
// validator's rule, and the source role must be a role of the policy (or of the suite's account).

import { appendFileSync, cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, ROOT, tempDir } from '../helpers.js';

function project(clone: string): string {
  const cwd = tempDir();
  cpSync(join(ROOT, 'test/fixtures/golden/tiered'), join(cwd, 'policies/tiered'), { recursive: true });
  if (clone) appendFileSync(join(cwd, 'policies/tiered/policy.yaml'), `delegation:\n  cloneRoles: ${clone}\n`);
  return cwd;
}

const suite = (cases: string) => `# yaml-language-server: $schema=../../../schema/policy-test.schema.json
cases:
${cases}`;

type Result = { name: string; status: string; actual: string; reason: string };
async function run(cwd: string, cases: string): Promise<{ code: number; results: Result[]; stderr: string }> {
  writeFileSync(join(cwd, 'policies/tiered/tests/clone.yaml'), suite(cases));
  const r = await cli(['test', 'policies/tiered', '--format', 'json'], cwd);
  const out = JSON.parse(r.stdout) as { results: Result[] }[];
  return { code: r.code, results: out[0]!.results.filter((x) => x.name.startsWith('clone:')), stderr: r.stderr };
}

describe('policyc test: cloneRole cases', () => {
  it('answers a copy of a role and refuses an owner role with clone-forbidden', async () => {
    const { code, results } = await run(
      project('true'),
      '  - name: "clone: the owner copies the agent role"\n    roles: [owner]\n    cloneRole: { from: agent, name: Agent copy }\n    expect: allow\n' +
        '  - name: "clone: the owner role is never copied"\n    roles: [owner]\n    cloneRole: { from: owner, name: Owner copy }\n',
    );
    expect(code).toBe(0);
    expect(results.map((r) => [r.status, r.actual])).toEqual([
      ['passed', 'allow'],
      ['passed', 'deny'],
    ]);
    expect(results[1]!.reason).toMatch(/^clone-forbidden: /);
  });

  it('a policy without cloneRoles refuses every clone, and an allow case fails', async () => {
    const { code, results } = await run(project(''), '  - name: "clone: no cloning here"\n    roles: [owner]\n    cloneRole: { from: agent, name: Agent copy }\n    expect: allow\n');
    expect(code).toBe(1);
    expect(results.map((r) => [r.status, r.actual])).toEqual([['failed', 'deny']]);
    expect(results[0]!.reason).toMatch(/clone-forbidden: this policy offers no role cloning/);
  });

  it('an unknown source role is an unknown reference at its line, with a hint', async () => {
    const cwd = project('true');
    writeFileSync(join(cwd, 'policies/tiered/tests/clone.yaml'), suite('  - name: a misspelt source\n    roles: [owner]\n    cloneRole: { from: agnet, name: Copy }\n'));
    const r = await cli(['test', 'policies/tiered', '--format', 'json'], cwd);
    expect(r.code).toBe(1);
    const d = (JSON.parse(r.stderr) as { rule: string; line: number; path: string; hint?: string }[]).filter((x) => x.path.includes('cloneRole'));
    expect(d.map((x) => [x.rule, x.line, x.path])).toEqual([['unknown-reference', 5, '/cases/0/cloneRole/from']]);
    expect(d[0]!.hint).toMatch(/agent/);
  });

  it('rule: names the refusal a deny case expects; another refusal fails the case', async () => {
    const { code, results } = await run(
      project('{ except: [manager] }'),
      '  - name: "clone: excepted, as expected"\n    roles: [owner]\n    cloneRole: { from: manager, name: Copy }\n    rule: clone-forbidden\n' +
        '  - name: "clone: refused, but for another rule"\n    roles: [owner]\n    cloneRole: { from: manager, name: Copy }\n    rule: name-duplicate\n' +
        '  - name: "clone: a name taken, by its code"\n    roles: [owner]\n    cloneRole: { from: agent, name: Agent }\n    rule: PC4005\n',
    );
    expect(code).toBe(1);
    expect(results.map((r) => [r.status, r.actual])).toEqual([
      ['passed', 'deny (clone-forbidden)'],
      ['failed', 'deny (clone-forbidden)'],
      ['passed', 'deny (name-duplicate)'],
    ]);
  });

  it.each([
    ['a rule no clone is refused by, with a hint', '    cloneRole: { from: agent, name: Copy }\n    rule: clone-forbiden\n', [['unknown-reference', 6]]],
    ['a rule on an allow case', '    cloneRole: { from: agent, name: Copy }\n    expect: allow\n    rule: clone-forbidden\n', [['schema', 7]]],
    ['a rule on a feature case', '    feature: several_organizations\n    rule: name-duplicate\n', [['schema', 6]]],
    ['a rule no new role is refused by', '    createRole: { name: Copy }\n    rule: clone-forbidden\n', [['unknown-reference', 6]]],
  ])('%s is an error at its line', async (_, body, want) => {
    const cwd = project('true');
    writeFileSync(join(cwd, 'policies/tiered/tests/clone.yaml'), suite(`  - name: n\n    roles: [owner]\n${body}`));
    const r = await cli(['test', 'policies/tiered', '--format', 'json'], cwd);
    expect(r.code).toBe(1);
    const d = JSON.parse(r.stderr) as { rule: string; line: number; hint?: string }[];
    expect(d.map((x) => [x.rule, x.line])).toEqual(want);
    if (want[0]![0] === 'unknown-reference' && body.includes('cloneRole')) expect(d[0]!.hint).toMatch(/clone-forbidden/);
  });

  it('a case that clones and creates at once is malformed', async () => {
    const cwd = project('true');
    writeFileSync(join(cwd, 'policies/tiered/tests/clone.yaml'), suite('  - name: two questions\n    roles: [owner]\n    cloneRole: { from: agent, name: Copy }\n    createRole: { name: Other }\n'));
    const r = await cli(['test', 'policies/tiered', '--format', 'json'], cwd);
    expect(r.code).toBe(1);
    expect((JSON.parse(r.stderr) as { rule: string; line: number }[]).map((x) => [x.rule, x.line])).toEqual([['schema', 3]]);
  });
});

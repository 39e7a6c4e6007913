// `policyc test` (policy test suites, coverage, junit) and `policyc init` end to end.

import { cpSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, ROOT, tempDir } from '../helpers.js';

const TIERED = join(ROOT, 'test/fixtures/golden/tiered');

function project(): string {
  const cwd = tempDir();
  cpSync(TIERED, join(cwd, 'policies/tiered'), { recursive: true });
  return cwd;
}

const suite = (cases: string) => `# yaml-language-server: $schema=../../../schema/policy-test.schema.json
actors:
  ben: { roles: [agent], tier: north }
resources:
  north_conversation: { kind: conversation, assignee: someone, tier: north }
cases:
${cases}`;

describe('policyc test', () => {
  it('passes the fixture suite and reports coverage in policy terms', async () => {
    const r = await cli(['test'], project());
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('✓ and to headquarters above it');
    expect(r.stdout).toMatch(/coverage: role x permission cells \d+\/27, relations \d+\/8, overall [\d.]+%/);
    expect(r.stdout.trim().split('\n').at(-1)).toBe('12 passed, 0 failed');
  });

  it('a failing case prints expected versus actual with its location, and exits 1', async () => {
    const cwd = project();
    writeFileSync(
      join(cwd, 'policies/tiered/tests/wrong.yaml'),
      suite(`  - name: a store member reads the regional conversation
    actor: { id: x, roles: [agent], tier: taipei }
    resource: north_conversation
    action: read
    expect: allow
  - name: omitted expectation means deny
    actor: ben
    resource: north_conversation
    action: read
`),
    );
    const r = await cli(['test', 'policies/tiered'], cwd);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('policies/tiered/tests/wrong.yaml:7: expected allow, got deny (no rule or exception allows it)');
    expect(r.stdout).toContain('policies/tiered/tests/wrong.yaml:12: expected deny, got allow (folders.department (assigned, same_tier))');
    expect(r.stdout.trim().split('\n').at(-1)).toBe('12 passed, 2 failed');
  });

  it('--format junit writes JUnit XML with a failure element per failed case', async () => {
    const cwd = project();
    writeFileSync(join(cwd, 'policies/tiered/tests/wrong.yaml'), suite(`  - name: "deny <escaped> & \\"quoted\\""\n    actor: ben\n    resource: north_conversation\n    action: read\n`));
    const r = await cli(['test', '--format', 'junit'], cwd);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="policyc" tests="13" failures="1" errors="0">/);
    expect(r.stdout).toContain('name="deny &lt;escaped&gt; &amp; &quot;quoted&quot;"');
    expect(r.stdout).toContain('<failure message="expected deny, got allow">');
  });

  it('--min-coverage fails below the threshold and passes at or above it', async () => {
    const cwd = project();
    const report = JSON.parse((await cli(['test', '--format', 'json'], cwd)).stdout) as { coverage: { percent: number } }[];
    const percent = report[0]!.coverage.percent;
    expect(percent).toBeGreaterThan(1);
    expect(percent).toBeLessThan(90);
    const low = await cli(['test', '--min-coverage', (percent + 0.1).toFixed(1)], cwd);
    expect(low.code).toBe(1);
    expect(low.stderr).toMatch(/coverage [\d.]+% is below --min-coverage [\d.]+%/);
    expect((await cli(['test', '--min-coverage', String(percent)], cwd)).code).toBe(0);
    expect((await cli(['test', '--min-coverage', (percent - 0.1).toFixed(1)], cwd)).code).toBe(0);
    expect((await cli(['test', '--min-coverage', '90'], cwd)).code).toBe(1);
    expect((await cli(['test', '--min-coverage', 'lots'], project())).code).toBe(2);
  });

  it('an unknown fixture and an unknown role in a case are located errors with a hint', async () => {
    const cwd = project();
    writeFileSync(
      join(cwd, 'policies/tiered/tests/bad.yaml'),
      suite(`  - name: unknown actor
    actor: bne
    resource: north_conversation
    action: read
  - name: unknown role
    roles: [agnet]
    permission: reports
`),
    );
    const r = await cli(['test', 'policies/tiered'], cwd);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('policies/tiered/tests/bad.yaml:8:12 - error PC3001 unknown-reference: unknown actor "bne"');
    expect(r.stderr).toContain('hint: did you mean "ben"?');
    expect(r.stderr).toContain('error PC3001 unknown-reference: unknown role "agnet"');
    expect(r.stderr).toContain('hint: did you mean "agent"?');
  });

  it('a suite that breaks its schema is reported and fails the run', async () => {
    const cwd = project();
    writeFileSync(join(cwd, 'policies/tiered/tests/bad.yaml'), suite('  - name: no question asked\n    expect: maybe\n'));
    const r = await cli(['test', 'policies/tiered', '--format', 'json'], cwd);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stderr).map((d: { rule: string; line: number }) => [d.rule, d.line])).toEqual([['schema', 8]]);
  });

  it('a createRole description must be a string: another value breaks the schema at its line', async () => {
    const cwd = project();
    writeFileSync(join(cwd, 'policies/tiered/tests/bad.yaml'), suite('  - name: a draft with a numeric description\n    roles: [owner]\n    createRole: { name: New, description: 5 }\n'));
    const r = await cli(['test', 'policies/tiered', '--format', 'json'], cwd);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stderr).map((d: { rule: string; line: number }) => [d.rule, d.line])).toEqual([['schema', 9]]);
  });

  it('a policy with errors is not tested', async () => {
    const cwd = project();
    const p = join(cwd, 'policies/tiered/policy.yaml');
    writeFileSync(p, readFileSync(p, 'utf8').replace('inherits: [', 'inherits: [ghost, '));
    writeFileSync(p, readFileSync(p, 'utf8').replace('scale: toggle\n    minPlan: pro', 'scale: togle\n    minPlan: pro'));
    const r = await cli(['test'], cwd);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('fix them before testing');
  });
});

describe('policyc init', () => {
  it('scaffolds a preset with tests, schema lines pointing at the schema, and it checks clean', async () => {
    const cwd = tempDir();
    const r = await cli(['init', 'policies/acme', '--preset', 'userlike'], cwd);
    expect(r.code).toBe(0);
    const files = readdirSync(join(cwd, 'policies/acme'), { recursive: true }) as string[];
    expect(files).toContain('policy.yaml');
    expect(files.some((f) => f.startsWith('tests'))).toBe(true);
    const first = readFileSync(join(cwd, 'policies/acme/policy.yaml'), 'utf8').split('\n')[0]!;
    const target = first.replace('# yaml-language-server: $schema=', '');
    expect(join(cwd, 'policies/acme', target)).toBe(join(ROOT, 'schema/policy.schema.json'));
    expect((await cli(['check', 'policies/acme'], cwd)).code).toBe(0);
  });

  it('an unknown preset lists the valid ones and exits 2', async () => {
    const r = await cli(['init', 'x', '--preset', 'nope'], tempDir());
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown preset "nope"');
    expect(r.stderr).toMatch(/valid presets: .*userlike/);
  });

  it('refuses a folder that is not empty, and a missing --preset', async () => {
    const cwd = tempDir();
    await cli(['init', 'p', '--preset', 'userlike'], cwd);
    const again = await cli(['init', 'p', '--preset', 'userlike'], cwd);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already exists and is not empty');
    expect((await cli(['init', 'q'], cwd)).code).toBe(2);
  });
});

describe('policyc test: feature and role-management cases', () => {
  it('asserts hasFeature, canAssignRole and canEditRole cases', async () => {
    const cwd = tempDir();
    cpSync(join(ROOT, 'test/fixtures/golden/helpdesk'), join(cwd, 'policies/helpdesk'), { recursive: true });
    const r = await cli(['test'], cwd);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('✓ nobody changes their own roles');
    expect(r.stdout.trim().split('\n').at(-1)).toBe('7 passed, 0 failed');
  });

  it('feature cases follow the plan', async () => {
    const cwd = project();
    writeFileSync(
      join(cwd, 'policies/tiered/tests/features.yaml'),
      suite(`  - name: several organizations from enterprise
    feature: several_organizations
    plan: enterprise
    expect: allow
  - name: not on pro
    feature: several_organizations
    plan: pro
  - name: wrongly expected on basic
    feature: several_organizations
    plan: basic
    expect: allow
`),
    );
    const r = await cli(['test', 'policies/tiered'], cwd);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('expected allow, got deny (feature several_organizations from plan enterprise)');
    expect(r.stdout.trim().split('\n').at(-1)).toBe('14 passed, 1 failed');
  });

  it('a case that asks two questions at once is an error', async () => {
    const cwd = project();
    writeFileSync(join(cwd, 'policies/tiered/tests/two.yaml'), suite('  - name: both\n    roles: [agent]\n    permission: reports\n    feature: several_organizations\n'));
    const r = await cli(['test', 'policies/tiered', '--format', 'json'], cwd);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stderr)[0]).toMatchObject({ rule: 'schema', line: 7, message: expect.stringContaining('exactly one of') });
  });
});

describe('policyc test: limit cases', () => {
  function zendesk(cases: string): string {
    const cwd = tempDir();
    cpSync(join(ROOT, 'policies/zendesk'), join(cwd, 'policies/zendesk'), { recursive: true });
    writeFileSync(join(cwd, 'policies/zendesk/tests/zz.yaml'), `# yaml-language-server: $schema=../../../schema/policy-test.schema.json\ncases:\n${cases}`);
    return cwd;
  }

  it('a wrong number fails with the expected and actual numbers', async () => {
    const r = await cli(['test', 'policies/zendesk', '--format', 'json'], zendesk('  - { name: views, roles: [agent], limit: shared_views, equals: 13 }\n'));
    expect(r.code).toBe(1);
    const failed = JSON.parse(r.stdout)[0].results.filter((c: { passed: boolean }) => !c.passed);
    expect(failed.map((c: { name: string; expected: string; actual: string }) => [c.name, c.expected, c.actual])).toEqual([['views', '13', '12']]);
  });

  it.each([
    ['an unknown quota', '  - { name: x, roles: [agent], limit: shared_vews, equals: 1 }\n', 'unknown-reference', 3, 39],
    ['a limit without equals', '  - { name: x, roles: [agent], limit: shared_views }\n', 'schema', 3, 5],
    ['equals on a permission case', '  - { name: x, roles: [agent], permission: tickets.merge, equals: 3 }\n', 'schema', 3, 59],
    ['expect on a limit case', '  - { name: x, roles: [agent], limit: shared_views, equals: 12, expect: allow }\n', 'schema', 3, 65],
  ])('%s is a located error', async (_name, cases, rule, line, column) => {
    const r = await cli(['test', 'policies/zendesk', '--format', 'json'], zendesk(cases));
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stderr).map((d: { rule: string; line: number; column: number }) => [d.rule, d.line, d.column])).toEqual([[rule, line, column]]);
  });
});

// Policy test suites: every id and level a suite names must resolve (a located error with a hint,
// the case cannot run, coverage does not count it); JUnit and json reports show invalid suites and
// policies with errors as failed cases; a failed case explains what the actor holds and why; the
// coverage line names uncovered cells.

import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { cli, ROOT, tempDir } from '../helpers.js';

const TIERED = join(ROOT, 'test/fixtures/golden/tiered');

function project(): string {
  const cwd = tempDir();
  cpSync(TIERED, join(cwd, 'policies/tiered'), { recursive: true });
  return cwd;
}

const HEAD = `# yaml-language-server: $schema=../../../schema/policy-test.schema.json
plan: pro
actors:
  ben: { roles: [agent], tier: north }
resources:
  north_conversation: { kind: conversation, assignee: someone, tier: north }
cases:
  - name: the valid case
    actor: ben
    resource: north_conversation
    action: read
    expect: allow
`;
/** Line of the first case after HEAD. */
const FIRST = HEAD.split('\n').length;

interface JsonRun {
  policy: string;
  summary: { passed: number; failed: number; errors: number };
  results: { file: string; status: string; name: string; errors?: Diagnostic[]; explanation?: string[] }[];
  coverage: { cells: { covered: number }; relations: { covered: number }; percent: number } | null;
}

async function runSuite(text: string, format = 'json', cwd = project()): Promise<{ code: number; stdout: string; stderr: string; cwd: string }> {
  writeFileSync(join(cwd, 'policies/tiered/tests/typos.yaml'), text);
  return { ...(await cli(['test', 'policies/tiered', '--format', format], cwd)), cwd };
}

// [what, the case (below HEAD, indented as a list item), rule, line offset from FIRST, column, a hint it must give]
const TYPOS: [string, string, string, number, number, string][] = [
  ['level', '  - name: x\n    roles: [manager]\n    permission: reports\n    atLeast: onn\n', 'invalid-level', 3, 14, '"on"'],
  ['action', '  - name: x\n    actor: ben\n    resource: north_conversation\n    action: replly\n', 'unknown-reference', 3, 13, '"reply"'],
  ['role', '  - name: x\n    roles: [agnet]\n    permission: reports\n', 'unknown-reference', 1, 13, '"agent"'],
  ['inline actor role', '  - name: x\n    actor: { roles: [managr] }\n    permission: reports\n', 'unknown-reference', 1, 22, '"manager"'],
  ['actor tier', '  - name: x\n    actor: { roles: [agent], tier: nort }\n    permission: reports\n', 'unknown-reference', 1, 36, '"north"'],
  ['permission', '  - name: x\n    roles: [agent]\n    permission: reprts\n', 'unknown-reference', 2, 17, '"reports"'],
  ['resource kind', '  - name: x\n    actor: ben\n    resource: { kind: conversaton }\n    action: read\n', 'unknown-reference', 2, 23, '"conversation"'],
  ['resource tier', '  - name: x\n    actor: ben\n    resource: { kind: conversation, tier: norht }\n    action: read\n', 'unknown-reference', 2, 43, '"north"'],
  ['feature', '  - name: x\n    feature: several_organisations\n', 'unknown-reference', 1, 14, '"several_organizations"'],
  ['plan', '  - name: x\n    feature: several_organizations\n    plan: entreprise\n', 'unknown-reference', 2, 11, '"enterprise"'],
  ['assigned role', '  - name: x\n    actor: ben\n    assignRole: agnet\n', 'unknown-reference', 2, 17, '"agent"'],
  ['edited role', '  - name: x\n    actor: ben\n    editRole: managr\n', 'unknown-reference', 2, 15, '"manager"'],
  ['target member', '  - name: x\n    actor: ben\n    assignRole: agent\n    target: bne\n', 'unknown-reference', 3, 13, '"ben"'],
];

describe('policyc test: every id in a suite resolves', () => {
  it.each(TYPOS)('a misspelt %s is a located error with a hint, the case fails and coverage ignores it', async (_what, kase, rule, dl, column, hint) => {
    const r = await runSuite(HEAD + kase);
    expect(r.code).toBe(1);
    const [run] = JSON.parse(r.stdout) as JsonRun[];
    const errors = run!.results.filter((c) => c.status === 'error');
    expect(errors.map((c) => c.name)).toEqual(['x']);
    expect(errors[0]!.errors!.map((d) => [d.rule, d.line, d.column])).toEqual([[rule, FIRST + dl, column]]);
    expect(errors[0]!.errors![0]!.hint).toContain(hint);
    expect(run!.summary).toEqual({ passed: 13, failed: 0, errors: 1 }); // 12 of the fixture's own suite
    const diagnostics = JSON.parse(r.stderr) as Diagnostic[];
    expect(diagnostics.map((d) => [d.rule, d.severity, d.line])).toEqual([[rule, 'error', FIRST + dl]]);
    // The same suite without the broken case covers exactly as much.
    const clean = JSON.parse((await runSuite(HEAD)).stdout) as JsonRun[];
    expect(run!.coverage).toEqual(clean[0]!.coverage);
  });

  it('a fixture with an unknown role fails every case that uses it, and the run, even when unused', async () => {
    const text = HEAD.replace('ben: { roles: [agent], tier: north }', 'ben: { roles: [agent], tier: north }\n  eve: { roles: [agnet] }') + '  - name: uses eve\n    actor: eve\n    permission: reports\n';
    const r = await runSuite(text);
    expect(r.code).toBe(1);
    const [run] = JSON.parse(r.stdout) as JsonRun[];
    const mine = run!.results.filter((c) => c.file.endsWith('typos.yaml'));
    expect(mine.map((c) => c.status)).toEqual(['passed', 'error']);
    expect(mine[1]!.errors!.map((d) => [d.rule, d.path])).toEqual([['unknown-reference', '/actors/eve/roles/0']]);
    const unused = await runSuite(HEAD.replace('ben: { roles: [agent], tier: north }', 'ben: { roles: [agent], tier: north }\n  eve: { roles: [agnet] }'));
    expect(unused.code).toBe(1);
    expect((JSON.parse(unused.stderr) as Diagnostic[]).map((d) => d.path)).toEqual(['/actors/eve/roles/0']);
  });

  it('the text summary counts cases that could not run as failed', async () => {
    const r = await runSuite(HEAD + TYPOS[0]![1], 'pretty');
    expect(r.code).toBe(1);
    expect(r.stdout.trim().split('\n').at(-1)).toBe('13 passed, 1 failed (1 could not run)');
  });
});

/** Parses JUnit XML and checks its structure: counts on every level equal the elements present. */
function junit(text: string): { suites: { name: string; cases: { name: string; failure?: unknown; error?: unknown }[] }[] } {
  expect(XMLValidator.validate(text)).toBe(true);
  const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => name === 'testsuite' || name === 'testcase' }).parse(text) as {
    testsuites: { tests: string; failures: string; errors: string; testsuite?: { name: string; tests: string; failures: string; errors: string; testcase: { name: string; failure?: unknown; error?: unknown }[] }[] };
  };
  const root = doc.testsuites;
  expect(root).toBeDefined();
  const suites = root.testsuite ?? [];
  const all = suites.flatMap((s) => s.testcase);
  const counts = (cases: { failure?: unknown; error?: unknown }[]) => ({
    tests: String(cases.length),
    failures: String(cases.filter((c) => c.failure !== undefined).length),
    errors: String(cases.filter((c) => c.error !== undefined).length),
  });
  expect({ tests: root.tests, failures: root.failures, errors: root.errors }).toEqual(counts(all));
  for (const s of suites) expect({ tests: s.tests, failures: s.failures, errors: s.errors }).toEqual(counts(s.testcase));
  return { suites: suites.map((s) => ({ name: s.name, cases: s.testcase })) };
}

describe('policyc test --format junit and json never hide a failure', () => {
  it('a suite that fails its schema is a failed test case (<error>) and exits 1', async () => {
    const r = await runSuite(HEAD + '  - name: no question asked\n    expect: maybe\n', 'junit');
    expect(r.code).toBe(1);
    const { suites } = junit(r.stdout);
    const bad = suites.find((s) => s.name === 'policies/tiered/tests/typos.yaml')!;
    expect(bad.cases).toHaveLength(1);
    expect(bad.cases[0]!.error).toBeDefined();
    expect(JSON.stringify(bad.cases[0]!.error)).toContain('PC2001');
    const json = await runSuite(HEAD + '  - name: no question asked\n    expect: maybe\n', 'json');
    expect(json.code).toBe(1);
    const [run] = JSON.parse(json.stdout) as JsonRun[];
    expect(run!.results.filter((c) => c.status === 'error').map((c) => c.errors!.map((d) => d.rule))).toEqual([['schema']]);
    expect(run!.summary.errors).toBe(1);
  });

  it('a suite that is not YAML is a failed test case too', async () => {
    const r = await runSuite('cases: [\n', 'junit');
    expect(r.code).toBe(1);
    const { suites } = junit(r.stdout);
    expect(suites.find((s) => s.name === 'policies/tiered/tests/typos.yaml')!.cases[0]!.error).toBeDefined();
  });

  it('an unknown id is an <error> case', async () => {
    const r = await runSuite(HEAD + TYPOS[1]![1], 'junit');
    expect(r.code).toBe(1);
    const { suites } = junit(r.stdout);
    expect(suites.flatMap((s) => s.cases).filter((c) => c.error !== undefined).map((c) => c.name)).toEqual(['x']);
  });

  it.each(['junit', 'json', 'pretty'])('a policy with errors is reported as a failed case in %s, and exits 1', async (format) => {
    const cwd = project();
    const p = join(cwd, 'policies/tiered/policy.yaml');
    writeFileSync(p, readFileSync(p, 'utf8').replace('scale: toggle\n    minPlan: pro', 'scale: togle\n    minPlan: pro'));
    const r = await cli(['test', '--format', format], cwd);
    expect(r.code).toBe(1);
    if (format === 'junit') {
      const { suites } = junit(r.stdout);
      const cases = suites.flatMap((s) => s.cases);
      expect(cases).toHaveLength(1);
      expect(JSON.stringify(cases[0]!.error)).toContain('PC3001');
    } else if (format === 'json') {
      const [run] = JSON.parse(r.stdout) as JsonRun[];
      expect(run!.coverage).toBeNull();
      expect(run!.results.map((c) => [c.status, c.errors!.map((d) => d.rule)])).toEqual([['error', ['unknown-reference']]]);
    } else {
      expect(r.stdout.trim().split('\n').at(-1)).toBe('0 passed, 1 failed (1 could not run)');
      expect(r.stderr).toContain('PC3001');
    }
  });
});

describe('policyc test: a failed case says what the actor holds, and why', () => {
  it('a permission case shows the value and the explain chain with its source position', async () => {
    const r = await runSuite(HEAD + '  - name: agents hold reports\n    roles: [agent]\n    permission: reports\n    expect: allow\n', 'json');
    expect(r.code).toBe(1);
    const [run] = JSON.parse(r.stdout) as JsonRun[];
    const failed = run!.results.find((c) => c.status === 'failed')!;
    expect(failed.explanation![0]).toBe('role agent holds reports = off');
    expect(failed.explanation!.slice(1).join('\n')).toContain('not granted to agent');
    const granted = await runSuite(HEAD + '  - name: managers lack reports\n    roles: [manager]\n    permission: reports\n', 'pretty');
    expect(granted.code).toBe(1);
    // The chain ends at the grant, with its file:line:column.
    expect(granted.stdout).toMatch(/role manager holds reports = on\n\s+- .*manager.*\(policies\/tiered\/policy\.yaml:\d+:\d+\)/);
  });

  it('an access case shows the relations and what the actor holds of the permissions that could allow it', async () => {
    const r = await runSuite(HEAD + '  - name: a store member reads the regional conversation\n    actor: { id: x, roles: [agent], tier: taipei }\n    resource: north_conversation\n    action: read\n    expect: allow\n', 'pretty');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('relations of the actor to the conversation: assigned, public');
    expect(r.stdout).toMatch(/the actor \(role agent, tier node taipei\) holds folders\.department = on\n\s+agent holds folders\.department = off/);
  });

  it('the coverage line names the first uncovered cells, then how many more', async () => {
    const r = await runSuite(HEAD, 'pretty');
    const line = r.stdout.split('\n').find((l) => l.includes('cells no case asserts:'))!;
    const [run] = JSON.parse((await runSuite(HEAD, 'json')).stdout) as (JsonRun & { coverage: { cells: { missing: string[] } } })[];
    const missing = run!.coverage.cells.missing;
    expect(missing.length).toBeGreaterThan(5);
    expect(line.trim()).toBe(`cells no case asserts: ${missing.slice(0, 5).join('; ')}; and ${missing.length - 5} more`);
  });
});

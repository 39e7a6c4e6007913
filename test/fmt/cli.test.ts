// `policyc fmt` end to end: what it writes and what it leaves alone, --check, exit codes, every
// output format, and the failure paths (a file that does not parse, unknown paths, bad options).

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { cli, SCHEMA_LINE, writeTree } from '../helpers.js';

const FORMATTED = `${SCHEMA_LINE(2)}\ntitle: T\nscales:\n  access:\n    levels: [off, read, edit]\npermissions:\n  tickets:\n    label: Tickets\n    scale: access\nroles:\n  owner:\n    name: Owner\n    kind: owner\n`;
const UNFORMATTED_ROLE = `${SCHEMA_LINE(3)}\nroles:\n    agent:\n        kind: builtin\n        name: Agent\n        grants: { tickets: edit }\n`;
const FORMATTED_ROLE = `${SCHEMA_LINE(3)}\nroles:\n  agent:\n    name: Agent\n    kind: builtin\n    grants:\n      tickets: edit\n`;
const UNFORMATTED_TEST = `${SCHEMA_LINE(3).replace('policy.schema', 'policy-test.schema')}\ncases:\n  - { expect: allow, name: agents edit tickets, roles: [agent], permission: tickets }\n`;

/** A project with one policy: policy.yaml formatted, a role file and a test suite that are not. */
function project(extra: Record<string, string> = {}): string {
  return writeTree({
    'policies/p/policy.yaml': FORMATTED,
    'policies/p/roles/agent.yaml': UNFORMATTED_ROLE,
    'policies/p/tests/cases.yaml': UNFORMATTED_TEST,
    ...extra,
  });
}

const read = (cwd: string, f: string): string => readFileSync(join(cwd, f), 'utf8');

describe('policyc fmt', () => {
  it('writes the files that change, only those, and leaves no temporary file', async () => {
    const cwd = project();
    const before = statSync(join(cwd, 'policies/p/policy.yaml'));
    const r = await cli(['fmt'], cwd);
    expect(r.code).toBe(0);
    expect(read(cwd, 'policies/p/roles/agent.yaml')).toBe(FORMATTED_ROLE);
    expect(read(cwd, 'policies/p/tests/cases.yaml')).toContain('  - name: agents edit tickets\n    roles: [agent]\n    permission: tickets\n    expect: allow\n');
    // The formatted file was not rewritten (same inode and modification time).
    const after = statSync(join(cwd, 'policies/p/policy.yaml'));
    expect([after.ino, after.mtimeMs]).toEqual([before.ino, before.mtimeMs]);
    expect(r.stderr).toContain('formatted policies/p/roles/agent.yaml');
    expect(r.stderr).not.toContain('formatted policies/p/policy.yaml');
    expect(readdirSync(join(cwd, 'policies/p/roles'))).toEqual(['agent.yaml']);
    // The result is formatted and still a valid policy.
    expect((await cli(['fmt', '--check'], cwd)).code).toBe(0);
    expect((await cli(['check'], cwd)).code).toBe(0);
  });

  it('--check writes nothing, names every file that would change at its first difference, exits 1', async () => {
    const cwd = project();
    const r = await cli(['fmt', '--check', '--format', 'json'], cwd);
    expect(r.code).toBe(1);
    const diags = JSON.parse(r.stdout) as Diagnostic[];
    expect(diags.map((d) => [d.rule, d.code, d.file, d.line, d.column])).toEqual([
      ['unformatted', 'PC6001', 'policies/p/roles/agent.yaml', 4, 3],
      ['unformatted', 'PC6001', 'policies/p/tests/cases.yaml', 4, 5],
    ]);
    expect(read(cwd, 'policies/p/roles/agent.yaml')).toBe(UNFORMATTED_ROLE);
    expect(read(cwd, 'policies/p/tests/cases.yaml')).toBe(UNFORMATTED_TEST);
  });

  it('--check on formatted files exits 0', async () => {
    const cwd = writeTree({ 'policies/p/policy.yaml': FORMATTED });
    const r = await cli(['fmt', '--check'], cwd);
    expect([r.code, r.stdout]).toEqual([0, '']);
  });

  it('takes folders and single files', async () => {
    const cwd = project();
    const r = await cli(['fmt', 'policies/p/roles/agent.yaml'], cwd);
    expect(r.code).toBe(0);
    expect(read(cwd, 'policies/p/roles/agent.yaml')).toBe(FORMATTED_ROLE);
    expect(read(cwd, 'policies/p/tests/cases.yaml')).toBe(UNFORMATTED_TEST);
  });

  it('a file that does not parse is reported with the loader diagnostic and left as it is; the others are formatted', async () => {
    const broken = `${SCHEMA_LINE(3)}roles:\n  agent: { name: [Agent }\n`;
    const cwd = project({ 'policies/p/roles/broken.yaml': broken });
    const r = await cli(['fmt', '--format', 'json'], cwd);
    expect(r.code).toBe(1);
    const diags = JSON.parse(r.stdout) as Diagnostic[];
    expect([...new Set(diags.map((d) => `${d.rule} ${d.code} ${d.file}:${d.line}`))]).toEqual(['yaml-syntax PC1001 policies/p/roles/broken.yaml:3']);
    expect(read(cwd, 'policies/p/roles/broken.yaml')).toBe(broken);
    expect(read(cwd, 'policies/p/roles/agent.yaml')).toBe(FORMATTED_ROLE);
  });

  it('a file fmt cannot lay out safely is left as it is (format-unsafe)', async () => {
    const text = readFileSync(join(import.meta.dirname, '../fixtures/fmt/alias-order.yaml'), 'utf8');
    const cwd = writeTree({ 'policies/p/policy.yaml': text });
    const r = await cli(['fmt', '--format', 'json'], cwd);
    expect(r.code).toBe(1);
    expect((JSON.parse(r.stdout) as Diagnostic[]).map((d) => [d.rule, d.line, d.column])).toEqual([['format-unsafe', 12, 13]]);
    expect(read(cwd, 'policies/p/policy.yaml')).toBe(text);
  });

  it.each([
    ['an unknown folder', ['fmt', 'policies/nope']],
    ['a file that is not YAML', ['fmt', 'policies/p/notes.txt']],
    ['--out', ['fmt', '--out', 'x']],
    ['--target', ['fmt', '--target', 'spicedb']],
    ['an unknown format', ['fmt', '--format', 'junit']],
  ])('%s is a usage or I/O error (2) that changes nothing', async (_what, args) => {
    const cwd = project({ 'policies/p/notes.txt': 'notes' });
    const r = await cli(args, cwd);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^policyc: /);
    expect(read(cwd, 'policies/p/roles/agent.yaml')).toBe(UNFORMATTED_ROLE);
  });

  it('without policies/ and without arguments, exits 2', async () => {
    const r = await cli(['fmt'], writeTree({ 'x.yaml': FORMATTED }));
    expect(r.code).toBe(2);
  });

  it('github and sarif formats carry the same findings', async () => {
    const cwd = project();
    const gh = await cli(['fmt', '--check', '--format', 'github'], cwd);
    expect(gh.code).toBe(1);
    const lines = gh.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^::error file=policies\/p\/roles\/agent\.yaml,line=4,/);
    expect(lines[1]).toMatch(/^::error file=policies\/p\/tests\/cases\.yaml,line=4,/);
    const sarif = await cli(['fmt', '--check', '--format', 'sarif'], cwd);
    expect(sarif.code).toBe(1);
    const log = JSON.parse(sarif.stdout) as { runs: { results: { ruleId: string }[] }[] };
    expect(log.runs[0]!.results.map((x) => x.ruleId)).toEqual(['PC6001', 'PC6001']);
  });
});

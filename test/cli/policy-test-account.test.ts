// Policy test suites with account data: cases run against the account's own roles, cells, members
// and tier nodes through the runtime kernel, and invalid account data fails the suite at its pointer.

import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, ROOT, tempDir } from '../helpers.js';

function project(suite: string): string {
  const cwd = tempDir();
  cpSync(join(ROOT, 'policies/userlike'), join(cwd, 'policies/userlike'), { recursive: true });
  cpSync(join(ROOT, 'schema'), join(cwd, 'schema'), { recursive: true });
  writeFileSync(join(cwd, 'policies/userlike/tests/99-mine.yaml'), `# yaml-language-server: $schema=../../../schema/policy-test.schema.json\n${suite}`);
  return cwd;
}

describe('policyc test with account data', () => {
  it('answers with the account: a customised cell and a member by id', async () => {
    const cwd = project(`account:\n  roles: { staff: { analytics: read } }\n  members:\n    - { id: o, roles: [owner] }\n    - { id: s, roles: [staff] }\ncases:\n  - { name: account cell, actor: s, permission: analytics, atLeast: read, expect: allow }\n  - { name: policy default without the account, roles: [staff], permission: analytics, atLeast: edit }\n`);
    const r = await cli(['test', 'policies/userlike', '--format', 'json'], cwd);
    expect(r.code).toBe(0);
    const mine = (JSON.parse(r.stdout) as { results: { file: string; status: string }[] }[])[0]!.results.filter((c) => c.file.endsWith('99-mine.yaml'));
    expect(mine.map((c) => c.status)).toEqual(['passed', 'passed']);
  });

  it('invalid account data is an error at its JSON pointer, and every case of the suite fails', async () => {
    const cwd = project(`account:\n  roles: { staff: { analytics: superuser } }\ncases:\n  - { name: anything, roles: [staff], permission: analytics }\n`);
    const r = await cli(['test', 'policies/userlike', '--format', 'json'], cwd);
    expect(r.code).toBe(1);
    const mine = (JSON.parse(r.stdout) as { results: { file: string; status: string; errors?: { rule: string; path: string; line: number; column: number }[] }[] }[])[0]!.results.filter((c) => c.file.endsWith('99-mine.yaml'));
    expect(mine.map((c) => c.status)).toEqual(['error']);
    expect(mine[0]!.errors!.map((e) => [e.rule, e.path, e.line, e.column])).toEqual([['invalid-level', '/account/roles/staff/analytics', 3, 32]]);
  });

  it('a custom role of the account is a known role id in the suite; a misspelt one is not', async () => {
    const cwd = project(`account:\n  customRoles: [{ id: night, name: Night desk, grants: { analytics: read } }]\ncases:\n  - { name: custom, roles: [night], permission: analytics, expect: allow }\n  - { name: typo, roles: [nigth], permission: analytics }\n`);
    const r = await cli(['test', 'policies/userlike'], cwd);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/99-mine\.yaml:\d+:\d+ - error PC3001 unknown-reference: unknown role "nigth"/);
  });
});

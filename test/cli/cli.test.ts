// The command line end to end: exit codes, output formats, build / --check, export, explain.

import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bin, cli, CLI, MINIMAL, ROOT, tempDir, writeTree } from '../helpers.js';

const FIXTURE = join(ROOT, 'test/fixtures/golden/helpdesk');

/** A temporary project with policies/helpdesk copied from the golden fixture. */
function project(): string {
  const cwd = tempDir();
  cpSync(FIXTURE, join(cwd, 'policies/helpdesk'), { recursive: true });
  return cwd;
}

const BROKEN = MINIMAL.replace('tickets: edit', 'tickets: admin').replace(
  '  owner: { name: Owner, kind: owner }',
  '  owner:\n    name: Owner\n    kind: owner\n    inherits: [agnet]',
);

describe('exit codes and usage', () => {
  it.each([
    [[], 2],
    [['--help'], 0],
    [['help'], 0],
    [['--version'], 0],
    [['chekc'], 2],
    [['check', '--frobnicate'], 2],
    [['check', '--format', 'xml'], 2],
    [['check', '--check'], 2],
    [['export'], 2],
    [['explain', 'policies/helpdesk'], 2],
  ])('policyc %j exits %i', async (args, code) => {
    const r = await cli(args as string[], project());
    expect(r.code).toBe(code);
    if (code === 2) expect(r.stderr).toMatch(/^policyc: /);
  });

  it('suggests the closest command', async () => {
    const r = await cli(['chekc'], project());
    expect(r.stderr).toContain('did you mean "check"?');
  });

  it('a missing folder is an I/O error (2) with one clear line', async () => {
    const r = await cli(['check', 'policies/nope'], project());
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('policyc: policy folder not found: policies/nope\n');
  });

  it('without policies/ and without arguments, exits 2', async () => {
    const r = await cli(['check'], tempDir());
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no policies/ folder');
  });
});

describe('check', () => {
  it('defaults to every folder in policies/', async () => {
    const cwd = project();
    cpSync(FIXTURE, join(cwd, 'policies/second'), { recursive: true });
    const r = await cli(['check'], cwd);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('2 policies ok\n');
  });

  it('exits 1 and reports every problem of a broken policy', async () => {
    const cwd = writeTree({ 'policies/p/policy.yaml': BROKEN });
    const r = await cli(['check', '--format', 'json'], cwd);
    expect(r.code).toBe(1);
    const list = JSON.parse(r.stdout) as Record<string, unknown>[];
    expect(list.map((d) => [d.rule, d.line, d.column])).toEqual([
      ['owner-grants', 13, 5],
      ['unknown-reference', 13, 16],
      ['invalid-level', 17, 16],
    ]);
    for (const d of list) {
      expect(Object.keys(d).sort()).toEqual(['code', 'column', 'file', 'hint', 'line', 'message', 'path', 'rule', 'severity'].filter((k) => k !== 'hint' || 'hint' in d).sort());
      expect(d.file).toBe('policies/p/policy.yaml');
    }
  });

  it('pretty output has file:line:col, a code frame, the rule and a hint', async () => {
    const cwd = writeTree({ 'policies/p/policy.yaml': BROKEN });
    const r = await cli(['check'], cwd);
    expect(r.stdout).toContain('policies/p/policy.yaml:17:16 - error PC3005 invalid-level: "admin" is not a level of tickets');
    expect(r.stdout).toContain('> 17 |       tickets: admin');
    expect(r.stdout).toMatch(/\n\s+\|\s+\^\n/);
    expect(r.stdout).toContain('hint: use one of: off, read, edit');
    expect(r.stdout).not.toContain('\x1b[');
  });

  it('--color forces ANSI colour', async () => {
    const cwd = writeTree({ 'policies/p/policy.yaml': BROKEN });
    const r = await cli(['check', '--color'], cwd);
    expect(r.stdout).toContain('\x1b[31;1merror');
  });

  it('github format emits workflow commands', async () => {
    const cwd = writeTree({ 'policies/p/policy.yaml': BROKEN });
    const r = await cli(['check', '--format', 'github'], cwd);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toMatch(/^::error file=policies\/p\/policy.yaml,line=17,col=16,title=PC3005 invalid-level::/);
  });

  it('does not load the code generator', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'hooks.mjs'), "export async function resolve(s, c, next) { if (s === 'handlebars' || /[/](chunk-)?emit-guards[-.]/.test(s)) throw new Error('the code generator was loaded'); return next(s, c); }\n");
    writeFileSync(join(dir, 'register.mjs'), "import { register } from 'node:module';\nregister('./hooks.mjs', import.meta.url);\n");
    const run = (cmd: string) =>
      spawnSync(process.execPath, ['--import', join(dir, 'register.mjs'), CLI, cmd, FIXTURE, ...(cmd === 'build' ? ['--out', join(dir, 'out')] : [])], { encoding: 'utf8' });
    const check = run('check');
    expect(check.stderr).toBe('1 policy ok\n');
    expect(check.status).toBe(0);
    // The same hook does stop build, so the check above proves something.
    const build = run('build');
    expect(build.status).not.toBe(0);
    expect(build.stderr).toContain('the code generator was loaded');
  });
});

describe('build', () => {
  it('writes README.md, guards.ts, policy.json and account.schema.json; a second build changes nothing', async () => {
    const cwd = project();
    const first = await cli(['build'], cwd);
    expect(first.code).toBe(0);
    expect(readdirSync(join(cwd, 'generated/helpdesk')).sort()).toEqual(['.policyc-manifest.json', 'README.md', 'account.schema.json', 'guards.ts', 'policy.json']);
    expect(first.stderr).toContain('wrote generated/helpdesk');
    const second = await cli(['build'], cwd);
    expect(second.stderr).toContain('unchanged generated/helpdesk');
    expect(readdirSync(join(cwd, 'generated')).filter((f) => f.startsWith('.'))).toEqual([]);
  });

  it('is deterministic: two projects give identical bytes', async () => {
    const a = project();
    const b = project();
    await cli(['build'], a);
    await cli(['build'], b);
    for (const f of ['README.md', 'account.schema.json', 'guards.ts', 'policy.json']) {
      expect(readFileSync(join(a, 'generated/helpdesk', f))).toEqual(readFileSync(join(b, 'generated/helpdesk', f)));
    }
  });

  it('--check passes when current and lists stale, missing and extra files otherwise', async () => {
    const cwd = project();
    expect((await cli(['build', '--check'], cwd)).code).toBe(1);
    await cli(['build'], cwd);
    const ok = await cli(['build', '--check'], cwd);
    expect(ok.code).toBe(0);
    writeFileSync(join(cwd, 'generated/helpdesk/README.md'), 'edited by hand\n');
    rmSync(join(cwd, 'generated/helpdesk/policy.json'));
    writeFileSync(join(cwd, 'generated/helpdesk/notes.txt'), 'stray\n');
    const bad = await cli(['build', '--check'], cwd);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('stale:   generated/helpdesk/README.md');
    expect(bad.stderr).toContain('missing: generated/helpdesk/policy.json');
    expect(bad.stderr).toContain('extra:   generated/helpdesk/notes.txt');
    // --check never writes.
    expect(readFileSync(join(cwd, 'generated/helpdesk/README.md'), 'utf8')).toBe('edited by hand\n');
  });

  it('a policy change in the source makes --check fail', async () => {
    const cwd = project();
    await cli(['build'], cwd);
    const file = join(cwd, 'policies/helpdesk/roles/staff.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('name: Agent', 'name: Support agent'));
    const r = await cli(['build', '--check'], cwd);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('stale:   generated/helpdesk/guards.ts');
  });

  it('a failed build leaves generated/ exactly as it was', async () => {
    const cwd = project();
    await cli(['build'], cwd);
    const before = readFileSync(join(cwd, 'generated/helpdesk/guards.ts'));
    cpSync(FIXTURE, join(cwd, 'policies/zz_broken'), { recursive: true });
    writeFileSync(join(cwd, 'policies/zz_broken/policy.yaml'), BROKEN);
    // helpdesk itself changed too, so a partial build would rewrite it.
    const staff = join(cwd, 'policies/helpdesk/roles/staff.yaml');
    writeFileSync(staff, readFileSync(staff, 'utf8').replace('name: Agent', 'name: Support agent'));
    const r = await cli(['build'], cwd);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('nothing was written');
    expect(readFileSync(join(cwd, 'generated/helpdesk/guards.ts'))).toEqual(before);
    expect(existsSync(join(cwd, 'generated/zz_broken'))).toBe(false);
    expect(readdirSync(join(cwd, 'generated'))).toEqual(['helpdesk']);
  });

  it('--out chooses the output folder', async () => {
    const cwd = project();
    expect((await cli(['build', '--out', 'out/gen'], cwd)).code).toBe(0);
    expect(existsSync(join(cwd, 'out/gen/helpdesk/guards.ts'))).toBe(true);
  });
});

describe('export and explain', () => {
  it('export prints exactly generated/<name>/policy.json', async () => {
    const cwd = project();
    await cli(['build'], cwd);
    const r = await cli(['export', 'policies/helpdesk'], cwd);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(readFileSync(join(cwd, 'generated/helpdesk/policy.json'), 'utf8'));
    const ir = JSON.parse(r.stdout);
    expect(ir.roles.agent).toMatchObject({ name: 'Agent', kind: 'builtin', grants: { 'tickets.view': 'edit' }, allowed: { 'tickets.view': ['read', 'edit'] } });
    expect(ir.roles.analyst.grants['tickets.reports']).toEqual(['read', 'update']);
    expect(ir.permissions['tickets.view']).toMatchObject({ scale: 'access', levels: ['off', 'read', 'edit'], adminOnly: false, ownerOnly: false });
    expect(ir.limits).toMatchObject({ maxRoles: 20, maxCustomRoles: 5, minOwners: 1 });
  });

  it('export of a broken policy prints diagnostics to stderr and exits 1', async () => {
    const cwd = writeTree({ 'policies/p/policy.yaml': BROKEN });
    const r = await cli(['export', 'policies/p'], cwd);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('invalid-level');
  });

  it('explain shows each step: own grant, parent, implication', async () => {
    const r = await cli(['explain', 'policies/helpdesk', 'admin', 'tickets.view'], project());
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')).toEqual([
      'admin holds tickets.view = edit',
      '  - inherited from agent, which holds edit',
      '    - own grant of agent: edit (policies/helpdesk/roles/staff.yaml:7:21)',
      '  - inherited from analyst, which holds read',
      '    - implied by tickets.reports (held at [read, update]), which brings at least read',
      '      - own grant of analyst: [read, update] (policies/helpdesk/roles/staff.yaml:12:24)',
      '  - implied by tickets.reports (held at [export, read, update]), which brings at least read',
      '    - own grant of admin: [export, read] (policies/helpdesk/roles/admin.yaml:10:24)',
      '    - inherited from analyst, which holds [read, update]',
      '  it is fixed for this role',
      '',
    ]);
  });

  it('explain without a permission lists every permission with its cause', async () => {
    const r = await cli(['explain', 'policies/helpdesk', 'night_shift'], project());
    expect(r.stdout).toContain('night_shift (Night shift オペレーター, custom, inherits agent)');
    expect(r.stdout).toContain('tickets.view = edit  [inherited from agent]');
    expect(r.stdout).toContain('settings.brand = off  [not granted]');
  });

  it('explain with an unknown role or permission exits 2 with a suggestion', async () => {
    const a = await cli(['explain', 'policies/helpdesk', 'agnet'], project());
    expect(a.code).toBe(2);
    expect(a.stderr).toContain('did you mean "agent"?');
    const b = await cli(['explain', 'policies/helpdesk', 'agent', 'tickets.veiw'], project());
    expect(b.code).toBe(2);
    expect(b.stderr).toContain('did you mean "tickets.view"?');
  });
});

describe('the built binary', () => {
  it('runs as a user would and prints no stack trace on bad input', () => {
    const cwd = writeTree({ 'policies/p/policy.yaml': BROKEN });
    const r = bin(['check'], cwd);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('invalid-level');
    expect(r.stdout + r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
    expect(bin(['check', 'missing'], cwd).code).toBe(2);
  });

  it('is executable by itself, as the package bin that npx links to', () => {
    // npm sets the bit only when it links a bin; `npx policyc` reuses an earlier link, so the
    // build must leave the file executable itself.
    expect(statSync(CLI).mode & 0o111).toBe(0o111);
    expect(readFileSync(CLI, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    const r = spawnSync(CLI, ['--version'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
  });
});

describe('build output safety', () => {
  it('refuses two policies that would write the same folder, before writing anything', async () => {
    const cwd = project();
    cpSync(FIXTURE, join(cwd, 'other/helpdesk'), { recursive: true });
    const r = await cli(['build', 'policies/helpdesk', 'other/helpdesk'], cwd);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('would both be written to generated/helpdesk');
    expect(existsSync(join(cwd, 'generated'))).toBe(false);
  });

  it('refuses an output folder that overlaps a policy folder', async () => {
    const cwd = project();
    const r = await cli(['build', '--out', 'policies'], cwd);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('overlaps the policy folder');
    expect(existsSync(join(cwd, 'policies/helpdesk/policy.yaml'))).toBe(true);
  });

  it('recovers from a build killed between staging and swapping, and --check reports leftovers', async () => {
    const cwd = project();
    await cli(['build'], cwd);
    // What a killed build leaves: a staged folder and the old output moved aside (dead pid 999999).
    cpSync(join(cwd, 'generated/helpdesk'), join(cwd, 'generated/.policyc-new-helpdesk-999999-abc'), { recursive: true });
    renameSync(join(cwd, 'generated/helpdesk'), join(cwd, 'generated/.policyc-old-helpdesk-999999-abc'));
    const check = await cli(['build', '--check'], cwd);
    expect(check.code).toBe(1);
    expect(check.stderr).toContain('extra:   generated/.policyc-new-helpdesk-999999-abc/');
    expect((await cli(['build'], cwd)).code).toBe(0);
    expect(readdirSync(join(cwd, 'generated'))).toEqual(['helpdesk']);
    expect((await cli(['build', '--check'], cwd)).code).toBe(0);
  });
});

// Watch mode driven by real file changes in temporary folders: edits, broken saves and fixes,
// files added, deleted and renamed, editors' atomic saves, two policies, and Ctrl-C.

import { spawn } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CheckResult } from '../../src/compile.js';
import { startWatch, type RebuildEvent, type WatchHandle } from '../../src/cli/watch.js';
import { CLI, ROOT, SCHEMA_LINE, tempDir } from '../helpers.js';

const FIXTURE = join(ROOT, 'test/fixtures/golden/helpdesk');

/** Polls until `check` holds; generous, since a loaded machine can be slow, but returns at once when it holds. */
async function until(check: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 15));
  }
}

interface Session {
  cwd: string;
  handle: WatchHandle;
  events: RebuildEvent[];
  log: string[];
  reports: CheckResult[];
  output: (policy: string, file: string) => string;
}

const open: WatchHandle[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((h) => h.close()));
});

async function session(policies: string[] = ['helpdesk'], dirs: string[] = []): Promise<Session> {
  const cwd = tempDir();
  for (const p of policies) cpSync(FIXTURE, join(cwd, 'policies', p), { recursive: true });
  const events: RebuildEvent[] = [];
  const log: string[] = [];
  const reports: CheckResult[] = [];
  const handle = startWatch({ cwd, dirs, debounceMs: 20, report: (r) => reports.push(r), log: (l) => log.push(l), onRebuild: (e) => events.push(e) });
  open.push(handle);
  await handle.ready;
  const output = (policy: string, file: string): string => {
    try {
      return readFileSync(join(cwd, 'generated', policy, file), 'utf8');
    } catch {
      return '';
    }
  };
  return { cwd, handle, events, log, reports, output };
}

/** Every folder and file below generated/ with its inode and modification time: any write changes it. */
function stamps(cwd: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string): void => {
    const st = statSync(join(cwd, dir), { bigint: true });
    out[dir] = `${st.ino}:${st.mtimeNs}:${st.ctimeNs}`;
    if (st.isDirectory()) for (const e of readdirSync(join(cwd, dir)).sort()) walk(`${dir}/${e}`);
  };
  walk('generated');
  return out;
}

const staff = (cwd: string, p = 'helpdesk'): string => join(cwd, 'policies', p, 'roles/staff.yaml');
const edit = (file: string, from: string, to: string): void => writeFileSync(file, readFileSync(file, 'utf8').replace(from, to));

describe('policyc watch', () => {
  it('builds at start, then rebuilds after an edit and says so in one line', async () => {
    const s = await session();
    expect(s.output('helpdesk', 'guards.ts')).toContain('"night_shift"');
    expect(s.log.some((l) => /^(rebuilt|unchanged) generated\/helpdesk in \d+ ms\n$/.test(l))).toBe(true);
    edit(staff(s.cwd), 'name: Agent', 'name: Support agent');
    await until(() => s.output('helpdesk', 'guards.ts').includes('"Support agent"'), 'the edit to reach guards.ts');
    await until(() => s.log.some((l) => l.startsWith('rebuilt generated/helpdesk in ')), 'the rebuilt line');
  });

  it('keeps the last good output after a broken save, prints the diagnostic, and rebuilds once fixed', async () => {
    const s = await session();
    const good = s.output('helpdesk', 'guards.ts');
    edit(staff(s.cwd), 'tickets.view: { default: edit, allowed: [read] }', 'tickets.view: { default: admin }');
    await until(() => s.events.some((e) => !e.ok), 'the broken rebuild');
    expect(s.reports.at(-1)!.diagnostics.map((d) => d.rule)).toContain('invalid-level');
    expect(s.log.at(-1)).toMatch(/^policies\/helpdesk has \d+ errors?; kept the last good output\n$/);
    expect(s.output('helpdesk', 'guards.ts')).toBe(good);
    // A person fixes the file a moment later; chokidar drops a second change of one file that
    // lands within a few milliseconds of the first.
    await new Promise((r) => setTimeout(r, 250));
    edit(staff(s.cwd), 'tickets.view: { default: admin }', 'tickets.view: { default: edit }');
    await until(() => s.events.at(-1)?.ok === true && s.events.at(-1)!.written, 'the fixed rebuild');
    expect(s.output('helpdesk', 'guards.ts')).not.toBe(good);
  });

  it('follows role files added, renamed and deleted', async () => {
    const s = await session();
    const roles = join(s.cwd, 'policies/helpdesk/roles');
    writeFileSync(join(roles, 'extra.yaml'), `${SCHEMA_LINE(5)}roles:\n  weekend:\n    name: Weekend cover\n    kind: custom\n    inherits: [agent]\n`);
    await until(() => s.output('helpdesk', 'guards.ts').includes('"weekend"'), 'the added role');
    const count = s.events.length;
    renameSync(join(roles, 'extra.yaml'), join(roles, 'weekend.yaml'));
    await until(() => s.events.length > count, 'a rebuild after the rename');
    expect(s.events.at(-1)!.ok).toBe(true);
    expect(s.output('helpdesk', 'guards.ts')).toContain('"weekend"');
    rmSync(join(roles, 'weekend.yaml'));
    await until(() => !s.output('helpdesk', 'guards.ts').includes('"weekend"'), 'the deleted role to disappear');
  });

  it("handles an editor's atomic save: write a temporary file, then rename it over the original", async () => {
    const s = await session();
    const file = staff(s.cwd);
    const tmp = `${file}.policyc-test~`;
    writeFileSync(tmp, readFileSync(file, 'utf8').replace('name: Agent', 'name: Atomic agent'));
    renameSync(tmp, file);
    await until(() => s.output('helpdesk', 'guards.ts').includes('"Atomic agent"'), 'the atomic save to be rebuilt');
    expect(existsSync(tmp)).toBe(false);
  });

  it('a save that leaves the resolved policy as it was writes nothing, yet restores an output changed by hand', async () => {
    const s = await session();
    const good = s.output('helpdesk', 'guards.ts');
    const before = stamps(s.cwd);
    expect(Object.keys(before)).toContain('generated/helpdesk/guards.ts');
    let count = s.events.length;
    edit(staff(s.cwd), 'name: Agent', 'name: Agent # a comment only');
    await until(() => s.events.length > count, 'the rebuild after a comment');
    expect(s.events.at(-1)).toMatchObject({ ok: true, written: false });
    // Not a file of the output rewritten, and no lock taken in generated/ (its time would change).
    expect(stamps(s.cwd)).toEqual(before);
    count = s.events.length;
    await new Promise((r) => setTimeout(r, 250));
    edit(staff(s.cwd), 'name: Agent # a comment only', 'name:   Agent   # spaces and a comment');
    await until(() => s.events.length > count, 'the rebuild after whitespace');
    expect(s.events.at(-1)).toMatchObject({ ok: true, written: false });
    expect(stamps(s.cwd)).toEqual(before);
    writeFileSync(join(s.cwd, 'generated/helpdesk/guards.ts'), 'changed by hand\n');
    count = s.events.length;
    await new Promise((r) => setTimeout(r, 250));
    edit(staff(s.cwd), 'name:   Agent   # spaces and a comment', 'name: Agent # another comment');
    await until(() => s.events.length > count, 'the rebuild after another comment');
    expect(s.events.at(-1)).toMatchObject({ ok: true, written: true });
    expect(s.output('helpdesk', 'guards.ts')).toBe(good);
  });

  it('rebuilds only the policy whose files changed', async () => {
    const s = await session(['alpha', 'beta']);
    expect(s.events.map((e) => e.dir).sort()).toEqual(['policies/alpha', 'policies/beta']);
    const before = s.events.length;
    edit(staff(s.cwd, 'beta'), 'name: Agent', 'name: Beta agent');
    await until(() => s.output('beta', 'guards.ts').includes('"Beta agent"'), 'beta to be rebuilt');
    // Give a wrongly scheduled rebuild of alpha time to show up.
    await new Promise((r) => setTimeout(r, 300));
    expect(s.events.slice(before).map((e) => e.dir)).toEqual(['policies/beta']);
  });

  it('ignores files that are not policy sources (tests/, other extensions)', async () => {
    const s = await session();
    const before = s.events.length;
    writeFileSync(join(s.cwd, 'policies/helpdesk/notes.txt'), 'not a policy file\n');
    writeFileSync(join(s.cwd, 'policies/helpdesk/tests.yaml.swp'), 'editor swap file\n');
    cpSync(join(FIXTURE, 'members.yaml'), join(s.cwd, 'policies/helpdesk/tests/members.yaml'), { recursive: true });
    await new Promise((r) => setTimeout(r, 300));
    expect(s.events.length).toBe(before);
  });

  it('close() stops watching: later edits are not built', async () => {
    const s = await session();
    await s.handle.close();
    const before = s.events.length;
    edit(staff(s.cwd), 'name: Agent', 'name: After close');
    await new Promise((r) => setTimeout(r, 200));
    expect(s.events.length).toBe(before);
  });

  it('the binary exits 0 on Ctrl-C (SIGINT)', async () => {
    const cwd = tempDir();
    cpSync(FIXTURE, join(cwd, 'policies/helpdesk'), { recursive: true });
    const child = spawn(process.execPath, [CLI, 'watch'], { cwd, env: { ...process.env, NO_COLOR: '1' } });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await until(() => stderr.includes('watching policies'), 'the watcher to start', 30_000);
    expect(existsSync(join(cwd, 'generated/helpdesk/guards.ts'))).toBe(true);
    // The Ctrl-C handler is installed just after the "watching" line is written; on a loaded
    // machine a signal sent at once could arrive before it. A rebuild of an edit happens in a
    // later turn of the event loop, so once it is reported the handler is in place.
    const mark = stderr.length;
    edit(staff(cwd), 'name: Agent', 'name: Interrupted agent');
    await until(() => stderr.slice(mark).includes('rebuilt generated/helpdesk in '), 'the first rebuild', 30_000);
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  }, 70_000);
});

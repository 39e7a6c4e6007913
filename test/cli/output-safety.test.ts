// Build output safety: build only ever replaces folders it created itself (the manifest), refuses
// --out values that would touch sources or other files, turns every file-system failure into exit 2
// with a message, survives a previous output it cannot remove, and keeps builds apart with a lock.
// The fuzz test throws random --out paths at a small project tree and checks that no file outside
// the output folder ever changes.

import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, cpSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pathToFileURL } from 'node:url';
import { readPolicyDir } from '../../src/cli/read-policy.js';
import { compareOutputs, writeOutputs, type PolicyOutput } from '../../src/cli/write-output.js';
import { checkPolicy } from '../../src/compile.js';
import { emitPolicy } from '../../src/emit/emit-policy.js';
import { cli, CLI, ROOT, tempDir } from '../helpers.js';

const FIXTURE = join(ROOT, 'test/fixtures/golden/helpdesk');
const MANIFEST = '.policyc-manifest.json';
const STACK = /\n\s+at .+:\d+:\d+|internal error/;

let built = '';

/** A project (below) after one build: generated/helpdesk is policyc's. */
async function builtProject(): Promise<string> {
  if (built === '') {
    built = project();
    expect((await cli(['build'], built)).code).toBe(0);
  }
  const root = tempDir();
  cpSync(join(built, '..'), root, { recursive: true, verbatimSymlinks: true });
  // The link to policies must point into the copy.
  rmSync(join(root, 'project/link-to-policies'));
  symlinkSync(join(root, 'project/policies'), join(root, 'project/link-to-policies'));
  return join(root, 'project');
}

/** A project: policies/helpdesk, a source folder, a file, and siblings beside the project. */
function project(root = tempDir()): string {
  const cwd = join(root, 'project');
  cpSync(FIXTURE, join(cwd, 'policies/helpdesk'), { recursive: true });
  write(join(cwd, 'src/index.ts'), 'export {};\n');
  write(join(cwd, 'helpdesk/notes.md'), 'a folder named like the policy\n');
  write(join(cwd, 'file.txt'), 'a file\n');
  write(join(root, 'helpdesk/keep.txt'), 'a sibling of the project named like the policy\n');
  write(join(root, 'other/readme.md'), 'another sibling\n');
  symlinkSync(join(cwd, 'policies'), join(cwd, 'link-to-policies'));
  return cwd;
}

function write(path: string, content: string): void {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, content);
}

/** Every file and link below root (path -> content or link target), not following links. */
function snapshot(root: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isSymbolicLink()) out.set(p, `-> ${readlinkSync(p)}`);
      else if (e.isDirectory()) walk(p);
      else out.set(p, readFileSync(p, 'utf8'));
    }
  };
  walk(root);
  return out;
}

const within = (p: string, dir: string): boolean => p === dir || p.startsWith(dir + sep);

describe('the manifest', () => {
  it('build writes .policyc-manifest.json naming policyc, the policy and its files, and --check expects it', async () => {
    const cwd = await builtProject();
    const m = JSON.parse(readFileSync(join(cwd, 'generated/helpdesk', MANIFEST), 'utf8'));
    expect(m).toMatchObject({ generator: 'policyc', policy: 'helpdesk', files: ['README.md', 'account.schema.json', 'guards.ts', 'policy.json'] });
    expect((await cli(['build', '--check'], cwd)).code).toBe(0);
    rmSync(join(cwd, 'generated/helpdesk', MANIFEST));
    const check = await cli(['build', '--check'], cwd);
    expect(check.code).toBe(1);
    expect(check.stderr).toContain(`missing: generated/helpdesk/${MANIFEST}`);
  });

  it('the bundled generated/ folders carry their manifests', () => {
    for (const name of readdirSync(join(ROOT, 'policies'))) {
      const m = JSON.parse(readFileSync(join(ROOT, 'generated', name, MANIFEST), 'utf8'));
      expect(m.policy).toBe(name);
      expect(m.generator).toBe('policyc');
    }
  });

  it.each([
    ['a folder without a manifest', (d: string) => (rmSync(join(d, MANIFEST)), write(join(d, 'mine.txt'), 'mine\n')), 'was not created by policyc'],
    ['a manifest naming another policy', (d: string) => write(join(d, MANIFEST), JSON.stringify({ generator: 'policyc', policy: 'other', files: [] })), 'was not created by policyc'],
    ['a generated folder with a file added', (d: string) => write(join(d, 'notes.md'), 'mine\n'), 'holds files policyc did not write (notes.md)'],
    ['a file where the folder would be', (d: string) => (rmSync(d, { recursive: true }), write(d, 'a file\n')), 'is not a folder'],
    ['a link where the folder would be', (d: string) => (rmSync(d, { recursive: true }), symlinkSync(join(d, '../../src'), d)), 'symbolic link'],
  ])('refuses to replace %s (exit 2, nothing changes)', async (_name, spoil, message) => {
    const cwd = await builtProject();
    spoil(join(cwd, 'generated/helpdesk'));
    // A policy change, so that the build wants to rewrite the folder.
    const policy = join(cwd, 'policies/helpdesk/policy.yaml');
    writeFileSync(policy, readFileSync(policy, 'utf8').replace(/^title: .*$/m, 'title: Changed'));
    const before = snapshot(cwd);
    const r = await cli(['build'], cwd);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('generated/helpdesk');
    expect(r.stderr).toContain(message);
    expect(r.stderr).not.toMatch(STACK);
    expect(snapshot(cwd)).toEqual(before);
  });

  it('replaces output of a release older than the manifest (policyc files with the generated header only)', async () => {
    const cwd = await builtProject();
    rmSync(join(cwd, 'generated/helpdesk', MANIFEST));
    expect((await cli(['build'], cwd)).code).toBe(0);
    expect(existsSync(join(cwd, 'generated/helpdesk', MANIFEST))).toBe(true);
  });

  it('an empty folder where the output goes is replaced (it holds nothing to lose)', async () => {
    const cwd = project();
    mkdirSync(join(cwd, 'generated/helpdesk'), { recursive: true });
    expect((await cli(['build'], cwd)).code).toBe(0);
    expect(readdirSync(join(cwd, 'generated/helpdesk')).sort()).toEqual([MANIFEST, 'README.md', 'account.schema.json', 'guards.ts', 'policy.json']);
  });

  it('a sibling folder named like a policy survives --out ..', async () => {
    const cwd = project();
    // From a sub-folder, .. is the project: build it there; the project's own helpdesk/ is not policyc's.
    const sub = join(cwd, 'sub');
    mkdirSync(sub);
    const r = await cli(['build', '../policies/helpdesk', '--out', '..'], sub);
    expect(r.code).toBe(2);
    expect(readFileSync(join(cwd, 'helpdesk/notes.md'), 'utf8')).toContain('named like the policy');
  });
});

describe('--out', () => {
  it.each([
    ['/', 'root of the file system'],
    ['.', 'overlaps the policy folder'],
    ['..', 'overlaps the policy folder'],
    ['policies', 'overlaps the policy folder'],
    ['policies/helpdesk', 'overlaps the policy folder'],
    ['policies/helpdesk/roles', 'overlaps the policy folder'],
    ['policies/new', 'overlaps the policy folder'],
    ['link-to-policies/helpdesk/out', 'overlaps the policy folder'],
    ['file.txt', 'is a file'],
    ['file.txt/out', 'which is a file'],
  ])('--out %s exits 2 with a message and writes nothing', async (out, message) => {
    const cwd = project();
    const before = snapshot(join(cwd, '..'));
    for (const args of [['build', '--out', out], ['build', '--check', '--out', out]]) {
      const r = await cli(args, cwd);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(message);
      expect(r.stderr).not.toMatch(STACK);
    }
    expect(snapshot(join(cwd, '..'))).toEqual(before);
  });

  it('a policy folder named like an existing file in --out exits 2 (build and --check)', async () => {
    const cwd = project();
    write(join(cwd, 'out/helpdesk'), 'a file named like the policy\n');
    const r = await cli(['build', '--out', 'out'], cwd);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('out/helpdesk exists and is not a folder');
    expect(r.stderr).not.toMatch(STACK);
    const check = await cli(['build', '--check', '--out', 'out'], cwd);
    expect(check.code).toBe(1);
    expect(check.stderr).toContain('extra:   out/helpdesk (not a folder)');
    expect(readFileSync(join(cwd, 'out/helpdesk'), 'utf8')).toBe('a file named like the policy\n');
  });

  it('watch refuses the same --out values', async () => {
    const cwd = project();
    for (const out of ['.', 'policies', 'file.txt']) {
      const r = await cli(['watch', '--out', out], cwd);
      expect(r.code).toBe(2);
      expect(r.stderr).not.toMatch(STACK);
    }
  });

  it('a new --out folder is created with its parents; a refused build leaves no lock or staging behind', async () => {
    const cwd = project();
    expect((await cli(['build', '--out', 'deep/new/out'], cwd)).code).toBe(0);
    expect(existsSync(join(cwd, 'deep/new/out/helpdesk/guards.ts'))).toBe(true);
    write(join(cwd, 'other-out/helpdesk'), 'in the way\n');
    expect((await cli(['build', '--out', 'other-out/x/..'], cwd)).code).toBe(2);
    expect(readdirSync(join(cwd, 'other-out'))).toEqual(['helpdesk']);
  });

  it('fuzz: random --out paths never change a file outside the output folder and never crash', async () => {
    const root = tempDir();
    const parts = ['.', '..', 'policies', 'helpdesk', 'src', 'file.txt', 'generated', 'other', 'link-to-policies', 'new', 'roles'];
    const outs = fc.oneof(
      fc.array(fc.constantFrom(...parts), { minLength: 1, maxLength: 4 }).map((a) => a.join('/')),
      fc.constantFrom('/', '/tmp/..', resolve('/')),
    );
    await fc.assert(
      fc.asyncProperty(outs, async (out) => {
        rmSync(root, { recursive: true, force: true });
        mkdirSync(root);
        const cwd = project(root);
        const before = snapshot(root);
        const r = await cli(['build', '--out', out], cwd);
        expect([0, 2]).toContain(r.code);
        expect(r.stderr).not.toMatch(STACK);
        const after = snapshot(root);
        const target = join(resolve(cwd, out), 'helpdesk');
        const changed = [...new Set([...before.keys(), ...after.keys()])].filter((p) => before.get(p) !== after.get(p));
        if (r.code === 2) expect(changed).toEqual([]);
        else {
          expect(changed.filter((p) => !within(p, target))).toEqual([]);
          expect(readdirSync(target).sort()).toEqual([MANIFEST, 'README.md', 'account.schema.json', 'guards.ts', 'policy.json']);
        }
      }),
      { numRuns: 30, seed: 10_001 },
    );
  }, 60_000);
});

describe('failures and recovery', () => {
  /** Runs the built CLI as an unprivileged user where the tests run as root, so that file modes apply. */
  function asUser(args: string[], cwd: string): { code: number; stderr: string } {
    const root = process.getuid?.() === 0;
    const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 60_000, ...(root ? { uid: 65534, gid: 65534 } : {}) });
    return { code: r.status ?? -1, stderr: r.stderr };
  }
  const chownAll = (p: string): void => {
    if (process.getuid?.() !== 0) return;
    chownSync(p, 65534, 65534);
    if (lstatSync(p).isDirectory()) for (const n of readdirSync(p)) chownAll(join(p, n));
  };
  const canRunAsUser = process.platform !== 'win32' && spawnSync(process.execPath, ['-e', ''], process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {}).status === 0;

  it.runIf(canRunAsUser)('a previous output that cannot be removed is named, and later builds still work', async () => {
    const root = tempDir();
    chmodSync(root, 0o755);
    const cwd = project(root);
    expect((await cli(['build'], cwd)).code).toBe(0);
    chownAll(root);
    const policy = join(cwd, 'policies/helpdesk/policy.yaml');
    writeFileSync(policy, readFileSync(policy, 'utf8').replace(/^title: .*$/m, 'title: Changed'));
    // Read-only: the folder can be moved aside, but its files cannot be deleted.
    chmodSync(join(cwd, 'generated/helpdesk'), 0o555);
    const first = asUser(['build'], cwd);
    expect(first.code).toBe(0);
    const leftover = readdirSync(join(cwd, 'generated')).find((n) => n.startsWith('.policyc-old-helpdesk-'));
    expect(leftover).toBeDefined();
    expect(first.stderr).toContain(`warning: could not remove the previous output, kept in generated/${leftover}`);
    expect(readFileSync(join(cwd, 'generated/helpdesk/README.md'), 'utf8')).toContain('Changed');
    // The next build works, and says again what is left.
    const second = asUser(['build'], cwd);
    expect(second.code).toBe(0);
    expect(second.stderr).toContain(`generated/${leftover}`);
    expect(second.stderr).not.toMatch(STACK);
    const check = asUser(['build', '--check'], cwd);
    expect(check.code).toBe(1);
    expect(check.stderr).toContain(`extra:   generated/${leftover}/`);
    chmodSync(join(cwd, 'generated', leftover!), 0o755);
    const third = await cli(['build'], cwd);
    expect(third.code).toBe(0);
    expect(third.stderr).not.toContain('warning');
    expect(readdirSync(join(cwd, 'generated'))).toEqual(['helpdesk']);
    expect((await cli(['build', '--check'], cwd)).code).toBe(0);
  }, 60_000);

  it.runIf(canRunAsUser)('an output folder that cannot be written exits 2 naming it and leaves nothing behind', () => {
    const root = tempDir();
    chmodSync(root, 0o755);
    const cwd = project(root);
    mkdirSync(join(cwd, 'generated'));
    chownAll(root);
    chmodSync(join(cwd, 'generated'), 0o555);
    const r = asUser(['build'], cwd);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('generated');
    expect(r.stderr).not.toMatch(STACK);
    expect(readdirSync(join(cwd, 'generated'))).toEqual([]);
  }, 60_000);

  it('staging folders without policyc\'s manifest are left alone', async () => {
    const cwd = await builtProject();
    write(join(cwd, 'generated/.policyc-new-helpdesk-999999-abc/precious.txt'), 'not policyc\'s\n');
    const policy = join(cwd, 'policies/helpdesk/policy.yaml');
    writeFileSync(policy, readFileSync(policy, 'utf8').replace(/^title: .*$/m, 'title: Changed'));
    const r = await cli(['build'], cwd);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('left generated/.policyc-new-helpdesk-999999-abc alone');
    expect(readFileSync(join(cwd, 'generated/.policyc-new-helpdesk-999999-abc/precious.txt'), 'utf8')).toBe('not policyc\'s\n');
  });
  it('a staged folder holding only a manifest cut short (a build killed writing it) is removed, and --check passes after the next build', async () => {
    const cwd = await builtProject();
    for (const cut of ['', '{"generator": "pol']) {
      const staged = join(cwd, 'generated/.policyc-new-helpdesk-999999-abc');
      write(join(staged, '.policyc-manifest.json'), cut);
      expect((await cli(['build', '--check'], cwd)).code, cut).toBe(1);
      const r = await cli(['build'], cwd);
      expect(r.code, cut).toBe(0);
      expect(r.stderr, cut).not.toContain('left generated');
      expect(existsSync(staged), cut).toBe(false);
      expect((await cli(['build', '--check'], cwd)).code, cut).toBe(0);
    }
    // A manifest cut short beside another file is not that case: the folder is left alone.
    const other = join(cwd, 'generated/.policyc-new-helpdesk-999999-abd');
    write(join(other, '.policyc-manifest.json'), '{"gen');
    write(join(other, 'notes.txt'), 'kept\n');
    expect((await cli(['build'], cwd)).stderr).toContain('left generated/.policyc-new-helpdesk-999999-abd alone');
    expect(readFileSync(join(other, 'notes.txt'), 'utf8')).toBe('kept\n');
  });
});

describe('the lock', () => {
  it('a lock left by a dead process is taken over; --check reports it', async () => {
    const cwd = await builtProject();
    writeFileSync(join(cwd, 'generated/.policyc-lock'), JSON.stringify({ generator: 'policyc', pid: 999_999 }));
    const check = await cli(['build', '--check'], cwd);
    expect(check.code).toBe(1);
    expect(check.stderr).toContain('extra:   generated/.policyc-lock');
    const policy = join(cwd, 'policies/helpdesk/policy.yaml');
    writeFileSync(policy, readFileSync(policy, 'utf8').replace(/^title: .*$/m, 'title: Changed'));
    expect((await cli(['build'], cwd)).code).toBe(0);
    expect(readdirSync(join(cwd, 'generated'))).toEqual(['helpdesk']);
  });

  it('a write that finds every folder current changes nothing, not even the lock; leftovers still get repaired', async () => {
    const cwd = project();
    const r = checkPolicy(readPolicyDir('policies/helpdesk', cwd));
    const outputs: PolicyOutput[] = [{ dir: 'generated/helpdesk', files: await emitPolicy(r.ir!, r.dir) }];
    expect(writeOutputs(outputs, cwd).written).toEqual(['generated/helpdesk']);
    const stamp = (p: string): string => {
      const st = lstatSync(join(cwd, p), { bigint: true });
      return `${st.ino}:${st.mtimeNs}:${st.ctimeNs}`;
    };
    const paths = ['generated', 'generated/helpdesk', ...readdirSync(join(cwd, 'generated/helpdesk')).map((f) => `generated/helpdesk/${f}`)];
    const before = paths.map(stamp);
    await new Promise((done) => setTimeout(done, 20));
    const steps: string[] = [];
    // The same content in new objects, as a second build would have it.
    const again = outputs.map((o) => ({ dir: o.dir, files: o.files.map((f) => ({ ...f })) }));
    expect(writeOutputs(again, cwd, { onStep: (step) => steps.push(step) })).toEqual({ written: [], warnings: [] });
    expect(steps).toEqual([]);
    expect(paths.map(stamp)).toEqual(before);
    // A lock left by a dead process: the write takes the lock to clean it up, and writes no folder.
    writeFileSync(join(cwd, 'generated/.policyc-lock'), JSON.stringify({ generator: 'policyc', pid: 999_999 }));
    expect(writeOutputs(again, cwd, { onStep: (step) => steps.push(step) }).written).toEqual([]);
    expect(steps).toEqual(['locked']);
    expect(readdirSync(join(cwd, 'generated'))).toEqual(['helpdesk']);
  });

  it('a build waits for a live lock, then gives up with exit 2 naming the holder', async () => {
    const cwd = project();
    mkdirSync(join(cwd, 'generated'));
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
    try {
      writeFileSync(join(cwd, 'generated/.policyc-lock'), JSON.stringify({ generator: 'policyc', pid: holder.pid }));
      expect(() => writeOutputs([{ dir: 'generated/helpdesk', files: [{ path: 'a.txt', content: 'a\n' }] }], cwd, { lockTimeoutMs: 100 })).toThrow(
        new RegExp(`another policyc build \\(process ${holder.pid}\\) is writing generated`),
      );
      expect(existsSync(join(cwd, 'generated/helpdesk'))).toBe(false);
    } finally {
      holder.kill('SIGKILL');
    }
  });

  it('concurrent builds of different versions leave one complete version, and no leftovers', async () => {
    const cwd = project();
    const policy = join(cwd, 'policies/helpdesk/policy.yaml');
    const text = readFileSync(policy, 'utf8');
    const versions: PolicyOutput[][] = [];
    for (const title of ['One', 'Two', 'Three']) {
      writeFileSync(policy, text.replace(/^title: .*$/m, `title: ${title}`));
      const r = checkPolicy(readPolicyDir('policies/helpdesk', cwd));
      versions.push([{ dir: 'generated/helpdesk', files: await emitPolicy(r.ir!, r.dir) }]);
    }
    // Three processes write at once, each its own version, as three builds would.
    const dir = tempDir();
    const child = join(dir, 'write.mjs');
    writeFileSync(child, `import { readFileSync } from 'node:fs';\nconst { writeOutputs } = await import(process.argv[2]);\nwriteOutputs(JSON.parse(readFileSync(process.argv[4], 'utf8')), process.argv[3]);\n`);
    const runs = await Promise.all(
      versions.map((v, i) => {
        const file = join(dir, `v${i}.json`);
        writeFileSync(file, JSON.stringify(v));
        return new Promise<{ code: number | null; stderr: string }>((done) => {
          const p = spawn(process.execPath, [child, pathToFileURL(join(ROOT, 'dist/cli/write-output.js')).href, cwd, file]);
          let stderr = '';
          p.stderr.on('data', (d) => (stderr += d));
          p.on('close', (code) => done({ code, stderr }));
        });
      }),
    );
    for (const r of runs) expect(r, r.stderr).toMatchObject({ code: 0, stderr: '' });
    expect(readdirSync(join(cwd, 'generated'))).toEqual(['helpdesk']);
    const clean = versions.filter((v) => {
      const s = compareOutputs(v, cwd);
      return s.missing.length + s.stale.length + s.extra.length === 0;
    });
    expect(clean).toHaveLength(1);
  }, 60_000);
});

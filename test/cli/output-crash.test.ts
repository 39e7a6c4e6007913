// kill -9 during a build: a build killed at any step leaves either every old policy folder or
// every new one once the next build has repaired the output root (all or nothing), `build --check`
// reports the interrupted state, and the next build ends with correct output and no leftovers.
// Each step of the write is a kill point (the onStep callback kills its own process with SIGKILL);
// a fuzz test also kills the real CLI at random moments.

import { spawn, spawnSync } from 'node:child_process';
import { cpSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { compareOutputs, recoverStaging, writeOutputs, type PolicyOutput } from '../../src/cli/write-output.js';
import { IoError, readPolicyDir } from '../../src/cli/read-policy.js';
import { checkPolicy } from '../../src/compile.js';
import { emitPolicy } from '../../src/emit/emit-policy.js';
import { cli, CLI, ROOT, tempDir } from '../helpers.js';

const FIXTURE = join(ROOT, 'test/fixtures/golden/helpdesk');
const NAMES = ['alpha', 'beta'];
const STACK = /\n\s+at .+:\d+:\d+|internal error/;

let template = '';

/** A project whose generated/ holds version 1 of the policies, and whose sources are at version 2. */
async function project(): Promise<string> {
  const cwd = tempDir();
  if (template === '') {
    template = tempDir();
    for (const n of NAMES) cpSync(FIXTURE, join(template, 'policies', n), { recursive: true });
    setVersion(template, 'Version one');
    expect((await cli(['build'], template)).code).toBe(0);
    setVersion(template, 'Version two');
  }
  cpSync(template, cwd, { recursive: true });
  return cwd;
}

function setVersion(cwd: string, title: string): void {
  for (const n of NAMES) {
    const p = join(cwd, 'policies', n, 'policy.yaml');
    writeFileSync(p, readFileSync(p, 'utf8').replace(/^title: .*$/m, `title: ${title}`));
  }
}

/** The version each generated folder holds (from its README heading), or "missing". */
function versions(cwd: string): string[] {
  return NAMES.map((n) => {
    try {
      return /^# (.*)$/m.exec(readFileSync(join(cwd, 'generated', n, 'README.md'), 'utf8'))![1]!;
    } catch {
      return 'missing';
    }
  });
}

/** A child process that writes the given outputs and kills itself with SIGKILL after `killAt`. */
const CHILD = `
import { readFileSync } from 'node:fs';
const { writeOutputs } = await import(process.argv[2]);
const [, , , cwd, outputsFile, killAt] = process.argv;
const steps = [];
writeOutputs(JSON.parse(readFileSync(outputsFile, 'utf8')), cwd, {
  onStep: (s) => {
    steps.push(s);
    if (s === killAt) process.kill(process.pid, 'SIGKILL');
  },
});
process.stdout.write(JSON.stringify(steps));
`;

let childFile = '';
let outputsFile = '';
/** The version-2 outputs: what `build --check` compares against. */
let outputs: PolicyOutput[] = [];
let steps: string[] = [];

function runChild(cwd: string, killAt: string): { status: number | null; signal: NodeJS.Signals | null; stdout: string } {
  const r = spawnSync(process.execPath, [childFile, pathToFileURL(join(ROOT, 'dist/cli/write-output.js')).href, cwd, outputsFile, killAt], { encoding: 'utf8', timeout: 30_000 });
  return { status: r.status, signal: r.signal, stdout: r.stdout };
}

beforeAll(async () => {
  const dir = tempDir();
  childFile = join(dir, 'child.mjs');
  writeFileSync(childFile, CHILD);
  // The version-2 outputs, computed once; the child only writes them.
  const cwd = await project();
  outputs = [];
  for (const n of NAMES) {
    const r = checkPolicy(readPolicyDir(`policies/${n}`, cwd));
    outputs.push({ dir: `generated/${n}`, files: await emitPolicy(r.ir!, r.dir) });
  }
  outputsFile = join(dir, 'outputs.json');
  writeFileSync(outputsFile, JSON.stringify(outputs));
  const dry = runChild(cwd, '');
  expect(dry.status).toBe(0);
  steps = JSON.parse(dry.stdout) as string[];
}, 60_000);

describe('kill -9 during a build', () => {
  it('the write has the expected kill points', () => {
    expect(steps).toEqual(['locked', ...NAMES.map((n) => `staged ${n}`), 'journal', ...NAMES.flatMap((n) => [`moved ${n}`, `swapped ${n}`]), 'committed', 'cleaned']);
  });

  it('killed at every step: all old or all new after repair, then the next build is clean', async () => {
    for (const step of steps) {
      const cwd = await project();
      const killed = runChild(cwd, step);
      expect(killed.signal, step).toBe('SIGKILL');
      // What --check compares (it emits the same outputs first): something is wrong (or, once
      // committed, only the leftovers are).
      const check = compareOutputs(outputs, cwd);
      expect(check.missing.length + check.stale.length + check.extra.length, step).toBeGreaterThan(0);
      const committed = steps.indexOf(step) >= steps.indexOf('committed');
      if (!committed && steps.indexOf(step) >= steps.indexOf('journal')) expect(check.extra, step).toContain('generated/.policyc-journal.json (an interrupted build; run "policyc build" to restore the previous output)');
      if (step === `swapped ${NAMES[0]}`) {
        // Half swapped: the CLI's --check fails and names the journal.
        const cliCheck = await cli(['build', '--check'], cwd);
        expect(cliCheck.code).toBe(1);
        expect(cliCheck.stderr).toContain('extra:   generated/.policyc-journal.json (an interrupted build');
        expect(cliCheck.stderr).not.toMatch(STACK);
      }
      // The repair the next build starts with: all or nothing.
      expect(recoverStaging(join(cwd, 'generated'), cwd), step).toEqual([]);
      expect(versions(cwd), step).toEqual(NAMES.map(() => (committed ? 'Version two' : 'Version one')));
      expect(readdirSync(join(cwd, 'generated')).filter((n) => n !== '.policyc-lock').sort(), step).toEqual(NAMES);
      // The next build takes over the dead build's lock and finishes the job.
      const build = await cli(['build'], cwd);
      expect(build.code, step).toBe(0);
      expect(build.stderr).not.toMatch(STACK);
      expect(readdirSync(join(cwd, 'generated')).sort(), step).toEqual(NAMES);
      expect(versions(cwd)).toEqual(NAMES.map(() => 'Version two'));
      expect(compareOutputs(outputs, cwd), step).toEqual({ missing: [], stale: [], extra: [] });
    }
  }, 120_000);

  it('an I/O failure at any step before the commit puts every old folder back and leaves nothing behind', async () => {
    for (const step of steps.slice(0, steps.indexOf('committed'))) {
      const cwd = await project();
      const fail = (s: string): void => {
        if (s === step) throw Object.assign(new Error(`injected failure at ${s}`), { code: 'EIO' });
      };
      expect(() => writeOutputs(outputs, cwd, { onStep: fail }), step).toThrow(IoError);
      expect(() => writeOutputs(outputs, cwd, { onStep: fail }), step).toThrow(/EIO/);
      expect(versions(cwd), step).toEqual(NAMES.map(() => 'Version one'));
      expect(readdirSync(join(cwd, 'generated')).sort(), step).toEqual(NAMES);
      // And the next write succeeds.
      expect(writeOutputs(outputs, cwd).written, step).toEqual(NAMES.map((n) => `generated/${n}`));
      expect(compareOutputs(outputs, cwd), step).toEqual({ missing: [], stale: [], extra: [] });
    }
  });

  it('fuzz: the CLI killed at a random moment never leaves output the next build cannot repair', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 200, max: 2500 }), async (delay) => {
        const cwd = await project();
        await new Promise<void>((done) => {
          const p = spawn(process.execPath, [CLI, 'build'], { cwd, stdio: 'ignore' });
          const timer = setTimeout(() => p.kill('SIGKILL'), delay);
          p.on('close', () => {
            clearTimeout(timer);
            done();
          });
        });
        recoverStaging(join(cwd, 'generated'), cwd);
        const v = versions(cwd);
        expect(v.every((x) => x === v[0])).toBe(true);
        expect(v[0]).not.toBe('missing');
        const build = await cli(['build'], cwd);
        expect(build.code, build.stderr).toBe(0);
        const check = await cli(['build', '--check'], cwd);
        expect(check.code, `killed after ${delay} ms; the repair build said: ${build.stderr}; --check said: ${check.stderr}`).toBe(0);
        rmSync(cwd, { recursive: true, force: true });
      }),
      { numRuns: 3, seed: 8_008 },
    );
  }, 120_000);
});

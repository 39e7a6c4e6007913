// A process killed while removing one of policyc's folders (the previous output moved aside, a staged
// folder, a folder rolled back) leaves it half removed. The folder must still carry its manifest
// then, or the next build cannot tell it is policyc's: it would leave it alone with a warning, and
// `build --check` would fail until someone deleted it by hand. Here a recursive removal deletes entry
// by entry in name order (as the real one does) and stops after k deletions, for every k; the next
// build must repair the output root each time.

import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import * as realFs from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { compareOutputs, writeOutputs, type PolicyOutput } from '../../src/cli/write-output.js';
import { readPolicyDir } from '../../src/cli/read-policy.js';
import { checkPolicy } from '../../src/compile.js';
import { emitPolicy } from '../../src/emit/emit-policy.js';
import { ROOT, tempDir } from '../helpers.js';

/** Deletions left before a recursive removal stops (Infinity: removals run to the end). */
const cut = vi.hoisted(() => ({ left: Infinity, stopped: 0 }));

vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  /** Deletes p's entries one by one, depth first in name order, stopping when the budget runs out. */
  const stepwise = (p: string): void => {
    if (fs.lstatSync(p).isDirectory()) for (const n of fs.readdirSync(p).sort()) stepwise(join(p, n));
    if (cut.left <= 0) {
      cut.stopped++;
      throw Object.assign(new Error(`removal stopped at ${p}`), { code: 'EIO' });
    }
    cut.left--;
    if (fs.lstatSync(p).isDirectory()) fs.rmdirSync(p);
    else fs.unlinkSync(p);
  };
  const rmSync: typeof fs.rmSync = (p, options) => {
    if (cut.left === Infinity || !options?.recursive || !fs.existsSync(p)) return fs.rmSync(p, options);
    stepwise(String(p));
  };
  return { ...fs, default: { ...fs, rmSync }, rmSync };
});

const FIXTURE = join(ROOT, 'test/fixtures/golden/helpdesk');
const NAMES = ['alpha', 'beta'];

function setVersion(cwd: string, title: string): void {
  for (const n of NAMES) {
    const p = join(cwd, 'policies', n, 'policy.yaml');
    writeFileSync(p, readFileSync(p, 'utf8').replace(/^title: .*$/m, `title: ${title}`));
  }
}

async function outputsOf(cwd: string): Promise<PolicyOutput[]> {
  const out: PolicyOutput[] = [];
  for (const n of NAMES) {
    const r = checkPolicy(readPolicyDir(`policies/${n}`, cwd));
    out.push({ dir: `generated/${n}`, files: await emitPolicy(r.ir!, r.dir) });
  }
  return out;
}

let template = '';
let v2: PolicyOutput[] = [];

beforeAll(async () => {
  template = tempDir();
  for (const n of NAMES) cpSync(FIXTURE, join(template, 'policies', n), { recursive: true });
  setVersion(template, 'Version one');
  writeOutputs(await outputsOf(template), template);
  setVersion(template, 'Version two');
  v2 = await outputsOf(template);
}, 60_000);

describe('a removal of policyc\'s folders stopped half-way', () => {
  it('leaves folders the next build finishes removing, whatever the point it stopped at', () => {
    let k = 0;
    // Up to the point where the build's removals run to the end without stopping.
    for (; k < 100; k++) {
      const cwd = tempDir();
      cpSync(template, cwd, { recursive: true });
      cut.left = k;
      cut.stopped = 0;
      let warnings: string[] = [];
      try {
        warnings = writeOutputs(v2, cwd).warnings;
      } finally {
        cut.left = Infinity;
      }
      if (cut.stopped === 0) break;
      // The build itself is done: the new output is in place, a leftover is reported.
      expect(warnings.join('\n'), `stopped after ${k}`).toMatch(/could not remove/);
      const next = writeOutputs(v2, cwd);
      expect(next.warnings, `stopped after ${k}`).toEqual([]);
      expect(compareOutputs(v2, cwd), `stopped after ${k}`).toEqual({ missing: [], stale: [], extra: [] });
      expect(realFs.readdirSync(join(cwd, 'generated')).sort(), `stopped after ${k}`).toEqual(NAMES);
    }
    // Both previous outputs were removed entry by entry: many stopping points were tried.
    expect(k).toBeGreaterThan(10);
  });
});

// Golden output for the fixture policies in test/fixtures/golden/: README.md, guards.ts,
// policy.json and account.schema.json must match test/golden/expected/<name>/ byte for byte, and the expected folder must
// hold exactly the files the emitter writes (a dropped output file fails, and so does a stale
// expected file). Regenerate with `npm run golden` and review the diff like code.

import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { emitPolicy } from '../../src/emit/emit-policy.js';
import { checkDir, ROOT } from '../helpers.js';

const update = process.env.UPDATE_GOLDEN === '1';

/** Every file below `dir`, as sorted paths relative to it with forward slashes. */
function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d)) {
      const p = join(d, e);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(relative(dir, p).split('\\').join('/'));
    }
  };
  walk(dir);
  return out.sort();
}

describe.each(['helpdesk', 'tiered'])('golden output of %s', async (name) => {
  const FIXTURE = `test/fixtures/golden/${name}`;
  const EXPECTED = join(ROOT, 'test/golden/expected', name);
  const result = checkDir(FIXTURE);
  it('the fixture compiles without diagnostics', () => {
    expect(result.diagnostics).toEqual([]);
  });
  const files = await emitPolicy(result.ir!, result.dir);

  it('the expected folder holds exactly the emitted files', () => {
    const emitted = files.map((f) => f.path).sort();
    expect(emitted.length).toBeGreaterThan(0);
    if (update) {
      for (const stale of listFiles(EXPECTED).filter((p) => !emitted.includes(p))) rmSync(join(EXPECTED, stale));
      for (const f of files) {
        const p = join(EXPECTED, f.path);
        mkdirSync(dirname(p), { recursive: true });
        writeFileSync(p, f.content);
      }
    }
    // Both lists in full, so that a failure names the missing and the stale files.
    expect(listFiles(EXPECTED)).toEqual(emitted);
  });

  for (const f of files) {
    it(`${f.path} matches the golden file`, () => {
      const p = join(EXPECTED, f.path);
      if (!existsSync(p)) throw new Error(`missing golden file ${relative(ROOT, p)}; run npm run golden`);
      expect(f.content).toBe(readFileSync(p, 'utf8'));
    });
  }

  it('is deterministic: a second compile gives identical bytes', async () => {
    const again = await emitPolicy(checkDir(FIXTURE).ir!, result.dir);
    expect(again).toEqual(files);
  });
});

// Golden output for the fixture policies in test/fixtures/golden/: README.md, guards.ts,
// policy.json and account.schema.json must match test/golden/expected/<name>/ byte for byte. Regenerate with
// `npm run golden` and review the diff like code.

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { emitPolicy } from '../../src/emit/emit-policy.js';
import { checkDir, ROOT } from '../helpers.js';

const update = process.env.UPDATE_GOLDEN === '1';

describe.each(['helpdesk', 'tiered'])('golden output of %s', async (name) => {
  const FIXTURE = `test/fixtures/golden/${name}`;
  const EXPECTED = join(ROOT, 'test/golden/expected', name);
  const result = checkDir(FIXTURE);
  it('the fixture compiles without diagnostics', () => {
    expect(result.diagnostics).toEqual([]);
  });
  const files = await emitPolicy(result.ir!, result.dir);
  for (const f of files) {
    it(`${f.path} matches the golden file`, () => {
      const p = join(EXPECTED, f.path);
      if (update || !existsSync(p)) {
        if (!update) throw new Error(`missing golden file ${p}; run npm run golden`);
        mkdirSync(EXPECTED, { recursive: true });
        writeFileSync(p, f.content);
      }
      expect(f.content).toBe(readFileSync(p, 'utf8'));
    });
  }
  it('is deterministic: a second compile gives identical bytes', async () => {
    const again = await emitPolicy(checkDir(FIXTURE).ir!, result.dir);
    expect(again).toEqual(files);
  });
});

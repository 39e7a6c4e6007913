// The presets' accountData cases (tests/94-account-rules.yaml): each passes as written, and fails
// once its expectation is flipped or, for a deny case, once its rule is swapped for another.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { ROOT, policyTestRunner } from '../helpers.js';

const runner = policyTestRunner;

describe('the presets: every accountData case fails once its expectation is flipped', () => {
  for (const name of ['cloudgate', 'channeltalk', 'userlike', 'super8']) {
    const dir = `policies/${name}`;
    const path = 'tests/94-account-rules.yaml';
    const text = readFileSync(join(ROOT, dir, path), 'utf8');
    const run = runner(dir);
    const count = (parseDocument(text).toJS() as { cases: unknown[] }).cases.length;

    it(`${name}: all ${count} cases pass as written`, () => {
      const r = run({ [path]: text });
      expect(r.results.map((c) => [c.name, c.passed])).toEqual(r.results.map((c) => [c.name, true]));
      expect(r.results).toHaveLength(count);
    });

    it(`${name}: flipping expect (and dropping rule) fails exactly that case; another rule fails a deny case`, () => {
      for (let i = 0; i < count; i++) {
        const doc = parseDocument(text);
        const was = doc.getIn(['cases', i, 'expect']) ?? 'deny';
        doc.setIn(['cases', i, 'expect'], was === 'allow' ? 'deny' : 'allow');
        doc.deleteIn(['cases', i, 'rule']);
        const flipped = run({ [path]: doc.toString() }).results;
        expect(flipped.map((c) => c.passed)).toEqual(flipped.map((_, j) => j !== i));
        expect(flipped[i]!.errors).toBeUndefined();
        expect(flipped[i]!.passed).toBe(false);

        const original = parseDocument(text);
        const want = original.getIn(['cases', i, 'rule']) as string | undefined;
        if (want !== undefined) {
          original.setIn(['cases', i, 'rule'], want === 'role-cap' ? 'tier-depth' : 'role-cap');
          const swapped = run({ [path]: original.toString() }).results[i]!;
          expect(swapped.passed).toBe(false);
          expect(swapped.actual).toBe(`deny (${want})`);
          // What was reported instead, with where it lies in the suite.
          expect(swapped.explanation!.length).toBeGreaterThan(0);
          expect(swapped.explanation!.every((l) => l.startsWith(`${dir}/${path}:`))).toBe(true);
        }
      }
    });
  }
});


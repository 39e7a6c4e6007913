// Property test: text assembled from the pieces of hostile YAML (tabs, brackets, anchors and
// aliases, merge keys, duplicate and prototype keys, escapes of lone surrogates and controls, tags,
// document markers) around a valid policy. checkPolicy never throws, every diagnostic has a code
// and a position inside the file, no file gets more than 100 diagnostics plus one diagnostic-limit,
// and a deep-nesting message names its limit.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkPolicy } from '../../src/compile.js';
import { MINIMAL } from '../helpers.js';

const PIECES = [
  '\t', '\n', '\n  ', '\n\t', ': ', '- ', '[', ']', '{', '}', ',', '&a ', '*a', '*b', '<<: *a', '? ', '__proto__: 1', 'constructor: x',
  'k: 1\nk: 2', '"\\uD800"', '"\\x7f\\e\\a"', '"\\u202e"', '!!binary ', '!custom ', '---\n', '...\n', '%YAML 1.2\n', '#', "'", '"', '|\n  ',
  '[' .repeat(70), '- '.repeat(70), 'x'.repeat(300),
];

const mutation = fc.record({
  at: fc.nat(),
  insert: fc.array(fc.oneof(fc.constantFrom(...PIECES), fc.string({ maxLength: 3 })), { minLength: 1, maxLength: 12 }).map((p) => p.join('')),
  repeat: fc.integer({ min: 1, max: 200 }),
});

describe('mutated policy files', () => {
  it('never throw, and every diagnostic is located in the file it names', () => {
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (mutations) => {
        let text = MINIMAL;
        for (const m of mutations) {
          const i = m.at % (text.length + 1);
          text = text.slice(0, i) + m.insert.repeat(m.repeat) + text.slice(i);
        }
        const r = checkPolicy({ name: 'p', dir: 'policies/p', files: [{ path: 'policy.yaml', bytes: Buffer.from(text, 'utf8') }] });
        const lines = text.split('\n').length;
        expect(r.diagnostics.length).toBeLessThanOrEqual(101);
        for (const d of r.diagnostics) {
          expect(d.code).toMatch(/^PC\d{4}$/);
          expect(d.file).toBe('policies/p/policy.yaml');
          expect(d.line).toBeGreaterThanOrEqual(1);
          expect(d.line).toBeLessThanOrEqual(lines);
          expect(d.column).toBeGreaterThanOrEqual(1);
          expect(d.message).not.toMatch(/call stack|internal error|undefined is not|cannot read prop/i);
          if (d.rule === 'yaml-resource-limit' && /nest/.test(d.message)) expect(d.message).toContain('64');
        }
        expect(r.diagnostics.filter((d) => d.rule === 'diagnostic-limit').length).toBeLessThanOrEqual(1);
      }),
      { numRuns: 80, seed: 20261130 },
    );
  }, 60_000);
});

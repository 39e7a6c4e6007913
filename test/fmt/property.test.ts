// Property test of policyc fmt on random valid policies: each preset, mutated (keys of fixed
// mappings shuffled, collections switched to flow style, other indentation, comments added), must
// format to a text that formatting leaves unchanged, that holds every comment of the mutated text,
// and whose policy exports the same IR as the preset.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isCollection, isMap, isScalar, isSeq, Lexer, parseDocument, type Node as YamlNode } from 'yaml';
import { checkPolicy, serializePolicy, type PolicyInput } from '../../src/compile.js';
import { readPolicyDir, readPolicyTests } from '../../src/cli/read-policy.js';
import { fileKind, formatSource } from '../../src/fmt/format.js';
import { layoutOf, type Shape } from '../../src/fmt/layout.js';
import { ROOT } from '../helpers.js';

const PRESETS = ['channeltalk', 'cloudgate', 'super8', 'userlike', 'zendesk'];
const RUNS = Number(process.env.POLICYC_FMT_RUNS ?? 5);

/** mulberry32: the per-node choices of one run, from the seed fast-check draws. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Mutation {
  seed: number;
  indent: number;
  indentSeq: boolean;
  /** Chances, in percent, that a fixed mapping is shuffled, a collection becomes flow, a node gets a comment. */
  shuffle: number;
  flow: number;
  comment: number;
}

const mutation: fc.Arbitrary<Mutation> = fc.record({
  seed: fc.integer(),
  indent: fc.integer({ min: 1, max: 6 }),
  indentSeq: fc.boolean(),
  shuffle: fc.integer({ min: 0, max: 100 }),
  flow: fc.integer({ min: 0, max: 100 }),
  comment: fc.integer({ min: 0, max: 30 }),
});

const hasComment = (n: unknown): boolean => {
  if (!n || typeof n !== 'object') return false;
  const node = n as YamlNode;
  if (node.commentBefore || node.comment) return true;
  if (isMap(n)) return n.items.some((p) => hasComment(p.key) || hasComment(p.value));
  if (isSeq(n)) return n.items.some(hasComment);
  return false;
};
const hasLines = (n: unknown): boolean =>
  isScalar(n) ? typeof n.value === 'string' && n.value.includes('\n') : isMap(n) ? n.items.some((p) => hasLines(p.value)) : isSeq(n) ? n.items.some(hasLines) : false;

/** The text of one file, mutated. Only keys of fixed mappings move: ids keep their (display) order. */
function mutate(text: string, kind: ReturnType<typeof fileKind>, m: Mutation): string {
  const rnd = random(m.seed);
  const chance = (percent: number): boolean => rnd() * 100 < percent;
  let added = 0;
  const comment = (): string => ` added ${m.seed} ${added++}`;
  const doc = parseDocument(text);
  // The $schema block stays on top, as in any real file.
  const root = doc.contents;
  if (isMap(root) && root.items.length) {
    const key = root.items[0]!.key as YamlNode;
    if (key.commentBefore?.startsWith(' yaml-language-server')) {
      doc.commentBefore = key.commentBefore;
      key.commentBefore = undefined;
    }
  }
  const walk = (n: unknown, shape: Shape | undefined, top: boolean): void => {
    if (isMap(n)) {
      if (shape?.order && chance(m.shuffle)) {
        for (let i = n.items.length - 1; i > 0; i--) {
          const j = Math.floor(rnd() * (i + 1));
          [n.items[i], n.items[j]] = [n.items[j]!, n.items[i]!];
        }
      }
      for (const p of n.items) {
        const key = p.key as YamlNode;
        if (!n.flow && chance(m.comment)) key.commentBefore = [key.commentBefore, comment()].filter(Boolean).join('\n');
        if (!n.flow && isScalar(p.value) && !hasLines(p.value) && chance(m.comment)) p.value.comment = comment();
        const k = isScalar(p.key) ? String(p.key.value) : '';
        walk(p.value, shape?.order ? shape.keys?.[k] : shape?.each, false);
      }
    } else if (isSeq(n)) {
      for (const item of n.items) walk(item, shape?.each, false);
    }
    if (!top && isCollection(n) && !hasComment(n) && !hasLines(n) && chance(m.flow)) n.flow = true;
  };
  walk(doc.contents, layoutOf(kind), true);
  return doc.toString({ indent: m.indent, indentSeq: m.indentSeq, lineWidth: 0 });
}

function comments(text: string): string[] {
  return [...new Lexer().lex(text)].filter((t) => t.startsWith('#')).map((t) => t.trimEnd()).sort();
}

describe('fmt on mutated presets', () => {
  for (const name of PRESETS) {
    const dir = `policies/${name}`;
    const input = readPolicyDir(dir, ROOT);
    const tests = readPolicyTests(dir, ROOT);
    const ir = serializePolicy(checkPolicy(input).ir!);

    it(`${name}: idempotent, every comment kept, the same IR`, () => {
      fc.assert(
        fc.property(mutation, (m) => {
          const format = (f: PolicyInput['files'][number]): { path: string; bytes: Uint8Array } => {
            const kind = fileKind(f.path);
            const mutated = mutate(Buffer.from(f.bytes).toString('utf8'), kind, m);
            const once = formatSource(mutated, kind, { file: f.path });
            if (!once.ok) throw new Error(`${f.path}: ${JSON.stringify(once.diagnostics)}\n${mutated}`);
            expect(formatSource(once.text, kind, { file: f.path }), f.path).toEqual({ ok: true, text: once.text, changed: false });
            expect(comments(once.text), f.path).toEqual(comments(mutated));
            return { path: f.path, bytes: Buffer.from(once.text, 'utf8') };
          };
          const formatted = input.files.map(format);
          tests.forEach(format);
          const after = checkPolicy({ ...input, files: formatted });
          expect(after.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
          expect(serializePolicy(after.ir!)).toBe(ir);
        }),
        { numRuns: RUNS },
      );
      // Each run compiles the preset; a loaded machine can take several seconds per run.
    }, 40_000 * RUNS);
  }
});

// The plain-YAML reader against the full path of the loader: on every file of the repository, on
// a synthetic policy, on a table of edge cases and on mutated policy files, loading with the
// reader gives the same value, diagnostics, positions of every path and line index as loading
// without it. The table also pins which inputs the reader takes itself, so that it cannot pass
// by leaving everything to the full path.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineCounter } from 'yaml';
import type { Report } from '../../src/diagnostics/diagnostic.js';
import { DEFAULT_LOAD_LIMITS, loadYaml } from '../../src/load/load-yaml.js';
import { loadPlainYaml } from '../../src/load/plain-yaml.js';
import type { FileIndex } from '../../src/load/source-index.js';
import { ROOT, SCHEMA_LINE } from '../helpers.js';
import { syntheticPolicy } from '../synthetic.js';

/** Everything loading one text produces, with or without the plain reader. */
function load(text: string, plainPath: boolean): unknown {
  const reports: Report[] = [];
  let index: FileIndex | undefined;
  const value = loadYaml('f.yaml', Buffer.from(text, 'utf8'), { report: (r) => reports.push(r) }, { add: (_, i) => (index = i) }, DEFAULT_LOAD_LIMITS, plainPath);
  return {
    value,
    reports,
    values: index ? [...index.values] : undefined,
    keys: index ? [...index.keys] : undefined,
    lines: index?.lines.lineStarts,
  };
}

/** Whether the plain reader takes the text itself. */
function takes(text: string): boolean {
  const index: FileIndex = { text, lines: new LineCounter(), values: new Map(), keys: new Map() };
  return loadPlainYaml(text, index, DEFAULT_LOAD_LIMITS.maxDepth) !== undefined;
}

function yamlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...yamlFiles(p));
    else if (/\.ya?ml$/.test(name)) out.push(p);
  }
  return out;
}

const REPO_FILES = ['policies', 'examples', 'test'].flatMap((d) => yamlFiles(join(ROOT, d)));
const S = SCHEMA_LINE(1);

describe('the plain YAML reader', () => {
  it('reads most files of the presets itself', () => {
    const presets = REPO_FILES.filter((f) => relative(ROOT, f).startsWith('policies/') && !f.includes('/tests/'));
    expect(presets.filter((f) => takes(readFileSync(f, 'utf8'))).length).toBeGreaterThan(presets.length / 2);
  });

  it.each(REPO_FILES.map((f) => relative(ROOT, f)))('%s: the same as the full path', (file) => {
    const text = readFileSync(join(ROOT, file), 'utf8');
    expect(load(text, true)).toEqual(load(text, false));
  });

  it('reads a synthetic policy itself, the same as the full path', () => {
    for (const text of Object.values(syntheticPolicy({ roles: 23, permissions: 40, members: 30, rolesPerFile: 10 }).files)) {
      expect(takes(text)).toBe(true);
      expect(load(text, true)).toEqual(load(text, false));
    }
  });

  // [what, text, taken by the plain reader]
  const CASES: [string, string, boolean][] = [
    ['nested mappings and comments', `${S}# c\n\na:\n  # x\n  b: 1\n  c: two words # note\n`, true],
    ['empty values', `${S}a:\nb:   \nc: # hi\nd:\n  e:\n`, true],
    ['null and boolean words', `${S}a: null\nb: Null\nc: TRUE\nd: false\ne: nullish\nf: on\ng: off\n`, true],
    ['integers', `${S}a: 0\nb: 42\nc: 123456789012345\n`, true],
    ['other numbers', `${S}a: 007\n`, false],
    ['negative', `${S}a: -1\n`, false],
    ['float', `${S}a: 1.5\n`, false],
    ['hex', `${S}a: 0x1F\n`, false],
    ['a sequence level with its key', `${S}a:\n- x\n- y: 1\n  z: 2\nb: 3\n`, true],
    ['an indented sequence', `${S}a:\n  - x\n  -   y: 1\n      z: [p, q]\n`, true],
    ['flow collections', `${S}a: { levels: [off, read, edit], n: 3 }\nb: []\nc: {}\nd: [ a , 'b c', "d" ]\n`, true],
    ['a trailing comma', `${S}a: [x, y,]\n`, false],
    ['a flow collection over two lines', `${S}a: [x,\n  y]\n`, false],
    ['flow pair', `${S}a: [x: y]\n`, false],
    ['quoted strings', `${S}a: 'it''s'\nb: "say \\"hi\\""\nc: "plain # not a comment"\nd: '' # empty\n`, false],
    ['quoted strings without escapes', `${S}a: 'it''s'\nb: "plain # not a comment"\nc: ''\n`, true],
    ['literal blocks', `${S}a: |\n  one\n\n    two\n  # three\n\nb: |-\n  x\n  y\n\n\nc: 1\n`, true],
    ['a literal block at the end without a newline', `${S}a: |\n  one`, false],
    ['a literal block with more spaces on a blank line', `${S}a: |\n  one\n     \n  two\n`, false],
    ['folded block', `${S}a: >\n  one\n  two\n`, false],
    ['a multi-line plain scalar', `${S}a: one\n  two\n`, false],
    ['a nested mapping on one line', `${S}a: b: c\n`, false],
    ['a colon inside a value', `${S}a: b:c\nd: http://x\n`, true],
    ['brackets inside a block value', `${S}a: x [y] {z}, w\n`, true],
    ['duplicate keys', `${S}a: 1\na: 2\n`, false],
    ['a prototype key', `${S}__proto__: 1\n`, false],
    ['keys with slashes and tildes', `${S}a/b: 1\nc~d: 2\n`, false],
    ['keys with dots and dashes', `${S}a.b-c: 1\n2: x\n`, true],
    ['a boolean key', `${S}true: 1\n`, false],
    ['anchors and aliases', `${S}a: &x 1\nb: *x\n`, false],
    ['tags', `${S}a: !!str 1\n`, false],
    ['tabs', `${S}a:\n\tb: 1\n`, false],
    ['CRLF', `${S}a: 1\r\nb: 2\r\n`, false],
    ['a document marker', `${S}---\na: 1\n`, false],
    ['two documents', `${S}a: 1\n---\nb: 2\n`, false],
    ['a bad indentation', `${S}a:\n    b: 1\n  c: 2\n`, false],
    ['an empty file', ``, false],
    ['only a comment', `${S}`, false],
    ['a scalar document', `${S}hello\n`, false],
    ['a sequence document', `${S}- a\n- b\n`, true],
    ['no newline at the end', `${S}a: 1`, true],
    ['unicode', `${S}a: Zürich ✓\nb: '日本'\n`, true],
    ['values in other scripts', `${S}a: 김민준\nb: { name: 이서연, roles: [관찰자, x] }\nc: ✓ done # note\nd: \u00a0x\n`, true],
    ['a key in another script', `${S}김: 1\n`, false],
    ['a value that starts with an indicator', `${S}a: @x\nb: %y\n`, false],
    ['a comment right after a value', `${S}a: x#y\nb: [x]#z\n`, false],
  ];
  it.each(CASES)('%s', (_, text, taken) => {
    expect(takes(text)).toBe(taken);
    expect(load(text, true)).toEqual(load(text, false));
  });

  it('gives the same as the full path on mutated policy files', () => {
    const sources = REPO_FILES.filter((f) => relative(ROOT, f).startsWith('policies/')).map((f) => readFileSync(f, 'utf8'));
    const pieces = ['\n', ' ', '  ', ': ', '- ', '#', ' #', '[', ']', '{', '}', ',', "'", '"', '|', '|-', '\n  ', 'null', '1', '-', ':', 'x'];
    fc.assert(
      fc.property(
        fc.nat(sources.length - 1),
        fc.array(fc.record({ at: fc.nat(), cut: fc.nat(3), insert: fc.constantFrom('', ...pieces) }), { minLength: 1, maxLength: 3 }),
        (which, edits) => {
          let text = sources[which]!;
          for (const e of edits) {
            const i = e.at % (text.length + 1);
            text = text.slice(0, i) + e.insert + text.slice(i + e.cut);
          }
          expect(load(text, true)).toEqual(load(text, false));
        },
      ),
      { numRuns: 300, seed: 7 },
    );
  });
});

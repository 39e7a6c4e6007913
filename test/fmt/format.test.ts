// The canonical layout of formatSource, table-driven: each row is a source and the exact text
// fmt must make of it. Then what must hold for every row (idempotent, comments kept, same value),
// the failure paths (the loader's diagnostics, format-unsafe) and the presets: formatted, each
// compiles to the output it compiled to before, byte for byte.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkPolicy, serializePolicy } from '../../src/compile.js';
import { emitPolicy } from '../../src/emit/emit-policy.js';
import { fileKind, formatSource, type FileKind } from '../../src/fmt/format.js';
import { readPolicyDir, readPolicyTests } from '../../src/cli/read-policy.js';
import { ROOT } from '../helpers.js';

const HEAD = '# yaml-language-server: $schema=../../schema/policy.schema.json\n';
const TEST_HEAD = '# yaml-language-server: $schema=../../../schema/policy-test.schema.json\n';

function format(text: string, kind: FileKind = 'policy'): string {
  const r = formatSource(text, kind);
  if (!r.ok) throw new Error(`not formatted: ${JSON.stringify(r.diagnostics)}`);
  return r.text;
}

// [what, kind, source, formatted]
const LAYOUTS: [string, FileKind, string, string][] = [
  ['top-level keys in the language order', 'policy', `${HEAD}\nroles: {}\ntitle: T\nscales: {}\n`, `${HEAD}\ntitle: T\nscales: {}\nroles: {}\n`],
  [
    'role keys in the language order, grants one per line',
    'role',
    `${HEAD}\nroles:\n  a:\n    grants: { x: edit, y: { allowed: [off], default: on } }\n    kind: builtin\n    name: A\n`,
    `${HEAD}\nroles:\n  a:\n    name: A\n    kind: builtin\n    grants:\n      x: edit\n      y: { default: on, allowed: [off] }\n`,
  ],
  [
    'delegation keys in the language order, cloning last',
    'policy',
    `${HEAD}\ndelegation:\n  cloneRoles: { except: [trainee] }\n  manageRoles: [{ permission: roles }]\n`,
    `${HEAD}\ndelegation:\n  manageRoles: [{ permission: roles }]\n  cloneRoles: { except: [trainee] }\n`,
  ],
  [
    'a cloneRole case: the source, then id, name and description',
    'test',
    `${TEST_HEAD}\ncases:\n  - name: n\n    cloneRole: { name: Copy, id: c, from: agent }\n`,
    `${TEST_HEAD}\ncases:\n  - name: n\n    cloneRole: { from: agent, id: c, name: Copy }\n`,
  ],
  [
    'ids keep the written order',
    'policy',
    `${HEAD}\nroles:\n  zeta: { name: Z }\n  alpha: { name: A }\n`,
    `${HEAD}\nroles:\n  zeta:\n    name: Z\n  alpha:\n    name: A\n`,
  ],
  [
    'two-space indentation from four, lists indented under their key',
    'test',
    `${TEST_HEAD}\ncases:\n-   name: n\n    roles:\n    - a\n    - b\n    permission: p\n`,
    `${TEST_HEAD}\ncases:\n  - name: n\n    roles: [a, b]\n    permission: p\n`,
  ],
  [
    'short leaf mappings and lists on one line, lists unpadded, mappings padded',
    'policy',
    `${HEAD}\nscales:\n  access:\n    levels:\n      - off\n      - on\n    labels:\n      off: OFF\n`,
    `${HEAD}\nscales:\n  access:\n    levels: [off, on]\n    labels: { off: OFF }\n`,
  ],
  [
    'a mapping too wide for one line is a block',
    'members',
    `${HEAD}\nmembers:\n  m: { name: ${'N'.repeat(80)}, roles: [a] }\n`,
    `${HEAD}\nmembers:\n  m:\n    name: ${'N'.repeat(80)}\n    roles: [a]\n`,
  ],
  [
    'a grant stays on one line however long',
    'role',
    `${HEAD}\nroles:\n  a:\n    grants:\n      p:\n        default: ${'x'.repeat(60)}\n        allowed: [${'y'.repeat(40)}]\n`,
    `${HEAD}\nroles:\n  a:\n    grants:\n      p: { default: ${'x'.repeat(60)}, allowed: [${'y'.repeat(40)}] }\n`,
  ],
  [
    'comments move with their keys',
    'policy',
    `${HEAD}\n# the roles\nroles: {}\n# the title\ntitle: T # trailing\n`,
    `${HEAD}\n# the title\ntitle: T # trailing\n# the roles\nroles: {}\n`,
  ],
  [
    'a comment above the first entry of a reordered mapping stays with that entry',
    'policy',
    `${HEAD}\nroles:\n  a:\n    # why kind\n    kind: builtin\n    name: A\n`,
    `${HEAD}\nroles:\n  a:\n    name: A\n    # why kind\n    kind: builtin\n`,
  ],
  [
    'a comment inside a list keeps the list a block',
    'policy',
    `${HEAD}\nroles:\n  a:\n    name: A\n    inherits: [\n      b, # first\n      c\n    ]\n`,
    `${HEAD}\nroles:\n  a:\n    name: A\n    inherits:\n      - b # first\n      - c\n`,
  ],
  [
    'the schema block heads the file, followed by one blank line',
    'role',
    `${HEAD}# about this file\nroles: {}\n`,
    `${HEAD}# about this file\n\nroles: {}\n`,
  ],
  [
    'blank lines between entries are kept, several as one',
    'policy',
    `${HEAD}\ntitle: T\n\n\n\nroles: {}\n`,
    `${HEAD}\ntitle: T\n\nroles: {}\n`,
  ],
  [
    'quoting and block text are kept; long text is not folded',
    'policy',
    `${HEAD}\ntitle: "T"\ndescription: |\n  one\n  two\nscales:\n  s:\n    label: ${'w '.repeat(70)}end\n    labels: { off: 'OFF' }\n`,
    `${HEAD}\ntitle: "T"\ndescription: |\n  one\n  two\nscales:\n  s:\n    label: ${'w '.repeat(70)}end\n    labels: { off: 'OFF' }\n`,
  ],
  [
    'CRLF line ends and a BOM are dropped',
    'policy',
    `\uFEFF${HEAD.trimEnd()}\r\n\r\ntitle: T\r\n`,
    `${HEAD}\ntitle: T\n`,
  ],
  [
    'anchors and aliases are kept',
    'policy',
    `${HEAD}\ntiers:\n  nodes:\n    a:\n      grants: &g\n        x: on\n    b:\n      grants: *g\n  maxDepth: 2\n`,
    `${HEAD}\ntiers:\n  maxDepth: 2\n  nodes:\n    a:\n      grants: &g\n        x: on\n    b: { grants: *g }\n`,
  ],
  [
    'test cases are blocks in the schema order, question first and expect last',
    'test',
    `${TEST_HEAD}\ncases:\n  - { expect: allow, permission: p, name: n, actor: { roles: [a], id: x } }\nactors: {}\n`,
    `${TEST_HEAD}\nactors: {}\ncases:\n  - name: n\n    actor: { id: x, roles: [a] }\n    permission: p\n    expect: allow\n`,
  ],
  [
    'a createRole draft keeps id, name, description, grants in that order',
    'test',
    `${TEST_HEAD}\ncases:\n  - name: n\n    roles: [a]\n    createRole: { grants: { p: on }, description: D, name: N, id: r }\n`,
    `${TEST_HEAD}\ncases:\n  - name: n\n    roles: [a]\n    createRole: { id: r, name: N, description: D, grants: { p: on } }\n`,
  ],
];

describe('canonical layout', () => {
  it.each(LAYOUTS)('%s', (_what, kind, source, expected) => {
    expect(format(source, kind)).toBe(expected);
  });

  it.each(LAYOUTS)('%s: idempotent', (_what, kind, source) => {
    const once = format(source, kind);
    const r = formatSource(once, kind);
    expect(r).toEqual({ ok: true, text: once, changed: false });
  });

  it('reports whether the text changed', () => {
    const [, , source, expected] = LAYOUTS[0]!;
    expect(formatSource(source, 'policy')).toMatchObject({ ok: true, changed: true });
    expect(formatSource(expected, 'policy')).toMatchObject({ ok: true, changed: false });
  });
});

describe('files fmt refuses', () => {
  // [what, source, rule, line, column]
  const ROWS: [string, string, string, number, number][] = [
    ['YAML syntax', `${HEAD}title: [a\n`, 'yaml-syntax', 3, 1],
    ['a duplicate key', `${HEAD}title: a\ntitle: b\n`, 'duplicate-key', 3, 1],
    ['a tag', `${HEAD}title: !!binary aGk=\n`, 'yaml-tag', 2, 17],
    ['an empty file', '', 'empty-file', 1, 1],
    ['an alias before its anchor in canonical order', readFileSync(`${ROOT}/test/fixtures/fmt/alias-order.yaml`, 'utf8'), 'format-unsafe', 12, 13],
  ];
  it.each(ROWS)('%s', (_what, source, rule, line, column) => {
    const r = formatSource(source, 'policy', { file: 'policies/p/policy.yaml' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.diagnostics.map((d) => [d.rule, d.file, d.line, d.column])[0]).toEqual([rule, 'policies/p/policy.yaml', line, column]);
    for (const d of r.diagnostics) expect(d.severity).toBe('error');
  });

  it('invalid UTF-8 bytes are reported by the loader', () => {
    const r = formatSource(new Uint8Array([...Buffer.from(`${HEAD}title: `), 0xff, 0x0a]), 'policy');
    expect(r.ok ? [] : r.diagnostics.map((d) => d.rule)).toEqual(['invalid-encoding']);
  });
});

describe('file kinds', () => {
  it.each([
    ['policy.yaml', 'policy'],
    ['members.yaml', 'members'],
    ['roles/02-manager.yaml', 'role'],
    ['policies/p/tests/01-cases.yaml', 'test'],
    ['policies/p/tests/nested/x.yml', 'policy'],
  ])('%s is a %s file', (path, kind) => {
    expect(fileKind(path)).toBe(kind);
  });
});

describe('presets', () => {
  const PRESETS = ['channeltalk', 'cloudgate', 'super8', 'userlike', 'zendesk'];

  it.each(PRESETS)('%s is formatted', (name) => {
    const dir = `policies/${name}`;
    const files = [...readPolicyDir(dir, ROOT).files, ...readPolicyTests(dir, ROOT)];
    expect(files.length).toBeGreaterThan(1);
    for (const f of files) {
      const r = formatSource(f.bytes, fileKind(f.path), { file: `${dir}/${f.path}` });
      expect(r.ok && !r.changed, f.path).toBe(true);
    }
  });

  // The presets are already formatted, so this runs them through a different layout first (every
  // mapping in flow style where YAML allows, four-space indentation) and formats that back.
  it.each(PRESETS)('%s, re-laid out and formatted, compiles to byte-identical output', async (name) => {
    const input = readPolicyDir(`policies/${name}`, ROOT);
    const before = checkPolicy(input);
    const relaid = input.files.map((f) => {
      const text = Buffer.from(f.bytes).toString('utf8').replace(/^( +)(- )?/gm, (_m, s: string, dash?: string) => (dash ? `${s}${s}  - ` : s + s));
      const r = formatSource(text, fileKind(f.path));
      if (!r.ok) throw new Error(`${f.path}: ${JSON.stringify(r.diagnostics)}`);
      return { path: f.path, bytes: Buffer.from(r.text, 'utf8') };
    });
    const after = checkPolicy({ ...input, files: relaid });
    expect(after.ok).toBe(true);
    expect(serializePolicy(after.ir!)).toBe(serializePolicy(before.ir!));
    const [a, b] = [await emitPolicy(before.ir!, before.dir, before.targets), await emitPolicy(after.ir!, after.dir, after.targets)];
    expect(b).toEqual(a);
  });
});

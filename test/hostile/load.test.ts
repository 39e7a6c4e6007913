// The loader in-process (src/load): each limit at, just under and just over its value, every
// UTF-8 boundary, every refused YAML form, and the position each diagnostic points at.
// hostile.test.ts drives the same cases end to end through the built binary.

import { describe, expect, it } from 'vitest';
import { DiagnosticBag } from '../../src/diagnostics/diagnostic.js';
import { decodeUtf8, firstInvalidByte } from '../../src/load/decode.js';
import { DEFAULT_LOAD_LIMITS, loadYaml, type LoadLimits } from '../../src/load/load-yaml.js';
import { SourceIndex } from '../../src/load/source-index.js';

const HEAD = '# yaml-language-server: $schema=../../schema/policy.schema.json\n';

interface Found {
  rule: string;
  line: number;
  column: number;
}

function load(input: string | Uint8Array, limits: Partial<LoadLimits> = {}) {
  const index = new SourceIndex();
  const bag = new DiagnosticBag(index.locate);
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  const value = loadYaml('f.yaml', bytes, bag, index, { ...DEFAULT_LOAD_LIMITS, ...limits });
  const found: Found[] = bag.all().map((d) => ({ rule: d.rule, line: d.line, column: d.column }));
  return { value, found, index, messages: bag.all().map((d) => d.message) };
}

const f = (rule: string, line: number, column: number): Found => ({ rule, line, column });

describe('firstInvalidByte: every boundary of well-formed UTF-8', () => {
  it.each([
    ['empty input', [], 0],
    ['ASCII up to 0x7F', [0x00, 0x41, 0x7f], 3],
    ['a lone continuation byte', [0x80], 0],
    ['0xC0 and 0xC1 never start a sequence', [0xc1, 0xbf], 0],
    ['0xC2 0x80, the lowest two-byte sequence', [0xc2, 0x80], 2],
    ['0xDF 0xBF, the highest two-byte sequence', [0xdf, 0xbf], 2],
    ['a two-byte lead without its continuation', [0x41, 0xc2], 1],
    ['a two-byte lead followed by ASCII', [0xc2, 0x41], 0],
    ['a continuation byte of the form 11xxxxxx', [0xc2, 0xc0], 0],
    ['0xE0 0x80 0x80, an overlong three-byte form', [0xe0, 0x80, 0x80], 0],
    ['0xE0 0xA0 0x80 = U+0800, the lowest three-byte value', [0xe0, 0xa0, 0x80], 3],
    ['0xED 0x9F 0xBF = U+D7FF, just below the surrogates', [0xed, 0x9f, 0xbf], 3],
    ['0xED 0xA0 0x80 = U+D800, the first surrogate', [0xed, 0xa0, 0x80], 0],
    ['0xED 0xBF 0xBF = U+DFFF, the last surrogate', [0xed, 0xbf, 0xbf], 0],
    ['0xEE 0x80 0x80 = U+E000, just above the surrogates', [0xee, 0x80, 0x80], 3],
    ['0xEF 0xBF 0xBF = U+FFFF', [0xef, 0xbf, 0xbf], 3],
    ['a three-byte lead cut after two bytes', [0xe2, 0x82], 0],
    ['0xF0 0x8F 0xBF 0xBF, an overlong four-byte form', [0xf0, 0x8f, 0xbf, 0xbf], 0],
    ['0xF0 0x90 0x80 0x80 = U+10000', [0xf0, 0x90, 0x80, 0x80], 4],
    ['0xF4 0x8F 0xBF 0xBF = U+10FFFF, the highest code point', [0xf4, 0x8f, 0xbf, 0xbf], 4],
    ['0xF4 0x90 0x80 0x80, above U+10FFFF', [0xf4, 0x90, 0x80, 0x80], 0],
    ['0xF5 never starts a sequence', [0xf5, 0x80, 0x80, 0x80], 0],
    ['0xF9 never starts a sequence, though its payload would be in range', [0xf9, 0x80, 0x80, 0x80], 0],
    ['a continuation byte never starts a two-byte form', [0x9f, 0xbf], 0],
    ['a continuation byte never starts a three-byte form', [0x81, 0x80, 0x80], 0],
    ['a continuation byte never starts a four-byte form', [0x81, 0x80, 0x80, 0x80], 0],
    ['0xFF never appears', [0x41, 0x42, 0xff], 2],
    ['a four-byte lead whose last continuation is missing', [0xf0, 0x90, 0x80, 0x41], 0],
    ['valid sequences of each length, then a bad byte', [0x41, 0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80, 0x80], 10],
  ])('%s', (_name, bytes, want) => {
    expect(firstInvalidByte(Uint8Array.from(bytes))).toBe(want);
    // The strict decoder agrees: valid up to the reported offset, invalid from it on.
    const whole = decodeUtf8(Uint8Array.from(bytes));
    expect(whole.ok).toBe(want === bytes.length);
  });
});

describe('decodeUtf8: where the first invalid byte is', () => {
  it.each([
    ['on the first line', [0x61, 0x62, 0xff], { line: 1, column: 3, byte: 2 }],
    ['after a line feed', [0x61, 0x62, 0x0a, 0x63, 0x64, 0xff], { line: 2, column: 3, byte: 5 }],
    ['at the start of a line', [0x61, 0x0a, 0x0a, 0xff], { line: 3, column: 1, byte: 3 }],
    ['columns count characters, not bytes', [0x78, 0xc3, 0xa9, 0xff], { line: 1, column: 3, byte: 3 }],
  ])('%s', (_name, bytes, want) => {
    expect(decodeUtf8(Uint8Array.from(bytes))).toEqual({ ok: false, ...want });
  });

  it('valid text decodes, and a leading byte order mark is dropped', () => {
    expect(decodeUtf8(Uint8Array.from([0xef, 0xbb, 0xbf, 0x61]))).toEqual({ ok: true, text: 'a' });
  });
});

describe('SourceIndex.locate', () => {
  const text = `${HEAD}roles:\n  agent:\n    name: Agent\n  "a/b~c": { name: X }\n`;
  const { index } = load(text);
  it.each([
    ['a key, pointing at the key', { path: '/roles/agent', key: true }, { line: 3, column: 3 }],
    ['a value, pointing at the value', { path: '/roles/agent/name' }, { line: 4, column: 11 }],
    ['a key when the value is asked for a mapping', { path: '/roles/agent', key: false }, { line: 4, column: 5 }],
    ['a key with / and ~ in it, escaped in the path', { path: '/roles/a~1b~0c', key: true }, { line: 5, column: 3 }],
    ['a missing path, at its nearest parent', { path: '/roles/agent/grants/tickets' }, { line: 4, column: 5 }],
    ['a path missing from the top, at the document', { path: '/nothing' }, { line: 2, column: 1 }],
    ['the whole document', { path: '' }, { line: 2, column: 1 }],
  ])('%s', (_name, origin, want) => {
    expect(index.locate({ file: 'f.yaml', ...origin })).toEqual(want);
  });

  it('a file with no indexed document is at 1:1', () => {
    const empty = load(HEAD).index;
    expect(empty.locate({ file: 'f.yaml', path: '/roles' })).toEqual({ line: 1, column: 1 });
  });

  it('an unknown file is at 0:0', () => {
    expect(index.locate({ file: 'other.yaml', path: '/roles' })).toEqual({ line: 0, column: 0 });
    expect(index.text('f.yaml')).toBe(text);
    expect(index.text('other.yaml')).toBeUndefined();
  });
});

describe('loadYaml: limits at, under and over their value', () => {
  const small = `${HEAD}a: 1\n`;
  const size = Buffer.byteLength(small);
  it.each([
    ['file size one under the limit', { maxFileBytes: size + 1 }, []],
    ['file size exactly at the limit', { maxFileBytes: size }, []],
    ['file size one over the limit', { maxFileBytes: size - 1 }, [f('file-too-large', 1, 1)]],
  ])('%s', (_name, limits, want) => {
    const r = load(small, limits);
    expect(r.found).toEqual(want);
    expect(r.value).toEqual(want.length ? undefined : { a: 1 });
  });

  // HEAD has one line feed; "a: [1, 2]\n" adds one comma and one line feed: three entries.
  const listed = `${HEAD}a: [1, 2]\n`;
  it.each([
    ['entries exactly at the limit', 3, []],
    ['entries one over the limit', 2, [f('yaml-resource-limit', 1, 1)]],
  ])('%s', (_name, maxEntries, want) => {
    expect(load(listed, { maxEntries }).found).toEqual(want);
  });

  /** n nested flow sequences around a 1: the scalar sits at depth n. */
  const nested = (n: number) => `${HEAD}${'['.repeat(n)}1${']'.repeat(n)}\n`;
  it.each([
    ['nesting one under the depth limit', 4, []],
    ['nesting exactly at the depth limit', 5, []],
    ['nesting one over the depth limit', 6, [f('yaml-resource-limit', 2, 7)]],
  ])('%s (maxDepth 5)', (_name, depth, want) => {
    const r = load(nested(depth), { maxDepth: 5 });
    expect(r.found).toEqual(want);
    if (!want.length) expect(JSON.stringify(r.value)).toBe(`${'['.repeat(depth)}1${']'.repeat(depth)}`);
  });

  // The alias expands to the list and its two items: three nodes.
  const aliased = `${HEAD}a: &x [1, 2]\nb: *x\n`;
  it.each([
    ['alias nodes one under the budget', 4, []],
    ['alias nodes exactly at the budget', 3, []],
    ['alias nodes one over the budget, reported at the alias', 2, [f('yaml-resource-limit', 3, 4)]],
  ])('%s', (_name, maxNodes, want) => {
    const r = load(aliased, { maxNodes });
    expect(r.found).toEqual(want);
    expect(r.value).toEqual(want.length ? undefined : { a: [1, 2], b: [1, 2] });
  });
});

describe('loadYaml: refused and accepted forms', () => {
  it.each([
    ['no schema line', 'a: 1\n', [f('schema-line', 1, 1)], { a: 1 }],
    ['a schema line that is not the first line', `a: 1\n${HEAD}`, [f('schema-line', 1, 1)], { a: 1 }],
    ['two byte order marks before the schema line', `\uFEFF\uFEFF${HEAD}a: 1\n`, [], { a: 1 }],
    ['a document that is one scalar is read (the schema refuses it later)', `${HEAD}hello\n`, [], 'hello'],
    ['a schema line after a byte order mark', `\uFEFF${HEAD}a: 1\n`, [], { a: 1 }],
    ['an empty file', '', [f('empty-file', 1, 1)], undefined],
    ['only whitespace', ' \n\n', [f('empty-file', 1, 1)], undefined],
    ['only the schema line', HEAD, [f('empty-file', 1, 1)], undefined],
    ['a null document', `${HEAD}~\n`, [f('empty-file', 1, 1)], undefined],
    ['a comment but no schema line', '# notes\n', [f('empty-file', 1, 1), f('schema-line', 1, 1)], undefined],
    ['a syntax error, at its position', `${HEAD}a: [1, 2\n`, [f('yaml-syntax', 3, 1)], undefined],
    ['a duplicate key, at the second key', `${HEAD}a: 1\nb: 2\na: 3\n`, [f('duplicate-key', 4, 1)], undefined],
    ['a duplicate key inside an aliased mapping is reported once', `${HEAD}a: &x { k: 1, k: 2 }\nb: *x\n`, [f('duplicate-key', 2, 15)], undefined],
    ['an alias to no anchor', `${HEAD}a: 1\nb: *nope\n`, [f('yaml-syntax', 3, 4)], undefined],
    ['__proto__ as a key', `${HEAD}a: 1\n__proto__: 2\n`, [f('forbidden-key', 3, 1)], undefined],
    ['constructor as a key', `${HEAD}x: { constructor: 1 }\n`, [f('forbidden-key', 2, 6)], undefined],
    ['prototype as a key', `${HEAD}x: { prototype: 1 }\n`, [f('forbidden-key', 2, 6)], undefined],
    ['a custom tag', `${HEAD}a: !thing 1\n`, [f('yaml-tag', 2, 4)], undefined],
    ['a binary tag', `${HEAD}a: !!binary aGk=\n`, [f('yaml-tag', 2, 13)], undefined],
    ['a set tag, at the tagged value', `${HEAD}a: !!set { x }\n`, [f('yaml-tag', 2, 10)], undefined],
    ['a mapping as a key', `${HEAD}? { k: 1 }\n: v\n`, [f('yaml-tag', 2, 3)], undefined],
    ['null as a key', `${HEAD}~: v\n`, [f('yaml-tag', 2, 1)], undefined],
  ])('%s', (_name, text, want, value) => {
    const r = load(text);
    expect(r.found).toEqual(want);
    expect(r.value).toEqual(value);
  });

  it.each([
    ['the core schema\'s tags', `${HEAD}a: !!str 1\nb: !!int "2"\nc: !!float 1.5\nd: !!bool true\ne: !!null ~\nf: !!map { x: 1 }\ng: !!seq [1]\n`, { a: '1', b: 2, c: 1.5, d: true, e: null, f: { x: 1 }, g: [1] }],
    ['numbers and booleans as keys become strings', `${HEAD}1: a\ntrue: b\n`, { 1: 'a', true: 'b' }],
    ['infinities and NaN become strings', `${HEAD}a: .inf\nb: -.inf\nc: .nan\nd: 1.5\n`, { a: 'Infinity', b: '-Infinity', c: 'NaN', d: 1.5 }],
    ['a key without a value is null', `${HEAD}a:\nb: [1, ~]\n`, { a: null, b: [1, null] }],
    ['an alias repeats its anchor\'s value', `${HEAD}a: &x { k: [1] }\nb: *x\n`, { a: { k: [1] }, b: { k: [1] } }],
  ])('accepts %s', (_name, text, want) => {
    const r = load(text);
    expect(r.found).toEqual([]);
    expect(r.value).toEqual(want);
  });

  it('nesting deeper than the parser follows, with no depth limit of ours, is yaml-resource-limit on its line, not a crash', () => {
    const r = load(`${HEAD}a: ${'['.repeat(20_000)}${']'.repeat(20_000)}\n`, { maxDepth: 1e9 });
    // Every finding is a located resource-limit diagnostic on that line; nothing is thrown.
    expect(r.found.length).toBeGreaterThan(0);
    for (const f of r.found) expect(f).toEqual({ rule: 'yaml-resource-limit', line: 2, column: expect.any(Number) });
    expect(r.found[0]!.column).toBeGreaterThan(3);
    expect(r.value).toBeUndefined();
  });

  it('syntax errors and tag warnings carry the parser\'s explanation', () => {
    for (const text of [`${HEAD}a: [1, 2\n`, `${HEAD}a: !thing 1\n`]) {
      const r = load(text);
      expect(r.messages.length).toBe(1);
      expect(r.messages[0]!.length, r.messages[0]).toBeGreaterThan(15);
    }
  });

  it('messages of syntax errors do not repeat the position', () => {
    const r = load(`${HEAD}a: [1, 2\n`);
    expect(r.messages.join('\n')).not.toMatch(/at line \d+, column \d+/);
  });

  it('what an alias repeats is located at the alias, not at the anchor', () => {
    const r = load(`${HEAD}a: &x\n  k: 1\nb: *x\n`);
    expect(r.index.locate({ file: 'f.yaml', path: '/b/k', key: true })).toEqual({ line: 4, column: 1 });
    expect(r.index.locate({ file: 'f.yaml', path: '/b/k' })).toEqual({ line: 4, column: 4 });
    expect(r.index.locate({ file: 'f.yaml', path: '/a/k', key: true })).toEqual({ line: 3, column: 3 });
  });

  it('a key written twice is located at its first occurrence', () => {
    const r = load(`${HEAD}a: 1\na: 2\n`);
    expect(r.index.locate({ file: 'f.yaml', path: '/a', key: true })).toEqual({ line: 2, column: 1 });
    expect(r.index.locate({ file: 'f.yaml', path: '/a' })).toEqual({ line: 2, column: 4 });
  });

  it('a forbidden key never reaches the value, so Object.prototype stays clean', () => {
    const r = load(`${HEAD}x: { __proto__: { polluted: 1 } }\n`);
    expect(r.found).toEqual([f('forbidden-key', 2, 6)]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

// Not the wording, but the facts each message and hint carries: sizes, limits, offsets, keys, tags.
describe('loadYaml: messages and hints name the facts', () => {
  const texts = (input: string | Uint8Array, limits: Partial<LoadLimits> = {}): string[] => {
    const index = new SourceIndex();
    const bag = new DiagnosticBag(index.locate);
    const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
    loadYaml('f.yaml', bytes, bag, index, { ...DEFAULT_LOAD_LIMITS, ...limits });
    return bag.all().map((d) => `${d.rule}: ${d.message}\n${d.hint ?? ''}`);
  };
  const small = `${HEAD}a: 1\n`;
  it.each([
    ['file-too-large', small, { maxFileBytes: 10 }, [`file-too-large: file is ${Buffer.byteLength(small)} bytes`, 'limit is 10 bytes', 'split the policy']],
    ['invalid-encoding', Uint8Array.from([0x61, 0x0a, 0x62, 0xff]), {}, ['invalid-encoding: invalid UTF-8 byte sequence at byte 3', 'UTF-8']],
    ['schema-line', 'a: 1\n', {}, ['schema-line: ', '$schema=', 'editors']],
    ['entry limit', `${HEAD}a: [1, 2]\n`, { maxEntries: 2 }, ['yaml-resource-limit: ', 'about 3 entries', 'limit is 2', 'split the policy']],
    ['alias budget', `${HEAD}a: &x [1, 2]\nb: *x\n`, { maxNodes: 2 }, ['yaml-resource-limit: ', 'more than 2 nodes', 'write the values out']],
    ['depth limit', `${HEAD}[[[1]]]\n`, { maxDepth: 2 }, ['yaml-resource-limit: ', 'deeper than 2 levels', 'flatten']],
    ['empty-file', '', {}, ['empty-file: ']],
    ['duplicate-key', `${HEAD}ab: 1\nab: 2\n`, {}, ['duplicate-key: ', '"ab" appears twice', 'remove or rename']],
    ['forbidden-key', `${HEAD}prototype: 1\n`, {}, ['forbidden-key: ', '"prototype"', 'rename']],
    ['an alias to no anchor', `${HEAD}a: *nope\n`, {}, ['yaml-syntax: ', '*nope', 'define &nope']],
    ['a refused tag, shortened', `${HEAD}a: !!binary aGk=\n`, {}, ['yaml-tag: ', 'the tag !!binary is not allowed', 'remove the tag']],
    ['a custom tag', `${HEAD}a: !thing 1\n`, {}, ['yaml-tag: ', 'thing']],
    ['a mapping as a key', `${HEAD}? [k]\n: v\n`, {}, ['yaml-tag: ', 'mapping keys must be plain strings']],
  ] as [string, string | Uint8Array, Partial<LoadLimits>, string[]][])('%s', (_name, input, limits, facts) => {
    const found = texts(input, limits);
    expect(found.length).toBeGreaterThan(0);
    expect(found.some((t) => facts.every((f) => t.includes(f))), `${JSON.stringify(found)} carries ${JSON.stringify(facts)}`).toBe(true);
  });
});

// What watch keeps between emits (EmitCache, the roles' kept policy.json entries) never changes an
// output: after any sequence of edits, an emit with the cache gives the files an emit without it
// gives, and policy.json is JSON.stringify of the IR. The cheaper text helpers give what the
// expressions they replace give.

import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readPolicyDir } from '../../src/cli/read-policy.js';
import { checkPolicy, LoadCache, serializePolicy, type PolicyInput } from '../../src/compile.js';
import { EmitCache, endWithNewline } from '../../src/emit/emit-cache.js';
import { emitPolicy } from '../../src/emit/emit-policy.js';
import { tsString } from '../../src/emit/escape.js';
import type { ResolvedPolicy } from '../../src/ir.js';
import { ROOT } from '../helpers.js';
import { syntheticPolicy } from '../synthetic.js';

const PRESETS = readdirSync(join(ROOT, 'policies'));
const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const text = (input: PolicyInput, path: string): string => new TextDecoder().decode(input.files.find((f) => f.path === path)!.bytes);
const withFile = (input: PolicyInput, path: string, content: string): PolicyInput => ({
  ...input,
  files: input.files.some((f) => f.path === path) ? input.files.map((f) => (f.path === path ? { path, bytes: enc(content) } : f)) : [...input.files, { path, bytes: enc(content) }],
});
const replaced = (i: PolicyInput, path: string, from: string | RegExp, to: string): PolicyInput => withFile(i, path, text(i, path).replace(from, to));

/** 30 roles over 20 permissions in three files; role_10 and later inherit from earlier roles. */
const synthetic = (): PolicyInput => ({
  name: 'syn',
  dir: 'policies/syn',
  files: Object.entries(syntheticPolicy({ roles: 30, permissions: 20, rolesPerFile: 10 }, 2).files).map(([path, t]) => ({ path, bytes: enc(t) })),
});

// Each step edits the policy the step before left; between them they change a role's name, a
// grant (with roles inheriting it), a cell back to what it was, the permissions (added, relabelled,
// implied), the roles (added, removed), and nothing at all.
const steps: [string, (i: PolicyInput) => PolicyInput][] = [
  ['a role renamed', (i) => replaced(i, 'roles/0.yaml', /^(\s*)name: .*$/m, '$1name: Renamed owner')],
  ['a comment added', (i) => withFile(i, 'roles/1.yaml', `${text(i, 'roles/1.yaml')}# a comment only\n`)],
  ['a grant of a parent role changed', (i) => replaced(i, 'roles/0.yaml', /(  role_04:[\s\S]*?grants:\n)/, '$1      area_5.perm_05: edit\n')],
  ['the same grant changed back', (i) => replaced(i, 'roles/0.yaml', '      area_5.perm_05: edit\n', '')],
  ['a role renamed twice over', (i) => replaced(i, 'roles/1.yaml', 'name: Team 12', 'name: Team "12" | <b>*/')],
  ['a permission relabelled', (i) => replaced(i, 'policy.yaml', 'label: Permission 3\n', 'label: Permission three\n')],
  ['an implication added', (i) => replaced(i, 'policy.yaml', /(    scale: crude\n)/, '$1    implies: { area_0.perm_00: on }\n')],
  ['a role file deleted', (i) => ({ ...i, files: i.files.filter((f) => f.path !== 'roles/2.yaml') })],
  ['a role added', (i) => withFile(i, 'roles/9.yaml', '# yaml-language-server: $schema=../../../schema/policy.schema.json\nroles:\n  late:\n    name: Late\n    kind: custom\n    inherits: [role_12]\n')],
  ['the added role removed', (i) => ({ ...i, files: i.files.filter((f) => f.path !== 'roles/9.yaml') })],
];

/** Runs the steps from `input`, each checked with one load cache and emitted with one emit cache, against a fresh check and emit. */
async function replay(input: PolicyInput, list: readonly [string, (i: PolicyInput) => PolicyInput][]): Promise<void> {
  const load = new LoadCache();
  const cache = new EmitCache();
  const first = checkPolicy(input, { cache: load });
  expect(await emitPolicy(first.ir!, first.dir, first.targets, cache)).toEqual(await emitPolicy(first.ir!, first.dir, first.targets));
  for (const [what, step] of list) {
    const next = step(input);
    expect(next.files.map((f) => text(next, f.path)), `${what}: the edit applies`).not.toEqual(input.files.map((f) => text(input, f.path)));
    input = next;
    const kept = checkPolicy(input, { cache: load });
    const fresh = checkPolicy(input);
    expect(kept.ok && fresh.ok, what).toBe(true);
    const files = await emitPolicy(kept.ir!, kept.dir, kept.targets, cache);
    expect(files, what).toEqual(await emitPolicy(fresh.ir!, fresh.dir, fresh.targets));
    expect(files.find((f) => f.path === 'policy.json')!.content, what).toBe(JSON.stringify(kept.ir, null, 2) + '\n');
  }
}

describe('emitting with an emit cache', () => {
  it('a sequence of edits to a synthetic policy gives, at every step, the files of a fresh check and emit', async () => {
    await replay(synthetic(), steps);
  });

  it('the same on Zendesk (objects, whose rows are made anew each time; the spicedb target)', async () => {
    await replay(readPolicyDir('policies/zendesk', ROOT), [
      ['default objects declared', (i) => replaced(i, 'policy.yaml', '  custom_object:\n    label: Custom object\n', '  custom_object:\n    label: Custom object\n    defaults: [car, room]\n')],
      ['a role renamed', (i) => replaced(i, 'roles/02-admin.yaml', /^(    name: )Admin$/m, '$1Administrator of the account')],
      ['the objects dropped again', (i) => replaced(i, 'policy.yaml', '    defaults: [car, room]\n', '')],
    ]);
  });

  it('one cache for two policies in turn still gives each its own files', async () => {
    const cache = new EmitCache();
    for (const preset of [...PRESETS, ...PRESETS]) {
      const r = checkPolicy(readPolicyDir(`policies/${preset}`, ROOT));
      expect(await emitPolicy(r.ir!, r.dir, r.targets, cache), preset).toEqual(await emitPolicy(r.ir!, r.dir, r.targets));
    }
  });
});

describe('policy.json', () => {
  it.each(PRESETS)('%s: JSON.stringify of the IR, indented by two, and a newline; the same again with the roles kept', (preset) => {
    const ir = checkPolicy(readPolicyDir(`policies/${preset}`, ROOT)).ir!;
    expect(serializePolicy(ir)).toBe(JSON.stringify(ir, null, 2) + '\n');
    expect(serializePolicy(ir)).toBe(JSON.stringify(ir, null, 2) + '\n');
  });

  it.each(PRESETS)('%s: the version is the hash of the compact JSON of the rest of the IR, with the roles kept or not', (preset) => {
    const input = readPolicyDir(`policies/${preset}`, ROOT);
    const cache = new LoadCache();
    for (const ir of [checkPolicy(input).ir!, checkPolicy(input, { cache }).ir!, checkPolicy(input, { cache }).ir!]) {
      const { version, ...rest } = ir;
      expect(version).toBe(createHash('sha256').update(JSON.stringify(rest)).digest('hex').slice(0, 16));
    }
  });

  it('a kept role moved to another id, no roles at all, and members left out as JSON.stringify leaves them', () => {
    const ir = checkPolicy(readPolicyDir('policies/userlike', ROOT)).ir!;
    serializePolicy(ir);
    const [first, role] = Object.entries(ir.roles)[0]!;
    const variants: ResolvedPolicy[] = [
      { ...ir, roles: { [`${first}_moved`]: role, ...ir.roles } },
      { ...ir, roles: {} },
      { ...ir, description: undefined as unknown as null, plan: (() => null) as unknown as null },
    ];
    for (const v of variants) expect(serializePolicy(v)).toBe(JSON.stringify(v, null, 2) + '\n');
  });
});

describe('text helpers', () => {
  it.each([[''], ['a'], ['a\n'], ['a\n\n\n'], ['\n'], ['\n\n'], ['a\nb'], ['a\r\n'], ['a\n \n']])('endWithNewline(%j) is .replace(/\\n*$/, "\\n")', (s) => {
    expect(endWithNewline(s)).toBe(s.replace(/\n*$/, '\n'));
  });

  it('tsString gives what the full chain of escapes gives, for any string', () => {
    const hex = (c: string): string => c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
    const full = (s: string): string =>
      JSON.stringify(s)
        .replace(/[\u007F-\u009F]/g, (c) => `\\u${hex(c)}`)
        .replace(/\u2028/g, '\\u2028')
        .replace(/\u2029/g, '\\u2029')
        .replace(/[\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/g, (c) => `\\u${hex(c)}`);
    const odd = fc.constantFrom('\u007F', '\u0085', '\u009F', '\u2028', '\u2029', '\u061C', '\u200B', '\u202E', '\u2066', '\uFEFF', '\uD800', '"', '\\', '\u0000', 'a');
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), fc.array(odd).map((a) => a.join(''))), (s) => {
        expect(tsString(s)).toBe(full(s));
      }),
      { numRuns: 500 },
    );
  });
});

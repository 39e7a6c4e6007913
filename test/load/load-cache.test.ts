// The load cache that watch keeps per policy folder: a check with it gives exactly what a fresh
// check gives (IR, diagnostics with positions, code frames' sources), whatever changed in between,
// and a file is parsed again only when its bytes changed.

import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkPolicy, LoadCache, type CheckResult, type PolicyInput } from '../../src/compile.js';
import { readPolicyDir } from '../../src/cli/read-policy.js';
import { EmitCache } from '../../src/emit/emit-cache.js';
import { emitPolicy } from '../../src/emit/emit-policy.js';
import { ROOT } from '../helpers.js';
import { syntheticPolicy } from '../synthetic.js';

const PRESETS = readdirSync(join(ROOT, 'policies'));

/** What a check produced, in a form that compares whole (sources: the text of every file). */
function observed(r: CheckResult, input: PolicyInput): unknown {
  return { ok: r.ok, ir: r.ir, trace: r.trace, targets: r.targets, diagnostics: r.diagnostics, texts: input.files.map((f) => r.sources.text(`${input.dir}/${f.path}`)) };
}

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const text = (input: PolicyInput, path: string): string => new TextDecoder().decode(input.files.find((f) => f.path === path)!.bytes);
const withFile = (input: PolicyInput, path: string, content: string): PolicyInput => ({
  ...input,
  files: input.files.some((f) => f.path === path) ? input.files.map((f) => (f.path === path ? { path, bytes: enc(content) } : f)) : [...input.files, { path, bytes: enc(content) }],
});

describe('checkPolicy with a load cache', () => {
  it.each(PRESETS)('%s: the same result as without, on the first check and on the next', (preset) => {
    const input = readPolicyDir(`policies/${preset}`, ROOT);
    const cache = new LoadCache();
    const fresh = observed(checkPolicy(input), input);
    expect(observed(checkPolicy(input, { cache }), input)).toEqual(fresh);
    expect(observed(checkPolicy(input, { cache }), input)).toEqual(fresh);
  });

  // Each edit is applied to the userlike preset, checked with the cache of the unedited policy,
  // then undone; each time the result equals a fresh check of the same files.
  const edits: [string, boolean, (input: PolicyInput) => PolicyInput][] = [
    ['a role renamed', true, (i) => withFile(i, 'roles/04-staff.yaml', text(i, 'roles/04-staff.yaml').replace(/^(\s*)name: .*$/m, '$1name: Renamed staff'))],
    ['a YAML syntax error', false, (i) => withFile(i, 'roles/04-staff.yaml', text(i, 'roles/04-staff.yaml') + '\n  bad: [unclosed\n')],
    ['a duplicate key', false, (i) => withFile(i, 'roles/04-staff.yaml', text(i, 'roles/04-staff.yaml').replace(/^(\s*)name: (.*)$/m, '$1name: $2\n$1name: $2'))],
    ['a schema error', false, (i) => withFile(i, 'roles/04-staff.yaml', text(i, 'roles/04-staff.yaml').replace(/^(\s*)name: .*$/m, '$1name: 42\n$1colour: red'))],
    ['a grant outside its scale', false, (i) => withFile(i, 'policy.yaml', text(i, 'policy.yaml').replace(/levels: \[off, on\]/, 'levels: [off, enabled]'))],
    ['a file deleted', true, (i) => ({ ...i, files: i.files.filter((f) => f.path !== 'roles/04-staff.yaml') })],
    ['a file added', true, (i) => withFile(i, 'roles/99-extra.yaml', '# yaml-language-server: $schema=../../../schema/policy.schema.json\nroles:\n  extra:\n    name: Extra\n')],
  ];
  it.each(edits)('%s (ok: %s), then undone', (_, ok, edit) => {
    const input = readPolicyDir('policies/userlike', ROOT);
    const cache = new LoadCache();
    checkPolicy(input, { cache });
    const edited = edit(input);
    const cached = checkPolicy(edited, { cache });
    expect(cached.ok).toBe(ok);
    expect(observed(cached, edited)).toEqual(observed(checkPolicy(edited), edited));
    expect(observed(checkPolicy(input, { cache }), input)).toEqual(observed(checkPolicy(input), input));
  });

  it('parses again only the file whose bytes changed', () => {
    const input = readPolicyDir('policies/userlike', ROOT);
    const cache = new LoadCache();
    const first = checkPolicy(input, { cache });
    const edited = withFile(input, 'roles/04-staff.yaml', text(input, 'roles/04-staff.yaml').replace(/^(\s*)name: .*$/m, '$1name: Renamed staff'));
    const second = checkPolicy(edited, { cache });
    // An unchanged file's document is the very object loaded before; the edited one is new.
    expect(second.merged!.roles.size).toBeGreaterThan(1);
    for (const [id, role] of second.merged!.roles) {
      const before = first.merged!.roles.get(id)!;
      if (role.at.file.endsWith('04-staff.yaml')) expect(role.value).not.toBe(before.value);
      else expect(role.value).toBe(before.value);
    }
  });

  // Watch keeps the resolved roles (and the emitters their rows, with an EmitCache) across checks: a
  // sequence of edits checked with one cache, each emitted with one emit cache, gives the files a
  // fresh check and emit give.
  const synthetic = (): PolicyInput => {
    const files = Object.entries(syntheticPolicy({ roles: 30, permissions: 20, rolesPerFile: 10 }, 2).files).map(([path, t]) => ({ path, bytes: enc(t) }));
    return { name: 'syn', dir: 'policies/syn', files };
  };
  const steps: [string, (input: PolicyInput) => PolicyInput][] = [
    ['a grant of a parent role changed (role_10 inherits from role_04)', (i) => withFile(i, 'roles/0.yaml', text(i, 'roles/0.yaml').replace(/(  role_04:[\s\S]*?grants:\n)/, '$1      area_5.perm_05: edit\n'))],
    ['a role renamed', (i) => withFile(i, 'roles/1.yaml', text(i, 'roles/1.yaml').replace('name: Team 12', 'name: Renamed'))],
    ['an inherits entry added', (i) => withFile(i, 'roles/2.yaml', text(i, 'roles/2.yaml').replace(/(  role_21:\n)/, '$1    inherits: [role_05]\n'))],
    ['a grant outside its scale, then fixed', (i) => withFile(i, 'roles/2.yaml', text(i, 'roles/2.yaml').replace(/(  role_22:[\s\S]*?grants:\n)/, '$1      area_0.perm_00: maybe\n'))],
    ['the same, fixed', (i) => withFile(i, 'roles/2.yaml', text(i, 'roles/2.yaml').replace('      area_0.perm_00: maybe\n', ''))],
    ['an implication added', (i) => withFile(i, 'policy.yaml', text(i, 'policy.yaml').replace(/(    scale: crude\n)/, '$1    implies: { area_0.perm_00: on }\n'))],
    ['a permission renamed in its label', (i) => withFile(i, 'policy.yaml', text(i, 'policy.yaml').replace('label: Permission 3\n', 'label: Permission three\n'))],
    ['a role file deleted', (i) => ({ ...i, files: i.files.filter((f) => f.path !== 'roles/2.yaml') })],
  ];
  it('a sequence of edits, checked with one cache and emitted, gives what fresh checks give', async () => {
    let input = synthetic();
    const cache = new LoadCache();
    const emitCache = new EmitCache();
    checkPolicy(input, { cache });
    for (const [what, step] of steps) {
      const next = step(input);
      expect(next.files.map((f) => text(next, f.path)), `${what}: the edit applies`).not.toEqual(input.files.map((f) => text(input, f.path)));
      input = next;
      const cached = checkPolicy(input, { cache });
      const fresh = checkPolicy(input);
      expect(observed(cached, input), what).toEqual(observed(fresh, input));
      if (fresh.ok) expect(await emitPolicy(cached.ir!, cached.dir, cached.targets, emitCache), what).toEqual(await emitPolicy(fresh.ir!, fresh.dir, fresh.targets));
    }
  });

  // The same on Zendesk, through the parts of the language a role's kept rows do not name:
  // objects, declared relations, switches, baselines.
  const zendeskSteps: [string, (input: PolicyInput) => PolicyInput][] = [
    ['default objects declared', (i) => withFile(i, 'policy.yaml', text(i, 'policy.yaml').replace('  custom_object:\n    label: Custom object\n', '  custom_object:\n    label: Custom object\n    defaults: [car, room]\n'))],
    ['a declared relation reads another attribute', (i) => withFile(i, 'policy.yaml', text(i, 'policy.yaml').replace('    actor: brands\n', '    actor: teams\n'))],
    ['a switch turned off', (i) => withFile(i, 'policy.yaml', text(i, 'policy.yaml').replace(/(  explore:\n(?:    .*\n)*?    on: )true/, '$1false'))],
    ['the objects dropped again', (i) => withFile(i, 'policy.yaml', text(i, 'policy.yaml').replace('    defaults: [car, room]\n', ''))],
  ];
  it('a sequence of edits to objects, relations and switches, checked with one cache and emitted, gives what fresh checks give', async () => {
    let input = readPolicyDir('policies/zendesk', ROOT);
    const cache = new LoadCache();
    const emitCache = new EmitCache();
    checkPolicy(input, { cache });
    for (const [what, step] of zendeskSteps) {
      const next = step(input);
      expect(text(next, 'policy.yaml'), `${what}: the edit applies`).not.toEqual(text(input, 'policy.yaml'));
      input = next;
      const cached = checkPolicy(input, { cache });
      const fresh = checkPolicy(input);
      expect(observed(cached, input), what).toEqual(observed(fresh, input));
      expect(fresh.ok, what).toBe(true);
      expect(await emitPolicy(cached.ir!, cached.dir, cached.targets, emitCache), what).toEqual(await emitPolicy(fresh.ir!, fresh.dir, fresh.targets));
    }
  });

  it('keeps the resolved roles whose definition and parents did not change', () => {
    const input = synthetic();
    const cache = new LoadCache();
    const first = checkPolicy(input, { cache }).ir!;
    const second = checkPolicy(steps[0]![1](input), { cache }).ir!;
    // role_04 changed, and role_10 inherits from it; the roles of the other files are the same objects.
    expect(second.roles.role_04).not.toBe(first.roles.role_04);
    expect(second.roles.role_10).not.toBe(first.roles.role_10);
    expect(second.roles.role_11).toBe(first.roles.role_11);
    expect(second.roles.role_25).toBe(first.roles.role_25);
    // The file was parsed again: its roles are new documents, equal in content, so they are kept too.
    expect(second.roles.role_05).toBe(first.roles.role_05);
  });
});

// The load cache that watch keeps per policy folder: a check with it gives exactly what a fresh
// check gives (IR, diagnostics with positions, code frames' sources), whatever changed in between,
// and a file is parsed again only when its bytes changed.

import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkPolicy, LoadCache, type CheckResult, type PolicyInput } from '../../src/compile.js';
import { readPolicyDir } from '../../src/cli/read-policy.js';
import { ROOT } from '../helpers.js';

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
});

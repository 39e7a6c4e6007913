// `policyc lsp` driven through a real client connection over stdio: the built CLI is spawned and
// every request goes through the protocol. Asserts codes, rules, ranges and ids, never wording.

import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CodeAction, CompletionItem, Diagnostic, Hover, Location, Range, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { ROOT, tempDir } from '../helpers.js';
import { formatSource } from '../../src/fmt/format.js';
import { LspClient } from './client.js';

let root: string;
let client: LspClient;
let dir: string;
const file = (p: string): string => join(dir, p);
const STAFF = 'roles/04-staff.yaml';
const MANAGER = 'roles/02-manager.yaml';
const POLICY = 'policy.yaml';

beforeAll(async () => {
  root = tempDir('policyc-lsp-');
  cpSync(join(ROOT, 'policies/userlike'), join(root, 'policies/userlike'), { recursive: true });
  cpSync(join(ROOT, 'policies/super8'), join(root, 'policies/super8'), { recursive: true });
  cpSync(join(ROOT, 'policies/zendesk'), join(root, 'policies/zendesk'), { recursive: true });
  cpSync(join(ROOT, 'schema'), join(root, 'schema'), { recursive: true });
  dir = join(root, 'policies/userlike');
  client = await LspClient.start(root);
});

afterAll(() => {
  client?.kill();
});

/** The position of the `n`th occurrence of `needle` in a text (0-based line and character). */
function pos(text: string, needle: string, n = 0, delta = 0): { line: number; character: number } {
  let at = -1;
  for (let i = 0; i <= n; i++) {
    at = text.indexOf(needle, at + 1);
    if (at === -1) throw new Error(`"${needle}" not found`);
  }
  at += delta;
  const before = text.slice(0, at);
  const line = before.split('\n').length - 1;
  return { line, character: at - (before.lastIndexOf('\n') + 1) };
}

function textAt(text: string, r: Range): string {
  const lines = text.split('\n');
  expect(r.start.line).toBe(r.end.line);
  return lines[r.start.line]!.slice(r.start.character, r.end.character);
}

const codes = (ds: readonly Diagnostic[]): string[] => ds.map((d) => `${d.code} ${(d.data as { rule: string }).rule}`);

describe('policyc lsp', () => {
  it('publishes the compiler diagnostics of an open buffer, with codes, rules, ranges and help links', async () => {
    const path = file(STAFF);
    const broken = readFileSync(path, 'utf8').replace('company: { default: off,', 'company: { default: of,');
    const got = client.next(path, (d) => d.length > 0);
    await client.open(path, broken);
    const { params } = await got;
    expect(codes(params.diagnostics)).toEqual(['PC3005 invalid-level']);
    const d = params.diagnostics[0]!;
    expect(d.range.start).toEqual(pos(broken, 'of,', 0));
    expect(textAt(broken, d.range)).toBe('of');
    expect(d.severity).toBe(1);
    expect(d.source).toBe('policyc');
    expect(d.codeDescription?.href).toMatch(/docs\/diagnostics\.md#pc3005-invalid-level$/);
    expect((d.data as { fix?: string }).fix).toBe('off');
  });

  it('offers the hint of a diagnostic as a quick fix', async () => {
    const path = file(STAFF);
    const d = client.diagnostics.get(client.uri(path))![0]!;
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: client.uri(path) }, range: d.range, context: { diagnostics: [d] } });
    expect(actions).toHaveLength(1);
    expect(actions[0]!.kind).toBe('quickfix');
    expect(actions[0]!.edit!.changes![client.uri(path)]).toEqual([{ range: d.range, newText: 'off' }]);
  });

  const fixes: [string, string, string, string, string][] = [
    // [what, file, text replaced, by, the fix]
    ['a misspelt key (schema)', MANAGER, 'editableBy: [owner]', 'editablBy: [owner]', 'editableBy'],
    ['a misspelt role (reference)', MANAGER, 'editableBy: [owner]', 'editableBy: [ownre]', 'owner'],
    ['a misspelt permission as a grant key', MANAGER, '      audit_log:', '      audit_lg:', 'audit_log'],
    ['a misspelt level in quotes', MANAGER, '{ default: on, allowed: [off] }', '{ default: "onn", allowed: [off] }', '"on"'],
  ];
  it.each(fixes)('quick-fixes %s', async (_what, rel, from, to, fix) => {
    const path = file(rel);
    const text = readFileSync(path, 'utf8').replace(from, to);
    const got = client.next(path, (d) => d.length > 0);
    await client.set(path, text);
    const [d] = (await got).params.diagnostics;
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: client.uri(path) }, range: d!.range, context: { diagnostics: [d] } });
    expect(actions.map((a) => a.edit!.changes![client.uri(path)]![0]!.newText)).toEqual([fix]);
    // Applied, the file checks again.
    const r = d!.range;
    const lines = text.split('\n');
    lines[r.start.line] = lines[r.start.line]!.slice(0, r.start.character) + fix + lines[r.start.line]!.slice(r.end.character);
    const cleared = client.next(path, (x) => x.length === 0);
    await client.change(path, lines.join('\n'));
    await cleared;
    await client.change(path, readFileSync(path, 'utf8'));
  });

  it('clears the diagnostics once the buffer is fixed', async () => {
    const path = file(STAFF);
    const got = client.next(path, (d) => d.length === 0);
    await client.change(path, readFileSync(path, 'utf8'));
    expect((await got).params.diagnostics).toEqual([]);
  });

  it('reports a broken reference in another file with related locations, and files that are not open', async () => {
    // The manager names itself editable by a role that does not exist, and a duplicate of the
    // staff role is added to the (open) manager file: the staff file, not open, gets a diagnostic too.
    const path = file(MANAGER);
    const text = readFileSync(path, 'utf8').replace('editableBy: [owner]', 'editableBy: [ownr]') + '  staff:\n    name: Staff two\n    kind: custom\n';
    const staffGot = client.next(file(STAFF), (d) => d.some((x) => x.code === 'PC3002'));
    const got = client.next(path, (d) => d.length > 0);
    await client.set(path, text);
    const mine = (await got).params.diagnostics;
    expect(codes(mine)).toEqual(['PC3001 unknown-reference', 'PC3002 duplicate-definition']);
    expect(textAt(text, mine[0]!.range)).toBe('ownr');
    expect((mine[0]!.data as { fix?: string }).fix).toBe('owner');
    const related = mine[1]!.relatedInformation!;
    expect(related).toHaveLength(1);
    expect(related[0]!.location.uri).toBe(client.uri(file(STAFF)));
    const staff = (await staffGot).params.diagnostics;
    expect(codes(staff)).toEqual(['PC3002 duplicate-definition']);
    expect(textAt(readFileSync(file(STAFF), 'utf8'), staff[0]!.range)).toBe('staff');
    // Fixed: both files are cleared.
    const cleared = client.next(file(STAFF), (d) => d.length === 0);
    await client.change(path, readFileSync(path, 'utf8'));
    await cleared;
    expect(client.diagnostics.get(client.uri(path))).toEqual([]);
  });

  it('checks the test suites against the policy', async () => {
    const path = file('tests/03-administration.yaml');
    const text = readFileSync(path, 'utf8').replace('roles: [administrator]', 'roles: [administrater]');
    const got = client.next(path, (d) => d.length > 0);
    await client.open(path, text);
    const d = (await got).params.diagnostics;
    expect(codes(d)).toEqual(['PC3001 unknown-reference']);
    expect(textAt(text, d[0]!.range)).toBe('administrater');
    const cleared = client.next(path, (x) => x.length === 0);
    await client.close(path);
    await cleared;
  });

  const completionCases: [string, string, string, number, string[]][] = [
    // [file, text, needle, delta from the needle, ids expected among the items]
    ['role in editableBy', MANAGER, 'editableBy: [', 13, ['owner', 'manager', 'administrator', 'staff', 'analyst', 'agent']],
    ['permission as a grant key', MANAGER, '      company:', 6, ['company', 'organizations', 'conversations.group_assigned', 'contacts.delete_others_notes']],
    ['level of an access permission', MANAGER, 'default: edit', 9, ['off', 'read', 'edit']],
    ['level of a toggle permission', MANAGER, 'default: on', 9, ['off', 'on']],
    ['level among the allowed alternatives', MANAGER, 'allowed: [off', 10, ['off', 'read', 'edit']],
    ['scale of a permission', POLICY, '    scale: access', 11, ['access', 'toggle']],
    ['group of a permission', POLICY, '    group: general', 11, ['general', 'conversations', 'contacts']],
    ['plan of a feature', POLICY, 'minPlan: flex', 9, ['standard', 'flex']],
    ['relation of an access rule', POLICY, 'relations: [same_group', 12, ['assignee', 'same_group', 'unassigned']],
    ['resource of an exception', POLICY, 'resource: conversation', 10, ['conversation']],
    ['action of an access rule', POLICY, 'same_group, assigned], actions: [read]', 33, ['read', 'reply', 'reassign', 'edit']],
    ['action of another resource kind', POLICY, 'actions: [create]', 10, ['read', 'edit', 'create']],
    ['feature an access rule requires', POLICY, '{ feature: several_organizations', 11, ['several_organizations']],
    ['permission of a delegation rule', POLICY, '{ permission: roles', 14, ['roles', 'company']],
    ['level of a delegation rule', POLICY, 'atLeast: edit }', 9, ['off', 'read', 'edit']],
    ['role of a member', 'members.yaml', 'roles: [owner]', 8, ['owner', 'agent']],
    ['role of a test case', 'tests/03-administration.yaml', 'roles: [owner]', 8, ['owner', 'staff']],
    ['permission of a test case', 'tests/03-administration.yaml', 'permission: roles', 12, ['roles', 'analytics']],
  ];
  it.each(completionCases)('completes the %s', async (_name, rel, needle, delta, want) => {
    const path = file(rel);
    const text = readFileSync(path, 'utf8');
    // Cut the word under the cursor so that the server sees it being typed.
    const at = pos(text, needle, 0, delta);
    const items = await client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri: client.uri(path) }, position: at });
    const labels = items.map((i) => i.label);
    for (const id of want) expect(labels).toContain(id);
  });

  it('completes, hovers and finds tier nodes and the permissions of their grants (Super 8)', async () => {
    const policy = join(root, 'policies/super8/policy.yaml');
    const members = join(root, 'policies/super8/members.yaml');
    const text = readFileSync(policy, 'utf8');
    const req = async <R,>(method: string, path: string, t: string, needle: string, delta: number, n = 0): Promise<R> =>
      client.request<R>(method, { textDocument: { uri: client.uri(path) }, position: pos(t, needle, n, delta) });
    const parents = await req<CompletionItem[]>('textDocument/completion', policy, text, 'parent: central', 8);
    expect(parents.map((i) => i.label)).toEqual(expect.arrayContaining(['hq', 'north', 'central', 'beitun']));
    const grantKeys = await req<CompletionItem[]>('textDocument/completion', policy, text, '        folders.bound:', 8);
    expect(grantKeys.map((i) => i.label)).toEqual(expect.arrayContaining(['folders.bound', 'notify.email']));
    const mtext = readFileSync(members, 'utf8');
    const tiers = await req<CompletionItem[]>('textDocument/completion', members, mtext, 'tier: beitun', 6);
    expect(tiers.map((i) => i.label)).toContain('hq');
    const defs = await req<Location[]>('textDocument/definition', members, mtext, 'tier: beitun', 7);
    expect(defs[0]!.uri).toBe(client.uri(policy));
    expect(defs[0]!.range.start).toEqual(pos(text, '    beitun:', 0, 4));
    const h = await req<Hover>('textDocument/hover', members, mtext, 'tier: hq', 7);
    expect((h.contents as { value: string }).value).toContain('總公司含客服');
  });

  it('completes the object kind of a per-object permission and finds its definition (Zendesk)', async () => {
    const policy = join(root, 'policies/zendesk/policy.yaml');
    const text = readFileSync(policy, 'utf8');
    const at = pos(text, '    perObject: custom_object', 0, 15);
    const items = await client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri: client.uri(policy) }, position: at });
    // Every kind of the policy, those of its other files (guide.yaml) included.
    expect(items.map((i) => i.label)).toEqual(['article', 'community_topic', 'custom_object']);
    expect(items.find((i) => i.label === 'custom_object')!.detail).toBe('Custom object');
    const defs = await client.request<Location[]>('textDocument/definition', { textDocument: { uri: client.uri(policy) }, position: pos(text, '    perObject: custom_object', 0, 17) });
    expect(defs[0]!.range.start).toEqual(pos(text, 'objects:\n  custom_object:', 0, 11));
    const guide = join(root, 'policies/zendesk/guide.yaml');
    const gtext = readFileSync(guide, 'utf8');
    const there = await client.request<Location[]>('textDocument/definition', { textDocument: { uri: client.uri(policy) }, position: pos(text, '    implies: { help_center.article_rights', 0, 20) });
    expect([there[0]!.uri, there[0]!.range.start]).toEqual([client.uri(guide), pos(gtext, '  help_center.article_rights:', 0, 2)]);
  });

  it('completes declared relations after the default ones, and finds their definition (Zendesk)', async () => {
    const policy = join(root, 'policies/zendesk/policy.yaml');
    const text = readFileSync(policy, 'utf8');
    const at = pos(text, 'relations: [same_brand]', 0, 12);
    const items = await client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri: client.uri(policy) }, position: at });
    const labels = items.map((i) => i.label);
    expect(labels).toEqual(expect.arrayContaining(['assignee', 'same_group', 'same_brand']));
    expect(labels.indexOf('same_brand')).toBeGreaterThan(labels.indexOf('public'));
    expect(items.find((i) => i.label === 'same_brand')!.detail).toBe('Same brand');
    const defs = await client.request<Location[]>('textDocument/definition', { textDocument: { uri: client.uri(policy) }, position: pos(text, 'relations: [same_brand]', 0, 14) });
    expect(defs[0]!.range.start).toEqual(pos(text, '  same_brand:', 0, 2));
  });

  it('completes on a line being typed, in block style', async () => {
    const path = file(STAFF);
    const text = readFileSync(path, 'utf8').replace('    grants:\n', '    inherits:\n      - ana\n    grants:\n      compa\n');
    await client.change(path, text);
    const roles = await client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri: client.uri(path) }, position: pos(text, '- ana', 0, 5) });
    expect(roles.map((i) => i.label)).toEqual(['owner', 'manager', 'administrator', 'staff', 'analyst', 'agent']);
    expect(roles[0]!.textEdit).toMatchObject({ newText: 'owner', range: { start: pos(text, 'ana\n'), end: pos(text, 'ana\n', 0, 3) } });
    const perms = await client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri: client.uri(path) }, position: pos(text, 'compa\n', 0, 5) });
    expect(perms.map((i) => i.label)).toContain('company');
    // No ids where the schema already helps (a role's own keys) or in a free text.
    const none = await client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri: client.uri(path) }, position: pos(text, '    name: Staff', 0, 10) });
    expect(none).toEqual([]);
    await client.change(path, readFileSync(path, 'utf8'));
  });

  it('hovers a grant with its effective value and explain chain, a role, a permission and a level', async () => {
    const path = file(MANAGER);
    const text = readFileSync(path, 'utf8');
    const at = async (needle: string, delta = 1): Promise<string> => {
      const h = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: client.uri(path) }, position: pos(text, needle, 0, delta) });
      return (h?.contents as { value: string } | undefined)?.value ?? '';
    };
    const grant = await at('      audit_log:', 8);
    expect(grant).toContain('audit_log');
    expect(grant).toMatch(/own grant of manager: on \(policies\/userlike\/roles\/02-manager\.yaml:\d+:\d+\)/);
    expect(await at('editableBy: [owner]', 14)).toContain('Owner');
    const level = await at('{ default: edit', 12);
    expect(level).toContain('off < read < edit');
    const policy = readFileSync(file(POLICY), 'utf8');
    const h = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: client.uri(file(POLICY)) }, position: pos(policy, '{ permission: roles', 0, 15) });
    expect((h!.contents as { value: string }).value).toContain('Viewing and changing the account');
  });

  it('goes to the definition of every kind of id and finds its references across files', async () => {
    const path = file(MANAGER);
    const text = readFileSync(path, 'utf8');
    const policy = readFileSync(file(POLICY), 'utf8');
    const def = async (p: string, t: string, needle: string, delta: number): Promise<Location[]> =>
      (await client.request<Location[] | null>('textDocument/definition', { textDocument: { uri: client.uri(p) }, position: pos(t, needle, 0, delta) })) ?? [];
    const owner = await def(path, text, 'editableBy: [owner]', 14);
    expect(owner.map((l) => l.uri)).toEqual([client.uri(file('roles/01-owner.yaml'))]);
    const company = await def(path, text, '      company:', 8);
    expect(company[0]!.uri).toBe(client.uri(file(POLICY)));
    expect(company[0]!.range.start).toEqual(pos(policy, '  company:', 0, 2));
    const level = await def(path, text, '{ default: edit', 12);
    expect(level[0]!.range.start).toEqual(pos(policy, 'levels: [off, read, edit]', 0, 20));
    const scale = await def(file(POLICY), policy, '    scale: toggle', 12);
    expect(scale[0]!.range.start).toEqual(pos(policy, '  toggle:', 0, 2));
    const refs = await client.request<Location[]>('textDocument/references', { textDocument: { uri: client.uri(path) }, position: pos(text, 'editableBy: [owner]', 0, 14), context: { includeDeclaration: true } });
    const files = new Set(refs.map((l) => l.uri.slice(l.uri.indexOf('/policies/'))));
    expect(files).toContain('/policies/userlike/roles/01-owner.yaml');
    expect(files).toContain('/policies/userlike/members.yaml');
    expect(files).toContain('/policies/userlike/tests/03-administration.yaml');
  });

  it('renames a role in every file of the folder, tests and their account data included; refuses what is not a role or permission id', async () => {
    const path = file('roles/04-staff.yaml');
    const text = readFileSync(path, 'utf8');
    const at = pos(text, '  staff:', 0, 3);
    const prep = await client.request<{ range: Range; placeholder: string } | null>('textDocument/prepareRename', { textDocument: { uri: client.uri(path) }, position: at });
    expect(prep?.placeholder).toBe('staff');
    const edit = await client.request<WorkspaceEdit>('textDocument/rename', { textDocument: { uri: client.uri(path) }, position: at, newName: 'operator' });
    const changed = Object.keys(edit.changes!).map((u) => u.slice(u.indexOf('/policies/')));
    expect(changed).toContain('/policies/userlike/roles/04-staff.yaml');
    expect(changed).toContain('/policies/userlike/tests/93-account.yaml');
    expect(edit.changes![client.uri(file('tests/93-account.yaml'))]).toHaveLength(3);
    // Applied to the files, the policy still checks and every test still reads.
    for (const [uri, edits] of Object.entries(edit.changes!)) {
      const p = new URL(uri).pathname;
      let t = readFileSync(p, 'utf8');
      const lines = t.split('\n');
      for (const e of [...edits].sort((a, b) => b.range.start.line - a.range.start.line || b.range.start.character - a.range.start.character)) {
        expect(lines[e.range.start.line]!.slice(e.range.start.character, e.range.end.character)).toBe('staff');
        const l = lines[e.range.start.line]!;
        lines[e.range.start.line] = l.slice(0, e.range.start.character) + e.newText + l.slice(e.range.end.character);
      }
      t = lines.join('\n');
      writeFileSync(p, t);
      // As an editor does: the open buffers take the edit too.
      if (client.isOpen(p)) await client.change(p, t);
    }
    const { spawnSync } = await import('node:child_process');
    const run = spawnSync(process.execPath, [join(ROOT, 'dist/cli/main.js'), 'test', 'policies/userlike', '--format', 'json'], { cwd: root, encoding: 'utf8' });
    expect(run.status).toBe(0);
    // Not an id: a display name, a level, a comment.
    const manager = readFileSync(file(MANAGER), 'utf8');
    for (const [needle, delta] of [['name: Manager', 8], ['{ default: edit', 12], ['# Every cell', 4]] as const) {
      const r = await client.request<unknown>('textDocument/prepareRename', { textDocument: { uri: client.uri(file(MANAGER)) }, position: pos(manager, needle, 0, delta) });
      expect(r).toBeNull();
    }
    // A name already taken, or no id at all, is refused with an error response.
    await expect(client.request('textDocument/rename', { textDocument: { uri: client.uri(file(MANAGER)) }, position: pos(manager, '  manager:', 0, 3), newName: 'operator' })).rejects.toThrow();
    await expect(client.request('textDocument/rename', { textDocument: { uri: client.uri(file(MANAGER)) }, position: pos(manager, '  manager:', 0, 3), newName: 'Not An Id' })).rejects.toThrow();
  });

  it('survives malformed YAML, huge files, rapid edits, positions outside the document and files outside any policy folder', async () => {
    const path = file(STAFF);
    const good = readFileSync(path, 'utf8');
    // Malformed: a diagnostic, and every request still answers.
    const bad = good.replace('    grants:', '    grants: [\n  {{{');
    const got = client.next(path, (d) => d.some((x) => x.code === 'PC1001'));
    await client.change(path, bad);
    await got;
    for (const method of ['textDocument/completion', 'textDocument/hover', 'textDocument/definition', 'textDocument/prepareRename']) {
      for (const position of [{ line: 5, character: 3 }, { line: 100000, character: 5 }, { line: -3, character: -1 }, { line: 2, character: 99999 }]) {
        await client.request(method, { textDocument: { uri: client.uri(path) }, position });
      }
    }
    await client.request('textDocument/references', { textDocument: { uri: client.uri(path) }, position: { line: 1e9, character: 1e9 }, context: { includeDeclaration: true } });
    // Rapid edits: only the last text counts.
    for (let i = 0; i < 40; i++) await client.change(path, good.replace('name: Staff', `name: Staff ${i}`).replace('default: off,', i % 2 ? 'default: nope,' : 'default: off,'));
    const settled = client.next(path, (d) => d.length === 0);
    await client.change(path, good);
    await settled;
    // Huge: a 12 MB buffer is refused with the size diagnostic.
    const huge = client.next(path, (d) => d.some((x) => x.code === 'PC1004'));
    await client.change(path, good + '#'.repeat(12 * 1024 * 1024));
    await huge;
    await client.request('textDocument/completion', { textDocument: { uri: client.uri(path) }, position: { line: 20, character: 10 } });
    await client.change(path, good);
    // Outside any policy folder, or not a file at all: empty answers.
    const outside = join(root, 'notes.yaml');
    writeFileSync(outside, 'roles: [a]\n');
    await client.open(outside);
    expect(await client.request('textDocument/completion', { textDocument: { uri: client.uri(outside) }, position: { line: 0, character: 8 } })).toEqual([]);
    expect(await client.request('textDocument/hover', { textDocument: { uri: 'untitled:Untitled-1' }, position: { line: 0, character: 0 } })).toBeNull();
    expect(await client.request('textDocument/definition', { textDocument: { uri: 'file:///nonexistent/x.yaml' }, position: { line: 0, character: 0 } })).toBeNull();
    expect(client.child.exitCode).toBeNull();
    expect(client.stderr.join('')).not.toMatch(/internal error/);
  });

  it('formats a buffer in the layout of policyc fmt, as one edit; nothing for a formatted or broken buffer', async () => {
    const path = file(STAFF);
    const disk = readFileSync(path, 'utf8');
    // The same role with its kind written before its name.
    const shuffled = disk.replace('    kind: builtin\n', '').replace('    name: Staff\n', '    kind: builtin\n    name: Staff\n');
    expect(shuffled).not.toBe(disk);
    await client.change(path, shuffled);
    const edits = await client.request<{ range: Range; newText: string }[]>('textDocument/formatting', { textDocument: { uri: client.uri(path) }, options: { tabSize: 2, insertSpaces: true } });
    const want = formatSource(shuffled, 'role', { file: STAFF });
    expect(want.ok).toBe(true);
    if (!want.ok) return;
    expect(want.changed).toBe(true);
    expect(want.text).toBe(disk);
    expect(edits).toHaveLength(1);
    expect(edits[0]!.range.start).toEqual({ line: 0, character: 0 });
    expect(edits[0]!.newText).toBe(disk);
    await client.change(path, want.text);
    expect(await client.request('textDocument/formatting', { textDocument: { uri: client.uri(path) }, options: { tabSize: 2, insertSpaces: true } })).toEqual([]);
    await client.change(path, 'roles: [unclosed');
    expect(await client.request('textDocument/formatting', { textDocument: { uri: client.uri(path) }, options: { tabSize: 2, insertSpaces: true } })).toEqual([]);
    await client.change(path, disk);
  });

  it('shuts down and exits with code 0', async () => {
    expect(await client.stop()).toBe(0);
  });
});

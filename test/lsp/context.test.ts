// Where completion thinks the cursor is, on half-typed files: the path of the value or key being
// written. `|` marks the cursor in each text.

import { describe, expect, it } from 'vitest';
import { cursorContext } from '../../src/lsp/context.js';
import { indexFile, occurrenceAt } from '../../src/lsp/symbols.js';

const cases: [string, string, string[] | undefined, 'key' | 'value' | undefined, string?][] = [
  ['flow list of a block key', 'roles:\n  staff:\n    inherits: [ag|', ['roles', 'staff', 'inherits', '#'], 'value', 'ag'],
  ['second item of a flow list', 'roles:\n  staff:\n    editableBy: [owner, |]', ['roles', 'staff', 'editableBy', '#'], 'value', ''],
  ['block list item', 'roles:\n  staff:\n    inherits:\n      - owner\n      - ma|', ['roles', 'staff', 'inherits', '#'], 'value', 'ma'],
  ['new key of a block mapping', 'roles:\n  staff:\n    grants:\n      company: read\n      con|', ['roles', 'staff', 'grants', '*'], 'key', 'con'],
  ['empty line in a mapping', 'roles:\n  staff:\n    grants:\n      |', ['roles', 'staff', 'grants', '*'], 'key', ''],
  ['value of a block key', 'roles:\n  staff:\n    grants:\n      company: re|', ['roles', 'staff', 'grants', 'company'], 'value', 're'],
  ['key inside a flow mapping', 'roles:\n  staff:\n    grants:\n      company: { default: off, allowed: [re|', ['roles', 'staff', 'grants', 'company', 'allowed', '#'], 'value', 're'],
  ['value inside a flow mapping', 'roles:\n  staff:\n    grants:\n      company: { default: o|', ['roles', 'staff', 'grants', 'company', 'default'], 'value', 'o'],
  ['flow mapping as a list item', 'delegation:\n  manageRoles:\n    - { permission: roles, atLeast: e| }', ['delegation', 'manageRoles', '#', 'atLeast'], 'value', 'e'],
  ['block mapping as a list item', 'permissions:\n  p:\n    access:\n      - resource: conversation\n        relations: [as|', ['permissions', 'p', 'access', '#', 'relations', '#'], 'value', 'as'],
  ['key of a list item on its dash line', 'cases:\n  - name: x\n  - permiss|', ['cases', '#'], 'value', 'permiss'],
  ['top-level value', 'defaultRole: ag|', ['defaultRole'], 'value', 'ag'],
  ['comments and blank lines between', 'roles:\n  # a comment\n\n  staff:\n    # another\n    inherits: [|', ['roles', 'staff', 'inherits', '#'], 'value', ''],
  ['quoted key above', 'roles:\n  "staff":\n    inherits: [|', ['roles', 'staff', 'inherits', '#'], 'value', ''],
  ['in a comment', 'roles:\n  staff: # a comment |', undefined, undefined],
  ['in an unclosed quote', 'roles:\n  staff:\n    name: "Sta|', undefined, undefined],
];

describe('cursorContext', () => {
  it.each(cases)('%s', (_name, marked, path, at, prefix) => {
    const offset = marked.indexOf('|');
    const text = marked.replace('|', '');
    const ctx = cursorContext(text, offset);
    if (path === undefined) {
      expect(ctx).toBeUndefined();
      return;
    }
    expect(ctx?.path).toEqual(path);
    expect(ctx?.at).toBe(at);
    expect(ctx?.prefix).toBe(prefix);
    expect(ctx?.start).toBe(offset - prefix!.length);
  });

  it('finds the permission written beside an atLeast, on the line or above it in a block', () => {
    expect(cursorContext('rules:\n  r:\n    if: { permission: a.b, atLeast: |', 48)?.siblings.permission).toBe('a.b');
    const block = 'delegation:\n  manageRoles:\n    - permission: roles\n      atLeast: ';
    expect(cursorContext(block, block.length)?.siblings.permission).toBe('roles');
  });

  it('never throws on offsets outside the text', () => {
    for (const offset of [-5, 0, 1e9, Number.NaN]) expect(() => cursorContext('roles:\n  a: [b', offset)).not.toThrow();
  });
});

describe('indexFile', () => {
  const text = 'roles:\n  staff:\n    inherits: ["agent"]\n    grants:\n      company: { default: read, allowed: [off] }\npermissions:\n  company: { scale: access, label: C }\n';
  const symbols = indexFile(text, false);
  const at = (needle: string, delta = 0) => occurrenceAt(symbols, text.indexOf(needle) + delta);

  it.each([
    ['staff:', 'role', 'staff', true],
    ['agent', 'role', 'agent', false],
    ['company: {', 'permission', 'company', false],
    ['read', 'level', 'read', false],
    ['off]', 'level', 'off', false],
    ['access', 'scale', 'access', false],
    ['company: { scale', 'permission', 'company', true],
  ] as const)('%s is a %s', (needle, kind, id, def) => {
    const o = at(needle);
    expect(o).toMatchObject({ kind, id, def });
  });

  it('scopes grant levels by their permission and keeps quoted ids inside their quotes', () => {
    expect(at('read')?.scope).toEqual({ permission: 'company' });
    const agent = at('agent')!;
    expect(text.slice(agent.start, agent.end)).toBe('agent');
    expect(agent.quoted).toBe(true);
    expect(symbols.scales.get('company')).toBe('access');
  });

  it('knows the roles cloning names: a policy\'s except list and a test case\'s source', () => {
    const policy = 'delegation:\n  cloneRoles: { except: [trainee] }\n';
    expect(occurrenceAt(indexFile(policy, false), policy.indexOf('trainee'))).toMatchObject({ kind: 'role', id: 'trainee', def: false });
    const suite = 'cases:\n  - name: n\n    cloneRole: { from: agent, name: Copy }\n';
    expect(occurrenceAt(indexFile(suite, true), suite.indexOf('agent'))).toMatchObject({ kind: 'role', id: 'agent', def: false });
  });

  it('reads nothing from malformed or deeply nested text, without throwing', () => {
    expect(() => indexFile('roles: [\n  {{{', false)).not.toThrow();
    expect(() => indexFile('a:\n'.repeat(1) + '['.repeat(5000), false)).not.toThrow();
  });
});

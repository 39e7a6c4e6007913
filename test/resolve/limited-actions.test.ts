// A permission limited to some of its action set's actions (`actions: [read]`), and exceptions
// without relations (they hold for every actor): the IR, the located diagnostics of misuse, and
// the kernel's answers.

import { describe, expect, it } from 'vitest';
import { tablesOf } from '../../src/runtime/from-ir.js';
import { kCan, kCanAccess, kValidateDraft } from '../../src/runtime/kernel.js';
import { checkFiles, SCHEMA_LINE } from '../helpers.js';

const HEAD = `${SCHEMA_LINE(2)}scales:
  crud: { actions: [read, create, update, delete], implies: { create: [read], update: [read], delete: [update] } }
  toggle: { levels: [off, on] }
`;

function check(body: string) {
  const r = checkFiles({ 'policy.yaml': HEAD + body });
  return { r, found: r.diagnostics.filter((d) => d.severity === 'error').map((d) => [d.rule, d.path, d.line]) };
}

const OWNER = 'roles:\n  owner: { name: Owner, kind: owner }\n';

describe('permissions limited to some actions', () => {
  it('take their values from a scale of those actions alone, shared by every permission with the same list', () => {
    const { r, found } = check(`permissions:
  menu: { label: Menu, scale: crud, actions: [read] }
  notes: { label: Notes, scale: crud, actions: [read] }
  edit: { label: Edit, scale: crud, actions: [update, read] }
  full: { label: Full, scale: crud }
${OWNER}  viewer: { name: Viewer, customizable: true, grants: { menu: [read] } }
`);
    expect(found).toEqual([]);
    const ir = r.ir!;
    expect(ir.permissions.menu!.scale).toBe('crud[read]');
    expect(ir.permissions.notes!.scale).toBe('crud[read]');
    expect(ir.permissions.edit!.scale).toBe('crud[read,update]');
    expect(ir.permissions.full!.scale).toBe('crud');
    expect(ir.permissions.menu!.levels).toEqual(['read']);
    expect(Object.keys(ir.scales)).toEqual(['crud', 'toggle', 'crud[read]', 'crud[read,update]']);
    expect(ir.scales['crud[read,update]']!.implies).toEqual({ update: ['read'] });
    // The owner holds every action the permission has, and no more; a customizable role may choose among them only.
    expect(ir.roles.owner!.grants.menu).toEqual(['read']);
    expect(ir.roles.viewer!.allowed.menu).toEqual([[], ['read']]);
    const t = tablesOf(ir);
    for (const role of ['owner', 'viewer']) {
      expect(kCan(t, role, 'menu', 'read', undefined)).toBe(true);
      for (const a of ['create', 'update', 'delete']) expect(kCan(t, role, 'menu', a, undefined)).toBe(false);
    }
    expect(kCan(t, 'owner', 'full', 'delete', undefined)).toBe(true);
    const draft = kValidateDraft(t, { id: 'o', roles: ['owner'] }, { id: 'c', name: 'C', grants: { menu: ['delete'] } }, undefined);
    expect(draft.ok ? [] : draft.problems.map((p) => [p.rule, p.path])).toEqual([['invalid-level', '/grants/menu/0']]);
  });

  it.each([
    ['an action the scale does not have', 'p: { label: P, scale: crud, actions: [read, fly] }', [['unknown-reference', '/permissions/p/actions/1', 6]]],
    ['an action without the actions it implies', 'p: { label: P, scale: crud, actions: [read, delete] }', [['invalid-level', '/permissions/p/actions/1', 6]]],
    ['an ordered scale', 'p: { label: P, scale: toggle, actions: ["on"] }', [['schema', '/permissions/p/actions', 6]]],
    ['an empty list', 'p: { label: P, scale: crud, actions: [] }', [['schema', '/permissions/p/actions', 6]]],
  ] as const)('refuses %s, at its place', (_name, perm, want) => {
    expect(check(`permissions:\n  ${perm}\n${OWNER}`).found).toEqual(want);
  });

  it('refuses a grant of an action the permission does not have, at the grant', () => {
    const { found } = check(`permissions:\n  menu: { label: Menu, scale: crud, actions: [read] }\n${OWNER}  a: { name: A, grants: { menu: [delete] } }\n`);
    expect(found).toEqual([['invalid-level', '/roles/a/grants/menu', 9]]);
  });
});

describe('exceptions without relations', () => {
  const body = `resources:
  faq: { label: FAQ, actions: [read, edit] }
permissions:
  p: { label: P, scale: toggle }
exceptions:
  everyone_reads: { label: Everyone reads the FAQ, resource: faq, actions: [read] }
${OWNER}  a: { name: A }
`;

  it('hold for every actor, whatever their roles and relations, and only for their actions', () => {
    const { r, found } = check(body);
    expect(found).toEqual([]);
    expect(r.ir!.exceptions.everyone_reads!.relations).toEqual([]);
    const t = tablesOf(r.ir!);
    const actor = { id: 'x', roles: ['a'] };
    expect(kCanAccess(t, actor, { kind: 'faq' }, 'read', undefined)).toBe(true);
    expect(kCanAccess(t, actor, { kind: 'faq', private: true, assignee: 'y' }, 'read', undefined)).toBe(true);
    expect(kCanAccess(t, actor, { kind: 'faq' }, 'edit', undefined)).toBe(false);
    expect(kCanAccess(t, null, { kind: 'faq' }, 'read', undefined)).toBe(false);
  });

  it('an empty relations list is a schema error (omit the key instead)', () => {
    expect(check(body.replace('resource: faq,', 'resource: faq, relations: [],')).found).toEqual([['schema', '/exceptions/everyone_reads/relations', 10]]);
  });
});

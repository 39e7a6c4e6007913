// Cross-field rules of severity error in the runtime: account data (customised cells, custom roles,
// tier nodes) and role drafts that break one are refused under rule cross-field, at the grants'
// JSON pointer; warnings stay advice and refuse nothing. Super 8's binding notifications are the
// documented case: turning one on without the bound-customers folder fails.

import { describe, expect, it } from 'vitest';
import * as super8 from '../../generated/super8/guards.js';
import { tablesOf } from '../../src/runtime/from-ir.js';
import { compileAccount, kValidateDraft } from '../../src/runtime/kernel.js';
import { checkFiles, SCHEMA_LINE } from '../helpers.js';

type Problem = { rule: string; path?: string };
const open = (data: unknown) => super8.openAccount(data as never) as unknown as { ok: true } | { ok: false; problems: Problem[] };
const found = (r: { ok: true } | { ok: false; problems: Problem[] }) => (r.ok ? [] : r.problems.map((p) => [p.rule, p.path]));

describe('Super 8: a binding notification needs the bound-customers folder', () => {
  const members = [{ id: 'olga', roles: ['owner'] }];
  it.each([
    ['a store with push notices and no folder', { 'notify.push': 'on' }, [['cross-field', '/tiers/0/grants']]],
    ['a store with all three notices and no folder', { 'notify.push': 'on', 'notify.email': 'on', 'notify.web_center': 'on' }, [['cross-field', '/tiers/0/grants'], ['cross-field', '/tiers/0/grants'], ['cross-field', '/tiers/0/grants']]],
    ['a store with the folder and the notices', { 'folders.bound': 'on', 'notify.push': 'on' }, []],
    ['a store with the folder alone', { 'folders.bound': 'on' }, []],
  ] as const)('%s', (_name, grants, want) => {
    expect(found(open({ members, tiers: [{ id: 'x2', name: 'X2', parent: 'central', grants }] }))).toEqual(want);
  });

  it('a custom role is held to the same rule', () => {
    // (The administrator, who may edit roles, holds no notices itself: escalation-subset is reported as well.)
    const bad = found(open({ members, customRoles: [{ id: 'c1', name: 'Pusher', grants: { 'notify.push': 'on' } }] }));
    expect(bad).toContainEqual(['cross-field', '/customRoles/0/grants']);
    const good = found(open({ members, customRoles: [{ id: 'c1', name: 'Pusher', grants: { 'notify.push': 'on', 'folders.bound': 'on' } }] }));
    expect(good.filter(([rule]) => rule === 'cross-field')).toEqual([]);
  });
});

describe('only error rules refuse', () => {
  const text = `${SCHEMA_LINE(2)}scales:
  toggle: { levels: [off, on] }
  access: { levels: [off, read, edit] }
permissions:
  a: { label: A, scale: toggle }
  b: { label: B, scale: access }
  c: { label: C, scale: toggle }
  roles.manage: { label: Roles, scale: toggle }
rules:
  a_needs_b_edit: { label: A needs B at edit, if: { permission: a }, then: { permission: b, atLeast: edit } }
  c_wants_a: { label: C wants A, if: { permission: c }, then: { permission: a }, severity: warning }
roles:
  owner: { name: Owner, kind: owner }
  editor: { name: Editor, customizable: true, grants: { b: read } }
delegation:
  manageRoles: [{ permission: roles.manage, atLeast: "on" }]
`;
  const ir = checkFiles({ 'policy.yaml': text }).ir!;
  const t = tablesOf(ir);
  const problems = (data: unknown) => compileAccount(t, { members: [{ id: 'o', roles: ['owner'] }], ...(data as object) }, {}).problems.map((p) => [p.rule, p.path]);

  it.each([
    ['an error rule broken by a custom role', { customRoles: [{ id: 'x', name: 'X', grants: { a: 'on', b: 'read' } }] }, [['cross-field', '/customRoles/0/grants']]],
    ['the same rule kept (the least level it names)', { customRoles: [{ id: 'x', name: 'X', grants: { a: 'on', b: 'edit' } }] }, []],
    ['a warning rule broken', { customRoles: [{ id: 'x', name: 'X', grants: { c: 'on' } }] }, []],
    ['an error rule broken by a customised cell', { roles: { editor: { a: 'on' } } }, [['cross-field', '/roles/editor']]],
  ] as const)('%s', (_name, data, want) => {
    expect(problems(data)).toEqual(want);
  });

  it('validateRoleDraft refuses a draft that breaks an error rule', () => {
    const v = kValidateDraft(t, { id: 'o', roles: ['owner'] }, { id: 'x', name: 'X', grants: { a: 'on' } }, undefined);
    expect(v.ok ? [] : v.problems.map((p) => [p.rule, p.path])).toEqual([['cross-field', '/grants']]);
  });
});

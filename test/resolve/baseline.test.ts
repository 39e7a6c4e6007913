// Baseline grants: a permission's `baseline` is what every role holds unless its own grants set
// another value, in the IR (policy roles) and in the kernel (custom roles of an account and role
// drafts start from it).

import { describe, expect, it } from 'vitest';
import { tablesOf } from '../../src/runtime/from-ir.js';
import { compileAccount, indexTables, kCan, kLevelOf } from '../../src/runtime/kernel.js';
import { checkFiles, SCHEMA_LINE } from '../helpers.js';

const text = (extra = '') => `${SCHEMA_LINE(2)}scales:
  crud: { actions: [read, update], implies: { update: [read] } }
  access: { levels: [off, read, edit] }
permissions:
  home: { label: Home, scale: crud, baseline: [read] }
  help: { label: Help, scale: access, baseline: read }
  desk: { label: Desk, scale: crud }
  roles.manage: { label: Roles, scale: access }
roles:
  owner: { name: Owner, kind: owner }
  plain: { name: Plain }
  kiosk: { name: Kiosk, grants: { home: [], help: "off" } }
  lead: { name: Lead, customizable: true, grants: { desk: [update] } }
  child: { name: Child, inherits: [lead], grants: { home: [] } }
${extra}delegation:
  manageRoles: [{ permission: roles.manage, atLeast: edit }]
`;

describe('baseline in the IR', () => {
  const r = checkFiles({ 'policy.yaml': text() });
  const ir = r.ir!;

  it('every role holds the baseline unless its own grants set the permission', () => {
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(ir.permissions.home!.baseline).toEqual(['read']);
    expect(ir.permissions.desk!.baseline).toBeNull();
    expect(ir.roles.plain!.grants).toMatchObject({ home: ['read'], help: 'read', desk: [] });
    expect(ir.roles.kiosk!.grants).toMatchObject({ home: [], help: 'off' });
    expect(ir.roles.owner!.grants).toMatchObject({ home: ['read', 'update'], help: 'edit' });
    // An own grant of the lowest value still inherits what a parent holds.
    expect(ir.roles.child!.grants.home).toEqual(['read']);
  });

  it('a customizable role may change it; a fixed role keeps it', () => {
    expect(ir.roles.lead!.allowed.help).toEqual(['off', 'read', 'edit']);
    expect(ir.roles.plain!.allowed.help).toEqual(['read']);
  });

  it('a value outside the scale is reported at the baseline', () => {
    const bad = checkFiles({ 'policy.yaml': text().replace('baseline: read }', 'baseline: full }') });
    expect(bad.diagnostics.filter((d) => d.severity === 'error').map((d) => [d.rule, d.path, d.line])).toEqual([['invalid-level', '/permissions/help/baseline', 7]]);
  });
});

describe('baseline in the kernel: custom roles start from it', () => {
  const ir = checkFiles({ 'policy.yaml': text() }).ir!;
  const base = tablesOf(ir);

  it('a custom role whose grants do not set a baseline permission holds it; one that sets it holds its own value', () => {
    const { tables, problems } = compileAccount(base, { members: [{ id: 'o', roles: ['owner'] }], customRoles: [{ id: 'c1', name: 'C1', grants: { desk: ['read'] } }, { id: 'c2', name: 'C2', grants: { home: [], help: 'edit' } }] }, {});
    expect(problems).toEqual([]);
    const t = indexTables(tables, {}, -1);
    expect(kLevelOf(t, 'c1', 'home')).toEqual(['read']);
    expect(kLevelOf(t, 'c1', 'help')).toBe('read');
    expect(kCan(t, 'c1', 'home', 'update', undefined)).toBe(false);
    expect(kLevelOf(t, 'c2', 'home')).toEqual([]);
    expect(kLevelOf(t, 'c2', 'help')).toBe('edit');
  });
});

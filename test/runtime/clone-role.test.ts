// Role cloning: a new custom role made as a copy of an existing role's current values in an
// account, refused for owner and admin roles, for roles the policy excepts and where the policy
// offers no cloning (clone-forbidden), and otherwise judged like any new custom role. Also the
// descriptions that createRole and validateRoleDraft carry.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as cloudgate from '../../generated/cloudgate/guards.js';
import * as zendesk from '../../generated/zendesk/guards.js';
import { tablesOf } from '../../src/runtime/from-ir.js';
import { kOpenAccount, kValidateClone, type KAccount } from '../../src/runtime/kernel.js';
import { checkDir, checkFiles, MINIMAL } from '../helpers.js';
import { dataArb } from './account-data.js';

type Problem = { rule: string; path?: string };
type Result = { ok: true; account: KAccount } | { ok: false; problems: Problem[] };
const openZendesk = (data: unknown): Result => zendesk.openAccount(data) as unknown as Result;
const rulesOf = (r: { ok: boolean; problems?: Problem[] }): [string, string | undefined][] => (r.ok ? [] : r.problems!.map((p) => [p.rule, p.path]));

/** A Zendesk account on Enterprise with an owner, an agent whose merge cell is on, and one custom role. */
const BASE = {
  plan: 'enterprise',
  roles: { agent: { 'tickets.merge': 'on' } },
  customRoles: [{ id: 'night', name: 'Night shift', grants: { 'tickets.access': 'groups', 'tickets.edit_tags': 'on' } }],
  members: [
    { id: 'olga', roles: ['owner'] },
    { id: 'ada', roles: ['admin'] },
    { id: 'bo', roles: ['agent'] },
    { id: 'tess', roles: ['team_lead'] },
  ],
};

function account(data: unknown = BASE): KAccount {
  const opened = openZendesk(data);
  if (!opened.ok) throw new Error(JSON.stringify(opened.problems));
  return opened.account;
}

describe('apply cloneRole', () => {
  it('copies the current values of the source, custom edits included, and keeps the description', () => {
    const a = account();
    const cloned = a.apply({ type: 'cloneRole', actor: 'olga', from: 'agent', id: 'agent_copy', name: 'Agent copy', description: 'Agents who merge' });
    if (!cloned.ok) throw new Error(JSON.stringify(cloned.problems));
    const b = cloned.account;
    // The account's cell (merge on) came along, not the policy's value.
    expect(b.can('agent_copy', 'tickets.merge', 'on')).toBe(true);
    expect(zendesk.can('agent', 'tickets.merge', undefined, 'enterprise')).toBe(false);
    for (const p of zendesk.PERMISSIONS) expect(b.levelOf('agent_copy', p), p).toEqual(b.levelOf('agent', p));
    expect(b.data.customRoles.at(-1)).toMatchObject({ id: 'agent_copy', name: 'Agent copy', description: 'Agents who merge' });
    // An account's own custom role is copied as well.
    const again = b.apply({ type: 'cloneRole', actor: 'olga', from: 'night', id: 'night_copy', name: 'Late shift' });
    if (!again.ok) throw new Error(JSON.stringify(again.problems));
    for (const p of zendesk.PERMISSIONS) expect(again.account.levelOf('night_copy', p), p).toEqual(again.account.levelOf('night', p));
    expect(again.account.data.customRoles.at(-1)).not.toHaveProperty('description');
  });

  it.each([
    ['the owner role', 'owner', [['clone-forbidden', '/from']]],
    ['an admin role', 'admin', [['clone-forbidden', '/from']]],
    ['an admin role that inherits admin', 'billing_admin', [['clone-forbidden', '/from']]],
    ['an unknown role', 'agnet', [['unknown-reference', '/from']]],
  ] as const)('refuses to clone %s', (_, from, want) => {
    const a = account();
    const r = a.apply({ type: 'cloneRole', actor: 'olga', from, id: 'copy', name: 'Copy' });
    expect(rulesOf(r)).toEqual(want);
    expect(a.validateRoleClone('olga', { from, id: 'copy', name: 'Copy' })).toEqual(r);
  });

  it.each([
    ['an actor who may not manage roles', { actor: 'bo' }, BASE, [['not-permitted', undefined]]],
    ['a name that is taken', { name: 'Night Shift' }, BASE, [['name-duplicate', '/name']]],
    ['a reserved name', { name: 'Administrator' }, BASE, [['name-reserved', '/name']]],
    ['an id that is taken', { id: 'night' }, BASE, [['name-duplicate', '/id']]],
    ['a description that is not a string', { description: 7 }, BASE, [['account-schema', '/description']]],
    ['a plan without custom roles', {}, { ...BASE, plan: 'professional', roles: {}, customRoles: [] }, [['custom-role-cap', undefined]]],
  ] as const)('judges the copy like a new custom role: %s', (_, change, data, want) => {
    const r = account(data).apply({ type: 'cloneRole', actor: 'olga', from: 'agent', id: 'copy', name: 'Copy', ...change } as never);
    expect(rulesOf(r)).toEqual(want);
  });

  it('an administrator, not only the owner, clones a role; a team lead, who may not manage roles, cannot', () => {
    const a = account();
    expect(rulesOf(a.apply({ type: 'cloneRole', actor: 'ada', from: 'team_lead', id: 'copy', name: 'Copy' }))).toEqual([]);
    expect(rulesOf(a.apply({ type: 'cloneRole', actor: 'tess', from: 'agent', id: 'copy', name: 'Copy' }))).toEqual([['not-permitted', undefined]]);
  });

  it('a clone of any role that may be cloned holds what its source holds, for random accounts', () => {
    const ir = checkDir('policies/zendesk').ir!;
    let copied = 0;
    fc.assert(
      fc.property(dataArb(ir), (data) => {
        const opened = openZendesk({ ...data, plan: 'enterprise' });
        if (!opened.ok) return;
        const a = opened.account;
        for (const from of a.roles) {
          const r = a.apply({ type: 'cloneRole', actor: 'm0', from, id: 'zz_clone', name: 'Zz clone' });
          const forbidden = from === 'owner' || from === 'admin' || from === 'billing_admin';
          if (forbidden) {
            expect(rulesOf(r)).toEqual([['clone-forbidden', '/from']]);
            continue;
          }
          // Only the caps may refuse a copy that m0 (an owner) makes of a role the data holds.
          if (!r.ok) {
            expect(r.problems.map((p) => p.rule).every((x) => x === 'custom-role-cap' || x === 'name-lookalike' || x === 'name-duplicate')).toBe(true);
            continue;
          }
          for (const p of r.account.tables.permissions) expect(r.account.levelOf('zz_clone', p), `${from} ${p}`).toEqual(a.levelOf(from, p));
          copied++;
        }
      }),
      { numRuns: 15 },
    );
    expect(copied).toBeGreaterThan(15);
  });
});

describe('the static guards', () => {
  it('validateRoleClone judges a copy of a policy role', () => {
    const owner = { id: 'o', roles: ['owner'] as const };
    expect(zendesk.validateRoleClone(owner, { from: 'team_lead', id: 'lead_copy', name: 'Lead copy' }, { plan: 'enterprise' })).toEqual({ ok: true });
    expect(rulesOf(zendesk.validateRoleClone(owner, { from: 'team_lead', id: 'lead_copy', name: 'Lead copy' }, { plan: 'growth' }))).toEqual([['custom-role-cap', undefined]]);
    expect(rulesOf(zendesk.validateRoleClone(owner, { from: 'admin', id: 'admin_copy', name: 'Admin copy' }))).toEqual([['clone-forbidden', '/from']]);
  });

  it('a policy that says nothing of cloning offers none', () => {
    const ir = checkDir('policies/cloudgate').ir!;
    expect(ir.delegation.cloneRoles).toBeUndefined();
    const owner = Object.keys(ir.roles).find((r) => ir.roles[r]!.kind === 'owner')!;
    const from = Object.keys(ir.roles).find((r) => ir.roles[r]!.kind !== 'owner' && !ir.roles[r]!.admin)!;
    const v = cloudgate.validateRoleClone({ id: 'o', roles: [owner] as never }, { from: from as never, id: 'copy', name: 'Copy' });
    expect(rulesOf(v)).toEqual([['clone-forbidden', '/from']]);
  });
});

describe('the policy says which roles may be cloned', () => {
  const policy = (clone: string): string =>
    `${MINIMAL}  helper:\n    name: Helper\n    grants: { tickets: read }\n  keeper:\n    name: Keeper\n    editableBy: [owner]\n    grants: { tickets: edit, billing: "on" }\n  lead:\n    name: Lead\n    grants: { tickets: edit, roles_power: "on" }\ndelegation:\n  manageRoles: [{ permission: roles_power }]\n${clone}`.replace(
      'permissions:\n',
      'permissions:\n  roles_power: { label: Manage roles, scale: toggle }\n',
    );

  it('except lists roles that may not be cloned; the others may', () => {
    const r = checkFiles({ 'policy.yaml': policy('  cloneRoles: { except: [helper] }\n') });
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const t = tablesOf(r.ir!);
    const owner = { id: 'o', roles: ['owner'] };
    expect(rulesOf(kValidateClone(t, owner, { from: 'helper', id: 'c', name: 'C' }, undefined))).toEqual([['clone-forbidden', '/from']]);
    expect(rulesOf(kValidateClone(t, owner, { from: 'agent', id: 'c', name: 'C' }, undefined))).toEqual([]);
    // A protected role may be copied only by whom it does not exceed: lead lacks billing.
    expect(rulesOf(kValidateClone(t, { id: 'l', roles: ['lead'] }, { from: 'keeper', id: 'c', name: 'C' }, undefined))).toEqual([['escalation-subset', undefined]]);
    const opened = kOpenAccount(t, {}, { members: [{ id: 'o', roles: ['owner'] }] });
    if (!opened.ok) throw new Error(JSON.stringify(opened.problems));
    const made = opened.account.apply({ type: 'cloneRole', actor: 'o', from: 'helper', id: 'c', name: 'C' });
    expect(rulesOf(made)).toEqual([['clone-forbidden', '/from']]);
    const copy = opened.account.apply({ type: 'cloneRole', actor: 'o', from: 'agent', id: 'c', name: 'C' });
    expect(copy.ok && copy.account.can('c', 'tickets', 'edit')).toBe(true);
    // The copy of a protected role is not protected: lead, who may manage roles, would reach a
    // role holding more than itself, so the account's escalation check refuses the result.
    const unprotected = opened.account.apply({ type: 'cloneRole', actor: 'o', from: 'keeper', id: 'c', name: 'C' });
    expect(rulesOf(unprotected)).toEqual([['escalation-subset', '/roles/lead']]);
  });

  it('an unknown role under except is an unknown reference at its position', () => {
    const r = checkFiles({ 'policy.yaml': policy('  cloneRoles: { except: [helpr] }\n') });
    const d = r.diagnostics.filter((x) => x.rule === 'unknown-reference');
    expect(d.map((x) => [x.code, x.path, x.line])).toEqual([['PC3001', '/delegation/cloneRoles/except/0', 28]]);
    expect(d[0]!.hint).toMatch(/helper/);
  });

  it.each([
    ['false', '  cloneRoles: false\n'],
    ['left out', ''],
  ])('cloneRoles %s: no cloning', (_, clone) => {
    const r = checkFiles({ 'policy.yaml': policy(clone) });
    expect(r.ir!.delegation.cloneRoles).toBeUndefined();
    expect(rulesOf(kValidateClone(tablesOf(r.ir!), { id: 'o', roles: ['owner'] }, { from: 'agent', id: 'c', name: 'C' }, undefined))).toEqual([['clone-forbidden', '/from']]);
  });

  it('a cloneRoles of the wrong shape is a schema error', () => {
    const r = checkFiles({ 'policy.yaml': policy('  cloneRoles: [helper]\n') });
    expect(r.diagnostics.map((d) => [d.rule, d.path])).toContainEqual(['schema', '/delegation/cloneRoles']);
  });
});

describe('descriptions of new roles', () => {
  it('createRole keeps the description in the account data; the data opens again with it', () => {
    const created = account().apply({ type: 'createRole', actor: 'olga', role: { id: 'day', name: 'Day shift', description: 'Works days', grants: {} } });
    if (!created.ok) throw new Error(JSON.stringify(created.problems));
    expect(created.account.data.customRoles.at(-1)).toEqual({ id: 'day', name: 'Day shift', description: 'Works days', grants: {} });
    const reopened = openZendesk(created.account.data);
    expect(reopened.ok && reopened.account.version).toBe(created.account.version);
  });

  it.each([
    ['a number', 7, [['account-schema', '/description']]],
    ['over 1000 characters', 'd'.repeat(1001), [['account-schema', '/description']]],
    ['a string', 'Works days', []],
  ] as const)('validateRoleDraft judges a description that is %s', (_, description, want) => {
    const v = account().validateRoleDraft('olga', { id: 'day', name: 'Day shift', description, grants: {} });
    expect(rulesOf(v)).toEqual(want);
    const applied = account().apply({ type: 'createRole', actor: 'olga', role: { id: 'day', name: 'Day shift', description, grants: {} } } as never);
    expect(rulesOf(applied)).toEqual(want);
  });
});

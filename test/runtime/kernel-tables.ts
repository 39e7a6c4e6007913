// Policies and tables shared by the kernel's table tests (test/runtime/*.table.test.ts).

import { expect } from 'vitest';
import { tablesOf } from '../../src/runtime/from-ir.js';
import { compileAccount, type Tables } from '../../src/runtime/kernel.js';
import { checkDir, checkFiles, SCHEMA_LINE } from '../helpers.js';

/**
 * Roles: owner (owner), admin (admin role), lead (may assign and manage roles, no admin), agent
 * (customizable: tickets read|edit, reports [read]|[read, create]), guarded (editable by lead
 * only), helper (an admin role that holds little), extra (a custom role of the policy).
 * Plans basic < pro (the policy's plan) < enterprise; caps per plan.
 */
export const POLICY = `${SCHEMA_LINE(2)}title: Validators
plans:
  basic: { label: Basic }
  pro: { label: Pro }
  enterprise: { label: Enterprise }
plan: pro
scales:
  access: { levels: [off, read, edit] }
  toggle: { levels: [off, on] }
  crude: { actions: [read, create, export], implies: { create: [read], export: [read] } }
permissions:
  tickets: { label: Tickets, scale: access }
  reports: { label: Reports, scale: crude, implies: { tickets: read } }
  settings: { label: Settings, scale: access, adminOnly: true }
  deletion: { label: Delete account, scale: toggle, ownerOnly: true }
  roles.manage: { label: Manage roles, scale: access }
  team.assign: { label: Assign roles, scale: toggle }
delegation:
  manageRoles: [{ permission: roles.manage, atLeast: edit }]
  assignRoles: [{ permission: team.assign }]
roles:
  owner: { name: Owner, kind: owner }
  admin:
    name: Administrator
    admin: true
    grants: { tickets: edit, reports: [create, export], settings: edit, roles.manage: edit, team.assign: on }
  lead:
    name: Lead
    grants: { tickets: edit, reports: [create], roles.manage: edit, team.assign: on }
  agent:
    name: Agent
    customizable: true
    grants: { tickets: { default: read, allowed: [edit] }, reports: { default: [read], allowed: [[create]] } }
  guarded:
    name: Guarded
    editableBy: [lead]
    grants: { tickets: read }
  helper:
    name: Helper
    admin: true
    grants: { tickets: read }
  extra:
    name: Extra
    kind: custom
    grants: { tickets: read }
defaultRole: agent
limits:
  maxRoles: { basic: 8, pro: 9 }
  maxCustomRoles: { pro: 2, enterprise: 3 }
  minOwners: 2
  rolesPerMember: { min: 1, max: 2 }
  reservedNames: [Support desk]
`;

let cached: Tables | undefined;
/** The policy's tables (built inside a test, never at module level). */
export function base(): Tables {
  if (!cached) {
    const r = checkFiles({ 'policy.yaml': POLICY });
    expect(r.diagnostics.filter((d) => d.severity === 'error').map((d) => d.rule)).toEqual([]);
    cached = tablesOf(r.ir!);
  }
  return cached;
}

/**
 * The tables a generated guard uses for a context: the policy's (with `patch` applied), or an
 * account made of ctx's custom roles and plan over them (contextTables in guards.ts, which ignores
 * the account's own problems too).
 */
export function tables(ctx?: Record<string, unknown>, patch: Partial<Tables> = {}): Tables {
  const t: Tables = { ...base(), ...patch };
  const customRoles = ctx?.customRoles;
  const plan = ctx?.plan;
  if (customRoles === undefined && plan === undefined) return t;
  return compileAccount(t, { ...(customRoles !== undefined ? { customRoles } : {}), ...(plan !== undefined ? { plan } : {}) }, {}).tables;
}


const cache = new Map<string, Tables>();
/** A fixture's tables, built inside a test (never at module level). */
export function fixture(name: 'helpdesk' | 'tiered'): Tables {
  let t = cache.get(name);
  if (!t) {
    t = tablesOf(checkDir(`test/fixtures/golden/${name}`).ir!);
    cache.set(name, t);
  }
  return t;
}

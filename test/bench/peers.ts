// The libraries a user would otherwise pick, each loaded with the same resolved policy: one
// CASL ability per role, casbin's RBAC model with one policy line per level reached, and
// accesscontrol with one resource per (permission, level), since it knows only CRUD actions.
// Each takes a query in the form that suits it best, prepared before timing.

import { createMongoAbility, type MongoAbility } from '@casl/ability';
import { AccessControl } from 'accesscontrol';
import { newEnforcer, newModelFromString, StringAdapter } from 'casbin';
import type { ResolvedPolicy } from 'policyc';

/** Every (role, permission, level) the role holds: levels up to the one held, or the actions held. */
export function heldTriples(ir: ResolvedPolicy): [string, string, string][] {
  const out: [string, string, string][] = [];
  for (const [r, role] of Object.entries(ir.roles)) {
    for (const [p, perm] of Object.entries(ir.permissions)) {
      const v = role.grants[p]!;
      const held = typeof v === 'string' ? perm.levels.slice(0, perm.levels.indexOf(v) + 1) : v;
      for (const l of held) out.push([r, p, l]);
    }
  }
  return out;
}

export function caslCheck(ir: ResolvedPolicy): (role: string, permission: string, level: string) => boolean {
  const rules = new Map<string, { action: string; subject: string }[]>();
  for (const r of Object.keys(ir.roles)) rules.set(r, []);
  for (const [r, p, l] of heldTriples(ir)) rules.get(r)!.push({ action: l, subject: p });
  const abilities = new Map<string, MongoAbility>();
  for (const [r, list] of rules) abilities.set(r, createMongoAbility(list));
  return (role, permission, level) => abilities.get(role)?.can(level, permission) === true;
}

const CASBIN_RBAC = `
[request_definition]
r = sub, obj, act
[policy_definition]
p = sub, obj, act
[role_definition]
g = _, _
[policy_effect]
e = some(where (p.eft == allow))
[matchers]
m = g(r.sub, p.sub) && r.obj == p.obj && r.act == p.act
`;

export async function casbinCheck(ir: ResolvedPolicy): Promise<(role: string, permission: string, level: string) => boolean> {
  const lines = heldTriples(ir).map(([r, p, l]) => `p, ${r}, ${p}, ${l}`);
  const enforcer = await newEnforcer(newModelFromString(CASBIN_RBAC), new StringAdapter(lines.join('\n')));
  return (role, permission, level) => enforcer.enforceSync(role, permission, level);
}

/** accesscontrol's resources: one per (permission, level). Its names allow letters, digits, "_" and "-" only. */
export const acResource = (permission: string, level: string): string => `${permission.replace(/\./g, '__')}-${level}`;

export function accessControlCheck(ir: ResolvedPolicy): (role: string, resource: string) => boolean {
  const grants = heldTriples(ir).map(([role, p, l]) => ({ role, resource: acResource(p, l), action: 'read:any', attributes: ['*'] }));
  const ac = new AccessControl(grants);
  return (role, resource) => ac.can(role).readAny(resource).granted;
}

/** What a developer might write by hand: nested plain objects, true for every level reached. */
export function plainObjectCheck(ir: ResolvedPolicy): (role: string, permission: string, level: string) => boolean {
  const table: Record<string, Record<string, Record<string, boolean>>> = {};
  for (const [r, p, l] of heldTriples(ir)) ((table[r] ??= {})[p] ??= {})[l] = true;
  // Through JSON, as a table loaded from a file or a database would be.
  const plain = JSON.parse(JSON.stringify(table)) as typeof table;
  return (role, permission, level) => plain[role]?.[permission]?.[level] === true;
}

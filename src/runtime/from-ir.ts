// Builds the kernel's tables from the resolved policy. The emitter prints these tables into
// guards.ts; the compiler's own evaluation (policy tests, explain with an account, the account
// command) runs the kernel on them directly, so both answer from the same data and the same code.

import { RELATIONS, type ResolvedPolicy, type ResolvedRole, type Value } from '../ir.js';
import { CONFUSABLES } from '../util/names.js';
import { expandObjects, indexTables, type AccessNeed, type TableData, type Tables } from './kernel.js';

/** A value as a code: the level index (ordered scales) or the action bit mask (action sets). */
export function codeOf(levels: readonly string[], v: Value): number {
  if (typeof v === 'string') return levels.indexOf(v);
  let m = 0;
  for (const a of v) m |= 1 << levels.indexOf(a);
  return m;
}

/** Value code of a permission's "at least": level index, action bit, or the "anything" default. */
export function needCode(ir: ResolvedPolicy, perm: string, atLeast: string | null): number {
  const p = ir.permissions[perm]!;
  if (p.kind === 'actions') return atLeast === null ? -1 : 1 << p.levels.indexOf(atLeast);
  return atLeast === null ? 1 : p.levels.indexOf(atLeast);
}

/** Permissions in closure order: sources before targets (a depth-first post-order, reversed). */
function closureOrder(ir: ResolvedPolicy): string[] {
  const order: string[] = [];
  const seen = new Set<string>();
  const visit = (p: string): void => {
    if (seen.has(p)) return;
    seen.add(p);
    for (const t of Object.keys(ir.permissions[p]!.implies)) visit(t);
    order.push(p);
  };
  for (const p of Object.keys(ir.permissions)) visit(p);
  return order.reverse();
}

/** Smallest typed array that holds every value. */
function packed(values: readonly number[]): Uint8Array | Uint16Array | Uint32Array {
  const max = values.reduce((m, v) => (v > m ? v : m), 0);
  return max < 256 ? Uint8Array.from(values) : max < 65536 ? Uint16Array.from(values) : Uint32Array.from(values);
}

/** The rows one after the other, as packed gives them (without building the joined list first). */
function packedRows(rows: readonly (readonly number[])[]): Uint8Array | Uint16Array | Uint32Array {
  let max = 0;
  let length = 0;
  for (const row of rows) {
    length += row.length;
    for (const v of row) if (v > max) max = v;
  }
  const out = max < 256 ? new Uint8Array(length) : max < 65536 ? new Uint16Array(length) : new Uint32Array(length);
  let at = 0;
  for (const row of rows) {
    out.set(row, at);
    at += row.length;
  }
  return out;
}

/** A role's row of the tables, by the resolved role, with the permissions and levels it was computed for. */
const ROWS = new WeakMap<ResolvedRole, { key: string; held: number[]; allowed: number[][] }>();

/**
 * A role's masks (every level up to the one held for ordered scales, or the actions held) and
 * allowed codes. Watch rebuilds reuse the rows of roles that did not change (the same objects).
 */
function roleRow(role: ResolvedRole, perms: readonly string[], levels: readonly (readonly string[])[], key: string): { held: number[]; allowed: number[][] } {
  const kept = ROWS.get(role);
  if (kept?.key === key) return kept;
  const held = new Array<number>(perms.length);
  const allowed = new Array<number[]>(perms.length);
  for (let i = 0; i < perms.length; i++) {
    const v = role.grants[perms[i]!]!;
    held[i] = typeof v === 'string' ? 2 ** (levels[i]!.indexOf(v) + 1) - 1 : codeOf(levels[i]!, v);
    allowed[i] = role.allowed[perms[i]!]!.map((a) => codeOf(levels[i]!, a));
  }
  const row = { key, held, allowed };
  ROWS.set(role, row);
  return row;
}

/** need[p * names + l]: the bit of level name l in permission p's levels, 0 when it has none of that name. */
function needOf(permLevels: readonly (readonly string[])[], levelNames: readonly string[]): number[] {
  const at = new Map(levelNames.map((n, i) => [n, i]));
  const out = new Array<number>(permLevels.length * levelNames.length).fill(0);
  permLevels.forEach((levels, p) => {
    // The first of equal names counts, as indexOf gives.
    for (let i = levels.length - 1; i >= 0; i--) out[p * levelNames.length + at.get(levels[i]!)!] = 2 ** i;
  });
  return out;
}

/** The tables of a policy, in plain data (what guards.ts prints). */
export function tableDataOf(ir: ResolvedPolicy): TableData {
  const data = policyTableData(ir);
  // The rows of the policy's default objects: only when there are any, so that other tables stay as they were.
  const defaults = Object.values(ir.objects).map((k) => k.defaults);
  return defaults.some((d) => d.length > 0) ? expandObjects(data, defaults) : data;
}

/** The tables of a policy before the rows of its default objects are added. */
function policyTableData(ir: ResolvedPolicy): TableData {
  const roles = Object.keys(ir.roles);
  const perms = Object.keys(ir.permissions);
  const idx = new Map(perms.map((p, i) => [p, i]));
  const permLevels = perms.map((p) => ir.permissions[p]!.levels);
  const levelNames = [...new Set(permLevels.flat())];
  const rowKey = JSON.stringify([perms, permLevels]);
  const rows = roles.map((r) => roleRow(ir.roles[r]!, perms, permLevels, rowKey));
  const plans = Object.keys(ir.plans);
  const switches = Object.keys(ir.switches);
  const switchMask = (ids: readonly string[]): number => ids.reduce((m, id) => m | (1 << switches.indexOf(id)), 0);
  const rank = (plan: string | null): number => (plan === null ? -1 : ir.plans[plan]!.rank);
  const conds = (list: ResolvedPolicy['delegation']['manageRoles']): [number, number][] => list.map((c) => [idx.get(c.permission)!, needCode(ir, c.permission, c.atLeast)]);
  const implies: [number, number, number][] = [];
  for (const p of closureOrder(ir)) {
    for (const [t, v] of Object.entries(ir.permissions[p]!.implies)) implies.push([idx.get(p)!, idx.get(t)!, codeOf(ir.permissions[t]!.levels, v)]);
  }
  const cap = (name: 'maxRoles' | 'maxCustomRoles'): [number, number][] => {
    const byPlan = ir.limits.byPlan[name];
    if (byPlan) return Object.entries(byPlan).map(([plan, n]): [number, number] => [rank(plan), n]).sort((a, b) => a[0] - b[0]);
    return ir.limits[name] === null ? [] : [[-1, ir.limits[name]!]];
  };
  // Tiers are in depth-first order in the IR, so a subtree is the index range [i, end[i]].
  const tierIds = ir.tiers ? Object.keys(ir.tiers.nodes) : [];
  const tierPos = new Map(tierIds.map((id, i) => [id, i]));
  const tierParent = tierIds.map((id) => (ir.tiers!.nodes[id]!.parent === null ? -1 : tierPos.get(ir.tiers!.nodes[id]!.parent!)!));
  const tierEnd = tierIds.map((_, i) => i);
  for (let i = tierIds.length - 1; i >= 0; i--) if (tierParent[i]! >= 0) tierEnd[tierParent[i]!] = Math.max(tierEnd[tierParent[i]!]!, tierEnd[i]!);
  const kinds = Object.keys(ir.resources);
  // Default relations take bits 0..10 in the order of RELATIONS, declared ones the bits after them.
  const relationBits = [...RELATIONS, ...Object.keys(ir.relations)];
  const relMask = (rs: readonly string[]): number => rs.reduce((m, r) => m | (1 << relationBits.indexOf(r)), 0);
  const actionMask = (kind: string, actions: readonly string[]): number => actions.reduce((m, a) => m | (1 << ir.resources[kind]!.actions.indexOf(a)), 0);
  return {
    version: ir.version,
    permissions: perms,
    levels: perms.map((p) => ir.permissions[p]!.levels),
    levelNames,
    isActions: Uint8Array.from(perms.map((p) => (ir.permissions[p]!.kind === 'actions' ? 1 : 0))),
    need: packed(needOf(permLevels, levelNames)),
    minPlan: Int8Array.from(perms.map((p) => rank(ir.permissions[p]!.minPlan))),
    implies,
    actionImplies: perms.map((p) => {
      const perm = ir.permissions[p]!;
      if (perm.kind !== 'actions') return [];
      const scale = ir.scales[perm.scale]!;
      return perm.levels.map((a) => (scale.implies[a] ?? []).reduce((m, b) => m | (1 << perm.levels.indexOf(b)), 1 << perm.levels.indexOf(a)));
    }),
    single: Uint8Array.from(perms.map((p) => (ir.permissions[p]!.single ? 1 : 0))),
    adminOnly: Uint8Array.from(perms.map((p) => (ir.permissions[p]!.adminOnly ? 1 : 0))),
    ownerOnly: Uint8Array.from(perms.map((p) => (ir.permissions[p]!.ownerOnly ? 1 : 0))),
    plans,
    defaultPlan: rank(ir.plan),
    features: Object.keys(ir.features),
    featurePlan: Int8Array.from(Object.values(ir.features).map((f) => rank(f.minPlan))),
    switches,
    switchOn: switches.reduce((m, id, i) => (ir.switches[id]!.on ? m | (1 << i) : m), 0),
    permissionSwitches: Int32Array.from(perms.map((p) => switchMask(ir.permissions[p]!.requires))),
    featureSwitches: Int32Array.from(Object.values(ir.features).map((f) => switchMask(f.requires))),
    contexts: Object.keys(ir.contexts),
    permissionContexts: Int32Array.from(perms.map((p) => ir.permissions[p]!.contexts.reduce((m, id) => m | (1 << Object.keys(ir.contexts).indexOf(id)), 0))),
    quotas: Object.keys(ir.quotas),
    quotaDefault: Object.values(ir.quotas).map((q) => q.default),
    quotaCases: Object.values(ir.quotas).map((q) =>
      q.cases.map((c): [number, number, number, number, number] => [c.if ? idx.get(c.if.permission)! : -1, c.if ? needCode(ir, c.if.permission, c.if.atLeast) : 0, rank(c.minPlan), switchMask(c.requires), c.value]),
    ),
    roles,
    roleNames: roles.map((r) => ir.roles[r]!.name),
    roleKind: Uint8Array.from(roles.map((r) => ({ owner: 0, builtin: 1, custom: 2 })[ir.roles[r]!.kind])),
    roleAdmin: Uint8Array.from(roles.map((r) => (ir.roles[r]!.admin ? 1 : 0))),
    editableBy: roles.map((r) => ir.roles[r]!.editableBy.map((e) => roles.indexOf(e))),
    held: packedRows(rows.map((r) => r.held)),
    allowed: rows.map((r) => r.allowed),
    policyRoles: roles.length,
    defaultRole: ir.defaultRole === null ? -1 : roles.indexOf(ir.defaultRole),
    tiers: tierIds,
    tierNames: tierIds.map((id) => ir.tiers!.nodes[id]!.name),
    tierParent: Int32Array.from(tierParent),
    tierEnd: Int32Array.from(tierEnd),
    tierDepth: Uint8Array.from(tierIds.map((id) => ir.tiers!.nodes[id]!.depth)),
    tierGrants: packed(tierIds.flatMap((id) => perms.map((p) => codeOf(ir.permissions[p]!.levels, ir.tiers!.nodes[id]!.grants[p]!)))),
    maxDepth: ir.tiers?.maxDepth ?? 0,
    resources: kinds,
    resourceActions: kinds.map((k) => ir.resources[k]!.actions),
    privateNeeds: Int32Array.from(kinds.map((k) => (ir.resources[k]!.privateNeeds === null ? -1 : idx.get(ir.resources[k]!.privateNeeds!)!))),
    partNeeds: kinds.map((k) => Object.values(ir.resources[k]!.parts ?? {}).map((part): [number, number] => [actionMask(k, part.actions), idx.get(part.privateNeeds)!])),
    relations: Object.values(ir.relations).map((r): [string, string] | [string, string, 1] => (r.many ? [r.actor, r.resource, 1] : [r.actor, r.resource])),
    exceptions: kinds.map((k) => Object.values(ir.exceptions).filter((e) => e.resource === k).map((e): [number, number] => [relMask(e.relations), actionMask(k, e.actions)])),
    accessRules: kinds.map((k) =>
      perms.flatMap((p, pi) => ir.permissions[p]!.access.filter((r) => r.resource === k).map((r): [number, number, number, number] => [pi, needCode(ir, p, r.atLeast), relMask(r.relations), actionMask(k, r.actions)])),
    ),
    // Kinds whose rules need nothing more get an empty list, so that most tables stay as they were.
    accessNeeds: kinds.map((k) => {
      const rules = perms.flatMap((p) => ir.permissions[p]!.access.filter((r) => r.resource === k));
      if (!rules.some((r) => r.requires)) return [];
      // Features are written only for a rule that names any, so that other tables stay as they were.
      return rules.map((r): AccessNeed => {
        const base = [actionMask(k, r.requires?.actions ?? []), conds(r.requires?.permissions ?? [])] as const;
        const features = r.requires?.features ?? [];
        return features.length ? [...base, features.map((f) => Object.keys(ir.features).indexOf(f))] : base;
      });
    }),
    manageRoles: conds(ir.delegation.manageRoles),
    assignRoles: conds(ir.delegation.assignRoles),
    ...(ir.delegation.cloneRoles ? { cloneExcept: ir.delegation.cloneRoles.except.map((r) => roles.indexOf(r)) } : {}),
    maxRoles: cap('maxRoles'),
    maxCustomRoles: cap('maxCustomRoles'),
    minOwners: ir.limits.minOwners,
    rolesPerMemberMin: ir.limits.rolesPerMember.min,
    rolesPerMemberMax: ir.limits.rolesPerMember.max ?? -1,
    reservedNames: ir.limits.reservedNames,
    confusables: CONFUSABLES,
    lookalikeNames: ir.limits.distinctNames === 'lookalike' ? 1 : 0,
    baseline: packed(perms.map((p) => (ir.permissions[p]!.baseline === null ? 0 : codeOf(ir.permissions[p]!.levels, ir.permissions[p]!.baseline!)))),
    errorRules: Object.entries(ir.rules)
      .filter(([, r]) => r.severity === 'error')
      .map(([id, r]): [string, number, number, number, number] => [id, idx.get(r.if.permission)!, needCode(ir, r.if.permission, r.if.atLeast), idx.get(r.then.permission)!, needCode(ir, r.then.permission, r.then.atLeast)]),
    objectKinds: Object.keys(ir.objects),
    objects: Object.values(ir.objects).map(() => []),
    perObject: Int16Array.from(perms.map((p) => (ir.permissions[p]!.perObject === undefined ? -1 : Object.keys(ir.objects).indexOf(ir.permissions[p]!.perObject!)))),
    basePermissions: perms.length,
  };
}

const CACHE = new WeakMap<ResolvedPolicy, Tables>();

/** The policy's tables with their lookups (memoised per IR). */
export function tablesOf(ir: ResolvedPolicy): Tables {
  let t = CACHE.get(ir);
  if (!t) CACHE.set(ir, (t = indexTables(tableDataOf(ir))));
  return t;
}

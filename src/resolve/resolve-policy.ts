// Resolves a merged policy into the IR: checks every reference, finds cycles, validates values
// against their scales, and computes each role's effective grants (inheritance, then implication
// closure) together with the trace that `explain` prints.

import type { DiagnosticBag, Origin } from '../diagnostics/diagnostic.js';
import type {
  Cause,
  ResolvedGroup,
  ResolvedLimits,
  ResolvedMember,
  ResolvedPermission,
  ResolvedPolicy,
  ResolvedRole,
  ResolvedScale,
  Trace,
  Value,
} from '../ir.js';
import { dict, didYouMean, validList } from '../util/text.js';
import {
  checkPlanRef,
  checkPrivateNeeds,
  resolveAccessRules,
  resolveDelegation,
  resolveExceptions,
  resolveFeatures,
  resolvePlanNumber,
  resolvePlans,
  resolveResources,
  resolveRules,
  resolveTiers,
} from './resolve-extensions.js';
import { child, type GrantDoc, type MergedPolicy, type ValueDoc } from './merge.js';
import {
  allValues,
  closeActions,
  covers,
  equal,
  highest,
  isLowest,
  join,
  lowest,
  sortActions,
  sortValues,
} from './values.js';

export interface Resolved {
  policy: ResolvedPolicy;
  trace: Trace;
}

export function resolvePolicy(name: string, merged: MergedPolicy, bag: DiagnosticBag): Resolved {
  const unknown = (what: string, id: string, at: Origin, known: Iterable<string>): void => {
    const list = [...known];
    const hint = didYouMean(id, list) ?? validList(list);
    bag.report({ rule: 'unknown-reference', message: `unknown ${what} "${id}"`, at, ...(hint ? { hint } : {}) });
  };

  const { plans, plan } = resolvePlans(merged, unknown);
  const features = resolveFeatures(merged, plans, unknown);
  const resources = resolveResources(merged, bag);
  const scales = resolveScales(merged, bag, unknown);
  const groups: Record<string, ResolvedGroup> = dict();
  for (const [id, d] of merged.groups) groups[id] = { label: d.value.label, description: d.value.description ?? null };

  // Permissions whose scale is unknown are left out; references to them are not reported again.
  const broken = new Set<string>();
  const permissions: Record<string, ResolvedPermission> = dict();
  for (const [id, d] of merged.permissions) {
    const p = d.value;
    const scale = scales[p.scale];
    if (!scale) {
      unknown('scale', p.scale, child(d.at, 'scale'), Object.keys(scales));
      broken.add(id);
      continue;
    }
    let group: string | null = p.group ?? null;
    if (group !== null && !groups[group]) {
      unknown('group', group, child(d.at, 'group'), Object.keys(groups));
      group = null;
    }
    permissions[id] = {
      label: p.label,
      description: p.description ?? null,
      group,
      scale: p.scale,
      kind: scale.kind,
      levels: [...scale.levels],
      implies: dict(),
      adminOnly: p.adminOnly ?? false,
      ownerOnly: p.ownerOnly ?? false,
      minPlan: checkPlanRef(plans, p.minPlan, child(d.at, 'minPlan'), unknown),
      access: resolveAccessRules(id, p.access, d.at, scale, resources, bag, unknown),
    };
  }
  checkPrivateNeeds(merged, resources, permissions, unknown);
  const permissionIds = Object.keys(permissions);
  const scaleOf = (perm: string): ResolvedScale => scales[permissions[perm]!.scale]!;

  const parseValue = (perm: string, doc: ValueDoc, at: Origin): Value | undefined => {
    const scale = scaleOf(perm);
    if (scale.kind === 'ordered') {
      if (typeof doc === 'string' && scale.levels.includes(doc)) return doc;
      const hint = typeof doc === 'string' ? didYouMean(doc, scale.levels) : undefined;
      bag.report({
        rule: 'invalid-level',
        message: `${JSON.stringify(doc)} is not a level of ${perm} (scale "${permissions[perm]!.scale}": ${scale.levels.join(' < ')})`,
        at,
        hint: hint ?? `use one of: ${scale.levels.join(', ')}`,
      });
      return undefined;
    }
    const list = typeof doc === 'string' ? [doc] : doc;
    const bad = list.filter((a) => !scale.levels.includes(a));
    if (bad.length === 0) return closeActions(scale, list);
    bag.report({
      rule: 'invalid-level',
      message: `${bad.map((b) => JSON.stringify(b)).join(', ')} ${bad.length === 1 ? 'is not an action' : 'are not actions'} of ${perm} (scale "${permissions[perm]!.scale}": ${scale.levels.join(', ')})`,
      at,
      hint: didYouMean(bad[0]!, scale.levels) ?? `use a list of: ${scale.levels.join(', ')}`,
    });
    return undefined;
  };

  // Implications between permissions, then their cycles.
  for (const [id, d] of merged.permissions) {
    if (!permissions[id]) continue;
    for (const [target, doc] of Object.entries(d.value.implies ?? {})) {
      const at = child(d.at, 'implies', target);
      if (!permissions[target]) {
        if (!broken.has(target)) unknown('permission', target, { ...at, key: true }, permissionIds);
        continue;
      }
      const v = parseValue(target, doc, at);
      if (v !== undefined) permissions[id]!.implies[target] = v;
    }
  }
  const impliesOrder = orderAcyclic(
    permissionIds,
    (p) => Object.keys(permissions[p]!.implies),
    (cycle) => {
      const first = merged.permissions.get(cycle[0]!)!;
      bag.report({
        rule: 'implies-cycle',
        message: `permissions imply each other in a cycle: ${cycle.join(' -> ')}`,
        at: { ...child(first.at, 'implies', cycle[1]!), key: true },
        hint: 'remove one of the implies entries in the cycle',
      });
      delete permissions[cycle[0]!]!.implies[cycle[1]!];
    },
  );

  // Roles: references, inheritance order, grants.
  const roleIds = [...merged.roles.keys()];
  const inherits = new Map<string, string[]>();
  for (const [id, d] of merged.roles) {
    const r = d.value;
    if ((r.kind ?? 'builtin') === 'owner' && (r.grants !== undefined || r.inherits !== undefined)) {
      bag.report({
        rule: 'owner-grants',
        message: `role "${id}" is an owner role: it holds every permission, so it cannot declare ${r.grants !== undefined ? 'grants' : 'inherits'}`,
        at: { ...child(d.at, r.grants !== undefined ? 'grants' : 'inherits'), key: true },
        hint: 'delete the key, or make the role builtin',
      });
    }
    const parents: string[] = [];
    (r.inherits ?? []).forEach((p, i) => {
      if (merged.roles.has(p)) parents.push(p);
      else unknown('role', p, child(d.at, 'inherits', i), roleIds);
    });
    inherits.set(id, (r.kind ?? 'builtin') === 'owner' ? [] : parents);
    (r.editableBy ?? []).forEach((p, i) => {
      if (!merged.roles.has(p)) unknown('role', p, child(d.at, 'editableBy', i), roleIds);
    });
  }
  const roleOrder = orderAcyclic(
    roleIds,
    (r) => inherits.get(r) ?? [],
    (cycle) => {
      const first = merged.roles.get(cycle[0]!)!;
      const i = (first.value.inherits ?? []).indexOf(cycle[1]!);
      bag.report({
        rule: 'inherits-cycle',
        message: `roles inherit from each other in a cycle: ${cycle.join(' -> ')}`,
        at: child(first.at, 'inherits', i),
        hint: 'remove one of the inherits entries in the cycle',
      });
      inherits.set(cycle[0]!, (inherits.get(cycle[0]!) ?? []).filter((p) => p !== cycle[1]));
    },
  );

  // Sources before the permissions they imply.
  const closureOrder = [...impliesOrder].reverse();
  /**
   * Implication closure in topological order: a permission's implications are applied after
   * everything that implies it has its final value.
   */
  const closeGrants = (grants: Record<string, Value>, onImplied?: (target: string, cause: Cause) => void): void => {
    for (const perm of closureOrder) {
      const v = grants[perm]!;
      if (isLowest(scaleOf(perm), v)) continue;
      for (const [target, least] of Object.entries(permissions[perm]!.implies)) {
        const before = grants[target]!;
        const after = join(scaleOf(target), before, least);
        onImplied?.(target, { kind: 'implied', by: perm, byValue: v, value: least });
        if (!equal(before, after)) grants[target] = after;
      }
    }
  };
  const roles: Record<string, ResolvedRole> = dict();
  const trace: Trace = dict();
  // orderAcyclic lists dependencies first, so parents are resolved before their children.
  for (const id of roleOrder) {
    const d = merged.roles.get(id)!;
    const r = d.value;
    const kind = r.kind ?? 'builtin';
    const grants: Record<string, Value> = dict();
    const allowed: Record<string, Value[]> = dict();
    const causes: Record<string, Cause[]> = dict();
    trace[id] = causes;
    const own = new Map<string, { value: Value; allowed: Value[]; at: Origin }>();
    for (const [perm, g] of Object.entries(kind === 'owner' ? {} : (r.grants ?? {}))) {
      const at = child(d.at, 'grants', perm);
      if (!permissions[perm]) {
        if (!broken.has(perm)) unknown('permission', perm, { ...at, key: true }, permissionIds);
        continue;
      }
      const parsed = parseGrant(perm, g, at, r.customizable ?? false);
      if (parsed) own.set(perm, { ...parsed, at });
    }
    for (const perm of permissionIds) {
      const scale = scaleOf(perm);
      if (kind === 'owner') {
        grants[perm] = highest(scale);
        allowed[perm] = [grants[perm]];
        causes[perm] = [{ kind: 'owner' }];
        continue;
      }
      const list: Cause[] = [];
      let floor = lowest(scale);
      let fromParent: Value[] | undefined;
      for (const parent of inherits.get(id) ?? []) {
        const pv = roles[parent]?.grants[perm];
        if (pv === undefined || isLowest(scale, pv)) continue;
        list.push({ kind: 'inherited', from: parent, value: pv });
        if (!covers(scale, floor, pv)) {
          floor = join(scale, floor, pv);
          fromParent = roles[parent]!.allowed[perm];
        }
      }
      const mine = own.get(perm);
      let value: Value;
      let base: Value[];
      if (mine) {
        list.unshift({ kind: 'grant', value: mine.value, file: mine.at.file, path: mine.at.path });
        value = join(scale, mine.value, floor);
        base = mine.allowed;
      } else if (fromParent) {
        value = floor;
        base = fromParent;
      } else {
        value = floor;
        // customizable never opens a permission the role may not hold (admin-only, owner-only).
        const reserved = (permissions[perm]!.adminOnly && !(r.admin ?? false)) || permissions[perm]!.ownerOnly;
        base = r.customizable && !reserved ? allValues(scale) : [floor];
      }
      grants[perm] = value;
      allowed[perm] = base;
      causes[perm] = list;
    }
    closeGrants(grants, (target, cause) => causes[target]!.push(cause));
    for (const perm of permissionIds) {
      const scale = scaleOf(perm);
      const v = grants[perm]!;
      if (causes[perm]!.length === 0) causes[perm]!.push({ kind: 'default', value: v });
      causes[perm]!.sort((a, b) => causeRank(a) - causeRank(b));
      const floor = floorOf(causes[perm]!, scale);
      allowed[perm] = sortValues(scale, [v, ...allowed[perm]!.filter((a) => covers(scale, a, floor))]);
    }
    roles[id] = {
      name: r.name,
      description: r.description ?? null,
      kind,
      admin: r.admin ?? false,
      protected: kind === 'owner' || (r.admin ?? false) || (r.editableBy?.length ?? 0) > 0,
      inherits: [...(r.inherits ?? [])].filter((p) => merged.roles.has(p)),
      editableBy: [...(r.editableBy ?? [])].filter((p) => merged.roles.has(p)),
      grants,
      allowed,
    };
  }
  // Keep declaration order in the IR (the display order of the matrix).
  const orderedRoles: Record<string, ResolvedRole> = dict();
  for (const id of roleIds) orderedRoles[id] = roles[id]!;
  for (const role of Object.values(orderedRoles)) {
    const grants: Record<string, Value> = dict();
    const allowed: Record<string, Value[]> = dict();
    for (const p of permissionIds) {
      grants[p] = role.grants[p]!;
      allowed[p] = role.allowed[p]!;
    }
    role.grants = grants;
    role.allowed = allowed;
  }

  function parseGrant(perm: string, g: GrantDoc, at: Origin, customizable: boolean): { value: Value; allowed: Value[] } | undefined {
    const scale = scaleOf(perm);
    if (typeof g === 'string' || Array.isArray(g)) {
      const value = parseValue(perm, g, at);
      if (value === undefined) return undefined;
      return { value, allowed: customizable ? allValues(scale) : [value] };
    }
    const value = parseValue(perm, g.default, child(at, 'default'));
    if (value === undefined) return undefined;
    let alts: Value[];
    if (g.allowed === undefined) alts = customizable ? allValues(scale) : [];
    else if (g.allowed === 'any') alts = allValues(scale);
    else {
      alts = [];
      g.allowed.forEach((a, i) => {
        const v = parseValue(perm, a, child(at, 'allowed', i));
        if (v !== undefined) alts.push(v);
      });
    }
    return { value, allowed: [value, ...alts] };
  }

  const exceptions = resolveExceptions(merged, resources, unknown);
  const tiers = resolveTiers(merged, { bag, unknown, permissions, broken, scaleOf, parseValue, close: (g) => closeGrants(g) });
  const rules = resolveRules(merged, permissions, broken, scaleOf, bag, unknown);
  const delegation = resolveDelegation(merged, permissions, broken, scaleOf, bag, unknown);

  // Members, default role, limits.
  const members: Record<string, ResolvedMember> = dict();
  for (const [id, d] of merged.members) {
    const rs: string[] = [];
    d.value.roles.forEach((r, i) => {
      if (merged.roles.has(r)) rs.push(r);
      else unknown('role', r, child(d.at, 'roles', i), roleIds);
    });
    let tier: string | null = d.value.tier ?? null;
    if (tier !== null && !(tiers && Object.hasOwn(tiers.nodes, tier))) {
      unknown('tier node', tier, child(d.at, 'tier'), Object.keys(tiers?.nodes ?? {}));
      tier = null;
    }
    members[id] = { name: d.value.name ?? null, roles: rs, tier };
  }
  let defaultRole: string | null = merged.defaultRole?.value ?? null;
  if (defaultRole !== null && !merged.roles.has(defaultRole)) {
    unknown('role', defaultRole, merged.defaultRole!.at, roleIds);
    defaultRole = null;
  }
  const l = merged.limits?.value ?? {};
  const limitsAt = merged.limits ? merged.limits.at : { file: '', path: '' };
  const maxRoles = resolvePlanNumber(l.maxRoles, plans, plan, child(limitsAt, 'maxRoles'), unknown);
  const maxCustomRoles = resolvePlanNumber(l.maxCustomRoles, plans, plan, child(limitsAt, 'maxCustomRoles'), unknown);
  const byPlan: Record<string, Record<string, number>> = dict();
  if (maxRoles.byPlan) byPlan.maxRoles = maxRoles.byPlan;
  if (maxCustomRoles.byPlan) byPlan.maxCustomRoles = maxCustomRoles.byPlan;
  const limits: ResolvedLimits = {
    maxRoles: maxRoles.value,
    maxCustomRoles: maxCustomRoles.value,
    byPlan,
    minOwners: l.minOwners ?? 1,
    rolesPerMember: { min: l.rolesPerMember?.min ?? 1, max: l.rolesPerMember?.max ?? null },
    reservedNames: [...(l.reservedNames ?? [])],
  };

  const policy: ResolvedPolicy = {
    version: '',
    name,
    title: merged.title?.value ?? name,
    description: merged.description?.value ?? null,
    plans,
    plan,
    features,
    scales,
    groups,
    resources,
    permissions,
    roles: orderedRoles,
    exceptions,
    tiers,
    rules,
    delegation,
    defaultRole,
    limits,
    members,
  };
  return { policy, trace };
}

const CAUSE_RANK: Record<Cause['kind'], number> = { owner: 0, grant: 1, inherited: 2, implied: 3, default: 4 };

function causeRank(c: Cause): number {
  return CAUSE_RANK[c.kind];
}

/** The least value a role must keep given its parents and implications. */
function floorOf(causes: readonly Cause[], scale: ResolvedScale): Value {
  let f = lowest(scale);
  for (const c of causes) if (c.kind === 'inherited' || c.kind === 'implied' || c.kind === 'owner') f = join(scale, f, c.kind === 'owner' ? highest(scale) : c.value);
  return f;
}

/**
 * Depth-first order of a graph, dependencies first. Each cycle found is handed to `onCycle`
 * (as the path a -> b -> ... -> a), which must break it; the search then continues.
 */
export function orderAcyclic(ids: readonly string[], edges: (id: string) => readonly string[], onCycle: (cycle: string[]) => void): string[] {
  const state = new Map<string, 1 | 2>();
  const order: string[] = [];
  const stack: string[] = [];
  const visit = (id: string): void => {
    state.set(id, 1);
    stack.push(id);
    for (const next of [...edges(id)]) {
      const s = state.get(next);
      if (s === 1) {
        const from = stack.indexOf(next);
        const cycle = [...stack.slice(from), next];
        // Report the cycle starting at its first member in declaration order, for stable output.
        const members = cycle.slice(0, -1);
        const start = members.reduce((best, m) => (ids.indexOf(m) < ids.indexOf(best) ? m : best), members[0]!);
        const k = members.indexOf(start);
        const rotated = [...members.slice(k), ...members.slice(0, k), start];
        onCycle(rotated);
        continue;
      }
      if (s === undefined) visit(next);
    }
    stack.pop();
    state.set(id, 2);
    order.push(id);
  };
  for (const id of ids) if (!state.has(id)) visit(id);
  return order;
}

function resolveScales(
  merged: MergedPolicy,
  bag: DiagnosticBag,
  unknown: (what: string, id: string, at: Origin, known: Iterable<string>) => void,
): Record<string, ResolvedScale> {
  const scales: Record<string, ResolvedScale> = dict();
  for (const [id, d] of merged.scales) {
    const s = d.value;
    const kind = s.levels ? 'ordered' : 'actions';
    const list = s.levels ?? s.actions ?? [];
    const key = kind === 'ordered' ? 'levels' : 'actions';
    const seen = new Set<string>();
    list.forEach((l, i) => {
      if (seen.has(l)) {
        bag.report({ rule: 'duplicate-level', message: `scale "${id}" lists "${l}" twice`, at: child(d.at, key, i) });
      }
      seen.add(l);
    });
    const levels = [...seen];
    const implies: Record<string, string[]> = dict();
    if (s.implies && kind === 'ordered') {
      bag.report({
        rule: 'schema',
        message: `scale "${id}" is ordered: higher levels already include lower ones, so "implies" applies only to action sets`,
        at: { ...child(d.at, 'implies'), key: true },
      });
    }
    if (kind === 'actions') {
      const direct = new Map<string, string[]>();
      for (const [a, targets] of Object.entries(s.implies ?? {})) {
        if (!seen.has(a)) {
          unknown('action', a, { ...child(d.at, 'implies', a), key: true }, levels);
          continue;
        }
        const ok: string[] = [];
        targets.forEach((t, i) => {
          if (seen.has(t)) ok.push(t);
          else unknown('action', t, child(d.at, 'implies', a, i), levels);
        });
        direct.set(a, ok);
      }
      for (const a of levels) {
        const reach = new Set<string>();
        const todo = [...(direct.get(a) ?? [])];
        while (todo.length) {
          const t = todo.pop()!;
          if (reach.has(t) || t === a) continue;
          reach.add(t);
          todo.push(...(direct.get(t) ?? []));
        }
        if (reach.size) implies[a] = sortActions(reach);
      }
    }
    const labels: Record<string, string> = dict();
    for (const l of levels) labels[l] = s.labels?.[l] ?? l;
    for (const l of Object.keys(s.labels ?? {})) {
      if (!seen.has(l)) unknown(kind === 'ordered' ? 'level' : 'action', l, { ...child(d.at, 'labels', l), key: true }, levels);
    }
    scales[id] = { kind, label: s.label ?? null, description: s.description ?? null, levels, labels, implies };
  }
  return scales;
}


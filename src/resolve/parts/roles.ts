// Roles: their references (parents, editors), the inheritance order and its cycles, and each
// role's effective grants (own grants over inherited ones, then the implication closure) with
// the trace `explain` prints.

import type { Origin } from '../../diagnostics/diagnostic.js';
import type { Cause, ResolvedRole, ResolvedScale, Value } from '../../ir.js';
import { dict } from '../../util/text.js';
import { child, type GrantDoc } from '../merge.js';
import { orderAcyclic } from '../order.js';
import type { ResolveContext } from '../part.js';
import { allValues, covers, highest, isLowest, join, lowest, sortValues } from '../values.js';
import { closeGrants, parseValue, scaleOf } from './permissions.js';

export function resolveRoles(ctx: ResolveContext): void {
  const { merged, bag, unknown, broken, trace } = ctx;
  const permissions = ctx.ir.permissions;
  const permissionIds = Object.keys(permissions);

  // References and inheritance order.
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

  const roles: Record<string, ResolvedRole> = dict();
  const memo = ctx.memo;
  if (memo) {
    const context = JSON.stringify([ctx.ir.scales, permissions, ctx.closureOrder, [...broken]]);
    if (context !== memo.context) {
      memo.context = context;
      memo.roles.clear();
    }
  }
  // Per permission, in permissionIds order: looked up once here rather than once per role and permission.
  const permList = permissionIds.map((p) => permissions[p]!);
  const scaleList = permissionIds.map((p) => scaleOf(ctx, p));
  // orderAcyclic lists dependencies first, so parents are resolved before their children.
  for (const id of roleOrder) {
    const d = merged.roles.get(id)!;
    const r = d.value;
    const kind = r.kind ?? 'builtin';
    const parentIds = inherits.get(id) ?? [];
    const inheritsKnown = [...(r.inherits ?? [])].filter((p) => merged.roles.has(p));
    const editableKnown = [...(r.editableBy ?? [])].filter((p) => merged.roles.has(p));
    const kept = memo?.roles.get(id);
    if (
      kept &&
      kept.file === d.at.file &&
      kept.path === d.at.path &&
      kept.parents.length === parentIds.length &&
      parentIds.every((p, i) => roles[p] === kept.parents[i]) &&
      sameStrings(kept.role.inherits, inheritsKnown) &&
      sameStrings(kept.role.editableBy, editableKnown) &&
      sameJson(kept.doc, r)
    ) {
      roles[id] = kept.role;
      trace[id] = kept.causes;
      continue;
    }
    const reportsBefore = bag.reports;
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
      const parsed = parseGrant(ctx, perm, g, at, r.customizable ?? false);
      if (parsed) own.set(perm, { ...parsed, at });
    }
    const parentRoles = parentIds.map((p) => [p, roles[p]] as const);
    for (let i = 0; i < permissionIds.length; i++) {
      const perm = permissionIds[i]!;
      const scale = scaleList[i]!;
      const permission = permList[i]!;
      if (kind === 'owner') {
        grants[perm] = highest(scale);
        allowed[perm] = [grants[perm]];
        causes[perm] = [{ kind: 'owner' }];
        continue;
      }
      const list: Cause[] = [];
      let floor = lowest(scale);
      let fromParent: Value[] | undefined;
      for (const [parent, parentRole] of parentRoles) {
        const pv = parentRole?.grants[perm];
        if (pv === undefined || isLowest(scale, pv)) continue;
        list.push({ kind: 'inherited', from: parent, value: pv });
        if (!covers(scale, floor, pv)) {
          floor = join(scale, floor, pv);
          fromParent = parentRole!.allowed[perm];
        }
      }
      const baseline = permission.baseline;
      // A baseline stands for the role's own grant where it has none: the role holds it unless it says otherwise.
      const mine = own.get(perm) ?? (baseline === null ? undefined : { value: baseline, allowed: r.customizable ? allValues(scale) : [baseline], at: undefined });
      let value: Value;
      let base: Value[];
      if (mine) {
        if (mine.at) list.unshift({ kind: 'grant', value: mine.value, file: mine.at.file, path: mine.at.path });
        value = join(scale, mine.value, floor);
        base = mine.allowed;
      } else if (fromParent) {
        value = floor;
        base = fromParent;
      } else {
        value = floor;
        // customizable never opens a permission the role may not hold (admin-only, owner-only).
        const reserved = (permission.adminOnly && !(r.admin ?? false)) || permission.ownerOnly;
        base = r.customizable && !reserved ? allValues(scale) : [floor];
      }
      grants[perm] = value;
      allowed[perm] = base;
      causes[perm] = list;
    }
    closeGrants(ctx, grants, (target, cause) => causes[target]!.push(cause));
    for (let i = 0; i < permissionIds.length; i++) {
      const perm = permissionIds[i]!;
      const scale = scaleList[i]!;
      const v = grants[perm]!;
      const list = causes[perm]!;
      if (list.length === 0) list.push({ kind: 'default', value: v });
      else if (list.length > 1) list.sort((a, b) => causeRank(a) - causeRank(b));
      const floor = floorOf(list, scale);
      allowed[perm] = sortValues(scale, [v, ...allowed[perm]!.filter((a) => covers(scale, a, floor))]);
    }
    roles[id] = {
      name: r.name,
      description: r.description ?? null,
      kind,
      admin: r.admin ?? false,
      protected: kind === 'owner' || (r.admin ?? false) || (r.editableBy?.length ?? 0) > 0,
      inherits: inheritsKnown,
      editableBy: editableKnown,
      grants,
      allowed,
    };
    if (memo) {
      if (bag.reports === reportsBefore) memo.roles.set(id, { doc: r, file: d.at.file, path: d.at.path, parents: parentIds.map((p) => roles[p]!), role: roles[id], causes });
      else memo.roles.delete(id);
    }
  }
  // Keep declaration order in the IR (the display order of the matrix). Each role's grants and
  // allowed values are already in permission order: both are filled by a loop over permissionIds.
  const orderedRoles: Record<string, ResolvedRole> = dict();
  for (const id of roleIds) orderedRoles[id] = roles[id]!;
  if (memo) for (const id of memo.roles.keys()) if (!merged.roles.has(id)) memo.roles.delete(id);
  ctx.ir.roles = orderedRoles;
}

function sameStrings(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Whether two values loaded from YAML are equal (key order included: it is the order of the output). */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (let i = 0; i < ka.length; i++) {
    if (ka[i] !== kb[i] || !sameJson((a as Record<string, unknown>)[ka[i]!], (b as Record<string, unknown>)[kb[i]!])) return false;
  }
  return true;
}

function parseGrant(ctx: ResolveContext, perm: string, g: GrantDoc, at: Origin, customizable: boolean): { value: Value; allowed: Value[] } | undefined {
  const scale = scaleOf(ctx, perm);
  if (typeof g === 'string' || Array.isArray(g)) {
    const value = parseValue(ctx, perm, g, at);
    if (value === undefined) return undefined;
    return { value, allowed: customizable ? allValues(scale) : [value] };
  }
  const value = parseValue(ctx, perm, g.default, child(at, 'default'));
  if (value === undefined) return undefined;
  let alts: Value[];
  if (g.allowed === undefined) alts = customizable ? allValues(scale) : [];
  else if (g.allowed === 'any') alts = allValues(scale);
  else {
    alts = [];
    g.allowed.forEach((a, i) => {
      const v = parseValue(ctx, perm, a, child(at, 'allowed', i));
      if (v !== undefined) alts.push(v);
    });
  }
  return { value, allowed: [value, ...alts] };
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

// Permissions: each one's scale, group, plan and access rules; then the implications between
// permissions and their cycles. Also the helpers later parts use to read and close a permission's values.

import type { Origin } from '../../diagnostics/diagnostic.js';
import type { Cause, ResolvedScale, Value } from '../../ir.js';
import { dict, didYouMean } from '../../util/text.js';
import { child, type ValueDoc } from '../merge.js';
import { checkRefs, type ResolveContext } from '../part.js';
import { closeActions, equal, isLowest, join } from '../values.js';
import { resolveAccessRules } from './access.js';
import { orderAcyclic } from '../order.js';
import { checkPlanRef } from './plans.js';
import { perObjectOf } from './objects.js';

export function resolvePermissions(ctx: ResolveContext): void {
  const { merged, bag, unknown, ir, broken } = ctx;
  const { scales, groups, permissions } = ir;
  // Permissions whose scale is unknown are left out; references to them are not reported again.
  for (const [id, d] of merged.permissions) {
    const p = d.value;
    const declared = scales[p.scale];
    if (!declared) {
      unknown('scale', p.scale, child(d.at, 'scale'), Object.keys(scales));
      broken.add(id);
      continue;
    }
    const limited = p.actions === undefined ? undefined : limitActions(ctx, id, d.at, p.scale, declared, p.actions);
    const scale = limited?.scale ?? declared;
    let group: string | null = p.group ?? null;
    if (group !== null && !groups[group]) {
      unknown('group', group, child(d.at, 'group'), Object.keys(groups));
      group = null;
    }
    permissions[id] = {
      label: p.label,
      description: p.description ?? null,
      group,
      scale: limited?.id ?? p.scale,
      baseline: null,
      kind: scale.kind,
      levels: [...scale.levels],
      ...(scale.single ? { single: true as const } : {}),
      implies: dict(),
      adminOnly: p.adminOnly ?? false,
      ownerOnly: p.ownerOnly ?? false,
      minPlan: checkPlanRef(ir.plans, p.minPlan, child(d.at, 'minPlan'), unknown),
      requires: checkRefs('switch', ir.switches, p.requires, child(d.at, 'requires'), unknown),
      contexts: checkRefs('context', ir.contexts, p.contexts, child(d.at, 'contexts'), unknown),
      ...perObjectOf(ctx, p.perObject, child(d.at, 'perObject')),
      access: resolveAccessRules(id, p.access, d.at, scale, ir, bag, unknown),
    };
    if (p.baseline !== undefined) permissions[id]!.baseline = parseValue(ctx, id, p.baseline, child(d.at, 'baseline')) ?? null;
  }
}

/**
 * A permission limited to some of its action set's actions (`actions: [read]`) takes its values
 * from a scale of those actions alone, added to the IR as "<scale>[<actions>]", so that every
 * stage (values, grants, guards, docs) sees only them. undefined: the declared scale applies.
 */
function limitActions(ctx: ResolveContext, perm: string, at: Origin, scaleId: string, scale: ResolvedScale, actions: readonly string[]): { id: string; scale: ResolvedScale } | undefined {
  const { bag, unknown, ir } = ctx;
  if (scale.kind === 'ordered') {
    bag.report({
      rule: 'schema',
      message: `permission "${perm}" is on the ordered scale "${scaleId}": "actions" limits action sets only`,
      at: { ...child(at, 'actions'), key: true },
      hint: 'remove "actions", or use a scale with actions',
    });
    return undefined;
  }
  const kept = new Set<string>();
  actions.forEach((a, i) => {
    if (scale.levels.includes(a)) kept.add(a);
    else unknown('action', a, child(at, 'actions', i), scale.levels);
  });
  actions.forEach((a, i) => {
    if (!kept.has(a)) return;
    for (const b of scale.implies[a] ?? []) {
      if (actions.includes(b)) continue;
      bag.report({
        rule: 'invalid-level',
        message: `"${a}" brings "${b}" on scale "${scaleId}", so permission "${perm}" must list "${b}" as well`,
        at: child(at, 'actions', i),
        hint: `add "${b}" to actions`,
      });
      kept.add(b);
    }
  });
  const levels = scale.levels.filter((a) => kept.has(a));
  if (levels.length === 0 || levels.length === scale.levels.length) return undefined;
  const id = `${scaleId}[${levels.join(',')}]`;
  let limited = ir.scales[id];
  if (!limited) {
    const labels: Record<string, string> = dict();
    const implies: Record<string, string[]> = dict();
    for (const a of levels) {
      labels[a] = scale.labels[a]!;
      if (scale.implies[a]) implies[a] = scale.implies[a]!.filter((b) => kept.has(b));
    }
    const only = levels.map((a) => labels[a]).join(', ');
    limited = { kind: 'actions', label: `${scale.label ?? scaleId} (${only} only)`, description: scale.description, levels, labels, implies, ...(scale.single ? { single: true as const } : {}) };
    ir.scales[id] = limited;
  }
  return { id, scale: limited };
}

/** Implications between permissions, then their cycles. */
export function resolveImplications(ctx: ResolveContext): void {
  const { merged, bag, unknown, broken } = ctx;
  const permissions = ctx.ir.permissions;
  const permissionIds = Object.keys(permissions);
  for (const [id, d] of merged.permissions) {
    if (!permissions[id]) continue;
    for (const [target, doc] of Object.entries(d.value.implies ?? {})) {
      const at = child(d.at, 'implies', target);
      if (!permissions[target]) {
        if (!broken.has(target)) unknown('permission', target, { ...at, key: true }, permissionIds);
        continue;
      }
      const v = parseValue(ctx, target, doc, at);
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
  // Sources before the permissions they imply.
  ctx.closureOrder = [...impliesOrder].reverse();
}

export function scaleOf(ctx: ResolveContext, perm: string): ResolvedScale {
  return ctx.ir.scales[ctx.ir.permissions[perm]!.scale]!;
}

/** A value of a permission as written (a level, or an action or list of actions), or undefined after reporting it. */
export function parseValue(ctx: ResolveContext, perm: string, doc: ValueDoc, at: Origin): Value | undefined {
  const { bag, ir } = ctx;
  const scale = scaleOf(ctx, perm);
  if (scale.kind === 'ordered') {
    if (typeof doc === 'string' && scale.levels.includes(doc)) return doc;
    const hint = typeof doc === 'string' ? didYouMean(doc, scale.levels) : undefined;
    bag.report({
      rule: 'invalid-level',
      message: `${JSON.stringify(doc)} is not a level of ${perm} (scale "${ir.permissions[perm]!.scale}": ${scale.levels.join(' < ')})`,
      at,
      hint: hint ?? `use one of: ${scale.levels.join(', ')}`,
    });
    return undefined;
  }
  if (scale.single) {
    if (typeof doc === 'string' && scale.levels.includes(doc)) return closeActions(scale, [doc]);
    const hint = typeof doc === 'string' ? didYouMean(doc, scale.levels) : undefined;
    bag.report({
      rule: 'invalid-level',
      message: `${JSON.stringify(doc)} is not an option of ${perm} (scale "${ir.permissions[perm]!.scale}": one of ${scale.levels.join(', ')})`,
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
    message: `${bad.map((b) => JSON.stringify(b)).join(', ')} ${bad.length === 1 ? 'is not an action' : 'are not actions'} of ${perm} (scale "${ir.permissions[perm]!.scale}": ${scale.levels.join(', ')})`,
    at,
    hint: didYouMean(bad[0]!, scale.levels) ?? `use a list of: ${scale.levels.join(', ')}`,
  });
  return undefined;
}

/**
 * Implication closure in topological order: a permission's implications are applied after
 * everything that implies it has its final value.
 */
export function closeGrants(ctx: ResolveContext, grants: Record<string, Value>, onImplied?: (target: string, cause: Cause) => void): void {
  const permissions = ctx.ir.permissions;
  for (const perm of ctx.closureOrder) {
    const v = grants[perm]!;
    if (isLowest(scaleOf(ctx, perm), v)) continue;
    for (const [target, least] of Object.entries(permissions[perm]!.implies)) {
      const before = grants[target]!;
      const after = join(scaleOf(ctx, target), before, least);
      onImplied?.(target, { kind: 'implied', by: perm, byValue: v, value: least });
      if (!equal(before, after)) grants[target] = after;
    }
  }
}

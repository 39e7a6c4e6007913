// Resolves the parts of a policy around roles: plans and features, resource kinds with their
// access rules and exceptions, the tier tree, cross-field rules and plan-dependent limits.

import type { DiagnosticBag, Origin } from '../diagnostics/diagnostic.js';
import {
  RELATIONS,
  type AccessRule,
  type Condition,
  type Relation,
  type ResolvedDelegation,
  type ResolvedException,
  type ResolvedFeature,
  type ResolvedPermission,
  type ResolvedPlan,
  type ResolvedResource,
  type ResolvedRule,
  type ResolvedScale,
  type ResolvedTierNode,
  type ResolvedTiers,
  type Value,
} from '../ir.js';
import { child, type AccessRuleDoc, type ConditionDoc, type MergedPolicy, type PlanNumberDoc, type ValueDoc } from './merge.js';
import { dict } from '../util/text.js';
import { lowest } from './values.js';

export type Unknown = (what: string, id: string, at: Origin, known: Iterable<string>) => void;

export function resolvePlans(merged: MergedPolicy, unknown: Unknown): { plans: Record<string, ResolvedPlan>; plan: string | null } {
  const plans: Record<string, ResolvedPlan> = dict();
  let rank = 0;
  for (const [id, d] of merged.plans) plans[id] = { label: d.value.label, description: d.value.description ?? null, rank: rank++ };
  const ids = Object.keys(plans);
  let plan: string | null = ids.at(-1) ?? null;
  if (merged.plan) {
    if (plans[merged.plan.value]) plan = merged.plan.value;
    else unknown('plan', merged.plan.value, merged.plan.at, ids);
  }
  return { plans, plan };
}

export function checkPlanRef(plans: Record<string, ResolvedPlan>, id: string | undefined, at: Origin, unknown: Unknown): string | null {
  if (id === undefined) return null;
  if (plans[id]) return id;
  unknown('plan', id, at, Object.keys(plans));
  return null;
}

export function resolveFeatures(merged: MergedPolicy, plans: Record<string, ResolvedPlan>, unknown: Unknown): Record<string, ResolvedFeature> {
  const out: Record<string, ResolvedFeature> = dict();
  for (const [id, d] of merged.features) {
    const minPlan = checkPlanRef(plans, d.value.minPlan, child(d.at, 'minPlan'), unknown);
    if (minPlan === null) continue;
    out[id] = { label: d.value.label, description: d.value.description ?? null, minPlan };
  }
  return out;
}

export function resolveResources(merged: MergedPolicy, bag: DiagnosticBag): Record<string, ResolvedResource> {
  const out: Record<string, ResolvedResource> = dict();
  for (const [id, d] of merged.resources) {
    const seen = new Set<string>();
    d.value.actions.forEach((a, i) => {
      if (seen.has(a)) bag.report({ rule: 'duplicate-level', message: `resource "${id}" lists the action "${a}" twice`, at: child(d.at, 'actions', i) });
      seen.add(a);
    });
    // privateNeeds is checked once permissions are known (checkPrivateNeeds).
    out[id] = { label: d.value.label, description: d.value.description ?? null, actions: [...seen], privateNeeds: d.value.privateNeeds ?? null };
  }
  return out;
}

export function checkPrivateNeeds(merged: MergedPolicy, resources: Record<string, ResolvedResource>, permissions: Record<string, ResolvedPermission>, unknown: Unknown): void {
  for (const [id, r] of Object.entries(resources)) {
    if (r.privateNeeds !== null && !permissions[r.privateNeeds]) {
      unknown('permission', r.privateNeeds, child(merged.resources.get(id)!.at, 'privateNeeds'), Object.keys(permissions));
      r.privateNeeds = null;
    }
  }
}

function checkActions(resources: Record<string, ResolvedResource>, resource: string, actions: readonly string[], at: Origin, unknown: Unknown): string[] {
  const known = resources[resource]!.actions;
  const ok: string[] = [];
  actions.forEach((a, i) => {
    if (known.includes(a)) ok.push(a);
    else unknown(`action of resource "${resource}"`, a, child(at, i), known);
  });
  return known.filter((a) => ok.includes(a));
}

function relations(list: readonly string[] | undefined): Relation[] {
  // The schema restricts the values; keep the canonical order for stable output.
  return RELATIONS.filter((r) => (list ?? []).includes(r));
}

/** A least level (ordered) or an action (action sets) of a permission's scale, or null for "above the lowest". */
export function checkAtLeast(
  bag: DiagnosticBag,
  perm: string,
  scale: ResolvedScale,
  atLeast: string | undefined,
  at: Origin,
): string | null | undefined {
  if (atLeast === undefined) return null;
  if (scale.levels.includes(atLeast)) return atLeast;
  bag.report({
    rule: 'invalid-level',
    message: `"${atLeast}" is not ${scale.kind === 'ordered' ? 'a level' : 'an action'} of ${perm} (${scale.levels.join(scale.kind === 'ordered' ? ' < ' : ', ')})`,
    at,
  });
  return undefined;
}

export function resolveAccessRules(
  permId: string,
  docs: readonly AccessRuleDoc[] | undefined,
  at: Origin,
  scale: ResolvedScale,
  resources: Record<string, ResolvedResource>,
  bag: DiagnosticBag,
  unknown: Unknown,
): AccessRule[] {
  const out: AccessRule[] = [];
  (docs ?? []).forEach((doc, i) => {
    const here = child(at, 'access', i);
    if (!resources[doc.resource]) {
      unknown('resource', doc.resource, child(here, 'resource'), Object.keys(resources));
      return;
    }
    const atLeast = checkAtLeast(bag, permId, scale, doc.atLeast, child(here, 'atLeast'));
    if (atLeast === undefined) return;
    const actions = checkActions(resources, doc.resource, doc.actions, child(here, 'actions'), unknown);
    out.push({ resource: doc.resource, atLeast, relations: relations(doc.relations), actions });
  });
  return out;
}

export function resolveExceptions(merged: MergedPolicy, resources: Record<string, ResolvedResource>, unknown: Unknown): Record<string, ResolvedException> {
  const out: Record<string, ResolvedException> = dict();
  for (const [id, d] of merged.exceptions) {
    const e = d.value;
    if (!resources[e.resource]) {
      unknown('resource', e.resource, child(d.at, 'resource'), Object.keys(resources));
      continue;
    }
    out[id] = {
      label: e.label,
      description: e.description ?? null,
      resource: e.resource,
      relations: relations(e.relations),
      actions: checkActions(resources, e.resource, e.actions, child(d.at, 'actions'), unknown),
    };
  }
  return out;
}

export interface TierContext {
  bag: DiagnosticBag;
  unknown: Unknown;
  permissions: Record<string, ResolvedPermission>;
  broken: ReadonlySet<string>;
  scaleOf: (perm: string) => ResolvedScale;
  parseValue: (perm: string, doc: ValueDoc, at: Origin) => Value | undefined;
  /** Applies permission implications to a complete grants record. */
  close: (grants: Record<string, Value>) => void;
}

export function resolveTiers(merged: MergedPolicy, ctx: TierContext): ResolvedTiers | null {
  const def = merged.tiers;
  if (!def) return null;
  const { bag, unknown } = ctx;
  const docs = def.value.nodes;
  const ids = Object.keys(docs);
  const nodeAt = (id: string): Origin => child(def.at, 'nodes', id);
  const parent = new Map<string, string | null>();
  for (const id of ids) {
    const p = docs[id]!.parent;
    if (p !== undefined && !Object.hasOwn(docs, p)) {
      unknown('tier node', p, child(nodeAt(id), 'parent'), ids);
      parent.set(id, null);
    } else parent.set(id, p ?? null);
  }
  const roots = ids.filter((id) => parent.get(id) === null && docs[id]!.parent === undefined);
  if (roots.length !== 1) {
    const at = roots.length > 1 ? { ...nodeAt(roots[1]!), key: true } : { ...child(def.at, 'nodes'), key: true };
    bag.report({
      rule: 'tier-root',
      message: roots.length === 0 ? 'the tier tree has no root (a node without parent)' : `the tier tree has ${roots.length} roots (${roots.join(', ')}); it must have exactly one`,
      at,
      hint: roots.length > 1 ? `give "${roots[1]}" a parent` : 'remove the parent of the top node',
    });
  }
  // Depth-first from the roots: order, depth; nodes never reached sit on a parent cycle.
  const children = new Map<string, string[]>();
  for (const id of ids) {
    const p = parent.get(id);
    if (p) {
      const list = children.get(p);
      if (list) list.push(id);
      else children.set(p, [id]);
    }
  }
  const order: string[] = [];
  const depth = new Map<string, number>();
  const stack: [string, number][] = roots.map((r) => [r, 1] as [string, number]).reverse();
  while (stack.length) {
    const [id, d] = stack.pop()!;
    order.push(id);
    depth.set(id, d);
    for (const c of [...(children.get(id) ?? [])].reverse()) stack.push([c, d + 1]);
  }
  const unreached = ids.filter((id) => !depth.has(id) && parent.get(id) !== null);
  if (unreached.length) {
    bag.report({
      rule: 'tier-cycle',
      message: `tier nodes are each other's parents in a cycle: ${unreached.join(', ')}`,
      at: child(nodeAt(unreached[0]!), 'parent'),
      hint: 'every chain of parents must end at the root',
    });
  }
  const nodes: Record<string, ResolvedTierNode> = dict();
  for (const id of order) {
    const doc = docs[id]!;
    const d = depth.get(id)!;
    if (d > def.value.maxDepth) {
      bag.report({
        rule: 'tier-depth',
        message: `tier node "${id}" is at level ${d}; tiers.maxDepth is ${def.value.maxDepth}`,
        at: { ...nodeAt(id), key: true },
        hint: 'attach the node higher up, or raise tiers.maxDepth if the product allows it',
      });
    }
    const grants: Record<string, Value> = dict();
    for (const p of Object.keys(ctx.permissions)) grants[p] = lowest(ctx.scaleOf(p));
    for (const [p, v] of Object.entries(doc.grants ?? {})) {
      const at = child(nodeAt(id), 'grants', p);
      if (!ctx.permissions[p]) {
        if (!ctx.broken.has(p)) unknown('permission', p, { ...at, key: true }, Object.keys(ctx.permissions));
        continue;
      }
      const value = ctx.parseValue(p, v, at);
      if (value !== undefined) grants[p] = value;
    }
    ctx.close(grants);
    nodes[id] = { name: doc.name, description: doc.description ?? null, parent: parent.get(id) ?? null, depth: d, grants };
  }
  return { maxDepth: def.value.maxDepth, nodes };
}

export function resolveRules(
  merged: MergedPolicy,
  permissions: Record<string, ResolvedPermission>,
  broken: ReadonlySet<string>,
  scaleOf: (perm: string) => ResolvedScale,
  bag: DiagnosticBag,
  unknown: Unknown,
): Record<string, ResolvedRule> {
  const out: Record<string, ResolvedRule> = dict();
  const condition = conditionResolver(permissions, broken, scaleOf, bag, unknown);
  for (const [id, d] of merged.rules) {
    const cIf = condition(d.value.if, child(d.at, 'if'));
    const cThen = condition(d.value.then, child(d.at, 'then'));
    if (!cIf || !cThen) continue;
    out[id] = { label: d.value.label, description: d.value.description ?? null, if: cIf, then: cThen, severity: d.value.severity ?? 'error' };
  }
  return out;
}

export function resolveDelegation(
  merged: MergedPolicy,
  permissions: Record<string, ResolvedPermission>,
  broken: ReadonlySet<string>,
  scaleOf: (perm: string) => ResolvedScale,
  bag: DiagnosticBag,
  unknown: Unknown,
): ResolvedDelegation {
  const condition = conditionResolver(permissions, broken, scaleOf, bag, unknown);
  const d = merged.delegation;
  const list = (key: 'manageRoles' | 'assignRoles'): Condition[] =>
    (d?.value[key] ?? []).flatMap((c, i) => condition(c, child(d!.at, key, i)) ?? []);
  return { manageRoles: list('manageRoles'), assignRoles: list('assignRoles') };
}

function conditionResolver(
  permissions: Record<string, ResolvedPermission>,
  broken: ReadonlySet<string>,
  scaleOf: (perm: string) => ResolvedScale,
  bag: DiagnosticBag,
  unknown: Unknown,
): (doc: ConditionDoc, at: Origin) => Condition | undefined {
  return (doc, at) => {
    if (!permissions[doc.permission]) {
      if (!broken.has(doc.permission)) unknown('permission', doc.permission, child(at, 'permission'), Object.keys(permissions));
      return undefined;
    }
    const atLeast = checkAtLeast(bag, doc.permission, scaleOf(doc.permission), doc.atLeast, child(at, 'atLeast'));
    return atLeast === undefined ? undefined : { permission: doc.permission, atLeast };
  };
}

/** A limit in force on `plan`, and its per-plan table when it depends on the plan. */
export function resolvePlanNumber(
  doc: PlanNumberDoc | undefined,
  plans: Record<string, ResolvedPlan>,
  plan: string | null,
  at: Origin,
  unknown: Unknown,
): { value: number | null; byPlan: Record<string, number> | null } {
  if (doc === undefined) return { value: null, byPlan: null };
  if (typeof doc === 'number') return { value: doc, byPlan: null };
  const byPlan: Record<string, number> = dict();
  for (const [p, n] of Object.entries(doc)) {
    if (plans[p]) byPlan[p] = n;
    else unknown('plan', p, { ...child(at, p), key: true }, Object.keys(plans));
  }
  const rank = plan === null ? Infinity : plans[plan]!.rank;
  let value = 0;
  let best = -1;
  for (const [p, n] of Object.entries(byPlan)) {
    const r = plans[p]!.rank;
    if (r <= rank && r > best) {
      best = r;
      value = n;
    }
  }
  // Keep the table in plan order.
  const ordered: Record<string, number> = dict();
  for (const p of Object.keys(plans)) if (p in byPlan) ordered[p] = byPlan[p]!;
  return { value, byPlan: ordered };
}

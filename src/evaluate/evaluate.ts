// Answers access questions directly from the IR. `policyc test` uses it, and tests compare it with
// the generated guards, which must give the same answer for every question.

import type { Relation, ResolvedPolicy, Value } from '../ir.js';
import { join, lowest, satisfies } from '../resolve/values.js';
import { MAX_LIST } from '../runtime/kernel.js';
import { evaluateFeature } from './delegation.js';

export interface Actor {
  id: string;
  roles: readonly string[];
  groups?: readonly string[];
  organization?: string | null;
  tier?: string | null;
  // Besides these, the attributes declared relations read, as fields of their own (see relationsOf).
}

export interface Resource {
  kind: string;
  assignee?: string | null;
  followers?: readonly string[];
  formerAssignees?: readonly string[];
  group?: string | null;
  organization?: string | null;
  tier?: string | null;
  private?: boolean;
  // Besides these, the attributes declared relations read, as fields of their own (see relationsOf).
}

/**
 * Whether a permission has any effect on the given plan (fails closed when a plan is needed but not
 * given) with the policy's switches (every switch it requires must be on), in a request context
 * (undefined: the policy's first; one the policy does not list denies everything).
 */
export function planAllows(ir: ResolvedPolicy, permission: string, plan: string | undefined, context?: string): boolean {
  if (!switchesOn(ir, ir.permissions[permission]?.requires ?? [])) return false;
  if (!contextAllows(ir, permission, context)) return false;
  const min = ir.permissions[permission]?.minPlan ?? null;
  if (min === null) return true;
  if (plan === undefined || !Object.hasOwn(ir.plans, plan)) return false;
  return ir.plans[plan]!.rank >= ir.plans[min]!.rank;
}

/** Whether a permission works in a request context (undefined: the policy's first context). */
export function contextAllows(ir: ResolvedPolicy, permission: string, context: string | undefined): boolean {
  const contexts = Object.keys(ir.contexts);
  const where = context ?? contexts[0];
  if (where === undefined ? context !== undefined : !Object.hasOwn(ir.contexts, where)) return false;
  const only = ir.permissions[permission]?.contexts ?? [];
  return only.length === 0 || (where !== undefined && only.includes(where));
}

/** Whether every switch named is on in the policy (an account's values are written into its IR). */
export function switchesOn(ir: ResolvedPolicy, ids: readonly string[]): boolean {
  return ids.every((id) => ir.switches[id]?.on === true);
}

/**
 * What a member holds of a permission through all their roles and their tier node (the union);
 * undefined for an unknown permission or a member with no known role or node (denied outright).
 */
export function memberValue(ir: ResolvedPolicy, roles: readonly string[], tier: string | null | undefined, permission: string): Value | undefined {
  const perm = ir.permissions[permission];
  if (!perm) return undefined;
  const scale = ir.scales[perm.scale]!;
  let v: Value = lowest(scale);
  let known = false;
  for (const r of roles) {
    if (!Object.hasOwn(ir.roles, r)) continue;
    v = join(scale, v, ir.roles[r]!.grants[permission]!);
    known = true;
  }
  if (tier != null && ir.tiers && Object.hasOwn(ir.tiers.nodes, tier)) {
    v = join(scale, v, ir.tiers.nodes[tier]!.grants[permission]!);
    known = true;
  }
  return known ? v : undefined;
}

/** can(): the member holds the permission at atLeast (an action for action sets), on the plan. */
export function evaluateCan(
  ir: ResolvedPolicy,
  roles: readonly string[],
  permission: string,
  atLeast?: string,
  plan?: string,
  tier?: string | null,
  context?: string,
  object?: string,
): boolean {
  const perm = ir.permissions[permission];
  if (!perm || !planAllows(ir, permission, plan, context)) return false;
  // A per-object permission: only about one of the kind's objects (the policy's defaults, or an
  // account's own written into its IR), where every role holds its grant for every object.
  if (perm.perObject !== undefined ? object === undefined || !ir.objects[perm.perObject]!.defaults.includes(object) : object !== undefined) return false;
  if (atLeast !== undefined && !perm.levels.includes(atLeast)) return false;
  const v = memberValue(ir, roles, tier, permission);
  return v !== undefined && satisfies(ir.scales[perm.scale]!, v, atLeast ?? null);
}

export function isAncestorNode(ir: ResolvedPolicy, ancestor: string, node: string): boolean {
  let p = ir.tiers?.nodes[node]?.parent ?? null;
  while (p !== null) {
    if (p === ancestor) return true;
    p = ir.tiers!.nodes[p]!.parent;
  }
  return false;
}

/** Private unless the flag is plainly absent or false: a malformed flag fails closed. */
export function isPrivate(r: Resource): boolean {
  const flag: unknown = r.private;
  return !(flag === undefined || flag === null || flag === false);
}

export function relationsOf(ir: ResolvedPolicy, actor: Actor, r: Resource): Set<Relation> {
  const out = new Set<Relation>();
  const assignee: unknown = r.assignee;
  if (typeof assignee === 'string' && assignee !== '') {
    out.add('assigned');
    if (assignee === actor.id) out.add('assignee');
  } else if (assignee === undefined || assignee === null || assignee === '') out.add('unassigned');
  // Any other assignee is malformed: neither assigned nor unassigned.
  if (actor.id !== '' && r.followers?.includes(actor.id)) out.add('follower');
  if (actor.id !== '' && r.formerAssignees?.includes(actor.id)) out.add('former_assignee');
  if (typeof r.group === 'string' && r.group !== '' && actor.groups?.includes(r.group)) out.add('same_group');
  if (typeof r.organization === 'string' && r.organization !== '' && r.organization === actor.organization) out.add('same_organization');
  const nodes = ir.tiers?.nodes ?? {};
  const a = actor.tier;
  const b = r.tier;
  if (a != null && b != null && Object.hasOwn(nodes, a) && Object.hasOwn(nodes, b)) {
    if (a === b) out.add('same_tier');
    if (nodes[b]!.parent === a) out.add('parent_tier');
    if (isAncestorNode(ir, a, b)) out.add('ancestor_tier');
  }
  if (!isPrivate(r)) out.add('public');
  // Declared relations: the resource's value is the actor's, or one of the actor's values; with
  // `many`, one of the resource's values (a list of at most MAX_LIST; an item that is no non-empty
  // string matches nothing) is.
  for (const [id, rel] of Object.entries(ir.relations)) {
    const v = Object.hasOwn(r, rel.resource) ? (r as unknown as Record<string, unknown>)[rel.resource] : undefined;
    const own = Object.hasOwn(actor, rel.actor) ? (actor as unknown as Record<string, unknown>)[rel.actor] : undefined;
    // The actor's own id is one value, never a list.
    const matches = (x: unknown): boolean => typeof x === 'string' && x !== '' && (own === x || (rel.actor !== 'id' && Array.isArray(own) && own.includes(x)));
    if (rel.many ? Array.isArray(v) && v.length <= MAX_LIST && v.some(matches) : matches(v)) out.add(id);
  }
  return out;
}

export interface AccessAnswer {
  allowed: boolean;
  /** What allowed it: "exception <id>" or "<permission> (<relations>)"; or why it was denied. */
  reason: string;
}

/** canAccess(): whether the actor may perform `action` on one resource. */
export function evaluateAccess(ir: ResolvedPolicy, actor: Actor, resource: Resource, action: string, plan?: string, context?: string): AccessAnswer {
  const kind = ir.resources[resource.kind];
  if (!kind) return { allowed: false, reason: `unknown resource kind "${resource.kind}"` };
  if (!kind.actions.includes(action)) return { allowed: false, reason: `unknown action "${action}" of ${resource.kind}` };
  if (isPrivate(resource) && kind.privateNeeds !== null && !evaluateCan(ir, actor.roles, kind.privateNeeds, undefined, plan, actor.tier, context)) {
    return { allowed: false, reason: `private ${resource.kind}: needs ${kind.privateNeeds}` };
  }
  return allows(ir, actor, resource.kind, action, relationsOf(ir, actor, resource), plan, new Set(), context);
}

/** An exception or a rule allows the action; a rule's requirements hold as well. `visiting`: actions decided further up. */
function allows(ir: ResolvedPolicy, actor: Actor, kind: string, action: string, rel: Set<Relation>, plan: string | undefined, visiting: Set<string>, context?: string): AccessAnswer {
  if (!rel.has('public')) {
    for (const [id, part] of Object.entries(ir.resources[kind]!.parts ?? {})) {
      if (part.actions.includes(action) && !evaluateCan(ir, actor.roles, part.privateNeeds, undefined, plan, actor.tier, context)) {
        return { allowed: false, reason: `private ${kind}: its part ${id} needs ${part.privateNeeds}` };
      }
    }
  }
  for (const [id, e] of Object.entries(ir.exceptions)) {
    if (e.resource === kind && e.actions.includes(action) && e.relations.every((x) => rel.has(x))) return { allowed: true, reason: `exception ${id}` };
  }
  const inner = new Set([...visiting, action]);
  for (const [pid, p] of Object.entries(ir.permissions)) {
    for (const rule of p.access) {
      if (rule.resource !== kind || !rule.actions.includes(action) || !rule.relations.every((x) => rel.has(x))) continue;
      if (!evaluateCan(ir, actor.roles, pid, rule.atLeast ?? undefined, plan, actor.tier, context)) continue;
      const req = rule.requires;
      if (req && !req.features.every((f) => evaluateFeature(ir, f, plan).allowed)) continue;
      if (req && !req.permissions.every((c) => evaluateCan(ir, actor.roles, c.permission, c.atLeast ?? undefined, plan, actor.tier, context))) continue;
      if (req && !req.actions.every((a) => !inner.has(a) && allows(ir, actor, kind, a, rel, plan, inner, context).allowed)) continue;
      const also = req ? [...req.actions.map((a) => `may ${a}`), ...req.permissions.map((c) => `${c.permission}${c.atLeast ? ` at ${c.atLeast}` : ''}`), ...req.features.map((f) => `feature ${f}`)] : [];
      return {
        allowed: true,
        reason: `${pid}${rule.atLeast ? ` at ${rule.atLeast}` : ''}${rule.relations.length ? ` (${rule.relations.join(', ')})` : ''}${also.length ? ` and ${also.join(', ')}` : ''}`,
      };
    }
  }
  return { allowed: false, reason: 'no rule or exception allows it' };
}

/**
 * A quota of a member holding `roles` (and a tier node): per role or node, the first case whose
 * conditions hold (a permission held on the plan with its switches, the plan, switches), else the
 * default; the highest over them. Undefined for an unknown quota or when no role or node is known.
 */
export function evaluateLimit(ir: ResolvedPolicy, roles: readonly string[], quota: string, plan: string | undefined, tier?: string | null): number | undefined {
  const q = ir.quotas[quota];
  if (!q) return undefined;
  const rows: Record<string, Value>[] = roles.filter((r) => Object.hasOwn(ir.roles, r)).map((r) => ir.roles[r]!.grants);
  if (tier != null && ir.tiers && Object.hasOwn(ir.tiers.nodes, tier)) rows.push(ir.tiers.nodes[tier]!.grants);
  if (rows.length === 0) return undefined;
  const rank = plan !== undefined && Object.hasOwn(ir.plans, plan) ? ir.plans[plan]!.rank : -1;
  const valueFor = (grants: Record<string, Value>): number => {
    for (const c of q.cases) {
      if (c.if && !(planAllows(ir, c.if.permission, plan) && satisfies(ir.scales[ir.permissions[c.if.permission]!.scale]!, grants[c.if.permission]!, c.if.atLeast))) continue;
      if (c.minPlan !== null && rank < ir.plans[c.minPlan]!.rank) continue;
      if (!switchesOn(ir, c.requires)) continue;
      return c.value;
    }
    return q.default;
  };
  return Math.max(...rows.map(valueFor));
}

// The names a policy takes in a SpiceDB schema, and the constructs that have no faithful form
// there. Kept apart from the schema emitter so that `policyc check` can report them without
// loading any emitter. Every name below is built here and nowhere else: the schema, the
// relationships module and the faithfulness check all read it from this one place.

import type { ResolvedPolicy } from '../ir.js';

/** SpiceDB's alphabet for type, relation and permission names (3 to 64 characters). */
export const SPICEDB_NAME = /^[a-z][a-z0-9_]{1,62}[a-z0-9]$/;

/**
 * SpiceDB answers a check in at most 50 nested dispatches by default; the ancestor walk of a tier
 * tree costs one per level on top of the few a resource permission takes (measured on embedded
 * SpiceDB: a chain of 48 nodes is answered, 50 exceed the limit). Deeper trees would be answered
 * with an error, not with the guards' answer; 40 leaves room for the permission around the walk.
 */
export const MAX_SPICEDB_TIER_DEPTH = 40;

/** The fixed definitions of the schema; resource kinds may not take these names. */
export const FIXED_DEFINITIONS = ['member', 'account', 'role', 'tier', 'group', 'organization'] as const;

/** Relations every resource kind carries, and the permissions derived from them. */
export const RESOURCE_RELATIONS = ['account', 'assignee', 'follower', 'former_assignee', 'assigned', 'unassigned', 'group', 'organization', 'tier', 'public'] as const;
export const RESOURCE_DERIVED = ['same_group', 'same_organization', 'same_tier', 'parent_tier', 'ancestor_tier'] as const;

/** A permission id as a SpiceDB name part: dots become underscores. */
export const permName = (permission: string): string => permission.replace(/\./g, '_');
/** The account permission answering "the member holds `level` (or the action) of the permission". */
export const levelName = (permission: string, level: string): string => `${permName(permission)}__${level}`;
/** The account relation naming the roles and tier nodes whose highest level is `level`, or that hold the action. */
export const grantName = (permission: string, level: string): string => `grants_${permName(permission)}__${level}`;
/** The account relation written when the account's plan is `plan` or higher. */
export const planName = (plan: string): string => `plan_${plan}`;

/** The definition whose objects are the values of a declared relation (a brand); its members hold the value. */
export const valueDefinition = (relation: string): string => `value_${relation}`;
/** The resource relation to the value of a declared relation the resource has. */
export const valueRelation = (relation: string): string => `${relation}_value`;

/** The account relation written while the switch is on. */
export const switchName = (id: string): string => `switch_${id}`;

/** Features an access rule requires: each is its plan relation and its switch relations in the schema. */
export function ruleFeatures(ir: ResolvedPolicy): string[] {
  const used = new Set(Object.values(ir.permissions).flatMap((p) => p.access.flatMap((r) => r.requires?.features ?? [])));
  return Object.keys(ir.features).filter((f) => used.has(f));
}

/**
 * Switches that gate a permission (its `requires`) or a feature an access rule requires: the
 * account carries one relation per such switch.
 */
export function gateSwitches(ir: ResolvedPolicy): string[] {
  const used = new Set([...Object.values(ir.permissions).flatMap((p) => p.requires), ...ruleFeatures(ir).flatMap((f) => ir.features[f]!.requires)]);
  return Object.keys(ir.switches).filter((s) => used.has(s));
}

/**
 * Plans that gate a permission (a minPlan) or a feature an access rule requires: the account
 * carries one relation per such plan.
 */
export function gatePlans(ir: ResolvedPolicy): string[] {
  const used = new Set([...Object.values(ir.permissions).flatMap((p) => (p.minPlan === null ? [] : [p.minPlan])), ...ruleFeatures(ir).map((f) => ir.features[f]!.minPlan)]);
  return Object.keys(ir.plans).filter((p) => used.has(p));
}

/** Where a construct is written: a section of the policy and the id in it. */
export interface SpicedbOrigin {
  section: 'permissions' | 'resources' | 'relations' | 'plans' | 'tiers';
  id?: string;
  /** Keys below the definition, e.g. ['actions', 1]. */
  sub?: (string | number)[];
}

export interface SpicedbProblem {
  message: string;
  at: SpicedbOrigin;
}

/**
 * Every construct of the policy that has no faithful SpiceDB form: a name outside SpiceDB's
 * alphabet, two constructs that would share a name, a tier tree deeper than SpiceDB walks.
 * An empty list means the schema says exactly what the guards say.
 */
export function spicedbProblems(ir: ResolvedPolicy): SpicedbProblem[] {
  const problems: SpicedbProblem[] = [];
  // definition -> name -> what took it first
  const taken = new Map<string, Map<string, string>>();
  const claim = (definition: string, name: string, what: string, at: SpicedbOrigin): void => {
    if (!SPICEDB_NAME.test(name)) {
      problems.push({ message: `${what} would be named "${name}" in the SpiceDB schema, which SpiceDB does not accept (names are 3 to 64 of a-z, 0-9 and _, starting with a letter and not ending with _)`, at });
      return;
    }
    let names = taken.get(definition);
    if (!names) taken.set(definition, (names = new Map()));
    const first = names.get(name);
    if (first !== undefined && first !== what) problems.push({ message: `${what} and ${first} would both be named "${name}" in SpiceDB definition "${definition}"`, at });
    else names.set(name, what);
  };
  for (const d of FIXED_DEFINITIONS) claim('', d, `the ${d} definition`, { section: 'resources' });
  for (const r of ['member', 'role', 'tier']) claim('account', r, `the account relation "${r}"`, { section: 'permissions' });
  for (const plan of gatePlans(ir)) claim('account', planName(plan), `plan "${plan}"`, { section: 'plans', id: plan });
  for (const [p, perm] of Object.entries(ir.permissions)) {
    const at: SpicedbOrigin = { section: 'permissions', id: p };
    claim('account', permName(p), `permission "${p}"`, at);
    perm.levels.forEach((l, i) => {
      const what = `${perm.kind === 'actions' ? 'action' : 'level'} "${l}" of permission "${p}"`;
      claim('account', levelName(p, l), what, at);
      if (perm.kind === 'actions' || i > 0) claim('account', grantName(p, l), `the grant of ${what}`, at);
    });
  }
  for (const [k, res] of Object.entries(ir.resources)) {
    const at: SpicedbOrigin = { section: 'resources', id: k };
    claim('', k, `resource kind "${k}"`, at);
    for (const r of [...RESOURCE_RELATIONS, ...RESOURCE_DERIVED]) claim(k, r, `the resource relation "${r}"`, at);
    res.actions.forEach((a, i) => claim(k, a, `action "${a}" of resource kind "${k}"`, { ...at, sub: ['actions', i] }));
  }
  // A declared relation: a definition of its values, and on every resource kind the relation to
  // the resource's value and the permission that reads its members.
  for (const r of Object.keys(ir.relations)) {
    const at: SpicedbOrigin = { section: 'relations', id: r };
    claim('', valueDefinition(r), `the values of relation "${r}"`, at);
    for (const k of Object.keys(ir.resources)) {
      claim(k, valueRelation(r), `the value of relation "${r}"`, at);
      claim(k, r, `relation "${r}"`, at);
    }
  }
  if (ir.tiers && ir.tiers.maxDepth > MAX_SPICEDB_TIER_DEPTH) {
    problems.push({ message: `a tier tree of ${ir.tiers.maxDepth} levels is deeper than SpiceDB walks in one check (at most ${MAX_SPICEDB_TIER_DEPTH} levels here)`, at: { section: 'tiers', sub: ['maxDepth'] } });
  }
  return problems;
}

// The resolved intermediate representation (IR) that every consumer reads: emitters, explain,
// export and, later, diff and test. It is also the shape of generated/<name>/policy.json.

export type Value = string | readonly string[];

export interface ResolvedScale {
  kind: 'ordered' | 'actions';
  label: string | null;
  description: string | null;
  /** Ordered scales: levels lowest first. Action sets: the actions in declared order. */
  levels: string[];
  /** Display names of levels or actions (every level has one; defaults to the id). */
  labels: Record<string, string>;
  /** Action sets only: action -> actions that come with it (transitively closed). */
  implies: Record<string, string[]>;
  /**
   * Present (true) on a scale of options: a role chooses one option, which includes the options
   * its `implies` lists. It is an action set whose values are the closures of single options,
   * so that inclusion (subset checks, escalation, diff) is the set inclusion of action sets.
   */
  single?: true;
}

export interface ResolvedGroup {
  label: string;
  description: string | null;
}

/**
 * The default relations between an actor and one resource that access rules and exceptions can
 * require; a policy may declare more of its own (ResolvedPolicy.relations).
 */
export const RELATIONS = [
  'assignee',
  'follower',
  'former_assignee',
  'assigned',
  'unassigned',
  'same_group',
  'same_organization',
  'same_tier',
  'parent_tier',
  'ancestor_tier',
  'public',
] as const;
/** A default relation (RELATIONS) or one the policy declares. */
export type Relation = string;

/** The actor attributes the declared relations read, first use first; `id` (the actor's own id) is none. */
export function actorAttributes(ir: Pick<ResolvedPolicy, 'relations'>): string[] {
  return [...new Set(Object.values(ir.relations).map((r) => r.actor))].filter((a) => a !== 'id');
}

/** The attributes the resource kinds declare (what declared relations read of a resource), first declared first. */
export function resourceAttributes(ir: Pick<ResolvedPolicy, 'resources'>): string[] {
  return [...new Set(Object.values(ir.resources).flatMap((r) => r.attributes ?? []))];
}

/** Whether a declared relation reads the resource attribute as a list of values (`many`). */
export function isListAttribute(ir: Pick<ResolvedPolicy, 'relations'>, attribute: string): boolean {
  return Object.values(ir.relations).some((r) => r.resource === attribute && r.many);
}

/** At most this many declared relations (their bits follow the defaults' in the kernel's 31-bit masks). */
export const MAX_DECLARED_RELATIONS = 20;

/**
 * A relation the policy declares: it holds when the resource's attribute is a non-empty string and
 * is the actor's attribute (a string) or one of its values (a list of strings); with `many`, when
 * the resource's attribute is a list of strings and one of them is the actor's value or one of its
 * values. A missing or malformed attribute on either side: it does not hold.
 */
export interface ResolvedRelation {
  label: string;
  description: string | null;
  /** The field of the actor (and of an account's member) that holds the value or values. */
  actor: string;
  /** The field of the resource that holds its value; each resource kind that uses the relation declares it. */
  resource: string;
  /** The resource's attribute is a list of values (the resource lists the actor), not one value. */
  many: boolean;
}

export interface AccessRule {
  resource: string;
  /** The least level (ordered scales) or the action (action sets); null: anything above the lowest. */
  atLeast: string | null;
  /** All must hold; empty: every resource of the kind. */
  relations: Relation[];
  actions: string[];
  /** A conjunction: what must hold as well; absent when the rule needs nothing more. */
  requires?: AccessRequirement;
}

/** The further conditions of an access rule, all of which must hold. */
export interface AccessRequirement {
  /** Actions of the same resource the actor must also be allowed (through any rule or exception). */
  actions: string[];
  /** Permissions the actor must also hold. */
  permissions: Condition[];
  /**
   * Features (ids of `features`) the account's plan must include, as hasFeature answers: below a
   * feature's minPlan, or while a switch it requires is off, the rule allows nothing.
   */
  features: string[];
}

export interface ResolvedPermission {
  label: string;
  description: string | null;
  group: string | null;
  /**
   * Its scale's id. A permission limited to some of an action set's actions (`actions` in the
   * policy) has a scale of its own, "<scale>[<action>,...]", holding only those actions.
   */
  scale: string;
  /** What a role holds when its own grants do not set the permission (null: the scale's lowest). */
  baseline: Value | null;
  kind: 'ordered' | 'actions';
  /** Ordered: levels lowest first. Action sets: the actions. */
  levels: string[];
  /** Present (true) when the scale is one of options: a role holds one option (with what it includes) or none. */
  single?: true;
  /** Permission id -> the least value this permission brings with it when held above its lowest value. */
  implies: Record<string, Value>;
  adminOnly: boolean;
  ownerOnly: boolean;
  /** The lowest plan on which the permission has any effect; null: every plan. */
  minPlan: string | null;
  /** Switches that must all be on for the permission to have any effect. */
  requires: string[];
  /** The only contexts in which the permission has any effect; empty: every context. */
  contexts: string[];
  /**
   * Present on a permission held separately for each object of this kind (an id of `objects`): a
   * role's grant is its value for every object, and questions name the object.
   */
  perObject?: string;
  access: AccessRule[];
}

export interface ResolvedPlan {
  label: string;
  description: string | null;
  /** 0 for the lowest plan. */
  rank: number;
}

export interface ResolvedFeature {
  label: string;
  description: string | null;
  minPlan: string;
  /** Switches that must all be on as well. */
  requires: string[];
}

/** An add-on, product switch or account fact: on or off per account. */
export interface ResolvedSwitch {
  label: string;
  description: string | null;
  /** The value for an account whose data does not set it; what the static guards answer for. */
  on: boolean;
}

/** Where a request comes from (the product's screens, its API); the first is where questions are asked by default. */
export interface ResolvedContext {
  label: string;
  description: string | null;
}

/** A kind of object an account defines for itself; permissions marked perObject are held per object. */
export interface ResolvedObjectKind {
  label: string;
  description: string | null;
  /** The objects an account has unless its data lists its own (what the static guards answer for). */
  defaults: string[];
}

/** One case of a quota: the value a role gets when every condition given holds. */
export interface QuotaCase {
  /** The role holds this permission (at least at this level); null: no condition. */
  if: Condition | null;
  /** The account's plan is this one or higher; null: any plan. */
  minPlan: string | null;
  requires: string[];
  value: number;
}

/** A number a role grants (a quota): the first case that holds, else the default. */
export interface ResolvedQuota {
  label: string;
  description: string | null;
  default: number;
  cases: QuotaCase[];
}

export interface ResolvedResource {
  label: string;
  description: string | null;
  actions: string[];
  /** The permission every action on a private resource of the kind needs. */
  privateNeeds: string | null;
  /** Parts with privacy of their own (absent when none is declared). */
  parts?: Record<string, ResolvedPart>;
  /** Fields of its own that declared relations read (absent when none is declared). */
  attributes?: string[];
}

/** A part of a resource: on a private resource, its actions need privateNeeds. */
export interface ResolvedPart {
  label: string;
  description: string | null;
  actions: string[];
  privateNeeds: string;
}

export interface ResolvedException {
  label: string;
  description: string | null;
  resource: string;
  relations: Relation[];
  actions: string[];
}

export interface ResolvedTierNode {
  name: string;
  description: string | null;
  parent: string | null;
  /** 1 for the root. */
  depth: number;
  /** Every permission id -> the value members of this node hold through it. */
  grants: Record<string, Value>;
}

export interface ResolvedTiers {
  maxDepth: number;
  /** In depth-first order from the root, so that a node's subtree is contiguous. */
  nodes: Record<string, ResolvedTierNode>;
}

export interface Condition {
  permission: string;
  atLeast: string | null;
}

export interface ResolvedRule {
  label: string;
  description: string | null;
  if: Condition;
  then: Condition;
  severity: 'error' | 'warning';
}

export interface ResolvedDelegation {
  /** Holding any of these lets a member create, edit and delete roles. */
  manageRoles: Condition[];
  /** Holding any of these lets a member give roles to members and take them away. */
  assignRoles: Condition[];
  /**
   * Role cloning, when the policy offers it: a new custom role may start as a copy of an existing
   * role's current values. Owner and admin roles are never cloned, nor the roles in `except`.
   * Absent: the policy offers no cloning.
   */
  cloneRoles?: { except: string[] };
}

export type RoleKind = 'owner' | 'builtin' | 'custom';

export interface ResolvedRole {
  name: string;
  description: string | null;
  kind: RoleKind;
  admin: boolean;
  /** Owner and admin roles, and roles with an editableBy list, are out of reach of other roles. */
  protected: boolean;
  inherits: string[];
  editableBy: string[];
  /** Every permission id -> effective value (level, or sorted array of actions). */
  grants: Record<string, Value>;
  /** Every permission id -> the values an administrator may choose; one element when locked. */
  allowed: Record<string, Value[]>;
}

export interface ResolvedLimits {
  /** In force on the account's plan; null: no cap. */
  maxRoles: number | null;
  maxCustomRoles: number | null;
  /** Limits that depend on the plan: limit -> plan -> value from that plan upward. */
  byPlan: Record<string, Record<string, number>>;
  minOwners: number;
  rolesPerMember: { min: number; max: number | null };
  reservedNames: string[];
  /** exact: custom role names differ from every other after normalisation; lookalike: they do not look alike either. */
  distinctNames: 'exact' | 'lookalike';
}

export interface ResolvedMember {
  name: string | null;
  roles: string[];
  tier: string | null;
}

export interface ResolvedPolicy {
  /** Content hash (16 hex digits) of everything below; POLICY_VERSION in the guards. */
  version: string;
  /** The policy folder's name, which is also the name of its generated folder. */
  name: string;
  title: string;
  description: string | null;
  /** Ordered lowest first. */
  plans: Record<string, ResolvedPlan>;
  /** The account's plan (defaults to the highest); null when no plans are defined. */
  plan: string | null;
  features: Record<string, ResolvedFeature>;
  switches: Record<string, ResolvedSwitch>;
  /** In order: the first is the context of a question that names none. */
  contexts: Record<string, ResolvedContext>;
  /** Kinds of objects an account defines (custom objects), for permissions marked perObject. */
  objects: Record<string, ResolvedObjectKind>;
  quotas: Record<string, ResolvedQuota>;
  scales: Record<string, ResolvedScale>;
  groups: Record<string, ResolvedGroup>;
  resources: Record<string, ResolvedResource>;
  /** The relations the policy declares, besides the defaults (RELATIONS), in declared order. */
  relations: Record<string, ResolvedRelation>;
  permissions: Record<string, ResolvedPermission>;
  roles: Record<string, ResolvedRole>;
  exceptions: Record<string, ResolvedException>;
  tiers: ResolvedTiers | null;
  rules: Record<string, ResolvedRule>;
  delegation: ResolvedDelegation;
  defaultRole: string | null;
  limits: ResolvedLimits;
  members: Record<string, ResolvedMember>;
}

/** Why a role holds a permission at a value: one step of an explanation. */
export type Cause =
  | { kind: 'owner' }
  | { kind: 'grant'; value: Value; file: string; path: string }
  | { kind: 'inherited'; from: string; value: Value }
  | { kind: 'implied'; by: string; byValue: Value; value: Value }
  | { kind: 'default'; value: Value };

/** role -> permission -> the causes that produced the effective value, strongest first. */
export type Trace = Record<string, Record<string, Cause[]>>;

// The runtime kernel: the one implementation of every answer the guards give (can, levelOf,
// memberCan, canAccess, the tier helpers and the role-edit validators) and of the account
// runtime (openAccount). It operates on compact tables: a policy's tables are printed into
// guards.ts by the emitter, an account's are compiled from its data at run time, and the
// compiler's own evaluation builds them from the IR. This file is inlined into every guards.ts,
// so it imports nothing, uses only ES2020 built-ins, and never throws on what it is given.

/** Relation bits, in the order of the IR's RELATIONS. */
export const REL_ASSIGNEE = 1;
export const REL_FOLLOWER = 2;
export const REL_FORMER_ASSIGNEE = 4;
export const REL_ASSIGNED = 8;
export const REL_UNASSIGNED = 16;
export const REL_SAME_GROUP = 32;
export const REL_SAME_ORGANIZATION = 64;
export const REL_SAME_TIER = 128;
export const REL_PARENT_TIER = 256;
export const REL_ANCESTOR_TIER = 512;
export const REL_PUBLIC = 1024;
/** The bit position of the first relation the policy declares (after the eleven default relations). */
const REL_DECLARED_SHIFT = 11;
/** The bit of the first relation the policy declares; declared relation i has the bit REL_DECLARED << i. */
export const REL_DECLARED = 1 << REL_DECLARED_SHIFT;
/** Bits of a relation mask: the defaults, then at most 20 declared relations (bit 30 the last). */
const REL_BITS = 31;

/** Longest list the kernel reads from outside (roles of a member, drafts, custom roles, members). */
export const MAX_LIST = 10_000;
/** Longest role name a draft may carry (as the policy schema allows). */
export const MAX_NAME = 200;

type Codes = ArrayLike<number>;

/**
 * A policy's (or an account's) tables. Role rows hold masks: bit i is set when the role reaches
 * level i (ordered scales: every level up to the one held) or holds action i, so a check is one AND.
 */
export interface TableData {
  version: string;
  /** Permission ids; a permission's index is its position. */
  permissions: readonly string[];
  /** Per permission: its levels lowest first, or its actions. */
  levels: readonly (readonly string[])[];
  /** Every level or action name of any permission. */
  levelNames: readonly string[];
  /** 1 where the permission is an action set. */
  isActions: Codes;
  /** need[p * levelNames.length + l]: the bit name l asks of permission p; 0 when it is none of its levels. */
  need: Codes;
  /** Per permission: the rank of the lowest plan it works on, or -1. */
  minPlan: Codes;
  /** Implications in closure order: [source, target, least code]. */
  implies: readonly (readonly [number, number, number])[];
  /** Action sets: per action bit, the mask of that action and the actions it implies. */
  actionImplies: readonly (readonly number[])[];
  /** 1 where the action set is a scale of options: a role holds one option (with what it includes) or none. */
  single: Codes;
  adminOnly: Codes;
  ownerOnly: Codes;
  plans: readonly string[];
  /** The plan rank the policy assumes (its `plan`), -1 without plans. */
  defaultPlan: number;
  features: readonly string[];
  featurePlan: Codes;
  /** Add-ons, product switches and account facts; a switch's bit is its position. */
  switches: readonly string[];
  /** The bits of the switches that are on (the policy's values, or an account's). */
  switchOn: number;
  /** Per permission and per feature: the bits of the switches it requires. */
  permissionSwitches: Codes;
  featureSwitches: Codes;
  /** Where requests come from (the first is where a question that names none is asked); a context's bit is its position. */
  contexts: readonly string[];
  /** Per permission: the bits of the only contexts it works in; 0: every context. */
  permissionContexts: Codes;
  /** Quotas: numbers a role grants. */
  quotas: readonly string[];
  quotaDefault: readonly number[];
  /** Per quota, its cases in order: [permission or -1, need code, least plan rank or -1, switch bits, value]. */
  quotaCases: readonly (readonly (readonly [permission: number, need: number, minPlan: number, switches: number, value: number])[])[];
  roles: readonly string[];
  roleNames: readonly string[];
  /** 0 owner, 1 builtin, 2 custom. */
  roleKind: Codes;
  roleAdmin: Codes;
  /** Role indexes each role may be edited and assigned by; empty: anyone with the power. */
  editableBy: readonly (readonly number[])[];
  /** Role-major masks, roles.length x permissions.length. */
  held: Codes;
  /** Per role and permission: the codes an administrator may choose (builtin rows only). */
  allowed: readonly (readonly (readonly number[])[])[];
  /** Number of rows that come from the policy (the rest are an account's custom roles). */
  policyRoles: number;
  defaultRole: number;
  tiers: readonly string[];
  tierNames: readonly string[];
  tierParent: Codes;
  tierEnd: Codes;
  tierDepth: Codes;
  /** Node-major codes: level index or action mask. */
  tierGrants: Codes;
  maxDepth: number;
  resources: readonly string[];
  resourceActions: readonly (readonly string[])[];
  privateNeeds: Codes;
  /** Per kind: [actions, permission] for each part with privacy of its own; empty for most kinds. */
  partNeeds: readonly (readonly (readonly [actions: number, permission: number])[])[];
  /**
   * Relations the policy declares, in order: [actor attribute, resource attribute, and 1 when the
   * resource's attribute is a list of values (absent: one value)]; relation i has the bit REL_DECLARED << i.
   */
  relations: readonly (readonly [actor: string, resource: string, many?: 1])[];
  exceptions: readonly (readonly (readonly [relations: number, actions: number])[])[];
  accessRules: readonly (readonly (readonly [permission: number, need: number, relations: number, actions: number])[])[];
  /**
   * Per kind, per access rule (in the order of accessRules): what the rule needs as well, as
   * [actions of the same resource the actor must also be allowed, [permission, need] pairs the actor
   * must also hold, and (only when the rule names any) features the plan must include, as indexes
   * of `features`]; [0, []] when it needs nothing more, and an empty list when no rule of the kind does.
   */
  accessNeeds: readonly (readonly AccessNeed[])[];
  manageRoles: readonly (readonly [permission: number, need: number])[];
  assignRoles: readonly (readonly [permission: number, need: number])[];
  /**
   * Role cloning: absent when the policy offers none; else the indexes of the policy's roles that
   * may not be cloned besides owner and admin roles (which never may).
   */
  cloneExcept?: readonly number[];
  /** Role caps: [plan rank, value] steps (a per-plan limit), or one [-1, value]; empty: no cap. */
  maxRoles: readonly (readonly [number, number])[];
  maxCustomRoles: readonly (readonly [number, number])[];
  minOwners: number;
  rolesPerMemberMin: number;
  /** -1: no maximum. */
  rolesPerMemberMax: number;
  reservedNames: readonly string[];
  confusables: Readonly<Record<string, string>>;
  /** 1: a custom role's name may not look like any other role's name either (limits.distinctNames: lookalike). */
  lookalikeNames: number;
  /** Cross-field rules of severity error: [rule id, if permission, its need, then permission, its need]. */
  errorRules: readonly (readonly [string, number, number, number, number])[];
  /** Per permission: the code a new custom role holds unless its grants set it (0: the lowest). */
  baseline: Codes;
  /** Kinds of objects an account defines (custom objects). */
  objectKinds: readonly string[];
  /** Per kind: the objects these tables hold rows for (the policy's defaults, or an account's own). */
  objects: readonly (readonly string[])[];
  /**
   * Per permission: the kind (an index of objectKinds) of a permission held per object, else -1.
   * Such a permission's own row is the value for every object, never asked directly (denied); each
   * object has a row of its own, "<permission>:<object>", after the first basePermissions rows.
   */
  perObject: Codes;
  /** Rows before the per-object rows: the policy's permissions. */
  basePermissions: number;
}

/** Lookups that a policy may supply as compiled switches (faster than a map for small id sets). */
export interface Lookups {
  roleIndex?: (s: unknown) => number;
  permissionIndex?: (s: unknown) => number;
  levelIndex?: (s: unknown) => number;
}

/** A member of an account, as the kernel keeps it. */
export interface MemberRecord {
  readonly id: string;
  readonly roles: readonly string[];
  readonly tier: string | null;
  readonly groups: readonly string[];
  readonly organization: string | null;
  /** The member's values of the actor attributes declared relations read (a prototype-free object). */
  readonly attributes: Readonly<Record<string, string | readonly string[]>>;
}

export interface Tables extends TableData {
  roleIndex(s: unknown): number;
  permissionIndex(s: unknown): number;
  levelIndex(s: unknown): number;
  tierIndex(s: unknown): number;
  planIndex(s: unknown): number;
  featureIndex(s: unknown): number;
  switchIndex(s: unknown): number;
  contextIndex(s: unknown): number;
  quotaIndex(s: unknown): number;
  resourceIndex(s: unknown): number;
  actionBit(k: number, s: unknown): number;
  /** The account's plan rank, or -2 when questions pass the plan themselves (static guards). */
  plan: number;
  /** The context questions are asked in (an index); -1 for one the policy does not know: every permission is denied. */
  context: number;
  members: ReadonlyMap<string, MemberRecord> | null;
  stride: number;
}

/** A prototype-free map from ids to their index. */
function indexOf(ids: readonly string[]): (s: unknown) => number {
  const m = new Map<string, number>();
  for (let i = 0; i < ids.length; i++) m.set(ids[i]!, i);
  return (s) => (typeof s === 'string' ? (m.get(s) ?? -1) : -1);
}

/** Tables with their lookups built; `plan` -2 means the plan is given per question. */
export function indexTables(data: TableData, fast: Lookups = {}, plan = -2, members: ReadonlyMap<string, MemberRecord> | null = null): Tables {
  const actionMaps = data.resourceActions.map((actions) => indexOf(actions));
  return {
    ...data,
    roleIndex: fast.roleIndex ?? indexOf(data.roles),
    permissionIndex: fast.permissionIndex ?? indexOf(data.permissions),
    levelIndex: fast.levelIndex ?? indexOf(data.levelNames),
    tierIndex: indexOf(data.tiers),
    planIndex: indexOf(data.plans),
    featureIndex: indexOf(data.features),
    switchIndex: indexOf(data.switches),
    contextIndex: indexOf(data.contexts),
    quotaIndex: indexOf(data.quotas),
    resourceIndex: indexOf(data.resources),
    actionBit: (k, s) => {
      const i = actionMaps[k]!(s);
      return i < 0 ? 0 : 1 << i;
    },
    plan,
    context: 0,
    members,
    stride: data.permissions.length,
  };
}

/** An object id an account may define: letters, digits and _ . @ + - (no colon, which joins it to its permission). */
export const OBJECT_ID = /^[A-Za-z0-9_][A-Za-z0-9_.@+-]{0,199}$/;

/** Most objects of one kind an account may define. */
export const MAX_OBJECTS = 1000;

/** Copies a per-row array and appends the values of the given rows again. */
function extendRows<T>(values: ArrayLike<T>, base: number, from: readonly number[]): T[] {
  const out: T[] = [];
  for (let p = 0; p < base; p++) out.push(values[p]!);
  for (const p of from) out.push(values[p]!);
  return out;
}

/**
 * Tables with one row per (per-object permission, object) for the objects given per kind, in place
 * of the rows they had: each object's row starts as a copy of its permission's row (what a role
 * holds for every object, what it may choose, its baseline, its gates), named "<permission>:<object>".
 * Per-object permissions imply nothing; an implication into one (a Guide admin manages every
 * article) is copied to each object's row, right after it, so the closure order stays.
 */
export function expandObjects(data: TableData, objects: readonly (readonly string[])[]): TableData {
  const n = data.basePermissions;
  const from: number[] = [];
  const ids: string[] = [];
  for (let p = 0; p < n; p++) {
    const k = data.perObject[p]!;
    if (k < 0) continue;
    for (const o of objects[k] ?? []) {
      from.push(p);
      ids.push(`${data.permissions[p]}:${o}`);
    }
  }
  const stride = data.permissions.length;
  const width = n + from.length;
  const levelCount = data.levelNames.length;
  const matrix = (values: Codes, rows: number): Uint32Array => {
    const out = new Uint32Array(rows * width);
    for (let r = 0; r < rows; r++) {
      for (let p = 0; p < n; p++) out[r * width + p] = values[r * stride + p]!;
      from.forEach((p, i) => (out[r * width + n + i] = values[r * stride + p]!));
    }
    return out;
  };
  const need = new Uint32Array(width * levelCount);
  for (let p = 0; p < width; p++) {
    const src = p < n ? p : from[p - n]!;
    for (let l = 0; l < levelCount; l++) need[p * levelCount + l] = data.need[src * levelCount + l]!;
  }
  // The implications of the policy's rows (earlier objects' copies dropped), each followed by its copies.
  const implies: (readonly [number, number, number])[] = [];
  for (const edge of data.implies) {
    if (edge[1] >= n) continue;
    implies.push(edge);
    from.forEach((p, i) => {
      if (p === edge[1]) implies.push([edge[0], n + i, edge[2]]);
    });
  }
  return {
    ...data,
    permissions: [...data.permissions.slice(0, n), ...ids],
    implies,
    levels: extendRows(data.levels, n, from),
    isActions: extendRows(data.isActions, n, from),
    need,
    minPlan: extendRows(data.minPlan, n, from),
    actionImplies: extendRows(data.actionImplies, n, from),
    single: extendRows(data.single, n, from),
    adminOnly: extendRows(data.adminOnly, n, from),
    ownerOnly: extendRows(data.ownerOnly, n, from),
    permissionSwitches: extendRows(data.permissionSwitches, n, from),
    permissionContexts: extendRows(data.permissionContexts, n, from),
    held: matrix(data.held, data.roles.length),
    allowed: data.allowed.map((row) => (row.length === 0 ? row : extendRows(row, n, from))),
    tierGrants: matrix(data.tierGrants, data.tiers.length),
    baseline: extendRows(data.baseline, n, from),
    objects: data.objectKinds.map((_, k) => [...(objects[k] ?? [])]),
    perObject: [...extendRows(data.perObject, n, []), ...from.map(() => -1)],
  };
}

/** What one access rule needs as well: see Tables.accessNeeds. */
export type AccessNeed = readonly [actions: number, permissions: readonly (readonly [number, number])[], features?: readonly number[]];

/** The row a question names: "<permission>:<object>" when `on` names an object, else the permission. */
export function kRowOf(permission: unknown, on: unknown): unknown {
  if (on === null || typeof on !== 'object') return permission;
  const object = field(on, 'object');
  if (object === undefined) return permission;
  return typeof permission === 'string' && typeof object === 'string' && OBJECT_ID.test(object) ? `${permission}:${object}` : undefined;
}

/** The plan of a question: the argument itself, or the `plan` of an `on` object. */
export function kPlanOf(on: unknown): unknown {
  return on !== null && typeof on === 'object' ? field(on, 'plan') : on;
}

// ---------------------------------------------------------------------------------------------
// Values and codes

/** Whether permission p works on the plan (a rank; -1 for none given) with the switches that are on, in the tables' context. */
function planAllows(t: Tables, p: number, planRank: number): boolean {
  const min = t.minPlan[p]!;
  const where = t.permissionContexts[p]!;
  return t.perObject[p]! < 0 && (min < 0 || planRank >= min) && (t.permissionSwitches[p]! & ~t.switchOn) === 0 && t.context >= 0 && (where === 0 || (where & (1 << t.context)) !== 0);
}

/**
 * The same tables asking in another context (an id of the policy's `contexts`). A context the
 * policy does not list, or any context of a policy that lists none, denies every permission.
 */
export function kInContext(t: Tables, context: unknown): Tables {
  return { ...t, context: t.contexts.length === 0 ? -1 : t.contextIndex(context) };
}

/** The plan rank a question runs on: the account's, or the one passed (-1 when unknown or absent). */
function planRankOf(t: Tables, plan: unknown): number {
  if (t.plan !== -2) return t.plan;
  return t.planIndex(plan);
}

/** What role r holds of permission p as a code: the level index or the action mask. */
export function cellCode(t: Tables, r: number, p: number): number {
  const held = t.held[r * t.stride + p]!;
  return t.isActions[p] === 1 ? held : 31 - Math.clz32(held);
}

/** A code as the row mask `held` stores it. */
function maskOf(t: Tables, p: number, code: number): number {
  return t.isActions[p] === 1 ? code : 2 ** (code + 1) - 1;
}

/** A level (its index) or action (its bit) of permission p as a code; -1 when it is neither. */
export function levelCode(t: Tables, p: number, name: unknown): number {
  const l = t.levelIndex(name);
  if (l < 0) return -1;
  const bit = t.need[p * t.levelNames.length + l]!;
  if (bit === 0) return -1;
  return t.isActions[p] === 1 ? bit : 31 - Math.clz32(bit);
}

/** The union of two codes (-1: nothing yet). */
function unite(code: number, c: number, actions: boolean): number {
  return code < 0 ? c : actions ? code | c : c > code ? c : code;
}

/** Whether a code meets a need (level index, action bit; -1 for "any action"). */
function meets(t: Tables, code: number, p: number, need: number): boolean {
  if (code < 0) return false;
  return t.isActions[p] === 1 ? (need < 0 ? code !== 0 : (code & need) !== 0) : code >= need;
}

/** The list of an untrusted array value, bounded; [] for anything else (never throws). */
export function listOf(value: unknown): readonly unknown[] {
  try {
    if (!Array.isArray(value) || value.length > MAX_LIST) return [];
    const out: unknown[] = [];
    for (let i = 0; i < value.length; i++) out.push(value[i]);
    return out;
  } catch {
    return [];
  }
}

/** A property of an untrusted object; undefined when it is not an object or the read throws. */
export function field(value: unknown, key: string): unknown {
  if (value === null || typeof value !== 'object') return undefined;
  try {
    return Object.prototype.hasOwnProperty.call(value, key) ? (value as Record<string, unknown>)[key] : undefined;
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Questions

/** can(): whether the role or roles hold `permission` at `atLeast` (an action of an action set). */
export function kCan(t: Tables, roles: unknown, permission: unknown, atLeast: unknown, plan: unknown): boolean {
  try {
    const p = t.permissionIndex(permission);
    if (p < 0 || !planAllows(t, p, planRankOf(t, plan))) return false;
    let need: number;
    if (atLeast === undefined) need = t.isActions[p] === 1 ? 2 ** t.levels[p]!.length - 1 : 2;
    else {
      const l = t.levelIndex(atLeast);
      if (l < 0) return false;
      need = t.need[p * t.levelNames.length + l]!;
    }
    if (typeof roles === 'string') return holds(t, t.roleIndex(roles), p, need);
    if (!Array.isArray(roles)) return false;
    const n = roles.length;
    if (n > MAX_LIST) return false;
    for (let i = 0; i < n; i++) if (holds(t, t.roleIndex(roles[i]), p, need)) return true;
    return false;
  } catch {
    // A revoked proxy or a throwing getter in the input: deny.
    return false;
  }
}

function holds(t: Tables, r: number, p: number, need: number): boolean {
  return r >= 0 && (t.held[r * t.stride + p]! & need) !== 0;
}

/** What a role holds of a permission: a level, or the frozen list of actions; undefined for unknown ids. */
export function kLevelOf(t: Tables, role: unknown, permission: unknown): string | readonly string[] | undefined {
  try {
    const r = t.roleIndex(role);
    const p = t.permissionIndex(permission);
    if (r < 0 || p < 0 || t.perObject[p]! >= 0) return undefined;
    return valueOf(t, p, cellCode(t, r, p));
  } catch {
    // A revoked proxy or a throwing getter in the input: deny.
    return undefined;
  }
}

/** A code as a value: the level's name, or the frozen list of actions. */
export function valueOf(t: Tables, p: number, code: number): string | readonly string[] {
  const levels = t.levels[p]!;
  if (t.isActions[p] !== 1) return levels[code]!;
  if (t.single[p] === 1) {
    // A scale of options: the option whose closure the code is; a member whose roles hold options
    // that do not include each other gets the list of the options held.
    const i = t.actionImplies[p]!.indexOf(code);
    if (i >= 0) return levels[i]!;
  }
  return Object.freeze(levels.filter((_, i) => (code & (1 << i)) !== 0));
}

/** canId(): integer ids, for hot paths. */
export function kCanId(t: Tables, role: unknown, permission: unknown, level: unknown): boolean {
  if (typeof role !== 'number' || typeof permission !== 'number' || typeof level !== 'number') return false;
  if (role >>> 0 !== role || permission >>> 0 !== permission || level >>> 0 !== level) return false;
  if (role >= t.roles.length || permission >= t.stride || level > 31 || t.perObject[permission]! >= 0) return false;
  return ((t.held[role * t.stride + permission]! >>> level) & 1) === 1;
}

/** The union of what the roles and the tier node hold of p; -1 when no role or node is known. */
export function memberCode(t: Tables, roles: unknown, tier: unknown, p: number): number {
  const actions = t.isActions[p] === 1;
  let code = -1;
  if (Array.isArray(roles) && roles.length <= MAX_LIST) {
    for (let i = 0; i < roles.length; i++) {
      const r = t.roleIndex(roles[i]);
      if (r >= 0) code = unite(code, cellCode(t, r, p), actions);
    }
  }
  const n = t.tierIndex(tier);
  if (n >= 0) code = unite(code, t.tierGrants[n * t.stride + p]!, actions);
  return code;
}

/** A member given by id (an account's) or as an object: its roles and tier; undefined when unknown. */
function memberOf(t: Tables, member: unknown): { roles: unknown; tier: unknown } | undefined {
  if (typeof member === 'string') {
    const m = t.members?.get(member);
    return m ? { roles: m.roles, tier: m.tier } : undefined;
  }
  if (member === null || typeof member !== 'object') return undefined;
  return { roles: field(member, 'roles'), tier: field(member, 'tier') };
}

/** memberCan(): the union of a member's roles and tier node. */
export function kMemberCan(t: Tables, member: unknown, permission: unknown, atLeast: unknown, plan: unknown): boolean {
  try {
    const m = memberOf(t, member);
    if (!m) return false;
    const p = t.permissionIndex(permission);
    if (p < 0 || !planAllows(t, p, planRankOf(t, plan))) return false;
    let need = t.isActions[p] === 1 ? -1 : 1;
    if (atLeast !== undefined) {
      need = levelCode(t, p, atLeast);
      if (need < 0) return false;
    }
    return meets(t, memberCode(t, m.roles, m.tier, p), p, need);
  } catch {
    // A revoked proxy or a throwing getter in the input: deny.
    return false;
  }
}

/** Quota q for one row of codes (a role's or a tier node's): the first case that holds, else the default. */
function quotaFor(t: Tables, q: number, code: (p: number) => number, rank: number): number {
  const cases = t.quotaCases[q]!;
  for (let i = 0; i < cases.length; i++) {
    const [p, need, minPlan, switches, value] = cases[i]!;
    if (p >= 0 && !(planAllows(t, p, rank) && meets(t, code(p), p, need))) continue;
    if (minPlan >= 0 && rank < minPlan) continue;
    if ((switches & ~t.switchOn) !== 0) continue;
    return value;
  }
  return t.quotaDefault[q]!;
}

/** The highest value of a quota over the roles (and tier node) given; undefined when none is known. */
function quotaOver(t: Tables, q: number, roles: unknown, tier: unknown, plan: unknown): number | undefined {
  const rank = planRankOf(t, plan);
  let best = -1;
  const list = typeof roles === 'string' ? [roles] : Array.isArray(roles) && roles.length <= MAX_LIST ? roles : [];
  for (let i = 0; i < list.length; i++) {
    const r = t.roleIndex(list[i]);
    if (r < 0) continue;
    const v = quotaFor(t, q, (p) => cellCode(t, r, p), rank);
    if (v > best) best = v;
  }
  const n = t.tierIndex(tier);
  if (n >= 0) {
    const v = quotaFor(t, q, (p) => t.tierGrants[n * t.stride + p]!, rank);
    if (v > best) best = v;
  }
  return best < 0 ? undefined : best;
}

/** limitOf(): a quota of a role or of a member holding all the roles (the highest); undefined for unknown ids. */
export function kLimitOf(t: Tables, roles: unknown, quota: unknown, plan: unknown): number | undefined {
  try {
    const q = t.quotaIndex(quota);
    return q < 0 ? undefined : quotaOver(t, q, roles, undefined, plan);
  } catch {
    return undefined;
  }
}

/** memberLimitOf(): a quota of a member, the highest over their roles and tier node. */
export function kMemberLimitOf(t: Tables, member: unknown, quota: unknown, plan: unknown): number | undefined {
  try {
    const q = t.quotaIndex(quota);
    const m = memberOf(t, member);
    return q < 0 || !m ? undefined : quotaOver(t, q, m.roles, m.tier, plan);
  } catch {
    return undefined;
  }
}

/** What a member holds of a permission (union of roles and node); undefined when unknown. */
export function kMemberValue(t: Tables, member: unknown, permission: unknown): string | readonly string[] | undefined {
  try {
    const m = memberOf(t, member);
    const p = t.permissionIndex(permission);
    if (!m || p < 0 || t.perObject[p]! >= 0) return undefined;
    const code = memberCode(t, m.roles, m.tier, p);
    return code < 0 ? undefined : valueOf(t, p, code);
  } catch {
    // A revoked proxy or a throwing getter in the input: deny.
    return undefined;
  }
}

function isPrivate(r: unknown): boolean {
  const flag = field(r, 'private');
  return !(flag === undefined || flag === null || flag === false);
}

function includes(list: unknown, id: unknown): boolean {
  if (!Array.isArray(list) || list.length > MAX_LIST) return false;
  for (let i = 0; i < list.length; i++) if (list[i] === id) return true;
  return false;
}

/** An actor as the relation checks read it; `attributes` holds the fields declared relations read. */
type ActorView = { id: unknown; groups: unknown; organization: unknown; tier: unknown; attributes: unknown };

/**
 * The value of the actor attribute a declared relation reads: for `id` the actor's own id (a string
 * only: an id is never a list of values), else an attribute of its own.
 */
function actorValue(actor: ActorView, key: string): unknown {
  if (key !== 'id') return field(actor.attributes, key);
  return typeof actor.id === 'string' ? actor.id : undefined;
}

/** Whether an actor attribute (a string, or a list of strings) has the value v. */
function hasValue(attribute: unknown, v: string): boolean {
  return attribute === v || includes(attribute, v);
}

/** Whether a resource's list (at most MAX_LIST items) has a non-empty string that is the actor attribute or one of its values. */
function listHolds(list: unknown, attribute: unknown): boolean {
  if (!Array.isArray(list) || list.length > MAX_LIST) return false;
  for (let i = 0; i < list.length; i++) {
    const v: unknown = list[i];
    if (typeof v === 'string' && v !== '' && hasValue(attribute, v)) return true;
  }
  return false;
}

/** The actor's relations to a resource as a bit set. */
export function relationsOf(t: Tables, actor: ActorView, r: unknown): number {
  let m = 0;
  const id = actor.id;
  const assignee = field(r, 'assignee');
  if (typeof assignee === 'string' && assignee !== '') {
    m |= REL_ASSIGNED;
    if (assignee === id) m |= REL_ASSIGNEE;
  } else if (assignee === undefined || assignee === null || assignee === '') m |= REL_UNASSIGNED;
  // Any other assignee (a number, an object) is malformed: neither assigned nor unassigned.
  if (typeof id === 'string' && id !== '') {
    if (includes(field(r, 'followers'), id)) m |= REL_FOLLOWER;
    if (includes(field(r, 'formerAssignees'), id)) m |= REL_FORMER_ASSIGNEE;
  }
  const group = field(r, 'group');
  if (typeof group === 'string' && group !== '' && includes(actor.groups, group)) m |= REL_SAME_GROUP;
  const org = field(r, 'organization');
  if (typeof org === 'string' && org !== '' && org === actor.organization) m |= REL_SAME_ORGANIZATION;
  const a = t.tierIndex(actor.tier);
  const b = t.tierIndex(field(r, 'tier'));
  if (a >= 0 && b >= 0) {
    if (a === b) m |= REL_SAME_TIER;
    if (t.tierParent[b] === a) m |= REL_PARENT_TIER;
    if (a < b && b <= t.tierEnd[a]!) m |= REL_ANCESTOR_TIER;
  }
  if (!isPrivate(r)) m |= REL_PUBLIC;
  // Declared relations: the resource's attribute is one of the actor's values (or the actor's
  // id), or with a list on the resource, one of its items is; missing or malformed on either side
  // (an item that is no non-empty string included), the relation does not hold.
  for (let i = 0; i < t.relations.length && i < REL_BITS - REL_DECLARED_SHIFT; i++) {
    const [own, their, many] = t.relations[i]!;
    const v = field(r, their);
    if (many === 1 ? listHolds(v, actorValue(actor, own)) : typeof v === 'string' && v !== '' && hasValue(actorValue(actor, own), v)) m |= REL_DECLARED << i;
  }
  return m;
}

/** An actor given as an object, or (in an account) as a member id. */
function actorOf(t: Tables, actor: unknown): (ActorView & { roles: unknown }) | undefined {
  if (typeof actor === 'string') {
    const m = t.members?.get(actor);
    return m ? { id: m.id, roles: m.roles, groups: m.groups, organization: m.organization, tier: m.tier, attributes: m.attributes } : undefined;
  }
  if (actor === null || typeof actor !== 'object') return undefined;
  // An actor object carries the declared relations' attributes as fields of its own.
  return { id: field(actor, 'id'), roles: field(actor, 'roles'), groups: field(actor, 'groups'), organization: field(actor, 'organization'), tier: field(actor, 'tier'), attributes: actor };
}

/** canAccess(): an exception or an access rule of a permission the actor holds allows the action. */
export function kCanAccess(t: Tables, actorIn: unknown, resource: unknown, action: unknown, plan: unknown): boolean {
  try {
    const actor = actorOf(t, actorIn);
    if (!actor || resource === null || typeof resource !== 'object') return false;
    const k = t.resourceIndex(field(resource, 'kind'));
    if (k < 0) return false;
    const bit = t.actionBit(k, action);
    if (bit === 0) return false;
    const rank = planRankOf(t, plan);
    const privateNeeds = t.privateNeeds[k]!;
    if (privateNeeds >= 0 && isPrivate(resource)) {
      if (!planAllows(t, privateNeeds, rank) || !meets(t, memberCode(t, actor.roles, actor.tier, privateNeeds), privateNeeds, t.isActions[privateNeeds] === 1 ? -1 : 1)) return false;
    }
    return allowsAction(t, actor, k, bit, relationsOf(t, actor, resource), rank, 0);
  } catch {
    // A revoked proxy or a throwing getter in the input: deny.
    return false;
  }
}

/** Whether the plan (a rank) includes every feature listed (indexes of `features`), as hasFeature answers. */
function featuresHeld(t: Tables, features: readonly number[] | undefined, rank: number): boolean {
  if (features) for (const f of features) if (!featureOn(t, f, rank)) return false;
  return true;
}

/** Whether the plan (a rank; -1 for none) includes feature f, with the switches it requires on. */
function featureOn(t: Tables, f: number, rank: number): boolean {
  return rank >= 0 && rank >= t.featurePlan[f]! && (t.featureSwitches[f]! & ~t.switchOn) === 0;
}

/** Whether the actor holds every [permission, need] pair on the plan. */
function holdsAll(t: Tables, actor: { roles: unknown; tier: unknown }, conditions: readonly (readonly [number, number])[], rank: number): boolean {
  for (const [p, need] of conditions) if (!planAllows(t, p, rank) || !meets(t, memberCode(t, actor.roles, actor.tier, p), p, need)) return false;
  return true;
}

/**
 * Whether an exception or a rule allows action `bit` on a resource of kind k to which the actor
 * has the relations `rel`. `visiting` holds the actions being decided further up, so that a
 * requirement can never recurse (the compiler refuses cycles; this only fails closed).
 */
function allowsAction(t: Tables, actor: { id: unknown; roles: unknown; tier: unknown }, k: number, bit: number, rel: number, rank: number, visiting: number): boolean {
  if ((rel & REL_PUBLIC) === 0 && !partsAllow(t, actor, k, bit, rank)) return false;
  for (const [relations, actions] of t.exceptions[k]!) {
    if ((actions & bit) !== 0 && (rel & relations) === relations) return true;
  }
  const rules = t.accessRules[k]!;
  const needs = t.accessNeeds[k];
  for (let i = 0; i < rules.length; i++) {
    const [p, need, relations, actions] = rules[i]!;
    if ((actions & bit) === 0 || (rel & relations) !== relations || !planAllows(t, p, rank)) continue;
    if (!meets(t, memberCode(t, actor.roles, actor.tier, p), p, need)) continue;
    const also = needs?.[i];
    if (also && !requirementsHold(t, actor, k, also, rel, rank, visiting | bit)) continue;
    return true;
  }
  return false;
}

/** Whether the actor holds the permission of every part that action `bit` touches (needed on a private resource). */
function partsAllow(t: Tables, actor: { roles: unknown; tier: unknown }, k: number, bit: number, rank: number): boolean {
  for (const [actions, p] of t.partNeeds[k]!) {
    if ((actions & bit) !== 0 && (!planAllows(t, p, rank) || !meets(t, memberCode(t, actor.roles, actor.tier, p), p, t.isActions[p] === 1 ? -1 : 1))) return false;
  }
  return true;
}

function requirementsHold(t: Tables, actor: { id: unknown; roles: unknown; tier: unknown }, k: number, also: AccessNeed, rel: number, rank: number, visiting: number): boolean {
  if (!featuresHeld(t, also[2], rank) || !holdsAll(t, actor, also[1], rank)) return false;
  for (let b = 1; b !== 0 && b <= also[0]; b <<= 1) {
    if ((also[0] & b) === 0) continue;
    if ((visiting & b) !== 0 || !allowsAction(t, actor, k, b, rel, rank, visiting)) return false;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// List filters: canAccess as a condition over a resource's fields

/** A condition over one resource's fields: what canAccess(actor, resource, action) requires of it. */
export type Filter =
  | boolean
  | { readonly and: readonly Filter[] }
  | { readonly or: readonly Filter[] }
  | { readonly not: Filter }
  | { readonly field: FilterField | string; readonly op: 'eq' | 'in' | 'contains' | 'isNull'; readonly value?: string | boolean | readonly string[] };

/** The resource fields a filter may test: these, and the attributes of declared relations. */
export type FilterField = 'assignee' | 'followers' | 'formerAssignees' | 'group' | 'organization' | 'tier' | 'private';

/** Parts without repeats (two rules with the same relations give the same condition). */
function unique(parts: Filter[]): Filter[] {
  const seen = new Set<string>();
  return parts.filter((f) => {
    const key = JSON.stringify(f);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function and(parts: Filter[]): Filter {
  const out: Filter[] = [];
  for (const f of parts) {
    if (f === false) return false;
    if (f !== true) out.push(...(typeof f === 'object' && 'and' in f ? f.and : [f]));
  }
  const u = unique(out);
  return u.length === 0 ? true : u.length === 1 ? u[0]! : { and: u };
}

function or(parts: Filter[]): Filter {
  const out: Filter[] = [];
  for (const f of parts) {
    if (f === true) return true;
    if (f !== false) out.push(...(typeof f === 'object' && 'or' in f ? f.or : [f]));
  }
  const u = unique(out);
  return u.length === 0 ? false : u.length === 1 ? u[0]! : { or: u };
}

function not(f: Filter): Filter {
  if (typeof f === 'boolean') return !f;
  if (typeof f === 'object' && 'not' in f) return f.not;
  return { not: f };
}

const nonEmpty = (v: unknown): v is string => typeof v === 'string' && v !== '';

/** The condition on a resource for one relation with a fixed actor. */
function relationFilter(t: Tables, bit: number, actor: ActorView): Filter {
  const a = t.tierIndex(actor.tier);
  const unassigned = or([{ field: 'assignee', op: 'isNull' }, { field: 'assignee', op: 'eq', value: '' }]);
  switch (bit) {
    case REL_ASSIGNEE:
      return nonEmpty(actor.id) ? { field: 'assignee', op: 'eq', value: actor.id } : false;
    case REL_FOLLOWER:
      return nonEmpty(actor.id) ? { field: 'followers', op: 'contains', value: actor.id } : false;
    case REL_FORMER_ASSIGNEE:
      return nonEmpty(actor.id) ? { field: 'formerAssignees', op: 'contains', value: actor.id } : false;
    case REL_ASSIGNED:
      return not(unassigned);
    case REL_UNASSIGNED:
      return unassigned;
    case REL_SAME_GROUP: {
      const groups = [...new Set(listOf(actor.groups).filter(nonEmpty))].sort();
      return groups.length === 0 ? false : { field: 'group', op: 'in', value: groups };
    }
    case REL_SAME_ORGANIZATION:
      return nonEmpty(actor.organization) ? { field: 'organization', op: 'eq', value: actor.organization } : false;
    case REL_SAME_TIER:
      return a < 0 ? false : { field: 'tier', op: 'eq', value: t.tiers[a]! };
    case REL_PARENT_TIER: {
      const children = a < 0 ? [] : t.tiers.filter((_, b) => t.tierParent[b] === a);
      return children.length === 0 ? false : { field: 'tier', op: 'in', value: children };
    }
    case REL_ANCESTOR_TIER: {
      // Nodes are numbered depth first: the subtree below a is the index range (a, end[a]].
      const below = a < 0 ? [] : t.tiers.slice(a + 1, t.tierEnd[a]! + 1);
      return below.length === 0 ? false : { field: 'tier', op: 'in', value: below };
    }
    case REL_PUBLIC:
      return not({ field: 'private', op: 'eq', value: true });
    default: {
      // A declared relation: the resource's attribute is one of the actor's values (or the actor's id).
      const i = 31 - Math.clz32(bit) - REL_DECLARED_SHIFT;
      const rel = i >= 0 ? t.relations[i] : undefined;
      if (!rel) return false;
      // On the actor's own id: the column equals it (or, for a list, holds it).
      if (rel[0] === 'id') return nonEmpty(actor.id) ? { field: rel[1], op: rel[2] === 1 ? 'contains' : 'eq', value: actor.id } : false;
      const own = actorValue(actor, rel[0]);
      const values = [...new Set((typeof own === 'string' ? [own] : listOf(own)).filter(nonEmpty))].sort();
      // A list on the resource: it holds one of the actor's values.
      if (rel[2] === 1) return or(values.map((value): Filter => ({ field: rel[1], op: 'contains', value })));
      return values.length === 0 ? false : { field: rel[1], op: 'in', value: values };
    }
  }
}

function relationsFilter(t: Tables, relations: number, actor: ActorView): Filter {
  const parts: Filter[] = [];
  for (let i = 0; i < REL_BITS; i++) if ((relations & (1 << i)) !== 0) parts.push(relationFilter(t, 1 << i, actor));
  return and(parts);
}

/**
 * accessFilter(): the condition on a resource of `kind` under which canAccess(actor, resource,
 * action) holds, simplified (true: every resource, false: none). Unknown kinds, actions and actors
 * give false.
 */
export function kAccessFilter(t: Tables, actorIn: unknown, kind: unknown, action: unknown, plan: unknown): Filter {
  try {
    const actor = actorOf(t, actorIn);
    const k = t.resourceIndex(kind);
    if (!actor || k < 0) return false;
    const bit = t.actionBit(k, action);
    if (bit === 0) return false;
    const rank = planRankOf(t, plan);
    const privateNeeds = t.privateNeeds[k]!;
    const seesPrivate =
      privateNeeds < 0 || (planAllows(t, privateNeeds, rank) && meets(t, memberCode(t, actor.roles, actor.tier, privateNeeds), privateNeeds, t.isActions[privateNeeds] === 1 ? -1 : 1));
    return and([seesPrivate ? true : not({ field: 'private', op: 'eq', value: true }), actionFilter(t, actor, k, bit, rank, 0)]);
  } catch {
    return false;
  }
}

/** The condition on a resource of kind k under which an exception or a rule allows action `bit` (as allowsAction). */
function actionFilter(t: Tables, actor: ActorView & { roles: unknown }, k: number, bit: number, rank: number, visiting: number): Filter {
  const ways: Filter[] = [];
  for (const [relations, actions] of t.exceptions[k]!) if ((actions & bit) !== 0) ways.push(relationsFilter(t, relations, actor));
  const rules = t.accessRules[k]!;
  const needs = t.accessNeeds[k];
  for (let i = 0; i < rules.length; i++) {
    const [p, need, relations, actions] = rules[i]!;
    if ((actions & bit) === 0 || !planAllows(t, p, rank) || !meets(t, memberCode(t, actor.roles, actor.tier, p), p, need)) continue;
    const also = needs?.[i];
    const parts: Filter[] = [relationsFilter(t, relations, actor)];
    if (also) {
      if (!featuresHeld(t, also[2], rank) || !holdsAll(t, actor, also[1], rank)) continue;
      const inner = visiting | bit;
      for (let b = 1; b !== 0 && b <= also[0]; b <<= 1) {
        if ((also[0] & b) !== 0) parts.push((inner & b) !== 0 ? false : actionFilter(t, actor, k, b, rank, inner));
      }
    }
    ways.push(and(parts));
  }
  // A part the action touches and the actor may not see: only resources that are not private.
  return and([partsAllow(t, actor, k, bit, rank) ? true : not({ field: 'private', op: 'eq', value: true }), or(ways)]);
}

/** How a resource field is stored: a column (or SQL expression), an array column, or a join table. */
export type SqlColumn = string | { readonly array: string } | { readonly table: string; readonly key: string; readonly value: string; readonly id: string };

/**
 * toSql(): a filter as a parameterised WHERE fragment. `columns` maps each field the filter tests
 * to its column (trusted SQL written by the product's developers); every value from the actor or
 * the data is a parameter ($1.. for postgres, ? for sqlite), never part of the text. Throws when a
 * needed field has no column: a programming error, not a decision.
 */
export function toSql(filter: Filter, columns: Partial<Record<string, SqlColumn>>, options: { dialect: 'postgres' | 'sqlite' }): { text: string; values: unknown[] } {
  const values: unknown[] = [];
  const pg = options.dialect === 'postgres';
  if (!pg && options.dialect !== 'sqlite') throw new TypeError(`toSql: unknown dialect ${describe(options.dialect)}`);
  const param = (v: unknown): string => {
    values.push(!pg && typeof v === 'boolean' ? (v ? 1 : 0) : v);
    return pg ? `$${values.length}` : '?';
  };
  const column = (field: string): SqlColumn => {
    const c = Object.prototype.hasOwnProperty.call(columns, field) ? columns[field] : undefined;
    if (c === undefined) throw new TypeError(`toSql: the filter tests the field "${field}", but columns maps no column to it`);
    return c;
  };
  const plain = (field: string): string => {
    const c = column(field);
    if (typeof c !== 'string') throw new TypeError(`toSql: the field "${field}" needs a plain column`);
    return c;
  };
  // NOT is pushed down to the leaves, so that every positive comparison is plain SQL an index can
  // serve (a NULL column then reads as "no"); a negated leaf says what it means for NULL.
  const walk = (f: Filter, negated: boolean): string => {
    if (typeof f === 'boolean') return f !== negated ? 'TRUE' : 'FALSE';
    if ('not' in f) return walk(f.not, !negated);
    if ('and' in f || 'or' in f) {
      const parts = 'and' in f ? f.and : f.or;
      const joiner = ('and' in f) !== negated ? ' AND ' : ' OR ';
      return `(${parts.map((p) => walk(p, negated)).join(joiner)})`;
    }
    switch (f.op) {
      case 'isNull':
        return `${plain(f.field)} IS ${negated ? 'NOT ' : ''}NULL`;
      case 'eq': {
        const c = plain(f.field);
        return negated ? `(${c} IS NULL OR ${c} <> ${param(f.value)})` : `${c} = ${param(f.value)}`;
      }
      case 'in': {
        const c = plain(f.field);
        const list = (f.value as readonly string[]) ?? [];
        if (list.length === 0) return negated ? 'TRUE' : 'FALSE';
        const test = pg ? `${c} = ANY(${param([...list])}::text[])` : `${c} IN (${list.map(param).join(', ')})`;
        return negated ? `(${c} IS NULL OR NOT ${test})` : test;
      }
      case 'contains': {
        const c = column(f.field);
        if (typeof c === 'string') throw new TypeError(`toSql: the field "${f.field}" is a list: map it to { array } or a join table`);
        let test: string;
        // As canAccess reads a list: one dimension (a JSON array), at most MAX_LIST items, a string item
        // equal to the value; anything else (a plain string, an object, nested lists, invalid JSON) holds nothing.
        if ('array' in c) {
          const a = c.array;
          test = pg
            ? `COALESCE(array_ndims(${a}) = 1 AND cardinality(${a}) <= ${MAX_LIST} AND ${param(f.value)} = ANY(${a}), FALSE)`
            : `EXISTS (SELECT 1 FROM json_each(CASE WHEN json_valid(${a}) THEN CASE WHEN json_type(${a}) = 'array' AND json_array_length(${a}) <= ${MAX_LIST} THEN ${a} END END) WHERE json_each.type = 'text' AND json_each.value = ${param(f.value)})`;
        }
        else test = `EXISTS (SELECT 1 FROM ${c.table} WHERE ${c.table}.${c.key} = ${c.id} AND ${c.table}.${c.value} = ${param(f.value)})`;
        return negated ? `NOT ${test}` : test;
      }
      default:
        throw new TypeError(`toSql: unknown operator ${describe((f as { op: unknown }).op)}`);
    }
  };
  return { text: walk(filter, false), values };
}

/** Whether a plan is `min` or higher; unknown plans are denied. */
export function kPlanAtLeast(t: Tables, plan: unknown, min: unknown): boolean {
  const a = t.planIndex(plan);
  const b = t.planIndex(min);
  return a >= 0 && b >= 0 && a >= b;
}

/** Whether the plan (an account's own, or the one passed) includes the feature. */
export function kHasFeature(t: Tables, feature: unknown, plan: unknown): boolean {
  const f = t.featureIndex(feature);
  if (f < 0) return false;
  return featureOn(t, f, planRankOf(t, plan));
}

/** Whether a switch is on: the account's value, or the policy's for the static guards. Unknown switches are off. */
export function kIsOn(t: Tables, id: unknown): boolean {
  const i = t.switchIndex(id);
  return i >= 0 && (t.switchOn & (1 << i)) !== 0;
}

export function kIsAncestor(t: Tables, ancestor: unknown, node: unknown, orSame: boolean): boolean {
  const a = t.tierIndex(ancestor);
  const b = t.tierIndex(node);
  return a >= 0 && b >= 0 && (orSame ? a <= b : a < b) && b <= t.tierEnd[a]!;
}

export function kParentOf(t: Tables, node: unknown): string | undefined {
  const i = t.tierIndex(node);
  if (i < 0) return undefined;
  const p = t.tierParent[i]!;
  return p < 0 ? undefined : t.tiers[p];
}

export function kDepthOf(t: Tables, node: unknown): number | undefined {
  const i = t.tierIndex(node);
  return i < 0 ? undefined : t.tierDepth[i];
}

// ---------------------------------------------------------------------------------------------
// Role edits: the validators

export type KernelProblem = { rule: string; message: string; path?: string };
export type KernelVerdict = { ok: true } | { ok: false; problems: KernelProblem[] };

/** A value for a message; never throws (BigInt, symbols, getters). */
export function describe(value: unknown): string {
  try {
    return typeof value === 'string' ? JSON.stringify(value) : typeof value === 'symbol' ? 'a symbol' : String(value);
  } catch {
    return 'a malformed value';
  }
}

const verdict = (problems: KernelProblem[]): KernelVerdict => (problems.length ? { ok: false, problems } : { ok: true });

/** Codes of one role row. */
function rowCodes(t: Tables, r: number): number[] {
  const out = new Array<number>(t.stride);
  for (let p = 0; p < t.stride; p++) out[p] = cellCode(t, r, p);
  return out;
}

/** Applies action implications and permission implications to a row of codes. */
export function closeCodes(t: Tables, codes: number[]): number[] {
  closeActions(t, codes);
  for (const [s, target, least] of t.implies) {
    if (codes[s] === 0) continue;
    codes[target] = t.isActions[target] === 1 ? codes[target]! | least : Math.max(codes[target]!, least);
  }
  return codes;
}

/** Applies the implications between the actions of each action set. */
function closeActions(t: Tables, codes: number[]): number[] {
  for (let p = 0; p < t.stride; p++) {
    if (t.isActions[p] !== 1) continue;
    const implied = t.actionImplies[p]!;
    let mask = codes[p]!;
    for (let bit = 0; bit < implied.length; bit++) if ((codes[p]! & (1 << bit)) !== 0) mask |= implied[bit]!;
    codes[p] = mask;
  }
  return codes;
}

/**
 * Codes of a grants object over `base` (else the lowest values), closed under implications;
 * unknown permissions and values are reported with a JSON pointer below `path`.
 */
export function encodeGrants(t: Tables, grants: unknown, problems: KernelProblem[], path: string, base?: readonly number[], implications = true): number[] {
  const codes = base ? [...base] : new Array<number>(t.stride).fill(0);
  const close = (c: number[]): number[] => (implications ? closeCodes(t, c) : closeActions(t, c));
  if (grants === undefined || grants === null) return close(codes);
  if (typeof grants !== 'object' || Array.isArray(grants)) {
    problems.push({ rule: 'invalid-level', message: 'grants must be an object of permission ids and values', path });
    return close(codes);
  }
  let keys: string[];
  try {
    keys = Object.keys(grants);
  } catch {
    problems.push({ rule: 'invalid-level', message: 'grants cannot be read', path });
    return close(codes);
  }
  if (keys.length > t.stride + 1000) {
    problems.push({ rule: 'invalid-level', message: `grants name ${keys.length} permissions; the policy has ${t.stride}`, path });
    return close(codes);
  }
  for (const perm of keys) {
    const at = `${path}/${pointerEscape(perm)}`;
    const value = field(grants, perm);
    const p = t.permissionIndex(perm);
    if (p < 0 || t.perObject[p]! >= 0) {
      problems.push(unknownGrant(t, perm, p, at));
      continue;
    }
    if (t.single[p] === 1) {
      // One option, named like a level; what it includes comes with the closure below. An empty
      // list is none (what levelOf answers for a role that holds none).
      const bit = Array.isArray(value) && listOf(value).length === 0 ? 0 : levelCode(t, p, value);
      if (bit < 0) problems.push({ rule: 'invalid-level', message: `${describe(value)} is not an option of ${perm} (one of ${t.levels[p]!.join(', ')})`, path: at });
      else codes[p] = bit;
    } else if (t.isActions[p] === 1) {
      // The list replaces the actions held (an edit may take actions away).
      if (!Array.isArray(value)) {
        problems.push({ rule: 'invalid-level', message: `${perm} is an action set: give a list of actions (${t.levels[p]!.join(', ')})`, path: at });
        continue;
      }
      const list = listOf(value);
      let mask = 0;
      list.forEach((a, i) => {
        const bit = levelCode(t, p, a);
        if (bit < 0) problems.push({ rule: 'invalid-level', message: `${describe(a)} is not an action of ${perm}`, path: `${at}/${i}` });
        else mask |= bit;
      });
      codes[p] = mask;
    } else {
      const c = levelCode(t, p, value);
      if (c < 0) problems.push({ rule: 'invalid-level', message: `${describe(value)} is not a level of ${perm} (${t.levels[p]!.join(', ')})`, path: at });
      else codes[p] = c;
    }
  }
  const closed = close(codes);
  // Implications may add a second option that the first does not include: no option the product offers.
  for (let p = 0; p < t.stride; p++) {
    if (t.single[p] !== 1 || closed[p] === 0 || (base !== undefined && base[p] === closed[p]) || t.actionImplies[p]!.includes(closed[p]!)) continue;
    problems.push({ rule: 'invalid-level', message: `${t.permissions[p]} ends up with ${describeCode(t, p, closed[p]!)}, which is no single option`, path: `${path}/${pointerEscape(t.permissions[p]!)}` });
  }
  return closed;
}

/** The problem of a grant key that names no row: a per-object permission without (or with an unknown) object, or no permission. */
function unknownGrant(t: Tables, key: string, p: number, path: string): KernelProblem {
  const colon = key.indexOf(':');
  const base = p >= 0 ? p : colon > 0 ? t.permissionIndex(key.slice(0, colon)) : -1;
  if (base < 0 || base >= t.basePermissions || t.perObject[base]! < 0) return { rule: 'unknown-reference', message: `unknown permission ${describe(key)}${didYouMean(key, t.permissions)}`, path };
  const k = t.perObject[base]!;
  const known = t.objects[k]!;
  const list = known.length ? `: ${known.slice(0, 20).join(', ')}${known.length > 20 ? ', ...' : ''}` : '; it defines none';
  if (p >= 0) return { rule: 'unknown-object', message: `${t.permissions[base]} is held per ${t.objectKinds[k]}: grant it per object, as "${t.permissions[base]}:<object>" (the account's objects${list})`, path };
  return { rule: 'unknown-object', message: `unknown ${t.objectKinds[k]} ${describe(key.slice(colon + 1))}: the account's objects of that kind${list}`, path };
}

/** A JSON pointer segment. */
export function pointerEscape(s: string): string {
  return s.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** The union of what a holder's known roles grant. */
function holderCodes(t: Tables, roles: readonly unknown[]): number[] {
  const out = new Array<number>(t.stride).fill(0);
  for (const id of roles) {
    const r = t.roleIndex(id);
    if (r < 0) continue;
    for (let p = 0; p < t.stride; p++) {
      const c = cellCode(t, r, p);
      out[p] = t.isActions[p] === 1 ? out[p]! | c : Math.max(out[p]!, c);
    }
  }
  return out;
}

function isOwnerHolder(t: Tables, roles: readonly unknown[]): boolean {
  return roles.some((id) => {
    const r = t.roleIndex(id);
    return r >= 0 && t.roleKind[r] === 0;
  });
}

function isAdminHolder(t: Tables, roles: readonly unknown[]): boolean {
  return roles.some((id) => {
    const r = t.roleIndex(id);
    return r >= 0 && t.roleAdmin[r] === 1;
  });
}

function holdsAny(t: Tables, codes: readonly number[], conditions: readonly (readonly [number, number])[]): boolean {
  return conditions.some(([p, need]) => meets(t, codes[p]!, p, need));
}

/** The first permission where `a` exceeds `b`, or -1. */
function excess(t: Tables, a: readonly number[], b: readonly number[]): number {
  for (let p = 0; p < t.stride; p++) {
    // A per-object permission's own row is never asked (a question names an object) and a custom
    // role cannot be granted it; what a role holds of it is in the rows of the objects.
    if (t.perObject[p]! >= 0) continue;
    if (t.isActions[p] === 1 ? (a[p]! & ~b[p]!) !== 0 : a[p]! > b[p]!) return p;
  }
  return -1;
}

/** Whether a holder may touch (edit, assign or remove) role r at all. */
function reaches(t: Tables, roles: readonly unknown[], r: number): boolean {
  if (isOwnerHolder(t, roles)) return true;
  if (t.roleKind[r] === 0) return false;
  const by = t.editableBy[r]!;
  if (by.length > 0) return roles.some((id) => by.includes(t.roleIndex(id)));
  if (t.roleAdmin[r] === 1) return isAdminHolder(t, roles);
  return true;
}

/** A role cap on a plan rank; Infinity without one. */
function capOf(steps: readonly (readonly [number, number])[], rank: number): number {
  if (steps.length === 0) return Infinity;
  if (steps.length === 1 && steps[0]![0] === -1) return steps[0]![1];
  if (rank < 0) return 0;
  let value = 0;
  for (const [min, n] of steps) if (rank >= min) value = n;
  return value;
}

/** The plan rank of a validator's context: the account's, else ctx.plan, else the policy's plan. */
function ctxPlan(t: Tables, plan: unknown): number {
  if (t.plan !== -2) return t.plan;
  if (plan === undefined) return t.defaultPlan;
  return t.planIndex(plan);
}

function customRoleCount(t: Tables): number {
  let n = 0;
  for (let r = 0; r < t.roles.length; r++) if (t.roleKind[r] === 2) n++;
  return n;
}

/** The lowest plan on which custom roles exist, when that depends on the plan. */
function customRolesPlan(t: Tables): string | null {
  if (t.maxCustomRoles.length === 0 || t.maxCustomRoles[0]![0] === -1) return null;
  const step = t.maxCustomRoles.find(([, n]) => n > 0);
  return step ? (t.plans[step[0]] ?? null) : null;
}

function checkCustomPlan(t: Tables, rank: number, problems: KernelProblem[]): void {
  const plan = customRolesPlan(t);
  if (plan !== null && capOf(t.maxCustomRoles, rank) === 0) problems.push({ rule: 'custom-role-cap', message: `custom roles need the ${plan} plan or higher` });
}

function checkReach(t: Tables, roles: readonly unknown[], role: unknown, verb: string, rank: number, problems: KernelProblem[]): number[] | undefined {
  const r = t.roleIndex(role);
  if (r < 0) {
    problems.push({ rule: 'unknown-reference', message: `unknown role ${describe(role)}` });
    return undefined;
  }
  if (!reaches(t, roles, r)) problems.push({ rule: 'protected-role', message: `role ${describe(role)} is protected; you may not ${verb} it` });
  if (t.roleKind[r] === 2) checkCustomPlan(t, rank, problems);
  return rowCodes(t, r);
}

function checkSubset(t: Tables, roles: readonly unknown[], codes: readonly number[], what: string, problems: KernelProblem[], power?: readonly number[]): void {
  if (isOwnerHolder(t, roles)) return;
  const p = excess(t, codes, power ?? holderCodes(t, roles));
  if (p >= 0) problems.push({ rule: 'escalation-subset', message: `${what} holds more of ${t.permissions[p]} than you do` });
}

/** A holder: an object with a string id and a list of string role ids (or, in an account, a member id). */
function holderOf(t: Tables, x: unknown): { id: string; roles: string[] } | undefined {
  if (typeof x === 'string') {
    const m = t.members?.get(x);
    return m ? { id: m.id, roles: [...m.roles] } : undefined;
  }
  const id = field(x, 'id');
  const roles = field(x, 'roles');
  if (typeof id !== 'string' || !Array.isArray(roles)) return undefined;
  const list = listOf(roles);
  if (list.length !== (roles as unknown[]).length || !list.every((r) => typeof r === 'string')) return undefined;
  return { id, roles: list as string[] };
}

/** Members of a validator's context: the account's, or ctx.members. */
function contextMembers(t: Tables, ctx: unknown): { id: string; roles: string[] }[] | undefined {
  if (t.members) return [...t.members.values()].map((m) => ({ id: m.id, roles: [...m.roles] }));
  const list = field(ctx, 'members');
  if (!Array.isArray(list)) return undefined;
  const out: { id: string; roles: string[] }[] = [];
  for (const m of listOf(list)) {
    const h = holderOf(t, m);
    if (h) out.push(h);
  }
  return out;
}

function rolesPerMemberMessage(t: Tables): string {
  const { rolesPerMemberMin: min, rolesPerMemberMax: max } = t;
  return `a member holds ${min === max ? min : max < 0 ? `at least ${min}` : `${min} to ${max}`} role(s)`;
}

/** canSetRoles(): whether the actor may change the target's roles to `roles`. */
export function kSetRoles(t: Tables, actorIn: unknown, targetIn: unknown, rolesIn: unknown, ctx: unknown): KernelVerdict {
  try {
    const actor = holderOf(t, actorIn);
    const target = holderOf(t, targetIn);
    const list = listOf(rolesIn);
    if (!actor || !target || !Array.isArray(rolesIn) || list.length !== rolesIn.length || list.some((r) => typeof r !== 'string')) {
      return verdict([{ rule: 'unknown-reference', message: 'actor, target and a list of role ids must be given' }]);
    }
    const roles = list as string[];
    const problems: KernelProblem[] = [];
    const rank = ctxPlan(t, field(ctx, 'plan'));
    if (actor.id === target.id) problems.push({ rule: 'self-assign', message: 'nobody may change their own roles' });
    if (!isOwnerHolder(t, actor.roles) && !holdsAny(t, holderCodes(t, actor.roles), t.assignRoles)) {
      problems.push({ rule: 'not-permitted', message: 'you hold no permission to assign roles' });
    }
    const before = new Set(target.roles);
    const after = new Set(roles);
    const power = holderCodes(t, actor.roles);
    for (const role of after) {
      if (before.has(role)) continue;
      const codes = checkReach(t, actor.roles, role, 'assign', rank, problems);
      if (codes) checkSubset(t, actor.roles, codes, `role ${describe(role)}`, problems, power);
      if (problems.length > 100) break;
    }
    for (const role of before) {
      if (after.has(role)) continue;
      const r = t.roleIndex(role);
      if (r >= 0 && !reaches(t, actor.roles, r)) problems.push({ rule: 'protected-role', message: `role ${describe(role)} is protected; you may not remove it` });
    }
    if (after.size === 0 && t.rolesPerMemberMin >= 1) problems.push({ rule: 'member-without-role', message: 'every member must hold a role' });
    else if (after.size < t.rolesPerMemberMin || (t.rolesPerMemberMax >= 0 && after.size > t.rolesPerMemberMax)) {
      problems.push({ rule: 'roles-per-member', message: rolesPerMemberMessage(t) });
    }
    if (isOwnerHolder(t, target.roles) && !isOwnerHolder(t, roles)) {
      const members = contextMembers(t, ctx);
      if (members === undefined) problems.push({ rule: 'owner-members', message: 'removing an owner needs ctx.members to count the remaining owners' });
      else if (members.filter((m) => m.id !== target.id && isOwnerHolder(t, m.roles)).length < t.minOwners) {
        problems.push({ rule: 'owner-members', message: `at least ${t.minOwners} member(s) must keep an owner role` });
      }
    }
    return verdict(problems);
  } catch {
    // A revoked proxy or a throwing getter in the input: deny.
    return verdict([{ rule: 'unknown-reference', message: 'the input cannot be read' }]);
  }
}

/** canAssignRole(): give `role` to the target (it replaces their role when members hold one). */
export function kAssignRole(t: Tables, actor: unknown, targetIn: unknown, role: unknown, ctx: unknown): KernelVerdict {
  const target = holderOf(t, targetIn);
  if (!target) return verdict([{ rule: 'unknown-reference', message: 'target must be given' }]);
  const roles = t.rolesPerMemberMax === 1 ? [role] : target.roles.includes(role as string) ? target.roles : [...target.roles, role];
  return kSetRoles(t, actor, target, roles, ctx);
}

/** canRemoveRole(): take `role` away from the target. */
export function kRemoveRole(t: Tables, actor: unknown, targetIn: unknown, role: unknown, ctx: unknown): KernelVerdict {
  const target = holderOf(t, targetIn);
  if (!target) return verdict([{ rule: 'unknown-reference', message: 'target must be given' }]);
  return kSetRoles(t, actor, target, target.roles.filter((r) => r !== role), ctx);
}

/**
 * canMoveMember(): place `member` in tier node `tier`, or take them out of the tree (`null`).
 * Placing members is part of choosing who holds what, so it needs the power to assign roles (an
 * owner role always has it), and nobody moves themselves. The node may be anywhere in the tree:
 * the actor's own node does not limit where they place others.
 */
export function kMoveMember(t: Tables, actorIn: unknown, memberIn: unknown, tier: unknown): KernelVerdict {
  try {
    const actor = holderOf(t, actorIn);
    if (!actor) return verdict([{ rule: 'unknown-reference', message: 'actor must be given' }]);
    const problems: KernelProblem[] = [];
    // In an account only its own members can be placed (given by id or as a member object).
    const held = holderOf(t, memberIn);
    const member = held && (!t.members || t.members.has(held.id)) ? held : undefined;
    if (!member) {
      const id = typeof memberIn === 'string' ? memberIn : held?.id;
      problems.push({ rule: 'unknown-reference', message: id !== undefined ? `unknown member ${describe(id)}` : 'member must be given', path: '/member' });
    }
    if (tier !== null && t.tierIndex(tier) < 0) {
      const known = t.tiers.length ? didYouMean(tier, t.tiers) : '; the policy has no tier tree';
      problems.push({ rule: 'unknown-reference', message: tier === undefined ? 'a tier node (or null, out of the tree) must be given' : `unknown tier node ${describe(tier)}${known}`, path: '/tier' });
    }
    if (member && actor.id === member.id) problems.push({ rule: 'self-assign', message: 'nobody may move themselves' });
    if (!isOwnerHolder(t, actor.roles) && !holdsAny(t, holderCodes(t, actor.roles), t.assignRoles)) {
      problems.push({ rule: 'not-permitted', message: 'moving a member needs the permission to assign roles' });
    }
    return verdict(problems);
  } catch {
    // A revoked proxy or a throwing getter in the input: deny.
    return verdict([{ rule: 'unknown-reference', message: 'the input cannot be read' }]);
  }
}

/** canEditRole(): whether the actor may edit `role` at all. */
export function kEditRole(t: Tables, actorIn: unknown, role: unknown, ctx: unknown): KernelVerdict {
  try {
    const actor = holderOf(t, actorIn);
    if (!actor) return verdict([{ rule: 'unknown-reference', message: 'actor must be given' }]);
    const problems: KernelProblem[] = [];
    if (actor.roles.includes(role as string)) problems.push({ rule: 'self-edit', message: 'nobody may edit a role they hold' });
    if (!isOwnerHolder(t, actor.roles) && !holdsAny(t, holderCodes(t, actor.roles), t.manageRoles)) {
      problems.push({ rule: 'not-permitted', message: 'you hold no permission to manage roles' });
    }
    const r = t.roleIndex(role);
    if (r >= 0 && t.roleKind[r] === 0) problems.push({ rule: 'protected-role', message: `role ${describe(role)} is an owner role and cannot be edited` });
    else {
      const codes = checkReach(t, actor.roles, role, 'edit', ctxPlan(t, field(ctx, 'plan')), problems);
      if (codes) checkSubset(t, actor.roles, codes, `role ${describe(role)}`, problems);
    }
    return verdict(problems);
  } catch {
    // A revoked proxy or a throwing getter in the input: deny.
    return verdict([{ rule: 'unknown-reference', message: 'the input cannot be read' }]);
  }
}

// ---------------------------------------------------------------------------------------------
// Names

/** Unicode-normalised, case-folded name with collapsed spacing (two roles may not share it). */
export function normalizeName(name: string): string {
  return name
    .normalize('NFKC')
    .replace(/[\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180B-\u180F\u200B-\u200F\u202A-\u202E\u2060-\u206F\u3164\uFE00-\uFE0F\uFEFF\uFFA0]/gu, '')
    .toLowerCase()
    .normalize('NFKC')
    .replace(/\s+/gu, ' ')
    .trim();
}

/** The look-alike skeleton of a name: accents, separators and confusable characters folded. */
export function nameSkeleton(confusables: Readonly<Record<string, string>>, name: string): string {
  const base = normalizeName(name).normalize('NFKD').replace(/\p{M}/gu, '');
  let out = '';
  for (const ch of base) {
    const mapped = Object.prototype.hasOwnProperty.call(confusables, ch) ? confusables[ch] : undefined;
    if (mapped === undefined && /[\s\p{P}\p{S}]/u.test(ch)) continue;
    out += mapped ?? ch;
  }
  return out.replace(/rn/g, 'm').replace(/vv/g, 'w').replace(/cl/g, 'd').replace(/i/g, 'l');
}

/** ` (did you mean "x"?)` for the closest id within two edits, else nothing. */
function didYouMean(value: unknown, ids: readonly string[]): string {
  if (typeof value !== 'string' || value.length > MAX_NAME) return '';
  let best: string | undefined;
  let bestDistance = 3;
  for (const id of ids) {
    const d = editDistance(value, id, 2);
    if (d < bestDistance) {
      best = id;
      bestDistance = d;
    }
  }
  return best === undefined ? '' : ` (did you mean ${JSON.stringify(best)}?)`;
}

/** Damerau-Levenshtein distance, or max + 1 once it is certainly above max. */
export function editDistance(a: string, b: string, max: number): number {
  const x = [...a];
  const y = [...b];
  if (Math.abs(x.length - y.length) > max) return max + 1;
  let before: number[] = [];
  let prev = Array.from({ length: y.length + 1 }, (_, i) => i);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= y.length; j++) {
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) v = Math.min(v, before[j - 2]! + 1);
      cur.push(v);
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    before = prev;
    prev = cur;
  }
  return prev[y.length]!;
}

/** Whether a name equals or imitates a reserved name. */
export function kIsReservedName(t: Tables, name: unknown): boolean {
  if (typeof name !== 'string' || name.length > MAX_NAME) return false;
  return t.reservedNames.some((reserved) => confusableWith(t.confusables, name, reserved));
}

/** Whether `name` equals or imitates `reserved`: the same skeleton, or within a small edit distance of it. */
export function confusableWith(confusables: Readonly<Record<string, string>>, name: string, reserved: string): boolean {
  const a = nameSkeleton(confusables, name);
  const b = nameSkeleton(confusables, reserved);
  const allowance = b.length <= 3 ? 0 : b.length <= 8 ? 1 : 2;
  return a === b || editDistance(a, b, allowance) <= allowance;
}

/** Checks a role's name against the other roles' names and the reserved names. */
function checkName(t: Tables, id: string, name: unknown, builtin: boolean, path: string, problems: KernelProblem[], names = namesOf(t)): void {
  if (typeof name !== 'string' || name.length > MAX_NAME) {
    problems.push({ rule: 'account-schema', message: `a role name is a string of at most ${MAX_NAME} characters`, path });
    return;
  }
  const n = normalizeName(name);
  if (n === '') {
    problems.push({ rule: 'name-duplicate', message: 'a role needs a name', path });
    return;
  }
  const other = (names.get(n) ?? []).find((r) => r !== id);
  if (other !== undefined) {
    problems.push({ rule: 'name-duplicate', message: `another role (${describe(other)}) is already called ${describe(name)}`, path });
    return;
  }
  if (!builtin && kIsReservedName(t, name)) problems.push({ rule: 'name-reserved', message: `${describe(name)} is or looks like a reserved name`, path });
  else if (!builtin && t.lookalikeNames === 1) checkLookalike(t, id, name, path, problems);
}

/** Role ids by normalised name, so that a name is compared with every other in one look-up. */
function namesOf(t: Tables): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (let r = 0; r < t.roles.length; r++) {
    const n = normalizeName(t.roleNames[r]!);
    const ids = out.get(n);
    if (ids) ids.push(t.roles[r]!);
    else out.set(n, [t.roles[r]!]);
  }
  return out;
}

/**
 * With limits.distinctNames lookalike: a custom role's name must not look like any other role's
 * name, that is share its look-alike skeleton (case, width, accents, separators, digits for
 * letters and look-alike letters folded). One problem, naming the first such role.
 */
function checkLookalike(t: Tables, id: string, name: string, path: string, problems: KernelProblem[]): void {
  const ids = skeletonsOf(t).get(nameSkeleton(t.confusables, name)) ?? [];
  for (const r of ids) {
    if (t.roles[r] === id || normalizeName(t.roleNames[r]!) === normalizeName(name)) continue;
    problems.push({ rule: 'name-lookalike', message: `${describe(name)} looks like the name of role ${describe(t.roles[r])} (${describe(t.roleNames[r])})`, path });
    return;
  }
}

const SKELETONS = new WeakMap<Tables, Map<string, number[]>>();

/** Role indexes by look-alike skeleton (computed once per tables). */
function skeletonsOf(t: Tables): Map<string, number[]> {
  let out = SKELETONS.get(t);
  if (out) return out;
  out = new Map<string, number[]>();
  for (let r = 0; r < t.roles.length; r++) {
    const k = nameSkeleton(t.confusables, t.roleNames[r]!);
    const list = out.get(k);
    if (list) list.push(r);
    else out.set(k, [r]);
  }
  SKELETONS.set(t, out);
  return out;
}

/**
 * Cross-field rules of severity error (a document says the change fails): a row of codes that
 * holds a rule's `if` without its `then` is refused, one problem per rule broken.
 */
function checkErrorRules(t: Tables, codes: readonly number[], path: string, problems: KernelProblem[]): void {
  for (const [id, ifP, ifNeed, thenP, thenNeed] of t.errorRules) {
    if (!meets(t, codes[ifP]!, ifP, ifNeed) || meets(t, codes[thenP]!, thenP, thenNeed)) continue;
    problems.push({ rule: 'cross-field', message: `rule ${describe(id)}: holding ${t.permissions[ifP]} needs ${t.permissions[thenP]} as well`, path });
  }
}

/** The codes a custom role starts from: each permission's baseline, which its grants may change. */
function baselineCodes(t: Tables): number[] {
  const out: number[] = [];
  for (let p = 0; p < t.stride; p++) out.push(t.baseline[p]!);
  return out;
}

/** Checks the codes of a role row against admin-only and owner-only permissions. */
function checkOnly(t: Tables, codes: readonly number[], ownerRole: boolean, adminRole: boolean, path: string, problems: KernelProblem[]): void {
  for (let p = 0; p < t.stride; p++) {
    if (codes[p] === 0) continue;
    const at = `${path}/${pointerEscape(t.permissions[p]!)}`;
    if (t.ownerOnly[p] === 1 && !ownerRole) problems.push({ rule: 'owner-only-grant', message: `${t.permissions[p]} is for owner roles only`, path: at });
    else if (t.adminOnly[p] === 1 && !adminRole) problems.push({ rule: 'admin-only-grant', message: `${t.permissions[p]} is for admin roles only`, path: at });
  }
}

/**
 * validateRoleDraft(): whether the actor may save `draft` as a role: a new custom role (caps, plan,
 * names) or a change to a stored custom role or a customizable builtin role (within its allowed values).
 */
export function kValidateDraft(t: Tables, actorIn: unknown, draft: unknown, ctx: unknown): KernelVerdict {
  try {
    const actor = holderOf(t, actorIn);
    const id = field(draft, 'id');
    const name = field(draft, 'name');
    if (!actor || typeof id !== 'string' || typeof name !== 'string') {
      return verdict([{ rule: 'unknown-reference', message: 'actor and a draft with id, name and grants must be given' }]);
    }
    const problems: KernelProblem[] = [];
    // As openAccount judges a stored custom role's description.
    optionalString(draft, 'description', '', problems);
    const r = t.roleIndex(id);
    const builtin = r >= 0 && r < t.policyRoles && t.roleKind[r] !== 2;
    const owner = isOwnerHolder(t, actor.roles);
    const rank = ctxPlan(t, field(ctx, 'plan'));
    if (r >= 0) {
      const edit = kEditRole(t, actor, id, ctx);
      if (!edit.ok) problems.push(...edit.problems);
    } else {
      if (!owner && !holdsAny(t, holderCodes(t, actor.roles), t.manageRoles)) problems.push({ rule: 'not-permitted', message: 'you hold no permission to manage roles' });
      const customCap = capOf(t.maxCustomRoles, rank);
      if (customCap === 0 && customRolesPlan(t) !== null) checkCustomPlan(t, rank, problems);
      else if (customRoleCount(t) + 1 > customCap) problems.push({ rule: 'custom-role-cap', message: `at most ${customCap} custom roles` });
      const roleCap = capOf(t.maxRoles, rank);
      if (t.roles.length + 1 > roleCap) problems.push({ rule: 'role-cap', message: `at most ${roleCap} roles in all` });
    }
    checkName(t, id, name, builtin, '/name', problems);
    // A builtin role keeps the values the draft does not mention; a custom role starts from nothing.
    const codes = encodeGrants(t, field(draft, 'grants'), problems, '/grants', builtin ? rowCodes(t, r) : baselineCodes(t));
    if (builtin) {
      for (let p = 0; p < t.stride; p++) {
        if (!t.allowed[r]![p]!.includes(codes[p]!)) problems.push({ rule: 'invalid-level', message: `role ${describe(id)} does not allow this value of ${t.permissions[p]}`, path: `/grants/${pointerEscape(t.permissions[p]!)}` });
      }
    }
    checkOnly(t, codes, builtin && t.roleKind[r] === 0, builtin && (t.roleKind[r] === 0 || t.roleAdmin[r] === 1), '/grants', problems);
    checkErrorRules(t, codes, '/grants', problems);
    if (!owner) {
      const p = excess(t, codes, holderCodes(t, actor.roles));
      if (p >= 0) problems.push({ rule: 'escalation-subset', message: `the draft holds more of ${t.permissions[p]} than you do` });
    }
    return verdict(problems);
  } catch {
    // A revoked proxy or a throwing getter in the input: deny.
    return verdict([{ rule: 'unknown-reference', message: 'the input cannot be read' }]);
  }
}

/**
 * The grants that give a new custom role the current values of role r: each permission (and each
 * object's row of a per-object one) whose value differs from what a new custom role starts with.
 */
export function cloneGrants(t: Tables, r: number): Record<string, unknown> {
  const codes = rowCodes(t, r);
  const out: Record<string, unknown> = {};
  for (let p = 0; p < t.stride; p++) {
    // A per-object permission's own row is never granted to a custom role; its objects' rows are.
    if (t.perObject[p]! >= 0 || codes[p] === t.baseline[p]) continue;
    const v = valueOf(t, p, codes[p]!);
    out[t.permissions[p]!] = typeof v === 'string' ? v : [...v];
  }
  return out;
}

/** Why role r may not be cloned, or undefined when it may. */
function cloneRefusal(t: Tables, r: number): string | undefined {
  if (t.cloneExcept === undefined) return 'this policy offers no role cloning';
  if (t.roleKind[r] === 0) return `role ${describe(t.roles[r])} is an owner role and cannot be cloned`;
  if (t.roleAdmin[r] === 1) return `role ${describe(t.roles[r])} is an admin role and cannot be cloned`;
  if (r < t.policyRoles && t.cloneExcept.includes(r)) return `the policy does not let role ${describe(t.roles[r])} be cloned`;
  return undefined;
}

/**
 * validateRoleClone(): whether the actor may save a new custom role (`id`, `name`, `description`)
 * as a copy of role `from` with its current values. The policy must offer cloning and the source
 * must be neither an owner or admin role nor one the policy excepts (clone-forbidden); the copy
 * then passes every check a new custom role passes (validateRoleDraft: caps, plan, names, nothing
 * beyond what the actor holds). Problems about the copied values point at `/from`.
 */
export function kValidateClone(t: Tables, actorIn: unknown, clone: unknown, ctx: unknown): KernelVerdict {
  try {
    const from = field(clone, 'from');
    const id = field(clone, 'id');
    const r = t.roleIndex(from);
    if (r < 0) return verdict([{ rule: 'unknown-reference', message: `unknown role ${describe(from)}${didYouMean(from, t.roles)}`, path: '/from' }]);
    const problems: KernelProblem[] = [];
    const refusal = cloneRefusal(t, r);
    // A source that may not be cloned says it all (an admin role's copy would also break admin-only).
    if (refusal !== undefined) return verdict([{ rule: 'clone-forbidden', message: refusal, path: '/from' }]);
    if (t.roleIndex(id) >= 0) {
      // A taken id would make the draft an edit of that role: refuse it as openAccount would.
      problems.push({ rule: 'name-duplicate', message: `role id ${describe(id)} is already taken`, path: '/id' });
      return verdict(problems);
    }
    const description = field(clone, 'description');
    const draft = { id, name: field(clone, 'name'), grants: cloneGrants(t, r), ...(description !== undefined ? { description } : {}) };
    const v = kValidateDraft(t, actorIn, draft, ctx);
    if (!v.ok) for (const p of v.problems) problems.push(p.path !== undefined && p.path.startsWith('/grants') ? { ...p, path: '/from' } : p);
    return verdict(problems);
  } catch {
    // A revoked proxy or a throwing getter in the input: deny.
    return verdict([{ rule: 'unknown-reference', message: 'the input cannot be read' }]);
  }
}

// ---------------------------------------------------------------------------------------------
// Accounts: an account's own data compiled into tables

/** A 64-bit content hash as 16 hex digits: two 32-bit FNV-1a style lanes with different primes. */
export function hash64(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x2c1b3c6d;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}

/** JSON with sorted keys: equal data, equal text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
}

/** Account data after validation: plain, copied, in a canonical shape. */
export interface AccountRecord {
  plan?: string;
  switches?: Record<string, boolean>;
  /** Per object kind: the objects the account defines (in place of the policy's defaults). */
  objects?: Record<string, string[]>;
  roles: Record<string, Record<string, unknown>>;
  customRoles: { id: string; name: string; description?: string; grants: Record<string, unknown> }[];
  /** Absent when the data lists no members (the policy's own apply); an empty list is an account without members. Besides these keys, a member carries the actor attributes of the declared relations (a string or a list of strings). */
  members?: { id: string; roles: string[]; tier?: string; groups?: string[]; organization?: string; [attribute: string]: unknown }[];
  tiers: { id: string; name: string; parent: string; description?: string; grants?: Record<string, unknown> }[];
  defaultRole?: string;
}

const ID = /^[A-Za-z0-9_][A-Za-z0-9_.:@+-]{0,199}$/;
const DATA_KEYS = ['plan', 'switches', 'objects', 'roles', 'customRoles', 'members', 'tiers', 'defaultRole'];

/** Keys of an untrusted plain object, or undefined when it is not one (never throws). */
function keysOf(value: unknown): string[] | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  try {
    return Object.keys(value);
  } catch {
    return undefined;
  }
}

function checkKeys(value: unknown, allowed: readonly string[], path: string, problems: KernelProblem[]): boolean {
  const keys = keysOf(value);
  if (!keys) {
    problems.push({ rule: 'account-schema', message: 'expected an object', path: path || '' });
    return false;
  }
  for (const k of keys) {
    if (!allowed.includes(k)) problems.push({ rule: 'account-schema', message: `unknown key ${describe(k)} (expected ${allowed.join(', ')})`, path: `${path}/${pointerEscape(k)}` });
  }
  return true;
}

function stringAt(value: unknown, path: string, what: string, problems: KernelProblem[], pattern?: RegExp): string | undefined {
  if (typeof value !== 'string' || value.length === 0 || value.length > 1000 || (pattern && !pattern.test(value))) {
    problems.push({ rule: 'account-schema', message: `${what} must be ${pattern ? 'an id (letters, digits, _ . : @ + -)' : 'a non-empty string'}`, path });
    return undefined;
  }
  return value;
}

/** A key that, when present, must hold a string of at most 1,000 characters. */
function optionalString(value: unknown, key: string, path: string, problems: KernelProblem[]): void {
  const v = field(value, key);
  if (v !== undefined && (typeof v !== 'string' || v.length > 1000)) problems.push({ rule: 'account-schema', message: `${key} must be a string of at most 1000 characters`, path: `${path}/${key}` });
}

/** Copies untrusted grants into a plain object (values are checked by encodeGrants). */
function copyGrants(value: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of keysOf(value) ?? []) {
    const v = field(value, k);
    out[k] = Array.isArray(v) ? [...listOf(v)] : v;
  }
  return out;
}

/** Compiles an account's data over a policy's tables; problems name the compiler's rules. */
export function compileAccount(policy: Tables, data: unknown, fastIn: Lookups): { tables: Tables; record: AccountRecord; problems: KernelProblem[] } {
  const problems: KernelProblem[] = [];
  const record: AccountRecord = { roles: {}, customRoles: [], tiers: [] };
  if (!checkKeys(data, DATA_KEYS, '', problems)) return { tables: policy, record, problems };
  // Objects the account defines: each replaces the policy's defaults of its kind, and every
  // per-object permission gets one row per object (the permission ids of the rows change, so the
  // policy's compiled permission lookup no longer applies).
  let base = policy;
  let fast = fastIn;
  const objectsIn = field(data, 'objects');
  if (objectsIn !== undefined && checkKeys(objectsIn, policy.objectKinds, '/objects', problems)) {
    const lists = policy.objects.map((list) => [...list]);
    const given: Record<string, string[]> = {};
    for (const kind of keysOf(objectsIn)!) {
      const k = policy.objectKinds.indexOf(kind);
      if (k < 0) continue;
      const at = `/objects/${pointerEscape(kind)}`;
      const raw = field(objectsIn, kind);
      if (!Array.isArray(raw) || raw.length > MAX_OBJECTS) {
        problems.push({ rule: 'account-schema', message: `objects of ${kind} must be a list of at most ${MAX_OBJECTS} object ids`, path: at });
        continue;
      }
      const list: string[] = [];
      listOf(raw).forEach((o, i) => {
        const id = stringAt(o, `${at}/${i}`, 'an object id', problems, OBJECT_ID);
        if (id === undefined) return;
        if (list.includes(id)) problems.push({ rule: 'account-schema', message: `object ${describe(id)} is listed twice`, path: `${at}/${i}` });
        else list.push(id);
      });
      lists[k] = list;
      given[kind] = list;
    }
    record.objects = given;
    base = indexTables(expandObjects(stripIndex(policy), lists), { ...(fastIn.roleIndex ? { roleIndex: fastIn.roleIndex } : {}), ...(fastIn.levelIndex ? { levelIndex: fastIn.levelIndex } : {}) });
    fast = { ...(fastIn.roleIndex ? { roleIndex: fastIn.roleIndex } : {}), ...(fastIn.levelIndex ? { levelIndex: fastIn.levelIndex } : {}) };
  }
  // Plan
  let planRank = base.defaultPlan;
  const planIn = field(data, 'plan');
  if (planIn !== undefined) {
    const i = base.planIndex(planIn);
    if (i < 0) {
      problems.push({ rule: 'unknown-reference', message: `unknown plan ${describe(planIn)}${base.plans.length ? ` (plans: ${base.plans.join(', ')})` : '; the policy has no plans'}`, path: '/plan' });
      planRank = -1;
    } else {
      planRank = i;
      record.plan = base.plans[i]!;
    }
  }
  // Switches: the account's values over the policy's
  let switchOn = base.switchOn;
  const switchesIn = field(data, 'switches');
  if (switchesIn !== undefined && checkKeys(switchesIn, base.switches, '/switches', problems)) {
    const given: Record<string, boolean> = {};
    for (const id of keysOf(switchesIn)!) {
      if (base.switchIndex(id) < 0) continue;
      const v = field(switchesIn, id);
      if (typeof v !== 'boolean') {
        problems.push({ rule: 'account-schema', message: `switch ${describe(id)} must be true or false, not ${describe(v)}`, path: `/switches/${pointerEscape(id)}` });
        continue;
      }
      const bit = 1 << base.switchIndex(id);
      switchOn = v ? switchOn | bit : switchOn & ~bit;
      given[id] = v;
    }
    record.switches = given;
  }
  const probe = indexTables({ ...stripIndex(base), switchOn }, fast, planRank);
  // Customised cells of the policy's roles
  const rows: number[][] = [];
  for (let r = 0; r < base.roles.length; r++) rows.push(rowCodes(base as Tables, r));
  const rolesIn = field(data, 'roles');
  if (rolesIn !== undefined && checkKeys(rolesIn, base.roles.filter((_, r) => base.roleKind[r] !== 0), '/roles', problems)) {
    for (const id of keysOf(rolesIn)!) {
      const r = base.roleIndex(id);
      if (r < 0 || base.roleKind[r] === 0) continue;
      const at = `/roles/${pointerEscape(id)}`;
      const grants = field(rolesIn, id);
      const before = problems.length;
      const codes = encodeGrants(probe, grants, problems, at, rows[r]);
      if (problems.length === before) {
        // The value given (before implications raise anything) must be one the cell allows.
        const given = encodeGrants(probe, grants, [], at, new Array<number>(base.permissions.length).fill(0), false);
        for (const p of keysOf(grants) ?? []) {
          const pi = base.permissionIndex(p);
          if (pi >= 0 && !base.allowed[r]![pi]!.includes(given[pi]!)) {
            problems.push({ rule: 'invalid-level', message: `role ${describe(id)} does not allow ${describe(field(grants, p))} for ${p} (allowed: ${base.allowed[r]![pi]!.map((c) => describeCode(base as Tables, pi, c)).join(', ')})`, path: `${at}/${pointerEscape(p)}` });
          }
        }
      }
      checkErrorRules(probe, codes, at, problems);
      rows[r] = codes;
      record.roles[id] = copyGrants(grants);
    }
  }
  // Custom roles
  const customIn = field(data, 'customRoles');
  const customs: { id: string; name: string; codes: number[]; at: number }[] = [];
  if (customIn !== undefined) {
    if (!Array.isArray(customIn) || listOf(customIn).length !== customIn.length) problems.push({ rule: 'account-schema', message: `customRoles must be a list of at most ${MAX_LIST} roles`, path: '/customRoles' });
    else {
      const seen = new Set<string>();
      listOf(customIn).forEach((c, i) => {
        const at = `/customRoles/${i}`;
        if (!checkKeys(c, ['id', 'name', 'grants', 'description'], at, problems)) return;
        optionalString(c, 'description', at, problems);
        if (field(c, 'grants') === null) problems.push({ rule: 'account-schema', message: 'grants must be an object', path: `${at}/grants` });
        const id = stringAt(field(c, 'id'), `${at}/id`, 'a custom role id', problems, ID);
        const name = stringAt(field(c, 'name'), `${at}/name`, 'a custom role name', problems);
        if (id === undefined || name === undefined) return;
        if (base.roleIndex(id) >= 0 || seen.has(id)) {
          problems.push({ rule: 'name-duplicate', message: `role id ${describe(id)} is already taken`, path: `${at}/id` });
          return;
        }
        seen.add(id);
        const codes = encodeGrants(probe, field(c, 'grants'), problems, `${at}/grants`, baselineCodes(probe));
        checkOnly(probe, codes, false, false, `${at}/grants`, problems);
        checkErrorRules(probe, codes, `${at}/grants`, problems);
        customs.push({ id, name, codes, at: i });
        const description = field(c, 'description');
        record.customRoles.push({ id, name, ...(typeof description === 'string' ? { description } : {}), grants: copyGrants(field(c, 'grants')) });
      });
    }
  }
  const customCap = capOf(base.maxCustomRoles, planRank);
  const policyCustom = customRoleCount(base as Tables);
  if (customs.length > 0 && customCap === 0 && customRolesPlan(base as Tables) !== null) {
    problems.push({ rule: 'custom-role-cap', message: `custom roles need the ${customRolesPlan(base as Tables)} plan or higher`, path: '/customRoles' });
  } else if (customs.length > 0 && policyCustom + customs.length > customCap) {
    problems.push({ rule: 'custom-role-cap', message: `${policyCustom + customs.length} custom roles; the plan allows ${customCap}`, path: '/customRoles' });
  }
  const roleCap = capOf(base.maxRoles, planRank);
  if (customs.length > 0 && base.roles.length + customs.length > roleCap) problems.push({ rule: 'role-cap', message: `${base.roles.length + customs.length} roles; the plan allows ${roleCap}`, path: '/customRoles' });
  // Tier nodes added by the account
  const tierIds = [...base.tiers];
  const tierParentIds: (string | null)[] = base.tiers.map((_, i) => (base.tierParent[i]! < 0 ? null : base.tiers[base.tierParent[i]!]!));
  const tierNames = [...base.tierNames];
  const tierCodes: number[][] = base.tiers.map((_, n) => Array.from({ length: base.permissions.length }, (_, p) => base.tierGrants[n * base.permissions.length + p]!));
  const tiersIn = field(data, 'tiers');
  if (tiersIn !== undefined) {
    if (Array.isArray(tiersIn) && tiersIn.length === 0) {
      // nothing to add
    } else if (base.tiers.length === 0) problems.push({ rule: 'unknown-reference', message: 'the policy has no tier tree to add nodes to', path: '/tiers' });
    else if (!Array.isArray(tiersIn) || listOf(tiersIn).length !== tiersIn.length) problems.push({ rule: 'account-schema', message: 'tiers must be a list of nodes', path: '/tiers' });
    else {
      const depth = new Map<string, number>(base.tiers.map((id, i) => [id, base.tierDepth[i]!]));
      listOf(tiersIn).forEach((n, i) => {
        const at = `/tiers/${i}`;
        if (!checkKeys(n, ['id', 'name', 'parent', 'grants', 'description'], at, problems)) return;
        optionalString(n, 'description', at, problems);
        const id = stringAt(field(n, 'id'), `${at}/id`, 'a tier node id', problems, ID);
        const name = stringAt(field(n, 'name'), `${at}/name`, 'a tier node name', problems);
        const parent = stringAt(field(n, 'parent'), `${at}/parent`, 'a parent node id', problems);
        if (id === undefined || name === undefined || parent === undefined) return;
        if (depth.has(id)) {
          problems.push({ rule: 'name-duplicate', message: `tier node ${describe(id)} already exists`, path: `${at}/id` });
          return;
        }
        const d = depth.get(parent);
        if (d === undefined) {
          problems.push({ rule: 'unknown-reference', message: `unknown parent tier node ${describe(parent)} (a parent comes before its children)`, path: `${at}/parent` });
          return;
        }
        if (d + 1 > base.maxDepth) {
          problems.push({ rule: 'tier-depth', message: `tier node ${describe(id)} would be at level ${d + 1}; the tree has at most ${base.maxDepth} levels`, path: `${at}/parent` });
          return;
        }
        const codes = encodeGrants(probe, field(n, 'grants'), problems, `${at}/grants`);
        checkErrorRules(probe, codes, `${at}/grants`, problems);
        // Every member placed in a node holds its grants, whatever their role: a node is no admin or owner role.
        checkOnly(probe, codes, false, false, `${at}/grants`, problems);
        depth.set(id, d + 1);
        tierIds.push(id);
        tierParentIds.push(parent);
        tierNames.push(name);
        tierCodes.push(codes);
        const description = field(n, 'description');
        record.tiers.push({ id, name, parent, ...(typeof description === 'string' ? { description } : {}), ...(field(n, 'grants') !== undefined ? { grants: copyGrants(field(n, 'grants')) } : {}) });
      });
    }
  }
  // The tables of the account: policy roles (customised) then custom roles; tiers renumbered depth first.
  const stride = base.permissions.length;
  const allRows = [...rows, ...customs.map((c) => c.codes)];
  const heldArr = new Uint32Array(allRows.length * stride);
  const probeT = base as Tables;
  allRows.forEach((codes, r) => codes.forEach((c, p) => (heldArr[r * stride + p] = maskOf(probeT, p, c))));
  const order = depthFirst(tierIds, tierParentIds);
  const pos = new Map(order.map((i, k) => [tierIds[i]!, k]));
  const tParent = new Int32Array(order.length);
  const tDepth = new Uint8Array(order.length);
  const tEnd = new Int32Array(order.length);
  const tGrants = new Uint32Array(order.length * stride);
  order.forEach((i, k) => {
    const parent = tierParentIds[i];
    tParent[k] = parent === null || parent === undefined ? -1 : pos.get(parent)!;
    tDepth[k] = tParent[k]! < 0 ? 1 : tDepth[tParent[k]!]! + 1;
    tEnd[k] = k;
    tierCodes[i]!.forEach((c, p) => (tGrants[k * stride + p] = c));
  });
  for (let k = order.length - 1; k >= 0; k--) if (tParent[k]! >= 0) tEnd[tParent[k]!] = Math.max(tEnd[tParent[k]!]!, tEnd[k]!);
  const data2: TableData = {
    ...stripIndex(base),
    switchOn,
    roles: [...base.roles, ...customs.map((c) => c.id)],
    roleNames: [...base.roleNames, ...customs.map((c) => c.name)],
    roleKind: [...Array.from(base.roleKind), ...customs.map(() => 2)],
    roleAdmin: [...Array.from(base.roleAdmin), ...customs.map(() => 0)],
    editableBy: [...base.editableBy, ...customs.map(() => [])],
    held: heldArr,
    allowed: [...base.allowed, ...customs.map(() => [])],
    tiers: order.map((i) => tierIds[i]!),
    tierNames: order.map((i) => tierNames[i]!),
    tierParent: tParent,
    tierEnd: tEnd,
    tierDepth: tDepth,
    tierGrants: tGrants,
  };
  const lookups: Lookups = {};
  if (fast.permissionIndex) lookups.permissionIndex = fast.permissionIndex;
  if (fast.levelIndex) lookups.levelIndex = fast.levelIndex;
  let tables = indexTables(data2, customs.length === 0 ? fast : lookups, planRank);
  // Names of custom roles: unique against every role, not reserved.
  const names = namesOf(tables);
  customs.forEach((c, i) => checkName(tables, c.id, c.name, false, `/customRoles/${c.at ?? i}/name`, problems, names));
  // Members
  const membersIn = field(data, 'members');
  const members = new Map<string, MemberRecord>();
  // The actor attributes the declared relations read are keys of a member as well (the member's
  // id is one already).
  const attributeKeys = [...new Set(tables.relations.map((r) => r[0]))].filter((k) => k !== 'id');
  if (membersIn !== undefined) {
    if (!Array.isArray(membersIn) || listOf(membersIn).length !== membersIn.length) problems.push({ rule: 'account-schema', message: `members must be a list of at most ${MAX_LIST} members`, path: '/members' });
    else {
      const kept: NonNullable<AccountRecord['members']> = (record.members = []);
      listOf(membersIn).forEach((m, i) => {
        const at = `/members/${i}`;
        if (!checkKeys(m, ['id', 'name', 'roles', 'tier', 'groups', 'organization', ...attributeKeys], at, problems)) return;
        optionalString(m, 'name', at, problems);
        const id = stringAt(field(m, 'id'), `${at}/id`, 'a member id', problems);
        if (id === undefined) return;
        if (members.has(id)) {
          problems.push({ rule: 'member-duplicate', message: `member ${describe(id)} is listed twice`, path: `${at}/id` });
          return;
        }
        const rolesRaw = field(m, 'roles');
        const roles: string[] = [];
        let unknownRole = false;
        if (!Array.isArray(rolesRaw)) problems.push({ rule: 'account-schema', message: 'a member needs a list of role ids', path: `${at}/roles` });
        else
          listOf(rolesRaw).forEach((r, j) => {
            if (tables.roleIndex(r) < 0) {
              unknownRole = true;
              problems.push({ rule: 'unknown-reference', message: `unknown role ${describe(r)}${didYouMean(r, tables.roles)}`, path: `${at}/roles/${j}` });
            } else if (!roles.includes(r as string)) roles.push(r as string);
          });
        // A count is only worth reporting when every role id is known (else the unknown id says it).
        if (Array.isArray(rolesRaw) && !unknownRole) {
          if (roles.length === 0 && tables.rolesPerMemberMin >= 1) problems.push({ rule: 'member-without-role', message: `member ${describe(id)} holds no role`, path: `${at}/roles` });
          else if (roles.length < tables.rolesPerMemberMin || (tables.rolesPerMemberMax >= 0 && roles.length > tables.rolesPerMemberMax)) {
            problems.push({ rule: 'roles-per-member', message: `member ${describe(id)} holds ${roles.length} roles; ${rolesPerMemberMessage(tables)}`, path: `${at}/roles` });
          }
        }
        const tier = field(m, 'tier');
        if (tier !== undefined && tier !== null && tables.tierIndex(tier) < 0) problems.push({ rule: 'unknown-reference', message: `unknown tier node ${describe(tier)}`, path: `${at}/tier` });
        const groupsRaw = field(m, 'groups');
        const groups = Array.isArray(groupsRaw) ? listOf(groupsRaw).filter((g): g is string => typeof g === 'string') : [];
        if (groupsRaw !== undefined && (!Array.isArray(groupsRaw) || groups.length !== groupsRaw.length)) problems.push({ rule: 'account-schema', message: 'groups must be a list of strings', path: `${at}/groups` });
        const org = field(m, 'organization');
        if (org !== undefined && org !== null && typeof org !== 'string') problems.push({ rule: 'account-schema', message: 'organization must be a string', path: `${at}/organization` });
        const attributes: Record<string, string | readonly string[]> = Object.create(null) as Record<string, string | readonly string[]>;
        for (const key of attributeKeys) {
          const v = field(m, key);
          if (v === undefined || v === null) continue;
          const list = Array.isArray(v) ? listOf(v) : [];
          if (typeof v === 'string') attributes[key] = v;
          else if (Array.isArray(v) && list.length === v.length && list.every((x) => typeof x === 'string')) attributes[key] = Object.freeze([...new Set(list as string[])]);
          else problems.push({ rule: 'account-schema', message: `${key} must be a string or a list of at most ${MAX_LIST} strings`, path: `${at}/${pointerEscape(key)}` });
        }
        const rec: MemberRecord = { id, roles, tier: typeof tier === 'string' && tables.tierIndex(tier) >= 0 ? tier : null, groups, organization: typeof org === 'string' ? org : null, attributes: Object.freeze(attributes) };
        members.set(id, rec);
        const own: Record<string, unknown> = {};
        for (const key of attributeKeys) if (Object.prototype.hasOwnProperty.call(attributes, key)) own[key] = typeof attributes[key] === 'string' ? attributes[key] : [...attributes[key]!];
        kept.push({ id, roles, ...(rec.tier !== null ? { tier: rec.tier } : {}), ...(groupsRaw !== undefined ? { groups } : {}), ...(rec.organization !== null ? { organization: rec.organization } : {}), ...own });
      });
      const owners = [...members.values()].filter((m) => isOwnerHolder(tables, m.roles)).length;
      if (owners < tables.minOwners) problems.push({ rule: 'owner-members', message: `${owners} member(s) hold an owner role; at least ${tables.minOwners} must`, path: '/members' });
    }
  }
  // Default role for invitees
  const def = field(data, 'defaultRole');
  if (def !== undefined) {
    const r = tables.roleIndex(def);
    if (r < 0) problems.push({ rule: 'unknown-reference', message: `unknown role ${describe(def)}`, path: '/defaultRole' });
    else if (tables.roleKind[r] === 0 || tables.roleAdmin[r] === 1) problems.push({ rule: 'default-role', message: `invited members cannot get the owner or admin role ${describe(def)}`, path: '/defaultRole' });
    else record.defaultRole = def as string;
  }
  // Escalation the data creates: a role that may assign or edit roles reaching one that holds more
  // (the policy's own roles passed this check at compile time; custom roles and customised cells
  // can break it for any role).
  if (customs.length > 0 || Object.keys(record.roles).length > 0) {
    for (let r = 0; r < tables.roles.length; r++) checkRoleEscalation(tables, r, problems);
  }
  tables = members.size > 0 || membersIn !== undefined ? { ...tables, members } : tables;
  return { tables, record, problems };
}

function checkRoleEscalation(t: Tables, r: number, problems: KernelProblem[]): void {
  if (r < 0 || t.roleKind[r] === 0) return;
  const codes = rowCodes(t, r);
  if (!holdsAny(t, codes, t.assignRoles) && !holdsAny(t, codes, t.manageRoles)) return;
  const id = t.roles[r]!;
  for (let o = 0; o < t.roles.length; o++) {
    if (o === r || !reaches(t, [id], o)) continue;
    const p = excess(t, rowCodes(t, o), codes);
    if (p < 0) continue;
    const path = r >= t.policyRoles ? `/customRoles/${r - t.policyRoles}/grants` : `/roles/${pointerEscape(id)}`;
    problems.push({ rule: 'escalation-subset', message: `role ${describe(id)} may assign or edit roles and reaches ${describe(t.roles[o])}, which holds more of ${t.permissions[p]}`, path });
    return;
  }
}

function describeCode(t: Tables, p: number, code: number): string {
  const v = valueOf(t, p, code);
  return typeof v === 'string' ? v : `[${v.join(', ')}]`;
}

/** Node indexes in depth-first order (children in the order given). */
function depthFirst(ids: readonly string[], parents: readonly (string | null)[]): number[] {
  const children = new Map<string | null, number[]>();
  parents.forEach((p, i) => {
    const list = children.get(p) ?? [];
    list.push(i);
    children.set(p, list);
  });
  const out: number[] = [];
  const stack = [...(children.get(null) ?? [])].reverse();
  while (stack.length) {
    const i = stack.pop()!;
    out.push(i);
    stack.push(...[...(children.get(ids[i]!) ?? [])].reverse());
  }
  return out;
}

function stripIndex(t: TableData): TableData {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(t)) {
    if (typeof (t as unknown as Record<string, unknown>)[k] !== 'function') out[k] = (t as unknown as Record<string, unknown>)[k];
  }
  delete out.plan;
  delete out.context;
  delete out.members;
  delete out.stride;
  return out as unknown as TableData;
}

// ---------------------------------------------------------------------------------------------
// The account object

/** An edit of an account's role data, applied only when the validators allow it. */
export type Change =
  | { type: 'setRoles'; actor: unknown; member: string; roles: readonly string[] }
  | { type: 'assignRole'; actor: unknown; member: string; role: string }
  | { type: 'removeRole'; actor: unknown; member: string; role: string }
  | { type: 'createRole'; actor: unknown; role: { id: string; name: string; description?: string; grants: Record<string, unknown> } }
  | { type: 'cloneRole'; actor: unknown; from: string; id: string; name: string; description?: string }
  | { type: 'editRole'; actor: unknown; role: string; name?: string; grants: Record<string, unknown> }
  | { type: 'deleteRole'; actor: unknown; role: string }
  | { type: 'moveMember'; actor: unknown; member: string; tier: string | null };

export type Opened<A> = { ok: true; account: A } | { ok: false; problems: KernelProblem[] };

/** An account: the policy's answers with the account's own roles, cells, members, tiers and plan. */
export class KAccount {
  private hash: string | undefined;
  constructor(
    readonly tables: Tables,
    private readonly base: Tables,
    private readonly fast: Lookups,
    /** The validated data, in canonical shape (what `apply` changes). */
    readonly data: Readonly<AccountRecord>,
  ) {}
  /** Content hash of the account's data and the policy version: renew sessions when it changes. */
  get version(): string {
    if (this.hash === undefined) this.hash = hash64(`${this.base.version}\n${canonicalJson(this.data)}`);
    return this.hash;
  }
  get plan(): string | undefined {
    return this.tables.plan >= 0 ? this.tables.plans[this.tables.plan] : undefined;
  }
  /** Every role id of the account: the policy's, then its custom roles. */
  get roles(): readonly string[] {
    return this.tables.roles;
  }
  isRole(id: unknown): boolean {
    return this.tables.roleIndex(id) >= 0;
  }
  roleName(id: unknown): string | undefined {
    const r = this.tables.roleIndex(id);
    return r < 0 ? undefined : this.tables.roleNames[r];
  }
  /** The objects of a kind the account defines (the policy's defaults unless its data lists its own); undefined for an unknown kind. */
  objectsOf(kind: unknown): readonly string[] | undefined {
    const k = typeof kind === 'string' ? this.tables.objectKinds.indexOf(kind) : -1;
    return k < 0 ? undefined : Object.freeze([...this.tables.objects[k]!]);
  }
  can(roles: unknown, permission: unknown, atLeast?: unknown, on?: unknown): boolean {
    return kCan(this.tables, roles, kRowOf(permission, on), atLeast, undefined);
  }
  levelOf(role: unknown, permission: unknown, on?: unknown): string | readonly string[] | undefined {
    return kLevelOf(this.tables, role, kRowOf(permission, on));
  }
  memberCan(member: unknown, permission: unknown, atLeast?: unknown, on?: unknown): boolean {
    return kMemberCan(this.tables, member, kRowOf(permission, on), atLeast, undefined);
  }
  memberValue(member: unknown, permission: unknown, on?: unknown): string | readonly string[] | undefined {
    return kMemberValue(this.tables, member, kRowOf(permission, on));
  }
  canAccess(actor: unknown, resource: unknown, action: unknown): boolean {
    return kCanAccess(this.tables, actor, resource, action, undefined);
  }
  hasFeature(feature: unknown): boolean {
    return kHasFeature(this.tables, feature, undefined);
  }
  isOn(id: unknown): boolean {
    return kIsOn(this.tables, id);
  }
  /** The context this account's questions are asked in; undefined for an unknown one (everything denied). */
  get context(): string | undefined {
    return this.tables.context >= 0 ? this.tables.contexts[this.tables.context] : undefined;
  }
  /** The same account asking in another context (its data unchanged); unknown contexts deny every permission. */
  inContext(context: unknown): KAccount {
    return new KAccount(kInContext(this.tables, context), this.base, this.fast, this.data);
  }
  limitOf(roles: unknown, quota: unknown): number | undefined {
    return kLimitOf(this.tables, roles, quota, undefined);
  }
  memberLimitOf(member: unknown, quota: unknown): number | undefined {
    return kMemberLimitOf(this.tables, member, quota, undefined);
  }
  accessFilter(actor: unknown, kind: unknown, action: unknown): Filter {
    return kAccessFilter(this.tables, actor, kind, action, undefined);
  }
  planAtLeast(min: unknown): boolean {
    return this.tables.plan >= 0 && kPlanAtLeast(this.tables, this.tables.plans[this.tables.plan], min);
  }
  isAncestor(ancestor: unknown, node: unknown): boolean {
    return kIsAncestor(this.tables, ancestor, node, false);
  }
  isSameOrAncestor(ancestor: unknown, node: unknown): boolean {
    return kIsAncestor(this.tables, ancestor, node, true);
  }
  parentOf(node: unknown): string | undefined {
    return kParentOf(this.tables, node);
  }
  depthOf(node: unknown): number | undefined {
    return kDepthOf(this.tables, node);
  }
  member(id: unknown): MemberRecord | undefined {
    return typeof id === 'string' ? this.tables.members?.get(id) : undefined;
  }
  canSetRoles(actor: unknown, target: unknown, roles: unknown): KernelVerdict {
    return kSetRoles(this.tables, actor, target, roles, undefined);
  }
  canAssignRole(actor: unknown, target: unknown, role: unknown): KernelVerdict {
    return kAssignRole(this.tables, actor, target, role, undefined);
  }
  canRemoveRole(actor: unknown, target: unknown, role: unknown): KernelVerdict {
    return kRemoveRole(this.tables, actor, target, role, undefined);
  }
  canEditRole(actor: unknown, role: unknown): KernelVerdict {
    return kEditRole(this.tables, actor, role, undefined);
  }
  canMoveMember(actor: unknown, member: unknown, tier: unknown): KernelVerdict {
    return kMoveMember(this.tables, actor, member, tier);
  }
  validateRoleDraft(actor: unknown, draft: unknown): KernelVerdict {
    return kValidateDraft(this.tables, actor, draft, undefined);
  }
  validateRoleClone(actor: unknown, clone: unknown): KernelVerdict {
    return kValidateClone(this.tables, actor, clone, undefined);
  }
  /** Applies a change the validators allow; returns the new account, or the verdict that refused it. */
  apply(change: Change): Opened<KAccount> {
    const type = field(change, 'type');
    const actor = field(change, 'actor');
    const next: AccountRecord = JSON.parse(JSON.stringify(this.data)) as AccountRecord;
    const listed = next.members ?? [];
    const memberAt = (id: unknown) => listed.findIndex((m) => m.id === id);
    let v: KernelVerdict;
    if (type === 'setRoles' || type === 'assignRole' || type === 'removeRole') {
      const id = field(change, 'member');
      const i = memberAt(id);
      if (i < 0) return { ok: false, problems: [{ rule: 'unknown-reference', message: `unknown member ${describe(id)}`, path: '/member' }] };
      const role = field(change, 'role');
      v = type === 'setRoles' ? this.canSetRoles(actor, id, field(change, 'roles')) : type === 'assignRole' ? this.canAssignRole(actor, id, role) : this.canRemoveRole(actor, id, role);
      if (!v.ok) return v;
      const current = listed[i]!.roles;
      listed[i]!.roles =
        type === 'setRoles'
          ? [...new Set(listOf(field(change, 'roles')) as string[])]
          : type === 'removeRole'
            ? current.filter((r) => r !== role)
            : this.tables.rolesPerMemberMax === 1
              ? [role as string]
              : current.includes(role as string)
                ? current
                : [...current, role as string];
    } else if (type === 'createRole' || type === 'editRole') {
      const role = field(change, 'role');
      const draft = type === 'createRole' ? role : { id: role, name: field(change, 'name') ?? this.roleName(role), grants: field(change, 'grants') };
      if (type === 'createRole' && this.tables.roleIndex(field(role, 'id')) >= 0) {
        return { ok: false, problems: [{ rule: 'name-duplicate', message: `role id ${describe(field(role, 'id'))} is already taken`, path: '/role/id' }] };
      }
      v = this.validateRoleDraft(actor, draft);
      if (!v.ok) return v;
      const id = field(draft, 'id') as string;
      const grants = copyGrants(field(draft, 'grants'));
      const custom = next.customRoles.find((c) => c.id === id);
      const description = field(draft, 'description');
      if (type === 'createRole') next.customRoles.push({ id, name: field(draft, 'name') as string, ...(typeof description === 'string' ? { description } : {}), grants });
      else if (custom) {
        custom.name = field(draft, 'name') as string;
        custom.grants = grants;
      } else next.roles[id] = { ...(next.roles[id] ?? {}), ...grants };
    } else if (type === 'cloneRole') {
      // The copy is made from this account's tables, so the source's customised cells and an
      // account custom role's grants come with it.
      v = this.validateRoleClone(actor, change);
      if (!v.ok) return v;
      const description = field(change, 'description');
      next.customRoles.push({
        id: field(change, 'id') as string,
        name: field(change, 'name') as string,
        ...(typeof description === 'string' ? { description } : {}),
        grants: cloneGrants(this.tables, this.tables.roleIndex(field(change, 'from'))),
      });
    } else if (type === 'deleteRole') {
      const role = field(change, 'role');
      const i = next.customRoles.findIndex((c) => c.id === role);
      if (i < 0) return { ok: false, problems: [{ rule: 'unknown-reference', message: `${describe(role)} is no custom role of this account`, path: '/role' }] };
      v = this.canEditRole(actor, role);
      if (!v.ok) return v;
      next.customRoles.splice(i, 1);
      for (const m of listed) m.roles = m.roles.filter((r) => r !== role);
      if (next.defaultRole === role) delete next.defaultRole;
    } else if (type === 'moveMember') {
      // The member by id (read once): the verdict finds it among the account's members.
      const given = field(change, 'member');
      const id = typeof given === 'string' ? given : field(given, 'id');
      const tier = field(change, 'tier');
      v = this.canMoveMember(actor, typeof id === 'string' ? id : undefined, tier);
      if (!v.ok) return v;
      const i = memberAt(id);
      if (tier === null) delete listed[i]!.tier;
      else listed[i]!.tier = tier as string;
    } else return { ok: false, problems: [{ rule: 'unknown-reference', message: `unknown change ${describe(type)}`, path: '/type' }] };
    return kOpenAccount(this.base, this.fast, next);
  }
}

/** openAccount(): validates an account's data against the policy and compiles it. Never throws. */
export function kOpenAccount(base: Tables, fast: Lookups, data: unknown): Opened<KAccount> {
  try {
    // A plain copy first: a getter that throws, a revoked proxy, a cycle or a BigInt refuses the
    // data as a whole, and nothing read later can change under the validation.
    const plain: unknown = data === undefined ? undefined : JSON.parse(JSON.stringify(data));
    const { tables, record, problems } = compileAccount(base, plain, fast);
    if (problems.length > 0) return { ok: false, problems: problems.slice(0, 1000) };
    return { ok: true, account: new KAccount(tables, base, fast, Object.freeze(record)) };
  } catch (e) {
    // A getter or proxy in the data that throws on a second read: refuse the data, never throw.
    return { ok: false, problems: [{ rule: 'account-schema', message: `the data cannot be read (${describe(e instanceof Error ? e.message : e)})`, path: '' }] };
  }
}

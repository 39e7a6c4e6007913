// Emits generated/<name>/guards.ts: the policy's literal-union types and typed wrappers, its tables
// (src/runtime/from-ir.ts) and the runtime kernel's source (src/runtime/kernel.ts), inlined so that
// the module imports nothing. The text is printed in its final layout; no formatter runs. Each part
// of the language prints its own types and constants (src/emit/guards/, in the order of
// GUARDS_PARTS); this file prints what every policy shares: header, API types, kernel, lookups,
// tables and the typed API.

import type { ResolvedPolicy } from '../ir.js';
import { tableDataOf } from '../runtime/from-ir.js';
import { KERNEL_SOURCE } from '../runtime/kernel-source.js';
import type { TableData } from '../runtime/kernel.js';
import { jsDocText } from './escape.js';
import { buildPerfectHash, SLOT_MIXER, type PerfectHash } from './perfect-hash.js';
import { DO_NOT_EDIT } from './header.js';
import { endWithNewline, sameItems, type EmitCache } from './emit-cache.js';
import { doc, guardsContext, lit } from './guards/helpers.js';
import { GUARDS_PARTS } from './guards/index.js';

/**
 * Sets of ids up to this size are looked up with a `switch`, larger ones with a perfect hash.
 * Measured with random ids (docs/performance.md, "id lookup"): V8 compiles a string switch to
 * pointer comparisons of interned strings, cheap for a few ids and linear in their number; the
 * hash costs the same whatever the size.
 */
export const SWITCH_MAX_IDS = 64;

/** guards.ts for the policy; with a cache (watch), the table rows that did not change are not printed again. */
export function emitGuards(ir: ResolvedPolicy, sourceDir: string, cache?: EmitCache): string {
  const data = tableDataOf(ir);
  const ctx = guardsContext(ir, data);
  const out: string[] = [];
  out.push(`// ${DO_NOT_EDIT}`, `// Source: ${jsDocText(sourceDir).replace(/\n/g, ' ')}. Regenerate with \`npx policyc build\`.`, '// Zero dependencies: this module imports nothing.');
  out.push('/* eslint-disable */');
  if (ir.description) out.push(doc(`${ir.title}\n\n${ir.description}`));
  out.push(doc('Content hash of the resolved policy. Sessions built on another version should be renewed.'), `export const POLICY_VERSION = ${lit(ir.version)};`);
  out.push('', '// ---- Types of the policy ----', '');
  for (const part of GUARDS_PARTS) out.push(...part.types(ctx));
  out.push(...API_TYPES);

  out.push('', '// ---- Ids ----', '');
  for (const part of GUARDS_PARTS) out.push(...(part.idLists?.(ctx) ?? []));
  for (const part of GUARDS_PARTS) out.push(...(part.idNames?.(ctx) ?? []));
  for (const part of GUARDS_PARTS) out.push(...(part.constants?.(ctx) ?? []));

  out.push('', '// ---- The runtime kernel (src/runtime/kernel.ts) ----', '');
  out.push(KERNEL_SOURCE.trimEnd());

  out.push('', '// ---- The policy\'s tables ----', '');
  for (const part of GUARDS_PARTS) out.push(...(part.tables?.(ctx) ?? []));
  out.push(indexFunction('roleIndex', data.roles), indexFunction('permissionIndex', data.permissions), indexFunction('levelIndex', data.levelNames));
  out.push('const FAST: Lookups = { roleIndex, permissionIndex, levelIndex };');
  out.push(`const TABLES: Tables = indexTables(${printTables(data, cache)}, FAST);`);

  out.push('', '// ---- The API ----', '', WRAPPERS);
  out.push('', doc('Filters as SQL (see accessFilter): a parameterised WHERE fragment; values are never part of the text.'), 'export { toSql };', 'export type { Filter, FilterField, SqlColumn };');
  return endWithNewline(out.join('\n'));
}

/**
 * A `name(value: unknown): number`: the index of an id, or -1; denies non-strings and prototype keys.
 * Small sets: a switch. Larger ones: a perfect hash chosen for the ids (src/emit/perfect-hash.ts)
 * and one string comparison; a Map when no perfect hash is found within its limits.
 */
export function indexFunction(name: string, ids: readonly string[]): string {
  if (ids.length <= SWITCH_MAX_IDS) return printIndexFunction(name, ids);
  // Choosing a perfect hash takes tens of milliseconds for a few hundred ids; watch rebuilds
  // print the same lookups again as long as the ids stay the same.
  const key = `${name}\n${ids.join('\n')}`;
  let text = INDEX_FUNCTIONS.get(key);
  if (text === undefined) {
    text = printIndexFunction(name, ids);
    if (INDEX_FUNCTIONS.size >= 16) INDEX_FUNCTIONS.delete(INDEX_FUNCTIONS.keys().next().value!);
    INDEX_FUNCTIONS.set(key, text);
  }
  return text;
}

/** The last lookups printed for large id sets, by name and ids. */
const INDEX_FUNCTIONS = new Map<string, string>();

function printIndexFunction(name: string, ids: readonly string[]): string {
  if (ids.length <= SWITCH_MAX_IDS) {
    return [`function ${name}(s: unknown): number {`, '  switch (s) {', ...ids.map((id, i) => `    case ${lit(id)}: return ${i};`), '    default: return -1;', '  }', '}'].join('\n');
  }
  const prefix = name.replace(/Index$/, '').toUpperCase();
  const hash = buildPerfectHash(ids);
  if (!hash) {
    const table = `${prefix}_INDEX`;
    return [
      `const ${table}: ReadonlyMap<string, number> = new Map([${ids.map((id, i) => `[${lit(id)}, ${i}]`).join(', ')}]);`,
      `function ${name}(s: unknown): number {`,
      `  const i = typeof s === 'string' ? ${table}.get(s) : undefined;`,
      '  return i === undefined ? -1 : i;',
      '}',
    ].join('\n');
  }
  return perfectHashFunction(name, prefix, ids, hash);
}

/** The lookup of `lookup` in src/emit/perfect-hash.ts, printed with the policy's tables. */
export function perfectHashFunction(name: string, prefix: string, ids: readonly string[], h: PerfectHash): string {
  const at = (p: number): string => (p >= 0 ? `s.charCodeAt(${p})` : `s.charCodeAt(s.length - ${-p})`);
  const terms = [`Math.imul(s.length, ${h.multipliers[0]})`, ...h.positions.map((p, j) => `Math.imul(${at(p)} | 0, ${h.multipliers[j + 1]})`)];
  const slotType = ids.length < 1 << 15 ? 'Int16Array' : 'Int32Array';
  return [
    `const ${prefix}_KEYS: readonly string[] = [${ids.map(lit).join(', ')}];`,
    `const ${prefix}_DISPLACEMENT = new Int32Array([${h.displacements.join(', ')}]);`,
    `const ${prefix}_SLOT = new ${slotType}([${h.slots.join(', ')}]);`,
    `function ${name}(s: unknown): number {`,
    "  if (typeof s !== 'string') return -1;",
    `  const h = (${terms.join(' + ')}) | 0;`,
    `  const i = ${prefix}_SLOT[Math.imul(h ^ ${prefix}_DISPLACEMENT[h >>> ${32 - h.bucketBits}]!, ${SLOT_MIXER}) >>> ${32 - h.slotBits}]!;`,
    `  return i >= 0 && ${prefix}_KEYS[i] === s ? i : -1;`,
    '}',
  ].join('\n');
}

/**
 * The table data as a TypeScript expression; rows of role and node matrices on lines of their own.
 * With a cache, a matrix row showing the same values under the same name as last time, and the
 * `allowed` row of a kept role, are the texts printed then (at 197 x 300 the rows are 59,100
 * numbers and as many lists, most of the table's text).
 */
function printTables(d: TableData, cache?: EmitCache): string {
  const stride = d.permissions.length;
  const lines: string[] = ['{'];
  const tableRows = new Map<string, { values: ArrayLike<number>; text: string }>();
  for (const [key, value] of Object.entries(d)) {
    let text: string;
    if ((key === 'held' || key === 'tierGrants') && ArrayBuffer.isView(value)) {
      const names = key === 'held' ? d.roles : d.tiers;
      const arr = value as unknown as Uint32Array;
      const rows = names.map((n, r) => {
        const values = arr.subarray(r * stride, (r + 1) * stride);
        const name = `${key}\n${n}`;
        const kept = cache?.tableRows.get(name);
        const row = kept && sameItems(kept.values, values) ? kept : { values: values.slice(), text: `    ${values.join(', ')}, // ${n.replace(/[\r\n\u2028\u2029]/g, ' ').replace(/\*\//g, '*\\/')}` };
        tableRows.set(name, row);
        return row.text;
      });
      text = `new ${value.constructor.name}([\n${rows.join('\n')}\n  ])`;
    } else if (key === 'allowed') {
      const row = (r: number[][]): string => {
        let t = cache?.allowedRows.get(r);
        if (t === undefined) {
          t = `    ${JSON.stringify(r)},`;
          cache?.allowedRows.set(r, t);
        }
        return t;
      };
      text = `[\n${(value as number[][][]).map(row).join('\n')}\n  ]`;
    } else text = printValue(value);
    lines.push(`  ${key}: ${text},`);
  }
  lines.push('}');
  if (cache) cache.tableRows = tableRows;
  return lines.join('\n');
}

function printValue(v: unknown): string {
  if (typeof v === 'string') return lit(v);
  if (typeof v === 'number') return String(v);
  if (ArrayBuffer.isView(v)) return `new ${v.constructor.name}([${Array.from(v as unknown as ArrayLike<number>).join(', ')}])`;
  if (Array.isArray(v)) return `[${v.map(printValue).join(', ')}]`;
  if (v !== null && typeof v === 'object') return `{ ${Object.entries(v).map(([k, x]) => `${lit(k)}: ${printValue(x)}`).join(', ')} }`;
  return 'null';
}

/** The types of the API (validators, accounts and their changes); the same text in every guards.ts. */
const API_TYPES: readonly string[] = [
  doc('One problem a validator or openAccount found, under a rule name of the compiler; `path` is a JSON pointer into the data or draft.'),
  'export interface AccountProblem {',
  '  readonly rule: string;',
  '  readonly message: string;',
  '  readonly path?: string;',
  '}',
  doc('What accessFilter returns: true, false, or a tree of conditions over the fields of a resource.'),
  'export type AccessFilter = Filter;',
  doc('Where each resource field is stored, for toSql: a column, an array column ({ array }), or a join table ({ table, key, value, id }).'),
  'export type SqlColumns = Partial<Record<FilterField | ResourceAttribute, SqlColumn>>;',
  doc('The answer of a runtime validator: ok, or the problems found.'),
  'export type Verdict = { ok: true } | { ok: false; problems: AccountProblem[] };',
  doc('A role created by the account and stored by the product.'),
  'export interface CustomRole {',
  '  readonly id: string;',
  '  readonly name: string;',
  '  readonly description?: string;',
  '  readonly grants: Partial<Grants> & ObjectGrants;',
  '}',
  doc('A new custom role made as a copy of role `from`: it holds the current values of `from` (in an account: custom edits included).'),
  'export interface RoleClone {',
  '  readonly from: RoleId;',
  '  readonly id: string;',
  '  readonly name: string;',
  '  readonly description?: string;',
  '}',
  doc('What the static validators may be told of an account: its custom roles, objects, members (for owner counts) and plan. `openAccount` is the complete form.'),
  'export interface Context {',
  '  readonly objects?: { readonly [K in ObjectKind]?: readonly string[] };',
  '  readonly customRoles?: readonly CustomRole[];',
  '  readonly members?: readonly { readonly id: string; readonly roles: readonly string[] }[];',
  '  readonly plan?: Plan;',
  '}',
  doc("An account's own data, as a product stores it; every part is optional. Validate it with `openAccount` (or account.schema.json)."),
  'export interface AccountData {',
  "  /** The account's plan (default: the policy's). */",
  '  readonly plan?: Plan;',
  "  /** Which switches are on (default: SWITCH_DEFAULTS). */",
  '  readonly switches?: { readonly [S in Switch]?: boolean };',
  "  /** The objects the account defines, per kind (default: each kind's defaults); per-object permissions hold a value for each. */",
  '  readonly objects?: { readonly [K in ObjectKind]?: readonly string[] };',
  '  /** Values of customisable cells of the policy\'s roles, within what each cell allows. */',
  '  readonly roles?: { readonly [R in Role]?: Partial<Grants> & ObjectGrants };',
  '  /** Roles the account created. */',
  '  readonly customRoles?: readonly CustomRole[];',
  '  /** Members with their role ids (policy or custom), tier node, groups, organization and the attributes of declared relations. */',
  '  readonly members?: readonly ({ readonly id: string; readonly name?: string; readonly roles: readonly string[]; readonly tier?: string | null; readonly groups?: readonly string[]; readonly organization?: string | null } & ActorAttributes)[];',
  "  /** Tier nodes the account added under the policy's tree (parents before children, within maxDepth). */",
  '  readonly tiers?: readonly { readonly id: string; readonly name: string; readonly parent: string; readonly description?: string; readonly grants?: Partial<Grants> & ObjectGrants }[];',
  '  /** The role invited members get. */',
  '  readonly defaultRole?: string;',
  '}',
  doc('An edit of the account, applied by `account.apply` only when the validators allow it.'),
  'export type AccountChange =',
  '  | { readonly type: "setRoles"; readonly actor: string | Actor; readonly member: string; readonly roles: readonly string[] }',
  '  | { readonly type: "assignRole"; readonly actor: string | Actor; readonly member: string; readonly role: string }',
  '  | { readonly type: "removeRole"; readonly actor: string | Actor; readonly member: string; readonly role: string }',
  '  | { readonly type: "createRole"; readonly actor: string | Actor; readonly role: CustomRole }',
  '  | ({ readonly type: "cloneRole"; readonly actor: string | Actor } & RoleClone)',
  '  | { readonly type: "editRole"; readonly actor: string | Actor; readonly role: string; readonly name?: string; readonly grants: Partial<Grants> & ObjectGrants }',
  '  | { readonly type: "deleteRole"; readonly actor: string | Actor; readonly role: string }',
  '  | { readonly type: "moveMember"; readonly actor: string | Actor; readonly member: string; readonly tier: string | null };',
  doc('The answer of openAccount and account.apply.'),
  'export type OpenResult = { ok: true; account: Account } | { ok: false; problems: AccountProblem[] };',
  doc([
    "An account: every answer of this module, with the account's own data (custom roles, customised",
    'cells, members, tier nodes, plan). Actors and members may be given by member id. Unknown ids are denied.',
  ].join('\n')),
  'export interface Account {',
  '  /** Content hash of the data and POLICY_VERSION: renew sessions when it changes. */',
  '  readonly version: string;',
  '  readonly plan: Plan | undefined;',
  "  /** Every role id: the policy's, then the custom roles. */",
  '  readonly roles: readonly string[];',
  '  /** The validated data, in canonical form. */',
  '  readonly data: AccountData;',
  '  isRole(id: unknown): boolean;',
  '  roleName(id: string): string | undefined;',
  '  /** The objects of a kind the account defines. */',
  '  objectsOf(kind: ObjectKind): readonly string[] | undefined;',
  '  can<P extends Permission>(roles: string | readonly string[], permission: P, ...ask: AccountAsk<P>): boolean;',
  '  levelOf<P extends Permission>(role: string, permission: P, ...on: OnArg<P>): ValueOf<P> | undefined;',
  '  memberCan<P extends Permission>(member: string | Member, permission: P, ...ask: AccountAsk<P>): boolean;',
  '  memberValue<P extends Permission>(member: string | Member, permission: P, ...on: OnArg<P>): MemberValueOf<P> | undefined;',
  '  canAccess<K extends ResourceKind>(actor: string | Actor, resource: Resource<K>, action: ResourceActions[K]): boolean;',
  '  hasFeature(feature: Feature): boolean;',
  '  /** Whether the switch is on for this account. */',
  '  isOn(id: Switch): boolean;',
  "  /** The context this account's questions are asked in (undefined: an unknown one, everything denied). */",
  '  readonly context: RequestContext | undefined;',
  '  /** The same account asking in another context: permissions limited to other contexts are denied; unknown contexts deny everything. */',
  '  inContext(context: RequestContext): Account;',
  "  /** A quota of a role, or the highest over several roles, with the account's cells, plan and switches; undefined for unknown ids. */",
  '  limitOf(roles: string | readonly string[], quota: Quota): number | undefined;',
  '  /** A quota of a member (id or member): the highest over their roles and tier node. */',
  '  memberLimitOf(member: string | Member, quota: Quota): number | undefined;',
  '  accessFilter<K extends ResourceKind>(actor: string | Actor, kind: K, action: ResourceActions[K]): AccessFilter;',
  '  planAtLeast(min: Plan): boolean;',
  '  isAncestor(ancestor: string, node: string): boolean;',
  '  isSameOrAncestor(ancestor: string, node: string): boolean;',
  '  parentOf(node: string): string | undefined;',
  '  depthOf(node: string): number | undefined;',
  '  canSetRoles(actor: string | Actor, target: string | Actor, roles: readonly string[]): Verdict;',
  '  canAssignRole(actor: string | Actor, target: string | Actor, role: string): Verdict;',
  '  canRemoveRole(actor: string | Actor, target: string | Actor, role: string): Verdict;',
  '  canEditRole(actor: string | Actor, role: string): Verdict;',
  "  /** Whether the actor may place a member of the account in a tier node (null: out of the tree); see canMoveMember. */",
  '  canMoveMember(actor: string | Actor, member: string | Actor, tier: string | null): Verdict;',
  '  validateRoleDraft(actor: string | Actor, draft: CustomRole): Verdict;',
  '  /** Whether the actor may save a copy of a role as a new custom role (see validateRoleClone). */',
  '  validateRoleClone(actor: string | Actor, clone: RoleClone): Verdict;',
  '  apply(change: AccountChange): OpenResult;',
  '}',
];

/** The typed API over the kernel; the same text in every guards.ts. */
const WRAPPERS = `/** Whether a value (for example a role id read from a database) is a role of this policy. */
export function isRole(value: unknown): value is Role {
  return roleIndex(value) >= 0;
}

/** Whether a value is a permission id of this policy. */
export function isPermission(value: unknown): value is Permission {
  const i = permissionIndex(value);
  return i >= 0 && i < PERMISSIONS.length;
}

/** A custom role id read from data, typed as one (it is checked against the account when used). */
export function customRoleId(id: string): CustomRoleId {
  return id as CustomRoleId;
}

/**
 * What \`role\` holds of \`permission\`: a level, or the actions of an action set. \`undefined\` for an
 * unknown id; a per-object permission needs the object (\`{ object }\`), one of OBJECTS.
 */
export function levelOf<P extends Permission>(role: Role, permission: P, ...on: OnArg<P>): ValueOf<P> | undefined {
  return kLevelOf(TABLES, role, kRowOf(permission, (on as readonly unknown[])[0])) as ValueOf<P> | undefined;
}

/**
 * Whether the role, or a member holding all of \`roles\` (the union of their grants), holds
 * \`permission\` at \`atLeast\` or higher; for action sets, whether the action \`atLeast\` is held.
 * Without \`atLeast\`: whether anything above the lowest level (any action) is held.
 * Unknown roles, permissions and levels are denied. A permission that needs a minimum plan is
 * denied unless \`plan\` is given and high enough; one that requires a switch is denied unless the
 * switch is on in SWITCH_DEFAULTS. This answers for an account that changed nothing;
 * \`openAccount(data).account.can\` answers with the account's own roles and switches.
 * A per-object permission is asked about one object, \`can(role, permission, level, { object })\`:
 * here one of the policy's default objects (OBJECTS); any other object, or none, is denied.
 */
export function can<P extends Permission>(roles: Role | readonly Role[], permission: P, ...ask: Ask<P>): boolean;
// Fixed parameters rather than the rest array the typed signature describes: a rest array costs an
// allocation per call on the hot path. Without an \`on\` object the permission and plan pass as given.
export function can(roles: unknown, permission: unknown, atLeast?: unknown, on?: unknown): boolean {
  return on === undefined || typeof on === 'string' ? kCan(TABLES, roles, permission, atLeast, on) : kCan(TABLES, roles, kRowOf(permission, on), atLeast, kPlanOf(on));
}

/** The integer id (ROLE_ID) of a role id read from outside, or -1 when it is not a role of this policy. */
export function roleId(value: unknown): number {
  return roleIndex(value);
}

/** The integer id (PERMISSION_ID) of a permission id, or -1 when it is not a permission of this policy. */
export function permissionId(value: unknown): number {
  const i = permissionIndex(value);
  return i < PERMISSIONS.length ? i : -1;
}

/**
 * \`can\` for integer ids, for hot paths: ROLE_ID (or roleId()), PERMISSION_ID and LEVEL_ID[permission].
 * Whether the role reaches \`level\` of an ordered scale, or holds action \`level\` of an action set.
 * Ids that are out of range, negative or not integers are denied.
 */
export function canId(role: number, permission: number, level: number): boolean {
  return kCanId(TABLES, role, permission, level);
}

/** Like \`can\`, for a member: the union of all their roles and of their tier node. Plan-gated permissions need the plan. */
export function memberCan<P extends Permission>(member: Member, permission: P, ...ask: Ask<P>): boolean;
export function memberCan(member: unknown, permission: unknown, atLeast?: unknown, on?: unknown): boolean {
  return on === undefined || typeof on === 'string' ? kMemberCan(TABLES, member, permission, atLeast, on) : kMemberCan(TABLES, member, kRowOf(permission, on), atLeast, kPlanOf(on));
}

/**
 * Whether the actor may perform \`action\` on one resource: an exception of the policy allows it,
 * or a permission the actor holds (through any role or their tier node) applies to the resource
 * through relations that all hold, with whatever else that rule requires. A private resource also
 * needs the permission its kind names, and the permission of each part of it the action touches.
 * Unknown kinds, actions, roles, plans and malformed input are denied.
 */
export function canAccess<K extends ResourceKind>(actor: Actor, resource: Resource<K>, action: ResourceActions[K], plan?: Plan): boolean {
  return kCanAccess(TABLES, actor, resource, action, plan);
}

/**
 * The condition on a resource of \`kind\` under which \`canAccess(actor, resource, action)\` holds, as
 * a small JSON tree over the resource's fields (true: every resource; false: none). Turn it into
 * SQL with \`toSql\`, so that a list screen loads only what the actor may see.
 */
export function accessFilter<K extends ResourceKind>(actor: Actor, kind: K, action: ResourceActions[K], plan?: Plan): AccessFilter {
  return kAccessFilter(TABLES, actor, kind, action, plan);
}

/** The questions that depend on where a request comes from, asked in one context (see inContext). */
export interface InContext {
  readonly context: RequestContext;
  can<P extends Permission>(roles: Role | readonly Role[], permission: P, ...ask: Ask<P>): boolean;
  memberCan<P extends Permission>(member: Member, permission: P, ...ask: Ask<P>): boolean;
  canAccess<K extends ResourceKind>(actor: Actor, resource: Resource<K>, action: ResourceActions[K], plan?: Plan): boolean;
  accessFilter<K extends ResourceKind>(actor: Actor, kind: K, action: ResourceActions[K], plan?: Plan): AccessFilter;
}

/**
 * \`can\`, \`memberCan\`, \`canAccess\` and \`accessFilter\` for a request from \`context\` (the
 * functions above answer for the first of CONTEXTS). A permission limited to other contexts is
 * denied; a context the policy does not list denies every permission.
 */
export function inContext(context: RequestContext): InContext {
  const t = kInContext(TABLES, context);
  return Object.freeze({
    context,
    can: (roles: unknown, permission: unknown, atLeast?: unknown, plan?: unknown) => kCan(t, roles, kRowOf(permission, plan), atLeast, kPlanOf(plan)),
    memberCan: (member: unknown, permission: unknown, atLeast?: unknown, plan?: unknown) => kMemberCan(t, member, kRowOf(permission, plan), atLeast, kPlanOf(plan)),
    canAccess: (actor: unknown, resource: unknown, action: unknown, plan?: unknown) => kCanAccess(t, actor, resource, action, plan),
    accessFilter: (actor: unknown, kind: unknown, action: unknown, plan?: unknown) => kAccessFilter(t, actor, kind, action, plan) as AccessFilter,
  });
}

/** Whether \`plan\` is \`min\` or a higher plan. Unknown plans are denied. */
export function planAtLeast(plan: Plan, min: Plan): boolean {
  return kPlanAtLeast(TABLES, plan, min);
}

/** Whether the plan includes the feature (and its switches are on by default). Unknown features and plans are denied. */
export function hasFeature(feature: Feature, plan: Plan): boolean {
  return kHasFeature(TABLES, feature, plan);
}

/**
 * A quota the role grants: the value of the quota's first case that holds for the role (a
 * permission it holds, the plan, switches), else its default. For several roles, the highest.
 * Cases that need a plan hold only when \`plan\` is given and high enough. \`undefined\` for
 * unknown quotas and when no role is known.
 */
export function limitOf(roles: Role | readonly Role[], quota: Quota, plan?: Plan): number | undefined {
  return kLimitOf(TABLES, roles, quota, plan);
}

/** Like \`limitOf\`, for a member: the highest over their roles and their tier node. */
export function memberLimitOf(member: Member, quota: Quota, plan?: Plan): number | undefined {
  return kMemberLimitOf(TABLES, member, quota, plan);
}

/** Whether a switch is on for an account whose data does not say (SWITCH_DEFAULTS); unknown switches are off. */
export function isOn(id: Switch): boolean {
  return kIsOn(TABLES, id);
}

/** Whether \`ancestor\` is strictly above \`node\` in the tree. O(1). Unknown nodes are denied. */
export function isAncestor(ancestor: TierNode, node: TierNode): boolean {
  return kIsAncestor(TABLES, ancestor, node, false);
}

/** Whether \`ancestor\` is \`node\` or above it. O(1). */
export function isSameOrAncestor(ancestor: TierNode, node: TierNode): boolean {
  return kIsAncestor(TABLES, ancestor, node, true);
}

/** The parent of a node; undefined for the root and unknown nodes. */
export function parentOf(node: TierNode): TierNode | undefined {
  return kParentOf(TABLES, node) as TierNode | undefined;
}

/** The level of a node, 1 for the root; undefined for unknown nodes. */
export function depthOf(node: TierNode): number | undefined {
  return kDepthOf(TABLES, node);
}

/** The tables the static validators judge against: the policy's, plus a context's custom roles and plan. */
function contextTables(ctx: unknown): Tables {
  const customRoles = field(ctx, 'customRoles');
  const plan = field(ctx, 'plan');
  const objects = field(ctx, 'objects');
  if (customRoles === undefined && plan === undefined && objects === undefined) return TABLES;
  return compileAccount(TABLES, { ...(objects !== undefined ? { objects } : {}), ...(customRoles !== undefined ? { customRoles } : {}), ...(plan !== undefined ? { plan } : {}) }, FAST).tables;
}

/** Whether \`actor\` may change \`target\`'s roles to \`roles\` (assignments and removals together). */
export function canSetRoles(actor: Actor, target: Actor, roles: readonly RoleId[], ctx?: Context): Verdict {
  return kSetRoles(contextTables(ctx), actor, target, roles, ctx);
}

/** Whether \`actor\` may give \`role\` to \`target\` (it replaces the target's role when members hold one role). */
export function canAssignRole(actor: Actor, target: Actor, role: RoleId, ctx?: Context): Verdict {
  return kAssignRole(contextTables(ctx), actor, target, role, ctx);
}

/** Whether \`actor\` may take \`role\` away from \`target\`. */
export function canRemoveRole(actor: Actor, target: Actor, role: RoleId, ctx?: Context): Verdict {
  return kRemoveRole(contextTables(ctx), actor, target, role, ctx);
}

/** Whether \`actor\` may edit \`role\` (a policy role or a custom role of the context) at all. */
export function canEditRole(actor: Actor, role: RoleId, ctx?: Context): Verdict {
  return kEditRole(contextTables(ctx), actor, role, ctx);
}

/**
 * Whether \`actor\` may place \`member\` in tier node \`tier\` of the policy's tree, or take them out of
 * the tree (\`null\`): refused for an unknown node (unknown-reference), for moving oneself
 * (self-assign) and without the power to assign roles (not-permitted). The node's place in the tree
 * does not matter: the actor's own node does not limit where they place others.
 */
export function canMoveMember(actor: Actor, member: Actor, tier: TierNode | null, ctx?: Context): Verdict {
  return kMoveMember(contextTables(ctx), actor, member, tier);
}

/** Whether a name equals or imitates a reserved name. */
export function isReservedName(name: string): boolean {
  return kIsReservedName(TABLES, name);
}

/**
 * Whether \`actor\` may save \`draft\` as a role: a new custom role (caps, plan, names) or a change
 * to a custom role of the context or to a customizable role of the policy (within what it allows).
 */
export function validateRoleDraft(actor: Actor, draft: CustomRole, ctx?: Context): Verdict {
  return kValidateDraft(contextTables(ctx), actor, draft, ctx);
}

/**
 * Whether \`actor\` may save a copy of role \`clone.from\` as a new custom role with its current
 * values: refused (clone-forbidden) when the policy offers no cloning, for owner and admin roles,
 * and for roles the policy excepts; otherwise judged as validateRoleDraft judges the copy.
 */
export function validateRoleClone(actor: Actor, clone: RoleClone, ctx?: Context): Verdict {
  return kValidateClone(contextTables(ctx), actor, clone, ctx);
}

/**
 * Validates an account's data (as the product stores it) against the policy and compiles it into
 * an Account that answers every question with the account's own roles, cells, members, tiers and
 * plan. Problems carry the compiler's rule names and a JSON pointer into the data. Never throws.
 */
export function openAccount(data: unknown): OpenResult {
  return kOpenAccount(TABLES, FAST, data) as unknown as OpenResult;
}`;

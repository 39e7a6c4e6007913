// IR -> generated/<name>/spicedb/relationships.ts: the relationships that represent an account and
// its resources in the schema of emit-spicedb.ts, the delta between two versions of an account,
// and the check requests that ask the guards' questions. Zero dependencies, like guards.ts.
//
// relationshipsOf takes the account that the guards' openAccount returns rather than raw data: the
// role rows (customised cells, custom roles, implications) are computed once, by the kernel, and
// the relationships are written from them, so SpiceDB can never hold a second reading of the data.

import { actorAttributes, resourceAttributes, type ResolvedPolicy } from '../ir.js';
import { jsDocText } from './escape.js';
import { lit, resourceAttributeType, union } from './guards/helpers.js';
import { DO_NOT_EDIT } from './header.js';
import { MAX_LIST } from '../runtime/kernel.js';
import { gatePlans, gateSwitches, grantName, levelName, permName, planName, switchName, valueDefinition, valueRelation } from './emit-spicedb-names.js';

const doc = (s: string): string => `/** ${jsDocText(s)} */`;

export function emitSpicedbRelationships(ir: ResolvedPolicy, sourceDir: string): string {
  const perms = Object.keys(ir.permissions);
  const kinds = Object.keys(ir.resources);
  const out: string[] = [];
  out.push(
    `// ${DO_NOT_EDIT}`,
    `// Source: ${jsDocText(sourceDir).replace(/\n/g, ' ')}. Regenerate with \`npx policyc build\`.`,
    '// Zero dependencies: this module imports nothing. The schema it writes for is schema.zed beside it.',
    '/* eslint-disable */',
    '',
    doc('Content hash of the resolved policy the schema was compiled from (POLICY_VERSION in guards.ts).'),
    `export const POLICY_VERSION = ${lit(ir.version)};`,
    '',
    doc('Every permission id of the policy.'),
    `export type Permission = ${union(perms)};`,
    doc('The levels (ordered scales) or actions (action sets) of each permission.'),
    'export interface Levels {',
    ...perms.map((p) => `  readonly ${lit(p)}: ${union(ir.permissions[p]!.levels)};`),
    '}',
    doc('Kinds of resources.'),
    `export type ResourceKind = ${union(kinds)};`,
    doc('The actions of each resource kind.'),
    'export interface ResourceActions {',
    ...kinds.map((k) => `  readonly ${lit(k)}: ${union(ir.resources[k]!.actions)};`),
    '}',
    doc('Attributes of a member that the declared relations read: a value, or a list of values.'),
    'export interface MemberAttributes {',
    // A relation on the member's own id reads the id every member has.
    ...actorAttributes(ir).map((a) => `  readonly ${lit(a)}?: string | readonly string[] | null;`),
    '}',
    doc('Attributes of a resource that the declared relations read.'),
    'export interface ResourceAttributes {',
    ...resourceAttributes(ir).map((a) => `  readonly ${lit(a)}?: ${resourceAttributeType(ir, a)};`),
    '}',
    '',
  );
  const table = perms.map((p) => {
    const perm = ir.permissions[p]!;
    const actions = perm.kind === 'actions';
    return `  ${lit(p)}: { actions: ${actions}, any: ${lit(permName(p))}, levels: [${perm.levels.map(lit).join(', ')}], ask: [${perm.levels.map((l) => lit(levelName(p, l))).join(', ')}], grants: [${perm.levels.map((l, i) => (actions || i > 0 ? lit(grantName(p, l)) : 'null')).join(', ')}] },`;
  });
  const plans = Object.keys(ir.plans);
  out.push(
    '// ---- Names in schema.zed ----',
    '',
    doc('Per permission: the account permission of the default question, the one per level or action, and the grant relation per level (null: every holder reaches the lowest level).'),
    'const PERMISSIONS: { readonly [P in Permission]: { readonly actions: boolean; readonly any: string; readonly levels: readonly string[]; readonly ask: readonly string[]; readonly grants: readonly (string | null)[] } } = {',
    ...table,
    '};',
    doc('Plans lowest first, and the plans that gate a permission or a feature an access rule requires, with the account relation written for them.'),
    `const PLANS: readonly string[] = [${plans.map(lit).join(', ')}];`,
    `const PLAN_GATES: readonly (readonly [plan: string, relation: string])[] = [${gatePlans(ir).map((p) => `[${lit(p)}, ${lit(planName(p))}]`).join(', ')}];`,
    doc('The switches that gate a permission or a feature an access rule requires, with the account relation written while each is on.'),
    `const SWITCH_GATES: readonly (readonly [id: string, relation: string])[] = [${gateSwitches(ir).map((id) => `[${lit(id)}, ${lit(switchName(id))}]`).join(', ')}];`,
    doc("The policy's own tier nodes; an account adds its own under them."),
    `const TIER_NODES: readonly string[] = [${(ir.tiers ? Object.keys(ir.tiers.nodes) : []).map(lit).join(', ')}];`,
    `const KINDS: readonly string[] = [${kinds.map(lit).join(', ')}];`,
    doc("Declared relations: the definition of their values, the resource relation to its value (or values), the member's attribute, the resource's, and whether that is a list."),
    `const DECLARED: readonly (readonly [definition: string, relation: string, member: string, resource: string, many: boolean])[] = [${Object.entries(ir.relations)
      .map(([id, r]) => `[${lit(valueDefinition(id))}, ${lit(valueRelation(id))}, ${lit(r.actor)}, ${lit(r.resource)}, ${r.many}]`)
      .join(', ')}];`,
    '',
  );
  out.push(RUNTIME);
  return out.join('\n');
}

/** The part of relationships.ts that does not depend on the policy. */
const RUNTIME = `// ---- Relationships ----

/** An object in SpiceDB. */
export interface ObjectRef {
  readonly type: string;
  readonly id: string;
}
/** A subject: an object, or a set of them (\`account:acme#member\`). */
export interface SubjectRef {
  readonly type: string;
  readonly id: string;
  readonly relation?: string;
}
/** One relationship, in the shape every SpiceDB client accepts. */
export interface Relationship {
  readonly resource: ObjectRef;
  readonly relation: string;
  readonly subject: SubjectRef;
}
/** A CheckPermission request (add the consistency you need). */
export interface CheckRequest {
  readonly resource: ObjectRef;
  readonly permission: string;
  readonly subject: SubjectRef;
}

/**
 * What relationshipsOf reads of an account: \`openAccount(data).account\` of guards.ts is one.
 * Its answers (levelOf, memberValue) are the kernel's, so both targets read the data the same way.
 */
export interface AccountView {
  readonly plan: string | undefined;
  readonly roles: readonly string[];
  readonly data: {
    readonly members?: readonly ({ readonly id: string; readonly roles: readonly string[]; readonly tier?: string | null; readonly groups?: readonly string[]; readonly organization?: string | null } & MemberAttributes)[];
    readonly tiers?: readonly { readonly id: string }[];
  };
  levelOf(role: string, permission: Permission): string | readonly string[] | undefined;
  memberValue(member: { readonly roles: readonly never[]; readonly tier: string }, permission: Permission): string | readonly string[] | undefined;
  parentOf(node: string): string | undefined;
  isOn(id: string): boolean;
}

/** A resource as relationships are written for it: the attributes canAccess reads, and its id. */
export interface StoredResource<K extends ResourceKind = ResourceKind> extends ResourceAttributes {
  readonly kind: K;
  readonly id: string;
  readonly assignee?: string | null;
  readonly followers?: readonly string[];
  readonly formerAssignees?: readonly string[];
  readonly group?: string | null;
  readonly organization?: string | null;
  readonly tier?: string | null;
  readonly private?: boolean;
}

/** The longest list canAccess reads (MAX_LIST in guards.ts): a longer list on a resource matches nothing. */
const MAX_LIST = ${MAX_LIST};

const SAFE = /^[A-Za-z0-9_-]$/;
const HEX2 = /^[0-9a-f]{2}$/;
const HEX4 = /^[0-9a-f]{4}$/;

/**
 * An id in SpiceDB's object id alphabet, reversibly: letters, digits, _ and - stay; any other
 * UTF-16 unit becomes =xx (below 256) or ==xxxx. "/" never appears, so "<account>/<id>" splits.
 */
export function escapeId(id: string): string {
  let out = '';
  for (let i = 0; i < id.length; i++) {
    const c = id.charAt(i);
    if (SAFE.test(c)) out += c;
    else {
      const u = id.charCodeAt(i);
      out += u < 256 ? '=' + u.toString(16).padStart(2, '0') : '==' + u.toString(16).padStart(4, '0');
    }
  }
  return out;
}

/** The id escapeId was given; undefined for text escapeId never writes. */
export function unescapeId(text: string): string | undefined {
  let out = '';
  for (let i = 0; i < text.length; ) {
    const c = text.charAt(i);
    if (SAFE.test(c)) {
      out += c;
      i += 1;
    } else if (c === '=' && text.charAt(i + 1) === '=' && HEX4.test(text.slice(i + 2, i + 6))) {
      const u = parseInt(text.slice(i + 2, i + 6), 16);
      if (u < 256) return undefined;
      out += String.fromCharCode(u);
      i += 6;
    } else if (c === '=' && HEX2.test(text.slice(i + 1, i + 3))) {
      const u = parseInt(text.slice(i + 1, i + 3), 16);
      if (SAFE.test(String.fromCharCode(u))) return undefined;
      out += String.fromCharCode(u);
      i += 3;
    } else return undefined;
  }
  return out;
}

/** An own field of an object given by the caller (an attribute of a declared relation); undefined when absent. */
function own(value: object, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(value, key) ? (value as Record<string, unknown>)[key] : undefined;
}

/** The object of an account's member, role, tier node, group, organisation or resource. */
export function objectOf(type: string, accountId: string, id: string): ObjectRef {
  return { type, id: escapeId(accountId) + '/' + escapeId(id) };
}

/** The text form zed and the SpiceDB playground use: \`type:id#relation@type:id[#relation]\`. */
export function relationshipKey(r: Relationship): string {
  const s = r.subject;
  return r.resource.type + ':' + r.resource.id + '#' + r.relation + '@' + s.type + ':' + s.id + (s.relation ? '#' + s.relation : '');
}

class Writer {
  readonly list: Relationship[] = [];
  private readonly seen = new Set<string>();
  add(resource: ObjectRef, relation: string, subject: SubjectRef): void {
    const r: Relationship = { resource, relation, subject };
    const key = relationshipKey(r);
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.list.push(r);
  }
}

/** Writes the grants of one role or tier node on the account: the highest level reached, or each action held. */
function writeGrants(w: Writer, account: ObjectRef, holders: SubjectRef, value: (p: Permission) => string | readonly string[] | undefined): void {
  for (const p of Object.keys(PERMISSIONS) as Permission[]) {
    const t = PERMISSIONS[p];
    const v = value(p);
    if (v === undefined) continue;
    const held = typeof v === 'string' ? [v] : v;
    for (const level of held) {
      const i = t.levels.indexOf(level);
      const relation = i < 0 ? null : t.grants[i];
      if (relation !== null && relation !== undefined) w.add(account, relation, holders);
    }
  }
}

/**
 * The relationships that represent an account: its members, role assignments, each role's grants
 * (builtin roles with their customised cells, and custom roles), tier nodes with their parents,
 * members and grants, groups and organisations, the plan and the switches that are on.
 */
export function relationshipsOf(accountId: string, account: AccountView): Relationship[] {
  const w = new Writer();
  const acc: ObjectRef = { type: 'account', id: escapeId(accountId) };
  const everyone: SubjectRef = { type: 'account', id: acc.id, relation: 'member' };
  const plan = account.plan === undefined ? -1 : PLANS.indexOf(account.plan);
  for (const [gate, relation] of PLAN_GATES) if (plan >= 0 && PLANS.indexOf(gate) <= plan) w.add(acc, relation, everyone);
  for (const [id, relation] of SWITCH_GATES) if (account.isOn(id)) w.add(acc, relation, everyone);
  for (const role of account.roles) {
    const holders: SubjectRef = { ...objectOf('role', accountId, role), relation: 'member' };
    w.add(acc, 'role', holders);
    writeGrants(w, acc, holders, (p) => account.levelOf(role, p));
  }
  const nodes = [...TIER_NODES, ...(account.data.tiers ?? []).map((t) => t.id)];
  for (const node of nodes) {
    const n = objectOf('tier', accountId, node);
    const members: SubjectRef = { ...n, relation: 'member' };
    w.add(acc, 'tier', members);
    const parent = account.parentOf(node);
    if (parent !== undefined) w.add(n, 'parent', objectOf('tier', accountId, parent));
    writeGrants(w, acc, members, (p) => account.memberValue({ roles: [], tier: node }, p));
  }
  for (const m of account.data.members ?? []) {
    const member = objectOf('member', accountId, m.id);
    w.add(acc, 'member', member);
    for (const role of m.roles) w.add(objectOf('role', accountId, role), 'member', member);
    if (typeof m.tier === 'string') w.add(objectOf('tier', accountId, m.tier), 'member', member);
    for (const g of m.groups ?? []) if (g !== '') w.add(objectOf('group', accountId, g), 'member', member);
    if (typeof m.organization === 'string' && m.organization !== '') w.add(objectOf('organization', accountId, m.organization), 'member', member);
    for (const [definition, , attribute] of DECLARED) {
      const v = own(m, attribute);
      for (const value of typeof v === 'string' ? [v] : Array.isArray(v) ? v : []) if (typeof value === 'string' && value !== '') w.add(objectOf(definition, accountId, value), 'member', member);
    }
  }
  return w.list;
}

/** The relationships of one resource: its account, assignee, followers, group, organisation, tier and whether it is public. */
export function resourceRelationships<K extends ResourceKind>(accountId: string, resource: StoredResource<K>): Relationship[] {
  const w = new Writer();
  const res = objectOf(resource.kind, accountId, resource.id);
  const acc: ObjectRef = { type: 'account', id: escapeId(accountId) };
  const everyone: SubjectRef = { type: 'account', id: acc.id, relation: 'member' };
  const member = (id: string): ObjectRef => objectOf('member', accountId, id);
  w.add(res, 'account', acc);
  const a = resource.assignee;
  if (typeof a === 'string' && a !== '') {
    w.add(res, 'assignee', member(a));
    w.add(res, 'assigned', everyone);
  } else if (a === undefined || a === null || a === '') w.add(res, 'unassigned', everyone);
  for (const f of resource.followers ?? []) if (typeof f === 'string' && f !== '') w.add(res, 'follower', member(f));
  for (const f of resource.formerAssignees ?? []) if (typeof f === 'string' && f !== '') w.add(res, 'former_assignee', member(f));
  if (typeof resource.group === 'string' && resource.group !== '') w.add(res, 'group', objectOf('group', accountId, resource.group));
  if (typeof resource.organization === 'string' && resource.organization !== '') w.add(res, 'organization', objectOf('organization', accountId, resource.organization));
  if (typeof resource.tier === 'string') w.add(res, 'tier', objectOf('tier', accountId, resource.tier));
  for (const [definition, relation, , attribute, many] of DECLARED) {
    const v = own(resource, attribute);
    // A list: one relationship per value (none for a list longer than canAccess reads, or for an item that is no non-empty string).
    const values = many ? (Array.isArray(v) && v.length <= MAX_LIST ? (v as unknown[]) : []) : [v];
    for (const x of values) if (typeof x === 'string' && x !== '') w.add(res, relation, objectOf(definition, accountId, x));
  }
  const p = resource.private;
  if (p === undefined || p === null || p === false) w.add(res, 'public', everyone);
  return w.list;
}

/**
 * The check for memberCan(member, permission, atLeast) on the account. Without atLeast: anything
 * above the lowest level, or any action. null for a permission or level the policy does not have
 * (the guards deny it; there is nothing to ask).
 */
export function spicedbCheck<P extends Permission>(accountId: string, memberId: string, permission: P, atLeast?: Levels[P]): CheckRequest | null {
  const t = Object.prototype.hasOwnProperty.call(PERMISSIONS, permission) ? PERMISSIONS[permission] : undefined;
  if (t === undefined) return null;
  let name = t.any;
  if (atLeast !== undefined) {
    const i = t.levels.indexOf(atLeast);
    if (i < 0) return null;
    name = t.ask[i]!;
  }
  return { resource: { type: 'account', id: escapeId(accountId) }, permission: name, subject: objectOf('member', accountId, memberId) };
}

/** The check for canAccess(member, resource, action); null for a kind the policy does not have. */
export function spicedbAccessCheck<K extends ResourceKind>(accountId: string, memberId: string, resource: { readonly kind: K; readonly id: string }, action: ResourceActions[K]): CheckRequest | null {
  if (KINDS.indexOf(resource.kind) < 0) return null;
  return { resource: objectOf(resource.kind, accountId, resource.id), permission: action, subject: objectOf('member', accountId, memberId) };
}

/**
 * What to write when an account changes (a role edited, created or deleted, a member's roles or
 * tier changed, a new plan): the relationships to touch and those to delete, for one
 * WriteRelationships call. null stands for no account (before it was created, after it was deleted).
 */
export function relationshipDelta(accountId: string, before: AccountView | null, after: AccountView | null): { touch: Relationship[]; delete: Relationship[] } {
  const was = before === null ? [] : relationshipsOf(accountId, before);
  const now = after === null ? [] : relationshipsOf(accountId, after);
  const wasKeys = new Set(was.map(relationshipKey));
  const nowKeys = new Set(now.map(relationshipKey));
  return { touch: now.filter((r) => !wasKeys.has(relationshipKey(r))), delete: was.filter((r) => !nowKeys.has(relationshipKey(r))) };
}
`;

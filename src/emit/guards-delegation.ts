// Runtime validators in guards.ts for the role edits a product's admin screens allow: assigning
// and removing roles, editing roles, and drafts of custom roles. They enforce at run time what the
// compiler proves of the policy, under the same rule names: no change to one's own roles, the
// subset rule, protected roles, caps, names (duplicates and reserved look-alikes), admin-only and
// owner-only permissions, the plan gate for custom roles and the owner minimum.

import type { Statements as SourceFile } from './emit-guards.js';
import type { ResolvedPolicy } from '../ir.js';
import { CONFUSABLES } from '../util/names.js';
import { tsString } from './escape.js';
import { needCode } from './guards-access.js';

const lit = tsString;

export function emitDelegation(file: SourceFile, ir: ResolvedPolicy): void {
  const roles = Object.keys(ir.roles);
  const perms = Object.keys(ir.permissions);
  const plans = Object.keys(ir.plans);
  const hasPlans = plans.length > 0;
  const hasAccess = Object.keys(ir.resources).length > 0;
  const idx = (p: string) => perms.indexOf(p);
  const conds = (list: ResolvedPolicy['delegation']['manageRoles']) => `[${list.map((c) => `[${idx(c.permission)}, ${needCode(ir, c.permission, c.atLeast)}]`).join(', ')}]`;
  // Implications in closure order (sources before targets), as [source, target, least code].
  const implies: string[] = [];
  const order = closureOrder(ir);
  for (const p of order) {
    for (const [t, v] of Object.entries(ir.permissions[p]!.implies)) {
      const levels = ir.permissions[t]!.levels;
      const code = typeof v === 'string' ? levels.indexOf(v) : v.reduce((m, a) => m | (1 << levels.indexOf(a)), 0);
      implies.push(`[${idx(p)}, ${idx(t)}, ${code}]`);
    }
  }
  const actionImplies = perms.map((p) => {
    const perm = ir.permissions[p]!;
    if (perm.kind !== 'actions') return '[]';
    const scale = ir.scales[perm.scale]!;
    return `[${perm.levels.map((a) => (scale.implies[a] ?? []).reduce((m, b) => m | (1 << perm.levels.indexOf(b)), 1 << perm.levels.indexOf(a))).join(', ')}]`;
  });
  const allowedCodes = roles.map(
    (r) =>
      `[${perms
        .map((p) => {
          const levels = ir.permissions[p]!.levels;
          return `[${ir.roles[r]!.allowed[p]!.map((v) => (typeof v === 'string' ? levels.indexOf(v) : v.reduce((m, a) => m | (1 << levels.indexOf(a)), 0))).join(', ')}]`;
        })
        .join(', ')}]`,
  );
  const limitByPlan = (name: 'maxRoles' | 'maxCustomRoles'): string => {
    const byPlan = ir.limits.byPlan[name];
    if (!byPlan) return `(_plan?: unknown): number => ${ir.limits[name] ?? 'Infinity'}`;
    // A per-plan limit is 0 below the lowest plan listed, then the value of the highest listed plan reached.
    return `(plan: unknown): number => {
  const rank = typeof plan === 'string' ? PLAN_RANK[plan] : ${ir.plan === null ? 'undefined' : ir.plans[ir.plan]!.rank};
  if (rank === undefined) return 0;
  let value = 0;
  ${Object.entries(byPlan)
    .map(([p, n]) => `if (rank >= ${ir.plans[p]!.rank}) value = ${n};`)
    .join('\n  ')}
  return value;
}`;
  };
  const minPlanForCustom = (() => {
    const byPlan = ir.limits.byPlan.maxCustomRoles;
    if (!byPlan) return null;
    return Object.entries(byPlan).find(([, n]) => n > 0)?.[0] ?? null;
  })();

  file.addStatements(`
/** The answer of a runtime validator: ok, or the problems found, each under a rule name of the compiler. */
export type Verdict = { ok: true } | { ok: false; problems: { rule: string; message: string }[] };
/** Values of every permission, as a role holds them. */
export type Grants = { [P in Permission]: ValueOf<P> };
/** A role created by the account and stored by the product. */
export interface CustomRole {
  readonly id: string;
  readonly name: string;
  readonly grants: Partial<Grants>;
}
/** What the product stores today: its custom roles${hasPlans ? ', the account\'s plan' : ''} and, for owner counts, its members. */
export interface Context {
  readonly customRoles: readonly CustomRole[];
  readonly members?: readonly { readonly id: string; readonly roles: readonly string[] }[];${hasPlans ? '\n  readonly plan?: Plan;' : ''}
}
/**
 * A member who acts (or whose roles change): id and role ids, builtin or custom (unknown ids add
 * nothing)${hasAccess ? '; for canAccess also what relations are measured against' : ''}.
 */
export interface Actor {
  readonly id: string;
  readonly roles: readonly string[];${hasAccess ? '\n  readonly groups?: readonly string[];\n  readonly organization?: string | null;' : ''}${hasAccess && ir.tiers ? '\n  readonly tier?: TierNode | null;' : ''}
}

/** 0 owner, 1 builtin, 2 custom (for the policy's own example custom roles). */
const ROLE_KIND = new Uint8Array([${roles.map((r) => ({ owner: 0, builtin: 1, custom: 2 })[ir.roles[r]!.kind]).join(', ')}]);
const ROLE_ADMIN = new Uint8Array([${roles.map((r) => (ir.roles[r]!.admin ? 1 : 0)).join(', ')}]);
/** Role indexes each builtin role may be edited or assigned by; empty: anyone with the power. */
const EDITABLE_BY: readonly (readonly number[])[] = [${roles.map((r) => `[${ir.roles[r]!.editableBy.map((e) => roles.indexOf(e)).join(', ')}]`).join(', ')}];
/** Values an administrator may choose per role and permission (codes). */
const ALLOWED: readonly (readonly (readonly number[])[])[] = [
  ${allowedCodes.join(',\n  ')},
];
const MANAGE_ROLES: readonly (readonly [permission: number, need: number])[] = ${conds(ir.delegation.manageRoles)};
const ASSIGN_ROLES: readonly (readonly [permission: number, need: number])[] = ${conds(ir.delegation.assignRoles)};
const ADMIN_ONLY = new Uint8Array([${perms.map((p) => (ir.permissions[p]!.adminOnly ? 1 : 0)).join(', ')}]);
const OWNER_ONLY = new Uint8Array([${perms.map((p) => (ir.permissions[p]!.ownerOnly ? 1 : 0)).join(', ')}]);
/** Permission implications in closure order: [source, target, least code]. */
const IMPLIES: readonly (readonly [number, number, number])[] = [${implies.join(', ')}];
/** Action sets: per action bit, the mask of that action and the actions it implies. */
const ACTION_IMPLIES: readonly (readonly number[])[] = [${actionImplies.join(', ')}];
const MAX_ROLES = ${limitByPlan('maxRoles')};
const MAX_CUSTOM_ROLES = ${limitByPlan('maxCustomRoles')};
const CUSTOM_ROLES_PLAN: string | null = ${minPlanForCustom === null ? 'null' : lit(minPlanForCustom)};
const MIN_OWNERS = ${ir.limits.minOwners};
const ROLES_PER_MEMBER = { min: ${ir.limits.rolesPerMember.min}, max: ${ir.limits.rolesPerMember.max ?? 'Infinity'} };
const RESERVED_NAMES: readonly string[] = [${ir.limits.reservedNames.map(lit).join(', ')}];
const CONFUSABLES: Readonly<Record<string, string>> = Object.assign(Object.create(null) as Record<string, string>, {
  ${Object.entries(CONFUSABLES)
    .map(([k, v]) => `${lit(k)}: ${lit(v)}`)
    .join(', ')},
});

type Problems = { rule: string; message: string }[];

/** A value for a message; never throws (BigInt, cycles, getters). */
function describe(value: unknown): string {
  try {
    return typeof value === 'string' ? JSON.stringify(value) : String(value);
  } catch {
    return 'a malformed value';
  }
}

/** Entries of a list that are objects (null, numbers and holes are skipped). */
function objects<T>(list: unknown): T[] {
  return Array.isArray(list) ? (Array.from(list).filter((x) => x !== null && typeof x === 'object') as T[]) : [];
}
const verdict = (problems: Problems): Verdict => (problems.length ? { ok: false, problems } : { ok: true });

function findCustom(id: unknown, ctx: Context | undefined): CustomRole | undefined {
  if (typeof id !== 'string' || !ctx) return undefined;
  return objects<CustomRole>(ctx.customRoles).find((r) => r.id === id);
}

/** Codes of a grants object (over \`base\`, else the lowest values) with closure applied; unknown permissions and values are reported. */
function encodeGrants(grants: unknown, problems: Problems, base?: readonly number[]): number[] {
  const codes = base ? [...base] : new Array<number>(STRIDE).fill(0);
  if (grants === null || typeof grants !== 'object') return codes;
  for (const [perm, value] of Object.entries(grants as Record<string, unknown>)) {
    const p = permissionIndex(perm);
    if (p < 0) {
      problems.push({ rule: 'unknown-reference', message: \`unknown permission \${describe(perm)}\` });
      continue;
    }
    if (IS_ACTIONS[p] === 1) {
      // The draft's list replaces the current actions (a draft may also take actions away).
      const list: unknown[] = Array.isArray(value) ? Array.from(value) : [value];
      let mask = 0;
      for (const a of list) {
        const bit = levelCode(p, a);
        if (bit === undefined) problems.push({ rule: 'invalid-level', message: \`\${describe(a)} is not an action of \${perm}\` });
        else mask |= bit;
      }
      codes[p] = mask;
    } else {
      const c = levelCode(p, value);
      if (c === undefined) problems.push({ rule: 'invalid-level', message: \`\${describe(value)} is not a level of \${perm}\` });
      else codes[p] = c;
    }
  }
  return close(codes);
}

function close(codes: number[]): number[] {
  for (let p = 0; p < STRIDE; p++) {
    if (IS_ACTIONS[p] !== 1) continue;
    let mask = codes[p]!;
    ACTION_IMPLIES[p]!.forEach((m, bit) => {
      if ((codes[p]! & (1 << bit)) !== 0) mask |= m;
    });
    codes[p] = mask;
  }
  for (const [s, t, least] of IMPLIES) {
    if (codes[s] === 0) continue;
    codes[t] = IS_ACTIONS[t] === 1 ? codes[t]! | least : Math.max(codes[t]!, least);
  }
  return codes;
}

/** The codes a role id stands for: a builtin row, or a stored custom role. */
function roleCodes(id: unknown, ctx: Context | undefined): number[] | undefined {
  const r = roleIndex(id);
  if (r >= 0) return builtinCodes(r);
  const custom = findCustom(id, ctx);
  return custom ? encodeGrants(custom.grants, []) : undefined;
}

/** The union of what all of a holder's roles grant (unknown ids add nothing). */
function holderCodes(holder: Actor, ctx: Context | undefined): number[] {
  const out = new Array<number>(STRIDE).fill(0);
  if (!Array.isArray(holder.roles)) return out;
  for (const id of holder.roles) {
    const codes = roleCodes(id, ctx);
    if (!codes) continue;
    for (let p = 0; p < STRIDE; p++) out[p] = IS_ACTIONS[p] === 1 ? out[p]! | codes[p]! : Math.max(out[p]!, codes[p]!);
  }
  return out;
}

function builtinCodes(r: number): number[] {
  const out = new Array<number>(STRIDE);
  for (let p = 0; p < STRIDE; p++) out[p] = cellCode(r, p);
  return out;
}

function isOwnerHolder(holder: Actor): boolean {
  return Array.isArray(holder.roles) && holder.roles.some((id) => roleIndex(id) >= 0 && ROLE_KIND[roleIndex(id)] === 0);
}

function isAdminHolder(holder: Actor): boolean {
  return Array.isArray(holder.roles) && holder.roles.some((id) => roleIndex(id) >= 0 && ROLE_ADMIN[roleIndex(id)] === 1);
}

function holdsAny(codes: readonly number[], conditions: readonly (readonly [number, number])[]): boolean {
  return conditions.some(([p, need]) => (IS_ACTIONS[p] === 1 ? (codes[p]! & need) !== 0 : codes[p]! >= need));
}

/** The first permission where \`a\` exceeds \`b\`, or -1. */
function excess(a: readonly number[], b: readonly number[]): number {
  for (let p = 0; p < STRIDE; p++) {
    if (IS_ACTIONS[p] === 1 ? (a[p]! & ~b[p]!) !== 0 : a[p]! > b[p]!) return p;
  }
  return -1;
}

/** Whether the holder may touch (edit, assign or remove) a builtin role at all. */
function reachesBuiltin(holder: Actor, r: number): boolean {
  if (isOwnerHolder(holder)) return true;
  if (ROLE_KIND[r] === 0) return false;
  const by = EDITABLE_BY[r]!;
  if (by.length > 0) return holder.roles.some((id) => by.includes(roleIndex(id)));
  if (ROLE_ADMIN[r] === 1) return isAdminHolder(holder);
  return true;
}

/** Custom roles exist only on plans whose custom-role cap is above zero. */
function checkCustomPlan(ctx: Context | undefined, problems: Problems): void {
  if (CUSTOM_ROLES_PLAN !== null && MAX_CUSTOM_ROLES(${hasPlans ? 'ctx?.plan' : 'undefined'}) === 0) {
    problems.push({ rule: 'custom-role-cap', message: \`custom roles need the \${CUSTOM_ROLES_PLAN} plan or higher\` });
  }
}

function checkReach(actor: Actor, role: string, verb: string, ctx: Context | undefined, problems: Problems): number[] | undefined {
  const r = roleIndex(role);
  if (r >= 0) {
    if (!reachesBuiltin(actor, r)) problems.push({ rule: 'protected-role', message: \`role \${describe(role)} is protected; you may not \${verb} it\` });
    if (ROLE_KIND[r] === 2) checkCustomPlan(ctx, problems);
    return builtinCodes(r);
  }
  const custom = findCustom(role, ctx);
  if (!custom) {
    problems.push({ rule: 'unknown-reference', message: \`unknown role \${describe(role)}\` });
    return undefined;
  }
  checkCustomPlan(ctx, problems);
  return encodeGrants(custom.grants, []);
}

function checkSubset(actor: Actor, codes: readonly number[], what: string, ctx: Context | undefined, problems: Problems): void {
  if (isOwnerHolder(actor)) return;
  const p = excess(codes, holderCodes(actor, ctx));
  if (p >= 0) problems.push({ rule: 'escalation-subset', message: \`\${what} holds more of \${PERMISSIONS[p]} than you do\` });
}

function isHolder(x: unknown): x is Actor {
  if (x === null || typeof x !== 'object') return false;
  const { id, roles } = x as { id?: unknown; roles?: unknown };
  return typeof id === 'string' && Array.isArray(roles) && Array.from(roles).every((r) => typeof r === 'string');
}

function ownersWithout(memberId: string, ctx: Context | undefined): number | undefined {
  if (!ctx || !Array.isArray(ctx.members)) return undefined;
  return objects<Actor>(ctx.members).filter((m) => m.id !== memberId && isHolder(m) && isOwnerHolder(m)).length;
}

/** Whether \`actor\` may change \`target\`'s roles to \`roles\` (assignments and removals together). */
export function canSetRoles(actor: Actor, target: Actor, roles: readonly string[], ctx?: Context): Verdict {
  const problems: Problems = [];
  if (!isHolder(actor) || !isHolder(target) || !Array.isArray(roles) || Array.from(roles).some((r) => typeof r !== 'string')) {
    return verdict([{ rule: 'unknown-reference', message: 'actor, target and a list of role ids must be given' }]);
  }
  if (actor.id === target.id) problems.push({ rule: 'self-assign', message: 'nobody may change their own roles' });
  const power = holderCodes(actor, ctx);
  if (!isOwnerHolder(actor) && !holdsAny(power, ASSIGN_ROLES)) problems.push({ rule: 'not-permitted', message: 'you hold no permission to assign roles' });
  const added = roles.filter((r) => !target.roles.includes(r));
  const removed = target.roles.filter((r) => !roles.includes(r));
  for (const role of added) {
    const codes = checkReach(actor, role, 'assign', ctx, problems);
    if (codes) checkSubset(actor, codes, \`role \${describe(role)}\`, ctx, problems);
  }
  for (const role of removed) {
    const r = roleIndex(role);
    if (r >= 0 && !reachesBuiltin(actor, r)) problems.push({ rule: 'protected-role', message: \`role \${describe(role)} is protected; you may not remove it\` });
  }
  if (roles.length === 0 && ROLES_PER_MEMBER.min >= 1) problems.push({ rule: 'member-without-role', message: 'every member must hold a role' });
  else if (roles.length < ROLES_PER_MEMBER.min || roles.length > ROLES_PER_MEMBER.max) {
    problems.push({ rule: 'roles-per-member', message: \`a member holds \${ROLES_PER_MEMBER.min === ROLES_PER_MEMBER.max ? ROLES_PER_MEMBER.min : \`\${ROLES_PER_MEMBER.min} to \${ROLES_PER_MEMBER.max}\`} role(s)\` });
  }
  if (isOwnerHolder(target) && !isOwnerHolder({ id: target.id, roles })) {
    const others = ownersWithout(target.id, ctx);
    if (others === undefined) problems.push({ rule: 'owner-members', message: 'removing an owner needs ctx.members to count the remaining owners' });
    else if (others < MIN_OWNERS) problems.push({ rule: 'owner-members', message: \`at least \${MIN_OWNERS} member(s) must keep an owner role\` });
  }
  return verdict(problems);
}

/** Whether \`actor\` may give \`role\` to \`target\` (it replaces the target's role when members hold one role). */
export function canAssignRole(actor: Actor, target: Actor, role: string, ctx?: Context): Verdict {
  if (!isHolder(target)) return verdict([{ rule: 'unknown-reference', message: 'target must be given' }]);
  const roles = ROLES_PER_MEMBER.max === 1 ? [role] : target.roles.includes(role) ? [...target.roles] : [...target.roles, role];
  return canSetRoles(actor, target, roles, ctx);
}

/** Whether \`actor\` may take \`role\` away from \`target\`. */
export function canRemoveRole(actor: Actor, target: Actor, role: string, ctx?: Context): Verdict {
  if (!isHolder(target)) return verdict([{ rule: 'unknown-reference', message: 'target must be given' }]);
  return canSetRoles(actor, target, target.roles.filter((r) => r !== role), ctx);
}

/** Whether \`actor\` may edit \`role\` (a builtin or stored custom role) at all. */
export function canEditRole(actor: Actor, role: string, ctx?: Context): Verdict {
  const problems: Problems = [];
  if (!isHolder(actor)) return verdict([{ rule: 'unknown-reference', message: 'actor must be given' }]);
  if (actor.roles.includes(role)) problems.push({ rule: 'self-edit', message: 'nobody may edit a role they hold' });
  const power = holderCodes(actor, ctx);
  if (!isOwnerHolder(actor) && !holdsAny(power, MANAGE_ROLES)) problems.push({ rule: 'not-permitted', message: 'you hold no permission to manage roles' });
  const r = roleIndex(role);
  if (r >= 0 && ROLE_KIND[r] === 0) problems.push({ rule: 'protected-role', message: \`role \${describe(role)} is an owner role and cannot be edited\` });
  else {
    const codes = checkReach(actor, role, 'edit', ctx, problems);
    if (codes) checkSubset(actor, codes, \`role \${describe(role)}\`, ctx, problems);
  }
  return verdict(problems);
}

/** Unicode-normalised, case-folded name with collapsed spacing (two roles may not share it). */
function normalizeName(name: string): string {
  return name
    .normalize('NFKC')
    .replace(/[\\u00AD\\u034F\\u061C\\u115F\\u1160\\u17B4\\u17B5\\u180B-\\u180F\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u206F\\u3164\\uFE00-\\uFE0F\\uFEFF\\uFFA0]/gu, '')
    .toLowerCase()
    .normalize('NFKC')
    .replace(/\\s+/gu, ' ')
    .trim();
}

/** The look-alike skeleton of a name: accents, separators and confusable characters folded. */
function nameSkeleton(name: string): string {
  const base = normalizeName(name).normalize('NFKD').replace(/\\p{M}/gu, '');
  let out = '';
  for (const ch of base) {
    const mapped = CONFUSABLES[ch];
    if (mapped === undefined && /[\\s\\p{P}\\p{S}]/u.test(ch)) continue;
    out += mapped ?? ch;
  }
  return out.replace(/rn/g, 'm').replace(/vv/g, 'w').replace(/cl/g, 'd').replace(/i/g, 'l');
}

function editDistance(a: string, b: string, max: number): number {
  const x = [...a];
  const y = [...b];
  if (Math.abs(x.length - y.length) > max) return max + 1;
  let before: number[] = [];
  let prev = Array.from({ length: y.length + 1 }, (_, i) => i);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    for (let j = 1; j <= y.length; j++) {
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) v = Math.min(v, before[j - 2]! + 1);
      cur.push(v);
    }
    before = prev;
    prev = cur;
  }
  return prev[y.length]!;
}

/** Whether a name equals or imitates a reserved name. */
export function isReservedName(name: string): boolean {
  if (typeof name !== 'string') return false;
  const a = nameSkeleton(name);
  return RESERVED_NAMES.some((reserved) => {
    const b = nameSkeleton(reserved);
    const allowance = b.length <= 3 ? 0 : b.length <= 8 ? 1 : 2;
    return a === b || editDistance(a, b, allowance) <= allowance;
  });
}

/**
 * Whether \`actor\` may save \`draft\` as a custom role: a new one (caps, plan, names) or a change
 * to a stored one or to a customizable builtin role (within the values it allows).
 */
export function validateRoleDraft(actor: Actor, draft: CustomRole, ctx: Context = { customRoles: [] }): Verdict {
  const problems: Problems = [];
  if (!isHolder(actor) || draft === null || typeof draft !== 'object' || typeof draft.id !== 'string' || typeof draft.name !== 'string') {
    return verdict([{ rule: 'unknown-reference', message: 'actor and a draft with id, name and grants must be given' }]);
  }
  const customRoles = objects<CustomRole>(ctx?.customRoles);
  const found = roleIndex(draft.id);
  const builtin = found >= 0 ? found : undefined;
  const stored = findCustom(draft.id, ctx);
  const power = holderCodes(actor, ctx);
  const owner = isOwnerHolder(actor);
  if (builtin !== undefined || stored) {
    const edit = canEditRole(actor, draft.id, ctx);
    if (!edit.ok) problems.push(...edit.problems);
  } else {
    if (!owner && !holdsAny(power, MANAGE_ROLES)) problems.push({ rule: 'not-permitted', message: 'you hold no permission to manage roles' });
    const plan: unknown = ${hasPlans ? 'ctx?.plan' : 'undefined'};
    const customCap = MAX_CUSTOM_ROLES(plan);
    if (customCap === 0 && CUSTOM_ROLES_PLAN !== null) checkCustomPlan(ctx, problems);
    else if (customRoles.length + 1 > customCap) problems.push({ rule: 'custom-role-cap', message: \`at most \${customCap} custom roles\` });
    if (ROLES.length + customRoles.length + 1 > MAX_ROLES(plan)) problems.push({ rule: 'role-cap', message: \`at most \${MAX_ROLES(plan)} roles in all\` });
  }
  const name = normalizeName(draft.name);
  if (name === '') problems.push({ rule: 'name-duplicate', message: 'a role needs a name' });
  const taken = [
    ...ROLES.filter((r) => r !== draft.id).map((r) => ROLE_NAMES[r]),
    ...customRoles.filter((r) => r.id !== draft.id).map((r) => r.name),
  ];
  if (name !== '' && taken.some((t) => typeof t === 'string' && normalizeName(t) === name)) {
    problems.push({ rule: 'name-duplicate', message: \`another role is already called \${describe(draft.name)}\` });
  }
  if (builtin === undefined && isReservedName(draft.name)) problems.push({ rule: 'name-reserved', message: \`\${describe(draft.name)} is or looks like a reserved name\` });
  // A builtin role keeps the values the draft does not mention; a custom role starts from nothing.
  const codes = encodeGrants(draft.grants, problems, builtin === undefined ? undefined : builtinCodes(builtin));
  for (let p = 0; p < STRIDE; p++) {
    if (builtin !== undefined && !ALLOWED[builtin]![p]!.includes(codes[p]!)) {
      problems.push({ rule: 'invalid-level', message: \`role \${describe(draft.id)} does not allow this value of \${PERMISSIONS[p]}\` });
    }
    if (codes[p] === 0) continue;
    const adminRole = builtin !== undefined && (ROLE_KIND[builtin] === 0 || ROLE_ADMIN[builtin] === 1);
    const ownerRole = builtin !== undefined && ROLE_KIND[builtin] === 0;
    if (OWNER_ONLY[p] === 1 && !ownerRole) problems.push({ rule: 'owner-only-grant', message: \`\${PERMISSIONS[p]} is for owner roles only\` });
    else if (ADMIN_ONLY[p] === 1 && !adminRole) problems.push({ rule: 'admin-only-grant', message: \`\${PERMISSIONS[p]} is for admin roles only\` });
  }
  if (!owner) {
    const p = excess(codes, power);
    if (p >= 0) problems.push({ rule: 'escalation-subset', message: \`the draft holds more of \${PERMISSIONS[p]} than you do\` });
  }
  return verdict(problems);
}
`);
}

function closureOrder(ir: ResolvedPolicy): string[] {
  // Sources before targets: a depth-first post-order over implies edges, reversed.
  const order: string[] = [];
  const seen = new Set<string>();
  const visit = (p: string): void => {
    if (seen.has(p)) return;
    seen.add(p);
    for (const t of Object.keys(ir.permissions[p]!.implies)) visit(t);
    order.push(p);
  };
  for (const p of Object.keys(ir.permissions)) visit(p);
  return order.reverse();
}

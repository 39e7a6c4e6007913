// The account runtime against a deliberately simple reference: random account data of every preset
// is turned into a policy IR of its own (custom roles as roles, customised cells as grants, tier
// nodes as nodes, closed under implications by a plain fixed point), and every answer of
// openAccount(data).account must equal the IR evaluator's on that IR. Invalid data is refused with
// the right rule and JSON pointer, and nothing the data holds makes openAccount throw.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canAssignRoles, canManageRoles, firstExcess, reaches } from '../../src/analyze/delegation.js';
import { evaluateAccess, evaluateCan, evaluateLimit } from '../../src/evaluate/evaluate.js';
import type { ResolvedPolicy, Value } from '../../src/ir.js';
import { closeActions, join, lowest, optionOf } from '../../src/resolve/values.js';
import * as channeltalk from '../../generated/channeltalk/guards.js';
import * as cloudgate from '../../generated/cloudgate/guards.js';
import * as super8 from '../../generated/super8/guards.js';
import * as userlike from '../../generated/userlike/guards.js';
import * as zendesk from '../../generated/zendesk/guards.js';
import { checkDir } from '../helpers.js';
import { dataArb, resourceAttributeValues, type Data } from './account-data.js';

type Problem = { rule: string; path?: string };
type Opened = { ok: true; account: Loose } | { ok: false; problems: Problem[] };
/** The account as a product calls it with ids read from data. */
interface Loose {
  version: string;
  can(roles: unknown, permission: string, atLeast?: string, on?: { object: string }): boolean;
  levelOf(role: string, permission: string, on?: { object: string }): Value | undefined;
  memberCan(member: unknown, permission: string, atLeast?: string, on?: { object: string }): boolean;
  memberValue(member: unknown, permission: string, on?: { object: string }): Value | undefined;
  objectsOf(kind: string): readonly string[] | undefined;
  canAccess(actor: unknown, resource: unknown, action: string): boolean;
  limitOf(roles: unknown, quota: string): number | undefined;
  memberLimitOf(member: unknown, quota: string): number | undefined;
  apply(change: unknown): Opened;
  readonly context: string | undefined;
  inContext(context: string): Loose;
}
const GUARDS: Record<string, { openAccount(data: unknown): unknown }> = { channeltalk, cloudgate, super8, userlike, zendesk };
const open = (preset: string, data: unknown): Opened => GUARDS[preset]!.openAccount(data) as Opened;

/** Closes grants under action and permission implications by iterating to a fixed point. */
function closeGrants(ir: ResolvedPolicy, g: Record<string, Value>): Record<string, Value> {
  const scaleOf = (p: string) => ir.scales[ir.permissions[p]!.scale]!;
  // Account data names one option of a scale of options; the IR holds it with what it includes.
  for (const p of Object.keys(g)) if (typeof g[p] !== 'string' || ir.permissions[p]!.single) g[p] = closeActions(scaleOf(p), typeof g[p] === 'string' ? [g[p]] : (g[p] as string[]));
  for (let changed = true; changed; ) {
    changed = false;
    for (const [p, perm] of Object.entries(ir.permissions)) {
      const v = g[p]!;
      if (typeof v === 'string' ? v === lowest(scaleOf(p)) : v.length === 0) continue;
      for (const [t, least] of Object.entries(perm.implies)) {
        const next = join(scaleOf(t), g[t]!, least);
        if (JSON.stringify(next) !== JSON.stringify(g[t])) {
          g[t] = next;
          changed = true;
        }
      }
    }
  }
  return g;
}

/** The reference: the account's data written into the policy's IR. */
function accountIR(policy: ResolvedPolicy, data: Data): ResolvedPolicy {
  const ir = objectIR(policy, data);
  const out = structuredClone(ir);
  for (const [id, on] of Object.entries(data.switches ?? {})) out.switches[id]!.on = on;
  for (const [r, cells] of Object.entries(data.roles)) out.roles[r]!.grants = closeGrants(ir, { ...out.roles[r]!.grants, ...cells });
  const low = (): Record<string, Value> => Object.fromEntries(Object.entries(ir.permissions).map(([p, perm]) => [p, lowest(ir.scales[perm.scale]!)]));
  // A custom role starts from each permission's baseline, which its grants may change.
  const baseline = (): Record<string, Value> => Object.fromEntries(Object.entries(ir.permissions).map(([p, perm]) => [p, perm.baseline ?? lowest(ir.scales[perm.scale]!)]));
  for (const c of data.customRoles) {
    out.roles[c.id] = { name: c.name, description: null, kind: 'custom', admin: false, protected: false, inherits: [], editableBy: [], grants: closeGrants(ir, { ...baseline(), ...c.grants }), allowed: {} };
  }
  for (const n of data.tiers) {
    out.tiers!.nodes[n.id] = { name: n.name, description: null, parent: n.parent, depth: out.tiers!.nodes[n.parent]!.depth + 1, grants: closeGrants(ir, { ...low(), ...(n.grants ?? {}) }) };
  }
  return out;
}

/**
 * The policy with the account's objects written in: each per-object permission gets, per object,
 * a permission "<permission>:<object>" of its own, on which every role and node holds (and may be
 * given) what it holds of the permission, and which every permission that implies it implies too;
 * the per-object permission itself keeps perObject, so the evaluator denies it without an object.
 */
function objectIR(ir: ResolvedPolicy, data: Data): ResolvedPolicy {
  const out = structuredClone(ir);
  for (const [kind, k] of Object.entries(out.objects)) k.defaults = [...(data.objects?.[kind] ?? k.defaults)];
  for (const [id, p] of Object.entries(ir.permissions)) {
    if (p.perObject === undefined) continue;
    for (const o of out.objects[p.perObject]!.defaults) {
      const row = `${id}:${o}`;
      const { perObject: _, ...rest } = structuredClone(p);
      out.permissions[row] = rest;
      for (const r of Object.values(out.roles)) {
        r.grants[row] = structuredClone(r.grants[id]!);
        if (r.allowed[id]) r.allowed[row] = structuredClone(r.allowed[id]!);
      }
      for (const n of Object.values(out.tiers?.nodes ?? {})) n.grants[row] = structuredClone(n.grants[id]!);
      // A permission that implies the per-object one brings it on this object too.
      for (const q of Object.values(out.permissions)) if (Object.hasOwn(q.implies, id)) q.implies[row] = structuredClone(q.implies[id]!);
    }
  }
  return out;
}

/** Whether a role of the account's IR may assign or edit a role that holds more than itself. */
function hasEscalation(ir: ResolvedPolicy): boolean {
  return Object.entries(ir.roles).some(
    ([r, role]) =>
      role.kind !== 'owner' &&
      (canAssignRoles(ir, r) || canManageRoles(ir, r)) &&
      Object.keys(ir.roles).some((t) => t !== r && reaches(ir, r, t) && firstExcess(ir, ir.roles[t]!.grants, role.grants) !== undefined),
  );
}

/** A value with its actions in one order (the IR sorts them, the guards keep the declared order). */
const sorted = (v: Value | undefined): Value | undefined => (typeof v === 'string' || v === undefined ? v : [...v].sort());

const PRESETS = ['userlike', 'cloudgate', 'channeltalk', 'zendesk', 'super8'];

describe.each(PRESETS)('account runtime of %s', (preset) => {
  const ir = checkDir(`policies/${preset}`).ir!;
  const plan = ir.plan ?? undefined;
  const perms = Object.keys(ir.permissions);

  it('answers can, levelOf, memberCan and canAccess exactly as the reference does with the same data, in every request context', () => {
    fc.assert(
      fc.property(dataArb(ir), fc.array(fc.nat(), { minLength: 60, maxLength: 60 }), (data, picks) => {
        const ref = accountIR(ir, data);
        const opened = open(preset, data);
        if (hasEscalation(ref)) {
          expect(opened.ok).toBe(false);
          if (!opened.ok) expect([...new Set(opened.problems.map((p) => p.rule))]).toEqual(['escalation-subset']);
          return;
        }
        if (!opened.ok) throw new Error(JSON.stringify(opened.problems));
        const acc = opened.account;
        // The account's objects, and the rows of its per-object permissions, are asked too.
        const rows = Object.keys(ref.permissions);
        for (const [kind, k] of Object.entries(ref.objects)) expect(acc.objectsOf(kind)).toEqual(k.defaults);
        let k = 0;
        const pick = <T>(xs: readonly T[]): T => xs[picks[k++ % picks.length]! % xs.length]!;
        const roleIds = [...Object.keys(ref.roles), 'ghost'];
        for (let q = 0; q < 20; q++) {
          const perm = pick(rows);
          const level = pick([undefined, ...ref.permissions[perm]!.levels, 'bogus']);
          const role = pick(roleIds);
          // A row of an object is asked as the typed API asks it: the permission and { object }.
          const colon = perm.indexOf(':');
          const [asked, on] = colon < 0 ? [perm, undefined] : [perm.slice(0, colon), { object: perm.slice(colon + 1) }];
          expect(acc.can(role, asked, level, on), JSON.stringify({ role, perm, level })).toBe(evaluateCan(ref, [role], perm, level, plan));
          const held = ref.permissions[perm]!.perObject !== undefined ? undefined : ref.roles[role]?.grants[perm];
          // A scale of options answers the option whose closure a role holds.
          const want = held !== undefined && ref.permissions[perm]!.single ? (optionOf(ref.scales[ref.permissions[perm]!.scale]!, held) ?? held) : held;
          if (role !== 'ghost') expect(sorted(acc.levelOf(role, asked, on))).toEqual(sorted(want));
          const m = pick(data.members);
          expect(acc.memberCan(m.id, asked, level, on), JSON.stringify({ m, perm, level })).toBe(evaluateCan(ref, m.roles, perm, level, plan, m.tier));
          // The same questions from a request context of the policy, or from one it does not list.
          const context = pick([...Object.keys(ir.contexts), 'elsewhere']);
          const there = acc.inContext(context);
          expect(there.can(role, asked, level, on), JSON.stringify({ context, role, perm, level })).toBe(evaluateCan(ref, [role], perm, level, plan, null, context));
          expect(there.memberCan(m.id, asked, level, on), JSON.stringify({ context, m, perm, level })).toBe(evaluateCan(ref, m.roles, perm, level, plan, m.tier, context));
          // An object the account does not define is denied, whatever the role holds.
          if (on) expect(acc.can(role, asked, level, { object: 'not_defined' })).toBe(false);
        }
        for (const quota of [...Object.keys(ir.quotas), 'no_such_quota']) {
          for (const role of roleIds) expect(acc.limitOf(role, quota), JSON.stringify({ role, quota })).toBe(evaluateLimit(ref, [role], quota, plan));
          for (const m of data.members) expect(acc.memberLimitOf(m.id, quota), JSON.stringify({ m, quota })).toBe(evaluateLimit(ref, m.roles, quota, plan, m.tier));
        }
        const kinds = Object.keys(ir.resources);
        const nodes = ref.tiers ? Object.keys(ref.tiers.nodes) : [];
        for (let q = 0; q < kinds.length * 12; q++) {
          const kind = pick(kinds);
          const m = pick(data.members);
          const ids = [...data.members.map((x) => x.id), 'stranger'];
          const resource = {
            kind,
            assignee: pick([null, ...ids]),
            followers: [pick(ids)],
            formerAssignees: [pick(ids)],
            group: pick(['g1', 'g2', null]),
            organization: pick(['o1', 'o2', null]),
            ...(nodes.length ? { tier: pick(nodes) } : {}),
            private: pick([false, true]),
            ...Object.fromEntries((ir.resources[kind]!.attributes ?? []).map((a) => [a, pick(resourceAttributeValues(ir, a))])),
          };
          const action = pick(ir.resources[kind]!.actions);
          // The member's values of the declared relations' attributes go with the reference's actor.
          const own = Object.fromEntries(Object.values(ir.relations).flatMap((r) => (Object.hasOwn(m, r.actor) ? [[r.actor, m[r.actor]]] : [])));
          const actor = { id: m.id, roles: m.roles, groups: m.groups ?? [], organization: m.organization ?? null, tier: m.tier ?? null, ...own };
          expect(acc.canAccess(m.id, resource, action), JSON.stringify({ m, resource, action })).toBe(evaluateAccess(ref, actor, resource, action, plan).allowed);
          const context = pick([...Object.keys(ir.contexts), 'elsewhere']);
          expect(acc.inContext(context).canAccess(m.id, resource, action), JSON.stringify({ context, m, resource, action })).toBe(evaluateAccess(ref, actor, resource, action, plan, context).allowed);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('never throws, whatever it is given, and refuses what is not account data', () => {
    fc.assert(
      fc.property(fc.anything({ withBigInt: true, withMap: true, withSet: true, withNullPrototype: true, withTypedArray: true, withSparseArray: true }), (junk) => {
        const r = open(preset, junk);
        expect(typeof r.ok).toBe('boolean');
        if (!r.ok) for (const p of r.problems) expect(typeof p.rule).toBe('string');
      }),
      { numRuns: 300 },
    );
    const owner = Object.keys(ir.roles).find((r) => ir.roles[r]!.kind === 'owner')!;
    const base = { members: [{ id: 'm0', roles: [owner] }] };
    const mutations: unknown[] = [
      { ...base, members: [{ id: 'm0', roles: [owner], junk: 1 }] },
      { ...base, customRoles: [{ id: 'c1', name: 'X', grants: { [perms[0]!]: { toString: () => 'edit' } } }] },
      { ...base, members: new Proxy([], { get: () => { throw new Error('boom'); } }) },
      JSON.parse('{"__proto__": {"polluted": true}, "members": []}'),
    ];
    for (const m of mutations) expect(open(preset, m).ok).toBe(false);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('request contexts', () => {
  const opened = (data: unknown): Loose => {
    const r = open('zendesk', { members: [{ id: 'ana', roles: ['owner'] }, { id: 'ada', roles: ['admin'] }], ...(data as object) });
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    return r.account;
  };
  // [where the question is asked, permission, what the admin gets]: ticket fields only on the screens.
  const ROWS: readonly [string | undefined, string, boolean][] = [
    [undefined, 'tickets.manage_fields', true],
    ['ui', 'tickets.manage_fields', true],
    ['api', 'tickets.manage_fields', false],
    ['api', 'tickets.manage_forms', true],
    ['API', 'tickets.manage_forms', false],
    ['', 'tickets.manage_forms', false],
  ];
  it.each(ROWS)('static guards and the account agree: in %s, admin %s -> %s', (context, perm, want) => {
    const acc = opened({});
    const guards = context === undefined ? zendesk : zendesk.inContext(context as never);
    const there = context === undefined ? acc : acc.inContext(context);
    expect(guards.can('admin', perm as never)).toBe(want);
    expect(guards.memberCan({ roles: ['admin'] }, perm as never)).toBe(want);
    expect(there.can('admin', perm)).toBe(want);
    expect(there.memberCan('ada', perm)).toBe(want);
  });

  it('the account says where it asks; a context does not outlive the data it was taken from', () => {
    const acc = opened({});
    expect(acc.context).toBe('ui');
    expect(acc.inContext('api').context).toBe('api');
    expect(acc.inContext('nowhere').context).toBeUndefined();
    expect(acc.inContext('api').version).toBe(acc.version);
    expect(zendesk.CONTEXTS).toEqual(['ui', 'api']);
  });

  it('a policy without contexts denies every question asked in one', () => {
    expect(channeltalk.can('owner' as never, 'staff.roles' as never)).toBe(true);
    expect(channeltalk.inContext('api' as never).can('owner' as never, 'staff.roles' as never)).toBe(false);
  });
});

describe('switches of an account', () => {
  type Switchy = { isOn(id: string): boolean; can(roles: unknown, permission: string, atLeast?: string): boolean; data: { switches?: Record<string, boolean> } };
  const opened = (data: unknown) => {
    const r = open('zendesk', { members: [{ id: 'ana', roles: ['owner'] }], ...(data as object) });
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    return r.account as unknown as Switchy;
  };

  it('an account without switch data answers with the policy values, as the static guards do', () => {
    const acc = opened({});
    expect(acc.isOn('explore')).toBe(true);
    expect(zendesk.isOn('explore')).toBe(true);
    expect(acc.can('admin', 'analytics.explore', 'view_dashboards')).toBe(true);
    expect(zendesk.can('admin', 'analytics.explore', 'view_dashboards')).toBe(true);
    expect(acc.data.switches).toBeUndefined();
  });

  it('a switch turned off denies exactly the permissions that require it, for every role', () => {
    const acc = opened({ switches: { explore: false } });
    expect(acc.isOn('explore')).toBe(false);
    expect(acc.isOn('help_center')).toBe(true);
    for (const role of ['owner', 'admin']) {
      expect(acc.can(role, 'analytics.explore')).toBe(false);
      expect(acc.can(role, 'help_center.manage_guide')).toBe(true);
    }
    expect(acc.data.switches).toEqual({ explore: false });
  });

  it('a switch turned back on by the data works again, and unknown switches are off', () => {
    const acc = opened({ switches: { explore: false } });
    expect(opened({ switches: { explore: true } }).can('admin', 'analytics.explore')).toBe(true);
    expect(acc.isOn('explor')).toBe(false);
    expect(acc.isOn(undefined as unknown as string)).toBe(false);
    expect(zendesk.isOn('explor' as never)).toBe(false);
  });
});

describe('invalid account data is refused under the compiler rule names, at the right JSON pointer', () => {
  const ir = checkDir('policies/zendesk').ir!;
  const owner = 'owner';
  expect(ir.roles[owner]?.kind).toBe('owner');
  const ok = { members: [{ id: 'ana', roles: [owner] }] };
  const perm = Object.keys(ir.permissions).find((p) => ir.permissions[p]!.kind === 'ordered' && !ir.permissions[p]!.adminOnly && !ir.permissions[p]!.ownerOnly)!;
  const adminOnly = Object.keys(ir.permissions).find((p) => ir.permissions[p]!.adminOnly);
  const customizable = Object.entries(ir.roles).flatMap(([r, role]) => Object.keys(ir.permissions).filter((p) => role.kind !== 'owner' && ir.permissions[p]!.kind === 'ordered' && role.allowed[p]!.length < ir.permissions[p]!.levels.length && role.allowed[p]!.length > 0).map((p) => [r, p] as const))[0];
  // A reserved name that no role carries, with a Cyrillic letter standing in for a Latin one.
  const reserved = ir.limits.reservedNames.find((n) => !Object.values(ir.roles).some((r) => r.name.toLowerCase() === n.toLowerCase()))!;
  const lookalike = reserved.replace(/a/i, '\u0430');
  const cases: [string, unknown, string, string][] = [
    ['a level outside the scale', { ...ok, customRoles: [{ id: 'c1', name: 'Night shift', grants: { [perm]: 'superuser' } }] }, 'invalid-level', `/customRoles/0/grants/${perm}`],
    ['an unknown permission', { ...ok, customRoles: [{ id: 'c1', name: 'Night shift', grants: { 'tickets.veiw': 'on' } }] }, 'unknown-reference', '/customRoles/0/grants/tickets.veiw'],
    ['a member with an unknown role', { members: [{ id: 'ana', roles: [owner] }, { id: 'bo', roles: ['agnet'] }] }, 'unknown-reference', '/members/1/roles/0'],
    ['no owner among the members', { members: [{ id: 'bo', roles: ['agent'] }] }, 'owner-members', '/members'],
    ['a custom role named like a reserved name', { ...ok, customRoles: [{ id: 'c1', name: lookalike, grants: {} }] }, 'name-reserved', '/customRoles/0/name'],
    ['a custom role named like another role', { ...ok, customRoles: [{ id: 'c1', name: 'Night', grants: {} }, { id: 'c2', name: ' NIGHT ', grants: {} }] }, 'name-duplicate', '/customRoles/1/name'],
    ['an unknown plan', { ...ok, plan: 'galactic' }, 'unknown-reference', '/plan'],
    ['an unknown key', { ...ok, rolez: {} }, 'account-schema', '/rolez'],
    ['a switch that is not true or false', { ...ok, switches: { explore: 'yes' } }, 'account-schema', '/switches/explore'],
    ['an unknown switch', { ...ok, switches: { explor: false } }, 'account-schema', '/switches/explor'],
    ['switches that are not an object', { ...ok, switches: ['explore'] }, 'account-schema', '/switches'],
    ['a default role that is the owner role', { ...ok, defaultRole: owner }, 'default-role', '/defaultRole'],
    ['a member listed twice', { members: [{ id: 'ana', roles: [owner] }, { id: 'ana', roles: [owner] }] }, 'member-duplicate', '/members/1/id'],
    ['a tier node in a policy without tiers', { ...ok, tiers: [{ id: 'x', name: 'X', parent: 'hq' }] }, 'unknown-reference', '/tiers'],
  ];
  if (adminOnly) cases.push(['an admin-only permission on a custom role', { ...ok, customRoles: [{ id: 'c1', name: 'Night shift', grants: { [adminOnly]: ir.permissions[adminOnly]!.kind === 'actions' ? [ir.permissions[adminOnly]!.levels.at(-1)] : ir.permissions[adminOnly]!.levels.at(-1) } }] }, 'admin-only-grant', `/customRoles/0/grants/${adminOnly}`]);
  if (customizable) {
    const [r, p] = customizable;
    const bad = ir.permissions[p]!.levels.find((l) => !ir.roles[r]!.allowed[p]!.includes(l))!;
    cases.push(['a customised cell outside what it allows', { ...ok, roles: { [r]: { [p]: bad } } }, 'invalid-level', `/roles/${r}/${p}`]);
  }
  it.each(cases)('%s', (_name, data, rule, path) => {
    const r = open('zendesk', data);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.map((p) => [p.rule, p.path])).toContainEqual([rule, path]);
  });

  it('caps the custom roles on the plan, at the cap and one over', () => {
    // The policy's own custom roles (those every account starts with) count towards the cap.
    const cap = ir.limits.maxCustomRoles! - Object.values(ir.roles).filter((r) => r.kind === 'custom').length;
    const roles = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `c${i}`, name: `Team ${i}`, grants: {} }));
    expect(open('zendesk', { ...ok, customRoles: roles(cap) }).ok).toBe(true);
    const over = open('zendesk', { ...ok, customRoles: roles(cap + 1) });
    expect(over.ok).toBe(false);
    if (!over.ok) expect(over.problems.map((p) => p.rule)).toContain('custom-role-cap');
  });

  it('super8: a store deeper than the tree allows, or under an unknown node', () => {
    const s8 = checkDir('policies/super8').ir!;
    const deepest = Object.keys(s8.tiers!.nodes).find((n) => s8.tiers!.nodes[n]!.depth === s8.tiers!.maxDepth)!;
    const sOwner = Object.keys(s8.roles).find((r) => s8.roles[r]!.kind === 'owner')!;
    const base = { members: [{ id: 'o', roles: [sOwner] }] };
    const deep = open('super8', { ...base, tiers: [{ id: 'kiosk', name: 'Kiosk', parent: deepest }] });
    expect(deep.ok ? [] : deep.problems.map((p) => [p.rule, p.path])).toEqual([['tier-depth', '/tiers/0/parent']]);
    const orphan = open('super8', { ...base, tiers: [{ id: 'kiosk', name: 'Kiosk', parent: 'nowhere' }] });
    expect(orphan.ok ? [] : orphan.problems.map((p) => [p.rule, p.path])).toEqual([['unknown-reference', '/tiers/0/parent']]);
  });
});

describe('apply: a change is checked and made in one step', () => {
  it('creates a custom role, assigns it, and the member gains exactly its grants; a refused change changes nothing', () => {
    const ir = checkDir('policies/zendesk').ir!;
    const perm = Object.keys(ir.permissions).find((p) => ir.permissions[p]!.kind === 'ordered' && !ir.permissions[p]!.adminOnly && !ir.permissions[p]!.ownerOnly)!;
    const top = ir.permissions[perm]!.levels.at(-1)!;
    const first = open('zendesk', { members: [{ id: 'ana', roles: ['owner'] }, { id: 'bo', roles: ['agent'] }] });
    if (!first.ok) throw new Error(JSON.stringify(first.problems));
    const created = first.account.apply({ type: 'createRole', actor: 'ana', role: { id: 'night', name: 'Night shift', grants: { [perm]: top } } });
    if (!created.ok) throw new Error(JSON.stringify(created.problems));
    expect(created.account.version).not.toBe(first.account.version);
    const assigned = created.account.apply({ type: 'assignRole', actor: 'ana', member: 'bo', role: 'night' });
    if (!assigned.ok) throw new Error(JSON.stringify(assigned.problems));
    expect(assigned.account.memberCan('bo', perm, top)).toBe(true);
    // An agent may not assign roles: the change is refused with the validator's rule.
    const refused = assigned.account.apply({ type: 'assignRole', actor: 'bo', member: 'ana', role: 'agent' });
    expect(refused.ok ? [] : refused.problems.map((p) => p.rule)).toContain('not-permitted');
    expect(assigned.account.memberCan('ana', perm, top)).toBe(true);
    const deleted = assigned.account.apply({ type: 'deleteRole', actor: 'ana', role: 'night' });
    expect(deleted.ok ? [] : deleted.problems.map((p) => p.rule)).toEqual(['member-without-role']);
  });
});

describe('data round trips and plans', () => {
  it('the data an account holds opens again, on every preset (tiers or not)', () => {
    for (const preset of PRESETS) {
      const ir = checkDir(`policies/${preset}`).ir!;
      const owner = Object.keys(ir.roles).find((r) => ir.roles[r]!.kind === 'owner')!;
      const first = open(preset, { members: [{ id: 'o', roles: [owner] }] });
      if (!first.ok) throw new Error(JSON.stringify(first.problems));
      const again = open(preset, (first.account as unknown as { data: unknown }).data);
      expect(again.ok, preset).toBe(true);
      if (again.ok) expect(again.account.version).toBe(first.account.version);
      // Without members the policy's own apply; the stored data says nothing of members, so it
      // opens again (an empty list would be an account without an owner).
      const bare = open(preset, { plan: (first.account as unknown as { plan?: string }).plan });
      if (!bare.ok) throw new Error(JSON.stringify(bare.problems));
      const data = (bare.account as unknown as { data: { members?: unknown } }).data;
      expect(data.members, preset).toBeUndefined();
      const reopened = open(preset, data);
      expect(reopened.ok && reopened.account.version, preset).toBe(bare.account.version);
      const empty = open(preset, { ...data, members: [] });
      expect(empty.ok ? [] : empty.problems.map((p) => p.rule), preset).toContain('owner-members');
    }
  });

  it('an account on a plan without custom roles opens as long as it adds none', () => {
    const ir = checkDir('policies/zendesk').ir!;
    const low = Object.keys(ir.plans)[0]!;
    expect(open('zendesk', { plan: low, members: [{ id: 'o', roles: ['owner'] }] }).ok).toBe(true);
    const refused = open('zendesk', { plan: low, members: [{ id: 'o', roles: ['owner'] }], customRoles: [{ id: 'c1', name: 'Night shift', grants: {} }] });
    expect(refused.ok ? [] : refused.problems.map((p) => [p.rule, p.path])).toEqual([['custom-role-cap', '/customRoles']]);
  });

  it('refuses what the AccountData type forbids: a non-string name or description, null grants, one action for an action set, a list for options', () => {
    const ir = checkDir('policies/zendesk').ir!;
    const actionPerm = Object.keys(ir.permissions).find((p) => ir.permissions[p]!.kind === 'actions' && !ir.permissions[p]!.single && !ir.permissions[p]!.adminOnly && !ir.permissions[p]!.ownerOnly && ir.permissions[p]!.perObject === undefined);
    const o = { id: 'o', roles: ['owner'] };
    const cases: [unknown, string, string][] = [
      [{ members: [{ ...o, name: 42 }] }, 'account-schema', '/members/0/name'],
      [{ members: [o], customRoles: [{ id: 'c1', name: 'Night', description: 7, grants: {} }] }, 'account-schema', '/customRoles/0/description'],
      [{ members: [o], customRoles: [{ id: 'c1', name: 'Night', grants: null }] }, 'account-schema', '/customRoles/0/grants'],
      [{ members: [o], customRoles: [{ id: 'c1', name: 'Night', grants: { 'tickets.access': ['organization'] } }] }, 'invalid-level', '/customRoles/0/grants/tickets.access'],
      [{ members: [o], roles: { agent: { 'tickets.access': ['groups'] } } }, 'invalid-level', '/roles/agent/tickets.access'],
    ];
    if (actionPerm) cases.push([{ members: [o], customRoles: [{ id: 'c1', name: 'Night', grants: { [actionPerm]: ir.permissions[actionPerm]!.levels[0] } }] }, 'invalid-level', `/customRoles/0/grants/${actionPerm}`]);
    for (const [data, rule, path] of cases) {
      const r = open('zendesk', data);
      expect(r.ok ? [] : r.problems.map((p) => [p.rule, p.path]), JSON.stringify(data)).toContainEqual([rule, path]);
    }
  });
});

describe('messages that help', () => {
  it('an unknown role suggests the closest id, and the member is not also reported as holding no role', () => {
    const r = open('zendesk', { members: [{ id: 'o', roles: ['owner'] }, { id: 'x', roles: ['agnet'] }] }) as unknown as { ok: false; problems: { rule: string; message: string; path?: string }[] };
    expect(r.ok).toBe(false);
    expect(r.problems.map((p) => [p.rule, p.path])).toEqual([['unknown-reference', '/members/1/roles/0']]);
    expect(r.problems[0]!.message).toContain('did you mean "agent"?');
    const far = open('zendesk', { members: [{ id: 'o', roles: ['owner'] }, { id: 'x', roles: ['zzzzzz'] }] }) as unknown as { ok: false; problems: { message: string }[] };
    expect(far.problems[0]!.message).not.toContain('did you mean');
  });
});

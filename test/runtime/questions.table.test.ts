// The runtime kernel's questions, in-process on the tables the compiler builds from a policy:
// can, levelOf, canId, memberCan, memberValue, the relations of an actor to a resource,
// canAccess, accessFilter, toSql and the plan and tier helpers. Each row an input and the exact
// answer, with the values at, just under and just over each boundary (plan ranks, list sizes,
// integer ids, the ends of a subtree). The generated guards inline this same kernel.

import { describe, expect, it } from 'vitest';
import {
  compileAccount,
  field,
  listOf,
  kAccessFilter,
  kCan,
  kCanAccess,
  kCanId,
  kDepthOf,
  kHasFeature,
  kInContext,
  kIsAncestor,
  kLevelOf,
  kMemberCan,
  kMemberValue,
  kParentOf,
  kPlanAtLeast,
  MAX_LIST,
  REL_ANCESTOR_TIER,
  REL_ASSIGNED,
  REL_ASSIGNEE,
  REL_FOLLOWER,
  REL_FORMER_ASSIGNEE,
  REL_PARENT_TIER,
  REL_PUBLIC,
  REL_SAME_GROUP,
  REL_SAME_ORGANIZATION,
  REL_SAME_TIER,
  REL_UNASSIGNED,
  relationsOf,
  toSql,
  type Filter,
  type Tables,
} from '../../src/runtime/kernel.js';
import { tablesOf } from '../../src/runtime/from-ir.js';
import { checkFiles, SCHEMA_LINE } from '../helpers.js';
import { fixture } from './kernel-tables.js';

/** helpdesk: an ordered scale (tickets.view), an action set with implications (tickets.reports). */
const helpdesk = () => fixture('helpdesk');
/** tiered: plans basic < pro < enterprise, a tier tree hq > (north > taipei, central > beitun), resources. */
const tiered = () => fixture('tiered');

function revoked(): unknown {
  const { proxy, revoke } = Proxy.revocable([], {});
  revoke();
  return proxy;
}

describe('kCan', () => {
  it.each<[string, unknown, string, unknown, boolean]>([
    ['a level held', 'agent', 'tickets.view', 'edit', true],
    ['a level below the one held', 'agent', 'tickets.view', 'read', true],
    ['the lowest level is held by everyone', 'night_shift', 'account.delete', 'off', true],
    ['a level above the one held', 'analyst', 'tickets.view', 'edit', false],
    ['no level given: anything above the lowest', 'analyst', 'tickets.view', undefined, true],
    ['no level given, only the lowest held', 'agent', 'misc.flag', undefined, false],
    ['an action held', 'analyst', 'tickets.reports', 'update', true],
    ['an action implied by one held', 'analyst', 'tickets.reports', 'read', true],
    ['an action not held', 'analyst', 'tickets.reports', 'create', false],
    ['no action given: any action', 'analyst', 'tickets.reports', undefined, true],
    ['no action given, none held', 'agent', 'tickets.reports', undefined, false],
    ['a level of another permission\'s scale', 'owner', 'tickets.view', 'on', false],
    ['an unknown level', 'owner', 'tickets.view', 'bogus', false],
    ['an unknown permission', 'owner', 'tickets.edit', undefined, false],
    ['an unknown role', 'ghost', 'tickets.view', 'read', false],
    ['the union of several roles', ['agent', 'analyst'], 'tickets.reports', 'update', true],
    ['several roles, none holding it', ['agent', 'night_shift'], 'tickets.reports', 'read', false],
    ['an unknown role among known ones', ['ghost', 'analyst'], 'misc.flag', 'on', true],
    ['no roles', [], 'tickets.view', 'read', false],
    ['roles that are not a list', { 0: 'owner', length: 1 }, 'tickets.view', 'read', false],
    ['a revoked proxy', revoked, 'tickets.view', 'read', false],
  ])('%s', (_name, roles, perm, level, want) => {
    expect(kCan(helpdesk(), typeof roles === 'function' ? roles() : roles, perm, level, undefined)).toBe(want);
  });

  it('reads at most MAX_LIST roles', () => {
    const list = Array.from({ length: MAX_LIST }, () => 'ghost');
    expect(kCan(helpdesk(), [...list.slice(1), 'owner'], 'tickets.view', 'edit', undefined)).toBe(true);
    expect(kCan(helpdesk(), [...list, 'owner'], 'tickets.view', 'edit', undefined)).toBe(false);
  });

  it.each<[string, unknown, boolean]>([
    ['reports', 'basic', false],
    ['reports', 'pro', true],
    ['reports', 'enterprise', true],
    ['reports', undefined, false],
    ['reports', 'platinum', false],
    ['audit', 'pro', false],
    ['audit', 'enterprise', true],
    ['inbox', undefined, true],
  ])('a permission with a minimum plan: %s on %s', (perm, plan, want) => {
    expect(kCan(tiered(), 'manager', perm, undefined, plan)).toBe(want);
  });

  it('an account answers on its own plan, whatever is passed', () => {
    const t = { ...tiered(), plan: 2 };
    expect(kCan(t, 'manager', 'audit', undefined, 'basic')).toBe(true);
    expect(kCan({ ...tiered(), plan: 1 }, 'manager', 'audit', undefined, 'enterprise')).toBe(false);
  });
});

describe('untrusted values: listOf, field, and a permission of the lowest plan', () => {
  it.each<[string, () => unknown, unknown[]]>([
    ['a list', () => ['a', 'b'], ['a', 'b']],
    ['exactly MAX_LIST entries', () => Array.from({ length: MAX_LIST }, () => 'a'), Array.from({ length: MAX_LIST }, () => 'a')],
    ['one over MAX_LIST', () => Array.from({ length: MAX_LIST + 1 }, () => 'a'), []],
    ['an array-like object', () => ({ 0: 'a', length: 1 }), []],
    ['a revoked proxy', revoked, []],
  ])('listOf: %s', (_name, value, want) => {
    expect(listOf(value())).toEqual(want);
  });

  it.each<[string, unknown, string, unknown]>([
    ['an own property', { id: 'x' }, 'id', 'x'],
    ['an inherited property', Object.create({ id: 'x' }), 'id', undefined],
    ['a property of a text', 'abc', 'length', undefined],
    ['null', null, 'id', undefined],
    ['a revoked proxy', revoked(), 'id', undefined],
  ])('field: %s', (_name, value, key, want) => {
    expect(field(value, key)).toBe(want);
  });

  it('a permission of the lowest plan needs a plan', () => {
    const t: Tables = { ...tiered(), minPlan: Array.from(tiered().minPlan, (m, p) => (p === 0 ? 0 : m)) };
    expect(kCan(t, 'manager', 'inbox', undefined, 'basic')).toBe(true);
    expect(kCan(t, 'manager', 'inbox', undefined, undefined)).toBe(false);
    expect(kCan(tiered(), 'manager', 'inbox', undefined, undefined)).toBe(true);
  });

  it('a member with no known role and no node holds no action', () => {
    expect(kMemberCan(helpdesk(), { roles: ['ghost'] }, 'tickets.reports', undefined, undefined)).toBe(false);
    expect(kMemberCan(helpdesk(), { roles: ['analyst'] }, 'tickets.reports', undefined, undefined)).toBe(true);
  });
});

describe('kLevelOf, kCanId', () => {
  it.each<[unknown, unknown, unknown]>([
    ['agent', 'tickets.view', 'edit'],
    ['analyst', 'tickets.view', 'read'],
    ['analyst', 'tickets.reports', ['read', 'update']],
    ['agent', 'tickets.reports', []],
    ['night_shift', 'misc.flag', 'off'],
    ['ghost', 'tickets.view', undefined],
    ['ghost', 'tickets.reports', undefined],
    ['owner', 'tickets.view', 'edit'],
    ['agent', 'ghost', undefined],
  ])('levelOf(%s, %s)', (role, perm, want) => {
    const v = kLevelOf(helpdesk(), role, perm);
    expect(v).toEqual(want);
    if (Array.isArray(v)) expect(Object.isFrozen(v)).toBe(true);
  });

  it.each<[string, unknown, unknown, unknown, boolean]>([
    ['a level held', 2, 0, 2, true],
    ['a level not held', 3, 0, 2, false],
    ['the last role', 4, 0, 2, true],
    ['one past the last role', 5, 0, 0, false],
    ['the last permission', 0, 6, 1, true],
    ['one past the last permission', 0, 7, 0, false],
    ['an action bit held', 3, 1, 2, true],
    ['an action bit not held', 3, 1, 1, false],
    ['level 31', 0, 0, 31, false],
    ['level 32', 0, 0, 32, false],
    ['a negative id', -1, 0, 0, false],
    ['a fraction', 0.5, 0, 0, false],
    ['a string', '0', 0, 0, false],
    ['a string permission', 0, '0', 0, false],
    ['a string level', 0, 0, '0', false],
  ])('canId: %s', (_name, role, perm, level, want) => {
    expect(kCanId(helpdesk(), role, perm, level)).toBe(want);
  });
});

describe('kMemberCan, kMemberValue', () => {
  it.each<[string, unknown, string, unknown, unknown, boolean]>([
    ['a grant of the member\'s node', { roles: ['agent'], tier: 'north' }, 'folders.department', undefined, undefined, true],
    ['the node alone', { roles: [], tier: 'north' }, 'folders.department', 'on', undefined, true],
    ['not a grant of an ancestor\'s node', { roles: ['agent'], tier: 'taipei' }, 'folders.bound', undefined, undefined, false],
    ['a grant of a role', { roles: ['manager'], tier: null }, 'inbox', 'all', undefined, true],
    ['role and node together, the higher wins', { roles: ['agent'], tier: 'hq' }, 'inbox', 'participating', undefined, true],
    ['a level above what role and node hold', { roles: ['agent'], tier: 'hq' }, 'inbox', 'all', undefined, false],
    ['the lowest level', { roles: ['agent'] }, 'folders.bound', 'off', undefined, true],
    ['neither a known role nor node', { roles: ['ghost'], tier: 'nowhere' }, 'folders.bound', 'off', undefined, false],
    ['an unknown level', { roles: ['owner'] }, 'inbox', 'most', undefined, false],
    ['an unknown permission', { roles: ['owner'] }, 'inbox.all', undefined, undefined, false],
    ['a plan-gated permission on a lower plan', { roles: ['manager'] }, 'reports', undefined, 'basic', false],
    ['a plan-gated permission on its plan', { roles: ['manager'] }, 'reports', undefined, 'pro', true],
    ['a member id without an account', 'ana', 'inbox', undefined, undefined, false],
    ['a member that is not an object', 7, 'inbox', undefined, undefined, false],
    ['null', null, 'inbox', undefined, undefined, false],
  ])('memberCan: %s', (_name, member, perm, level, plan, want) => {
    expect(kMemberCan(tiered(), member, perm, level, plan)).toBe(want);
  });

  it.each<[string, unknown, string, unknown]>([
    ['the node\'s grant', { roles: ['agent'], tier: 'north' }, 'folders.department', 'on'],
    ['the role\'s level', { roles: ['agent'], tier: 'north' }, 'inbox', 'participating'],
    ['a role without the grant and no node', { roles: ['agent'] }, 'folders.department', 'off'],
    ['the higher of two roles', { roles: ['agent', 'manager'] }, 'inbox', 'all'],
    ['the higher, in the other order', { roles: ['manager', 'agent'] }, 'inbox', 'all'],
    ['nothing known', { roles: [], tier: null }, 'inbox', undefined],
    ['roles that are not a list, a node', { roles: 'agent', tier: 'north' }, 'inbox', 'none'],
    ['an unknown permission', { roles: ['agent'] }, 'nothing', undefined],
    ['not a member', 'ben', 'inbox', undefined],
  ])('memberValue: %s', (_name, member, perm, want) => {
    expect(kMemberValue(tiered(), member, perm)).toEqual(want);
  });

  it('the union of actions over roles', () => {
    expect(kMemberValue(helpdesk(), { roles: ['analyst', 'admin'] }, 'tickets.reports')).toEqual(['read', 'update', 'export']);
    expect(kMemberCan(helpdesk(), { roles: ['analyst', 'admin'] }, 'tickets.reports', 'export', undefined)).toBe(true);
    expect(kMemberCan(helpdesk(), { roles: ['analyst'] }, 'tickets.reports', 'export', undefined)).toBe(false);
    expect(kMemberCan(helpdesk(), { roles: ['agent'] }, 'tickets.reports', undefined, undefined)).toBe(false);
    expect(kMemberCan(helpdesk(), { roles: ['analyst'] }, 'tickets.reports', undefined, undefined)).toBe(true);
  });

  it('reads at most MAX_LIST roles', () => {
    const list = Array.from({ length: MAX_LIST - 1 }, () => 'ghost');
    expect(kMemberCan(tiered(), { roles: [...list, 'manager'] }, 'inbox', 'all', undefined)).toBe(true);
    expect(kMemberCan(tiered(), { roles: [...list, 'ghost', 'manager'] }, 'inbox', 'all', undefined)).toBe(false);
  });
});

describe('relationsOf', () => {
  const actor = { id: 'a', groups: ['g1', 'g2'], organization: 'o1', tier: 'north' };
  const P = REL_PUBLIC;
  it.each<[string, Record<string, unknown>, Record<string, unknown>, number]>([
    ['nothing set: unassigned and public', actor, {}, REL_UNASSIGNED | P],
    ['assigned to the actor', actor, { assignee: 'a' }, REL_ASSIGNED | REL_ASSIGNEE | P],
    ['assigned to another', actor, { assignee: 'b' }, REL_ASSIGNED | P],
    ['an empty assignee is unassigned', actor, { assignee: '' }, REL_UNASSIGNED | P],
    ['a null assignee is unassigned', actor, { assignee: null }, REL_UNASSIGNED | P],
    ['a malformed assignee is neither', actor, { assignee: 7 }, P],
    ['a follower', actor, { followers: ['x', 'a'] }, REL_UNASSIGNED | REL_FOLLOWER | P],
    ['followers that are not a list', actor, { followers: 'a' }, REL_UNASSIGNED | P],
    ['a former assignee', actor, { formerAssignees: ['a'] }, REL_UNASSIGNED | REL_FORMER_ASSIGNEE | P],
    ['an actor without an id follows nothing', { ...actor, id: '' }, { followers: [''], formerAssignees: [''], assignee: '' }, REL_UNASSIGNED | P],
    ['the same group', actor, { group: 'g2' }, REL_UNASSIGNED | REL_SAME_GROUP | P],
    ['another group', actor, { group: 'g3' }, REL_UNASSIGNED | P],
    ['an empty group is no group', { ...actor, groups: [''] }, { group: '' }, REL_UNASSIGNED | P],
    ['the same organization', actor, { organization: 'o1' }, REL_UNASSIGNED | REL_SAME_ORGANIZATION | P],
    ['an empty organization is none', { ...actor, organization: '' }, { organization: '' }, REL_UNASSIGNED | P],
    ['another organization', actor, { organization: 'o2' }, REL_UNASSIGNED | P],
    ['ids that are numbers relate to nothing', { ...actor, id: 7, groups: [5], organization: 5 }, { followers: [7], formerAssignees: [7], group: 5, organization: 5 }, REL_UNASSIGNED | P],
    ['the root node, from itself', { ...actor, tier: 'hq' }, { tier: 'hq' }, REL_UNASSIGNED | REL_SAME_TIER | P],
    ['the root node, from an actor without a node', { ...actor, tier: null }, { tier: 'hq' }, REL_UNASSIGNED | P],
    ['a node, from an unknown node', { ...actor, tier: 'nowhere' }, { tier: 'north' }, REL_UNASSIGNED | P],
    ['the same tier node', actor, { tier: 'north' }, REL_UNASSIGNED | REL_SAME_TIER | P],
    ['a child node: parent and ancestor', actor, { tier: 'taipei' }, REL_UNASSIGNED | REL_PARENT_TIER | REL_ANCESTOR_TIER | P],
    ['a grandchild: ancestor only', { ...actor, tier: 'hq' }, { tier: 'beitun' }, REL_UNASSIGNED | REL_ANCESTOR_TIER | P],
    ['the last node of the subtree', { ...actor, tier: 'central' }, { tier: 'beitun' }, REL_UNASSIGNED | REL_PARENT_TIER | REL_ANCESTOR_TIER | P],
    ['the node after the subtree', actor, { tier: 'central' }, REL_UNASSIGNED | P],
    ['the parent node is no relation', actor, { tier: 'hq' }, REL_UNASSIGNED | P],
    ['an unknown node', actor, { tier: 'nowhere' }, REL_UNASSIGNED | P],
    ['an actor without a node', { ...actor, tier: null }, { tier: 'north' }, REL_UNASSIGNED | P],
    ['private', actor, { private: true }, REL_UNASSIGNED],
    ['private given as any other value', actor, { private: 0 }, REL_UNASSIGNED],
    ['private false', actor, { private: false }, REL_UNASSIGNED | P],
    ['private null', actor, { private: null }, REL_UNASSIGNED | P],
  ])('%s', (_name, a, r, want) => {
    expect(relationsOf(tiered(), a as never, r)).toBe(want);
  });
});

describe('kCanAccess', () => {
  const conv = (r: Record<string, unknown>) => ({ kind: 'conversation', ...r });
  const cust = (r: Record<string, unknown>) => ({ kind: 'customer', ...r });
  const nobody = { id: 'z', roles: [] };
  const agent = { id: 'a', roles: ['agent'] };
  it.each<[string, unknown, unknown, string, boolean]>([
    ['exception: the assignee reads', nobody, conv({ assignee: 'z' }), 'read', true],
    ['exception: the assignee replies', nobody, conv({ assignee: 'z' }), 'reply', true],
    ['no exception to edit', nobody, conv({ assignee: 'z' }), 'edit', false],
    ['exception: a former assignee reads', nobody, conv({ formerAssignees: ['z'] }), 'read', true],
    ['a former assignee does not reply', nobody, conv({ formerAssignees: ['z'] }), 'reply', false],
    ['rule: participating, the assignee edits', agent, conv({ assignee: 'a' }), 'edit', true],
    ['rule: participating, a follower replies', agent, conv({ followers: ['a'] }), 'reply', true],
    ['a follower does not edit', agent, conv({ followers: ['a'] }), 'edit', false],
    ['participating sees nothing else', agent, conv({}), 'read', false],
    ['all: anything', { id: 'm', roles: ['manager'] }, conv({}), 'edit', true],
    ['all, but private', { id: 'm', roles: ['manager'] }, conv({ private: true }), 'read', false],
    ['private, even by exception', nobody, conv({ assignee: 'z', private: true }), 'read', false],
    ['private, to an owner', { id: 'o', roles: ['owner'] }, conv({ private: true }), 'edit', true],
    ['node grant with assigned and same tier', { id: 'b', roles: [], tier: 'north' }, conv({ assignee: 'x', tier: 'north' }), 'read', true],
    ['node grant, only the read action', { id: 'b', roles: [], tier: 'north' }, conv({ assignee: 'x', tier: 'north' }), 'reply', false],
    ['node grant, unassigned: one relation missing', { id: 'b', roles: [], tier: 'north' }, conv({ tier: 'north' }), 'read', false],
    ['parent tier', { id: 'h', roles: [], tier: 'hq' }, conv({ assignee: 'x', tier: 'north' }), 'read', true],
    ['not the grandparent', { id: 'h', roles: [], tier: 'hq' }, conv({ assignee: 'x', tier: 'taipei' }), 'read', false],
    ['ancestor tier', { id: 'h', roles: [], tier: 'hq' }, cust({ tier: 'taipei' }), 'view', true],
    ['not the same node as ancestor', { id: 'h', roles: [], tier: 'hq' }, cust({ tier: 'hq' }), 'view', false],
    ['same tier on a customer', { id: 'c', roles: [], tier: 'beitun' }, cust({ tier: 'beitun' }), 'view', true],
    ['an action of another resource', { id: 'o', roles: ['owner'] }, conv({}), 'view', false],
    ['an unknown kind', { id: 'o', roles: ['owner'] }, { kind: 'ticket' }, 'read', false],
    ['a resource that is not an object', { id: 'o', roles: ['owner'] }, 'conversation', 'read', false],
    ['null resource', { id: 'o', roles: ['owner'] }, null, 'read', false],
    ['an actor that is not an object', 7, conv({ assignee: 7 }), 'read', false],
    ['an actor id without an account', 'z', conv({ assignee: 'z' }), 'read', false],
    ['a private resource of a kind that needs no permission for it', { id: 'h', roles: [], tier: 'hq' }, cust({ tier: 'taipei', private: true }), 'view', true],
  ])('%s', (_name, actor, resource, action, want) => {
    expect(kCanAccess(tiered(), actor, resource, action, undefined)).toBe(want);
  });

  it('access rules of a permission with a minimum plan', () => {
    const t: Tables = { ...tiered(), minPlan: [1, -1, -1, -1, -1, -1, -1, 1, 2] };
    const m = { id: 'm', roles: ['manager'] };
    expect(kCanAccess(t, m, { kind: 'conversation' }, 'read', 'basic')).toBe(false);
    expect(kCanAccess(t, m, { kind: 'conversation' }, 'read', 'pro')).toBe(true);
    expect(kAccessFilter(t, m, 'conversation', 'read', 'basic')).toEqual({
      and: [{ not: { field: 'private', op: 'eq', value: true } }, { or: [{ field: 'assignee', op: 'eq', value: 'm' }, { field: 'formerAssignees', op: 'contains', value: 'm' }] }],
    });
    expect(kAccessFilter(t, m, 'conversation', 'read', 'pro')).toEqual({ not: { field: 'private', op: 'eq', value: true } });
  });

  it('private resources need a plan-gated permission on its plan', () => {
    const t: Tables = { ...tiered(), minPlan: [-1, -1, -1, -1, -1, -1, 2, 1, 2] };
    const o = { id: 'o', roles: ['owner'] };
    expect(kCanAccess(t, o, { kind: 'conversation', private: true }, 'read', 'pro')).toBe(false);
    expect(kCanAccess(t, o, { kind: 'conversation', private: true }, 'read', 'enterprise')).toBe(true);
    expect(kAccessFilter(t, o, 'conversation', 'read', 'pro')).toEqual({ not: { field: 'private', op: 'eq', value: true } });
    expect(kAccessFilter(t, o, 'conversation', 'read', 'enterprise')).toBe(true);
  });

  it('in an account, an actor given by member id', () => {
    const members = [{ id: 'o1', roles: ['owner'] }, { id: 'o2', roles: ['owner'] }, { id: 'z', roles: ['agent'], tier: 'north' }];
    const t = compileAccount(tiered(), { members }, {}).tables;
    expect(kCanAccess(t, 'z', conv({ assignee: 'z' }), 'edit', undefined)).toBe(true);
    expect(kCanAccess(t, 'z', conv({ assignee: 'x', tier: 'north' }), 'edit', undefined)).toBe(false);
    expect(kCanAccess(t, 'y', conv({ assignee: 'y' }), 'read', undefined)).toBe(false);
    expect(kCanAccess(t, { id: 'z', roles: [] }, conv({ assignee: 'x' }), 'reply', undefined)).toBe(false);
  });

  it('private resources of a kind whose private permission is the first one', () => {
    const t: Tables = { ...tiered(), privateNeeds: [0, -1] };
    expect(kCanAccess(t, nobody, conv({ assignee: 'z', private: true }), 'read', undefined)).toBe(false);
    expect(kCanAccess(t, { id: 'a', roles: ['agent'] }, conv({ assignee: 'a', private: true }), 'read', undefined)).toBe(true);
  });

  it('denies input that throws when read', () => {
    const hostile = new Proxy({}, { getOwnPropertyDescriptor() { throw new Error('no'); }, has() { throw new Error('no'); } });
    expect(kCanAccess(tiered(), { id: 'o', roles: ['owner'] }, { kind: 'conversation', followers: revoked() }, 'read', undefined)).toBe(false);
    expect(kCanAccess(tiered(), { id: 'o', roles: ['owner'] }, { kind: 'conversation', followers: [] }, 'read', undefined)).toBe(true);
    expect(kCanAccess(tiered(), { id: 'o', roles: revoked() }, { kind: 'conversation' }, 'read', undefined)).toBe(false);
    expect(kCanAccess(tiered(), hostile, { kind: 'conversation' }, 'read', undefined)).toBe(false);
  });
});

/**
 * Gates: an access rule that requires another action (edit needs read) or another action and a
 * permission (export needs edit and notes), a part of a resource that needs a permission on a
 * private one (read_secret needs secrets), a permission of one context (notes: ui) and one that
 * needs a switch that is off (extra).
 */
const GATES = `${SCHEMA_LINE(2)}title: Gates
switches:
  extras: { label: Extras, on: false }
contexts:
  ui: { label: Screens }
  api: { label: API }
scales:
  toggle: { levels: [off, on] }
permissions:
  inbox:
    label: Inbox
    scale: toggle
    access:
      - { resource: conversation, atLeast: "on", actions: [read, read_secret] }
  editing:
    label: Editing
    scale: toggle
    access:
      - { resource: conversation, atLeast: "on", actions: [edit], requires: [{ action: read }] }
  exporting:
    label: Export
    scale: toggle
    access:
      - { resource: conversation, atLeast: "on", actions: [export], requires: [{ action: edit }, { permission: notes, atLeast: "on" }] }
  notes: { label: Notes, scale: toggle, contexts: [ui] }
  secrets: { label: Secrets, scale: toggle }
  extra: { label: Extra, scale: toggle, requires: [extras] }
resources:
  conversation:
    label: Conversation
    actions: [read, edit, export, read_secret]
    parts:
      secret: { label: Secret, actions: [read_secret], privateNeeds: secrets }
roles:
  owner: { name: Owner, kind: owner }
  reader: { name: Reader, grants: { inbox: "on" } }
  editor: { name: Editor, grants: { inbox: "on", editing: "on", exporting: "on", notes: "on", extra: "on" } }
  blind: { name: Blind, grants: { editing: "on", exporting: "on", notes: "on", secrets: "on" } }
  keeper: { name: Keeper, grants: { inbox: "on", secrets: "on" } }
  noter: { name: Noter, grants: { inbox: "on", editing: "on", exporting: "on" } }
`;

let gatesTables: Tables | undefined;
const gates = (): Tables => (gatesTables ??= tablesOf(checkFiles({ 'policy.yaml': GATES }).ir!));

describe('requirements, parts, contexts and switches', () => {
  const conv = (r: Record<string, unknown> = {}) => ({ kind: 'conversation', ...r });
  const NOT_PRIVATE: Filter = { not: { field: 'private', op: 'eq', value: true } };
  it.each<[string, string, string, boolean, string | undefined, boolean, Filter]>([
    ['a rule without requirements', 'reader', 'read', false, undefined, true, true],
    ['edit needs read: held', 'editor', 'edit', false, undefined, true, true],
    ['edit needs read: not held', 'blind', 'edit', false, undefined, false, false],
    ['export needs edit and notes: held', 'editor', 'export', false, undefined, true, true],
    ['export needs notes: not held', 'noter', 'export', false, undefined, false, false],
    ['export needs edit, which needs read: not held', 'blind', 'export', false, undefined, false, false],
    ['notes is a permission of the ui context only', 'editor', 'export', false, 'api', false, false],
    ['in the ui context', 'editor', 'export', false, 'ui', true, true],
    ['a context the policy does not list', 'editor', 'read', false, 'web', false, false],
    ['a part on a resource that is not private', 'reader', 'read_secret', false, undefined, true, NOT_PRIVATE],
    ['a part on a private resource, without its permission', 'reader', 'read_secret', true, undefined, false, NOT_PRIVATE],
    ['a part on a private resource, with its permission', 'keeper', 'read_secret', true, undefined, true, true],
    ['an action outside the part on a private resource', 'reader', 'read', true, undefined, true, true],
  ])('%s', (_name, role, action, priv, context, can, filter) => {
    const t = context === undefined ? gates() : kInContext(gates(), context);
    const actor = { id: 'x', roles: [role] };
    expect(kCanAccess(t, actor, conv(priv ? { private: true } : {}), action, undefined)).toBe(can);
    expect(kAccessFilter(t, actor, 'conversation', action, undefined)).toEqual(filter);
  });

  it.each<[string, string, string | undefined, number, boolean]>([
    ['a permission of every context', 'inbox', 'api', 0, true],
    ['a permission of the ui context, in ui', 'notes', 'ui', 0, true],
    ['a permission of the ui context, in api', 'notes', 'api', 0, false],
    ['the first context is the default', 'notes', undefined, 0, true],
    ['an unknown context denies everything', 'inbox', 'web', 0, false],
    ['a switch that is off', 'extra', undefined, 0, false],
    ['the switch on', 'extra', undefined, 1, true],
  ])('can: %s', (_name, permission, context, switchOn, want) => {
    const t = { ...(context === undefined ? gates() : kInContext(gates(), context)), switchOn };
    expect(kCan(t, 'editor', permission, undefined, undefined)).toBe(want);
    expect(kMemberCan(t, { roles: ['editor'] }, permission, undefined, undefined)).toBe(want);
  });

  it('a policy without contexts has no context to ask in', () => {
    expect(kCan(kInContext(tiered(), 'ui'), 'owner', 'inbox', undefined, undefined)).toBe(false);
    expect(kCan(tiered(), 'owner', 'inbox', undefined, undefined)).toBe(true);
  });
});

describe('kAccessFilter', () => {
  const NOT_PRIVATE: Filter = { not: { field: 'private', op: 'eq', value: true } };
  const UNASSIGNED: Filter = { or: [{ field: 'assignee', op: 'isNull' }, { field: 'assignee', op: 'eq', value: '' }] };
  it.each<[string, unknown, string, string, Filter]>([
    ['an owner sees every resource', { id: 'o', roles: ['owner'] }, 'conversation', 'read', true],
    ['a manager: every public one', { id: 'm', roles: ['manager'] }, 'conversation', 'edit', NOT_PRIVATE],
    [
      'an agent reads: assignee, follower and former assignee',
      { id: 'a', roles: ['agent'] },
      'conversation',
      'read',
      { and: [NOT_PRIVATE, { or: [{ field: 'assignee', op: 'eq', value: 'a' }, { field: 'formerAssignees', op: 'contains', value: 'a' }, { field: 'followers', op: 'contains', value: 'a' }] }] },
    ],
    ['an agent edits: assignee only', { id: 'a', roles: ['agent'] }, 'conversation', 'edit', { and: [NOT_PRIVATE, { field: 'assignee', op: 'eq', value: 'a' }] }],
    ['an actor without id or roles', { roles: [] }, 'conversation', 'read', false],
    [
      'a node with a relation pair',
      { id: 'b', roles: [], tier: 'north' },
      'conversation',
      'read',
      { and: [NOT_PRIVATE, { or: [{ field: 'assignee', op: 'eq', value: 'b' }, { field: 'formerAssignees', op: 'contains', value: 'b' }, { and: [{ not: UNASSIGNED }, { field: 'tier', op: 'eq', value: 'north' }] }] }] },
    ],
    [
      'the parent of the nodes below',
      { id: '', roles: [], tier: 'hq' },
      'conversation',
      'read',
      { and: [NOT_PRIVATE, { not: UNASSIGNED }, { field: 'tier', op: 'in', value: ['north', 'central'] }] },
    ],
    ['a leaf node: its own grant', { id: '', roles: [], tier: 'taipei' }, 'conversation', 'read', { and: [NOT_PRIVATE, { not: UNASSIGNED }, { field: 'tier', op: 'eq', value: 'taipei' }] }],
    ['a node granting nothing for the kind', { id: '', roles: [], tier: 'beitun' }, 'conversation', 'read', false],
    ['the subtree below a node', { id: '', roles: [], tier: 'hq' }, 'customer', 'view', { field: 'tier', op: 'in', value: ['north', 'taipei', 'central', 'beitun'] }],
    ['the subtree below the last branch', { id: '', roles: [], tier: 'central' }, 'customer', 'view', { field: 'tier', op: 'in', value: ['beitun'] }],
    ['the same node', { id: '', roles: [], tier: 'beitun' }, 'customer', 'view', { field: 'tier', op: 'eq', value: 'beitun' }],
    ['an unknown action', { id: 'o', roles: ['owner'] }, 'conversation', 'view', false],
    ['an unknown kind', { id: 'o', roles: ['owner'] }, 'ticket', 'read', false],
    ['an actor that is not an object', 'o', 'conversation', 'read', false],
  ])('%s', (_name, actor, kind, action, want) => {
    expect(kAccessFilter(tiered(), actor, kind, action, undefined)).toEqual(want);
  });

  it.each<[string, number, Record<string, unknown>, Filter]>([
    ['assigned', REL_ASSIGNED, {}, { not: { or: [{ field: 'assignee', op: 'isNull' }, { field: 'assignee', op: 'eq', value: '' }] } }],
    ['unassigned', REL_UNASSIGNED, {}, { or: [{ field: 'assignee', op: 'isNull' }, { field: 'assignee', op: 'eq', value: '' }] }],
    ['same group, repeats and empty ids dropped, sorted', REL_SAME_GROUP, { groups: ['g2', '', 'g1', 'g2'] }, { field: 'group', op: 'in', value: ['g1', 'g2'] }],
    ['same group, none', REL_SAME_GROUP, { groups: [''] }, false],
    ['same organization', REL_SAME_ORGANIZATION, { organization: 'o1' }, { field: 'organization', op: 'eq', value: 'o1' }],
    ['same organization, none', REL_SAME_ORGANIZATION, { organization: '' }, false],
    ['assignee without id', REL_ASSIGNEE, { id: '' }, false],
    ['follower without id', REL_FOLLOWER, { id: 7 }, false],
    ['former assignee without id', REL_FORMER_ASSIGNEE, {}, false],
    ['same tier without node', REL_SAME_TIER, { tier: 'nowhere' }, false],
    ['parent tier without node', REL_PARENT_TIER, {}, false],
    ['ancestor tier without node', REL_ANCESTOR_TIER, {}, false],
    ['parent tier of a leaf', REL_PARENT_TIER, { tier: 'taipei' }, false],
    ['ancestor tier of a leaf', REL_ANCESTOR_TIER, { tier: 'beitun' }, false],
    ['parent tier of the root', REL_PARENT_TIER, { tier: 'hq' }, { field: 'tier', op: 'in', value: ['north', 'central'] }],
    ['same tier', REL_SAME_TIER, { tier: 'hq' }, { field: 'tier', op: 'eq', value: 'hq' }],
    ['assignee', REL_ASSIGNEE, { id: 'a' }, { field: 'assignee', op: 'eq', value: 'a' }],
    ['follower', REL_FOLLOWER, { id: 'a' }, { field: 'followers', op: 'contains', value: 'a' }],
    ['former assignee', REL_FORMER_ASSIGNEE, { id: 'a' }, { field: 'formerAssignees', op: 'contains', value: 'a' }],
    ['public', REL_PUBLIC, {}, { not: { field: 'private', op: 'eq', value: true } }],
    ['two relations: both', REL_ASSIGNEE | REL_SAME_ORGANIZATION, { id: 'a', organization: 'o1' }, { and: [{ field: 'assignee', op: 'eq', value: 'a' }, { field: 'organization', op: 'eq', value: 'o1' }] }],
    ['two relations, one impossible', REL_ASSIGNEE | REL_SAME_ORGANIZATION, { id: 'a' }, false],
    ['no relation: every resource', 0, {}, true],
  ])('a rule on %s', (_name, relations, actor, want) => {
    // One access rule on the customer kind that every known role meets (inbox at its lowest level).
    const t: Tables = { ...tiered(), accessRules: [[], [[0, 0, relations, 1]]], exceptions: [[], []] };
    expect(kAccessFilter(t, { roles: ['agent'], ...actor }, 'customer', 'view', undefined)).toEqual(want);
  });

  it('an exception and an access rule with the same condition give it once', () => {
    const t: Tables = { ...tiered(), accessRules: [[], [[0, 0, REL_SAME_ORGANIZATION, 1]]], exceptions: [[], [[REL_SAME_ORGANIZATION, 1]]] };
    expect(kAccessFilter(t, { roles: ['agent'], organization: 'o' }, 'customer', 'view', undefined)).toEqual({ field: 'organization', op: 'eq', value: 'o' });
    expect(kAccessFilter(t, { roles: ['ghost'], organization: 'o' }, 'customer', 'view', undefined)).toEqual({ field: 'organization', op: 'eq', value: 'o' });
  });

  it('denies input that throws when read', () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    expect(kAccessFilter({ ...tiered(), exceptions: [[], [[0, 1]]], accessRules: [[], []], resourceIndex: () => 1, actionBit: () => { throw new Error('no'); } }, { roles: [] }, 'customer', 'view', undefined)).toBe(false);
    expect(kAccessFilter(tiered(), proxy, 'customer', 'view', undefined)).toBe(false);
  });
});

describe('toSql', () => {
  const cols = { assignee: 'c.assignee', followers: { array: 'c.followers' }, formerAssignees: { table: 'former', key: 'conv', value: 'member', id: 'c.id' }, group: 'c.grp', tier: 'c.tier', private: 'c.private', organization: 'c.org' } as const;
  const eq = (field: string, value: unknown): Filter => ({ field, op: 'eq', value }) as Filter;
  it.each<[string, Filter, string, unknown[], string, unknown[]]>([
    ['true', true, 'TRUE', [], 'TRUE', []],
    ['false', false, 'FALSE', [], 'FALSE', []],
    ['not true', { not: true }, 'FALSE', [], 'FALSE', []],
    ['eq', eq('assignee', 'a'), 'c.assignee = $1', ['a'], 'c.assignee = ?', ['a']],
    ['not eq: NULL reads as different', { not: eq('assignee', 'a') }, '(c.assignee IS NULL OR c.assignee <> $1)', ['a'], '(c.assignee IS NULL OR c.assignee <> ?)', ['a']],
    ['a boolean value', eq('private', true), 'c.private = $1', [true], 'c.private = ?', [1]],
    ['a false boolean value', eq('private', false), 'c.private = $1', [false], 'c.private = ?', [0]],
    ['isNull', { field: 'assignee', op: 'isNull' }, 'c.assignee IS NULL', [], 'c.assignee IS NULL', []],
    ['not isNull', { not: { field: 'assignee', op: 'isNull' } }, 'c.assignee IS NOT NULL', [], 'c.assignee IS NOT NULL', []],
    ['in', { field: 'tier', op: 'in', value: ['n', 't'] }, 'c.tier = ANY($1::text[])', [['n', 't']], 'c.tier IN (?, ?)', ['n', 't']],
    ['not in', { not: { field: 'tier', op: 'in', value: ['n'] } }, '(c.tier IS NULL OR NOT c.tier = ANY($1::text[]))', [['n']], '(c.tier IS NULL OR NOT c.tier IN (?))', ['n']],
    ['in nothing', { field: 'tier', op: 'in', value: [] }, 'FALSE', [], 'FALSE', []],
    ['not in nothing', { not: { field: 'tier', op: 'in', value: [] } }, 'TRUE', [], 'TRUE', []],
    ['contains, an array column', { field: 'followers', op: 'contains', value: 'a' }, 'COALESCE(array_ndims(c.followers) = 1 AND cardinality(c.followers) <= 10000 AND $1 = ANY(c.followers), FALSE)', ['a'], "EXISTS (SELECT 1 FROM json_each(CASE WHEN json_valid(c.followers) THEN CASE WHEN json_type(c.followers) = 'array' AND json_array_length(c.followers) <= 10000 THEN c.followers END END) WHERE json_each.type = 'text' AND json_each.value = ?)", ['a']],
    ['not contains', { not: { field: 'followers', op: 'contains', value: 'a' } }, 'NOT COALESCE(array_ndims(c.followers) = 1 AND cardinality(c.followers) <= 10000 AND $1 = ANY(c.followers), FALSE)', ['a'], "NOT EXISTS (SELECT 1 FROM json_each(CASE WHEN json_valid(c.followers) THEN CASE WHEN json_type(c.followers) = 'array' AND json_array_length(c.followers) <= 10000 THEN c.followers END END) WHERE json_each.type = 'text' AND json_each.value = ?)", ['a']],
    ['contains, a join table', { field: 'formerAssignees', op: 'contains', value: 'a' }, 'EXISTS (SELECT 1 FROM former WHERE former.conv = c.id AND former.member = $1)', ['a'], 'EXISTS (SELECT 1 FROM former WHERE former.conv = c.id AND former.member = ?)', ['a']],
    ['and', { and: [eq('assignee', 'a'), eq('group', 'g')] }, '(c.assignee = $1 AND c.grp = $2)', ['a', 'g'], '(c.assignee = ? AND c.grp = ?)', ['a', 'g']],
    ['or', { or: [eq('assignee', 'a'), eq('group', 'g')] }, '(c.assignee = $1 OR c.grp = $2)', ['a', 'g'], '(c.assignee = ? OR c.grp = ?)', ['a', 'g']],
    ['not and: De Morgan', { not: { and: [eq('assignee', 'a'), { not: eq('group', 'g') }] } }, '((c.assignee IS NULL OR c.assignee <> $1) OR c.grp = $2)', ['a', 'g'], '((c.assignee IS NULL OR c.assignee <> ?) OR c.grp = ?)', ['a', 'g']],
    ['not or', { not: { or: [true, false] } }, '(FALSE AND TRUE)', [], '(FALSE AND TRUE)', []],
  ])('%s', (_name, f, pgText, pgValues, liteText, liteValues) => {
    expect(toSql(f, cols, { dialect: 'postgres' })).toEqual({ text: pgText, values: pgValues });
    expect(toSql(f, cols, { dialect: 'sqlite' })).toEqual({ text: liteText, values: liteValues });
  });

  it.each<[string, Filter, Record<string, unknown>, { dialect: string }, RegExp]>([
    ['an unknown dialect', true, cols, { dialect: 'mysql' }, /unknown dialect "mysql"/],
    ['a field without a column', eq('assignee', 'a'), { group: 'g' }, { dialect: 'postgres' }, /field "assignee", but columns maps no column/],
    ['a column inherited, not own', eq('assignee', 'a'), Object.create({ assignee: 'x' }), { dialect: 'postgres' }, /field "assignee", but/],
    ['a list column for a plain field', eq('group', 'g'), { group: { array: 'g' } }, { dialect: 'sqlite' }, /field "group" needs a plain column/],
    ['a plain column for a list field', { field: 'followers', op: 'contains', value: 'a' }, { followers: 'f' }, { dialect: 'postgres' }, /field "followers" is a list/],
    ['an unknown operator', { field: 'assignee', op: 'like', value: 'a' } as unknown as Filter, cols, { dialect: 'postgres' }, /unknown operator "like"/],
  ])('throws on %s', (_name, f, columns, options, want) => {
    expect(() => toSql(f, columns as never, options as never)).toThrow(TypeError);
    expect(() => toSql(f, columns as never, options as never)).toThrow(want);
  });
});

describe('plans and tiers', () => {
  it.each<[unknown, unknown, boolean]>([
    ['pro', 'pro', true],
    ['enterprise', 'pro', true],
    ['basic', 'pro', false],
    ['platinum', 'basic', false],
    ['basic', 'platinum', false],
    ['basic', 'basic', true],
    ['pro', 'basic', true],
  ])('planAtLeast(%s, %s)', (plan, min, want) => {
    expect(kPlanAtLeast(tiered(), plan, min)).toBe(want);
  });

  it.each<[unknown, unknown, boolean]>([
    ['several_organizations', 'enterprise', true],
    ['several_organizations', 'pro', false],
    ['several_organizations', undefined, false],
    ['several_organizations', 'platinum', false],
    ['teleport', 'enterprise', false],
  ])('hasFeature(%s, %s)', (feature, plan, want) => {
    expect(kHasFeature(tiered(), feature, plan)).toBe(want);
  });

  it('hasFeature on an account\'s plan, and a feature of the lowest plan without a plan', () => {
    expect(kHasFeature({ ...tiered(), plan: 2 }, 'several_organizations', 'basic')).toBe(true);
    expect(kHasFeature({ ...tiered(), featurePlan: [0] }, 'several_organizations', 'basic')).toBe(true);
    expect(kHasFeature({ ...tiered(), featurePlan: [0] }, 'several_organizations', undefined)).toBe(false);
  });

  it.each<[unknown, unknown, boolean, boolean]>([
    ['hq', 'beitun', false, true],
    ['central', 'beitun', false, true],
    ['north', 'taipei', false, true],
    ['north', 'central', false, false],
    ['taipei', 'central', false, false],
    ['beitun', 'central', false, false],
    ['north', 'north', false, false],
    ['north', 'north', true, true],
    ['hq', 'hq', true, true],
    ['hq', 'hq', false, false],
    ['hq', 'nowhere', true, false],
    ['nowhere', 'hq', true, false],
  ])('isAncestor(%s, %s, orSame %s)', (a, b, orSame, want) => {
    expect(kIsAncestor(tiered(), a, b, orSame)).toBe(want);
  });

  it.each<[unknown, string | undefined, number | undefined]>([
    ['hq', undefined, 1],
    ['north', 'hq', 2],
    ['beitun', 'central', 3],
    ['nowhere', undefined, undefined],
  ])('parentOf and depthOf %s', (node, parent, depth) => {
    expect(kParentOf(tiered(), node)).toBe(parent);
    expect(kDepthOf(tiered(), node)).toBe(depth);
  });
});

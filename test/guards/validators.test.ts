// Runtime validators of the generated guards (helpdesk fixture): role assignment and removal, role
// edits and custom-role drafts, each problem under the compiler's rule name.

import { describe, expect, it } from 'vitest';
import * as gTyped from '../golden/expected/helpdesk/guards.js';

/** The guards as a product calls them with ids read from data: untyped strings, checked at run time. */
type Untyped<M> = { [K in keyof M]: M[K] extends (...args: never[]) => infer R ? (...args: any[]) => R : M[K] };
const g = gTyped as unknown as Untyped<typeof gTyped>;

const owner = { id: 'ana', roles: ['owner'] };
const admin = { id: 'ada', roles: ['admin'] };
const agent = { id: 'abe', roles: ['agent'] };
const none: gTyped.Context = { customRoles: [] };

const rules = (v: gTyped.Verdict): string[] => (v.ok ? [] : v.problems.map((p) => p.rule));

describe('canAssignRole / canRemoveRole / canSetRoles', () => {
  it.each([
    ['an admin gives a colleague the agent role', admin, agent, 'analyst', []],
    ['an owner gives anyone any role', owner, agent, 'admin', []],
    ['nobody changes their own roles', admin, admin, 'agent', ['self-assign']],
    ['an agent holds no assignment permission', agent, { id: 'x', roles: ['analyst'] }, 'agent', ['not-permitted']],
    ['owner roles are out of reach of admins', admin, agent, 'owner', ['protected-role', 'escalation-subset']],
    ['admin roles are protected from non-admins', { id: 'c', roles: ['c1'] }, agent, 'admin', ['protected-role', 'escalation-subset']],
    ['an unknown role is denied', admin, agent, 'ghost', ['unknown-reference']],
  ] as const)('%s', (_name, actor, target, role, want) => {
    const ctx: gTyped.Context = { customRoles: [{ id: 'c1', name: 'Dispatcher', grants: { 'team.assign': 'on' } }] };
    expect(rules(g.canAssignRole(actor, target, role, ctx))).toEqual(want);
  });

  it('a custom role with the assign permission may not hand out a role that holds more than it', () => {
    const ctx: gTyped.Context = { customRoles: [{ id: 'c1', name: 'Dispatcher', grants: { 'team.assign': 'on' } }] };
    const v = g.canAssignRole({ id: 'c', roles: ['c1'] }, { id: 'd', roles: ['analyst'] }, 'agent', ctx);
    expect(v).toEqual({ ok: false, problems: [{ rule: 'escalation-subset', message: 'role "agent" holds more of tickets.view than you do' }] });
  });

  it('never leaves fewer owners than the minimum, and counts them only when members are given', () => {
    const ctx = { customRoles: [], members: [owner, agent] };
    expect(rules(g.canRemoveRole({ id: 'zoe', roles: ['owner'] }, owner, 'owner', ctx))).toEqual(['owner-members', 'member-without-role'].reverse());
    const two = { customRoles: [], members: [owner, { id: 'zoe', roles: ['owner'] }] };
    expect(rules(g.canSetRoles({ id: 'zoe', roles: ['owner'] }, owner, ['agent'], two))).toEqual([]);
    expect(rules(g.canSetRoles({ id: 'zoe', roles: ['owner'] }, owner, ['agent'], none))).toEqual(['owner-members']);
  });

  it('keeps roles per member within the limits', () => {
    expect(rules(g.canSetRoles(owner, agent, ['agent', 'analyst', 'night_shift'], none))).toEqual(['roles-per-member']);
    expect(rules(g.canSetRoles(owner, agent, [], none))).toEqual(['member-without-role']);
  });

  it('denies malformed input instead of throwing', () => {
    expect(rules(g.canAssignRole(null as never, agent, 'agent'))).toEqual(['unknown-reference']);
    expect(rules(g.canSetRoles(owner, { id: 'x' } as never, ['agent']))).toEqual(['unknown-reference']);
  });
});

describe('canEditRole', () => {
  it.each([
    ['an admin edits the agent role', admin, 'agent', []],
    ['nobody edits a role they hold', admin, 'admin', ['self-edit']],
    ['owner roles are never edited, not even by their members', owner, 'owner', ['self-edit', 'protected-role']],
    ['an agent holds no role-management permission', agent, 'analyst', ['not-permitted', 'escalation-subset']],
    ['an admin may not edit another admin role through a custom role', { id: 'x', roles: ['c2'] }, 'admin', ['protected-role', 'escalation-subset']],
  ] as const)('%s', (_name, actor, role, want) => {
    const ctx: gTyped.Context = { customRoles: [{ id: 'c2', name: 'Role manager', grants: { 'roles.manage': 'edit' } }] };
    expect(rules(g.canEditRole(actor, role, ctx))).toEqual(want);
  });
});

describe('validateRoleDraft', () => {
  const draft = (grants: Partial<gTyped.Grants>, name = 'Night auditor', id = 'new1'): gTyped.CustomRole => ({ id, name, grants });

  it('accepts a draft within the actor\'s own permissions', () => {
    expect(g.validateRoleDraft(admin, draft({ 'tickets.view': 'read', 'tickets.reports': ['export'] }), none)).toEqual({ ok: true });
  });

  it.each([
    ['more than the actor holds', draft({ 'tickets.reports': ['delete'] }), ['escalation-subset']],
    ['an admin-only permission', draft({ 'settings.brand': 'read' }), ['admin-only-grant']],
    ['an owner-only permission', draft({ 'account.delete': 'on' }), ['owner-only-grant', 'escalation-subset']],
    ['an unknown permission', draft({ 'tickets.fly': 'on' } as never), ['unknown-reference']],
    ['a value outside the scale', draft({ 'tickets.view': 'admin' } as never), ['invalid-level']],
    ['the name of a builtin role, in another case and width', draft({}, 'ＡＧＥＮＴ'), ['name-duplicate']],
    ['a reserved name spelt with a Cyrillic A', draft({}, 'Аdmin'), ['name-reserved']],
    ['a reserved name with a digit for a letter', draft({}, 'Admin1strator'), ['name-reserved']],
    ['an empty name', draft({}, ' \u200b '), ['name-duplicate']],
  ] as const)('refuses %s', (_name, d, want) => {
    expect(rules(g.validateRoleDraft(admin, d, none))).toEqual(want);
  });

  it('refuses a new custom role over the custom-role cap but allows editing a stored one', () => {
    const stored = Array.from({ length: 5 }, (_, i) => ({ id: `c${i}`, name: `Custom ${i}`, grants: {} }));
    expect(rules(g.validateRoleDraft(admin, draft({}), { customRoles: stored }))).toEqual(['custom-role-cap']);
    expect(g.validateRoleDraft(admin, draft({ 'tickets.view': 'read' }, 'Custom 0 renamed', 'c0'), { customRoles: stored })).toEqual({ ok: true });
  });

  it('a builtin role may only take the values it allows', () => {
    expect(rules(g.validateRoleDraft(owner, { id: 'agent', name: 'Agent', grants: { 'tickets.view': 'read' } }, none))).toEqual([]);
    expect(rules(g.validateRoleDraft(owner, { id: 'agent', name: 'Agent', grants: { 'tickets.view': 'off' } }, none))).toEqual(['invalid-level']);
  });

  it('needs the role-management permission to create', () => {
    expect(rules(g.validateRoleDraft(agent, draft({}), none))).toEqual(['not-permitted']);
  });

  it('reserved names: look-alikes are caught, ordinary names pass', () => {
    expect(g.isReservedName('ADMINISTRATOR')).toBe(true);
    expect(g.isReservedName('Ａｄｍｉｎ')).toBe(true);
    expect(g.isReservedName('Adm1n')).toBe(true);
    expect(g.isReservedName('Support lead')).toBe(false);
  });
});

describe('plan gate for custom roles (tiered fixture: custom roles from the pro plan)', async () => {
  const t = (await import('../golden/expected/tiered/guards.js')) as unknown as Untyped<typeof import('../golden/expected/tiered/guards.js')>;
  const owner = { id: 'o', roles: ['owner'] };
  const stored = [{ id: 'c1', name: 'Night desk', grants: {} }];
  it('below the plan, custom roles can be neither created, given nor edited', () => {
    const ctx = { customRoles: stored, plan: 'basic' as const };
    expect(rules(t.validateRoleDraft(owner, { id: 'c2', name: 'Weekend', grants: {} }, ctx))).toEqual(['custom-role-cap']);
    expect(rules(t.canAssignRole(owner, { id: 'x', roles: ['agent'] }, 'c1', ctx))).toEqual(['custom-role-cap']);
    expect(rules(t.canEditRole(owner, 'c1', ctx))).toEqual(['custom-role-cap']);
  });
  it('on the plan they can', () => {
    const ctx = { customRoles: stored, plan: 'pro' as const };
    expect(t.validateRoleDraft(owner, { id: 'c2', name: 'Weekend', grants: {} }, ctx)).toEqual({ ok: true });
    expect(t.canEditRole(owner, 'c1', ctx)).toEqual({ ok: true });
  });
});

describe('validators on hostile input answer, never throw', () => {
  const cyclic: Record<string, unknown> = {};
  cyclic.self = cyclic;
  it.each([
    ['a BigInt role id is an unknown role', () => g.canAssignRole(admin, agent, 10n as never, none), ['unknown-reference']],
    ['a BigInt grant value is no level', () => g.validateRoleDraft(admin, { id: 'n', name: 'N', grants: { 'tickets.view': 10n } as never }, none), ['invalid-level']],
    ['a cyclic grant value is no level', () => g.validateRoleDraft(admin, { id: 'n', name: 'N', grants: { 'tickets.view': cyclic } as never }, none), ['invalid-level']],
    ['null entries in the member list hide neither a change of the actor\'s own roles nor the loss of the last owner', () => g.canSetRoles(owner, owner, ['agent'], { customRoles: [], members: [null] as never }), ['self-assign', 'owner-members']],
    ['a null actor is an unknown member', () => g.canEditRole(null as never, 'agent', none), ['unknown-reference']],
    ['a draft that is not an object is refused', () => g.validateRoleDraft(admin, null as never, none), ['unknown-reference']],
  ] as const)('%s', (_name, call, want) => {
    let v: gTyped.Verdict | undefined;
    expect(() => (v = call())).not.toThrow();
    expect(v!.ok).toBe(false);
    expect(rules(v!)).toEqual(want);
  });

  // Malformed context that holds nothing to check the draft against: the draft itself is within
  // the actor's permissions, so it is accepted.
  it.each([
    ['a draft without ctx', () => g.validateRoleDraft(admin, { id: 'n', name: 'N', grants: {} }, undefined as never)],
    ['null custom roles in ctx', () => g.validateRoleDraft(admin, { id: 'n', name: 'N', grants: {} }, { customRoles: [null] as never })],
  ])('%s', (_name, call) => {
    expect(call()).toEqual({ ok: true });
  });

  it('a number is no reserved name, a reserved name is one', () => {
    expect(g.isReservedName(5 as never)).toBe(false);
    expect(g.isReservedName('Administrator')).toBe(true);
  });

  it('an array with holes is not a list of roles', () => {
    expect(rules(g.canSetRoles(owner, agent, [,] as never, none))).toEqual(['unknown-reference']);
  });

  it('a draft can take actions away from a builtin role, within what it allows', () => {
    // analyst's tickets.reports is locked at [read, update]: an empty list is not allowed.
    expect(rules(g.validateRoleDraft(owner, { id: 'analyst', name: '분석가', grants: { 'tickets.reports': [] } }, none))).toEqual(['invalid-level']);
  });
});

describe('canMoveMember (tiered fixture)', () => {
  it('an owner places a member in any node of the policy, or out of the tree; the rest is refused', async () => {
    const t = (await import('../golden/expected/tiered/guards.js')) as unknown as Untyped<typeof import('../golden/expected/tiered/guards.js')>;
    const owner = { id: 'ana', roles: ['owner'] };
    const agent = { id: 'ben', roles: ['agent'], tier: 'north' };
    const manager = { id: 'mia', roles: ['manager'], tier: 'central' };
    expect(t.canMoveMember(owner, agent, 'beitun')).toEqual({ ok: true });
    expect(t.canMoveMember(owner, agent, null)).toEqual({ ok: true });
    expect(rules(t.canMoveMember(manager, agent, 'central'))).toEqual(['not-permitted']);
    expect(rules(t.canMoveMember(owner, owner, 'north'))).toEqual(['self-assign']);
    expect(t.canMoveMember(owner, agent, 'centrl')).toEqual({ ok: false, problems: [{ rule: 'unknown-reference', message: expect.stringMatching(/did you mean "central"/), path: '/tier' }] });
    // Without an account there are no member ids to look up.
    expect(rules(t.canMoveMember(owner, 'ben', 'north'))).toEqual(['unknown-reference']);
    expect(rules(t.canMoveMember(null, agent, 'north'))).toEqual(['unknown-reference']);
  });

  it('an account answers for its own nodes and members, and apply asks the same question', async () => {
    const t = (await import('../golden/expected/tiered/guards.js')) as unknown as Untyped<typeof import('../golden/expected/tiered/guards.js')>;
    const opened = t.openAccount({ tiers: [{ id: 'fengyuan', name: 'Fengyuan', parent: 'central' }], members: [{ id: 'ana', roles: ['owner'], tier: 'hq' }, { id: 'ben', roles: ['agent'], tier: 'north' }] });
    if (!opened.ok) throw new Error('the data is refused');
    const a = opened.account;
    expect(a.canMoveMember('ana', 'ben', 'fengyuan')).toEqual({ ok: true });
    expect(rules(a.canMoveMember('ben', 'ana', 'fengyuan'))).toEqual(['not-permitted']);
    expect(rules(a.canMoveMember('ana', 'nobody', 'fengyuan'))).toEqual(['unknown-reference']);
    const moved = a.apply({ type: 'moveMember', actor: 'ana', member: 'ben', tier: 'fengyuan' });
    expect(moved.ok && moved.account.data.members?.find((m) => m.id === 'ben')?.tier).toBe('fengyuan');
    expect(a.apply({ type: 'moveMember', actor: 'ben', member: 'ana', tier: 'fengyuan' })).toEqual(a.canMoveMember('ben', 'ana', 'fengyuan'));
  });
});

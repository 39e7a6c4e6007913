// The role-edit validators of the runtime kernel (kSetRoles, kAssignRole, kRemoveRole, kEditRole,
// kValidateDraft), run in-process on the tables the compiler builds from a policy: each row an
// actor, a target or draft and a context, and the exact problems (rule, JSON pointer, the facts the
// message carries), with the caps at, one under and one over their value. The generated guards
// inline this same kernel; test/guards/validators.test.ts checks them through the built output.

import { describe, expect, it } from 'vitest';
import {
  compileAccount,
  describe as describe_,
  editDistance,
  kAssignRole,
  kIsReservedName,
  normalizeName,
  kEditRole,
  kRemoveRole,
  kSetRoles,
  kValidateDraft,
  type KernelVerdict,
  type Tables,
} from '../../src/runtime/kernel.js';
import { tablesOf } from '../../src/runtime/from-ir.js';
import { checkFiles, SCHEMA_LINE } from '../helpers.js';
import { base, tables } from './kernel-tables.js';

type Problem = string | [rule: string, path: string] | [rule: string, path: string | undefined, fact: RegExp];

/** A verdict as rows: the rule, with its pointer when it has one, and a fact of the message when asked. */
function check(v: KernelVerdict, want: readonly Problem[]): void {
  const got = v.ok ? [] : v.problems;
  if (v.ok) expect(Object.keys(v)).toEqual(['ok']);
  else expect(got.length).toBeGreaterThan(0);
  expect(got.map((p) => p.rule)).toEqual(want.map((w) => (typeof w === 'string' ? w : w[0])));
  want.forEach((w, i) => {
    const p = got[i]!;
    if (typeof w === 'string') return;
    expect(p.path).toBe(w[1]);
    if (w.length === 3) expect(p.message).toMatch(w[2]);
  });
}

const m = (id: string, ...roles: string[]) => ({ id, roles });
const OWNER = m('o1', 'owner');
const ADMIN = m('ad', 'admin');
const LEAD = m('le', 'lead');
const AGENT = m('ag', 'agent');
const TARGET = m('tg', 'agent');

describe('kSetRoles', () => {
  it.each<[string, unknown, unknown, unknown, Record<string, unknown> | undefined, Problem[]]>([
    ['an admin gives a role within its power', ADMIN, TARGET, ['agent', 'lead'], undefined, []],
    ['an owner gives an owner role', OWNER, TARGET, ['owner'], undefined, []],
    ['an owner holding another role too is still an owner', m('o2', 'agent', 'owner'), TARGET, ['admin'], undefined, []],
    ['nobody changes their own roles', ADMIN, m('ad', 'agent'), ['agent'], undefined, [['self-assign', undefined, /own roles/]]],
    ['a holder of no assignment permission', AGENT, m('x', 'guarded'), ['guarded'], undefined, [['not-permitted', undefined, /assign roles/]]],
    ['assignment permission held by one of several roles', m('x', 'agent', 'lead'), m('y', 'guarded'), ['guarded', 'agent'], undefined, []],
    ['an owner role is out of reach of an admin', ADMIN, TARGET, ['owner'], undefined, [['protected-role', undefined, /"owner".*assign/], ['escalation-subset', undefined, /role "owner" holds more of deletion/]]],
    ['a role editable by lead only, given by an admin', ADMIN, TARGET, ['guarded'], undefined, [['protected-role', undefined, /"guarded"/]]],
    ['a role editable by lead, given by lead', LEAD, TARGET, ['guarded'], undefined, []],
    ['a role editable by lead, given by a holder of lead and another role', m('x', 'agent', 'lead'), TARGET, ['guarded'], undefined, []],
    ['an admin role given by a non-admin', LEAD, TARGET, ['helper'], undefined, [['protected-role', undefined, /"helper"/]]],
    ['an admin role given by an admin', ADMIN, TARGET, ['helper'], undefined, []],
    ['an admin role given by a holder of an admin role among others', m('x', 'lead', 'helper'), TARGET, ['helper'], undefined, []],
    ['a role holding more of an ordered scale', m('x', 'lead'), m('y', 'guarded'), ['admin'], undefined, [['protected-role', undefined, /"admin"/], ['escalation-subset', undefined, /role "admin" holds more of reports/]]],
    ['a role holding an action the actor lacks', m('x', 'helper', 'lead'), TARGET, ['admin'], undefined, [['escalation-subset', undefined, /reports/]]],
    ['a role holding exactly what the actor holds', m('x', 'lead'), m('y', 'agent', 'guarded'), ['agent', 'lead'], undefined, []],
    ['the power of all the actor\'s roles together', m('x', 'lead', 'helper'), TARGET, ['helper', 'guarded'], undefined, []],
    ['an unknown role', ADMIN, TARGET, ['ghost'], undefined, [['unknown-reference', undefined, /"ghost"/]]],
    ['a role kept is not checked again', LEAD, m('y', 'admin'), ['admin'], undefined, []],
    ['taking away a role out of reach', LEAD, m('y', 'agent', 'admin'), ['agent'], undefined, [['protected-role', undefined, /"admin".*remove/]]],
    ['taking away a role within reach', ADMIN, m('y', 'agent', 'helper'), ['agent'], undefined, []],
    ['taking away an unknown role', LEAD, m('y', 'agent', 'ghost'), ['agent'], undefined, []],
    ['no role at all', ADMIN, TARGET, [], undefined, [['member-without-role', undefined, /every member/]]],
    ['one role: the minimum', ADMIN, m('y', 'agent', 'lead'), ['agent'], undefined, []],
    ['two roles: the maximum', ADMIN, TARGET, ['agent', 'helper'], undefined, []],
    ['three roles: one over the maximum', ADMIN, TARGET, ['agent', 'helper', 'lead'], undefined, [['roles-per-member', undefined, /1 to 2 role/]]],
    ['the same role twice counts once', ADMIN, TARGET, ['agent', 'agent', 'lead'], undefined, []],
    ['a custom role on a plan without custom roles', ADMIN, TARGET, ['extra'], { plan: 'basic' }, [['custom-role-cap', undefined, /the pro plan or higher/]]],
    ['a custom role on the lowest plan with custom roles', ADMIN, TARGET, ['extra'], { plan: 'pro' }, []],
    ['a custom role on the policy\'s plan', ADMIN, TARGET, ['extra'], undefined, []],
    ['a role of the context\'s custom roles', ADMIN, TARGET, ['c1'], { customRoles: [{ id: 'c1', name: 'Dispatcher', grants: { tickets: 'edit' } }] }, []],
    ['a context custom role holding more than the actor', LEAD, TARGET, ['c1'], { customRoles: [{ id: 'c1', name: 'Dispatcher', grants: { settings: 'read' } }] }, [['escalation-subset', undefined, /settings/]]],
  ])('%s', (_name, actor, target, roles, ctx, want) => {
    check(kSetRoles(tables(ctx), actor, target, roles, ctx), want);
  });

  it.each<[string, unknown, unknown, unknown]>([
    ['an actor that is not an object', 'ad', TARGET, ['agent']],
    ['a target without roles', ADMIN, { id: 'tg' }, ['agent']],
    ['a target whose id is not a string', ADMIN, { id: 1, roles: ['agent'] }, ['agent']],
    ['a holder whose roles are not all strings', { id: 'ad', roles: ['admin', 1] }, TARGET, ['agent']],
    ['roles that are not a list', ADMIN, TARGET, 'agent'],
    ['roles that are not all strings', ADMIN, TARGET, ['agent', 2]],
    ['a sparse list of roles', ADMIN, TARGET, [, 'agent']], // eslint-disable-line no-sparse-arrays
  ])('%s is denied as an unknown reference', (_name, actor, target, roles) => {
    check(kSetRoles(tables(), actor, target, roles, undefined), [['unknown-reference', undefined, /actor, target and a list of role ids/]]);
  });

  it('denies input that throws when read', () => {
    const { proxy, revoke } = Proxy.revocable<string[]>([], {});
    revoke();
    check(kSetRoles(tables(), ADMIN, TARGET, proxy, undefined), [['unknown-reference', undefined, /cannot be read/]]);
  });

  it('stops after a hundred problems', () => {
    const roles = Array.from({ length: 150 }, (_, i) => `ghost${i}`);
    const v = kSetRoles(tables(), ADMIN, TARGET, roles, undefined);
    expect(v.ok ? [] : v.problems.map((p) => p.rule)).toEqual([...Array(101).fill('unknown-reference'), 'roles-per-member']);
  });

  describe('owners', () => {
    const owners = (...ms: { id: string; roles: string[] }[]) => ({ members: ms });
    it.each<[string, unknown, Record<string, unknown> | undefined, Problem[]]>([
      ['without the members, an owner cannot be demoted', m('o2', 'owner'), undefined, [['owner-members', undefined, /needs ctx\.members/]]],
      ['members that are not a list', m('o2', 'owner'), { members: 'o1' }, [['owner-members', undefined, /needs ctx\.members/]]],
      ['two owners remain: the minimum', m('o2', 'owner'), owners(OWNER, m('o2', 'owner'), m('o3', 'owner')), []],
      ['one owner remains: one under the minimum', m('o2', 'owner'), owners(OWNER, m('o2', 'owner')), [['owner-members', undefined, /at least 2 member/]]],
      ['the target is not counted even when listed', m('o2', 'owner'), owners(m('o2', 'owner'), OWNER), [['owner-members', undefined, /at least 2/]]],
      ['a member holding the owner role among others counts', m('o2', 'owner'), owners(OWNER, m('o3', 'agent', 'owner')), []],
      ['a member without an owner role does not count', m('o2', 'owner'), owners(OWNER, m('o3', 'admin')), [['owner-members', undefined, /at least 2/]]],
      ['malformed members are skipped', m('o2', 'owner'), owners(OWNER, { id: 'o3' } as never, { id: 7, roles: ['owner'] } as never), [['owner-members', undefined, /at least 2/]]],
      ['a target who keeps an owner role is not counted at all', m('o2', 'owner', 'agent'), undefined, []],
    ])('%s', (_name, target, ctx, want) => {
      const roles = (target as { roles: string[] }).roles.includes('agent') ? ['owner'] : ['agent'];
      check(kSetRoles(tables(), OWNER, target, roles, ctx), want);
    });

    it('the minimum comes from the tables', () => {
      const ctx = { members: [OWNER, m('o2', 'owner')] };
      check(kSetRoles(tables(undefined, { minOwners: 1 }), OWNER, m('o2', 'owner'), ['agent'], ctx), []);
      check(kSetRoles(tables(undefined, { minOwners: 2 }), OWNER, m('o2', 'owner'), ['agent'], ctx), [['owner-members', undefined, /at least 2/]]);
    });
  });

  it.each<[string, number, number, number, Problem[]]>([
    ['min 2, max 2: one under', 2, 2, 1, [['roles-per-member', undefined, /holds 2 role/]]],
    ['min 2, max 2: at', 2, 2, 2, []],
    ['min 2, no max: one under', 2, -1, 1, [['roles-per-member', undefined, /at least 2 role/]]],
    ['min 2, no max: many', 2, -1, 4, []],
    ['min 0: no role at all', 0, 2, 0, []],
    ['min 0, max 0: one over', 0, 0, 1, [['roles-per-member', undefined, /holds 0 role/]]],
  ])('roles per member, %s', (_name, min, max, n, want) => {
    const roles = ['agent', 'helper', 'lead', 'extra'].slice(0, n);
    check(kSetRoles(tables(undefined, { rolesPerMemberMin: min, rolesPerMemberMax: max }), ADMIN, m('y', 'agent'), roles, undefined), want);
  });
});

describe('kAssignRole and kRemoveRole', () => {
  it('adds the role while members may hold several', () => {
    check(kAssignRole(tables(), LEAD, m('y', 'admin'), 'guarded', undefined), []);
    check(kAssignRole(tables(), ADMIN, m('y', 'agent', 'guarded'), 'lead', undefined), [['roles-per-member', undefined, /1 to 2/]]);
  });
  it('replaces the role when members hold one', () => {
    check(kAssignRole(tables(undefined, { rolesPerMemberMax: 1 }), LEAD, m('y', 'admin'), 'guarded', undefined), [['protected-role', undefined, /"admin".*remove/]]);
    check(kAssignRole(tables(undefined, { rolesPerMemberMax: 1 }), ADMIN, m('y', 'agent'), 'lead', undefined), []);
  });
  it('keeps a role the target holds already', () => {
    check(kAssignRole(tables(undefined, { rolesPerMemberMax: 2 }), ADMIN, m('y', 'agent', 'guarded'), 'agent', undefined), []);
  });
  it('takes one role away and keeps the others', () => {
    check(kRemoveRole(tables(), LEAD, m('y', 'agent', 'admin'), 'agent', undefined), []);
    check(kRemoveRole(tables(), LEAD, m('y', 'agent', 'admin'), 'admin', undefined), [['protected-role', undefined, /"admin".*remove/]]);
    check(kRemoveRole(tables(), ADMIN, m('y', 'agent'), 'agent', undefined), [['member-without-role', undefined, /every member/]]);
  });
  it.each([
    ['kAssignRole', (t: Tables) => kAssignRole(t, ADMIN, { id: 'y' }, 'agent', undefined)],
    ['kRemoveRole', (t: Tables) => kRemoveRole(t, ADMIN, 'y', 'agent', undefined)],
  ])('%s denies a malformed target', (_name, call) => {
    check(call(tables()), [['unknown-reference', undefined, /target must be given/]]);
  });
});

describe('kEditRole', () => {
  it.each<[string, unknown, unknown, Record<string, unknown> | undefined, Problem[]]>([
    ['an owner edits an admin role', OWNER, 'admin', undefined, []],
    ['an admin edits a builtin role', ADMIN, 'agent', undefined, []],
    ['nobody edits a role they hold', ADMIN, 'admin', undefined, [['self-edit', undefined, /role they hold/]]],
    ['an owner role cannot be edited, by its holders either', m('o9', 'admin', 'owner'), 'owner', undefined, [['self-edit', undefined, /role they hold/], ['protected-role', undefined, /owner role and cannot be edited/]]],
    ['an owner role cannot be edited by an admin either', ADMIN, 'owner', undefined, [['protected-role', undefined, /"owner" is an owner role/]]],
    ['a holder of no manage permission', AGENT, 'guarded', undefined, [['not-permitted', undefined, /manage roles/], ['protected-role', undefined, /"guarded".*edit/]]],
    ['manage permission one level too low', m('x', 'agent'), 'extra', undefined, [['not-permitted', undefined, /manage roles/]]],
    ['a role editable by lead only', ADMIN, 'guarded', undefined, [['protected-role', undefined, /"guarded".*edit/]]],
    ['a role editable by lead, by lead', LEAD, 'guarded', undefined, []],
    ['an admin role, by a non-admin', LEAD, 'helper', undefined, [['protected-role', undefined, /"helper"/]]],
    ['a role holding more than the editor', LEAD, 'admin', undefined, [['protected-role', undefined, /"admin"/], ['escalation-subset', undefined, /role "admin" holds more of reports/]]],
    ['an unknown role', ADMIN, 'ghost', undefined, [['unknown-reference', undefined, /"ghost"/]]],
    ['a custom role on a plan without custom roles', ADMIN, 'extra', { plan: 'basic' }, [['custom-role-cap', undefined, /pro plan/]]],
    ['a custom role on the lowest plan with them', ADMIN, 'extra', { plan: 'pro' }, []],
    ['an actor that is not a holder', 'ad', 'agent', undefined, [['unknown-reference', undefined, /actor must be given/]]],
  ])('%s', (_name, actor, role, ctx, want) => {
    check(kEditRole(tables(ctx), actor, role, ctx), want);
  });

  it('denies an actor whose properties throw when read', () => {
    const hostile = new Proxy({}, { get() { throw new Error('no'); }, getOwnPropertyDescriptor() { throw new Error('no'); } });
    check(kEditRole(tables(), hostile, 'agent', undefined), [['unknown-reference', undefined, /actor must be given/]]);
  });
});

describe('kValidateDraft', () => {
  const draft = (id: string, name: string, grants?: unknown) => ({ id, name, ...(grants !== undefined ? { grants } : {}) });
  const one = (id: string, name = 'C') => ({ id, name, grants: {} });

  it.each<[string, unknown, unknown, Record<string, unknown> | undefined, Problem[]]>([
    // New custom roles: permission, caps and plan
    ['an admin drafts a custom role within its power', ADMIN, draft('c9', 'Triage', { tickets: 'edit', reports: ['export'] }), undefined, []],
    ['without a manage permission', AGENT, draft('c9', 'Triage'), undefined, [['not-permitted', undefined, /manage roles/]]],
    ['the custom-role cap: one under', ADMIN, draft('c9', 'Triage'), { plan: 'enterprise' }, []],
    ['the custom-role cap: at (the policy\'s custom role counts)', ADMIN, draft('c9', 'Triage'), { plan: 'enterprise', customRoles: [one('c1', 'C1')] }, []],
    ['the custom-role cap: one over', ADMIN, draft('c9', 'Triage'), { plan: 'pro', customRoles: [one('c1', 'C1')] }, [['custom-role-cap', undefined, /at most 2 custom roles/]]],
    ['a plan without custom roles', ADMIN, draft('c9', 'Triage'), { plan: 'basic' }, [['custom-role-cap', undefined, /the pro plan or higher/]]],
    ['the cap of the highest plan is the last step', ADMIN, draft('c9', 'Triage'), { plan: 'enterprise', customRoles: [one('c1', 'C1'), one('c2', 'C2')] }, [['custom-role-cap', undefined, /at most 3 custom roles/], ['role-cap', undefined, /at most 9 roles/]]],
    // Names
    ['a name already taken, in other case and spacing', ADMIN, draft('c9', '  lead '), undefined, [['name-duplicate', '/name', /\(("lead")\)/]]],
    ['an empty name', ADMIN, draft('c9', ' \u200b '), undefined, [['name-duplicate', '/name', /needs a name/]]],
    ['a reserved name, imitated', ADMIN, draft('c9', 'Supp0rt Desk'), undefined, [['name-reserved', '/name', /"Supp0rt Desk"/]]],
    ['a name of 200 characters', ADMIN, draft('c9', 'x'.repeat(200)), undefined, []],
    ['a name of 201 characters', ADMIN, draft('c9', 'x'.repeat(201)), undefined, [['account-schema', '/name', /at most 200/]]],
    // Grants of a custom role
    ['an unknown permission, with a suggestion and an escaped pointer', ADMIN, draft('c9', 'T', { 'tickets~/': 'read', tickest: 'read' }), undefined, [['unknown-reference', '/grants/tickets~0~1', /"tickets~\/"/], ['unknown-reference', '/grants/tickest', /did you mean "tickets"/]]],
    ['a level that is not one', ADMIN, draft('c9', 'T', { tickets: 'all' }), undefined, [['invalid-level', '/grants/tickets', /"all" is not a level of tickets \(off, read, edit\)/]]],
    ['an action set given as a level', ADMIN, draft('c9', 'T', { reports: 'read' }), undefined, [['invalid-level', '/grants/reports', /action set.*read, create, export/]]],
    ['an action that is not one', ADMIN, draft('c9', 'T', { reports: ['read', 'print'] }), undefined, [['invalid-level', '/grants/reports/1', /"print" is not an action of reports/]]],
    ['grants that are a list', ADMIN, draft('c9', 'T', ['tickets']), undefined, [['invalid-level', '/grants', /must be an object/]]],
    ['grants that are null', ADMIN, draft('c9', 'T', null), undefined, []],
    ['an admin-only permission on a custom role', ADMIN, draft('c9', 'T', { settings: 'read' }), undefined, [['admin-only-grant', '/grants/settings', /settings/]]],
    ['an owner-only permission on a custom role', OWNER, draft('c9', 'T', { deletion: 'on' }), undefined, [['owner-only-grant', '/grants/deletion', /deletion/]]],
    ['the lowest value of an owner-only permission', ADMIN, draft('c9', 'T', { deletion: 'off' }), undefined, []],
    // Escalation: the draft against the actor's power
    ['a draft holding more than the actor', LEAD, draft('c9', 'T', { reports: ['export'] }), undefined, [['escalation-subset', undefined, /the draft holds more of reports/]]],
    ['a draft holding exactly what the actor holds', LEAD, draft('c9', 'T', { tickets: 'edit', reports: ['create'], 'roles.manage': 'edit', 'team.assign': 'on' }), undefined, []],
    ['an implied permission counts', m('x', 'lead', 'helper'), draft('c9', 'T', { reports: ['create'] }), undefined, []],
    ['an implied level above the actor\'s', m('x', 'guarded'), draft('c9', 'T', { reports: [] }), undefined, [['not-permitted', undefined, /manage/]]],
    ['an owner drafts anything', OWNER, draft('c9', 'T', { tickets: 'edit', reports: ['export'], 'roles.manage': 'edit' }), undefined, []],
    // Edits of stored roles
    ['a builtin role, within its allowed values', ADMIN, draft('agent', 'Agent', { tickets: 'edit', reports: ['create'] }), undefined, []],
    ['a builtin role, to a value it does not allow', ADMIN, draft('agent', 'Agent', { tickets: 'off', reports: [] }), undefined, [['invalid-level', '/grants/tickets', /role "agent" does not allow this value of tickets/], ['invalid-level', '/grants/reports', /of reports/]]],
    ['a builtin role, to a lower level that an implication lifts again', ADMIN, draft('agent', 'Agent', { tickets: 'off' }), undefined, []],
    ['a builtin role, to an admin-only value it does not allow', ADMIN, draft('agent', 'Agent', { settings: 'read' }), undefined, [['invalid-level', '/grants/settings', /of settings/], ['admin-only-grant', '/grants/settings', /admin roles only/]]],
    ['a builtin role keeps the values the draft does not name', ADMIN, draft('agent', 'Agent', {}), undefined, []],
    ['a builtin role may keep a reserved-looking name', ADMIN, draft('admin', 'Administrator'), undefined, [['self-edit', undefined, /role they hold/]]],
    ['a builtin role takes another role\'s name', ADMIN, draft('agent', 'Lead'), undefined, [['name-duplicate', '/name', /"lead"/]]],
    ['an admin builtin role may hold an admin-only permission', OWNER, draft('helper', 'Helper', { settings: 'edit' }), undefined, [['invalid-level', '/grants/settings', /"helper"/]]],
    ['an owner role is never edited', m('o9', 'admin'), draft('owner', 'Owner'), undefined, [['protected-role', undefined, /owner role/], ['escalation-subset', undefined, /the draft holds more of deletion/]]],
    ['a stored custom role is edited from nothing', ADMIN, draft('extra', 'Extra', { tickets: 'edit' }), undefined, []],
    ['a stored custom role, by a non-holder of the power', LEAD, draft('extra', 'Extra', { settings: 'read' }), undefined, [['admin-only-grant', '/grants/settings', /admin roles only/], ['escalation-subset', undefined, /settings/]]],
    ['a protected role, by the wrong editor', ADMIN, draft('guarded', 'Guarded'), undefined, [['protected-role', undefined, /"guarded"/]]],
    // Malformed
    ['a draft without a name', ADMIN, { id: 'c9', grants: {} }, undefined, [['unknown-reference', undefined, /a draft with id, name/]]],
    ['a draft whose id is not a string', ADMIN, { id: 9, name: 'N' }, undefined, [['unknown-reference', undefined, /a draft with id, name/]]],
    ['an actor that is not a holder', { id: 'x' }, draft('c9', 'T'), undefined, [['unknown-reference', undefined, /actor and a draft/]]],
  ])('%s', (_name, actor, d, ctx, want) => {
    check(kValidateDraft(tables(ctx), actor, d, ctx), want);
  });

  it('the role cap counts every role: at, one over', () => {
    const n = base().roles.length;
    check(kValidateDraft(tables(undefined, { maxRoles: [[-1, n + 1]] }), OWNER, draft('c9', 'T'), undefined), []);
    check(kValidateDraft(tables(undefined, { maxRoles: [[-1, n]] }), OWNER, draft('c9', 'T'), undefined), [['role-cap', undefined, new RegExp(`at most ${n} roles`)]]);
  });

  it.each<[string, string, number, Problem[]]>([
    ['basic, at', 'basic', 0, []],
    ['basic, one over', 'basic', 1, [['role-cap', undefined, /at most 8 roles/]]],
    ['pro, at', 'pro', 1, []],
    ['pro, one over', 'pro', 2, [['role-cap', undefined, /at most 9 roles/]]],
    ['enterprise takes the last step', 'enterprise', 2, [['role-cap', undefined, /at most 9 roles/]]],
  ])('the role cap per plan: %s', (_name, plan, customs, want) => {
    const ctx = { plan, customRoles: Array.from({ length: customs }, (_, i) => one(`c${i}`, `C${i}`)) };
    check(kValidateDraft(tables(ctx, { maxCustomRoles: [] }), OWNER, draft('c9', 'T'), ctx), want);
  });

  it('the custom-role cap without plans: at, one over', () => {
    check(kValidateDraft(tables(undefined, { maxCustomRoles: [[-1, 2]] }), OWNER, draft('c9', 'T'), undefined), []);
    check(kValidateDraft(tables(undefined, { maxCustomRoles: [[-1, 1]] }), OWNER, draft('c9', 'T'), undefined), [['custom-role-cap', undefined, /at most 1 custom/]]);
    check(kValidateDraft(tables(undefined, { maxCustomRoles: [[-1, 0]] }), OWNER, draft('c9', 'T'), undefined), [['custom-role-cap', undefined, /at most 0 custom/]]);
  });

  it('an unknown plan allows no custom roles', () => {
    check(kValidateDraft(tables(undefined, { plan: -1 }), OWNER, draft('c9', 'T'), undefined), [['custom-role-cap', undefined, /the pro plan/], ['role-cap', undefined, /at most 0 roles/]]);
    check(kValidateDraft(tables(), OWNER, draft('c9', 'T'), { plan: 'platinum' }), [['custom-role-cap', undefined, /the pro plan/], ['role-cap', undefined, /at most 0 roles/]]);
  });

  it('refuses grants naming far more permissions than the policy has', () => {
    const grants = Object.fromEntries(Array.from({ length: base().stride + 1001 }, (_, i) => [`p${i}`, 'on']));
    check(kValidateDraft(tables(), ADMIN, draft('c9', 'T', grants), undefined), [['invalid-level', '/grants', /name 1007 permissions; the policy has 6/]]);
    const fewer = Object.fromEntries(Array.from({ length: base().stride + 1000 }, (_, i) => [`p${i}`, 'on']));
    const v = kValidateDraft(tables(), ADMIN, draft('c9', 'T', fewer), undefined);
    expect(v.ok ? 0 : v.problems.filter((p) => p.rule === 'unknown-reference').length).toBe(1006);
  });

  it('denies input that throws when read', () => {
    const { proxy, revoke } = Proxy.revocable<string[]>([], {});
    revoke();
    check(kValidateDraft(tables(), ADMIN, draft('c9', 'T', { reports: proxy }), undefined), [['unknown-reference', undefined, /cannot be read/]]);
    const keyless = new Proxy({}, { ownKeys() { throw new Error('no'); } });
    check(kValidateDraft(tables(), ADMIN, draft('c9', 'T', keyless), undefined), [['invalid-level', '/grants', /cannot be read/]]);
  });
});

describe('names and messages', () => {
  it.each<[string, string, boolean]>([
    ['Admin', 'Admin', true],
    ['Admin', 'admin', true],
    ['Admin', 'Ad-min', true],
    ['Admin', 'Àdmin', true],
    ['Admin', '\u0410dmin', true],
    ['Admin', 'Adrnin', true],
    ['Admin', 'Admins', true],
    ['Admin', 'Adminis', false],
    ['Admin', 'Admiral', false],
    ['Ops', 'Ops', true],
    ['Ops', 'Op', false],
    ['Ops', 'Opss', false],
    ['Operator', 'Operatr', true],
    ['Operator', 'Opertr', false],
    ['Supervisor', 'Supervsr', true],
    ['Supervisor', 'Supvsr', false],
    ['Support', 'Supprot', true],
    ['Wt', 'VVt', true],
    ['Vt', 'VVt', false],
    ['Wault', 'VVault', true],
    ['Lil', 'iii', true],
    ['Dd', 'Cld', true],
    ['Mod', 'rnod', true],
    ['Ops', 'O.ps', true],
    ['Ops', 'O.p', false],
  ])('reserved %s, name %s', (reserved, name, want) => {
    expect(kIsReservedName(tables(undefined, { reservedNames: [reserved] }), name)).toBe(want);
  });

  it('a name over the length limit is never reserved', () => {
    expect(kIsReservedName(tables(undefined, { reservedNames: ['x'.repeat(200)] }), 'x'.repeat(200))).toBe(true);
    expect(kIsReservedName(tables(undefined, { reservedNames: ['x'.repeat(201)] }), 'x'.repeat(201))).toBe(false);
    expect(kIsReservedName(tables(), 7)).toBe(false);
  });

  it('a name imitating any one of several reserved names is reserved', () => {
    const t = tables(undefined, { reservedNames: ['Admin', 'Support'] });
    expect([kIsReservedName(t, 'Admin'), kIsReservedName(t, 'Supp0rt'), kIsReservedName(t, 'Agent')]).toEqual([true, true, false]);
  });

  it.each<[string, number, number]>([
    ['abc|abc', 2, 0],
    ['abc|abd', 2, 1],
    ['abcd|abdc', 2, 1],
    ['abc|', 2, 3],
    ['abc|', 3, 3],
    ['kitten|sitting', 3, 3],
    ['kitten|sitting', 2, 3],
    ['ab|ba', 1, 1],
    ['abcdef|badcfe', 3, 3],
    ['😀a|a😀', 1, 1],
    ['ac|xa', 2, 2],
    ['ca|ax', 2, 2],
  ])('editDistance %s (max %i) = %i', (pair, max, want) => {
    const [a, b] = pair.split('|') as [string, string];
    expect(editDistance(a, b, max)).toBe(want);
  });

  it.each<[string, string]>([
    ['\u200bLead', 'lead'],
    ['ＬＥＡＤ', 'lead'],
    ['  Night \t shift ', 'night shift'],
    ['Lea\u00addd', 'leadd'],
  ])('normalizeName(%j)', (name, want) => {
    expect(normalizeName(name)).toBe(want);
  });

  it.each<[unknown, string]>([
    ['x', '"x"'],
    [7, '7'],
    [null, 'null'],
    [Symbol('s'), 'a symbol'],
    [Object.create(null), 'a malformed value'],
  ])('describe(%s)', (value, want) => {
    expect(describe_(value)).toBe(want);
  });

  it.each<[string, string, string | undefined]>([
    ['tickest', 'tickets', '/grants/tickest'],
    ['tikets', 'tickets', '/grants/tikets'],
    ['roles.mangae', 'roles.manage', '/grants/roles.mangae'],
  ])('an unknown permission %s suggests %s', (perm, near, path) => {
    const v = kValidateDraft(tables(), ADMIN, { id: 'c9', name: 'T', grants: { [perm]: 'on' } }, undefined);
    expect(v.ok ? [] : v.problems.map((p) => [p.rule, p.path, p.message])).toEqual([['unknown-reference', path, `unknown permission "${perm}" (did you mean "${near}"?)`]]);
  });

  it.each<[unknown]>([['tick'], ['t'.repeat(201)], ['zzzzzzz']])('an unknown permission %s far from every id suggests nothing', (perm) => {
    const v = kValidateDraft(tables(), ADMIN, { id: 'c9', name: 'T', grants: { [perm as string]: 'on' } }, undefined);
    expect(v.ok ? [] : v.problems.map((p) => p.message)).toEqual([`unknown permission ${JSON.stringify(perm)}`]);
  });

  it('an implication onto an action set adds the actions', () => {
    // reports (an action set) implied by tickets at its lowest action: tickets held gives reports [read].
    const t = tables(undefined, { implies: [[0, 1, 1]] });
    const v = kValidateDraft(t, m('x', 'guarded', 'lead'), { id: 'c9', name: 'T', grants: { tickets: 'read' } }, undefined);
    expect(v).toEqual({ ok: true });
    const w = kValidateDraft(t, m('x', 'guarded', 'lead'), { id: 'c9', name: 'T', grants: { tickets: 'read', reports: ['create'] } }, undefined);
    expect(w).toEqual({ ok: true });
    const none = kValidateDraft(t, m('x', 'guarded'), { id: 'c9', name: 'T', grants: { tickets: 'off' } }, undefined);
    expect(none.ok ? [] : none.problems.map((p) => p.rule)).toEqual(['not-permitted']);
    const more = kValidateDraft(t, m('x', 'guarded'), { id: 'c9', name: 'T', grants: { tickets: 'read' } }, undefined);
    expect(more.ok ? [] : more.problems.map((p) => p.rule)).toEqual(['not-permitted', 'escalation-subset']);
  });
});

describe('the edges the first mutation run found', () => {
  const ctxC1 = (grants: Record<string, unknown>) => ({ plan: 'enterprise', customRoles: [{ id: 'c1', name: 'C1', grants }] });

  it('an action set is compared action by action, not as a number', () => {
    // The actor holds reports [read, export] (mask 5); a draft with [read, create] (mask 3) is smaller as a number, yet holds more.
    const ctx = ctxC1({ reports: ['export'], 'roles.manage': 'edit' });
    const v = kValidateDraft(tables(ctx), m('x', 'c1'), { id: 'c9', name: 'T', grants: { reports: ['create'] } }, ctx);
    expect(v.ok ? [] : v.problems.map((p) => [p.rule, p.message])).toEqual([['escalation-subset', 'the draft holds more of reports than you do']]);
  });

  it('the power of several roles is the union of their actions', () => {
    const ctx = ctxC1({ reports: ['export'] });
    check(kValidateDraft(tables(ctx), m('x', 'lead', 'c1'), { id: 'c9', name: 'T', grants: { reports: ['create', 'export'] } }, ctx), []);
    check(kSetRoles(tables(ctx), m('x', 'lead', 'c1'), TARGET, ['agent', 'admin'], ctx), [['protected-role', undefined, /"admin"/], ['escalation-subset', undefined, /of settings/]]);
  });

  it('an admin role at index 0 counts as one', () => {
    const t = tables(undefined, { roleKind: [1, 1, 1, 1, 1, 1, 2], roleAdmin: [1, 1, 0, 0, 0, 1, 0] });
    check(kSetRoles(t, m('x', 'owner'), TARGET, ['helper'], undefined), []);
    check(kSetRoles(t, m('x', 'agent', 'lead'), TARGET, ['helper'], undefined), [['protected-role', undefined, /"helper"/]]);
  });

  it('a cap without plans holds on an unknown plan too', () => {
    const t = tables(undefined, { maxCustomRoles: [[-1, 5]], maxRoles: [[-1, 20]] });
    check(kValidateDraft(t, OWNER, { id: 'c9', name: 'T' }, { plan: 'platinum' }), []);
  });

  it('the plan custom roles need is the first with a cap above zero', () => {
    const t = tables(undefined, { maxCustomRoles: [[0, 0], [1, 2]] });
    check(kValidateDraft(t, OWNER, { id: 'c9', name: 'T' }, { plan: 'basic' }), [['custom-role-cap', undefined, /need the pro plan or higher/]]);
  });

  it('a cap of zero without plans: a stored custom role may still be given', () => {
    const t = tables(undefined, { maxCustomRoles: [[-1, 0]] });
    check(kSetRoles(t, ADMIN, TARGET, ['extra'], undefined), []);
    check(kEditRole(t, ADMIN, 'extra', undefined), []);
  });

  it('a builtin role on a plan without custom roles', () => {
    check(kSetRoles(base(), ADMIN, TARGET, ['lead'], { plan: 'basic' }), []);
    check(kEditRole(base(), ADMIN, 'agent', { plan: 'basic' }), []);
  });

  it('the plan of ctx counts when the tables take the plan per question', () => {
    check(kSetRoles(base(), ADMIN, TARGET, ['extra'], { plan: 'basic' }), [['custom-role-cap', undefined, /the pro plan/]]);
    check(kEditRole(base(), ADMIN, 'extra', { plan: 'basic' }), [['custom-role-cap', undefined, /the pro plan/]]);
    check(kValidateDraft(base(), ADMIN, { id: 'c9', name: 'T' }, { plan: 'basic' }), [['custom-role-cap', undefined, /the pro plan/]]);
    check(kValidateDraft(base(), ADMIN, { id: 'c9', name: 'T' }, { plan: 'enterprise' }), []);
  });

  it('a holder of more roles than the kernel reads is no holder', () => {
    const roles = Array.from({ length: 10_001 }, () => 'owner');
    check(kSetRoles(base(), { id: 'x', roles }, TARGET, ['agent'], undefined), [['unknown-reference', undefined, /actor, target/]]);
    check(kSetRoles(base(), { id: 'x', roles: roles.slice(1) }, TARGET, ['agent'], undefined), []);
  });

  it('in an account, the members are the account\'s', () => {
    const data = { members: [{ id: 'o1', roles: ['owner'] }, { id: 'o2', roles: ['owner'] }, { id: 'o3', roles: ['owner', 'agent'] }] };
    const t = compileAccount(base(), data, {}).tables;
    check(kSetRoles(t, 'o1', 'o2', ['agent'], undefined), []);
    check(kSetRoles(t, 'o1', 'o2', ['agent'], { members: [] }), []);
    const two = compileAccount(base(), { members: data.members.slice(0, 2) }, {}).tables;
    check(kSetRoles(two, 'o1', 'o2', ['agent'], { members: data.members }), [['owner-members', undefined, /at least 2/]]);
  });

  it('a policy custom role is edited from nothing, a builtin one within its values', () => {
    check(kValidateDraft(base(), ADMIN, { id: 'extra', name: 'Extra', grants: { tickets: 'off' } }, undefined), []);
    const t = compileAccount(base(), { customRoles: [{ id: 'c1', name: 'C1', grants: {} }] }, {}).tables;
    check(kValidateDraft(t, ADMIN, { id: 'c1', name: 'C1', grants: { tickets: 'edit' } }, undefined), []);
    check(kValidateDraft(t, ADMIN, { id: 'c1', name: 'Supp0rt desk', grants: {} }, undefined), [['name-reserved', '/name']]);
  });

  it('an owner role draft may hold owner-only values; an admin role draft admin-only ones', () => {
    check(kValidateDraft(tables(undefined, { allowed: base().allowed.map((row) => row.map(() => [0, 1, 2])) }), OWNER, { id: 'helper', name: 'Helper', grants: { settings: 'edit' } }, undefined), []);
    check(kValidateDraft(tables(undefined, { allowed: base().allowed.map((row) => row.map(() => [0, 1, 2])) }), OWNER, { id: 'agent', name: 'Agent', grants: { settings: 'edit' } }, undefined), [['admin-only-grant', '/grants/settings']]);
    check(kValidateDraft(tables(undefined, { allowed: base().allowed.map((row) => row.map(() => [0, 1, 2])) }), OWNER, { id: 'helper', name: 'Helper', grants: { deletion: 'on' } }, undefined), [['owner-only-grant', '/grants/deletion']]);
  });

  it('the power of several roles on an ordered scale is the highest level, not the levels combined', () => {
    // On a scale of four levels, read (1) and edit (2) held together are edit; combined bit by bit they would make full (3).
    const r = checkFiles({ 'policy.yaml': `${SCHEMA_LINE(2)}title: Four levels
scales:
  depth: { levels: [off, read, edit, full] }
  toggle: { levels: [off, on] }
permissions:
  cases: { label: Cases, scale: depth }
  roles.manage: { label: Manage roles, scale: toggle }
delegation:
  manageRoles: [{ permission: roles.manage }]
roles:
  owner: { name: Owner, kind: owner }
  reader: { name: Reader, grants: { cases: read, roles.manage: on } }
  editor: { name: Editor, admin: true, grants: { cases: edit } }
` });
    expect(r.diagnostics.filter((d) => d.severity === 'error').map((d) => d.rule)).toEqual([]);
    const t = tablesOf(r.ir!);
    check(kValidateDraft(t, m('x', 'reader', 'editor'), { id: 'c9', name: 'T', grants: { cases: 'edit' } }, undefined), []);
    check(kValidateDraft(t, m('x', 'reader', 'editor'), { id: 'c9', name: 'T', grants: { cases: 'full' } }, undefined), [['escalation-subset', undefined, /of cases/]]);
  });

  it('a draft exactly at the actor\'s first permission escalates on it', () => {
    const v = kValidateDraft(base(), m('x', 'lead'), { id: 'c9', name: 'T', grants: { tickets: 'edit' } }, undefined);
    expect(v).toEqual({ ok: true });
    const w = kValidateDraft(base(), m('x', 'guarded', 'lead'), { id: 'c9', name: 'T', grants: { tickets: 'edit' } }, undefined);
    expect(w).toEqual({ ok: true });
    const x = kValidateDraft(tables(undefined, { manageRoles: [] }), m('x', 'guarded'), { id: 'c9', name: 'T', grants: { tickets: 'edit' } }, undefined);
    expect(x.ok ? [] : x.problems.map((p) => [p.rule, p.message])).toEqual([['not-permitted', 'you hold no permission to manage roles'], ['escalation-subset', 'the draft holds more of tickets than you do']]);
  });
});

// The account runtime of the kernel in-process (kOpenAccount, compileAccount, KAccount.apply): each
// row an account's data and the exact problems (rule and JSON pointer, and the facts a message
// must carry), with the caps at, one under and one over their value; then the changes `apply`
// makes and refuses. The generated guards inline this same kernel (openAccount).

import { describe, expect, it } from 'vitest';
import { tablesOf } from '../../src/runtime/from-ir.js';
import { canonicalJson, compileAccount, hash64, kOpenAccount, type KAccount, type KernelProblem, type Opened, type Tables } from '../../src/runtime/kernel.js';
import { checkFiles, SCHEMA_LINE } from '../helpers.js';
import { base, fixture } from './kernel-tables.js';

type Want = [rule: string, path: string] | [rule: string, path: string, fact: RegExp];

function problemsOf(o: Opened<KAccount>): KernelProblem[] {
  return o.ok ? [] : o.problems;
}

function check(o: Opened<KAccount>, want: readonly Want[]): void {
  const got = problemsOf(o);
  expect(o.ok).toBe(want.length === 0);
  expect(got.map((p) => [p.rule, p.path])).toEqual(want.map((w) => [w[0], w[1]]));
  want.forEach((w, i) => {
    if (w.length === 3) expect(got[i]!.message).toMatch(w[2]);
  });
}

/** Opens data over the validators policy (base()) or a fixture. */
const open = (data: unknown, on: 'policy' | 'helpdesk' | 'tiered' = 'policy') => kOpenAccount(on === 'policy' ? base() : fixture(on), {}, data);

const OWNERS = [
  { id: 'o1', roles: ['owner'] },
  { id: 'o2', roles: ['owner'] },
];
const c = (id: string, name: string, grants: Record<string, unknown> = {}) => ({ id, name, grants });

describe('openAccount: the data', () => {
  it.each<[string, unknown, Want[]]>([
    ['no data at all', {}, []],
    ['a list', [], [['account-schema', '', /expected an object/]]],
    ['null', null, [['account-schema', '']]],
    ['a string', 'x', [['account-schema', '']]],
    ['an unknown key, escaped in the pointer', { 'a/b': 1 }, [['account-schema', '/a~1b', /unknown key "a\/b" \(expected plan, switches, objects, roles, customRoles, members, tiers, defaultRole\)/]]],
    ['a plan of the policy', { plan: 'basic' }, []],
    ['an unknown plan', { plan: 'platinum' }, [['unknown-reference', '/plan', /unknown plan "platinum" \(plans: basic, pro, enterprise\)/]]],
    // Customised cells of builtin roles
    ['a cell within its allowed values', { roles: { agent: { tickets: 'edit', reports: ['create'] } } }, []],
    ['an owner role\'s cells', { roles: { owner: {} } }, [['account-schema', '/roles/owner', /expected admin, lead, agent, guarded, helper, extra/]]],
    ['an unknown role', { roles: { ghost: {} } }, [['account-schema', '/roles/ghost']]],
    ['roles that are not an object', { roles: ['agent'] }, [['account-schema', '/roles']]],
    ['a level the cell does not allow', { roles: { agent: { tickets: 'off' } } }, [['invalid-level', '/roles/agent/tickets', /does not allow "off" for tickets \(allowed: read, edit\)/]]],
    ['actions the cell does not allow', { roles: { agent: { reports: ['export'] } } }, [['invalid-level', '/roles/agent/reports', /\(allowed: \[read\], \[read, create\]\)/], ['escalation-subset', '/roles/lead', /reaches "agent", which holds more of reports/]]],
    ['an admin-only permission on a builtin role', { roles: { agent: { settings: 'read' } } }, [['invalid-level', '/roles/agent/settings', /allowed: off/], ['escalation-subset', '/roles/lead', /of settings/]]],
    ['a value that is no level reports once', { roles: { agent: { tickets: 'bogus' } } }, [['invalid-level', '/roles/agent/tickets', /"bogus" is not a level/]]],
    ['an unknown permission reports once', { roles: { agent: { tickest: 'read' } } }, [['unknown-reference', '/roles/agent/tickest', /did you mean "tickets"/]]],
    ['a cell that lets a role assign roles it may not', { roles: { agent: { 'roles.manage': 'edit', 'team.assign': 'on' } } }, [['escalation-subset', '/roles/agent', /role "agent" may assign or edit roles and reaches "lead", which holds more of tickets/]]],
    ['a cell that lets a role manage roles, within its power', { roles: { agent: { 'roles.manage': 'read' } } }, []],
  ])('%s', (_name, data, want) => {
    check(open(data), want);
  });

  it('an unknown plan of a policy without plans', () => {
    check(open({ plan: 'pro' }, 'helpdesk'), [['unknown-reference', '/plan', /unknown plan "pro"; the policy has no plans/]]);
  });

  it('a customised cell answers', () => {
    const o = open({ roles: { agent: { tickets: 'edit', reports: ['create'] } } });
    expect(o.ok && o.account.levelOf('agent', 'tickets')).toBe('edit');
    expect(o.ok && o.account.levelOf('agent', 'reports')).toEqual(['read', 'create']);
    expect(o.ok && o.account.levelOf('lead', 'tickets')).toBe('edit');
    expect(o.ok && o.account.can('agent', 'reports', 'create')).toBe(true);
    expect(o.ok && o.account.data.roles).toEqual({ agent: { tickets: 'edit', reports: ['create'] } });
  });
});

describe('openAccount: custom roles', () => {
  it.each<[string, unknown, Want[]]>([
    ['one within the caps', { customRoles: [c('c1', 'Triage', { tickets: 'edit' })] }, []],
    ['not a list', { customRoles: {} }, [['account-schema', '/customRoles', /a list of at most 10000 roles/]]],
    ['an entry that is not an object', { customRoles: ['c1'] }, [['account-schema', '/customRoles/0']]],
    ['an unknown key', { customRoles: [{ ...c('c1', 'T'), color: 'red' }] }, [['account-schema', '/customRoles/0/color', /expected id, name, grants, description/]]],
    ['a description of 1000 characters', { customRoles: [{ ...c('c1', 'T'), description: 'd'.repeat(1000) }] }, []],
    ['a description of 1001 characters', { customRoles: [{ ...c('c1', 'T'), description: 'd'.repeat(1001) }] }, [['account-schema', '/customRoles/0/description', /at most 1000/]]],
    ['a description that is not a string', { customRoles: [{ ...c('c1', 'T'), description: 1 }] }, [['account-schema', '/customRoles/0/description']]],
    ['grants that are null', { customRoles: [{ id: 'c1', name: 'T', grants: null }] }, [['account-schema', '/customRoles/0/grants', /must be an object/]]],
    ['no grants', { customRoles: [{ id: 'c1', name: 'T' }] }, []],
    ['an id with a space', { customRoles: [c('c 1', 'T')] }, [['account-schema', '/customRoles/0/id', /an id \(letters/]]],
    ['an empty id', { customRoles: [c('', 'T')] }, [['account-schema', '/customRoles/0/id']]],
    ['an id of 200 characters', { customRoles: [c('i'.repeat(200), 'T')] }, []],
    ['an id of 201 characters', { customRoles: [c('i'.repeat(201), 'T')] }, [['account-schema', '/customRoles/0/id']]],
    ['an id starting with a dot', { customRoles: [c('.c', 'T')] }, [['account-schema', '/customRoles/0/id']]],
    ['an id with every allowed sign', { customRoles: [c('_a.b:c@d+e-f', 'T')] }, []],
    ['an empty name', { customRoles: [c('c1', '')] }, [['account-schema', '/customRoles/0/name', /a non-empty string/]]],
    ['a name of 1001 characters', { customRoles: [c('c1', 'n'.repeat(1001))] }, [['account-schema', '/customRoles/0/name']]],
    ['an id of the policy', { customRoles: [c('agent', 'T')] }, [['name-duplicate', '/customRoles/0/id', /"agent" is already taken/]]],
    ['an id twice', { customRoles: [c('c1', 'T'), c('c1', 'U')] }, [['name-duplicate', '/customRoles/1/id']]],
    ['a grant that is no level', { customRoles: [c('c1', 'T', { tickets: 'all' })] }, [['invalid-level', '/customRoles/0/grants/tickets']]],
    ['an admin-only grant', { customRoles: [c('c1', 'T', { settings: 'read' })] }, [['admin-only-grant', '/customRoles/0/grants/settings'], ['escalation-subset', '/roles/lead', /reaches "c1"/]]],
    ['an owner-only grant', { customRoles: [c('c1', 'T', { deletion: 'on' })] }, [['owner-only-grant', '/customRoles/0/grants/deletion'], ['escalation-subset', '/roles/admin', /of deletion/], ['escalation-subset', '/roles/lead']]],
    ['a name of another role', { customRoles: [c('c1', 'LEAD')] }, [['name-duplicate', '/customRoles/0/name', /another role \("lead"\)/]]],
    ['a name of another role, after a skipped entry', { customRoles: [c('', 'X'), c('c2', 'Lead')] }, [['account-schema', '/customRoles/0/id'], ['name-duplicate', '/customRoles/1/name']]],
    ['a reserved name, imitated', { customRoles: [c('c1', 'Supp0rt desk')] }, [['name-reserved', '/customRoles/0/name']]],
    ['a custom role that may assign roles it may not', { customRoles: [c('c1', 'T', { 'team.assign': 'on' })] }, [['escalation-subset', '/customRoles/0/grants', /role "c1" may assign or edit roles and reaches "lead", which holds more of tickets/]]],
    // Caps: the policy's own custom role (extra) counts
    ['pro: two custom roles, at the cap', { plan: 'pro', customRoles: [c('c1', 'T')] }, []],
    ['pro: three, one over', { plan: 'pro', customRoles: [c('c1', 'T'), c('c2', 'U')] }, [['custom-role-cap', '/customRoles', /3 custom roles; the plan allows 2/]]],
    ['basic: none allowed', { plan: 'basic', customRoles: [c('c1', 'T')] }, [['custom-role-cap', '/customRoles', /need the pro plan or higher/]]],
    ['basic: an empty list is fine', { plan: 'basic', customRoles: [] }, []],
    ['enterprise: nine roles, at the role cap', { plan: 'enterprise', customRoles: [c('c1', 'T'), c('c2', 'U')] }, []],
    ['enterprise: ten roles, one over', { plan: 'enterprise', customRoles: [c('c1', 'T'), c('c2', 'U'), c('c3', 'V')] }, [['custom-role-cap', '/customRoles', /4 custom roles; the plan allows 3/], ['role-cap', '/customRoles', /10 roles; the plan allows 9/]]],
  ])('%s', (_name, data, want) => {
    check(open(data), want);
  });

  it('custom roles answer, and keep the order given', () => {
    const o = open({ customRoles: [c('c1', 'Triage', { tickets: 'edit', reports: ['create'] })] });
    expect(o.ok).toBe(true);
    if (!o.ok) return;
    expect(o.account.roles).toEqual(['owner', 'admin', 'lead', 'agent', 'guarded', 'helper', 'extra', 'c1']);
    expect(o.account.roleName('c1')).toBe('Triage');
    expect(o.account.roleName('ghost')).toBeUndefined();
    expect(o.account.isRole('c1')).toBe(true);
    expect(o.account.isRole('c2')).toBe(false);
    expect(o.account.levelOf('c1', 'reports')).toEqual(['read', 'create']);
    expect(o.account.can('c1', 'tickets', 'edit')).toBe(true);
    expect(o.account.canEditRole({ id: 'x', roles: ['guarded'] }, 'c1').ok).toBe(false);
    expect(o.account.canEditRole({ id: 'x', roles: ['admin'] }, 'c1').ok).toBe(true);
    expect(o.account.data.customRoles).toEqual([{ id: 'c1', name: 'Triage', grants: { tickets: 'edit', reports: ['create'] } }]);
  });
});

describe('openAccount: members and the default role', () => {
  const m = (id: string, ...roles: string[]) => ({ id, roles });
  it.each<[string, unknown, Want[]]>([
    ['two owners: the minimum', { members: OWNERS }, []],
    ['one owner: one under', { members: [OWNERS[0]] }, [['owner-members', '/members', /1 member\(s\) hold an owner role; at least 2 must/]]],
    ['an owner holding another role too counts', { members: [OWNERS[0], m('o3', 'agent', 'owner')] }, []],
    ['no members key: no count', {}, []],
    ['an empty list: no owner', { members: [] }, [['owner-members', '/members', /0 member/]]],
    ['not a list', { members: {} }, [['account-schema', '/members', /at most 10000 members/]]],
    ['an entry that is not an object', { members: [...OWNERS, 'x'] }, [['account-schema', '/members/2']]],
    ['an unknown key', { members: [...OWNERS, { ...m('x', 'agent'), email: 'e' }] }, [['account-schema', '/members/2/email']]],
    ['no id', { members: [...OWNERS, { roles: ['agent'] }] }, [['account-schema', '/members/2/id', /a member id must be a non-empty string/]]],
    ['an id twice', { members: [...OWNERS, m('o1', 'agent')] }, [['member-duplicate', '/members/2/id', /"o1" is listed twice/]]],
    ['roles that are not a list', { members: [...OWNERS, { id: 'x', roles: 'agent' }] }, [['account-schema', '/members/2/roles']]],
    ['an unknown role', { members: [...OWNERS, m('x', 'agent', 'laed')] }, [['unknown-reference', '/members/2/roles/1', /"laed" \(did you mean "lead"\?\)/]]],
    ['no role', { members: [...OWNERS, m('x')] }, [['member-without-role', '/members/2/roles', /"x" holds no role/]]],
    ['a role id that is not text', { members: [...OWNERS, { id: 'x', roles: [7] }] }, [['unknown-reference', '/members/2/roles/0', /^unknown role 7$/]]],
    ['two roles: the maximum', { members: [...OWNERS, m('x', 'agent', 'lead')] }, []],
    ['three roles: one over', { members: [...OWNERS, m('x', 'agent', 'lead', 'guarded')] }, [['roles-per-member', '/members/2/roles', /"x" holds 3 roles; a member holds 1 to 2/]]],
    ['a role twice counts once', { members: [...OWNERS, m('x', 'agent', 'lead', 'agent')] }, []],
    ['a name of 1001 characters', { members: [...OWNERS, { ...m('x', 'agent'), name: 'n'.repeat(1001) }] }, [['account-schema', '/members/2/name']]],
    ['groups that are not a list', { members: [...OWNERS, { ...m('x', 'agent'), groups: 'g' }] }, [['account-schema', '/members/2/groups']]],
    ['groups that are not strings', { members: [...OWNERS, { ...m('x', 'agent'), groups: ['g', 1] }] }, [['account-schema', '/members/2/groups']]],
    ['an organization that is not a string', { members: [...OWNERS, { ...m('x', 'agent'), organization: 1 }] }, [['account-schema', '/members/2/organization']]],
    ['a null organization and tier', { members: [...OWNERS, { ...m('x', 'agent'), organization: null, tier: null }] }, []],
    ['an unknown tier node', { members: [...OWNERS, { ...m('x', 'agent'), tier: 'north' }] }, [['unknown-reference', '/members/2/tier', /"north"/]]],
    ['a member of a custom role', { customRoles: [c('c1', 'T')], members: [...OWNERS, m('x', 'c1')] }, []],
    ['a default role', { defaultRole: 'agent' }, []],
    ['a custom default role', { customRoles: [c('c1', 'T')], defaultRole: 'c1' }, []],
    ['an unknown default role', { defaultRole: 'ghost' }, [['unknown-reference', '/defaultRole']]],
    ['an owner role as default', { defaultRole: 'owner' }, [['default-role', '/defaultRole', /owner or admin role "owner"/]]],
    ['an admin role as default', { defaultRole: 'helper' }, [['default-role', '/defaultRole']]],
  ])('%s', (_name, data, want) => {
    check(open(data), want);
  });

  it('members answer as the data says', () => {
    const o = open({ members: [...OWNERS, { id: 'x', roles: ['agent', 'agent'], groups: ['g'], organization: 'org' }], defaultRole: 'lead' });
    expect(o.ok).toBe(true);
    if (!o.ok) return;
    expect(o.account.member('x')).toEqual({ id: 'x', roles: ['agent'], tier: null, groups: ['g'], organization: 'org', attributes: {} });
    expect(o.account.member('y')).toBeUndefined();
    expect(o.account.member(7)).toBeUndefined();
    expect(o.account.memberCan('x', 'tickets', 'read')).toBe(true);
    expect(o.account.memberCan('x', 'tickets', 'edit')).toBe(false);
    expect(o.account.memberValue('x', 'tickets')).toBe('read');
    expect(o.account.data.members?.[2]).toEqual({ id: 'x', roles: ['agent'], groups: ['g'], organization: 'org' });
    expect(o.account.data.members?.[0]).toEqual({ id: 'o1', roles: ['owner'] });
    expect(o.account.data.defaultRole).toBe('lead');
    expect(o.account.plan).toBe('pro');
    expect(o.account.planAtLeast('pro')).toBe(true);
    expect(o.account.planAtLeast('enterprise')).toBe(false);
  });

  it('a member id stands for the member in the validators', () => {
    const o = open({ members: [...OWNERS, { id: 'le', roles: ['lead'] }, { id: 'ag', roles: ['agent'] }] });
    expect(o.ok).toBe(true);
    if (!o.ok) return;
    expect(o.account.canAssignRole('le', 'ag', 'guarded')).toEqual({ ok: true });
    expect(o.account.canRemoveRole('le', 'ag', 'agent')).toEqual({ ok: false, problems: [expect.objectContaining({ rule: 'member-without-role' })] });
    expect(o.account.canSetRoles('le', 'o1', ['agent'])).toEqual({ ok: false, problems: [expect.objectContaining({ rule: 'protected-role' }), expect.objectContaining({ rule: 'owner-members' })] });
    expect(o.account.canSetRoles('ghost', 'ag', ['lead']).ok).toBe(false);
    expect(o.account.validateRoleDraft('le', { id: 'c1', name: 'T', grants: { tickets: 'edit' } })).toEqual({ ok: true });
  });

  it('without a plan an account has none', () => {
    const o = open({}, 'helpdesk');
    expect(o.ok && o.account.plan).toBeUndefined();
    expect(o.ok && o.account.planAtLeast('pro')).toBe(false);
  });
});

describe('openAccount: tier nodes', () => {
  const node = (id: string, parent: string, extra: Record<string, unknown> = {}) => ({ id, name: id.toUpperCase(), parent, ...extra });
  it.each<[string, unknown, Want[]]>([
    ['an empty list', { tiers: [] }, []],
    ['a node below a node of level 2', { tiers: [node('x', 'north')] }, []],
    ['a node below a node of level 3: one over the depth', { tiers: [node('x', 'taipei')] }, [['tier-depth', '/tiers/0/parent', /"x" would be at level 4; the tree has at most 3 levels/]]],
    ['a chain within the depth', { tiers: [node('x', 'hq'), node('y', 'x')] }, []],
    ['a parent after its child', { tiers: [node('y', 'x'), node('x', 'hq')] }, [['unknown-reference', '/tiers/0/parent', /unknown parent tier node "x"/]]],
    ['an id of the policy', { tiers: [node('north', 'hq')] }, [['name-duplicate', '/tiers/0/id', /"north" already exists/]]],
    ['an id twice', { tiers: [node('x', 'hq'), node('x', 'north')] }, [['name-duplicate', '/tiers/1/id']]],
    ['not a list', { tiers: {} }, [['account-schema', '/tiers', /a list of nodes/]]],
    ['an entry that is not an object', { tiers: [1] }, [['account-schema', '/tiers/0']]],
    ['an unknown key', { tiers: [node('x', 'hq', { color: 1 })] }, [['account-schema', '/tiers/0/color']]],
    ['a description of 1001 characters', { tiers: [node('x', 'hq', { description: 'd'.repeat(1001) })] }, [['account-schema', '/tiers/0/description']]],
    ['no name', { tiers: [{ id: 'x', parent: 'hq' }] }, [['account-schema', '/tiers/0/name', /a tier node name/]]],
    ['no parent', { tiers: [{ id: 'x', name: 'X' }] }, [['account-schema', '/tiers/0/parent', /a parent node id/]]],
    ['a bad id', { tiers: [node('x y', 'hq')] }, [['account-schema', '/tiers/0/id', /a tier node id must be an id/]]],
    ['a grant that is no level', { tiers: [node('x', 'hq', { grants: { inbox: 'most' } })] }, [['invalid-level', '/tiers/0/grants/inbox']]],
  ])('%s', (_name, data, want) => {
    check(open(data, 'tiered'), want);
  });

  it('a policy without a tree takes no nodes, but an empty list', () => {
    check(open({ tiers: [{ id: 'x', name: 'X', parent: 'hq' }] }, 'helpdesk'), [['unknown-reference', '/tiers', /no tier tree/]]);
    check(open({ tiers: {} }, 'helpdesk'), [['unknown-reference', '/tiers']]);
    check(open({ tiers: [] }, 'helpdesk'), []);
  });

  it('added nodes take their place in the tree', () => {
    const o = open({ tiers: [node('x', 'north', { grants: { 'folders.bound': 'on' } }), node('y', 'hq'), node('z', 'y')], members: [{ id: 'a', roles: ['owner'], tier: 'x' }] }, 'tiered');
    expect(problemsOf(o)).toEqual([]);
    if (!o.ok) return;
    const a = o.account;
    expect(a.tables.tiers).toEqual(['hq', 'north', 'taipei', 'x', 'central', 'beitun', 'y', 'z']);
    expect([a.parentOf('x'), a.depthOf('x'), a.parentOf('z'), a.depthOf('z'), a.depthOf('y')]).toEqual(['north', 3, 'y', 3, 2]);
    expect([a.isAncestor('north', 'x'), a.isAncestor('hq', 'z'), a.isAncestor('central', 'x'), a.isAncestor('y', 'y'), a.isSameOrAncestor('y', 'y'), a.isAncestor('taipei', 'x')]).toEqual([true, true, false, false, true, false]);
    expect(a.memberCan({ roles: [], tier: 'x' }, 'folders.bound')).toBe(true);
    expect(a.memberCan({ roles: [], tier: 'y' }, 'folders.bound')).toBe(false);
    expect(a.member('a')?.tier).toBe('x');
    expect(a.canAccess({ id: 'b', roles: [], tier: 'north' }, { kind: 'customer', tier: 'x' }, 'view')).toBe(false);
    expect(a.canAccess({ id: 'b', roles: [], tier: 'hq' }, { kind: 'customer', tier: 'x' }, 'view')).toBe(true);
    expect(a.accessFilter({ id: 'b', roles: [], tier: 'central' }, 'customer', 'view')).toEqual({ field: 'tier', op: 'in', value: ['beitun'] });
    expect(a.hasFeature('several_organizations')).toBe(false);
    expect(a.data.tiers).toEqual([{ id: 'x', name: 'X', parent: 'north', grants: { 'folders.bound': 'on' } }, { id: 'y', name: 'Y', parent: 'hq' }, { id: 'z', name: 'Z', parent: 'y' }]);
  });
});

describe('openAccount: reading the data', () => {
  it.each<[string, () => unknown]>([
    ['a getter that throws', () => ({ get plan() { throw new Error('boom'); } })],
    ['a BigInt', () => ({ plan: 1n })],
    ['a cycle', () => { const o: Record<string, unknown> = {}; o.self = o; return o; }],
  ])('%s refuses the data as a whole', (_name, make) => {
    const o = open(make());
    expect(problemsOf(o).map((p) => [p.rule, p.path])).toEqual([['account-schema', '']]);
    expect(problemsOf(o)[0]!.message).toMatch(/^the data cannot be read \(/);
  });

  it('reports at most 1000 problems', () => {
    const members = Array.from({ length: 1200 }, (_, i) => ({ id: `m${i}`, roles: ['ghost'] }));
    expect(problemsOf(open({ members })).length).toBe(1000);
    const fewer = Array.from({ length: 998 }, (_, i) => ({ id: `m${i}`, roles: ['ghost'] }));
    expect(problemsOf(open({ members: fewer })).length).toBe(999);
  });

  it('undefined data is refused', () => {
    check(open(undefined), [['account-schema', '']]);
  });
});

/**
 * Switches, contexts, a quota and a declared relation (whose actor attribute, brands, is a key of
 * a member): the parts of an account the validators policy has none of.
 */
const SWITCHED = `${SCHEMA_LINE(2)}title: Switches, contexts and attributes
switches:
  extras: { label: Extras, on: false }
  beta: { label: Beta, on: true }
contexts:
  ui: { label: Screens }
  api: { label: API }
scales:
  toggle: { levels: [off, on] }
resources:
  ticket: { label: Ticket, actions: [view], attributes: [brand] }
relations:
  same_brand: { label: Same brand, actor: brands, resource: brand }
permissions:
  extra: { label: Extra, scale: toggle, requires: [extras] }
  early: { label: Early, scale: toggle, requires: [beta] }
  brand_tickets: { label: Brand tickets, scale: toggle, access: [{ resource: ticket, relations: [same_brand], actions: [view] }] }
  notes: { label: Notes, scale: toggle, contexts: [ui] }
quotas:
  seats: { label: Seats, default: 1, cases: [{ requires: [extras], value: 100 }] }
roles:
  owner: { name: Owner, kind: owner }
  agent: { name: Agent, grants: { extra: "on", early: "on", brand_tickets: "on", notes: "on" } }
`;

let switchedTables: Tables | undefined;
function switched(): Tables {
  if (!switchedTables) {
    const r = checkFiles({ 'policy.yaml': SWITCHED });
    expect(r.diagnostics.filter((d) => d.severity === 'error').map((d) => d.rule)).toEqual([]);
    switchedTables = tablesOf(r.ir!);
  }
  return switchedTables;
}

describe('openAccount: switches, contexts, quotas and member attributes', () => {
  const openS = (data: unknown) => kOpenAccount(switched(), {}, data);
  const ok = (data: unknown): KAccount => {
    const o = openS(data);
    expect(problemsOf(o)).toEqual([]);
    return (o as { account: KAccount }).account;
  };

  it.each<[string, unknown, Want[]]>([
    ['a switch that is not true or false', { switches: { extras: 'yes' } }, [['account-schema', '/switches/extras', /switch "extras" must be true or false, not "yes"/]]],
    ['an unknown switch reports once', { switches: { ghost: 'yes' } }, [['account-schema', '/switches/ghost', /unknown key "ghost" \(expected extras, beta\)/]]],
    ['switches that are not an object', { switches: [] }, [['account-schema', '/switches']]],
    ['an attribute that is a number', { members: [{ id: 'o', roles: ['owner'], brands: 7 }] }, [['account-schema', '/members/0/brands', /brands must be a string or a list of at most 10000 strings/]]],
    ['an attribute list with a number', { members: [{ id: 'o', roles: ['owner'], brands: ['b', 1] }] }, [['account-schema', '/members/0/brands']]],
    ['an attribute list of 10001 strings', { members: [{ id: 'o', roles: ['owner'], brands: Array.from({ length: 10_001 }, () => 'b') }] }, [['account-schema', '/members/0/brands']]],
    ['a null attribute', { members: [{ id: 'o', roles: ['owner'], brands: null }] }, []],
  ])('%s', (_name, data, want) => {
    check(openS(data), want);
  });

  it("the account's switches over the policy's, one bit each", () => {
    const on = ok({ switches: { extras: true } });
    expect([on.isOn('extras'), on.isOn('beta'), on.can('agent', 'extra', 'on'), on.limitOf('agent', 'seats'), on.memberLimitOf({ roles: ['agent'] }, 'seats')]).toEqual([true, true, true, 100, 100]);
    expect(on.data.switches).toEqual({ extras: true });
    const off = ok({ switches: { beta: false } });
    expect([off.isOn('extras'), off.isOn('beta'), off.can('agent', 'early', 'on'), off.limitOf('agent', 'seats')]).toEqual([false, false, false, 1]);
    const both = ok({ switches: { extras: true, beta: false } });
    expect([both.isOn('extras'), both.isOn('beta')]).toEqual([true, false]);
  });

  it('an account asks in one context at a time', () => {
    const a = ok({});
    expect(a.context).toBe('ui');
    expect([a.inContext('ui').context, a.inContext('api').context, a.inContext('web').context]).toEqual(['ui', 'api', undefined]);
    expect([a.inContext('ui').can('agent', 'notes', 'on'), a.inContext('api').can('agent', 'notes', 'on')]).toEqual([true, false]);
  });

  it("a member's attributes: a string, or a list kept once per value", () => {
    const a = ok({ members: [{ id: 'o', roles: ['owner'], brands: ['b1', 'b2', 'b1'] }, { id: 'a', roles: ['agent'], brands: 'b3' }, { id: 'n', roles: ['agent'], brands: null }, { id: 'm', roles: ['agent'] }] });
    expect(a.member('o')?.attributes).toEqual({ brands: ['b1', 'b2'] });
    expect(a.member('a')?.attributes).toEqual({ brands: 'b3' });
    expect(a.member('n')?.attributes).toEqual({});
    expect(a.member('m')?.attributes).toEqual({});
    expect(a.data.members).toEqual([{ id: 'o', roles: ['owner'], brands: ['b1', 'b2'] }, { id: 'a', roles: ['agent'], brands: 'b3' }, { id: 'n', roles: ['agent'] }, { id: 'm', roles: ['agent'] }]);
    expect([a.canAccess('a', { kind: 'ticket', brand: 'b3' }, 'view'), a.canAccess('a', { kind: 'ticket', brand: 'b1' }, 'view')]).toEqual([true, false]);
  });
});

describe('compileAccount: the edges the mutation run found', () => {
  const m = (id: string, ...roles: string[]) => ({ id, roles });
  const patched = (patch: Partial<Tables>, data: unknown) => kOpenAccount({ ...base(), ...patch }, {}, data);
  const many = (make: (i: number) => unknown) => Array.from({ length: 10_001 }, (_, i) => make(i));

  it.each<[string, unknown, Want[]]>([
    ['a member id of 1000 characters', { members: [...OWNERS, m('i'.repeat(1000), 'agent')] }, []],
    ['a member id of 1001 characters', { members: [...OWNERS, m('i'.repeat(1001), 'agent')] }, [['account-schema', '/members/2/id', /a member id must be a non-empty string/]]],
    ['cells of the owner role, with a grant', { roles: { owner: { tickets: 'read' } } }, [['account-schema', '/roles/owner']]],
    ['cells of an unknown role, with a grant', { roles: { ghost: { tickets: 'read' } } }, [['account-schema', '/roles/ghost']]],
    ['a cell given below what it allows, though an implication raises it', { roles: { agent: { tickets: 'off', reports: ['read'] } } }, [['invalid-level', '/roles/agent/tickets', /does not allow "off"/]]],
    ['custom roles that are an array-like object', { customRoles: { length: 0 } }, [['account-schema', '/customRoles']]],
    ['10001 custom roles', { customRoles: many((i) => c(`c${i}`, `T${i}`)) }, [['account-schema', '/customRoles', /at most 10000 roles/]]],
    ['a custom role id that is no id', { customRoles: [c('c 1', 'T')] }, [['account-schema', '/customRoles/0/id', /^a custom role id must be an id/]]],
    ['a custom role name that is empty', { customRoles: [c('c1', '')] }, [['account-schema', '/customRoles/0/name', /^a custom role name must be a non-empty string/]]],
    ['a custom role with the id of the role at index 0', { customRoles: [c('owner', 'T')] }, [['name-duplicate', '/customRoles/0/id']]],
    ['members that are an array-like object', { members: { length: 0 } }, [['account-schema', '/members']]],
    ['10001 members', { members: many((i) => m(`m${i}`, 'agent')) }, [['account-schema', '/members', /at most 10000 members/]]],
    ['member roles that are not a list', { members: [...OWNERS, { id: 'x', roles: 'agent' }] }, [['account-schema', '/members/2/roles', /a member needs a list of role ids/]]],
    ['groups that are not strings', { members: [...OWNERS, { ...m('x', 'agent'), groups: ['g', 1] }] }, [['account-schema', '/members/2/groups', /groups must be a list of strings/]]],
    ['an organization that is a number', { members: [...OWNERS, { ...m('x', 'agent'), organization: 1 }] }, [['account-schema', '/members/2/organization', /organization must be a string/]]],
    ['an unknown default role', { defaultRole: 'ghost' }, [['unknown-reference', '/defaultRole', /unknown role "ghost"/]]],
  ])('%s', (_name, data, want) => {
    check(open(data), want);
  });

  it.each<[string, 'helpdesk' | 'tiered', unknown, Want[]]>([
    ['tiers that are an array-like object', 'tiered', { tiers: { length: 0 } }, [['account-schema', '/tiers']]],
    ['10001 tier nodes', 'tiered', { tiers: Array.from({ length: 10_001 }, (_, i) => ({ id: `n${i}`, name: `N${i}`, parent: 'hq' })) }, [['account-schema', '/tiers', /a list of nodes/]]],
    ['a node below an added node, one over the depth', 'tiered', { tiers: [{ id: 'x', name: 'X', parent: 'north' }, { id: 'y', name: 'Y', parent: 'x' }] }, [['tier-depth', '/tiers/1/parent', /"y" would be at level 4/]]],
  ])('%s', (_name, on, data, want) => {
    check(open(data, on), want);
  });

  it.each<[string, Partial<Tables>, unknown, Want[]]>([
    ['no role needed: a member without one', { rolesPerMemberMin: 0 }, { members: [...OWNERS, m('x')] }, []],
    ['two roles needed: a member with one', { rolesPerMemberMin: 2 }, { members: [{ id: 'o1', roles: ['owner', 'agent'] }, { id: 'o2', roles: ['owner', 'agent'] }, m('x', 'agent')] }, [['roles-per-member', '/members/2/roles']]],
    ['no role allowed, more than none held', { rolesPerMemberMin: 0, rolesPerMemberMax: 0, minOwners: 0 }, { members: [m('x', 'agent')] }, [['roles-per-member', '/members/0/roles']]],
    ['a cap of zero custom roles without plans', { maxCustomRoles: [[-1, 0]] }, { customRoles: [c('c1', 'T')] }, [['custom-role-cap', '/customRoles', /2 custom roles; the plan allows 0/]]],
    // The policy's own roles passed the escalation check when it compiled; only the account's data is checked again.
    ["the policy's roles are not checked again", { roleAdmin: [0, 0, 0, 0, 0, 1, 0] }, {}, []],
    ['they are once the data customises a cell', { roleAdmin: [0, 0, 0, 0, 0, 1, 0] }, { roles: { agent: {} } }, [['escalation-subset', '/roles/lead', /reaches "admin"/]]],
    // lead made editable by agent alone: agent reaches it only through editableBy.
    ['a role reaching another through editableBy', { editableBy: [[], [], [3], [], [2], [], []] }, { roles: { agent: { 'roles.manage': 'edit', 'team.assign': 'on' } } }, [['escalation-subset', '/roles/agent', /reaches "lead"/]]],
  ])('%s', (_name, patch, data, want) => {
    check(patched(patch, data), want);
  });

  it('the cells of a customisable role at index 0 are kept', () => {
    // The owner role made a customisable one that only itself may edit.
    const o = patched({ roleKind: [1, 1, 1, 1, 1, 1, 2], editableBy: [[0], [], [], [], [2], [], []] }, { roles: { owner: {} } });
    expect(problemsOf(o)).toEqual([]);
    expect(o.ok && o.account.data.roles).toEqual({ owner: {} });
  });

  it('a customisable role at index 0 is checked for escalation like the others', () => {
    // The owner role made a customisable one that only itself may edit, and may hold any value.
    const patch = { roleKind: [1, 1, 1, 1, 1, 1, 2], editableBy: [[0], [], [], [], [2], [], []], allowed: base().allowed.map((row, r) => (r === 0 ? row.map(() => [0, 1, 2]) : row)) };
    check(patched(patch, { roles: { owner: { tickets: 'read' } } }), [['escalation-subset', '/roles/owner', /role "owner" may assign or edit roles and reaches "lead", which holds more of tickets/]]);
  });

  it('a custom role without grants keeps none', () => {
    const o = open({ customRoles: [{ id: 'c1', name: 'T' }] });
    expect(o.ok && o.account.data.customRoles).toStrictEqual([{ id: 'c1', name: 'T', grants: {} }]);
  });

  it('the tables of data with problems keep only what passed (the guards ask them per context)', () => {
    expect(compileAccount(base(), { plan: 'platinum' }, {}).tables.plan).toBe(-1);
    expect(compileAccount(fixture('tiered'), { members: [{ id: 'a', roles: ['owner'], tier: 'nowhere' }] }, {}).tables.members?.get('a')?.tier).toBeNull();
    const skipped = compileAccount(base(), { members: [...OWNERS, { roles: ['agent'] }] }, {}).tables;
    expect([...skipped.members!.keys()]).toEqual(['o1', 'o2']);
    const tiered = fixture('tiered');
    for (const node of [{ name: 'X', parent: 'hq' }, { id: 'x', parent: 'hq' }, { id: 'x', name: 'X' }]) {
      expect(compileAccount(tiered, { tiers: [node] }, {}).tables.tiers, JSON.stringify(node)).toEqual(tiered.tiers);
    }
  });

  it("an account's members replace ctx.members only when the data lists members", () => {
    expect(compileAccount(base(), {}, {}).tables.members).toBeNull();
    expect(compileAccount(base(), { members: [] }, {}).tables.members?.size).toBe(0);
    expect(compileAccount(base(), { members: OWNERS }, {}).tables.members?.size).toBe(2);
  });

  it('added tier nodes keep every name, and the root no parent', () => {
    const tiered = fixture('tiered');
    const t = compileAccount(tiered, { tiers: [{ id: 'x', name: 'X', parent: 'north' }], members: [{ id: 'a', roles: ['owner'], tier: 'hq' }, { id: 'b', roles: ['owner'], tier: 'x' }] }, {}).tables;
    expect(t.tierNames).toEqual(t.tiers.map((id) => (id === 'x' ? 'X' : tiered.tierNames[tiered.tiers.indexOf(id)])));
    const o = open({ tiers: [{ id: 'x', name: 'X', parent: 'north' }], members: [{ id: 'a', roles: ['owner'], tier: 'hq' }, { id: 'b', roles: ['owner'], tier: 'x' }] }, 'tiered');
    expect(problemsOf(o)).toEqual([]);
    if (!o.ok) return;
    expect([o.account.parentOf('hq'), o.account.depthOf('hq'), o.account.member('a')?.tier]).toEqual([undefined, 1, 'hq']);
    expect(o.account.data.members).toEqual([{ id: 'a', roles: ['owner'], tier: 'hq' }, { id: 'b', roles: ['owner'], tier: 'x' }]);
  });

  it("with the policy's compiled role lookup, an account's custom roles are still roles", () => {
    const t = base();
    const o = kOpenAccount(t, { roleIndex: (id: unknown) => t.roleIndex(id) }, { customRoles: [c('c1', 'T')] });
    expect(o.ok && [o.account.isRole('c1'), o.account.isRole('agent')]).toEqual([true, true]);
  });

  it('the first plan, role and member answer like any other', () => {
    const o = open({ plan: 'basic', members: OWNERS });
    expect(o.ok).toBe(true);
    if (!o.ok) return;
    const a = o.account;
    expect([a.plan, a.planAtLeast('basic'), a.planAtLeast('pro'), a.isRole('owner'), a.roleName('owner')]).toEqual(['basic', true, false, true, 'Owner']);
    expect(a.member('o1')).toEqual({ id: 'o1', roles: ['owner'], tier: null, groups: [], organization: null, attributes: {} });
    const none = open({});
    expect(none.ok && none.account.member('o1')).toBeUndefined();
  });

  it("a tier node's grants that break a rule of severity error", () => {
    const t = fixture('tiered');
    const errorRules: Tables['errorRules'] = [['binding_needs_folder', t.permissionIndex('notify.binding'), 1, t.permissionIndex('folders.bound'), 1]];
    check(kOpenAccount({ ...t, errorRules }, {}, { tiers: [{ id: 'x', name: 'X', parent: 'hq', grants: { 'notify.binding': 'on' } }] }), [['cross-field', '/tiers/0/grants', /rule "binding_needs_folder"/]]);
  });

  it("an account's custom roles count, and are edited, as custom roles", () => {
    const o = open({ plan: 'pro', customRoles: [c('c1', 'T')] });
    expect(o.ok).toBe(true);
    if (!o.ok) return;
    const admin = { id: 'x', roles: ['admin'] };
    expect(o.account.validateRoleDraft(admin, { id: 'c2', name: 'U' })).toEqual({ ok: false, problems: [expect.objectContaining({ rule: 'custom-role-cap' })] });
    expect(o.account.validateRoleDraft(admin, { id: 'c1', name: 'T', grants: { tickets: 'edit' } })).toEqual({ ok: true });
  });

  it('undefined data is no object', () => {
    check(open(undefined), [['account-schema', '', /^expected an object$/]]);
  });
});

describe('account versions', () => {
  it('hash64 of known texts', () => {
    expect(hash64('')).toBe('811c9dc52c1b3c6d');
    expect(hash64('a')).not.toBe(hash64('b'));
    expect(hash64('ab')).not.toBe(hash64('ba'));
    expect(hash64('a')).toMatch(/^[0-9a-f]{16}$/);
  });

  it('canonical JSON sorts keys at every depth', () => {
    expect(canonicalJson({ b: [{ d: 1, c: null }], a: 'x' })).toBe('{"a":"x","b":[{"c":null,"d":1}]}');
    expect(canonicalJson(undefined)).toBe('null');
    expect(canonicalJson([1, 'a'])).toBe('[1,"a"]');
  });

  it('equal data, equal version; other data or another policy, another version', () => {
    const v = (data: unknown, on: 'policy' | 'helpdesk' = 'policy') => { const o = open(data, on); return o.ok ? o.account.version : 'refused'; };
    expect(v({ members: OWNERS, defaultRole: 'agent' })).toBe(v({ defaultRole: 'agent', members: OWNERS }));
    expect(v({ members: OWNERS })).not.toBe(v({ members: OWNERS, defaultRole: 'agent' }));
    expect(v({})).not.toBe(v({}, 'helpdesk'));
    expect(v({})).toBe(hash64(`${base().version}\n${canonicalJson({ roles: {}, customRoles: [], tiers: [] })}`));
  });
});

describe('apply', () => {
  const DATA = {
    members: [...OWNERS, { id: 'ad', roles: ['admin'] }, { id: 'le', roles: ['lead'] }, { id: 'ag', roles: ['agent'] }, { id: 'c', roles: ['c1'] }],
    customRoles: [c('c1', 'Triage', { tickets: 'edit' })],
    defaultRole: 'c1',
    plan: 'enterprise',
  };
  function account(data: unknown = DATA, on: 'policy' | 'tiered' = 'policy'): KAccount {
    const o = open(data, on);
    expect(problemsOf(o)).toEqual([]);
    return (o as { account: KAccount }).account;
  }
  const rolesOf = (o: Opened<KAccount>, id: string) => (o.ok ? o.account.member(id)?.roles : problemsOf(o).map((p) => p.rule));

  it.each<[string, Record<string, unknown>, string, unknown]>([
    ['setRoles', { type: 'setRoles', actor: 'ad', member: 'ag', roles: ['agent', 'lead', 'agent'] }, 'ag', ['agent', 'lead']],
    ['setRoles refused', { type: 'setRoles', actor: 'le', member: 'ag', roles: ['admin'] }, 'ag', ['protected-role', 'escalation-subset']],
    ['assignRole adds', { type: 'assignRole', actor: 'ad', member: 'ag', role: 'helper' }, 'ag', ['agent', 'helper']],
    ['assignRole refused', { type: 'assignRole', actor: 'ad', member: 'ag', role: 'guarded' }, 'ag', ['protected-role']],
    ['assignRole of a role held', { type: 'assignRole', actor: 'ad', member: 'ag', role: 'agent' }, 'ag', ['agent']],
    ['removeRole', { type: 'removeRole', actor: 'ad', member: 'le', role: 'lead' }, 'le', ['member-without-role']],
    ['removeRole of one of two', { type: 'removeRole', actor: 'o1', member: 'c', role: 'c1' }, 'c', ['member-without-role']],
    ['an unknown member', { type: 'assignRole', actor: 'ad', member: 'zz', role: 'agent' }, 'ag', ['unknown-reference']],
    ['the actor as an object', { type: 'assignRole', actor: { id: 'x', roles: ['lead'] }, member: 'ag', role: 'guarded' }, 'ag', ['agent', 'guarded']],
  ])('%s', (_name, change, member, want) => {
    expect(rolesOf(account().apply(change as never), member)).toEqual(want);
  });

  it('removeRole keeps the other roles', () => {
    const a = account().apply({ type: 'assignRole', actor: 'le', member: 'ag', role: 'guarded' });
    expect(a.ok).toBe(true);
    if (!a.ok) return;
    expect(rolesOf(a.account.apply({ type: 'removeRole', actor: 'le', member: 'ag', role: 'guarded' }), 'ag')).toEqual(['agent']);
    expect(problemsOf(account().apply({ type: 'setRoles', actor: 'ad', member: 'zz', roles: [] }))).toEqual([{ rule: 'unknown-reference', message: 'unknown member "zz"', path: '/member' }]);
  });

  it('assignRole replaces the role when members hold one', () => {
    const one = kOpenAccount({ ...base(), rolesPerMemberMax: 1 }, {}, DATA);
    expect(one.ok).toBe(true);
    if (one.ok) expect(rolesOf(one.account.apply({ type: 'assignRole', actor: 'ad', member: 'ag', role: 'lead' }), 'ag')).toEqual(['lead']);
  });

  it('createRole, editRole and deleteRole', () => {
    const a = account();
    const created = a.apply({ type: 'createRole', actor: 'ad', role: c('c2', 'Night', { tickets: 'read' }) });
    expect(problemsOf(created)).toEqual([]);
    if (!created.ok) return;
    expect(created.account.roleName('c2')).toBe('Night');
    expect(created.account.data.customRoles.map((r) => r.id)).toEqual(['c1', 'c2']);
    expect(created.account.version).not.toBe(a.version);

    expect(problemsOf(a.apply({ type: 'createRole', actor: 'ad', role: c('c1', 'Again') }))).toEqual([{ rule: 'name-duplicate', message: 'role id "c1" is already taken', path: '/role/id' }]);
    expect(problemsOf(a.apply({ type: 'createRole', actor: 'ag', role: c('c2', 'Night') })).map((p) => p.rule)).toEqual(['not-permitted']);

    const renamed = a.apply({ type: 'editRole', actor: 'ad', role: 'c1', name: 'Sorting', grants: { reports: ['read'] } });
    expect(renamed.ok && renamed.account.data.customRoles).toEqual([{ id: 'c1', name: 'Sorting', grants: { reports: ['read'] } }]);
    const kept = a.apply({ type: 'editRole', actor: 'ad', role: 'c1', grants: { tickets: 'read' } });
    expect(kept.ok && kept.account.data.customRoles).toEqual([{ id: 'c1', name: 'Triage', grants: { tickets: 'read' } }]);
    expect(kept.ok && kept.account.levelOf('c1', 'tickets')).toBe('read');
    const cell = a.apply({ type: 'editRole', actor: 'ad', role: 'agent', grants: { tickets: 'edit' } });
    expect(cell.ok && cell.account.data.roles).toEqual({ agent: { tickets: 'edit' } });
    const cell2 = cell.ok ? cell.account.apply({ type: 'editRole', actor: 'ad', role: 'agent', grants: { reports: ['create'] } }) : cell;
    expect(cell2.ok && cell2.account.data.roles).toEqual({ agent: { tickets: 'edit', reports: ['create'] } });
    expect(problemsOf(a.apply({ type: 'editRole', actor: 'le', role: 'agent', grants: { settings: 'read' } })).map((p) => p.rule)).toEqual(['invalid-level', 'admin-only-grant', 'escalation-subset']);

    const deleted = a.apply({ type: 'deleteRole', actor: 'ad', role: 'c1' });
    expect(problemsOf(deleted)).toEqual([{ rule: 'member-without-role', message: 'member "c" holds no role', path: '/members/5/roles' }]);
    const b = account({ ...DATA, members: [...DATA.members.slice(0, 5), { id: 'c', roles: ['c1', 'agent'] }] });
    const gone = b.apply({ type: 'deleteRole', actor: 'ad', role: 'c1' });
    expect(problemsOf(gone)).toEqual([]);
    if (!gone.ok) return;
    expect(gone.account.isRole('c1')).toBe(false);
    expect(gone.account.member('c')?.roles).toEqual(['agent']);
    expect(gone.account.data.defaultRole).toBeUndefined();
    const other = account({ ...DATA, defaultRole: 'agent', members: b.data.members }).apply({ type: 'deleteRole', actor: 'ad', role: 'c1' });
    expect(other.ok && other.account.data.defaultRole).toBe('agent');
    expect(problemsOf(a.apply({ type: 'deleteRole', actor: 'ad', role: 'agent' }))).toEqual([{ rule: 'unknown-reference', message: '"agent" is no custom role of this account', path: '/role' }]);
    expect(problemsOf(b.apply({ type: 'deleteRole', actor: 'ag', role: 'c1' })).map((p) => p.rule)).toEqual(['not-permitted', 'escalation-subset']);
  });

  it('moveMember', () => {
    const data = { members: [{ id: 'o', roles: ['owner'], tier: 'hq' }, { id: 'b', roles: ['agent'], tier: 'north' }, { id: 'm', roles: ['manager'] }] };
    const a = account(data, 'tiered');
    const moved = a.apply({ type: 'moveMember', actor: 'o', member: 'b', tier: 'central' });
    expect(moved.ok && moved.account.member('b')?.tier).toBe('central');
    const out = a.apply({ type: 'moveMember', actor: 'o', member: 'b', tier: null });
    expect(out.ok && out.account.data.members?.[1]).toEqual({ id: 'b', roles: ['agent'] });
    expect(problemsOf(a.apply({ type: 'moveMember', actor: 'o', member: 'b', tier: 'nowhere' }))).toEqual([expect.objectContaining({ rule: 'unknown-reference', path: '/tier' })]);
    expect(problemsOf(a.apply({ type: 'moveMember', actor: 'm', member: 'b', tier: 'hq' }))).toEqual([{ rule: 'not-permitted', message: expect.stringMatching(/permission to assign roles/) }]);
    expect(problemsOf(a.apply({ type: 'moveMember', actor: 'o', member: 'o', tier: 'north' }))).toEqual([{ rule: 'self-assign', message: expect.stringMatching(/move themselves/) }]);
    expect(problemsOf(a.apply({ type: 'moveMember', actor: 'zz', member: 'b', tier: 'hq' }))).toEqual([{ rule: 'unknown-reference', message: 'actor must be given' }]);
    expect(problemsOf(a.apply({ type: 'moveMember', actor: 'o', member: 'zz', tier: 'hq' }))).toEqual([{ rule: 'unknown-reference', message: 'unknown member "zz"', path: '/member' }]);
    const lead = account({ members: [...OWNERS, { id: 'le', roles: ['lead'] }, { id: 'ag', roles: ['agent'] }] });
    expect(problemsOf(lead.apply({ type: 'moveMember', actor: 'le', member: 'ag', tier: null }))).toEqual([]);
  });

  it('the edges of apply', () => {
    // The first member is found like any other.
    expect(rolesOf(account().apply({ type: 'assignRole', actor: 'o2', member: 'o1', role: 'agent' }), 'o1')).toEqual(['owner', 'agent']);
    // removeRole asks the remove validator (its problem has no pointer), not the assign one.
    expect(problemsOf(account().apply({ type: 'removeRole', actor: 'ad', member: 'ag', role: 'agent' })).map((p) => [p.rule, p.path])).toEqual([['member-without-role', undefined]]);
    // createRole of an id taken by the role at index 0.
    expect(problemsOf(account().apply({ type: 'createRole', actor: 'ad', role: c('owner', 'T') }))).toEqual([{ rule: 'name-duplicate', message: 'role id "owner" is already taken', path: '/role/id' }]);
    // An account without members: no member to change, and a custom role deleted.
    const bare = account({ customRoles: [c('c1', 'T')] });
    expect(problemsOf(bare.apply({ type: 'assignRole', actor: 'o1', member: undefined, role: 'agent' } as never))).toEqual([{ rule: 'unknown-reference', message: 'unknown member undefined', path: '/member' }]);
    const deleted = bare.apply({ type: 'deleteRole', actor: { id: 'x', roles: ['admin'] }, role: 'c1' });
    expect(deleted.ok && deleted.account.isRole('c1')).toBe(false);
  });

  it('an unknown change', () => {
    expect(problemsOf(account().apply({ type: 'renameAccount' } as never))).toEqual([{ rule: 'unknown-reference', message: 'unknown change "renameAccount"', path: '/type' }]);
  });
});

// Table tests of every analysis rule (src/analyze/rules): each row is a policy fragment and the
// exact analysis diagnostics it must produce (code, rule, JSON path, line), including the values
// at, just under and just over each limit, and the neighbouring cases that must stay silent.

import { describe, expect, it } from 'vitest';
import { CATALOGUE, type Rule } from '../../src/diagnostics/catalogue.js';
import { checkFiles, SCHEMA_LINE } from '../helpers.js';

interface Found {
  code: string;
  rule: Rule;
  path: string;
  line: number;
}

/** Scales and permissions shared by the rows; each row adds roles and what else it needs. */
const HEAD = `scales:
  access: { levels: [off, read, edit] }
  toggle: { levels: [off, on] }
permissions:
  tickets: { label: Tickets, scale: access }
  billing: { label: Billing, scale: toggle }
  roles.manage: { label: Manage roles, scale: access }
  team.assign: { label: Assign roles, scale: access }
  settings: { label: Settings, scale: access, adminOnly: true }
  deletion: { label: Delete account, scale: toggle, ownerOnly: true }
  staffing: { label: Staffing, scale: toggle, implies: { team.assign: edit } }
delegation:
  manageRoles: [{ permission: roles.manage, atLeast: edit }]
  assignRoles: [{ permission: team.assign, atLeast: edit }]
`;

/** The full text of a row's policy.yaml. */
const textOf = (body: string): string => `${SCHEMA_LINE(2)}${HEAD}${body}`;

/** Analysis-stage (PC4xxx) diagnostics of a policy; earlier stages must be clean. */
function analyse(body: string): Found[] {
  const r = checkFiles({ 'policy.yaml': textOf(body) });
  const earlier = r.diagnostics.filter((d) => !CATALOGUE[d.rule].code.startsWith('PC4'));
  expect(earlier.map((d) => `${d.rule} ${d.path}`)).toEqual([]);
  const found = r.diagnostics.filter((d) => CATALOGUE[d.rule].code.startsWith('PC4'));
  for (const d of found) {
    expect(d.message.trim(), d.rule).not.toBe('');
    // Every analysis rule but roles-per-member says how to fix what it found.
    if (d.rule === 'roles-per-member') expect(d.hint).toBeUndefined();
    else expect(d.hint?.trim(), d.rule).toBeTruthy();
  }
  return found.map((d) => ({ code: d.code, rule: d.rule, path: d.path, line: d.line }));
}

/** Message and hint of the diagnostics of one rule. */
function texts(body: string, rule: Rule): string[] {
  const r = checkFiles({ 'policy.yaml': textOf(body) });
  return r.diagnostics.filter((d) => d.rule === rule).map((d) => `${d.message}\n${d.hint ?? ''}`);
}

/** The expected diagnostic of `rule` at `path`, on the line of the n-th occurrence of `needle` in the row's text. */
function at(body: string, rule: Rule, path: string, needle: string, nth = 1): Found {
  const lines = textOf(body).split('\n');
  let seen = 0;
  const i = lines.findIndex((l) => l.includes(needle) && ++seen === nth);
  if (i < 0) throw new Error(`"${needle}" not in the row`);
  return { code: CATALOGUE[rule].code, rule, path, line: i + 1 };
}

type Row = [name: string, body: string, want: (body: string) => Found[]];

function table(rows: Row[]): void {
  it.each(rows)('%s', (_name, body, want) => {
    expect(analyse(body)).toEqual(want(body));
  });
}

const none = (): Found[] => [];

/** n roles after the owner, named r1..rn, of the given kind. */
const roles = (n: number, kind = 'builtin'): string =>
  Array.from({ length: n }, (_, i) => `  r${i + 1}: { name: Role ${i + 1}, kind: ${kind} }\n`).join('');
const OWNER = 'roles:\n  owner: { name: Owner, kind: owner }\n';

describe('role-cap: limits.maxRoles', () => {
  table([
    ['exactly maxRoles roles pass', `${OWNER}${roles(2)}limits: { maxRoles: 3 }\n`, none],
    ['one under the cap passes', `${OWNER}${roles(2)}limits: { maxRoles: 4 }\n`, none],
    ['one over the cap is reported at the first role over it', `${OWNER}${roles(3)}limits: { maxRoles: 3 }\n`, (b) => [at(b, 'role-cap', '/roles/r3', 'r3:')]],
    ['two over the cap is reported once, at the first role over it', `${OWNER}${roles(3)}limits: { maxRoles: 2 }\n`, (b) => [at(b, 'role-cap', '/roles/r2', 'r2:')]],
    ['no cap, no finding', `${OWNER}${roles(5)}`, none],
  ]);
});

describe('custom-role-cap: limits.maxCustomRoles counts custom roles only', () => {
  const mixed = `${OWNER}  b1: { name: Builtin 1 }\n  c1: { name: Custom 1, kind: custom }\n  b2: { name: Builtin 2 }\n  c2: { name: Custom 2, kind: custom }\n  c3: { name: Custom 3, kind: custom }\n`;
  table([
    ['exactly maxCustomRoles custom roles pass', `${mixed}limits: { maxCustomRoles: 3 }\n`, none],
    ['one under passes', `${mixed}limits: { maxCustomRoles: 4 }\n`, none],
    ['one over is reported at the first custom role over it', `${mixed}limits: { maxCustomRoles: 2 }\n`, (b) => [at(b, 'custom-role-cap', '/roles/c3', 'c3:')]],
    ['a cap of zero with custom roles is reported at the first', `${mixed}limits: { maxCustomRoles: 0 }\n`, (b) => [at(b, 'custom-role-cap', '/roles/c1', 'c1:')]],
    ['builtin roles do not count against it', `${OWNER}${roles(4)}limits: { maxCustomRoles: 0 }\n`, none],
    ['the role cap and the custom cap are separate findings', `${mixed}limits: { maxRoles: 5, maxCustomRoles: 1 }\n`, (b) => [at(b, 'custom-role-cap', '/roles/c2', 'c2:'), at(b, 'role-cap', '/roles/c3', 'c3:')]],
  ]);
});

describe('owner-missing', () => {
  table([
    ['no roles at all is reported at the document', 'roles: {}\n', (b) => [at(b, 'owner-missing', '', 'scales:')]],
    ['no owner role is reported at roles', `roles:\n  agent: { name: Agent }\n`, (b) => [at(b, 'owner-missing', '/roles', 'roles:')]],
    ['an owner role anywhere in the list satisfies it', `roles:\n  agent: { name: Agent }\n  boss: { name: Boss, kind: owner }\n`, none],
  ]);
});

describe('owner-members: at least limits.minOwners listed members hold an owner role', () => {
  const m = (...list: string[]): string => `members:\n${list.map((r, i) => `  m${i}: { roles: [${r}] }\n`).join('')}`;
  const base = `${OWNER}  agent: { name: Agent }\n  co: { name: Co-owner, kind: owner }\n`;
  table([
    ['no members listed, no finding', base, none],
    ['members but no owner among them', `${base}${m('agent', 'agent')}`, (b) => [at(b, 'owner-members', '/members', 'members:')]],
    ['a member holding the owner role and another role counts as an owner', `${base}${m('agent, owner', 'agent')}`, none],
    ['a member holding another role first and then an owner role counts as an owner', `${base}${m('owner, agent')}`, none],
    ['any role of kind owner counts, not only the one named owner', `${base}${m('co')}`, none],
    ['exactly minOwners owners pass', `${base}${m('owner', 'co', 'agent')}limits: { minOwners: 2 }\n`, none],
    ['one owner under minOwners is reported', `${base}${m('owner', 'agent')}limits: { minOwners: 2 }\n`, (b) => [at(b, 'owner-members', '/members', 'members:')]],
    ['one over minOwners passes', `${base}${m('owner', 'co', 'owner')}limits: { minOwners: 2 }\n`, none],
    ['minOwners 0 allows no owner at all', `${base}${m('agent')}limits: { minOwners: 0 }\n`, none],
  ]);
});

describe('member-without-role and roles-per-member', () => {
  const base = `${OWNER}  a: { name: A }\n  b: { name: B }\n  c: { name: C }\n`;
  const member = (list: string, limits = ''): string => `${base}members:\n  boss: { roles: [owner, c] }\n  x: { roles: [${list}] }\n${limits}`;
  table([
    ['no role with the default minimum (1)', member(''), (b) => [at(b, 'member-without-role', '/members/x/roles', 'x:')]],
    ['one role with the default minimum passes', member('a'), none],
    ['no role when min is 0 passes', member('', 'limits: { rolesPerMember: { min: 0 } }\n'), none],
    ['no role when min is 2 is member-without-role, not roles-per-member', member('', 'limits: { rolesPerMember: { min: 2 } }\n'), (b) => [at(b, 'member-without-role', '/members/x/roles', 'x:')]],
    ['one under min', member('a', 'limits: { rolesPerMember: { min: 2 } }\n'), (b) => [at(b, 'roles-per-member', '/members/x/roles', 'x:')]],
    ['exactly min', member('a, b', 'limits: { rolesPerMember: { min: 2 } }\n'), none],
    ['exactly max', member('a, b', 'limits: { rolesPerMember: { max: 2 } }\n'), none],
    ['one under max', member('a', 'limits: { rolesPerMember: { max: 2 } }\n'), none],
    ['one over max', member('a, b, c', 'limits: { rolesPerMember: { max: 2 } }\n'), (b) => [at(b, 'roles-per-member', '/members/x/roles', 'x:')]],
    ['no max: any number passes', member('a, b, c'), none],
  ]);
});

describe('default-role', () => {
  const base = `${OWNER}  agent: { name: Agent }\n  boss: { name: Boss, admin: true }\n`;
  table([
    ['an ordinary default role passes', `${base}defaultRole: agent\n`, none],
    ['an owner role as default is reported at defaultRole', `${base}defaultRole: owner\n`, (b) => [at(b, 'default-role', '/defaultRole', 'defaultRole:')]],
    ['an admin role as default is reported at defaultRole', `${base}defaultRole: boss\n`, (b) => [at(b, 'default-role', '/defaultRole', 'defaultRole:')]],
    ['no default role, no finding', base, none],
  ]);
});

describe('name-duplicate', () => {
  table([
    ['distinct names pass', `${OWNER}  a: { name: Agent }\n  b: { name: Agents }\n`, none],
    ['the same name after case folding and spacing is reported at the later role', `${OWNER}  a: { name: Agent }\n  b: { name: " AGENT " }\n`, (b) => [at(b, 'name-duplicate', '/roles/b/name', '  b:')]],
    [
      'every later copy is reported, the first is not',
      `${OWNER}  a: { name: Agent }\n  b: { name: Lead }\n  c: { name: agent }\n  d: { name: Ａｇｅｎｔ }\n`,
      (b) => [at(b, 'name-duplicate', '/roles/c/name', '  c:'), at(b, 'name-duplicate', '/roles/d/name', '  d:')],
    ],
  ]);
});

describe('name-reserved', () => {
  const limits = 'limits: { reservedNames: [Administrator, Owner] }\n';
  table([
    ['a custom role imitating a reserved name', `${OWNER}  c: { name: Admin1strator, kind: custom }\n${limits}`, (b) => [at(b, 'name-reserved', '/roles/c/name', '  c:')]],
    ['the second reserved name is checked too', `${OWNER}  c: { name: 0wner, kind: custom }\n${limits}`, (b) => [at(b, 'name-reserved', '/roles/c/name', '  c:')]],
    ['a builtin role may carry a reserved name', `${OWNER}  c: { name: Administrator }\n${limits}`, none],
    ['an ordinary custom name passes', `${OWNER}  c: { name: Night desk, kind: custom }\n${limits}`, none],
    ['no reserved names, no finding', `${OWNER}  c: { name: Administrator, kind: custom }\n`, none],
  ]);
});

describe('name-lookalike: limits.distinctNames lookalike', () => {
  const look = 'limits: { distinctNames: lookalike }\n';
  table([
    ['a custom role with a digit for a letter of a builtin name', `${OWNER}  agent: { name: Agent }\n  c: { name: Ag3nt, kind: custom }\n${look}`, (b) => [at(b, 'name-lookalike', '/roles/c/name', '  c:')]],
    ['a Cyrillic letter in the name of another custom role: the later one is reported', `${OWNER}  c1: { name: Night desk, kind: custom }\n  c2: { name: Night dеsk, kind: custom }\n${look}`, (b) => [at(b, 'name-lookalike', '/roles/c2/name', 'c2:')]],
    ['punctuation instead of a space imitates the owner', `${OWNER}  c: { name: Own-er, kind: custom }\n${look}`, (b) => [at(b, 'name-lookalike', '/roles/c/name', '  c:')]],
    ['numbered names stay apart', `${OWNER}  c1: { name: Tier 1, kind: custom }\n  c2: { name: Tier 2, kind: custom }\n${look}`, none],
    ['a transposition is not a look-alike (no edit distance)', `${OWNER}  agent: { name: Agent }\n  c: { name: Agnet, kind: custom }\n${look}`, none],
    ['a builtin role declared after the custom role is compared too', `${OWNER}  c: { name: Ag3nt, kind: custom }\n  agent: { name: Agent }\n${look}`, (b) => [at(b, 'name-lookalike', '/roles/c/name', '  c:')]],
    ['builtin roles may look alike', `${OWNER}  a: { name: Agent }\n  b: { name: Ag3nt }\n${look}`, none],
    ['exact is the default: look-alikes pass', `${OWNER}  agent: { name: Agent }\n  c: { name: Ag3nt, kind: custom }\n`, none],
    ['the same name is name-duplicate, not name-lookalike', `${OWNER}  agent: { name: Agent }\n  c: { name: AGENT, kind: custom }\n${look}`, (b) => [at(b, 'name-duplicate', '/roles/c/name', '  c:')]],
    ['a reserved look-alike is name-reserved only', `${OWNER}  c: { name: 0wner, kind: custom }\nlimits: { distinctNames: lookalike, reservedNames: [Owner] }\n`, (b) => [at(b, 'name-reserved', '/roles/c/name', '  c:')]],
  ]);
});

describe('admin-only-grant and owner-only-grant', () => {
  table([
    ['a builtin role holding an admin-only permission', `${OWNER}  agent: { name: Agent, grants: { settings: read } }\n`, (b) => [at(b, 'admin-only-grant', '/roles/agent/grants/settings', 'agent:')]],
    ['at the lowest value it is not held', `${OWNER}  agent: { name: Agent, grants: { settings: off } }\n`, none],
    ['a role that may be given it (allowed values) is reported too', `${OWNER}  agent: { name: Agent, grants: { settings: { default: off, allowed: [edit] } } }\n`, (b) => [at(b, 'admin-only-grant', '/roles/agent/grants/settings', 'agent:')]],
    ['an admin role may hold it', `${OWNER}  boss: { name: Boss, admin: true, grants: { settings: edit } }\n`, none],
    ['an inherited grant counts, reported at the role', `${OWNER}  boss: { name: Boss, admin: true, grants: { settings: edit } }\n  deputy: { name: Deputy, inherits: [boss] }\n`, (b) => [at(b, 'admin-only-grant', '/roles/deputy', 'deputy:')]],
    ['an owner-only permission held by an admin role', `${OWNER}  boss: { name: Boss, admin: true, grants: { deletion: on } }\n`, (b) => [at(b, 'owner-only-grant', '/roles/boss/grants/deletion', 'boss:')]],
    ['an owner-only permission held by a builtin role is owner-only-grant, not admin-only-grant', `${OWNER}  agent: { name: Agent, grants: { deletion: on } }\n`, (b) => [at(b, 'owner-only-grant', '/roles/agent/grants/deletion', 'agent:')]],
    ['owner roles hold both', `${OWNER}  co: { name: Co-owner, kind: owner }\n`, none],
    // A node's grants go to every member placed in it, whatever their role.
    ['a tier node granting an admin-only permission', `${OWNER}  agent: { name: Agent }\ntiers:\n  maxDepth: 1\n  nodes:\n    hq: { name: HQ, grants: { settings: edit } }\n`, (b) => [at(b, 'admin-only-grant', '/tiers/nodes/hq/grants/settings', 'hq:')]],
    ['a tier node granting an owner-only permission', `${OWNER}  agent: { name: Agent }\ntiers:\n  maxDepth: 1\n  nodes:\n    hq: { name: HQ, grants: { deletion: on } }\n`, (b) => [at(b, 'owner-only-grant', '/tiers/nodes/hq/grants/deletion', 'hq:')]],
    ['a tier node at the lowest value grants nothing', `${OWNER}  agent: { name: Agent }\ntiers:\n  maxDepth: 1\n  nodes:\n    hq: { name: HQ, grants: { settings: off, tickets: edit } }\n`, none],
  ]);
});

describe('cross-field: the policy\'s own rules', () => {
  const rule = (atLeast = '') => `rules:\n  tickets_need_billing:\n    label: Ticket editors see billing\n    if: { permission: tickets${atLeast} }\n    then: { permission: billing }\n`;
  table([
    ['a role holding the condition but not the consequence', `${OWNER}  agent: { name: Agent, grants: { tickets: read } }\n${rule()}`, (b) => [at(b, 'cross-field', '/roles/agent', 'agent:')]],
    ['holding both passes', `${OWNER}  agent: { name: Agent, grants: { tickets: read, billing: on } }\n${rule()}`, none],
    ['holding neither passes', `${OWNER}  agent: { name: Agent }\n${rule()}`, none],
    ['below atLeast the condition does not hold', `${OWNER}  agent: { name: Agent, grants: { tickets: read } }\n${rule(', atLeast: edit')}`, none],
    ['exactly at atLeast it holds', `${OWNER}  agent: { name: Agent, grants: { tickets: edit } }\n${rule(', atLeast: edit')}`, (b) => [at(b, 'cross-field', '/roles/agent', 'agent:')]],
    [
      'a tier node is checked like a role, at the node',
      `${OWNER}  agent: { name: Agent }\ntiers:\n  maxDepth: 1\n  nodes:\n    hq: { name: HQ, grants: { tickets: edit } }\n${rule()}`,
      (b) => [at(b, 'cross-field', '/tiers/nodes/hq', 'hq:')],
    ],
  ]);

  it('carries the severity the policy gives the rule', () => {
    const body = `${OWNER}  agent: { name: Agent, grants: { tickets: read } }\n${rule()}    severity: warning\n`;
    const r = checkFiles({ 'policy.yaml': textOf(body) });
    expect(r.diagnostics.map((d) => [d.rule, d.severity])).toEqual([['cross-field', 'warning']]);
    expect(r.ok).toBe(true);
  });
});

describe('self-edit and self-assign', () => {
  table([
    ['a role that manages roles and lists itself', `${OWNER}  lead: { name: Lead, editableBy: [owner, lead], grants: { roles.manage: edit } }\n`, (b) => [at(b, 'self-edit', '/roles/lead/editableBy/1', 'lead:')]],
    ['a role that assigns roles and lists itself', `${OWNER}  lead: { name: Lead, editableBy: [lead], grants: { team.assign: edit } }\n`, (b) => [at(b, 'self-assign', '/roles/lead/editableBy/0', 'lead:')]],
    ['both powers give both findings', `${OWNER}  lead: { name: Lead, editableBy: [lead], grants: { team.assign: edit, roles.manage: edit } }\n`, (b) => [at(b, 'self-edit', '/roles/lead/editableBy/0', 'lead:'), at(b, 'self-assign', '/roles/lead/editableBy/0', 'lead:')]],
    ['just under the delegation threshold lists itself harmlessly', `${OWNER}  lead: { name: Lead, editableBy: [lead], grants: { team.assign: read, roles.manage: read } }\n`, none],
    ['a role that lists only others', `${OWNER}  lead: { name: Lead, grants: { roles.manage: edit, tickets: edit } }\n  agent: { name: Agent, editableBy: [lead] }\n`, none],
    ['an owner role may list itself: it holds everything already', 'roles:\n  owner: { name: Owner, kind: owner, editableBy: [owner] }\n', none],
  ]);
});

describe('protected-role: editableBy may not hand an owner or admin role to a lesser role', () => {
  table([
    ['an owner role editable by a builtin role', `${OWNER}  co: { name: Co-owner, kind: owner, editableBy: [owner, lead] }\n  lead: { name: Lead }\n`, (b) => [at(b, 'protected-role', '/roles/co/editableBy/1', 'co:')]],
    ['an owner role editable by an admin role', `${OWNER}  co: { name: Co-owner, kind: owner, editableBy: [boss] }\n  boss: { name: Boss, admin: true }\n`, (b) => [at(b, 'protected-role', '/roles/co/editableBy/0', 'co:')]],
    ['an owner role editable by another owner role', `${OWNER}  co: { name: Co-owner, kind: owner, editableBy: [owner] }\n`, none],
    ['an admin role editable by a non-admin role', `${OWNER}  boss: { name: Boss, admin: true, editableBy: [lead] }\n  lead: { name: Lead }\n`, (b) => [at(b, 'protected-role', '/roles/boss/editableBy/0', 'boss:')]],
    ['an admin role editable by another admin role', `${OWNER}  boss: { name: Boss, admin: true, editableBy: [chief] }\n  chief: { name: Chief, admin: true }\n`, none],
    ['a builtin role editable by a builtin role', `${OWNER}  agent: { name: Agent, editableBy: [lead] }\n  lead: { name: Lead }\n`, none],
  ]);
});

describe('escalation-subset: a role may assign or edit only roles within its own grants', () => {
  const assigner = '  lead: { name: Lead, grants: { team.assign: edit, tickets: read } }\n';
  const manager = '  lead: { name: Lead, grants: { roles.manage: edit, tickets: read } }\n';
  table([
    ['assigning a role with more of a permission', `${OWNER}${assigner}  senior: { name: Senior, grants: { tickets: edit } }\n`, (b) => [at(b, 'escalation-subset', '/roles/lead', 'lead:')]],
    ['editing a role with more of a permission', `${OWNER}${manager}  senior: { name: Senior, grants: { tickets: edit } }\n`, (b) => [at(b, 'escalation-subset', '/roles/lead', 'lead:')]],
    ['a role holding exactly as much passes', `${OWNER}${assigner}  peer: { name: Peer, grants: { tickets: read } }\n`, none],
    ['a role holding less passes', `${OWNER}${assigner}  junior: { name: Junior, grants: { tickets: off } }\n`, none],
    ['a stronger role protected by editableBy is out of reach', `${OWNER}${assigner}  senior: { name: Senior, editableBy: [owner], grants: { tickets: edit } }\n`, none],
    ['a stronger admin role is out of reach of a non-admin', `${OWNER}${assigner}  boss: { name: Boss, admin: true, grants: { tickets: edit } }\n`, none],
    ['a stronger role listing the actor in editableBy is in reach', `${OWNER}${assigner}  senior: { name: Senior, editableBy: [lead], grants: { tickets: edit } }\n`, (b) => [at(b, 'escalation-subset', '/roles/lead', 'lead:')]],
    ['without either power nothing is reported', `${OWNER}  lead: { name: Lead, grants: { team.assign: read, roles.manage: read } }\n  senior: { name: Senior, grants: { tickets: edit } }\n`, none],
    ['one finding per stronger role', `${OWNER}${assigner}  s1: { name: S1, grants: { tickets: edit } }\n  s2: { name: S2, grants: { billing: on } }\n`, (b) => [at(b, 'escalation-subset', '/roles/lead', 'lead:'), at(b, 'escalation-subset', '/roles/lead', 'lead:')]],
  ]);
});

/**
 * Lead cannot reach the auditor, but raises mod (who then edits the auditor up) and hands out
 * deputy (who then hands out the auditor): the witness must carry the auditor's edit as well.
 */
/** Helper's staffing may be switched on, which implies team.assign=edit: edited up, helper hands out the auditor only it reaches. */
const IMPLIED_POWER = `${OWNER}  lead: { name: Lead, grants: { roles.manage: edit, team.assign: edit, staffing: on } }\n  helper: { name: Helper, grants: { staffing: { default: off, allowed: [on] } } }\n  auditor: { name: Auditor, editableBy: [helper], grants: { billing: on } }\n`;

const EDITED_ELSEWHERE = `${OWNER}  lead: { name: Lead, grants: { team.assign: edit, roles.manage: edit } }\n  mod: { name: Mod, grants: { roles.manage: { default: off, allowed: [edit] } } }\n  deputy: { name: Deputy, grants: { team.assign: edit, roles.manage: edit } }\n  auditor: { name: Auditor, editableBy: [mod, deputy], grants: { billing: { default: off, allowed: [on] } } }\n`;

describe('escalation-path: chains of allowed steps', () => {
  table([
    [
      'assign a role that may edit a third role, edit it up, hold it',
      `${OWNER}  lead: { name: Lead, grants: { team.assign: edit, roles.manage: edit } }\n  editor: { name: Editor, editableBy: [owner], grants: { team.assign: edit, roles.manage: edit } }\n  auditor: { name: Auditor, editableBy: [lead], grants: { billing: { default: off, allowed: [on] } } }\n`,
      (b) => [at(b, 'escalation-path', '/roles/lead', 'lead:'), at(b, 'escalation-path', '/roles/editor', 'editor:')],
    ],
    [
      'a single assignment of a stronger role is escalation-subset only',
      `${OWNER}  lead: { name: Lead, grants: { team.assign: edit } }\n  senior: { name: Senior, grants: { tickets: edit } }\n`,
      (b) => [at(b, 'escalation-subset', '/roles/lead', 'lead:')],
    ],
    [
      'raising a role no member of the chain can come to hold is no escalation',
      `${OWNER}  lead: { name: Lead, grants: { roles.manage: edit } }\n  auditor: { name: Auditor, grants: { billing: { default: off, allowed: [on] } } }\n`,
      none,
    ],
    [
      'the first escalation found is the one reported: a later, longer chain does not replace it',
      `${OWNER}  lead: { name: Lead, grants: { team.assign: edit } }\n  s1: { name: S1, grants: { tickets: read, team.assign: edit } }\n  x: { name: X, editableBy: [s1], grants: { billing: on } }\n`,
      (b) => [at(b, 'escalation-subset', '/roles/lead', 'lead:'), at(b, 'escalation-subset', '/roles/s1', 's1:')],
    ],
    [
      'editing a role up and then assigning it',
      `${OWNER}  lead: { name: Lead, grants: { roles.manage: edit, team.assign: edit } }\n  auditor: { name: Auditor, grants: { billing: { default: off, allowed: [on] } } }\n`,
      (b) => [at(b, 'escalation-path', '/roles/lead', 'lead:')],
    ],
    ['a power implied by a raised value counts', IMPLIED_POWER, (b) => [at(b, 'escalation-path', '/roles/lead', 'lead:')]],
    [
      'a role edited up by one member and handed out by another',
      EDITED_ELSEWHERE,
      (b) => [at(b, 'escalation-path', '/roles/lead', 'lead:'), at(b, 'escalation-path', '/roles/deputy', 'deputy:')],
    ],
  ]);
});

describe('delegation: any one condition of the list gives the power; a condition without atLeast needs more than the lowest value', () => {
  const head = HEAD.replace('  assignRoles: [{ permission: team.assign, atLeast: edit }]\n', '  assignRoles: [{ permission: team.assign, atLeast: edit }, { permission: tickets }]\n');
  const rules = (body: string): string[] =>
    checkFiles({ 'policy.yaml': `${SCHEMA_LINE(2)}${head}${body}` })
      .diagnostics.map((d) => `${d.rule} ${d.path}`);
  const auditor = '  auditor: { name: Auditor, grants: { billing: { default: off, allowed: [on] } } }\n';
  it.each<[string, string, string[]]>([
    ['the second condition alone lets a role assign', `${OWNER}  lead: { name: Lead, grants: { tickets: read } }\n  senior: { name: Senior, grants: { tickets: read, billing: on } }\n`, ['escalation-subset /roles/lead']],
    ['the second condition alone lets a chain assign the role it edited up', `${OWNER}  lead: { name: Lead, grants: { roles.manage: edit, tickets: read } }\n${auditor}`, ['escalation-path /roles/lead']],
    ['the lowest value does not meet a condition without atLeast', `${OWNER}  lead: { name: Lead, grants: { roles.manage: edit, tickets: off } }\n${auditor}`, []],
  ])('%s', (_name, body, want) => {
    expect(rules(body)).toEqual(want);
  });
});

// Not the wording, but the facts each message and hint must carry: the ids, counts, limits and
// values that let a reader find and fix the problem, and the witness chain of an escalation.
describe('messages and hints name the facts', () => {
  const chain = `${OWNER}  lead: { name: Lead, grants: { team.assign: edit, roles.manage: edit } }\n  editor: { name: Editor, editableBy: [owner], grants: { team.assign: edit, roles.manage: edit } }\n  auditor: { name: Auditor, editableBy: [lead], grants: { billing: { default: off, allowed: [on] } } }\n`;
  const members = (list: string, limits = '') => `${OWNER}  a: { name: A }\n  b: { name: B }\n  co: { name: Co, kind: owner }\nmembers:\n  x: { roles: [${list}] }\n${limits}`;
  const crossRule = (atLeast = '') => `rules:\n  tickets_need_billing:\n    label: Ticket editors see billing\n    if: { permission: tickets${atLeast} }\n    then: { permission: billing }\n`;
  it.each([
    ['role-cap', `${OWNER}${roles(3)}limits: { maxRoles: 2 }\n`, 'role-cap', ['4 roles', 'limits.maxRoles allows 2', '"r2"', 'remove 2 ']],
    ['custom-role-cap', `${OWNER}${roles(3, 'custom')}limits: { maxCustomRoles: 1 }\n`, 'custom-role-cap', ['3 custom roles', 'limits.maxCustomRoles allows 1', '"r2"', 'remove 2 ']],
    ['owner-missing', 'roles:\n  agent: { name: Agent }\n', 'owner-missing', ['"owner"', 'kind: owner']],
    ['owner-members, none', members('a', 'limits: { minOwners: 1 }\n'), 'owner-members', ['0 members hold an', 'at least 1', '"owner" or "co"']],
    ['owner-members, one of two', `${members('owner')}limits: { minOwners: 2 }\n`, 'owner-members', ['1 member holds an', 'at least 2']],
    ['owner-members, no owner role at all', 'roles:\n  agent: { name: Agent }\nmembers:\n  x: { roles: [agent] }\n', 'owner-members', ['0 members', 'define an owner role']],
    ['member-without-role', members(''), 'member-without-role', ['"x"']],
    ['roles-per-member, min', members('owner', 'limits: { rolesPerMember: { min: 2 } }\n'), 'roles-per-member', ['"x" holds 1 ', 'rolesPerMember.min is 2']],
    ['roles-per-member, max', members('owner, a, b', 'limits: { rolesPerMember: { max: 2 } }\n'), 'roles-per-member', ['"x" holds 3 ', 'rolesPerMember.max is 2']],
    ['default-role, owner', `${OWNER}defaultRole: owner\n`, 'default-role', ['"owner" is an owner role']],
    ['default-role, admin', `${OWNER}  boss: { name: Boss, admin: true }\ndefaultRole: boss\n`, 'default-role', ['"boss" is an admin role']],
    ['name-duplicate', `${OWNER}  a: { name: Agent }\n  b: { name: " AGENT " }\n`, 'name-duplicate', ['role "b"', '" AGENT "', 'role "a"', '"Agent"']],
    ['name-reserved', `${OWNER}  c: { name: Admin1strator, kind: custom }\nlimits: { reservedNames: [Owner, Administrator] }\n`, 'name-reserved', ['role "c"', '"Admin1strator"', '"Administrator"']],
    ['name-lookalike', `${OWNER}  agent: { name: Agent }\n  c: { name: Ag3nt, kind: custom }\nlimits: { distinctNames: lookalike }\n`, 'name-lookalike', ['role "c"', '"Ag3nt"', 'role "agent" ("Agent")', 'another role']],
    ['admin-only-grant, held', `${OWNER}  agent: { name: Agent, grants: { settings: read } }\n`, 'admin-only-grant', ['settings is admin-only', 'role "agent" (builtin)', 'holds it at "read"', 'admin: true']],
    ['admin-only-grant, allowed', `${OWNER}  c: { name: C, kind: custom, grants: { settings: { default: off, allowed: [edit] } } }\n`, 'admin-only-grant', ['role "c" (custom)', 'may be given it at "edit"']],
    ['owner-only-grant', `${OWNER}  boss: { name: Boss, admin: true, grants: { deletion: on } }\n`, 'owner-only-grant', ['deletion is owner-only', 'role "boss" (builtin, admin)', 'holds it at "on"', 'only owner roles']],
    ['cross-field, role', `${OWNER}  agent: { name: Agent, grants: { tickets: edit } }\n${crossRule(', atLeast: edit')}`, 'cross-field', ['rule "tickets_need_billing"', '(Ticket editors see billing)', 'role "agent" holds tickets at edit but not billing', 'it has off', 'grant billing as well, or remove tickets']],
    ['cross-field, tier node', `${OWNER}tiers:\n  maxDepth: 1\n  nodes:\n    hq: { name: HQ, grants: { tickets: read } }\n${crossRule()}`, 'cross-field', ['tier node "hq" holds tickets but not billing']],
    ['self-edit', `${OWNER}  lead: { name: Lead, editableBy: [lead], grants: { roles.manage: edit } }\n`, 'self-edit', ['role "lead" may edit roles', 'remove "lead"']],
    ['self-assign', `${OWNER}  lead: { name: Lead, editableBy: [lead], grants: { team.assign: edit } }\n`, 'self-assign', ['role "lead" may assign roles', 'remove "lead"']],
    ['protected-role, owner', `${OWNER}  co: { name: Co, kind: owner, editableBy: [lead] }\n  lead: { name: Lead }\n`, 'protected-role', ['role "co" is an owner role', '"lead" (builtin)', 'only owner roles may edit or assign owner roles']],
    ['protected-role, admin', `${OWNER}  boss: { name: Boss, admin: true, editableBy: [c] }\n  c: { name: C, kind: custom }\n`, 'protected-role', ['role "boss" is an admin role', '"c" (custom)', 'only owner and admin roles']],
    ['protected-role, owner by admin', `${OWNER}  co: { name: Co, kind: owner, editableBy: [boss] }\n  boss: { name: Boss, admin: true }\n`, 'protected-role', ['"boss" (builtin, admin)']],
    ['escalation-subset, assign', `${OWNER}  lead: { name: Lead, grants: { team.assign: edit, tickets: read } }\n  senior: { name: Senior, grants: { tickets: edit } }\n`, 'escalation-subset', ['role "lead" may assign role "senior"', 'tickets=edit beyond "lead" (read)', 'protect "senior"', '"lead" holds everything "senior" holds']],
    ['escalation-subset, edit', `${OWNER}  lead: { name: Lead, grants: { roles.manage: edit } }\n  senior: { name: Senior, grants: { billing: on } }\n`, 'escalation-subset', ['role "lead" may edit role "senior"', 'billing=on beyond "lead" (off)']],
    ['escalation-subset, both', `${OWNER}  lead: { name: Lead, grants: { roles.manage: edit, team.assign: edit } }\n  senior: { name: Senior, grants: { billing: on } }\n`, 'escalation-subset', ['may assign and edit role "senior"']],
    ['escalation-path, the witness from lead', chain, 'escalation-path', ['starting from "lead"', 'more than "lead" holds: lead assigns auditor -> lead edits auditor -> auditor gains billing=on']],
    [
      'escalation-path, an edit that gave a held role its power is part of the chain',
      `${OWNER}  lead: { name: Lead, grants: { team.assign: edit, roles.manage: edit } }\n  h: { name: H, editableBy: [lead], grants: { team.assign: { default: off, allowed: [edit] } } }\n  x: { name: X, editableBy: [h], grants: { billing: on } }\n`,
      'escalation-path',
      ['starting from "lead"', 'lead assigns h -> lead edits h -> h assigns x -> x gains billing=on'],
    ],
    [
      'escalation-path, the edit of the gaining role is part of the chain when another member made it',
      EDITED_ELSEWHERE,
      'escalation-path',
      ['starting from "lead"', 'lead assigns mod -> lead assigns deputy -> lead edits mod -> mod edits auditor -> deputy assigns auditor -> auditor gains billing=on'],
    ],
    ['escalation-path, a power implied by a raised value', IMPLIED_POWER, 'escalation-path', ['starting from "lead"', 'lead assigns helper -> lead edits helper -> helper assigns auditor -> auditor gains billing=on']],
    ['escalation-path, the witness from editor', chain, 'escalation-path', ['starting from "editor"', 'editor assigns lead -> lead assigns auditor -> lead edits auditor -> auditor gains billing=on', 'break a step of the chain']],
  ] as [string, string, Rule, string[]][])('%s', (_name, body, rule, facts) => {
    const found = texts(body, rule);
    expect(found.length, `${rule} is reported`).toBeGreaterThan(0);
    expect(found.some((t) => facts.every((f) => t.includes(f))), `${JSON.stringify(found)} carries ${JSON.stringify(facts)}`).toBe(true);
  });
});

// Findings about a whole role or tier node point at its key, not at the mapping after it.
describe('findings point at the key', () => {
  it.each([
    ['cross-field on a tier node', `${OWNER}  agent: { name: Agent }\ntiers:\n  maxDepth: 1\n  nodes:\n    hq: { name: HQ, grants: { tickets: read } }\nrules:\n  r: { label: R, if: { permission: tickets }, then: { permission: billing } }\n`, 'cross-field', 5],
    ['an inherited admin-only grant, at the inheriting role', `${OWNER}  boss: { name: Boss, admin: true, grants: { settings: edit } }\n  deputy: { name: Deputy, inherits: [boss] }\n`, 'admin-only-grant', 3],
    ['role-cap, at the first role over the cap', `${OWNER}  r1: { name: R1 }\nlimits: { maxRoles: 1 }\n`, 'role-cap', 3],
  ] as [string, string, Rule, number][])('%s', (_name, body, rule, column) => {
    const r = checkFiles({ 'policy.yaml': textOf(body) });
    expect(r.diagnostics.filter((d) => d.rule === rule).map((d) => d.column)).toEqual([column]);
  });
});

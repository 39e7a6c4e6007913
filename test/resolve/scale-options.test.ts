// Scales of options (Zendesk's ticket access): a role chooses one option, which brings the options
// it includes; options are scopes rather than steps of a ladder. The IR, the located diagnostics
// of misuse, the escalation analysis, the diff and the kernel's answers.

import { describe, expect, it } from 'vitest';
import { diffPolicy } from '../../src/diff/diff-policy.js';
import { tablesOf } from '../../src/runtime/from-ir.js';
import { kCan, kCanAccess, kLevelOf, kMemberValue, kValidateDraft } from '../../src/runtime/kernel.js';
import { checkFiles, SCHEMA_LINE } from '../helpers.js';

const HEAD = `${SCHEMA_LINE(2)}scales:
  scope:
    options: [assigned, organization, groups, all]
    includes: { organization: [assigned], groups: [assigned], all: [groups, organization] }
  toggle: { levels: [off, on] }
resources:
  ticket: { label: Ticket, actions: [view] }
permissions:
  tickets: { label: Tickets, scale: scope, access: [
      { resource: ticket, atLeast: assigned, relations: [assignee], actions: [view] },
      { resource: ticket, atLeast: organization, relations: [same_organization], actions: [view] },
      { resource: ticket, atLeast: groups, relations: [same_group], actions: [view] },
      { resource: ticket, atLeast: all, actions: [view] } ] }
  roles.manage: { label: Manage roles, scale: toggle }
delegation:
  manageRoles: [{ permission: roles.manage, atLeast: "on" }]
roles:
  owner: { name: Owner, kind: owner }
`;

function check(body: string) {
  const r = checkFiles({ 'policy.yaml': HEAD + body });
  return { r, found: r.diagnostics.filter((d) => d.severity === 'error').map((d) => [d.rule, d.path, d.line]) };
}

const ROLES = `  org: { name: Org, customizable: true, grants: { tickets: organization } }
  grp: { name: Grp, grants: { tickets: groups } }
  every: { name: Every, grants: { tickets: all } }
  none: { name: None }
`;

describe('scales of options', () => {
  it('resolve to an action set of one option with what it includes', () => {
    const { r, found } = check(ROLES);
    expect(found).toEqual([]);
    const ir = r.ir!;
    expect(ir.scales.scope!.single).toBe(true);
    expect(ir.permissions.tickets!.single).toBe(true);
    expect(ir.roles.org!.grants.tickets).toEqual(['assigned', 'organization']);
    expect(ir.roles.every!.grants.tickets).toEqual(['all', 'assigned', 'groups', 'organization']);
    expect(ir.roles.none!.grants.tickets).toEqual([]);
    // A customizable role chooses among the options, never a mix of two.
    expect(ir.roles.org!.allowed.tickets).toEqual([['assigned'], ['assigned', 'organization'], ['assigned', 'groups'], ['all', 'assigned', 'groups', 'organization']]);
  });

  it.each([
    ['a list of options as a grant', '  x: { name: X, grants: { tickets: [organization, groups] } }\n', [['invalid-level', '/roles/x/grants/tickets', 20]]],
    ['an option the scale does not have', '  x: { name: X, grants: { tickets: region } }\n', [['invalid-level', '/roles/x/grants/tickets', 20]]],
    ['two options that do not include each other, through inheritance', `${ROLES}  x: { name: X, inherits: [org], grants: { tickets: groups } }\n`, [['invalid-level', '/roles/x/grants/tickets', 24]]],
    ['two options through inheritance alone', `${ROLES}  x: { name: X, inherits: [org, grp] }\n`, [['invalid-level', '/roles/x/inherits', 24]]],
  ] as const)('refuse %s, at its place', (_name, body, want) => {
    expect(check(body).found).toEqual(want);
  });

  it.each([
    ['an unknown option in includes', 'includes: { organization: [assigned], groups: [region] }', [['unknown-reference', '/scales/s/includes/groups/0', 4]]],
    ['implies on options', 'includes: { groups: [assigned] }, implies: { groups: [assigned] }', [['schema', '/scales/s/implies', 4]]],
  ] as const)('refuse %s in the scale', (_name, rest, want) => {
    const text = `${SCHEMA_LINE(2)}scales:\n  t: { levels: [off, on] }\n  s: { options: [assigned, organization, groups], ${rest} }\nroles:\n  owner: { name: Owner, kind: owner }\n`;
    const r = checkFiles({ 'policy.yaml': text });
    expect(r.diagnostics.filter((d) => d.severity === 'error').map((d) => [d.rule, d.path, d.line])).toEqual(want);
  });

  it('keep the subset rule sound: an option that the editor\'s option does not include is an escalation', () => {
    // On a ladder assigned < organization < groups, a "groups" manager would reach an "organization" role.
    const { r } = check(`  mgr: { name: Manager, grants: { tickets: groups, roles.manage: "on" } }
  org: { name: Org, grants: { tickets: organization } }
`);
    expect(r.diagnostics.filter((d) => d.rule === 'escalation-subset').map((d) => d.path)).toEqual(['/roles/mgr']);
    const wide = check(`  mgr: { name: Manager, grants: { tickets: all, roles.manage: "on" } }
  org: { name: Org, grants: { tickets: organization } }
`);
    expect(wide.r.diagnostics.filter((d) => d.rule.startsWith('escalation'))).toEqual([]);
  });

  it('diff a switch between options that do not include each other as an escalation', () => {
    const side = (opt: string) => {
      const { r } = check(`  x: { name: X, grants: { tickets: ${opt} } }\n`);
      return { ir: r.ir!, trace: r.trace! };
    };
    const kinds = (a: string, b: string) => diffPolicy('p', side(a), side(b)).filter((c) => c.permission === 'tickets').map((c) => [c.kind, c.impact]);
    expect(kinds('groups', 'organization')).toEqual([['grant-changed', 'escalation']]);
    expect(kinds('all', 'organization')).toEqual([['grant-lowered', 'restriction']]);
    expect(kinds('organization', 'all')).toEqual([['grant-raised', 'escalation']]);
  });

  it('answer in the kernel: options reach their own scope, a member gets the union, drafts take one option', () => {
    const { r } = check(ROLES);
    const t = tablesOf(r.ir!);
    const ticket = { kind: 'ticket', assignee: 'z', group: 'g1', organization: 'acme' };
    const actor = (roles: string[]) => ({ id: 'a', roles, groups: ['g1'], organization: 'acme' });
    expect(kCanAccess(t, actor(['org']), ticket, 'view', undefined)).toBe(true);
    expect(kCanAccess(t, actor(['grp']), { ...ticket, group: 'g2' }, 'view', undefined)).toBe(false);
    expect(kCanAccess(t, actor(['org']), { ...ticket, organization: 'other' }, 'view', undefined)).toBe(false);
    expect(kCanAccess(t, actor(['none']), { ...ticket, assignee: 'a' }, 'view', undefined)).toBe(false);
    expect(kCan(t, 'grp', 'tickets', 'organization', undefined)).toBe(false);
    expect(kCan(t, 'every', 'tickets', 'organization', undefined)).toBe(true);
    expect(kLevelOf(t, 'org', 'tickets')).toBe('organization');
    expect(kMemberValue(t, { roles: ['org', 'grp'] }, 'tickets')).toEqual(['assigned', 'organization', 'groups']);
    const draft = (grants: unknown) => {
      const v = kValidateDraft(t, { id: 'o', roles: ['owner'] }, { id: 'c', name: 'C', grants }, undefined);
      return v.ok ? [] : v.problems.map((p) => [p.rule, p.path]);
    };
    expect(draft({ tickets: 'organization' })).toEqual([]);
    expect(draft({ tickets: ['organization'] })).toEqual([['invalid-level', '/grants/tickets']]);
    expect(draft({ tickets: 'region' })).toEqual([['invalid-level', '/grants/tickets']]);
  });
});

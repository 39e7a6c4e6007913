// The diff on the resolved IR, section by section: what each edit reports, with which impact and
// cause, and that edits which keep the meaning report nothing.

import { describe, expect, it } from 'vitest';
import type { Change } from '../../src/diff/change.js';
import { diffPolicies, diffPolicy } from '../../src/diff/diff-policy.js';
import { SCHEMA_LINE } from '../helpers.js';
import { compileSide } from './sides.js';

const BASE = `${SCHEMA_LINE(2)}title: Small
scales:
  access: { levels: [off, read, edit] }
  toggle: { levels: [off, on] }
  crud: { actions: [read, create, update, delete], implies: { create: [read], update: [read], delete: [read] } }
groups:
  work: { label: Work }
permissions:
  tickets: { label: Tickets, scale: access, group: work }
  reports: { label: Reports, scale: crud, implies: { tickets: read } }
  billing: { label: Billing, scale: toggle, adminOnly: true }
roles:
  owner: { name: Owner, kind: owner }
  agent: { name: Agent, grants: { tickets: { default: read, allowed: [edit] } } }
  lead: { name: Lead, inherits: [agent], grants: { reports: [update] } }
  admin: { name: Boss, admin: true, grants: { billing: on } }
defaultRole: agent
limits: { maxRoles: 10, minOwners: 1, reservedNames: [Administrator] }
members:
  ana: { roles: [owner] }
  bo: { name: Bo, roles: [agent] }
`;

function side(files: Record<string, string>) {
  return compileSide(files, 'small');
}

/** Replaces each [from, to] in the base text, failing if a `from` is not there. */
function edit(...pairs: [string, string][]): string {
  let text = BASE;
  for (const [from, to] of pairs) {
    expect(text).toContain(from);
    text = text.replace(from, to);
  }
  return text;
}

function diff(head: string | Record<string, string>): Change[] {
  return diffPolicy('small', side({ 'policy.yaml': BASE }), side(typeof head === 'string' ? { 'policy.yaml': head } : head));
}

/** The parts of a change a reviewer reads, without the message. */
function brief(c: Change): unknown[] {
  const named = c.role ?? c.member ?? c.permission ?? c.scale ?? c.group;
  const out: unknown[] = [c.kind, c.impact, named ?? c.field];
  if (c.role !== undefined && c.permission !== undefined) out.push(c.permission);
  if (c.field !== undefined && named !== undefined) out.push(c.field);
  out.push(c.from, c.to);
  if (c.cause !== undefined) out.push(c.cause);
  return out;
}

describe('meaning-preserving edits', () => {
  it('the same policy gives no change', () => {
    expect(diff(BASE)).toEqual([]);
  });

  it('layout, key order, comments, flow or block style and moving a role to its own file give no change', () => {
    const head = {
      'policy.yaml': `${SCHEMA_LINE(2)}# Moved things around; the meaning is the same.
limits:
    reservedNames: [Administrator]
    minOwners: 1
    maxRoles: 10
title: Small
members:
    bo: { roles: [agent], name: Bo }
    ana:
        roles:
            - owner
permissions:
    tickets: { scale: access, label: Tickets, group: work }
    reports:
        label: Reports
        implies: { tickets: read }
        scale: crud
    billing: { adminOnly: true, label: Billing, scale: toggle }
groups:
    work: { label: Work }
defaultRole: agent
scales:
    toggle: { levels: [off, on] }
    access: { levels: [off, read, edit] }
    crud:
        implies: { update: [read], delete: [read], create: [read] }
        actions: [read, create, update, delete]
roles:
    owner: { kind: owner, name: Owner }
    admin: { admin: true, name: Boss, grants: { billing: on } }
`,
      'roles/team.yaml': `${SCHEMA_LINE(3)}roles:
  lead:
    grants:
      reports: [update, read]   # read comes with update anyway
    inherits: [agent]
    name: Lead
  agent:
    name: Agent
    grants:
      tickets:
        allowed: [edit]
        default: read
`,
    };
    expect(diff(head)).toEqual([]);
  });
});

describe('changes and their impact', () => {
  it.each<[string, string | (() => string), unknown[][]]>([
    [
      'an own grant raised, and the child that inherits it',
      edit(['tickets: { default: read, allowed: [edit] }', 'tickets: { default: edit, allowed: [read] }']),
      [
        ['grant-raised', 'escalation', 'agent', 'tickets', 'read', 'edit', 'own grant'],
        ['grant-raised', 'escalation', 'lead', 'tickets', 'read', 'edit', 'inherited from agent'],
        ['allowed-changed', 'neutral', 'lead', 'tickets', ['read', 'edit'], ['edit']],
      ],
    ],
    [
      'an own grant lowered to a fixed value: what is left and what it was',
      edit(['tickets: { default: read, allowed: [edit] }', 'tickets: off']),
      [
        ['grant-lowered', 'restriction', 'agent', 'tickets', 'read', 'off', 'was own grant'],
        ['allowed-changed', 'restriction', 'agent', 'tickets', ['read', 'edit'], ['off']],
        ['allowed-changed', 'restriction', 'lead', 'tickets', ['read', 'edit'], ['read']],
      ],
    ],
    [
      'a widened allowed list is an escalation: an administrator can grant more',
      edit(['reports: [update]', 'reports: { default: [update], allowed: [[delete]] }']),
      [['allowed-changed', 'escalation', 'lead', 'reports', [['read', 'update']], [['read', 'update'], ['delete', 'read']]]],
    ],
    [
      'an allowed list that only adds lower choices is neutral',
      edit(['reports: [update]', 'reports: { default: [update], allowed: [[read]] }']),
      [['allowed-changed', 'neutral', 'lead', 'reports', [['read', 'update']], [['read'], ['read', 'update']]]],
    ],
    [
      'a narrowed allowed list is a restriction',
      edit(['tickets: { default: read, allowed: [edit] }', 'tickets: read']),
      [
        ['allowed-changed', 'restriction', 'agent', 'tickets', ['read', 'edit'], ['read']],
        ['allowed-changed', 'restriction', 'lead', 'tickets', ['read', 'edit'], ['read']],
      ],
    ],
    [
      'an action set that gains one action and loses another',
      edit(['reports: [update]', 'reports: [delete]']),
      [['grant-changed', 'escalation', 'lead', 'reports', ['read', 'update'], ['delete', 'read'], 'own grant']],
    ],
    [
      'a new permission granted to a role is a gain of that role',
      edit(
        ['  billing: { label: Billing', '  export: { label: Export, scale: toggle }\n  billing: { label: Billing'],
        ['grants: { tickets: { default: read, allowed: [edit] } }', 'grants: { tickets: { default: read, allowed: [edit] }, export: on }'],
      ),
      [
        ['grant-raised', 'escalation', 'owner', 'export', null, 'on', 'owner role'],
        ['grant-raised', 'escalation', 'agent', 'export', null, 'on', 'own grant'],
        ['grant-raised', 'escalation', 'lead', 'export', null, 'on', 'inherited from agent'],
        ['permission-added', 'neutral', 'export', null, 'Export'],
      ],
    ],
    [
      'a removed permission is a loss of every role that held it',
      edit(['  billing: { label: Billing, scale: toggle, adminOnly: true }\n', ''], ['grants: { billing: on }', 'grants: {}']),
      [
        ['grant-lowered', 'restriction', 'owner', 'billing', 'on', null, 'was owner role'],
        ['grant-lowered', 'restriction', 'admin', 'billing', 'on', null, 'was own grant'],
        ['permission-removed', 'neutral', 'billing', 'Billing', null],
      ],
    ],
    [
      'lifting adminOnly opens a permission to more roles',
      edit(['adminOnly: true', 'adminOnly: false']),
      [['permission-changed', 'escalation', 'billing', 'adminOnly', true, false]],
    ],
    [
      'a stronger implication raises the roles holding its source',
      edit(['implies: { tickets: read }', 'implies: { tickets: edit }']),
      [
        ['grant-raised', 'escalation', 'lead', 'tickets', 'read', 'edit', 'implied by reports'],
        ['allowed-changed', 'neutral', 'lead', 'tickets', ['read', 'edit'], ['edit']],
        ['permission-changed', 'escalation', 'reports', 'implies', { tickets: 'read' }, { tickets: 'edit' }],
      ],
    ],
    [
      'a role added with grants is an escalation and lists what it holds',
      edit(['  admin: { name: Boss', '  auditor: { name: Auditor, grants: { reports: [read] } }\n  admin: { name: Boss'], ['maxRoles: 10', 'maxRoles: 11']),
      [
        ['role-added', 'escalation', 'auditor', null, 'Auditor'],
        ['limit-changed', 'escalation', 'maxRoles', 10, 11],
      ],
    ],
    [
      'a role added that holds nothing is neutral',
      edit(['  admin: { name: Boss', '  guest: { name: Guest }\n  admin: { name: Boss'], ['maxRoles: 10', 'maxRoles: 11']),
      [
        ['role-added', 'neutral', 'guest', null, 'Guest'],
        ['limit-changed', 'escalation', 'maxRoles', 10, 11],
      ],
    ],
    [
      'a role removed is a restriction',
      edit(['  lead: { name: Lead, inherits: [agent], grants: { reports: [update] } }\n', '']),
      [['role-removed', 'restriction', 'lead', 'Lead', null]],
    ],
    [
      'a role whose id changed while grants and members did not is a rename, and nothing else',
      edit(['  agent: { name: Agent', '  support: { name: Agent'], ['inherits: [agent]', 'inherits: [support]'], ['defaultRole: agent', 'defaultRole: support'], ['roles: [agent]', 'roles: [support]']),
      [['role-renamed', 'neutral', 'support', 'agent', 'support']],
    ],
    [
      'a rename with a new display name is a rename and a name change',
      edit(['  lead: { name: Lead,', '  team_lead: { name: Team lead,']),
      [
        ['role-renamed', 'neutral', 'team_lead', 'lead', 'team_lead'],
        ['role-changed', 'neutral', 'team_lead', 'name', 'Lead', 'Team lead'],
      ],
    ],
    [
      'an id change together with a grant change is a removal and an addition',
      edit(['  lead: { name: Lead, inherits: [agent], grants: { reports: [update] } }', '  team_lead: { name: Lead, inherits: [agent], grants: { reports: [create] } }']),
      [
        ['role-added', 'escalation', 'team_lead', null, 'Lead'],
        ['role-removed', 'restriction', 'lead', 'Lead', null],
      ],
    ],
    [
      'a parent removed takes its grants with it',
      edit(['inherits: [agent], grants: { reports: [update] }', 'grants: { reports: [update] }']),
      [
        ['inherits-changed', 'restriction', 'lead', ['agent'], []],
        ['allowed-changed', 'restriction', 'lead', 'tickets', ['read', 'edit'], ['read']],
      ],
    ],
    [
      'dropping the admin flag removes protection, which is an escalation for the role managers',
      edit(['admin: true, grants: { billing: on }', 'grants: {}'], ['adminOnly: true', 'adminOnly: false']),
      [
        ['role-changed', 'restriction', 'admin', 'admin', true, false],
        ['role-changed', 'escalation', 'admin', 'protected', true, false],
        ['grant-lowered', 'restriction', 'admin', 'billing', 'on', 'off', 'was own grant'],
        ['permission-changed', 'escalation', 'billing', 'adminOnly', true, false],
      ],
    ],
    [
      'editableBy: protection gained, then more editors',
      edit(['  agent: { name: Agent,', '  agent: { name: Agent, editableBy: [owner],'], ['  lead: { name: Lead,', '  lead: { name: Lead, editableBy: [owner],']),
      [
        ['role-changed', 'restriction', 'agent', 'protected', false, true],
        ['role-changed', 'neutral', 'agent', 'editableBy', [], ['owner']],
        ['role-changed', 'restriction', 'lead', 'protected', false, true],
        ['role-changed', 'neutral', 'lead', 'editableBy', [], ['owner']],
      ],
    ],
    [
      'members gaining, losing, arriving, leaving and renamed',
      edit(['  ana: { roles: [owner] }\n  bo: { name: Bo, roles: [agent] }', '  ana: { roles: [owner, admin] }\n  bo: { name: Bob, roles: [] }\n  cy: { roles: [lead] }'], ['limits: {', 'limits: { rolesPerMember: { min: 0, max: 2 },']),
      [
        ['member-changed', 'escalation', 'ana', 'roles', ['owner'], ['owner', 'admin']],
        ['member-changed', 'restriction', 'bo', 'roles', ['agent'], []],
        ['member-changed', 'neutral', 'bo', 'name', 'Bo', 'Bob'],
        ['member-added', 'escalation', 'cy', null, ['lead']],
        ['limit-changed', 'restriction', 'rolesPerMember.max', null, 2],
        ['limit-changed', 'neutral', 'rolesPerMember.min', 1, 0],
      ],
    ],
    [
      'the default role pointed at a stronger role',
      edit(['defaultRole: agent', 'defaultRole: lead']),
      [['default-role-changed', 'escalation', 'defaultRole', 'agent', 'lead']],
    ],
    [
      'limits loosened and tightened',
      edit(['limits: { maxRoles: 10, minOwners: 1, reservedNames: [Administrator] }', 'limits: { maxRoles: 8, minOwners: 2, reservedNames: [] }'], ['  ana: { roles: [owner] }', '  ana: { roles: [owner] }\n  dee: { roles: [owner] }']),
      [
        ['member-added', 'escalation', 'dee', null, ['owner']],
        ['limit-changed', 'restriction', 'maxRoles', 10, 8],
        ['limit-changed', 'restriction', 'minOwners', 1, 2],
        ['limit-changed', 'escalation', 'reservedNames', ['Administrator'], []],
      ],
    ],
    [
      'names, labels, groups and scales are neutral',
      edit(['title: Small', 'title: Smaller'], ['{ label: Tickets', '{ label: Tickets and chats'], ['{ label: Work }', '{ label: Daily work }'], ['toggle: { levels: [off, on] }', 'toggle: { label: Switch, levels: [off, on] }'], ['name: Boss', 'name: Chef'], ['bo: { name: Bo,', 'bo: {']),
      [
        ['role-changed', 'neutral', 'admin', 'name', 'Boss', 'Chef'],
        ['member-changed', 'neutral', 'bo', 'name', 'Bo', null],
        ['permission-changed', 'neutral', 'tickets', 'label', 'Tickets', 'Tickets and chats'],
        ['policy-changed', 'neutral', 'title', 'Small', 'Smaller'],
        ['scale-changed', 'neutral', 'toggle', 'label', null, 'Switch'],
        ['group-changed', 'neutral', 'work', 'label', 'Work', 'Daily work'],
      ],
    ],
  ])('%s', (_name, head, want) => {
    const changes = diff(typeof head === 'function' ? head() : head);
    expect(changes.map(brief)).toEqual(want);
    for (const c of changes) {
      expect(c.policy).toBe('small');
      expect(c.message.length).toBeGreaterThan(0);
    }
  });

  it('a new role carries the permissions it holds', () => {
    const [added] = diff(edit(['  admin: { name: Boss', '  auditor: { name: Auditor, grants: { reports: [read] } }\n  admin: { name: Boss'], ['maxRoles: 10', 'maxRoles: 11']));
    expect(added).toMatchObject({ kind: 'role-added', grants: { tickets: 'read', reports: ['read'] } });
  });

  it('allowed action lists are told apart action by action, not by their letters run together', () => {
    const parts = (allowed: string) =>
      edit(
        ['  toggle: { levels: [off, on] }\n', '  toggle: { levels: [off, on] }\n  parts: { actions: [a, ab, bc, c] }\n'],
        ['  billing:', '  pieces: { label: Pieces, scale: parts }\n  billing:'],
        ["grants: { reports: [update] }", `grants: { reports: [update], pieces: { default: [a], allowed: [${allowed}] } }`],
      );
    const changes = diffPolicy('small', side({ 'policy.yaml': parts('[ab, c]') }), side({ 'policy.yaml': parts('[a, bc]') }));
    expect(changes.map(brief)).toEqual([['allowed-changed', 'escalation', 'lead', 'pieces', [['a'], ['ab', 'c']], [['a'], ['a', 'bc']]]]);
  });
});

describe('policy sets', () => {
  it('pairs policies by name and reports one present on a single side', () => {
    const small = side({ 'policy.yaml': BASE });
    const report = diffPolicies(
      [
        { name: 'a', ...small },
        { name: 'gone', ...small },
      ],
      [
        { name: 'a', ...small },
        { name: 'new', ...small },
      ],
      { base: 'main', head: 'working tree' },
    );
    expect(report.policies).toEqual(['a', 'gone', 'new']);
    expect(report.changes.map((c) => [c.policy, c.kind, c.impact])).toEqual([
      ['gone', 'policy-removed', 'restriction'],
      ['new', 'policy-added', 'escalation'],
    ]);
  });
});

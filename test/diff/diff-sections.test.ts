// The diff sections for plans, resources and access rules, exceptions, tiers, cross-field rules
// and delegation: what each edit reports and with which impact.

import { describe, expect, it } from 'vitest';
import type { Change } from '../../src/diff/change.js';
import { diffPolicy } from '../../src/diff/diff-policy.js';
import { delegationReach } from '../../src/diff/reach.js';
import { SCHEMA_LINE } from '../helpers.js';
import { compileSide } from './sides.js';

const BASE = `${SCHEMA_LINE(2)}title: Wide
plans:
  basic: { label: Basic }
  pro: { label: Pro }
  enterprise: { label: Enterprise }
plan: pro
features:
  sso: { label: Single sign-on, minPlan: enterprise }
  reports: { label: Reports, minPlan: pro }
scales:
  access: { levels: [off, read, edit] }
  toggle: { levels: [off, on] }
resources:
  ticket: { label: Ticket, actions: [read, reply, close], privateNeeds: private_tickets }
permissions:
  tickets:
    label: Tickets
    scale: access
    access:
      - { resource: ticket, atLeast: read, relations: [same_group], actions: [read] }
      - { resource: ticket, atLeast: edit, relations: [same_group], actions: [read, reply] }
  private_tickets: { label: Private tickets, scale: toggle }
  analytics: { label: Analytics, scale: access, minPlan: pro }
  roles_admin: { label: Manage roles, scale: access }
exceptions:
  assignee_reply: { label: The assignee may always reply, resource: ticket, relations: [assignee], actions: [read, reply] }
tiers:
  maxDepth: 3
  nodes:
    hq: { name: Head office, grants: { analytics: read, tickets: read } }
    north: { name: North, parent: hq }
    south: { name: South, parent: hq, grants: { tickets: read } }
rules:
  analytics_needs_tickets: { label: Analytics needs tickets, if: { permission: analytics }, then: { permission: tickets, atLeast: read } }
delegation:
  manageRoles: [{ permission: roles_admin, atLeast: edit }]
  assignRoles: [{ permission: roles_admin, atLeast: read }]
roles:
  owner: { name: Owner, kind: owner }
  agent: { name: Agent, grants: { tickets: read } }
  lead: { name: Lead, grants: { tickets: edit, analytics: read, roles_admin: read } }
limits: { maxRoles: { basic: 5, pro: 10 } }
members:
  ana: { roles: [owner], tier: hq }
  bo: { roles: [agent], tier: north }
  cy: { roles: [lead], tier: south }
`;

function side(text: string) {
  return compileSide({ 'policy.yaml': text }, 'wide');
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

/** Kind, impact, what changed (role, member, tier, ...), the field, from and to. */
function brief(c: Change): unknown[] {
  const named = c.role ?? c.member ?? c.tier ?? c.exception ?? c.resource ?? c.feature ?? c.rule ?? c.permission ?? c.plan;
  const out: unknown[] = [c.kind, c.impact, named ?? c.field];
  if ((c.role !== undefined || c.tier !== undefined) && c.permission !== undefined) out.push(c.permission);
  if (c.field !== undefined && named !== undefined) out.push(c.field);
  out.push(c.from, c.to);
  return out;
}

const diff = (head: string): Change[] => diffPolicy('wide', side(BASE), side(head));

describe('plans, access, tiers, rules and delegation', () => {
  it('the same policy, reordered and restyled, gives no change', () => {
    const head = BASE.replace(
      /^tiers:\n[\s\S]*?(?=^rules:)/m,
      `tiers:
  nodes:
    south: { parent: hq, name: South, grants: { tickets: read } }
    north: { parent: hq, name: North }
    hq:
      grants:
        tickets: read
        analytics: read
      name: Head office
  maxDepth: 3
`,
    );
    expect(head).not.toBe(BASE);
    expect(diff(head)).toEqual([]);
  });

  it.each<[string, string, unknown[][]]>([
    [
      'an account moved to a higher plan: what takes effect there',
      edit(['plan: pro', 'plan: enterprise']),
      [['account-plan-changed', 'escalation', 'plan', 'pro', 'enterprise']],
    ],
    [
      'an account moved to a lower plan',
      edit(['plan: pro', 'plan: basic']),
      [
        ['limit-changed', 'restriction', 'maxRoles', 10, 5],
        ['account-plan-changed', 'restriction', 'plan', 'pro', 'basic'],
      ],
    ],
    [
      'plans reordered so that more takes effect on the account plan',
      edit(['  pro: { label: Pro }\n  enterprise: { label: Enterprise }', '  enterprise: { label: Enterprise }\n  pro: { label: Pro }']),
      [
        ['plan-changed', 'neutral', 'enterprise', 'rank', 2, 1],
        ['plan-changed', 'neutral', 'pro', 'rank', 1, 2],
        ['account-plan-changed', 'escalation', 'plan', 'pro', 'pro'],
      ],
    ],
    [
      'a permission available on a lower plan',
      edit(['scale: access, minPlan: pro', 'scale: access, minPlan: basic']),
      [['permission-changed', 'escalation', 'analytics', 'minPlan', 'pro', 'basic']],
    ],
    [
      'a feature moved to a higher plan',
      edit(['reports: { label: Reports, minPlan: pro }', 'reports: { label: Reports, minPlan: enterprise }']),
      [['feature-changed', 'restriction', 'reports', 'minPlan', 'pro', 'enterprise']],
    ],
    [
      'a limit raised on one plan',
      edit(['maxRoles: { basic: 5, pro: 10 }', 'maxRoles: { basic: 8, pro: 10 }']),
      [['limit-changed', 'escalation', 'basic', 'maxRoles.byPlan', 5, 8]],
    ],
    [
      'an access rule that needs fewer relations',
      edit(['{ resource: ticket, atLeast: read, relations: [same_group], actions: [read] }', '{ resource: ticket, atLeast: read, actions: [read] }']),
      [['permission-changed', 'escalation', 'tickets', 'access', ['ticket: read if same_group (at read)', 'ticket: read, reply if same_group (at edit)'], ['ticket: read (at read)', 'ticket: read, reply if same_group (at edit)']]],
    ],
    [
      'an access rule that needs more relations and a higher level',
      edit(['{ resource: ticket, atLeast: read, relations: [same_group], actions: [read] }', '{ resource: ticket, atLeast: edit, relations: [same_group, assigned], actions: [read] }']),
      [['permission-changed', 'restriction', 'tickets', 'access', ['ticket: read if same_group (at read)', 'ticket: read, reply if same_group (at edit)'], ['ticket: read if assigned and same_group (at edit)', 'ticket: read, reply if same_group (at edit)']]],
    ],
    [
      'exceptions added, removed and widened',
      edit(['exceptions:\n', 'exceptions:\n  follower_read: { label: Followers may read, resource: ticket, relations: [follower], actions: [read] }\n']),
      [['exception-added', 'escalation', 'follower_read', null, 'Followers may read']],
    ],
    [
      'an exception removed',
      edit(['  assignee_reply: { label: The assignee may always reply, resource: ticket, relations: [assignee], actions: [read, reply] }\n', ''], ['exceptions:\n', 'exceptions: {}\n']),
      [['exception-removed', 'restriction', 'assignee_reply', 'The assignee may always reply', null]],
    ],
    [
      'an exception that now allows another action',
      edit(['relations: [assignee], actions: [read, reply] }', 'relations: [assignee], actions: [read, reply, close] }']),
      [['exception-changed', 'escalation', 'assignee_reply', 'access', 'ticket: read, reply if assignee', 'ticket: close, read, reply if assignee']],
    ],
    [
      'private resources that no longer need a permission',
      edit([', privateNeeds: private_tickets }', ' }']),
      [['resource-changed', 'escalation', 'ticket', 'privateNeeds', 'private_tickets', null]],
    ],
    [
      'a tier node that gives more, and the tree allowed deeper',
      edit(['north: { name: North, parent: hq }', 'north: { name: North, parent: hq, grants: { tickets: edit } }'], ['maxDepth: 3', 'maxDepth: 4']),
      [
        ['tiers-changed', 'escalation', 'maxDepth', 3, 4],
        ['grant-raised', 'escalation', 'north', 'tickets', 'off', 'edit'],
      ],
    ],
    [
      'a tier node moved under another parent, and a node added',
      edit(['south: { name: South, parent: hq,', 'south: { name: South, parent: north,'], ['    north: { name: North, parent: hq }\n', '    north: { name: North, parent: hq }\n    west: { name: West, parent: hq }\n']),
      [
        ['tier-changed', 'escalation', 'south', 'parent', 'hq', 'north'],
        ['tier-added', 'neutral', 'west', null, 'West'],
      ],
    ],
    [
      'members moved: up the tree, down the tree and sideways',
      edit(['bo: { roles: [agent], tier: north }', 'bo: { roles: [agent], tier: hq }'], ['ana: { roles: [owner], tier: hq }', 'ana: { roles: [owner], tier: south }'], ['cy: { roles: [lead], tier: south }', 'cy: { roles: [lead], tier: north }']),
      [
        ['member-changed', 'restriction', 'ana', 'tier', 'hq', 'south'],
        ['member-changed', 'escalation', 'bo', 'tier', 'north', 'hq'],
        ['member-changed', 'escalation', 'cy', 'tier', 'south', 'north'],
      ],
    ],
    [
      'a cross-field rule changed is neutral',
      edit(['then: { permission: tickets, atLeast: read }', 'then: { permission: tickets }']),
      [['rule-changed', 'neutral', 'analytics_needs_tickets', 'then', 'tickets at read', 'tickets']],
    ],
    [
      'a role that can newly manage roles, and so edit another',
      edit(['roles_admin: read }', 'roles_admin: edit }']),
      [
        ['grant-raised', 'escalation', 'lead', 'roles_admin', 'read', 'edit'],
        ['reach-changed', 'escalation', 'lead', 'manageRoles', false, true],
        ['reach-changed', 'escalation', 'lead', 'edits', [], ['agent']],
      ],
    ],
    [
      'a weaker delegation condition: more roles qualify',
      edit(['manageRoles: [{ permission: roles_admin, atLeast: edit }]', 'manageRoles: [{ permission: roles_admin, atLeast: read }]']),
      [
        ['reach-changed', 'escalation', 'lead', 'manageRoles', false, true],
        ['reach-changed', 'escalation', 'lead', 'edits', [], ['agent']],
        ['delegation-changed', 'escalation', 'manageRoles', ['roles_admin at edit'], ['roles_admin at read']],
      ],
    ],
    [
      'cloning offered: more roles a new role may start from',
      edit(['  assignRoles: [{ permission: roles_admin, atLeast: read }]\n', '  assignRoles: [{ permission: roles_admin, atLeast: read }]\n  cloneRoles: true\n']),
      [['delegation-changed', 'escalation', 'cloneRoles', false, { except: [] }]],
    ],
    [
      'cloning offered except for one role',
      edit(['  assignRoles: [{ permission: roles_admin, atLeast: read }]\n', '  assignRoles: [{ permission: roles_admin, atLeast: read }]\n  cloneRoles: { except: [lead] }\n']),
      [['delegation-changed', 'escalation', 'cloneRoles', false, { except: ['lead'] }]],
    ],
    [
      'excepting the owner changes no role that may be cloned',
      edit(['  assignRoles: [{ permission: roles_admin, atLeast: read }]\n', '  assignRoles: [{ permission: roles_admin, atLeast: read }]\n  cloneRoles: { except: [owner] }\n']),
      [['delegation-changed', 'escalation', 'cloneRoles', false, { except: ['owner'] }]],
    ],
    [
      'a role protected with editableBy leaves the reach of the roles it does not name',
      edit(['agent: { name: Agent,', 'agent: { name: Agent, editableBy: [owner],']),
      [
        ['role-changed', 'restriction', 'agent', 'protected', false, true],
        ['role-changed', 'neutral', 'agent', 'editableBy', [], ['owner']],
        ['reach-changed', 'restriction', 'lead', 'assigns', ['agent'], []],
      ],
    ],
  ])('%s', (_name, head, want) => {
    expect(diff(head).map(brief)).toEqual(want);
  });

  it('cloning: fewer roles to start from is a restriction, the same roles in other words neutral', () => {
    const offered = edit(['  assignRoles: [{ permission: roles_admin, atLeast: read }]\n', '  assignRoles: [{ permission: roles_admin, atLeast: read }]\n  cloneRoles: true\n']);
    const fewer = offered.replace('cloneRoles: true', 'cloneRoles: { except: [lead] }');
    const same = offered.replace('cloneRoles: true', 'cloneRoles: { except: [owner] }');
    expect(diffPolicy('wide', side(offered), side(fewer)).map(brief)).toEqual([['delegation-changed', 'restriction', 'cloneRoles', { except: [] }, { except: ['lead'] }]]);
    expect(diffPolicy('wide', side(offered), side(same)).map(brief)).toEqual([['delegation-changed', 'neutral', 'cloneRoles', { except: [] }, { except: ['owner'] }]]);
    expect(diffPolicy('wide', side(fewer), side(BASE))[0]!.message).toBe('delegation cloneRoles: cloning -> no cloning (roles that may be cloned: [agent] -> [])');
  });

  it('messages say what took effect and who moved where', () => {
    expect(diff(edit(['plan: pro', 'plan: enterprise']))[0]!.message).toBe('account plan pro -> enterprise (takes effect: sso)');
    expect(diff(edit(['  pro: { label: Pro }\n  enterprise: { label: Enterprise }', '  enterprise: { label: Enterprise }\n  pro: { label: Pro }'])).at(-1)!.message).toBe(
      'plans reordered around the account plan pro (takes effect: sso)',
    );
    expect(diff(edit(['bo: { roles: [agent], tier: north }', 'bo: { roles: [agent], tier: hq }']))[0]!.message).toBe('member bo moved from tier north to hq');
  });
});

describe('delegation reach', () => {
  it('follows the delegation model: powers, protected roles, and never the role itself', () => {
    expect(delegationReach(side(BASE).ir)).toEqual({
      owner: { manageRoles: true, assignRoles: true, assigns: ['agent', 'lead'], edits: ['agent', 'lead'] },
      agent: { manageRoles: false, assignRoles: false, assigns: [], edits: [] },
      lead: { manageRoles: false, assignRoles: true, assigns: ['agent'], edits: [] },
    });
    const named = delegationReach(side(edit(['agent: { name: Agent,', 'agent: { name: Agent, editableBy: [lead],'])).ir);
    expect(named.lead!.assigns).toEqual(['agent']);
    expect(named.owner!.assigns).toEqual(['agent', 'lead']);
  });
});

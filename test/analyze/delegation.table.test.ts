// Table tests of the delegation model (src/analyze/delegation.ts), called in-process on small
// resolved policies: who may assign or manage roles, who reaches whom, what a role holds beyond
// another, the highest values an administrator may choose, and the closure of allowed steps
// (held and edited roles, the escalation witness and the coalition's power).

import { describe, expect, it } from 'vitest';
import {
  canAssignRoles,
  canManageRoles,
  firstExcess,
  formatChain,
  maxAllowed,
  reachFrom,
  reaches,
  roleExcess,
  type Grants,
  type Step,
} from '../../src/analyze/delegation.js';
import type { ResolvedPolicy } from '../../src/ir.js';
import { checkFiles, SCHEMA_LINE } from '../helpers.js';

/**
 * Scales and permissions shared by the rows: an ordered scale, a toggle and an action set with
 * implications. `tickets` comes first, so a role's first permission can be the one in excess;
 * `exports` comes last and implies `billing`, which implies `tickets`: raising it takes two rounds.
 */
const HEAD = `scales:
  access: { levels: [off, read, edit] }
  toggle: { levels: [off, on] }
  crude: { actions: [read, create, export], implies: { create: [read], export: [read] } }
permissions:
  tickets: { label: Tickets, scale: access }
  reports: { label: Reports, scale: crude }
  billing: { label: Billing, scale: toggle, implies: { tickets: read } }
  roles.manage: { label: Manage roles, scale: access }
  team.assign: { label: Assign roles, scale: access }
  exports: { label: Exports, scale: toggle, implies: { billing: on, reports: [export] } }
`;

const DELEGATION = `delegation:
  manageRoles: [{ permission: roles.manage, atLeast: edit }]
  assignRoles: [{ permission: team.assign, atLeast: edit }]
`;

/** Owner roles alone may assign and edit roles. */
const NO_DELEGATION = 'delegation:\n  manageRoles: []\n  assignRoles: []\n';

/**
 * The resolved policy of a row (roles after the owner). Stages before the analysis must be clean;
 * the analysis may report what it finds. Called inside each test, never at module level: a policy
 * compiled outside any test would make every mutant of the analysis run against the whole suite.
 */
function resolve(roles: string, delegation = DELEGATION): ResolvedPolicy {
  const r = checkFiles({ 'policy.yaml': `${SCHEMA_LINE(2)}${HEAD}${delegation}roles:\n  owner: { name: Owner, kind: owner }\n${roles}` });
  expect(r.diagnostics.filter((d) => !d.code.startsWith('PC4')).map((d) => `${d.rule} ${d.path}`)).toEqual([]);
  return r.ir!;
}

/** Every permission at its lowest value. */
const LOWEST: Grants = { tickets: 'off', reports: [], billing: 'off', 'roles.manage': 'off', 'team.assign': 'off', exports: 'off' };
const grants = (g: Grants): Grants => ({ ...LOWEST, ...g });

/**
 * lead assigns roles; agent holds little; boss and chief are admin roles; guarded may be touched
 * only by lead (and owners), watched only by boss, an admin role guarded by lead.
 */
const people = (): ResolvedPolicy => resolve(`  lead: { name: Lead, grants: { tickets: read, reports: [export], team.assign: edit } }
  agent: { name: Agent, grants: { tickets: read } }
  boss: { name: Boss, admin: true, grants: { tickets: edit } }
  chief: { name: Chief, admin: true }
  guarded: { name: Guarded, editableBy: [lead], grants: { tickets: edit } }
  watched: { name: Watched, editableBy: [boss] }
  vault: { name: Vault, admin: true, editableBy: [lead] }
`);

describe('reaches: who may touch a role at all', () => {
  it.each<[actor: string, target: string, want: boolean]>([
    ['owner', 'owner', true],
    ['owner', 'boss', true],
    ['owner', 'guarded', true],
    ['lead', 'owner', false],
    ['boss', 'owner', false],
    ['lead', 'agent', true],
    ['boss', 'agent', true],
    ['lead', 'guarded', true],
    ['agent', 'guarded', false],
    ['boss', 'guarded', false],
    ['lead', 'watched', false],
    ['boss', 'watched', true],
    ['lead', 'boss', false],
    ['agent', 'chief', false],
    ['chief', 'boss', true],
    ['lead', 'vault', true],
    ['chief', 'vault', false],
  ])('%s -> %s: %s', (actor, target, want) => {
    expect(reaches(people(), actor, target)).toBe(want);
  });
});

describe('canAssignRoles and canManageRoles: an owner role always; others by the delegation conditions', () => {
  it.each<[role: string, given: Grants | undefined, assign: boolean, manage: boolean]>([
    ['owner', undefined, true, true],
    ['owner', LOWEST, true, true],
    ['lead', undefined, true, false],
    ['lead', grants({ 'team.assign': 'read' }), false, false],
    ['agent', undefined, false, false],
    ['agent', grants({ 'team.assign': 'edit' }), true, false],
    ['agent', grants({ 'roles.manage': 'edit' }), false, true],
    ['agent', grants({ 'roles.manage': 'read', 'team.assign': 'read' }), false, false],
  ])('%s with %j: assign %s, manage %s', (role, given, assign, manage) => {
    expect(canAssignRoles(people(), role, given)).toBe(assign);
    expect(canManageRoles(people(), role, given)).toBe(manage);
  });

  it('without delegation conditions, owner roles alone have both powers', () => {
    const ir = resolve('  lead: { name: Lead, grants: { tickets: edit, team.assign: edit, roles.manage: edit } }\n  agent: { name: Agent }\n', NO_DELEGATION);
    expect([canAssignRoles(ir, 'owner'), canManageRoles(ir, 'owner'), canAssignRoles(ir, 'lead'), canManageRoles(ir, 'lead')]).toEqual([true, true, false, false]);
    expect([...reachFrom(ir, 'owner').held.keys()]).toEqual(['owner', 'lead', 'agent']);
    expect([...reachFrom(ir, 'owner').edited.keys()]).toEqual(['lead', 'agent']);
    expect([...reachFrom(ir, 'lead').held.keys()]).toEqual(['lead']);
  });
});

describe('firstExcess: the first permission where a holds more than b', () => {
  it.each<[name: string, a: Grants, b: Grants, want: { permission: string; value: unknown } | undefined]>([
    ['equal grants', grants({ tickets: 'read' }), grants({ tickets: 'read' }), undefined],
    ['less of an ordered permission', grants({ tickets: 'read' }), grants({ tickets: 'edit' }), undefined],
    ['more of an ordered permission', grants({ tickets: 'edit' }), grants({ tickets: 'read' }), { permission: 'tickets', value: 'edit' }],
    ['a subset of actions', grants({ reports: ['read'] }), grants({ reports: ['export', 'read'] }), undefined],
    ['an action b lacks, though b has more actions', grants({ reports: ['create', 'read'] }), grants({ reports: ['export', 'read'] }), { permission: 'reports', value: ['create', 'read'] }],
    ['the first of two in the order of the permissions', grants({ billing: 'on', 'team.assign': 'edit' }), LOWEST, { permission: 'billing', value: 'on' }],
    ['the last permission alone', grants({ 'team.assign': 'read' }), LOWEST, { permission: 'team.assign', value: 'read' }],
  ])('%s', (_name, a, b, want) => {
    expect(firstExcess(people(), a, b)).toEqual(want);
  });
});

describe('roleExcess: the first permission where a target role holds more than a role', () => {
  it.each<[target: string, role: string, want: { permission: string; value: unknown } | undefined]>([
    ['agent', 'lead', undefined],
    ['lead', 'lead', undefined],
    ['guarded', 'lead', { permission: 'tickets', value: 'edit' }],
    ['lead', 'agent', { permission: 'reports', value: ['export', 'read'] }],
    ['chief', 'agent', undefined],
    ['owner', 'boss', { permission: 'reports', value: ['create', 'export', 'read'] }],
    ['lead', 'boss', { permission: 'reports', value: ['export', 'read'] }],
  ])('%s beyond %s', (target, role, want) => {
    expect(roleExcess(people(), target, role)).toEqual(want);
  });
});

describe('formatChain', () => {
  it.each<[steps: { kind: 'assigns' | 'edits'; by: string; role: string }[], end: { role: string; permission: string; value: string | string[] }, want: string]>([
    [[], { role: 'lead', permission: 'tickets', value: 'edit' }, 'lead gains tickets=edit'],
    [[{ kind: 'assigns', by: 'lead', role: 'x' }, { kind: 'edits', by: 'x', role: 'y' }], { role: 'y', permission: 'reports', value: ['create', 'read'] }, 'lead assigns x -> x edits y -> y gains reports=[create, read]'],
    [[{ kind: 'edits', by: 'a', role: 'b' }], { role: 'b', permission: 'reports', value: [] }, 'a edits b -> b gains reports=[]'],
  ])('%#', (steps, end, want) => {
    expect(formatChain(steps, end)).toBe(want);
  });
});

describe('maxAllowed: the highest value an administrator may choose, with what it implies', () => {
  const raisable = (): ResolvedPolicy =>
    resolve(`  locked: { name: Locked, grants: { tickets: read, reports: [create] } }
  steps: { name: Steps, grants: { tickets: { default: off, allowed: [read, edit] }, reports: { default: [create], allowed: [[export]] } } }
  implied: { name: Implied, grants: { billing: { default: off, allowed: [on] } } }
  above: { name: Above, grants: { tickets: { default: off, allowed: [edit] }, billing: { default: off, allowed: [on] } } }
  chained: { name: Chained, grants: { reports: { default: [create], allowed: [[create]] }, exports: { default: off, allowed: [on] } } }
`);
  it.each<[role: string, want: Grants]>([
    ['locked', grants({ tickets: 'read', reports: ['create', 'read'] })],
    ['steps', grants({ tickets: 'edit', reports: ['create', 'export', 'read'] })],
    ['implied', grants({ tickets: 'read', billing: 'on' })],
    ['above', grants({ tickets: 'edit', billing: 'on' })],
    ['chained', grants({ tickets: 'read', reports: ['create', 'export', 'read'], billing: 'on', exports: 'on' })],
    ['owner', { tickets: 'edit', reports: ['create', 'export', 'read'], billing: 'on', 'roles.manage': 'edit', 'team.assign': 'edit', exports: 'on' }],
  ])('%s', (role, want) => {
    expect(maxAllowed(raisable(), role)).toEqual(want);
  });

  it('is memoised per policy: the same answer object for the same role, a new one for another policy', () => {
    const ir = raisable();
    const first = maxAllowed(ir, 'steps');
    expect(maxAllowed(ir, 'steps')).toBe(first);
    expect(maxAllowed(ir, 'locked')).not.toBe(first);
    expect(maxAllowed(raisable(), 'steps')).not.toBe(first);
  });
});

/** A closure as plain lists: held and edited roles with the step that got each, the witness and the power. */
function closure(ir: ResolvedPolicy, start: string) {
  const r = reachFrom(ir, start);
  const step = (s: Step | null): string | null => (s ? `${s.by} ${s.kind} ${s.role}` : null);
  return {
    held: [...r.held].map(([role, s]) => [role, step(s)]),
    edited: [...r.edited].map(([role, s]) => [role, step(s)]),
    // No key at all without an escalation (the type says optional, not undefined).
    escalation: 'escalation' in r ? r.escalation && { steps: r.escalation.steps.map(step), permission: r.escalation.permission, value: r.escalation.value } : 'none',
    power: r.power,
  };
}

describe('reachFrom: the closure of allowed steps from one member', () => {
  it.each<[name: string, roles: string, start: string, want: ReturnType<typeof closure>]>([
    [
      'an edit that raises the first permission of the role it gives power to is part of the witness',
      `  lead: { name: Lead, grants: { tickets: edit, team.assign: edit, roles.manage: edit } }
  helper: { name: Helper, grants: { tickets: { default: off, allowed: [read] }, team.assign: { default: off, allowed: [edit] } } }
  auditor: { name: Auditor, editableBy: [helper], grants: { billing: on } }
`,
      'lead',
      {
        held: [['lead', null], ['helper', 'lead assigns helper'], ['auditor', 'helper assigns auditor']],
        edited: [['helper', 'lead edits helper']],
        escalation: { steps: ['lead assigns helper', 'lead edits helper', 'helper assigns auditor'], permission: 'billing', value: 'on' },
        power: { tickets: 'edit', reports: [], billing: 'on', 'roles.manage': 'edit', 'team.assign': 'edit', exports: 'off' },
      },
    ],
    [
      'an edit that raises nothing is no part of the witness',
      `  lead: { name: Lead, grants: { tickets: edit, team.assign: edit, roles.manage: edit } }
  helper: { name: Helper, grants: { team.assign: edit } }
  auditor: { name: Auditor, editableBy: [helper], grants: { billing: on } }
`,
      'lead',
      {
        held: [['lead', null], ['helper', 'lead assigns helper'], ['auditor', 'helper assigns auditor']],
        edited: [['helper', 'lead edits helper']],
        escalation: { steps: ['lead assigns helper', 'helper assigns auditor'], permission: 'billing', value: 'on' },
        power: { tickets: 'edit', reports: [], billing: 'on', 'roles.manage': 'edit', 'team.assign': 'edit', exports: 'off' },
      },
    ],
    [
      'a role handed out and then edited up: the witness holds how the edited role came to be held',
      `  lead: { name: Lead, grants: { team.assign: edit, roles.manage: edit } }
  auditor: { name: Auditor, grants: { billing: { default: off, allowed: [on] } } }
`,
      'lead',
      {
        held: [['lead', null], ['auditor', 'lead assigns auditor']],
        edited: [['auditor', 'lead edits auditor']],
        escalation: { steps: ['lead assigns auditor', 'lead edits auditor'], permission: 'tickets', value: 'read' },
        power: { tickets: 'read', reports: [], billing: 'on', 'roles.manage': 'edit', 'team.assign': 'edit', exports: 'off' },
      },
    ],
    [
      'a held role nobody edits counts at its grants, not at its highest values',
      `  lead: { name: Lead, grants: { team.assign: edit } }
  auditor: { name: Auditor, grants: { billing: { default: off, allowed: [on] } } }
`,
      'lead',
      {
        held: [['lead', null], ['auditor', 'lead assigns auditor']],
        edited: [],
        escalation: 'none',
        power: { tickets: 'off', reports: [], billing: 'off', 'roles.manage': 'off', 'team.assign': 'edit', exports: 'off' },
      },
    ],
    [
      'a role edited up by one member before another hands it out: the edit is part of the witness',
      `  lead: { name: Lead, grants: { team.assign: edit, roles.manage: edit } }
  mod: { name: Mod, grants: { roles.manage: { default: off, allowed: [edit] } } }
  deputy: { name: Deputy, grants: { team.assign: edit, roles.manage: edit } }
  auditor: { name: Auditor, editableBy: [mod, deputy], grants: { billing: { default: off, allowed: [on] } } }
`,
      'lead',
      {
        held: [['lead', null], ['mod', 'lead assigns mod'], ['deputy', 'lead assigns deputy'], ['auditor', 'deputy assigns auditor']],
        edited: [['mod', 'lead edits mod'], ['deputy', 'lead edits deputy'], ['lead', 'mod edits lead'], ['auditor', 'mod edits auditor']],
        escalation: { steps: ['lead assigns mod', 'lead assigns deputy', 'lead edits mod', 'mod edits auditor', 'deputy assigns auditor'], permission: 'tickets', value: 'read' },
        power: { tickets: 'read', reports: [], billing: 'on', 'roles.manage': 'edit', 'team.assign': 'edit', exports: 'off' },
      },
    ],
    [
      'a role that manages roles edits every role it reaches but itself, and never an owner role',
      `  lead: { name: Lead, grants: { roles.manage: edit, tickets: { default: off, allowed: [edit] } } }
  agent: { name: Agent }
  co: { name: Co-owner, kind: owner }
`,
      'lead',
      {
        held: [['lead', null]],
        edited: [['agent', 'lead edits agent']],
        escalation: 'none',
        power: { tickets: 'off', reports: [], billing: 'off', 'roles.manage': 'edit', 'team.assign': 'off', exports: 'off' },
      },
    ],
    [
      'from an owner role: every other role held and every non-owner role edited',
      `  agent: { name: Agent, grants: { tickets: read } }
  co: { name: Co-owner, kind: owner }
`,
      'owner',
      {
        held: [['owner', null], ['agent', 'owner assigns agent'], ['co', 'owner assigns co']],
        edited: [['agent', 'owner edits agent']],
        escalation: 'none',
        power: { tickets: 'edit', reports: ['create', 'export', 'read'], billing: 'on', 'roles.manage': 'edit', 'team.assign': 'edit', exports: 'on' },
      },
    ],
  ])('%s', (_name, roles, start, want) => {
    expect(closure(resolve(roles), start)).toEqual(want);
  });
});

it('reachFrom computes the power once, when first read', () => {
  const r = reachFrom(resolve('  lead: { name: Lead, grants: { team.assign: edit } }\n  agent: { name: Agent, grants: { tickets: read } }\n'), 'lead');
  expect(r.power).toBe(r.power);
});

describe('reachFrom: the delegation conditions on the codes, for ordered scales and action sets', () => {
  const ACTIONS = `delegation:
  assignRoles: [{ permission: reports, atLeast: export }]
  manageRoles: [{ permission: billing }]
`;
  const ANY_ACTION = `delegation:
  assignRoles: [{ permission: tickets, atLeast: edit }, { permission: reports }]
  manageRoles: [{ permission: roles.manage, atLeast: read }]
`;
  const agent = '  agent: { name: Agent }\n';
  it.each<[name: string, delegation: string, roles: string, held: string[], edited: string[]]>([
    ['holding the action assigns', ACTIONS, `  lead: { name: Lead, grants: { reports: [export] } }\n${agent}`, ['lead', 'agent'], []],
    ['other actions, even more of them, do not', ACTIONS, `  lead: { name: Lead, grants: { reports: [create] } }\n${agent}`, ['lead'], []],
    ['an action the role may be given does not, until the role is edited', ACTIONS, `  lead: { name: Lead, grants: { reports: { default: [], allowed: [[export]] } } }\n${agent}`, ['lead'], []],
    ['above the lowest level manages, without atLeast', ACTIONS, `  lead: { name: Lead, grants: { billing: on } }\n${agent}`, ['lead'], ['agent']],
    ['the lowest level does not', ACTIONS, `  lead: { name: Lead, grants: { billing: off, reports: [read] } }\n${agent}`, ['lead'], []],
    [
      'edited by a manager, a role that may be given the action assigns',
      ACTIONS,
      `  lead: { name: Lead, grants: { billing: on, reports: [export] } }\n  helper: { name: Helper, grants: { reports: { default: [], allowed: [[export]] } } }\n  auditor: { name: Auditor, editableBy: [helper] }\n`,
      ['lead', 'helper', 'auditor'],
      ['helper'],
    ],
    ['any action meets a condition without atLeast', ANY_ACTION, `  lead: { name: Lead, grants: { reports: [read] } }\n${agent}`, ['lead', 'agent'], []],
    ['no action does not', ANY_ACTION, `  lead: { name: Lead, grants: { tickets: read } }\n${agent}`, ['lead'], []],
    ['exactly the level of atLeast meets it', ANY_ACTION, `  lead: { name: Lead, grants: { tickets: edit, roles.manage: read } }\n${agent}`, ['lead', 'agent'], ['agent']],
    ['one level under atLeast does not', ANY_ACTION, `  lead: { name: Lead, grants: { tickets: read, roles.manage: off } }\n${agent}`, ['lead'], []],
  ])('%s', (_name, delegation, roles, held, edited) => {
    const r = reachFrom(resolve(roles, delegation), 'lead');
    expect([...r.held.keys()]).toEqual(held);
    expect([...r.edited.keys()]).toEqual(edited);
  });
});

// The impact of a change at its boundaries: access rules compared across levels and scales, least
// plans at the edge of the plan order, the account plan when only the order moved, limits lifted
// and set, and which removed role an added one renames. One small policy, one row per edit, the
// exact changes expected (kind, impact, subject, field). test/diff/change-kinds.test.ts has one
// row per kind; these rows pin the comparisons that decide between the impacts.

import { describe, expect, it } from 'vitest';
import type { Change, ChangeKind, Impact } from '../../src/diff/change.js';
import { diffPolicy } from '../../src/diff/diff-policy.js';
import { SCHEMA_LINE } from '../helpers.js';
import { compileSide } from './sides.js';

const BASE = `${SCHEMA_LINE(2)}title: Boundaries
plans:
  basic: { label: Basic }
  pro: { label: Pro }
  enterprise: { label: Enterprise }
plan: pro
features:
  reports: { label: Reports, minPlan: pro }
  sso: { label: Single sign-on, minPlan: enterprise }
scales:
  access: { levels: [off, read, edit] }
  toggle: { levels: [off, on] }
resources:
  ticket: { label: Ticket, actions: [read, reply, close] }
  chat: { label: Chat, actions: [read, reply] }
permissions:
  tickets:
    label: Tickets
    scale: access
    access:
      - { resource: ticket, atLeast: read, actions: [read] }
  chats:
    label: Chats
    scale: access
    access:
      - { resource: chat, atLeast: edit, actions: [read] }
  notes: { label: Notes, scale: toggle }
  analytics: { label: Analytics, scale: access, minPlan: pro }
exceptions:
  assignee_reply: { label: The assignee may always reply, resource: ticket, relations: [assignee], actions: [read, reply] }
roles:
  owner: { name: Owner, kind: owner }
  agent: { name: Agent, grants: { tickets: read } }
defaultRole: agent
limits:
  maxRoles: { basic: 5, pro: 10 }
  maxCustomRoles: 4
`;

type Edit = readonly [base: string, head: string];
type Want = readonly [ChangeKind, Impact, string, string?];

function side(text: string) {
  return { name: 'bounds', ...compileSide({ 'policy.yaml': text }, 'bounds') };
}

function apply(text: string, pairs: readonly Edit[]): string {
  for (const [from, to] of pairs) {
    expect(text).toContain(from);
    text = text.replace(from, to);
  }
  return text;
}

function brief(c: Change): Want {
  const subject = c.role ?? c.member ?? c.tier ?? c.exception ?? c.resource ?? c.feature ?? c.rule ?? c.scale ?? c.group ?? c.permission ?? c.plan;
  const detail = c.role !== undefined && c.permission !== undefined ? c.permission : c.field;
  if (subject === undefined) return [c.kind, c.impact, c.field ?? c.policy];
  return detail === undefined ? [c.kind, c.impact, subject] : [c.kind, c.impact, subject, detail];
}

const TICKET_RULE = '{ resource: ticket, atLeast: read, actions: [read] }';
const CHAT_RULE = '{ resource: chat, atLeast: edit, actions: [read] }';
const TOG: Edit = ['  chats:\n    label: Chats\n    scale: access', '  chats:\n    label: Chats\n    scale: toggle'];
const MANAGE: Edit = ['access: { levels: [off, read, edit] }', 'access: { levels: [off, read, edit, manage] }'];
/** A scale of the given levels, and the permission chats (its rule at edit) moved to it. */
const SIMPLE = (levels: string): Edit => ['toggle: { levels: [off, on] }', `toggle: { levels: [off, on] }\n  simple: { levels: ${levels} }`];
const TO_SIMPLE: Edit = ['  chats:\n    label: Chats\n    scale: access', '  chats:\n    label: Chats\n    scale: simple'];
const AGENT_CHATS = (level: string): Edit => ['grants: { tickets: read }', `grants: { tickets: read, chats: ${level} }`];
/** A scale no permission uses, so that only its definition changes. */
const STARS = (body: string): Edit => ['toggle: { levels: [off, on] }', `toggle: { levels: [off, on] }\n  stars: { ${body} }`];
const NULL_PLAN: Edit = ['  basic: { label: Basic }\n', "  basic: { label: Basic }\n  'null': { label: Nil }\n"];
const PLANS = 'plans:\n  basic: { label: Basic }\n  pro: { label: Pro }\n  enterprise: { label: Enterprise }\nplan: pro\nfeatures:\n  reports: { label: Reports, minPlan: pro }\n  sso: { label: Single sign-on, minPlan: enterprise }\n';
const CRUD: Edit = ['toggle: { levels: [off, on] }', 'toggle: { levels: [off, on] }\n  crud: { actions: [read, write] }'];
const ANALYTICS = 'analytics: { label: Analytics, scale: access, minPlan: pro }';
/** The two lowest plans swap places. */
const SWAP_LOW: Edit = ['  basic: { label: Basic }\n  pro: { label: Pro }', '  pro: { label: Pro }\n  basic: { label: Basic }'];
const REVERSED: Edit = ['  basic: { label: Basic }\n  pro: { label: Pro }\n  enterprise: { label: Enterprise }', '  enterprise: { label: Enterprise }\n  pro: { label: Pro }\n  basic: { label: Basic }'];
/** A feature on the lowest plan, in effect on the account plan. */
const CHATBOT: Edit = ['  sso: {', '  chatbot: { label: Chat bot, minPlan: basic }\n  sso: {'];
/** The role agent replaced by support, with the same grants. */
const AGENT_GONE: Edit = ['  agent: { name: Agent, grants: { tickets: read } }\ndefaultRole: agent', '  support: { name: Agent, grants: { tickets: read } }\ndefaultRole: support'];
/** The role agent removed, the default role given to `role`. */
const AGENT_OUT = (role: string): Edit => ['  agent: { name: Agent, grants: { tickets: read } }\ndefaultRole: agent', `defaultRole: ${role}`];
/** Private tickets (behind notes) with the given parts. */
const PRIVATE = (parts: string): Edit => ['  ticket: { label: Ticket, actions: [read, reply, close] }', `  ticket: { label: Ticket, actions: [read, reply, close], privateNeeds: notes${parts ? `, parts: { ${parts} }` : ''} }`];
/** The permission chats moved to the action set crud, its rule at the given action. */
const CHATS_CRUD = (rule: string): Edit[] => [CRUD, ['  chats:\n    label: Chats\n    scale: access', '  chats:\n    label: Chats\n    scale: crud'], [CHAT_RULE, rule]];
/** The permission notes moved to the action set crud, with the given access rule. */
const NOTES_CRUD = (rule: string): Edit[] => [CRUD, ['  notes: { label: Notes, scale: toggle }', `  notes:\n    label: Notes\n    scale: crud\n    access:\n      - ${rule}`]];
const ADD_ROLES = (roles: string): Edit => ['roles:\n  owner:', `roles:\n${roles}  owner:`];
const MEMBERS = (holder: string, role: string): string => `members:\n  oz: { roles: [owner] }\n  ${holder}: { roles: [${role}] }\n`;
const MEMBERS_AGENT: Edit = ['defaultRole: agent\n', `defaultRole: agent\n${MEMBERS('ana', 'agent')}`];

/** [name, { base edits, head edits } or head edits alone, the changes expected in order]. */
const ROWS: readonly (readonly [string, readonly Edit[] | { base: readonly Edit[]; head: readonly Edit[] }, readonly Want[]])[] = [
  // Access rules: the least level, on one scale and across two.
  ['a rule at the highest level made implicit: a lower level needed', [[CHAT_RULE, '{ resource: chat, actions: [read] }']], [['permission-changed', 'escalation', 'chats', 'access']]],
  ['an implicit least level made the highest', { base: [[CHAT_RULE, '{ resource: chat, actions: [read] }']], head: [] }, [['permission-changed', 'restriction', 'chats', 'access']]],
  ['an implicit least level made the lowest granted one: the same meaning', { base: [[TICKET_RULE, '{ resource: ticket, actions: [read] }']], head: [] }, [['permission-changed', 'neutral', 'tickets', 'access']]],
  ['a level renamed in the scale and in the rule: the rule means the same', [['access: { levels: [off, read, edit] }', 'access: { levels: [off, view, edit] }'], [TICKET_RULE, '{ resource: ticket, atLeast: view, actions: [read] }'], ['grants: { tickets: read }', 'grants: { tickets: view }']], [['grant-changed', 'escalation', 'owner', 'tickets'], ['grant-changed', 'escalation', 'owner', 'chats'], ['grant-changed', 'escalation', 'owner', 'analytics'], ['grant-changed', 'escalation', 'agent', 'tickets'], ['permission-changed', 'neutral', 'tickets', 'access'], ['scale-changed', 'neutral', 'access', 'levels'], ['scale-changed', 'neutral', 'access', 'labels']]],
  ['a permission moved to another scale, its rule at the same rank', { base: [[CHAT_RULE, '{ resource: chat, atLeast: read, actions: [read] }']], head: [TOG, [CHAT_RULE, '{ resource: chat, atLeast: on, actions: [read] }']] }, [['grant-changed', 'escalation', 'owner', 'chats'], ['permission-changed', 'neutral', 'chats', 'scale'], ['permission-changed', 'neutral', 'chats', 'access']]],
  ['a permission moved to another scale, its rule at a lower rank', [TOG, [CHAT_RULE, '{ resource: chat, atLeast: on, actions: [read] }']], [['grant-changed', 'escalation', 'owner', 'chats'], ['permission-changed', 'neutral', 'chats', 'scale'], ['permission-changed', 'escalation', 'chats', 'access']]],
  ['a permission moved to another scale, its rule at a higher rank', { base: [TOG, [CHAT_RULE, '{ resource: chat, atLeast: on, actions: [read] }']], head: [] }, [['grant-changed', 'escalation', 'owner', 'chats'], ['permission-changed', 'neutral', 'chats', 'scale'], ['permission-changed', 'restriction', 'chats', 'access']]],
  ['a permission moved to another scale, its rule made implicit', { base: [[CHAT_RULE, '{ resource: chat, atLeast: read, actions: [read] }']], head: [TOG, [CHAT_RULE, '{ resource: chat, actions: [read] }']] }, [['grant-changed', 'escalation', 'owner', 'chats'], ['permission-changed', 'neutral', 'chats', 'scale'], ['permission-changed', 'neutral', 'chats', 'access']]],
  // A least level is a level name, as in grants: "at edit" asks can(role, permission, 'edit') in both
  // versions, whatever rank edit has. Who passes it now shows where it changed: in the grants.
  ['a permission moved to a scale where its rule\'s level ranks lower: the rule means the same', [SIMPLE('[off, edit]'), TO_SIMPLE], [['grant-lowered', 'restriction', 'owner', 'chats'], ['permission-changed', 'neutral', 'chats', 'scale'], ['scale-added', 'neutral', 'simple']]],
  ['the same, and a role now at that level: the role\'s gain is the escalation', { base: [AGENT_CHATS('read')], head: [SIMPLE('[off, edit]'), TO_SIMPLE, AGENT_CHATS('edit')] }, [['grant-lowered', 'restriction', 'owner', 'chats'], ['grant-changed', 'escalation', 'agent', 'chats'], ['permission-changed', 'neutral', 'chats', 'scale'], ['scale-added', 'neutral', 'simple']]],
  ['a scale where a held level now ranks above the rule\'s: the holder gains, the rule needing a relation is a restriction', { base: [AGENT_CHATS('read')], head: [SIMPLE('[off, edit, read]'), TO_SIMPLE, AGENT_CHATS('read'), [CHAT_RULE, '{ resource: chat, atLeast: edit, relations: [assignee], actions: [read] }']] }, [['grant-changed', 'neutral', 'owner', 'chats'], ['grant-raised', 'escalation', 'agent', 'chats'], ['permission-changed', 'neutral', 'chats', 'scale'], ['permission-changed', 'restriction', 'chats', 'access'], ['scale-added', 'neutral', 'simple']]],
  ['one of two rules removed', { base: [[TICKET_RULE, `${TICKET_RULE}\n      - { resource: chat, actions: [read] }`]], head: [] }, [['permission-changed', 'restriction', 'tickets', 'access']]],
  ['a second rule added that an existing one covers', [[TICKET_RULE, `${TICKET_RULE}\n      - { resource: ticket, atLeast: edit, actions: [read] }`]], [['permission-changed', 'neutral', 'tickets', 'access']]],
  ['a rule dropped that another covers', { base: [[TICKET_RULE, `${TICKET_RULE}\n      - { resource: ticket, atLeast: edit, actions: [read] }`]], head: [] }, [['permission-changed', 'neutral', 'tickets', 'access']]],
  ['a rule that needs one relation fewer', { base: [[TICKET_RULE, '{ resource: ticket, atLeast: read, relations: [assignee], actions: [read] }']], head: [] }, [['permission-changed', 'escalation', 'tickets', 'access']]],
  ['a rule with one more action', [[TICKET_RULE, '{ resource: ticket, atLeast: read, actions: [read, reply] }']], [['permission-changed', 'escalation', 'tickets', 'access']]],
  ['an exception for one more action', [['relations: [assignee], actions: [read, reply] }', 'relations: [assignee], actions: [read, reply, close] }']], [['exception-changed', 'escalation', 'assignee_reply', 'access']]],
  ['an exception that needs one more relation', [['relations: [assignee], actions: [read, reply] }', 'relations: [assignee, follower], actions: [read, reply] }']], [['exception-changed', 'restriction', 'assignee_reply', 'access']]],
  ['an exception on another resource', [['resource: ticket, relations: [assignee]', 'resource: chat, relations: [assignee]']], [['exception-changed', 'escalation', 'assignee_reply', 'access']]],
  ['a rule at the highest of four levels: ranks above the lowest granted one compare', { base: [MANAGE], head: [MANAGE, [CHAT_RULE, '{ resource: chat, atLeast: manage, actions: [read] }']] }, [['permission-changed', 'restriction', 'chats', 'access']]],
  ['a permission moved from levels to an action set, its rule without a level', { base: [[CHAT_RULE, '{ resource: chat, atLeast: read, actions: [read] }']], head: [['toggle: { levels: [off, on] }', 'toggle: { levels: [off, on] }\n  crud: { actions: [read, write] }'], ['  chats:\n    label: Chats\n    scale: access', '  chats:\n    label: Chats\n    scale: crud'], [CHAT_RULE, '{ resource: chat, actions: [read] }']] }, [['grant-changed', 'escalation', 'owner', 'chats'], ['grant-changed', 'neutral', 'agent', 'chats'], ['permission-changed', 'neutral', 'chats', 'scale'], ['permission-changed', 'escalation', 'chats', 'access'], ['scale-added', 'neutral', 'crud']]],
  ['the relations of a rule listed in another order: no change', { base: [[TICKET_RULE, '{ resource: ticket, atLeast: read, relations: [assignee, follower], actions: [read] }']], head: [[TICKET_RULE, '{ resource: ticket, atLeast: read, relations: [follower, assignee], actions: [read] }']] }, []],
  ['on an action set, a rule dropped that another covers', { base: [CRUD, ['  notes: { label: Notes, scale: toggle }', "  notes:\n    label: Notes\n    scale: crud\n    access:\n      - { resource: ticket, actions: [read, reply] }\n      - { resource: ticket, actions: [read] }"]], head: [CRUD, ['  notes: { label: Notes, scale: toggle }', "  notes:\n    label: Notes\n    scale: crud\n    access:\n      - { resource: ticket, actions: [read, reply] }"]] }, [['permission-changed', 'neutral', 'notes', 'access']]],
  ['a rule that needs another action, with one action fewer', { base: [[TICKET_RULE, '{ resource: ticket, atLeast: read, actions: [read, close], requires: [{ action: reply }] }']], head: [[TICKET_RULE, '{ resource: ticket, atLeast: read, actions: [read], requires: [{ action: reply }] }']] }, [['permission-changed', 'restriction', 'tickets', 'access']]],
  ['on an action set, a rule made to need an action', { base: NOTES_CRUD('{ resource: ticket, actions: [read] }'), head: NOTES_CRUD('{ resource: ticket, atLeast: write, actions: [read] }') }, [['permission-changed', 'restriction', 'notes', 'access']]],
  ['a permission moved from an action set to levels, its rule from an action to a level: they do not compare, a gain and a loss', { base: CHATS_CRUD('{ resource: chat, atLeast: write, actions: [read] }'), head: [CRUD] }, [['grant-changed', 'escalation', 'owner', 'chats'], ['grant-changed', 'neutral', 'agent', 'chats'], ['permission-changed', 'neutral', 'chats', 'scale'], ['permission-changed', 'escalation', 'chats', 'access']]],
  // Parts of private resources: a need more is a restriction, whatever the parts are called.
  ['a part given one more action', { base: [PRIVATE('p: { label: P, actions: [close], privateNeeds: analytics }')], head: [PRIVATE('p: { label: P, actions: [reply, close], privateNeeds: analytics }')] }, [['resource-changed', 'restriction', 'ticket', 'parts']]],
  // Scales: ordered levels mean something by their order, the actions of an action set do not.
  ['a scale made an action set of the same names in another order: only its kind changed', { base: [STARS('levels: [a, b]')], head: [STARS('actions: [b, a]')] }, [['scale-changed', 'neutral', 'stars', 'kind']]],
  ['an action set made levels of the same names in another order: only its kind changed', { base: [STARS('actions: [b, a]')], head: [STARS('levels: [a, b]')] }, [['scale-changed', 'neutral', 'stars', 'kind']]],
  ['the actions of an action set reordered: no change', { base: [STARS('actions: [a, b]')], head: [STARS('actions: [b, a]')] }, []],
  ['the levels of a scale reordered', { base: [STARS('levels: [a, b, c]')], head: [STARS('levels: [a, c, b]')] }, [['scale-changed', 'neutral', 'stars', 'levels']]],
  ['an implication between actions listed in another order: no change', { base: [STARS('actions: [a, b, c], implies: { c: [a, b] }')], head: [STARS('actions: [a, b, c], implies: { c: [b, a] }')] }, []],
  ['an implication between actions widened', { base: [STARS('actions: [a, b, c], implies: { c: [a] }')], head: [STARS('actions: [a, b, c], implies: { c: [a, b] }')] }, [['scale-changed', 'neutral', 'stars', 'implies']]],
  ['the label of one level changed', { base: [STARS('levels: [a, b], labels: { a: A, b: B }')], head: [STARS('levels: [a, b], labels: { a: A, b: Bee }')] }, [['scale-changed', 'neutral', 'stars', 'labels']]],
  // Implications: judged by what the implied values grant.
  ['an implication of a lowest value added: it grants nothing', [[ANALYTICS, 'analytics: { label: Analytics, scale: access, minPlan: pro, implies: { notes: off } }']], [['permission-changed', 'neutral', 'analytics', 'implies']]],
  ['an implication added', [[ANALYTICS, 'analytics: { label: Analytics, scale: access, minPlan: pro, implies: { notes: on } }']], [['permission-changed', 'escalation', 'analytics', 'implies']]],
  ['an implication dropped', { base: [[ANALYTICS, 'analytics: { label: Analytics, scale: access, minPlan: pro, implies: { notes: on } }']], head: [] }, [['permission-changed', 'restriction', 'analytics', 'implies']]],
  // Least plans: no least plan ranks below the lowest plan.
  ['a least plan dropped: available on every plan', [[ANALYTICS, 'analytics: { label: Analytics, scale: access }']], [['permission-changed', 'escalation', 'analytics', 'minPlan']]],
  ['no least plan made the lowest plan', { base: [[ANALYTICS, 'analytics: { label: Analytics, scale: access }']], head: [[ANALYTICS, 'analytics: { label: Analytics, scale: access, minPlan: basic }']] }, [['permission-changed', 'restriction', 'analytics', 'minPlan']]],
  ['a least plan raised by one', [[ANALYTICS, 'analytics: { label: Analytics, scale: access, minPlan: enterprise }']], [['permission-changed', 'restriction', 'analytics', 'minPlan']]],
  ['a least plan lowered by one', [[ANALYTICS, 'analytics: { label: Analytics, scale: access, minPlan: basic }']], [['permission-changed', 'escalation', 'analytics', 'minPlan']]],
  ['a feature on the plan that took the rank of its former one', [SWAP_LOW, ['reports: { label: Reports, minPlan: pro }', 'reports: { label: Reports, minPlan: basic }']], [['plan-changed', 'neutral', 'pro', 'rank'], ['plan-changed', 'neutral', 'basic', 'rank'], ['feature-changed', 'neutral', 'reports', 'minPlan']]],
  ['a plan renamed: least plans, the account plan and limits follow it', [['  pro: { label: Pro }', '  plus: { label: Pro }'], ['plan: pro', 'plan: plus'], ['reports: { label: Reports, minPlan: pro }', 'reports: { label: Reports, minPlan: plus }'], ['minPlan: pro }\n', 'minPlan: plus }\n'], ['maxRoles: { basic: 5, pro: 10 }', 'maxRoles: { basic: 5, plus: 10 }']], [['plan-added', 'neutral', 'plus'], ['plan-removed', 'neutral', 'pro'], ['account-plan-changed', 'neutral', 'plan'], ['feature-changed', 'neutral', 'reports', 'minPlan'], ['permission-changed', 'neutral', 'analytics', 'minPlan'], ['limit-changed', 'neutral', 'pro', 'maxRoles.byPlan'], ['limit-changed', 'neutral', 'plus', 'maxRoles.byPlan']]],
  // The account plan.
  ['a plan called null: no least plan still ranks below every plan', { base: [NULL_PLAN, [ANALYTICS, 'analytics: { label: Analytics, scale: access }']], head: [NULL_PLAN, [ANALYTICS, 'analytics: { label: Analytics, scale: access, minPlan: basic }']] }, [['permission-changed', 'restriction', 'analytics', 'minPlan']]],
  ['plans reordered: the account plan now above a least plan', [['  pro: { label: Pro }\n  enterprise: { label: Enterprise }', '  enterprise: { label: Enterprise }\n  pro: { label: Pro }']], [['plan-changed', 'neutral', 'enterprise', 'rank'], ['plan-changed', 'neutral', 'pro', 'rank'], ['account-plan-changed', 'escalation', 'plan']]],
  ['plans reordered: the account plan now below a least plan', { base: [CHATBOT], head: [CHATBOT, SWAP_LOW] }, [['plan-changed', 'neutral', 'pro', 'rank'], ['plan-changed', 'neutral', 'basic', 'rank'], ['account-plan-changed', 'restriction', 'plan']]],
  ['plans reordered: one least plan now below the account plan, one above', { base: [CHATBOT], head: [CHATBOT, REVERSED] }, [['plan-changed', 'neutral', 'enterprise', 'rank'], ['plan-changed', 'neutral', 'basic', 'rank'], ['account-plan-changed', 'escalation', 'plan']]],
  ['a plan added above the account plan: nothing in effect changed', [['  pro: { label: Pro }\n', '  pro: { label: Pro }\n  team: { label: Team }\n']], [['plan-added', 'neutral', 'team'], ['plan-changed', 'neutral', 'enterprise', 'rank']]],
  ['the account plan left implicit (the highest) set to the lowest', { base: [['plan: pro\n', '']], head: [['plan: pro', 'plan: basic']] }, [['limit-changed', 'restriction', 'maxRoles'], ['account-plan-changed', 'restriction', 'plan']]],
  ['plans introduced: what needs no least plan stays in effect', { base: [[PLANS, ''], [ANALYTICS, 'analytics: { label: Analytics, scale: access }'], ['  maxRoles: { basic: 5, pro: 10 }\n', '']], head: [[ANALYTICS, 'analytics: { label: Analytics, scale: access }'], ['  maxRoles: { basic: 5, pro: 10 }\n', '']] }, [['plan-added', 'neutral', 'basic'], ['plan-added', 'neutral', 'pro'], ['plan-added', 'neutral', 'enterprise'], ['account-plan-changed', 'neutral', 'plan'], ['feature-added', 'neutral', 'reports'], ['feature-added', 'neutral', 'sso']]],
  ['the account moved to the next plan', [['plan: pro', 'plan: enterprise']], [['account-plan-changed', 'escalation', 'plan']]],
  ['the account moved to the lowest plan', [['plan: pro', 'plan: basic']], [['limit-changed', 'restriction', 'maxRoles'], ['account-plan-changed', 'restriction', 'plan']]],
  // Limits: null is unlimited.
  ['a plan limit raised by one', [['maxRoles: { basic: 5, pro: 10 }', 'maxRoles: { basic: 5, pro: 11 }']], [['limit-changed', 'escalation', 'maxRoles'], ['limit-changed', 'escalation', 'pro', 'maxRoles.byPlan']]],
  ['a plan limit lowered by one', [['maxRoles: { basic: 5, pro: 10 }', 'maxRoles: { basic: 5, pro: 9 }']], [['limit-changed', 'restriction', 'maxRoles'], ['limit-changed', 'restriction', 'pro', 'maxRoles.byPlan']]],
  ['a plan limit added for a plan that took the next one', [['maxRoles: { basic: 5, pro: 10 }', 'maxRoles: { basic: 5, pro: 10, enterprise: 20 }']], [['limit-changed', 'neutral', 'enterprise', 'maxRoles.byPlan']]],
  ['a plan limit dropped: the plan takes the one below', [['maxRoles: { basic: 5, pro: 10 }', 'maxRoles: { basic: 5 }']], [['limit-changed', 'restriction', 'maxRoles'], ['limit-changed', 'neutral', 'pro', 'maxRoles.byPlan']]],
  ['a limit lifted', [['  maxCustomRoles: 4\n', '']], [['limit-changed', 'escalation', 'maxCustomRoles']]],
  ['a limit set', { base: [['  maxCustomRoles: 4\n', '']], head: [] }, [['limit-changed', 'restriction', 'maxCustomRoles']]],
  ['a limit raised by one', [['maxCustomRoles: 4', 'maxCustomRoles: 5']], [['limit-changed', 'escalation', 'maxCustomRoles']]],
  ['a limit lowered to zero', [['maxCustomRoles: 4', 'maxCustomRoles: 0']], [['limit-changed', 'restriction', 'maxCustomRoles']]],
  // Renames: which added role a removed one becomes.
  ['a role added like one that stays: not a rename', [ADD_ROLES('  helper: { name: Helper, grants: { tickets: read } }\n')], [['role-added', 'escalation', 'helper']]],
  ['two roles like a removed one: the one that kept its name is the rename', [AGENT_OUT('support'), ADD_ROLES('  helper: { name: Helper, grants: { tickets: read } }\n  support: { name: Agent, grants: { tickets: read } }\n')], [['role-added', 'escalation', 'helper'], ['role-renamed', 'neutral', 'support']]],
  ['two roles like a removed one, neither with its name: the first declared is the rename', [AGENT_OUT('support'), ADD_ROLES('  support: { name: Support, grants: { tickets: read } }\n  helper: { name: Helper, grants: { tickets: read } }\n')], [['role-renamed', 'neutral', 'support'], ['role-changed', 'neutral', 'support', 'name'], ['role-added', 'escalation', 'helper']]],
  ['two removed roles like one added: the first declared is renamed', { base: [['roles:\n  owner:', 'roles:\n  clerk: { name: Clerk, grants: { tickets: read } }\n  owner:']], head: [AGENT_GONE] }, [['role-renamed', 'neutral', 'support'], ['role-changed', 'neutral', 'support', 'name'], ['role-removed', 'restriction', 'agent'], ['default-role-changed', 'neutral', 'defaultRole']]],
  ['a role like a removed one held by other members: not a rename', { base: [MEMBERS_AGENT], head: [AGENT_GONE, ['defaultRole: support\n', `defaultRole: support\n${MEMBERS('bo', 'support')}`]] }, [['role-added', 'escalation', 'support'], ['role-removed', 'restriction', 'agent'], ['member-added', 'escalation', 'bo'], ['member-removed', 'restriction', 'ana'], ['default-role-changed', 'neutral', 'defaultRole']]],
  ['a role like a removed one held by the same members: a rename', { base: [MEMBERS_AGENT], head: [AGENT_GONE, ['defaultRole: support\n', `defaultRole: support\n${MEMBERS('ana', 'support')}`]] }, [['role-renamed', 'neutral', 'support']]],
  ['members listed only in the new version: a role held by them is not a rename', { base: [], head: [AGENT_GONE, ['defaultRole: support\n', `defaultRole: support\n${MEMBERS('ana', 'support')}`]] }, [['role-added', 'escalation', 'support'], ['role-removed', 'restriction', 'agent'], ['member-added', 'escalation', 'oz'], ['member-added', 'escalation', 'ana'], ['default-role-changed', 'neutral', 'defaultRole']]],
  ['a role like a removed one but with one grant raised: not a rename', [AGENT_GONE, ['  support: { name: Agent, grants: { tickets: read } }', '  support: { name: Agent, grants: { tickets: edit } }']], [['role-added', 'escalation', 'support'], ['role-removed', 'restriction', 'agent'], ['default-role-changed', 'escalation', 'defaultRole']]],
  ['a role like a removed one but with one grant lowered: not a rename', { base: [['grants: { tickets: read }', 'grants: { tickets: edit }']], head: [AGENT_GONE] }, [['role-added', 'escalation', 'support'], ['role-removed', 'restriction', 'agent'], ['default-role-changed', 'restriction', 'defaultRole']]],
  ['a role like a removed one held by nobody, the removed one held: not a rename', { base: [MEMBERS_AGENT], head: [AGENT_GONE, ['defaultRole: support\n', `defaultRole: support\n${MEMBERS('ana', 'owner')}`]] }, [['role-added', 'escalation', 'support'], ['role-removed', 'restriction', 'agent'], ['member-changed', 'escalation', 'ana', 'roles'], ['default-role-changed', 'neutral', 'defaultRole']]],
];

/** [name, edits, the one change of this kind and field, what it carries]. */
const VALUES: readonly (readonly [string, readonly Edit[] | { base: readonly Edit[]; head: readonly Edit[] }, ChangeKind, string, Partial<Change>])[] = [
  ['a resource attribute dropped: none left', { base: [['actions: [read, reply, close] }', 'actions: [read, reply, close], attributes: [brand] }']], head: [] }, 'resource-changed', 'attributes', { from: ['brand'], to: [] }],
  ['the needs of parts, sorted', { base: [PRIVATE('')], head: [PRIVATE('p1: { label: P1, actions: [reply], privateNeeds: analytics }, p2: { label: P2, actions: [read], privateNeeds: analytics }')] }, 'resource-changed', 'parts', { from: [], to: ['read needs analytics', 'reply needs analytics'] }],
  ['the requirements of a rule, sorted', [[TICKET_RULE, '{ resource: ticket, atLeast: read, actions: [read], requires: [{ action: reply }, { permission: analytics, atLeast: edit }] }']], 'permission-changed', 'access', { from: ['ticket: read (at read)'], to: ['ticket: read (at read) needing analytics at edit and may reply'] }],
  ['no least plan reads any', { base: [[ANALYTICS, 'analytics: { label: Analytics, scale: access }']], head: [[ANALYTICS, 'analytics: { label: Analytics, scale: access, minPlan: basic }']] }, 'permission-changed', 'minPlan', { message: 'permission analytics: least plan any -> basic' }],
  ['what takes effect, listed', { base: [[ANALYTICS, 'analytics: { label: Analytics, scale: access, minPlan: enterprise }']], head: [[ANALYTICS, 'analytics: { label: Analytics, scale: access, minPlan: enterprise }'], ['plan: pro', 'plan: enterprise']] }, 'account-plan-changed', 'plan', { impact: 'escalation', message: 'account plan pro -> enterprise (takes effect: analytics, sso)' }],
  ['what takes effect and what no longer does', { base: [CHATBOT], head: [CHATBOT, REVERSED] }, 'account-plan-changed', 'plan', { impact: 'escalation', message: 'plans reordered around the account plan pro (takes effect: sso; no longer in effect: chatbot)' }],
  ['nothing takes effect or stops', [['  pro: { label: Pro }', '  plus: { label: Pro }'], ['plan: pro', 'plan: plus'], ['reports: { label: Reports, minPlan: pro }', 'reports: { label: Reports, minPlan: plus }'], ['minPlan: pro }\n', 'minPlan: plus }\n'], ['maxRoles: { basic: 5, pro: 10 }', 'maxRoles: { basic: 5, plus: 10 }']], 'account-plan-changed', 'plan', { impact: 'neutral', message: 'account plan pro -> plus' }],
];

function run(row: (typeof ROWS)[number]): Change[] {
  const edits = row[1];
  const [base, head] = 'base' in edits ? [apply(BASE, edits.base), apply(BASE, edits.head)] : [BASE, apply(BASE, edits)];
  return diffPolicy('bounds', side(base), side(head));
}

describe('impacts at their boundaries', () => {
  it('the base policy compared with itself gives no change', () => {
    expect(diffPolicy('bounds', side(BASE), side(BASE))).toEqual([]);
  });

  it('an implication change names the implied permissions in id order', () => {
    const implies = (list: string): string => apply(BASE, [[ANALYTICS, `analytics: { label: Analytics, scale: access, minPlan: pro, implies: { ${list} } }`]]);
    const changes = diffPolicy('bounds', side(implies('tickets: read, notes: on')), side(implies('tickets: edit, notes: on')));
    expect(changes.map((c) => c.message)).toContain('permission analytics: implies {"notes":"on","tickets":"read"} -> {"notes":"on","tickets":"edit"}');
  });

  it.each(ROWS.map((r) => [r[0], r] as const))('%s', (_name, row) => {
    expect(run(row).map(brief)).toEqual(row[2]);
  });
});

describe('what a change carries', () => {
  it.each(VALUES)('%s', (name, edits, kind, field, want) => {
    const found = run([name, edits, []]).filter((c) => c.kind === kind && c.field === field);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject(want);
  });
});

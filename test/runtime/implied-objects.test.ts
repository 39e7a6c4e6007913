// A plain permission that implies a per-object one (a Guide admin manages every article): the
// resolve stage keeps the implication and closes role grants under it; the kernel raises every
// object's row, the policy's default objects and an account's own alike, in policy roles, custom
// roles, customised cells and tier nodes; the validators' subset checks and the account's
// escalation check see the raised rows; the reference evaluator agrees; the escalation analysis
// counts what the implication brings; the docs and the diff say it. What stays refused (a
// per-object permission implying anything) keeps per-object-use at its position.

import { describe, expect, it } from 'vitest';
import { diffPolicy } from '../../src/diff/diff-policy.js';
import { emitDocs } from '../../src/emit/emit-docs.js';
import { evaluateCan } from '../../src/evaluate/evaluate.js';
import { tablesOf } from '../../src/runtime/from-ir.js';
import { kCan, kOpenAccount, kRowOf, kValidateDraft, type KAccount } from '../../src/runtime/kernel.js';
import * as zendesk from '../../generated/zendesk/guards.js';
import { checkFiles, SCHEMA_LINE } from '../helpers.js';
import { compileSide } from '../diff/sides.js';

const POLICY = `${SCHEMA_LINE(2)}title: Guide
scales:
  toggle: { levels: [off, on] }
  rights: { levels: [none, edit, publish] }
  posts: { actions: [post, edit] }
objects:
  article: { label: Article, defaults: [welcome] }
  topic: { label: Community topic }
permissions:
  articles: { label: Article rights, scale: rights, perObject: article }
  topic_posts: { label: Topic posts, scale: posts, perObject: topic }
  guide_admin:
    label: Manage Guide
    scale: toggle
    implies: { articles: publish, topic_posts: [post, edit] }
  roles_admin: { label: Manage roles, scale: toggle }
delegation:
  manageRoles: [{ permission: roles_admin, atLeast: on }]
  assignRoles: [{ permission: roles_admin, atLeast: on }]
roles:
  owner: { name: Owner, kind: owner }
  admin: { name: Admin, admin: true, grants: { guide_admin: on, roles_admin: on } }
  agent: { name: Agent, editableBy: [admin], grants: { articles: { default: none, allowed: any }, guide_admin: { default: off, allowed: [on] } } }
  writer: { name: Writer, grants: { articles: edit } }
  head: { name: Head, editableBy: [owner], grants: { guide_admin: on } }
tiers:
  maxDepth: 2
  nodes:
    hq: { name: HQ }
    docs: { name: Docs team, parent: hq, grants: { guide_admin: on } }
`;

/** The policy with a role manager that edits every article but holds no Guide admin. */
const WITH_DESK = POLICY.replace('  head:', '  desk: { name: Desk, grants: { articles: edit, roles_admin: on } }\n  head:');

const checked = checkFiles({ 'policy.yaml': POLICY });
const ir = checked.ir!;
const t = tablesOf(ir);

describe('the resolve stage', () => {
  it('keeps an implication from a plain permission into per-object ones and closes role grants under it', () => {
    expect(checked.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(ir.permissions.guide_admin!.implies).toEqual({ articles: 'publish', topic_posts: ['edit', 'post'] });
    // A role's grant of a per-object permission is its value for every object.
    expect(ir.roles.admin!.grants.articles).toBe('publish');
    expect([...ir.roles.admin!.grants.topic_posts!].sort()).toEqual(['edit', 'post']);
    expect(ir.roles.writer!.grants.articles).toBe('edit');
    expect(ir.tiers!.nodes.docs!.grants.articles).toBe('publish');
    expect(ir.roles.agent!.grants.articles).toBe('none');
  });

  const refused = (permissions: string): string => `${SCHEMA_LINE(2)}title: Refused
scales:
  toggle: { levels: [off, on] }
objects:
  article: { label: Article }
permissions:
${permissions}
roles:
  owner: { name: Owner, kind: owner }
`;
  const ROWS: readonly [string, string, string][] = [
    ['a per-object permission implying a plain one', '  articles: { label: A, scale: toggle, perObject: article, implies: { other: on } }\n  other: { label: O, scale: toggle }', '/permissions/articles/implies/other'],
    ['a per-object permission implying another of its kind', '  articles: { label: A, scale: toggle, perObject: article, implies: { other: on } }\n  other: { label: O, scale: toggle, perObject: article }', '/permissions/articles/implies/other'],
  ];
  it.each(ROWS)('refuses %s (per-object-use at the implication)', (_, permissions, path) => {
    const r = checkFiles({ 'policy.yaml': refused(permissions) });
    expect(r.diagnostics.map((d) => [d.rule, d.code, d.path])).toEqual([['per-object-use', 'PC3032', path]]);
    expect(r.ir?.permissions.articles?.implies).toEqual({});
  });
});

describe('the static tables: the default objects', () => {
  const ROWS: readonly [role: string, permission: string, object: string, level: string, want: boolean][] = [
    ['admin', 'articles', 'welcome', 'publish', true],
    ['head', 'articles', 'welcome', 'publish', true],
    ['writer', 'articles', 'welcome', 'edit', true],
    ['writer', 'articles', 'welcome', 'publish', false],
    ['agent', 'articles', 'welcome', 'edit', false],
    ['owner', 'articles', 'welcome', 'publish', true],
    // A topic has no default objects: denied to everyone until an account defines one.
    ['admin', 'topic_posts', 'general', 'post', false],
    ['admin', 'articles', 'other', 'edit', false],
  ];
  it.each(ROWS)('%s: %s on %s at %s -> %s, as the reference evaluator says', (role, permission, object, level, want) => {
    expect(kCan(t, role, kRowOf(permission, { object }), level, undefined)).toBe(want);
    expect(evaluateCan(ir, [role], permission, level, undefined, null, undefined, object)).toBe(want);
  });

  it('a member of a tier node whose grants imply the permission holds it on every object', () => {
    expect(evaluateCan(ir, ['agent'], 'articles', 'publish', undefined, 'docs', undefined, 'welcome')).toBe(true);
    expect(evaluateCan(ir, ['agent'], 'articles', 'edit', undefined, 'hq', undefined, 'welcome')).toBe(false);
  });
});

describe("an account's objects and roles", () => {
  const open = (data: unknown) => kOpenAccount(t, {}, data);
  const ok = (data: unknown): KAccount => {
    const r = open(data);
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    return r.account;
  };
  const OWNER = [{ id: 'o', roles: ['owner'] }];
  const OBJECTS = { article: ['a1', 'a2', 'new_one'], topic: ['general', 'ideas'] };

  it('a role holding the plain permission holds every object the account defines, one nobody was granted included', () => {
    const acc = ok({
      objects: OBJECTS,
      roles: { agent: { 'articles:a1': 'edit' } },
      customRoles: [
        { id: 'guide_lead', name: 'Guide lead', grants: { guide_admin: 'on' } },
        { id: 'a2_editor', name: 'A2 editor', grants: { 'articles:a2': 'edit', 'topic_posts:ideas': ['post'] } },
      ],
      tiers: [{ id: 'kb', name: 'Knowledge base', parent: 'hq', grants: { guide_admin: 'on' } }],
      members: OWNER,
    });
    for (const role of ['admin', 'head', 'guide_lead', 'owner']) {
      for (const object of OBJECTS.article) expect(acc.can(role, 'articles', 'publish', { object }), `${role} ${object}`).toBe(true);
      for (const object of OBJECTS.topic) expect([...(acc.levelOf(role, 'topic_posts', { object }) ?? [])].sort(), `${role} ${object}`).toEqual(['edit', 'post']);
    }
    // Without the plain permission, only what the account grants object by object.
    expect(acc.can('agent', 'articles', 'edit', { object: 'a1' })).toBe(true);
    expect(acc.can('agent', 'articles', 'edit', { object: 'a2' })).toBe(false);
    expect(acc.can('a2_editor', 'articles', 'edit', { object: 'a2' })).toBe(true);
    expect(acc.can('a2_editor', 'articles', 'publish', { object: 'a2' })).toBe(false);
    expect(acc.can('a2_editor', 'articles', 'edit', { object: 'new_one' })).toBe(false);
    expect(acc.can('a2_editor', 'topic_posts', 'post', { object: 'ideas' })).toBe(true);
    expect(acc.can('a2_editor', 'topic_posts', 'edit', { object: 'ideas' })).toBe(false);
    expect(acc.can('a2_editor', 'topic_posts', 'post', { object: 'general' })).toBe(false);
    // Tier nodes whose grants imply it, the policy's and one the account adds: their members hold every object.
    expect(acc.memberCan({ roles: ['agent'], tier: 'docs' }, 'articles', 'publish', { object: 'new_one' })).toBe(true);
    expect(acc.memberCan({ roles: ['agent'], tier: 'kb' }, 'topic_posts', 'edit', { object: 'general' })).toBe(true);
    expect(acc.memberCan({ roles: ['agent'], tier: 'hq' }, 'articles', 'edit', { object: 'new_one' })).toBe(false);
  });

  it('a customised cell that gives a policy role the plain permission raises its every object', () => {
    const acc = ok({ objects: OBJECTS, roles: { agent: { guide_admin: 'on' } }, members: OWNER });
    expect(acc.can('agent', 'articles', 'publish', { object: 'new_one' })).toBe(true);
    expect(acc.can('agent', 'topic_posts', 'edit', { object: 'general' })).toBe(true);
  });

  it("a custom role's object cell below the implied value is raised to it, as any implied value is", () => {
    const acc = ok({ objects: OBJECTS, customRoles: [{ id: 'c', name: 'C', grants: { guide_admin: 'on', 'articles:a1': 'none' } }], members: OWNER });
    expect(acc.levelOf('c', 'articles', { object: 'a1' })).toBe('publish');
  });

  it('the subset checks compare the raised rows: who lacks the plain permission cannot hand it out; who holds it can hand out any object', () => {
    const desk = { id: 'd', roles: ['desk'] };
    const admin = { id: 'a', roles: ['admin'] };
    const rule = (v: { ok: boolean; problems?: readonly { rule: string }[] }) => (v.ok ? [] : v.problems!.map((p) => p.rule));
    // The static validators, on the default object.
    const st = tablesOf(checkFiles({ 'policy.yaml': WITH_DESK }).ir!);
    expect(rule(kValidateDraft(st, desk, { id: 'x', name: 'X', grants: { guide_admin: 'on' } }, undefined))).toEqual(['escalation-subset']);
    expect(rule(kValidateDraft(st, desk, { id: 'x', name: 'X', grants: { 'articles:welcome': 'publish' } }, undefined))).toEqual(['escalation-subset']);
    expect(kValidateDraft(st, desk, { id: 'x', name: 'X', grants: { 'articles:welcome': 'edit' } }, undefined)).toEqual({ ok: true });
    // An account's objects: the desk edits every article but publishes none; a Guide admin publishes every one.
    const r = kOpenAccount(st, {}, { objects: OBJECTS, members: OWNER });
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    const acc = r.account;
    expect(rule(acc.validateRoleDraft(desk, { id: 'x', name: 'X', grants: { guide_admin: 'on' } }))).toEqual(['escalation-subset']);
    const one = acc.validateRoleDraft(desk, { id: 'x', name: 'X', grants: { 'articles:new_one': 'publish' } });
    expect(one.ok ? [] : one.problems.map((p) => [p.rule, p.message.includes('articles:new_one')])).toEqual([['escalation-subset', true]]);
    expect(acc.validateRoleDraft(desk, { id: 'x', name: 'X', grants: { 'articles:a1': 'edit' } })).toEqual({ ok: true });
    expect(acc.validateRoleDraft(admin, { id: 'x', name: 'X', grants: { 'articles:new_one': 'publish', 'topic_posts:ideas': ['post', 'edit'] } })).toEqual({ ok: true });
    expect(acc.validateRoleDraft(admin, { id: 'x', name: 'X', grants: { guide_admin: 'on' } })).toEqual({ ok: true });
  });

  it("the account's escalation check: a role manager that holds every object one by one but not the plain permission reaches no role holding it", () => {
    const everyEdit = Object.fromEntries(OBJECTS.article.map((o) => [`articles:${o}`, 'publish']));
    const topics = Object.fromEntries(OBJECTS.topic.map((o) => [`topic_posts:${o}`, ['post', 'edit']]));
    const manager = { id: 'm', name: 'M', grants: { ...everyEdit, ...topics, roles_admin: 'on' } };
    const holder = { id: 'g', name: 'G', grants: { guide_admin: 'on' } };
    const r = open({ objects: OBJECTS, customRoles: [manager, holder], members: OWNER });
    expect(r.ok ? [] : r.problems.map((p) => [p.rule, p.path, p.message.includes('guide_admin')])).toContainEqual(['escalation-subset', '/customRoles/0/grants', true]);
    // With the plain permission as well, the same manager reaches it.
    expect(open({ objects: OBJECTS, customRoles: [{ ...manager, grants: { ...manager.grants, guide_admin: 'on' } }, holder], members: OWNER }).ok).toBe(true);
  });
});

describe('the escalation analysis counts what an implication brings on every object', () => {
  it('a role manager that may raise a role to the plain permission gains every object through it', () => {
    const text = WITH_DESK.replace('  head:', '  draft: { name: Draft, grants: { articles: edit, guide_admin: { default: off, allowed: [on] } } }\n  head:');
    expect(checkFiles({ 'policy.yaml': WITH_DESK }).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const r = checkFiles({ 'policy.yaml': text });
    const found = r.diagnostics.filter((d) => d.rule.startsWith('escalation') && d.path === '/roles/desk');
    expect(found).toHaveLength(1);
    // articles is declared before guide_admin: the first permission beyond the writer's is the implied one.
    expect(found[0]!.message).toContain('articles');
  });
});

describe('docs and diff', () => {
  it("the generated README says what the implication brings on every object, and which permission brings it", () => {
    const readme = emitDocs(ir, 'policies/guide');
    expect(readme).toContain('brings Article rights at least publish on every Article');
    expect(readme).toMatch(/\| Article \| `article` \| Article rights \| Manage Guide: Article rights at least publish \|/);
  });

  it('adding an implication into a per-object permission is an escalation, and the roles holding the source gain it', () => {
    // The administrator holds every object in both versions; the head of Guide only through the implication.
    const head = POLICY.replace('grants: { guide_admin: on, roles_admin: on }', 'grants: { guide_admin: on, roles_admin: on, articles: publish, topic_posts: [post, edit] }');
    const base = head.replace('    implies: { articles: publish, topic_posts: [post, edit] }\n', '');
    const changes = diffPolicy('guide', compileSide({ 'policy.yaml': base }, 'guide'), compileSide({ 'policy.yaml': head }, 'guide'));
    const implies = changes.find((c) => c.kind === 'permission-changed' && c.field === 'implies');
    expect(implies?.impact).toBe('escalation');
    expect(implies?.permission).toBe('guide_admin');
    const raised = changes.filter((c) => c.kind === 'grant-raised' && c.permission === 'articles').map((c) => [c.role ?? c.tier, c.impact]);
    expect(raised).toEqual([['head', 'escalation'], ['docs', 'escalation']]);
  });
});

describe('the generated Zendesk guards: Manage Guide brings every article and topic', () => {
  it('statically no article exists; an account answers for its own, an article no role was granted included, and only while the help center is on', () => {
    expect(zendesk.can('admin', 'help_center.article_rights', 'edit', { object: 'faq' })).toBe(false);
    const data = { plan: 'enterprise' as const, objects: { article: ['faq', 'added_later'], community_topic: ['tips'] }, roles: { agent: { 'help_center.article_rights:faq': 'edit' as const } } };
    const r = zendesk.openAccount(data);
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    expect(r.account.can('admin', 'help_center.article_rights', 'publish', { object: 'added_later' })).toBe(true);
    expect(r.account.can('admin', 'help_center.topic_posts', 'edit', { object: 'tips' })).toBe(true);
    expect(r.account.can('agent', 'help_center.article_rights', 'edit', { object: 'faq' })).toBe(true);
    expect(r.account.can('agent', 'help_center.article_rights', 'edit', { object: 'added_later' })).toBe(false);
    const off = zendesk.openAccount({ ...data, switches: { help_center: false } });
    if (!off.ok) throw new Error(JSON.stringify(off.problems));
    expect(off.account.can('admin', 'help_center.article_rights', 'edit', { object: 'added_later' })).toBe(false);
    expect(off.account.can('agent', 'help_center.article_rights', 'edit', { object: 'faq' })).toBe(false);
  });
});

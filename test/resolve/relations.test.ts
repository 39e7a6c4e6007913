// Relations a policy declares (an actor attribute, or the actor's own id, matched against a resource attribute): how they
// resolve and are refused, and how every answering layer reads them: the runtime kernel (static
// tables, an account's members), the reference evaluator, accessFilter and the policy tests. The
// equivalence with SpiceDB and with SQL (PGlite, SQLite) is proven on Zendesk's same_brand in
// test/spicedb/equivalence.test.ts and test/runtime/access-filter.test.ts.

import { describe, expect, it } from 'vitest';
import { emitAccountSchema } from '../../src/emit/emit-account-schema.js';
import { emitDocs } from '../../src/emit/emit-docs.js';
import { emitGuards } from '../../src/emit/emit-guards.js';
import { evaluateAccess } from '../../src/evaluate/evaluate.js';
import { runPolicyTests } from '../../src/policy-test/run-tests.js';
import { tablesOf } from '../../src/runtime/from-ir.js';
import { kAccessFilter, kCanAccess, kOpenAccount } from '../../src/runtime/kernel.js';
import { checkFiles, SCHEMA_LINE } from '../helpers.js';

const POLICY = `${SCHEMA_LINE(2)}title: Brands
scales:
  toggle: { levels: [off, on] }
resources:
  ticket: { label: Ticket, actions: [view, assign], attributes: [brand] }
  chat: { label: Chat, actions: [view] }
relations:
  same_brand: { label: Same brand, actor: brands, resource: brand }
permissions:
  brand_tickets:
    label: Tickets of their brands
    scale: toggle
    access:
      - { resource: ticket, relations: [same_brand], actions: [view] }
      - { resource: ticket, relations: [same_group, same_brand], actions: [assign] }
roles:
  owner: { name: Owner, kind: owner }
  agent: { name: Agent, grants: { brand_tickets: "on" } }
`;

const located = (files: Record<string, string>) => checkFiles(files).diagnostics.map((d) => [d.rule, d.path, d.line, d.column, d.hint ?? null]);

describe('declared relations resolve', () => {
  it('into the IR, with the resource kind attributes; rules keep the defaults first, then declared ones', () => {
    const r = checkFiles({ 'policy.yaml': POLICY });
    expect(r.diagnostics).toEqual([]);
    const ir = r.ir!;
    expect(ir.relations).toEqual({ same_brand: { label: 'Same brand', description: null, actor: 'brands', resource: 'brand', many: false } });
    expect(ir.resources.ticket!.attributes).toEqual(['brand']);
    expect('attributes' in ir.resources.chat!).toBe(false);
    expect(ir.permissions.brand_tickets!.access.map((a) => a.relations)).toEqual([['same_brand'], ['same_group', 'same_brand']]);
  });

  const cases: [string, [string, string][], (string | number | null)[][]][] = [
    ['an unknown relation in a rule, with a did-you-mean hint', [['relations: [same_brand], actions: [view]', 'relations: [same_brnd], actions: [view]']], [['unknown-reference', '/permissions/brand_tickets/access/0/relations/0', 15, 41, 'did you mean "same_brand"?']]],
    ['an unknown relation in an exception', [['permissions:\n', 'exceptions:\n  e: { label: E, resource: ticket, relations: [same_bran], actions: [view] }\npermissions:\n']], [['unknown-reference', '/exceptions/e/relations/0', 11, 48, 'did you mean "same_brand"?']]],
    ['an unknown resource attribute, with a hint', [['resource: brand }', 'resource: brnd }']], [['unknown-reference', '/relations/same_brand/resource', 9, 61, 'did you mean "brand"?']]],
    ['a kind that does not declare the attribute the relation reads', [['relations: [same_group, same_brand], actions: [assign] }', 'relations: [same_group, same_brand], actions: [assign] }\n      - { resource: chat, relations: [same_brand], actions: [view] }']], [['relation-attribute', '/permissions/brand_tickets/access/2/relations/0', 17, 39, 'add "brand" to the attributes of resource "chat"']]],
    ['an actor attribute that every actor has', [['actor: brands', 'actor: groups']], [['relation-attribute', '/relations/same_brand/actor', 9, 43, null]]],
    ['a resource attribute that every resource has', [['attributes: [brand] }', 'attributes: [brand, group] }']], [['relation-attribute', '/resources/ticket/attributes/1', 6, 73, 'the default relations read it already; declare only fields of its own']]],
    ['a declared relation named like a default one', [['  same_brand: { label', '  same_brand: { label: X, actor: teams, resource: brand }\n  same_tier: { label']], [['relation-default', '/relations/same_tier', 10, 3, null]]],
  ];
  it.each(cases)('refuses %s', (_name, edits, want) => {
    let text = POLICY;
    for (const [from, to] of edits) {
      expect(text).toContain(from);
      text = text.replace(from, to);
    }
    const got = located({ 'policy.yaml': text });
    // A null hint in the table: the hint is not asserted.
    expect(got.map((d, i) => (want[i]?.[4] === null ? [...d.slice(0, 4), null] : d))).toEqual(want);
  });
});

it('at most 20 relations across the files of a policy, the first 20 kept', () => {
  const more = (from: number) =>
    `${SCHEMA_LINE(3)}relations:\n${Array.from({ length: 11 }, (_, i) => `  rel_${from + i}: { label: R, actor: brands, resource: brand }\n`).join('')}`;
  const r = checkFiles({ 'policy.yaml': POLICY, 'roles/a.yaml': more(0), 'roles/b.yaml': more(11) });
  expect(r.diagnostics.map((d) => [d.rule, d.file.replace(/^.*\//, ''), d.path])).toEqual([
    ['schema', 'b.yaml', '/relations/rel_19'],
    ['schema', 'b.yaml', '/relations/rel_20'],
    ['schema', 'b.yaml', '/relations/rel_21'],
  ]);
});

describe('declared relations answer', () => {
  const ir = checkFiles({ 'policy.yaml': POLICY }).ir!;
  const t = tablesOf(ir);
  const ticket = (brand: unknown, extra: object = {}) => ({ kind: 'ticket', brand, ...extra });
  const agent = (brands: unknown, extra: object = {}) => ({ id: 'a', roles: ['agent'], ...(brands === undefined ? {} : { brands }), ...extra });
  // [what, actor's brands, ticket's brand, allowed]
  const rows: [string, unknown, unknown, boolean][] = [
    ['one of the actor\'s brands', ['shoes', 'hats'], 'hats', true],
    ['the actor\'s single brand', 'shoes', 'shoes', true],
    ['a brand the actor does not belong to', ['shoes'], 'hats', false],
    ['an actor without brands', undefined, 'shoes', false],
    ['an actor whose brands are malformed', 7, 'shoes', false],
    ['an actor whose brands hold a number', [7], '7', false],
    ['a ticket without a brand', ['shoes'], undefined, false],
    ['a ticket whose brand is empty', [''], '', false],
    ['a ticket whose brand is not a string', ['shoes'], ['shoes'], false],
  ];
  it.each(rows)('%s: kernel, reference and accessFilter agree', (_name, brands, brand, want) => {
    expect(kCanAccess(t, agent(brands), ticket(brand), 'view', undefined)).toBe(want);
    expect(evaluateAccess(ir, agent(brands) as never, ticket(brand) as never, 'view').allowed).toBe(want);
  });

  it('needs every relation of a rule: the declared one and a default one together', () => {
    expect(kCanAccess(t, agent(['shoes'], { groups: ['g'] }), ticket('shoes', { group: 'g' }), 'assign', undefined)).toBe(true);
    expect(kCanAccess(t, agent(['shoes'], { groups: ['g'] }), ticket('shoes', { group: 'h' }), 'assign', undefined)).toBe(false);
    expect(kCanAccess(t, agent(['hats'], { groups: ['g'] }), ticket('shoes', { group: 'g' }), 'assign', undefined)).toBe(false);
  });

  it('accessFilter tests the resource attribute against the actor\'s values, sorted and unique', () => {
    expect(kAccessFilter(t, agent(['shoes', 'hats', 'shoes', '']), 'ticket', 'view', undefined)).toEqual({ field: 'brand', op: 'in', value: ['hats', 'shoes'] });
    expect(kAccessFilter(t, agent('shoes'), 'ticket', 'view', undefined)).toEqual({ field: 'brand', op: 'in', value: ['shoes'] });
    expect(kAccessFilter(t, agent(undefined), 'ticket', 'view', undefined)).toBe(false);
  });

  it('reads an account member\'s attributes from the account data, and refuses malformed ones', () => {
    const opened = kOpenAccount(t, {}, { members: [{ id: 'o', roles: ['owner'] }, { id: 'ana', roles: ['agent'], brands: ['shoes'] }, { id: 'bo', roles: ['agent'], brands: 'hats' }] });
    expect(opened.ok).toBe(true);
    if (!opened.ok) return;
    expect(opened.account.canAccess('ana', ticket('shoes'), 'view')).toBe(true);
    expect(opened.account.canAccess('ana', ticket('hats'), 'view')).toBe(false);
    expect(opened.account.canAccess('bo', ticket('hats'), 'view')).toBe(true);
    expect(opened.account.accessFilter('ana', 'ticket', 'view')).toEqual({ field: 'brand', op: 'in', value: ['shoes'] });
    expect(opened.account.data.members?.[1]).toEqual({ id: 'ana', roles: ['agent'], brands: ['shoes'] });
    const bad = kOpenAccount(t, {}, { members: [{ id: 'o', roles: ['owner'] }, { id: 'ana', roles: ['agent'], brands: [1] }, { id: 'bo', roles: ['agent'], brand: 'x' }] });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.problems.map((p) => [p.rule, p.path])).toEqual([
      ['account-schema', '/members/1/brands'],
      ['account-schema', '/members/2/brand'],
    ]);
  });

  it('policy tests take the attributes as fields of actors and resources, and refuse unknown ones with a hint', () => {
    const suite = `${SCHEMA_LINE(3)}actors:
  ana: { roles: [agent], brands: [shoes] }
  bo: { roles: [agent], brandz: [shoes] }
resources:
  shoes: { kind: ticket, brand: shoes }
  hats: { kind: ticket, brnd: hats }
cases:
  - { name: Ana views a ticket of her brand, actor: ana, resource: shoes, action: view, expect: allow }
  - { name: Bo has a misspelt attribute, actor: bo, resource: shoes, action: view }
  - { name: The ticket has a misspelt attribute, actor: ana, resource: hats, action: view }
`;
    const run = runPolicyTests(ir, 'p', [{ path: 'tests/brands.yaml', bytes: Buffer.from(suite) }]);
    expect(run.results.map((r) => r.passed)).toEqual([true, false, false]);
    expect(run.diagnostics.map((d) => [d.rule, d.path, d.hint])).toEqual([
      ['unknown-reference', '/actors/bo/brandz', 'did you mean "brands"?'],
      ['unknown-reference', '/resources/hats/brnd', 'did you mean "brand"?'],
    ]);
    // The declared relation counts as exercised once a case meets it; same_group is in no case.
    expect(run.coverage!.relations.missing).toEqual(["ticket: same_group"]);
  });
});

// A relation on the actor's own id: the resource belongs to the actor (its author).
const OWN = `${SCHEMA_LINE(2)}title: Notes
scales:
  toggle: { levels: [off, on] }
resources:
  note: { label: Note, actions: [view, delete], attributes: [author] }
relations:
  own_note: { label: Own note, actor: id, resource: author }
exceptions:
  author_deletes: { label: The author deletes their own note, resource: note, relations: [own_note], actions: [view, delete] }
permissions:
  notes.delete_others:
    label: Delete others' notes
    scale: toggle
    access:
      - { resource: note, atLeast: "on", actions: [view, delete] }
roles:
  owner: { name: Owner, kind: owner }
  agent: { name: Agent }
  lead: { name: Lead, grants: { notes.delete_others: "on" } }
`;

describe('a declared relation on the actor\'s own id', () => {
  it('resolves with actor: id, and the other fields every actor has stay refused', () => {
    const r = checkFiles({ 'policy.yaml': OWN });
    expect(r.diagnostics).toEqual([]);
    expect(r.ir!.relations).toEqual({ own_note: { label: 'Own note', description: null, actor: 'id', resource: 'author', many: false } });
    for (const field of ['roles', 'groups', 'organization', 'tier', 'name']) {
      expect(located({ 'policy.yaml': OWN.replace('actor: id', `actor: ${field}`) }), field).toEqual([['relation-attribute', '/relations/own_note/actor', 8, 39, `name the actor's attribute for what it holds (e.g. ${field}_list), or use a default relation`]]);
    }
    // The resource attribute must still be one the kind declares.
    expect(located({ 'policy.yaml': OWN.replace('resource: author }', 'resource: autor }') }).map((d) => d.slice(0, 2))).toEqual([['unknown-reference', '/relations/own_note/resource']]);
    expect(located({ 'policy.yaml': OWN.replace('attributes: [author]', 'attributes: [writer]') }).map((d) => d.slice(0, 2))).toEqual([['unknown-reference', '/relations/own_note/resource']]);
  });

  const ir = checkFiles({ 'policy.yaml': OWN }).ir!;
  const t = tablesOf(ir);
  const note = (author: unknown) => ({ kind: 'note', author });
  // [what, actor, note's author, allowed to delete]
  const rows: [string, object, unknown, boolean][] = [
    ['the author, without any permission', { id: 'ana', roles: ['agent'] }, 'ana', true],
    ['another agent', { id: 'bo', roles: ['agent'] }, 'ana', false],
    ['another operator with the permission', { id: 'bo', roles: ['lead'] }, 'ana', true],
    ['an actor without an id', { roles: ['agent'] }, 'ana', false],
    ['an actor whose id is empty, on a note without author', { id: '', roles: ['agent'] }, '', false],
    ['an actor whose id is not a string', { id: ['ana'], roles: ['agent'] }, 'ana', false],
    ['a note whose author is not a string', { id: 'ana', roles: ['agent'] }, ['ana'], false],
    ['a note without author', { id: 'ana', roles: ['agent'] }, undefined, false],
    ['an actor with an unknown role, the author', { id: 'ana', roles: ['ghost'] }, 'ana', true],
  ];
  it.each(rows)('%s: kernel and reference agree', (_name, actor, author, want) => {
    expect(kCanAccess(t, actor, note(author), 'delete', undefined)).toBe(want);
    expect(evaluateAccess(ir, { groups: [], ...actor } as never, note(author) as never, 'delete').allowed).toBe(want);
  });

  it('accessFilter: the author column equals the actor\'s id; with the permission every note', () => {
    expect(kAccessFilter(t, { id: 'ana', roles: ['agent'] }, 'note', 'delete', undefined)).toEqual({ field: 'author', op: 'eq', value: 'ana' });
    expect(kAccessFilter(t, { id: '', roles: ['agent'] }, 'note', 'delete', undefined)).toBe(false);
    expect(kAccessFilter(t, { roles: ['agent'] }, 'note', 'delete', undefined)).toBe(false);
    expect(kAccessFilter(t, { id: 'bo', roles: ['lead'] }, 'note', 'delete', undefined)).toBe(true);
  });

  it("an account's member is matched by the id it is listed under, and carries no attribute for it", () => {
    const opened = kOpenAccount(t, {}, { members: [{ id: 'o', roles: ['owner'] }, { id: 'ana', roles: ['agent'] }] });
    expect(opened.ok).toBe(true);
    if (!opened.ok) return;
    expect(opened.account.canAccess('ana', note('ana'), 'delete')).toBe(true);
    expect(opened.account.canAccess('ana', note('o'), 'delete')).toBe(false);
    expect(opened.account.canAccess('ghost', note('ghost'), 'delete')).toBe(false);
    expect(opened.account.accessFilter('ana', 'note', 'delete')).toEqual({ field: 'author', op: 'eq', value: 'ana' });
    expect(opened.account.member('ana')?.attributes).toEqual({});
    // A key beside the member's own keys is still refused: id is not an attribute of its own.
    const bad = kOpenAccount(t, {}, { members: [{ id: 'o', roles: ['owner'] }, { id: 'ana', roles: ['agent'], author: 'ana' }] });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.problems.map((p) => [p.rule, p.path])).toEqual([['account-schema', '/members/1/author']]);
  });

  it('the guards and the account schema give the member no attribute for it: the id stays a string', () => {
    const guards = emitGuards(ir, 'p');
    const actorAttributes = guards.slice(guards.indexOf('export interface ActorAttributes {')).split('\n}')[0]!;
    expect(actorAttributes.split('\n')).toEqual(['export interface ActorAttributes {']);
    expect(guards).toContain("(none: they read the actor's own id)");
    const schema = JSON.parse(emitAccountSchema(ir, 'p')) as { $defs: { member: { properties: Record<string, unknown> } } };
    expect(Object.keys(schema.$defs.member.properties).sort()).toEqual(['groups', 'id', 'name', 'organization', 'roles', 'tier']);
    expect(schema.$defs.member.properties.id).toMatchObject({ type: 'string' });
  });

  it('policy tests match the actor\'s key against the attribute', () => {
    const suite = `${SCHEMA_LINE(3)}actors:
  ana: { roles: [agent] }
  bo: { roles: [agent] }
resources:
  anas: { kind: note, author: ana }
cases:
  - { name: Ana deletes her note, actor: ana, resource: anas, action: delete, expect: allow }
  - { name: Bo may not delete Ana's note, actor: bo, resource: anas, action: delete, expect: deny }
  - { name: A lead deletes Ana's note, roles: [lead], resource: anas, action: delete, expect: allow }
`;
    const run = runPolicyTests(ir, 'p', [{ path: 'tests/notes.yaml', bytes: Buffer.from(suite) }]);
    expect(run.diagnostics).toEqual([]);
    expect(run.results.map((r) => r.passed)).toEqual([true, true, true]);
    expect(run.coverage!.relations.missing).toEqual([]);
  });

  it("a suite actor's id is its key: an id of its own is refused at the id, an inline actor's is used", () => {
    const suite = `${SCHEMA_LINE(3)}actors:
  writer: { id: ana, roles: [agent] }
resources:
  anas: { kind: note, author: ana }
cases:
  - { name: The writer deletes Ana's note, actor: writer, resource: anas, action: delete, expect: allow }
  - { name: Ana inline, actor: { id: ana, roles: [agent] }, resource: anas, action: delete, expect: allow }
  - { name: Ana's id is no attribute to suggest, actor: { roles: [agent], ix: ana }, resource: anas, action: delete, expect: deny }
`;
    const run = runPolicyTests(ir, 'p', [{ path: 'tests/notes.yaml', bytes: Buffer.from(suite) }]);
    const where = (d: { rule: string; path?: string; line?: number; hint?: string }) => [d.rule, d.path, d.line, d.hint ?? null];
    expect(run.results.map((r) => r.passed)).toEqual([false, true, false]);
    expect((run.results[0]!.errors ?? []).map(where)).toEqual([['schema', '/actors/writer/id', 3, 'rename the actor to the id it should have, and remove id']]);
    // The policy's only actor attribute is the id, which is no attribute: nothing to suggest.
    expect((run.results[2]!.errors ?? []).map(where)).toEqual([['unknown-reference', '/cases/2/actor/ix', 9, 'the policy defines none']]);
  });
});

// A relation against a list on the resource (`many`): the resource is shared with the actor.
const SHARED = `${SCHEMA_LINE(2)}title: Dashboards
scales:
  toggle: { levels: [off, on] }
resources:
  dashboard: { label: Dashboard, actions: [view, edit], attributes: [shared_with, teams] }
relations:
  shared_dashboard: { label: Shared with them, actor: id, resource: shared_with, many: true }
  team_dashboard: { label: Of their team, actor: teams, resource: teams, many: true }
permissions:
  dashboards.view:
    label: View shared dashboards
    scale: toggle
    access:
      - { resource: dashboard, atLeast: "on", relations: [shared_dashboard], actions: [view] }
      - { resource: dashboard, atLeast: "on", relations: [team_dashboard], actions: [edit] }
roles:
  owner: { name: Owner, kind: owner }
  agent: { name: Agent, grants: { dashboards.view: "on" } }
`;

describe('a declared relation against a list on the resource (many: true)', () => {
  const r = checkFiles({ 'policy.yaml': SHARED });
  const ir = r.ir!;
  const t = tablesOf(ir);
  const agent = (id: unknown, teams?: unknown) => ({ id, roles: ['agent'], ...(teams === undefined ? {} : { teams }) });
  const board = (shared: unknown, teams?: unknown) => ({ kind: 'dashboard', ...(shared === undefined ? {} : { shared_with: shared }), ...(teams === undefined ? {} : { teams }) });

  it('resolves with many in the IR and the kernel tables, and types the attribute as a list in the guards', () => {
    expect(r.diagnostics).toEqual([]);
    expect(ir.relations.shared_dashboard).toEqual({ label: 'Shared with them', description: null, actor: 'id', resource: 'shared_with', many: true });
    expect(t.relations).toEqual([['id', 'shared_with', 1], ['teams', 'teams', 1]]);
    const guards = emitGuards(ir, 'p');
    expect(guards).toContain('readonly "shared_with"?: readonly string[];');
    expect(guards).toContain('readonly "teams"?: readonly string[];');
  });

  it('refuses, located, a second relation that reads the same attribute as one value', () => {
    const text = SHARED.replace('  team_dashboard:', '  owned: { label: Owned, actor: id, resource: shared_with }\n  team_dashboard:');
    expect(located({ 'policy.yaml': text }).map((d) => d.slice(0, 4))).toEqual([['relation-attribute', '/relations/owned', 9, 3]]);
    const flipped = SHARED.replace('  team_dashboard:', '  owned: { label: Owned, actor: id, resource: shared_with, many: false }\n  team_dashboard:');
    const got = checkFiles({ 'policy.yaml': flipped }).diagnostics;
    expect(got.map((d) => [d.rule, d.code, d.path, d.message])).toEqual([['relation-attribute', 'PC3033', '/relations/owned/many', 'relation "owned" reads the resource\'s "shared_with" as one value, but relation "shared_dashboard" reads it as a list of values']]);
    // A rule naming the refused relation is left out without a second report.
    expect(checkFiles({ 'policy.yaml': flipped.replace('relations: [shared_dashboard], actions: [view]', 'relations: [owned], actions: [view]') }).diagnostics.map((d) => d.rule)).toEqual(['relation-attribute']);
    expect(checkFiles({ 'policy.yaml': SHARED.replace('many: true }\n  team', 'many: yes }\n  team') }).diagnostics.map((d) => d.rule)).toContain('schema');
  });

  const rows: [string, unknown, unknown, boolean][] = [
    ['the list holds the actor', 'ana', ['bo', 'ana'], true],
    ['the list holds others only', 'ana', ['bo'], false],
    ['an empty list', 'ana', [], false],
    ['no list', 'ana', undefined, false],
    ['one string instead of a list', 'ana', 'ana', false],
    ['a list with a number and an empty string', 'ana', [1, '', null, { id: 'ana' }], false],
    ['a malformed item beside the actor', 'ana', [1, 'ana'], true],
    ['an actor with an empty id and an empty item', '', [''], false],
    ['an actor whose id is not a string', 7, [7, '7'], false],
    ['a list longer than the kernel reads', 'ana', [...Array.from({ length: 10_000 }, () => 'x'), 'ana'], false],
  ];
  it.each(rows)('%s: kernel and reference agree', (_name, id, shared, want) => {
    expect(kCanAccess(t, agent(id), board(shared), 'view', undefined)).toBe(want);
    expect(evaluateAccess(ir, agent(id) as never, board(shared) as never, 'view').allowed).toBe(want);
  });

  it('matches the actor attribute (a value or a list) against the list', () => {
    for (const [teams, list, want] of [
      [['red', 'blue'], ['green', 'blue'], true],
      ['red', ['red'], true],
      [['red'], ['green'], false],
      [['red'], 'red', false],
      [undefined, ['red'], false],
      [[''], [''], false],
    ] as const) {
      expect(kCanAccess(t, agent('ana', teams), board(undefined, list), 'edit', undefined)).toBe(want);
      expect(evaluateAccess(ir, agent('ana', teams) as never, board(undefined, list) as never, 'edit').allowed).toBe(want);
    }
  });

  it('accessFilter asks the list column to contain the actor\'s id, or one of its values', () => {
    expect(kAccessFilter(t, agent('ana'), 'dashboard', 'view', undefined)).toEqual({ field: 'shared_with', op: 'contains', value: 'ana' });
    expect(kAccessFilter(t, agent(''), 'dashboard', 'view', undefined)).toBe(false);
    expect(kAccessFilter(t, agent('ana', ['red', 'blue', 'red', '']), 'dashboard', 'edit', undefined)).toEqual({
      or: [
        { field: 'teams', op: 'contains', value: 'blue' },
        { field: 'teams', op: 'contains', value: 'red' },
      ],
    });
    expect(kAccessFilter(t, agent('ana', []), 'dashboard', 'edit', undefined)).toBe(false);
  });

  it('policy tests take a list for the attribute, and a string there fails closed', () => {
    const suite = `${SCHEMA_LINE(3)}actors:
  ana: { roles: [agent] }
resources:
  shared: { kind: dashboard, shared_with: [bo, ana] }
  one_string: { kind: dashboard, shared_with: ana }
cases:
  - { name: Ana views a dashboard shared with her, actor: ana, resource: shared, action: view, expect: allow }
  - { name: A string is no list, actor: ana, resource: one_string, action: view, expect: deny }
`;
    const run = runPolicyTests(ir, 'p', [{ path: 'tests/shared.yaml', bytes: Buffer.from(suite) }]);
    expect(run.diagnostics).toEqual([]);
    expect(run.results.map((x) => x.passed)).toEqual([true, true]);
  });

  it('the generated README marks the attribute as a list', () => {
    const readme = emitDocs(ir, 'p');
    expect(readme).toContain('| Shared with them | `shared_dashboard` | `id` | list of `shared_with` |');
  });
});

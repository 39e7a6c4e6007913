// Permissions held per object: the resolve stage's refusals (per-object-use) at their positions, and
// the kernel on a small policy with default objects: the static tables answer for the defaults
// only, an account's objects replace them, grants name single objects, validators refuse unknown
// objects (unknown-object) and compare objects one by one, and the reference evaluator agrees.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { emitGuards } from '../../src/emit/emit-guards.js';
import { evaluateCan } from '../../src/evaluate/evaluate.js';
import { tablesOf } from '../../src/runtime/from-ir.js';
import { compileAccount, kCan, kCanId, kLevelOf, kMemberCan, kOpenAccount, kRowOf, kValidateDraft, type KAccount } from '../../src/runtime/kernel.js';
import * as zendesk from '../../generated/zendesk/guards.js';
import { checkFiles, SCHEMA_LINE, tempDir } from '../helpers.js';

const POLICY = `${SCHEMA_LINE(2)}title: Objects
scales:
  toggle: { levels: [off, on] }
  records: { actions: [view, edit, add, delete], implies: { edit: [view], add: [view], delete: [view] } }
objects:
  custom_object: { label: Custom object, defaults: [car, room] }
permissions:
  records: { label: Records, scale: records, perObject: custom_object }
  roles_admin: { label: Manage roles, scale: toggle }
  tickets: { label: Tickets, scale: toggle }
delegation:
  manageRoles: [{ permission: roles_admin, atLeast: on }]
roles:
  owner: { name: Owner, kind: owner }
  admin: { name: Admin, admin: true, grants: { records: [delete, edit, add], roles_admin: on } }
  agent: { name: Agent, grants: { records: { default: [], allowed: any } } }
  lead: { name: Lead, grants: { records: [edit], roles_admin: on } }
`;

const ir = checkFiles({ 'policy.yaml': POLICY }).ir!;
const t = tablesOf(ir);

describe('the static tables: the policy default objects', () => {
  const ROWS: readonly [role: string, object: string | undefined, level: string, want: boolean][] = [
    ['lead', 'car', 'edit', true],
    ['lead', 'room', 'view', true],
    ['lead', 'car', 'add', false],
    ['lead', 'boat', 'view', false],
    ['lead', undefined, 'view', false],
    ['admin', 'room', 'delete', true],
    ['admin', 'boat', 'delete', false],
    ['agent', 'car', 'view', false],
    ['owner', 'car', 'delete', true],
    ['owner', undefined, 'delete', false],
  ];
  it.each(ROWS)('%s on %s at %s -> %s, as the reference evaluator says', (role, object, level, want) => {
    expect(kCan(t, role, kRowOf('records', object === undefined ? undefined : { object }), level, undefined)).toBe(want);
    expect(kMemberCan(t, { roles: [role] }, kRowOf('records', object === undefined ? undefined : { object }), level, undefined)).toBe(want);
    expect(evaluateCan(ir, [role], 'records', level, undefined, null, undefined, object)).toBe(want);
  });

  it('the permission without an object has no value and no id answer; malformed objects are denied', () => {
    expect(kLevelOf(t, 'lead', 'records')).toBeUndefined();
    expect(kLevelOf(t, 'lead', 'records:car')).toEqual(['view', 'edit']);
    expect(kCanId(t, t.roleIndex('owner'), t.permissionIndex('records'), 0)).toBe(false);
    for (const object of ['', 'a:b', 7, null, 'x'.repeat(201)]) expect(kCan(t, 'owner', kRowOf('records', { object }), 'view', undefined), String(object)).toBe(false);
    // A permission that is not held per object, asked about an object, is denied too.
    expect(kCan(t, 'owner', kRowOf('tickets', { object: 'car' }), 'on', undefined)).toBe(false);
    expect(kCan(t, 'owner', kRowOf('tickets', undefined), 'on', undefined)).toBe(true);
  });
});

describe("the emitted guards of a policy with default objects", () => {
  it('compile under strict and answer as the kernel does, per object and with { object, plan }', async () => {
    const code = emitGuards(ir, 'objects');
    const dir = tempDir();
    writeFileSync(join(dir, 'guards.ts'), code);
    const program = ts.createProgram([join(dir, 'guards.ts')], { strict: true, noUncheckedIndexedAccess: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, noEmit: true, types: [], lib: ['lib.es2022.d.ts'] });
    expect(ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'))).toEqual([]);
    writeFileSync(join(dir, 'guards.mjs'), ts.transpileModule(code, { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext } }).outputText);
    type Loose = (...args: unknown[]) => unknown;
    const g = (await import(pathToFileURL(join(dir, 'guards.mjs')).href)) as Record<string, Loose> & { OBJECTS: unknown; PERMISSIONS: unknown };
    expect(g.OBJECTS).toEqual({ custom_object: ['car', 'room'] });
    expect(g.PERMISSIONS).toEqual(['records', 'roles_admin', 'tickets']);
    expect(g.can!('lead', 'records', 'edit', { object: 'room' })).toBe(true);
    expect(g.can!('lead', 'records', 'edit', { object: 'boat' })).toBe(false);
    expect(g.can!('lead', 'records', 'edit')).toBe(false);
    expect(g.memberCan!({ roles: ['agent', 'admin'] }, 'records', 'add', { object: 'car' })).toBe(true);
    expect(g.levelOf!('lead', 'records', { object: 'car' })).toEqual(['view', 'edit']);
    expect(g.isPermission!('records:car')).toBe(false);
    expect(g.permissionId!('records:car')).toBe(-1);
    const opened = g.openAccount!({ objects: { custom_object: ['desk'] }, members: [{ id: 'o', roles: ['owner'] }] }) as { ok: true; account: Record<string, Loose> };
    expect(opened.account.can!('lead', 'records', 'edit', { object: 'desk' })).toBe(true);
    expect(opened.account.can!('lead', 'records', 'edit', { object: 'car' })).toBe(false);
  });
});

describe('an account defines its own objects', () => {
  const open = (data: unknown) => kOpenAccount(t, {}, data);
  const ok = (data: unknown): KAccount => {
    const r = open(data);
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    return r.account;
  };

  it("its objects replace the policy's defaults; grants set single objects apart", () => {
    const acc = ok({
      objects: { custom_object: ['car', 'desk'] },
      roles: { agent: { 'records:desk': ['view'] } },
      customRoles: [{ id: 'fleet', name: 'Fleet', grants: { 'records:car': ['edit'] } }],
      members: [{ id: 'o', roles: ['owner'] }],
    });
    expect(acc.objectsOf('custom_object')).toEqual(['car', 'desk']);
    expect(acc.objectsOf('nothing')).toBeUndefined();
    expect(acc.can('lead', 'records', 'edit', { object: 'desk' })).toBe(true);
    expect(acc.can('lead', 'records', 'edit', { object: 'room' })).toBe(false);
    expect(acc.can('agent', 'records', 'view', { object: 'desk' })).toBe(true);
    expect(acc.can('agent', 'records', 'view', { object: 'car' })).toBe(false);
    expect(acc.levelOf('fleet', 'records', { object: 'car' })).toEqual(['view', 'edit']);
    expect(acc.levelOf('fleet', 'records', { object: 'desk' })).toEqual([]);
    expect(acc.memberValue({ roles: ['fleet', 'agent'] }, 'records', { object: 'car' })).toEqual(['view', 'edit']);
    expect(acc.memberValue({ roles: ['fleet', 'agent'] }, 'records', { object: 'desk' })).toEqual(['view']);
    expect(acc.can('fleet', 'records', 'view')).toBe(false);
    // The data round-trips: the same account, the same version.
    expect(ok(acc.data).version).toBe(acc.version);
  });

  const REFUSED: readonly [string, unknown, string, string][] = [
    ['a grant on an object the account does not define', { objects: { custom_object: ['car'] }, customRoles: [{ id: 'c', name: 'C', grants: { 'records:room': ['view'] } }] }, 'unknown-object', '/customRoles/0/grants/records:room'],
    ['a grant on an object of the defaults the account replaced', { objects: { custom_object: [] }, roles: { agent: { 'records:car': ['view'] } } }, 'unknown-object', '/roles/agent/records:car'],
    ['a grant on the permission without an object', { customRoles: [{ id: 'c', name: 'C', grants: { records: ['view'] } }] }, 'unknown-object', '/customRoles/0/grants/records'],
    ['an object kind the policy does not define', { objects: { vehicles: ['car'] } }, 'account-schema', '/objects/vehicles'],
    ['an object id with a colon', { objects: { custom_object: ['a:b'] } }, 'account-schema', '/objects/custom_object/0'],
    ['an object listed twice', { objects: { custom_object: ['car', 'car'] } }, 'account-schema', '/objects/custom_object/1'],
    ['objects that are not a list', { objects: { custom_object: 'car' } }, 'account-schema', '/objects/custom_object'],
    ['a grant on an unknown permission that looks like an object row', { customRoles: [{ id: 'c', name: 'C', grants: { 'tickets:car': 'on' } }] }, 'unknown-reference', '/customRoles/0/grants/tickets:car'],
  ];
  it.each(REFUSED)('refuses %s', (_, data, rule, path) => {
    const r = open(data);
    expect(r.ok ? [] : r.problems.map((p) => [p.rule, p.path])).toEqual([[rule, path]]);
  });

  it.each<[string, unknown, [string, string, RegExp][]]>([
    ['an unknown kind whose objects are no list reports once', { objects: { vehicles: 'car' } }, [['account-schema', '/objects/vehicles', /unknown key "vehicles"/]]],
    ['1001 objects of a kind', { objects: { custom_object: Array.from({ length: 1001 }, (_, i) => `o${i}`) } }, [['account-schema', '/objects/custom_object', /objects of custom_object must be a list of at most 1000 object ids/]]],
    ['an object id that is no id', { objects: { custom_object: ['a:b'] } }, [['account-schema', '/objects/custom_object/0', /^an object id must be an id/]]],
    ['an object listed twice', { objects: { custom_object: ['car', 'car'] } }, [['account-schema', '/objects/custom_object/1', /object "car" is listed twice/]]],
  ])('refuses %s, with its facts', (_, data, want) => {
    const r = open(data);
    expect(r.ok ? [] : r.problems.map((p) => [p.rule, p.path])).toEqual(want.map((w) => [w[0], w[1]]));
    want.forEach((w, i) => expect(r.ok ? '' : r.problems[i]!.message).toMatch(w[2]));
  });

  it('1000 objects of a kind; no objects given keeps the defaults; an object id that is refused is not kept', () => {
    expect(ok({ objects: { custom_object: Array.from({ length: 1000 }, (_, i) => `o${i}`) } }).objectsOf('custom_object')?.length).toBe(1000);
    const kept = ok({ objects: {} });
    expect([kept.objectsOf('custom_object'), kept.objectsOf(7)]).toEqual([['car', 'room'], undefined]);
    expect(compileAccount(t, { objects: { custom_object: ['a:b', 'car'] } }, {}).record.objects).toEqual({ custom_object: ['car'] });
  });

  it('a role that manages roles reaches no role holding more on any single object', () => {
    // lead manages roles and holds edit (and view) on every object: a custom role with add on one object holds more.
    const r = open({ customRoles: [{ id: 'c', name: 'C', grants: { 'records:room': ['add'] } }], members: [{ id: 'o', roles: ['owner'] }] });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.map((p) => p.rule)).toContain('escalation-subset');
    const acc = ok({ objects: { custom_object: ['car', 'room'] } });
    const lead = { id: 'l', roles: ['lead'] };
    expect(acc.validateRoleDraft(lead, { id: 'x', name: 'X', grants: { 'records:car': ['edit'] } }).ok).toBe(true);
    const more = acc.validateRoleDraft(lead, { id: 'x', name: 'X', grants: { 'records:room': ['delete'] } });
    expect(more.ok ? [] : more.problems.map((p) => [p.rule, p.message.includes('records:room')])).toEqual([['escalation-subset', true]]);
    // A custom role that manages roles and holds, object by object, what lead holds on every
    // object reaches lead: the permission's own row (lead's policy grant, never asked) is no excess.
    const peer = { id: 'peer', name: 'Peer', grants: { 'records:car': ['edit'], 'records:room': ['edit'], roles_admin: 'on' } };
    expect(ok({ objects: { custom_object: ['car', 'room'] }, customRoles: [peer], members: [{ id: 'o', roles: ['owner'] }] }).can('peer', 'records', 'edit', { object: 'room' })).toBe(true);
    const short = open({ objects: { custom_object: ['car', 'room'] }, customRoles: [{ ...peer, grants: { 'records:car': ['edit'], roles_admin: 'on' } }], members: [{ id: 'o', roles: ['owner'] }] });
    expect(short.ok ? [] : short.problems.map((p) => [p.rule, p.message.includes('records:room')])).toEqual([['escalation-subset', true]]);
    const unknown = kValidateDraft(acc.tables, lead, { id: 'x', name: 'X', grants: { 'records:boat': ['view'] } }, undefined);
    expect(unknown.ok ? [] : unknown.problems.map((p) => [p.rule, p.path])).toEqual([['unknown-object', '/grants/records:boat']]);
  });
});

describe('the resolve stage refuses per-object permissions where one value must hold for every object', () => {
  const policy = (permissions: string, extra = ''): string => `${SCHEMA_LINE(2)}title: Uses
scales:
  toggle: { levels: [off, on] }
objects:
  custom_object: { label: Custom object }
resources:
  ticket: { label: Ticket, actions: [read] }
permissions:
  records: { label: Records, scale: toggle, perObject: custom_object }
${permissions}${extra}
roles:
  owner: { name: Owner, kind: owner }
`;
  const ROWS: readonly [string, string, string, string][] = [
    ['implies from it', '  other: { label: Other, scale: toggle }\n', '', '/permissions/records/implies/other'],
    ['a rule', '  other: { label: Other, scale: toggle }\n', 'rules:\n  r: { label: R, if: { permission: other }, then: { permission: records } }\n', '/rules/r/then/permission'],
    ['a quota case', '  other: { label: Other, scale: toggle }\n', 'quotas:\n  q: { label: Q, default: 1, cases: [{ if: { permission: records }, value: 2 }] }\n', '/quotas/q/cases/0/if/permission'],
    ['delegation', '  other: { label: Other, scale: toggle }\n', 'delegation:\n  manageRoles: [{ permission: records, atLeast: on }]\n', '/delegation/manageRoles/0/permission'],
    ['access rules', '  other: { label: Other, scale: toggle }\n', '', '/permissions/records/access'],
    ['an access requirement', '  other: { label: Other, scale: toggle, access: [{ resource: ticket, actions: [read], requires: [{ permission: records }] }] }\n', '', '/permissions/other/access/0/requires/0/permission'],
  ];
  it.each(ROWS)('%s', (name, permissions, extra, path) => {
    let text = policy(permissions, extra);
    if (name === 'implies from it') text = text.replace('perObject: custom_object }', 'perObject: custom_object, implies: { other: on } }');
    if (name === 'access rules') text = text.replace('perObject: custom_object }', 'perObject: custom_object, access: [{ resource: ticket, actions: [read] }] }');
    const r = checkFiles({ 'policy.yaml': text });
    expect(r.diagnostics.map((d) => [d.rule, d.path])).toEqual([['per-object-use', path]]);
  });

  it('an unknown object kind is located', () => {
    const r = checkFiles({ 'policy.yaml': policy('').replace('perObject: custom_object', 'perObject: custom_objects') });
    expect(r.diagnostics.map((d) => [d.rule, d.path])).toEqual([['unknown-reference', '/permissions/records/perObject']]);
    expect(r.ir?.permissions.records?.perObject).toBeUndefined();
  });
});

describe('the generated Zendesk guards', () => {
  it('answer per object: no default objects, so every per-object question is denied statically; an account answers for its own', () => {
    expect(zendesk.OBJECTS).toEqual({ custom_object: [], article: [], community_topic: [] });
    expect(zendesk.can('admin', 'custom_objects.records', 'view', { object: 'car' })).toBe(false);
    expect(zendesk.isPermission('custom_objects.records:car')).toBe(false);
    const r = zendesk.openAccount({ plan: 'enterprise', objects: { custom_object: ['car'] } });
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    expect(r.account.can('admin', 'custom_objects.records', 'delete', { object: 'car' })).toBe(true);
    expect(r.account.can('agent', 'custom_objects.records', 'view', { object: 'car' })).toBe(false);
    expect(r.account.can('admin', 'custom_objects.records', 'delete', { object: 'boat' })).toBe(false);
  });

  it("the static validators judge a draft's objects against the objects the context names", () => {
    const admin = { id: 'a', roles: ['admin' as const] };
    const draft = { id: 'fleet', name: 'Fleet', grants: { 'custom_objects.records:car': ['edit' as const] } };
    const ctx = { plan: 'enterprise' as const, objects: { custom_object: ['car'] } };
    expect(zendesk.validateRoleDraft(admin, draft, ctx)).toEqual({ ok: true });
    const without = zendesk.validateRoleDraft(admin, draft, { plan: 'enterprise' });
    expect(without.ok ? [] : without.problems.map((p) => [p.rule, p.path])).toEqual([['unknown-object', '/grants/custom_objects.records:car']]);
  });
});

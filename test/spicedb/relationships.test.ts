// The SpiceDB target without the engine: id escaping is reversible and stays in SpiceDB's alphabet,
// relationshipDelta is exactly the difference of two accounts' relationships, the constructs
// without a faithful form are refused with their location, the --target option, and the
// generated relationships.ts compiles under the strict flags with a guards account passed in.

import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emitSpicedbSchema } from '../../src/emit/emit-spicedb.js';
import { spicedbProblems } from '../../src/emit/emit-spicedb-names.js';
import type { ResolvedPolicy } from '../../src/ir.js';
import * as zendesk from '../../generated/zendesk/guards.js';
import * as super8 from '../../generated/super8/guards.js';
import * as rel from '../../generated/zendesk/spicedb/relationships.js';
import * as super8Rel from '../../generated/super8/spicedb/relationships.js';
import { checkDir, checkFiles, cli, MINIMAL, ROOT, writeTree } from '../helpers.js';

/** SpiceDB's object id alphabet (without the wildcard). */
const OBJECT_ID = /^[a-zA-Z0-9/_|\-=+]{1,1024}$/;

describe('escapeId', () => {
  it.each([
    ['ana', 'ana'],
    ['ana@example.com', 'ana=40example=2ecom'],
    ['a/b', 'a=2fb'],
    ['=', '=3d'],
    ['*', '=2a'],
    ['é', '=e9'],
    ['總公司', '==7e3d==516c==53f8'],
    ['', ''],
  ])('%j -> %j', (id, escaped) => {
    expect(rel.escapeId(id)).toBe(escaped);
    expect(rel.unescapeId(escaped)).toBe(id);
  });

  it('round-trips any string, lone surrogates included, and never writes "/" or a character outside the alphabet', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme', minLength: 1 }), (s, account) => {
        const e = rel.escapeId(s);
        expect(rel.unescapeId(e)).toBe(s);
        expect(e.includes('/')).toBe(false);
        const id = rel.objectOf('member', account, s).id;
        expect(id).toMatch(OBJECT_ID);
        const [a, m, ...more] = id.split('/');
        expect(more).toEqual([]);
        expect([rel.unescapeId(a!), rel.unescapeId(m!)]).toEqual([account, s]);
      }),
      { numRuns: 500 },
    );
  });

  it.each(['=', '=4', '=zz', '==00e9', '=61', '==12', 'a b', 'a/b'])('refuses %j, which escapeId never writes', (text) => {
    expect(rel.unescapeId(text)).toBeUndefined();
  });
});

describe('relationshipsOf and relationshipDelta', () => {
  const open = (data: unknown) => {
    const r = zendesk.openAccount(data);
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    return r.account;
  };
  const base = { members: [{ id: 'ana', roles: ['owner'] }, { id: 'bo', roles: ['agent'], groups: ['g1'] }] };
  const keys = (list: readonly rel.Relationship[]) => list.map(rel.relationshipKey).sort();

  it('writes members, role assignments, grants, groups and the plan gates, each once', () => {
    const list = rel.relationshipsOf('acme', open(base));
    const k = keys(list);
    expect(new Set(k).size).toBe(k.length);
    expect(k).toContain('account:acme#member@member:acme/bo');
    expect(k).toContain('role:acme/agent#member@member:acme/bo');
    expect(k).toContain('account:acme#role@role:acme/agent#member');
    expect(k).toContain('group:acme/g1#member@member:acme/bo');
    // Zendesk accounts default to the Enterprise plan, which its one plan gate asks for.
    expect(k).toContain('account:acme#plan_enterprise@account:acme#member');
  });

  it('a custom role edit is a delta of its grants only; deleting the account deletes everything', () => {
    const perm = 'tickets.access' as const;
    const levels = zendesk.LEVELS[perm];
    const before = open({ ...base, customRoles: [{ id: 'night', name: 'Night shift', grants: { [perm]: levels[1] } }] });
    const after = open({ ...base, customRoles: [{ id: 'night', name: 'Night shift', grants: { [perm]: levels[2] } }] });
    const d = rel.relationshipDelta('acme', before, after);
    expect(keys(d.touch)).toEqual([`account:acme#grants_tickets_access__${levels[2]}@role:acme/night#member`]);
    expect(keys(d.delete)).toEqual([`account:acme#grants_tickets_access__${levels[1]}@role:acme/night#member`]);
    expect(rel.relationshipDelta('acme', after, after)).toEqual({ touch: [], delete: [] });
    const all = rel.relationshipsOf('acme', after);
    expect(keys(rel.relationshipDelta('acme', after, null).delete)).toEqual(keys(all));
    expect(keys(rel.relationshipDelta('acme', null, after).touch)).toEqual(keys(all));
  });

  it('delta is the set difference, on random pairs of member role lists', () => {
    // Zendesk members hold one role each.
    const roles = fc.constantFrom('agent', 'team_lead', 'auditor', 'admin').map((r) => [r]);
    fc.assert(
      fc.property(fc.array(roles, { minLength: 1, maxLength: 4 }), fc.array(roles, { minLength: 1, maxLength: 4 }), (r1, r2) => {
        const data = (rs: string[][]) => ({ members: [{ id: 'ana', roles: ['owner'] }, ...rs.map((r, i) => ({ id: `m${i}`, roles: r }))] });
        const a = rel.relationshipsOf('x', open(data(r1)));
        const b = rel.relationshipsOf('x', open(data(r2)));
        const d = rel.relationshipDelta('x', open(data(r1)), open(data(r2)));
        const applied = new Set(keys(a));
        for (const r of d.delete) applied.delete(rel.relationshipKey(r));
        for (const r of d.touch) applied.add(rel.relationshipKey(r));
        expect([...applied].sort()).toEqual(keys(b));
      }),
      { numRuns: 50 },
    );
  });

  it('tier nodes of the account hang under their parents; a resource writes what canAccess reads', () => {
    const s8 = super8.openAccount({ members: [{ id: 'o', roles: ['owner'], tier: 'store' }], tiers: [{ id: 'store', name: 'Store', parent: 'north' }] });
    if (!s8.ok) throw new Error(JSON.stringify(s8.problems));
    const k = keys(super8Rel.relationshipsOf('s', s8.account));
    expect(k).toContain('tier:s/store#parent@tier:s/north');
    expect(k).toContain('tier:s/store#member@member:s/o');
    const r = keys(super8Rel.resourceRelationships('s', { kind: 'conversation', id: 'c1', assignee: null, followers: ['o'], tier: 'store', private: true }));
    expect(r).toEqual(['conversation:s/c1#account@account:s', 'conversation:s/c1#follower@member:s/o', 'conversation:s/c1#tier@tier:s/store', 'conversation:s/c1#unassigned@account:s#member'].sort());
  });

  it('checks ask the account (memberCan) or the resource (canAccess) about the member; unknown ids ask nothing', () => {
    expect(rel.spicedbCheck('acme', 'bo', 'tickets.access')).toEqual({ resource: { type: 'account', id: 'acme' }, permission: 'tickets_access', subject: { type: 'member', id: 'acme/bo' } });
    expect(rel.spicedbCheck('acme', 'bo', 'tickets.access', zendesk.LEVELS['tickets.access'][1])?.permission).toBe(`tickets_access__${zendesk.LEVELS['tickets.access'][1]}`);
    expect(rel.spicedbCheck('acme', 'bo', 'tickets.nope' as 'tickets.access')).toBeNull();
    expect(rel.spicedbCheck('acme', 'bo', 'tickets.access', 'nope' as 'all')).toBeNull();
    expect(rel.spicedbCheck('acme', 'bo', 'constructor' as 'tickets.access')).toBeNull();
    expect(rel.spicedbAccessCheck('acme', 'bo', { kind: 'ticket', id: 't 1' }, 'view')).toEqual({ resource: { type: 'ticket', id: 'acme/t=201' }, permission: 'view', subject: { type: 'member', id: 'acme/bo' } });
  });
});

describe('declared relations in SpiceDB', () => {
  it('a member\'s values and a resource\'s value are written as the relation\'s value objects', () => {
    const opened = zendesk.openAccount({ plan: 'enterprise', members: [{ id: 'olga', roles: ['owner'] }, { id: 'pia', roles: ['partner_agent'], brands: ['shoes', 'hats'] }, { id: 'pete', roles: ['partner_agent'], brands: 'shoes' }] });
    expect(opened.ok).toBe(true);
    if (!opened.ok) return;
    const keys = rel.relationshipsOf('acme', opened.account).map(rel.relationshipKey).filter((k) => k.startsWith('value_same_brand'));
    expect(keys).toEqual(['value_same_brand:acme/shoes#member@member:acme/pia', 'value_same_brand:acme/hats#member@member:acme/pia', 'value_same_brand:acme/shoes#member@member:acme/pete']);
    const res = rel.resourceRelationships('acme', { kind: 'ticket', id: 't1', brand: 'shoes' }).map(rel.relationshipKey);
    expect(res).toContain('ticket:acme/t1#same_brand_value@value_same_brand:acme/shoes');
    expect(rel.resourceRelationships('acme', { kind: 'ticket', id: 't2', brand: '' }).map(rel.relationshipKey).some((k) => k.includes('same_brand'))).toBe(false);
  });

  it("a relation on the member's own id: each member is the one member of the value of its id", () => {
    const opened = zendesk.openAccount({ plan: 'enterprise', members: [{ id: 'olga', roles: ['owner'] }, { id: 'ana@x', roles: ['team_lead'] }] });
    expect(opened.ok).toBe(true);
    if (!opened.ok) return;
    const keys = rel.relationshipsOf('acme', opened.account).map(rel.relationshipKey).filter((k) => k.startsWith('value_own_dashboard'));
    expect(keys).toEqual(['value_own_dashboard:acme/olga#member@member:acme/olga', 'value_own_dashboard:acme/ana=40x#member@member:acme/ana=40x']);
    const res = rel.resourceRelationships('acme', { kind: 'dashboard', id: 'd1', owner: 'ana@x' }).map(rel.relationshipKey);
    expect(res).toContain('dashboard:acme/d1#own_dashboard_value@value_own_dashboard:acme/ana=40x');
    expect(rel.resourceRelationships('acme', { kind: 'dashboard', id: 'd2', owner: null }).map(rel.relationshipKey).some((k) => k.includes('own_dashboard'))).toBe(false);
    // The member type takes no attribute for it: the id is the member's own key.
    const source = readFileSync(join(ROOT, 'generated/zendesk/spicedb/relationships.ts'), 'utf8');
    expect(source.slice(source.indexOf('export interface MemberAttributes {')).split('\n}')[0]!.split('\n').slice(1)).toEqual(['  readonly "brands"?: string | readonly string[] | null;']);
  });
});

describe('constructs without a faithful SpiceDB form', () => {
  const ir = checkDir('policies/userlike').ir!;
  const edit = (f: (ir: ResolvedPolicy) => void): ResolvedPolicy => {
    const copy = structuredClone(ir);
    f(copy);
    return copy;
  };
  const kind = Object.keys(ir.resources)[0]!;
  it.each<[string, ResolvedPolicy, RegExp]>([
    ['the presets have none', ir, /^$/],
    ['an action named like a resource relation', edit((x) => x.resources[kind]!.actions.push('public')), /action "public".*"public"/],
    ['an action too short for SpiceDB', edit((x) => x.resources[kind]!.actions.push('go')), /action "go"/],
    ['a resource kind named like a fixed definition', edit((x) => (x.resources.member = { label: 'M', description: null, actions: ['view'], privateNeeds: null })), /resource kind "member"/],
    ['two permissions sharing a name', edit((x) => (x.permissions['team.lead'] = x.permissions['team_lead'] = structuredClone(Object.values(x.permissions)[0]!))), /permission "team.lead" and permission "team_lead" would both be named "team_lead"/],
    ['a name ending in an underscore', edit((x) => (x.plans.pro_ = { label: 'Pro', description: null, rank: 9 }, (Object.values(x.permissions)[0]!.minPlan = 'pro_'))), /plan "pro_"/],
    ['a declared relation named like an action', edit((x) => (x.relations[x.resources[kind]!.actions[0]!] = { label: 'R', description: null, actor: 'brands', resource: 'brand', many: false })), /action ".*" of resource kind .* and relation|relation ".*" and action/],
    ['a declared relation too short for SpiceDB', edit((x) => (x.relations.br = { label: 'R', description: null, actor: 'brands', resource: 'brand', many: false })), /relation "br"/],
    ['a declared relation whose value relation is another relation', edit((x) => ((x.relations.same_brand = { label: 'A', description: null, actor: 'brands', resource: 'brand', many: false }), (x.relations.same_brand_value = { label: 'B', description: null, actor: 'brands', resource: 'brand', many: false }))), /would both be named "same_brand_value"/],
    ['a tier tree deeper than SpiceDB walks', edit((x) => (x.tiers = { maxDepth: 64, nodes: {} })), /64 levels/],
  ])('%s', (_name, policy, message) => {
    const found = spicedbProblems(policy).map((p) => p.message).join('\n');
    expect(found).toMatch(message);
  });

  it('is reported only when the spicedb target is on, located at the construct', () => {
    const text = MINIMAL.replace('permissions:', 'resources:\n  ticket: { label: Ticket, actions: [view, group] }\npermissions:');
    expect(checkFiles({ 'policy.yaml': text }).ok).toBe(true);
    const r = checkFiles({ 'policy.yaml': `${text}targets: [spicedb]\n` });
    expect(r.diagnostics.map((d) => [d.rule, d.code, d.path])).toEqual([['spicedb-form', 'PC4019', '/resources/ticket/actions/1']]);
    expect(r.targets).toEqual(['typescript', 'spicedb']);
  });
});

describe('build --target', () => {
  it('writes spicedb/ only with the target, refuses an unknown one, and check reports unfaithful constructs', async () => {
    const cwd = writeTree({ 'policies/p/policy.yaml': MINIMAL });
    expect((await cli(['build'], cwd)).code).toBe(0);
    expect(existsSync(join(cwd, 'generated/p/spicedb'))).toBe(false);
    expect((await cli(['build', '--target', 'typescript,spicedb'], cwd)).code).toBe(0);
    expect(readFileSync(join(cwd, 'generated/p/spicedb/schema.zed'), 'utf8')).toContain('definition account {');
    expect(existsSync(join(cwd, 'generated/p/spicedb/relationships.ts'))).toBe(true);
    expect(existsSync(join(cwd, 'generated/p/guards.ts'))).toBe(true);
    // The policy's own targets are the default: without spicedb, build --check finds spicedb/ extra.
    const stale = await cli(['build', '--check'], cwd);
    expect([stale.code, stale.stderr]).toEqual([1, expect.stringContaining('extra:   generated/p/spicedb/schema.zed')]);
    expect((await cli(['build', '--target', 'spicedb', '--check'], cwd)).code).toBe(0);
    const bad = await cli(['build', '--target', 'graphql'], cwd);
    expect([bad.code, bad.stderr]).toEqual([2, expect.stringContaining('unknown target "graphql"')]);
    expect((await cli(['test', '--target', 'spicedb'], cwd)).code).toBe(2);
    const unfaithful = writeTree({ 'policies/p/policy.yaml': MINIMAL.replace('permissions:', 'resources:\n  ticket: { label: Ticket, actions: [view, tier] }\npermissions:') });
    const failed = await cli(['build', '--target', 'spicedb', '--format', 'json'], unfaithful);
    expect(failed.code).toBe(1);
    expect((JSON.parse(failed.stdout) as { code: string }[]).map((d) => d.code)).toEqual(['PC4019']);
    expect(existsSync(join(unfaithful, 'generated'))).toBe(false);
  });
});

it('relationships.ts compiles under the strict flags, taking the account openAccount returns', () => {
  const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
  const r = spawnSync(process.execPath, [tsc, '-p', join(ROOT, 'test/spicedb/tsconfig.json')], { encoding: 'utf8' });
  expect(r.stdout + r.stderr).toBe('');
  expect(r.status).toBe(0);
}, 120_000);

describe('user text in the schema stays inside its comment', () => {
  // A label may hold any character; in schema.zed it is only ever comment text, one line each.
  const hostile = 'X\n}\ndefinition injected {}\r\n// \u2028permission p = nil';
  const ir = structuredClone(checkDir('policies/zendesk').ir!);
  const gatedPlan = Object.values(ir.permissions).find((p) => p.minPlan)!.minPlan!;
  const gatedSwitch = Object.values(ir.permissions).find((p) => p.requires.length)!.requires[0]!;
  it.each<[string, (x: ResolvedPolicy) => void]>([
    ['a plan label', (x) => (x.plans[gatedPlan]!.label = hostile)],
    ['a switch label', (x) => (x.switches[gatedSwitch]!.label = hostile)],
    ['a permission label', (x) => (Object.values(x.permissions)[0]!.label = hostile)],
  ])('%s', (_name, edit) => {
    const before = emitSpicedbSchema(ir, 'policies/zendesk');
    const copy = structuredClone(ir);
    edit(copy);
    const after = emitSpicedbSchema(copy, 'policies/zendesk');
    expect(after).not.toBe(before);
    expect(after.split('\n')).toHaveLength(before.split('\n').length);
    expect(after).not.toMatch(/^\s*definition injected/m);
    expect(after).not.toMatch(/[\r\u2028]/);
    for (const line of after.split('\n')) if (line.includes('injected')) expect(line).toMatch(/^\s*\/\/ /);
  });
});

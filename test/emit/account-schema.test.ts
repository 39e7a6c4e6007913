// generated/<name>/account.schema.json, checked with ajv against valid and invalid account data of
// every preset, and against the kernel: whatever openAccount accepts, the schema accepts too
// (random accounts built from each policy's ids, fast-check).

import { Ajv2020 } from 'ajv/dist/2020.js';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { emitAccountSchema } from '../../src/emit/emit-account-schema.js';
import type { ResolvedPolicy } from '../../src/ir.js';
import { tablesOf } from '../../src/runtime/from-ir.js';
import { kOpenAccount, MAX_LIST } from '../../src/runtime/kernel.js';
import { checkDir, ROOT } from '../helpers.js';

const PRESETS = ['channeltalk', 'cloudgate', 'super8', 'userlike', 'zendesk'];

function load(name: string): { ir: ResolvedPolicy; validate: (data: unknown) => boolean } {
  const r = checkDir(`policies/${name}`);
  const ir = r.ir!;
  const schema = JSON.parse(readFileSync(join(ROOT, 'generated', name, 'account.schema.json'), 'utf8')) as object;
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  const check = ajv.compile(schema);
  return { ir, validate: (data) => check(data) };
}

const open = (ir: ResolvedPolicy, data: unknown) => kOpenAccount(tablesOf(ir), {}, data);

/** The lowest value of every permission a custom role may hold, and the next one where there is one. */
function grantsOf(ir: ResolvedPolicy, high: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [id, p] of Object.entries(ir.permissions)) {
    if (p.adminOnly || p.ownerOnly) continue;
    // A permission held per object is granted per object (validSample defines "car" of each kind).
    out[p.perObject !== undefined ? `${id}:car` : id] = p.kind === 'actions' ? (high ? [p.levels[0]] : []) : p.levels[high && p.levels.length > 1 ? 1 : 0];
  }
  return out;
}

/** A valid account of the policy: a custom role (when the plan allows), an owner and a member of it, a tier node. */
function validSample(ir: ResolvedPolicy): Record<string, unknown> {
  const plans = Object.keys(ir.plans);
  const owner = Object.keys(ir.roles).find((r) => ir.roles[r]!.kind === 'owner')!;
  const data: Record<string, unknown> = {};
  if (plans.length) data.plan = plans[plans.length - 1];
  if (Object.keys(ir.objects).length) data.objects = Object.fromEntries(Object.keys(ir.objects).map((k) => [k, ['car']]));
  data.customRoles = [{ id: 'night_shift', name: 'Night shift', description: 'Evenings', grants: grantsOf(ir, false) }];
  const tierRoot = ir.tiers ? Object.keys(ir.tiers.nodes)[0] : undefined;
  data.members = [
    { id: 'm1', name: 'Ada', roles: [owner], ...(tierRoot ? { tier: tierRoot } : {}) },
    { id: 'm2', roles: ['night_shift'], groups: ['g1'], organization: null },
  ];
  if (ir.tiers) {
    const parent = Object.entries(ir.tiers.nodes).find(([, n]) => n.depth < ir.tiers!.maxDepth)![0];
    data.tiers = [{ id: 'new_store', name: 'New store', parent }];
  }
  data.defaultRole = 'night_shift';
  return data;
}

describe.each(PRESETS)('account.schema.json of %s', (name) => {
  const { ir, validate } = load(name);

  it('is what the emitter writes (generated/ is current)', () => {
    expect(readFileSync(join(ROOT, 'generated', name, 'account.schema.json'), 'utf8')).toBe(emitAccountSchema(ir, `policies/${name}`));
  });

  it('refuses a list longer than openAccount reads, as openAccount does, and takes one at the limit', () => {
    const member = (i: number) => ({ id: `m${i}`, roles: [ir.defaultRole ?? Object.keys(ir.roles).find((r) => ir.roles[r]!.kind !== 'owner')!] });
    const atLimit = Array.from({ length: MAX_LIST }, (_, i) => member(i));
    expect(validate({ members: atLimit })).toBe(true);
    const over = { members: [...atLimit, member(MAX_LIST)] };
    expect(validate(over)).toBe(false);
    const opened = open(ir, over);
    expect(opened.ok ? [] : opened.problems.map((p) => p.path)).toContain('/members');
  });

  it('accepts a valid account that openAccount accepts, and the empty account', () => {
    const data = validSample(ir);
    const opened = open(ir, data);
    expect(opened.ok ? [] : opened.problems).toEqual([]);
    expect(validate(data)).toBe(true);
    expect(validate({})).toBe(true);
  });

  const customisable = Object.keys(ir.roles).find((r) => ir.roles[r]!.kind !== 'owner')!;
  const owner = Object.keys(ir.roles).find((r) => ir.roles[r]!.kind === 'owner')!;
  const ordered = Object.keys(ir.permissions).find((p) => ir.permissions[p]!.kind === 'ordered')!;
  const cases: [string, unknown][] = [
    ['an unknown top-level key', { extra: 1 }],
    ['the data is not an object', []],
    ['an unknown plan', { plan: 'platinum_deluxe' }],
    ['an unknown permission in a custom role', { customRoles: [{ id: 'x', name: 'X', grants: { 'no.such': 'on' } }] }],
    ['a level outside the scale', { customRoles: [{ id: 'x', name: 'X', grants: { [ordered]: 'not_a_level' } }] }],
    ['a custom role without a name', { customRoles: [{ id: 'x' }] }],
    ['a custom role id with a space', { customRoles: [{ id: 'night shift', name: 'X' }] }],
    ['an unknown key in a custom role', { customRoles: [{ id: 'x', name: 'X', colour: 'red' }] }],
    ["the owner's cells", { roles: { [owner]: {} } }],
    ['a role the policy does not define', { roles: { nobody: {} } }],
    ['an unknown permission in a customised cell', { roles: { [customisable]: { 'no.such': 'on' } } }],
    ['a member without roles', { members: [{ id: 'm1' }] }],
    ['a member with an empty id', { members: [{ id: '', roles: [owner] }] }],
    ['a member role that is not a string', { members: [{ id: 'm1', roles: [1] }] }],
    ['groups that are not a list', { members: [{ id: 'm1', roles: [owner], groups: 'g1' }] }],
    ['an empty default role', { defaultRole: '' }],
  ];
  if (Object.values(ir.permissions).some((p) => p.kind === 'actions')) {
    const actions = Object.keys(ir.permissions).find((p) => ir.permissions[p]!.kind === 'actions')!;
    cases.push(['an action that is not in the set', { customRoles: [{ id: 'x', name: 'X', grants: { [actions]: ['fly'] } }] }]);
  }
  if (!Object.keys(ir.plans).length) cases.push(['a plan where the policy has none', { plan: 'x' }]);
  if (!ir.tiers) cases.push(['tier nodes where the policy has no tree', { tiers: [{ id: 'n', name: 'N', parent: 'hq' }] }]);
  else cases.push(['a tier node without a parent', { tiers: [{ id: 'n', name: 'N' }] }]);

  it.each(cases)('rejects %s, as openAccount does', (_, data) => {
    expect(validate(data)).toBe(false);
    expect(open(ir, data).ok).toBe(false);
  });

  it('accepts every random account that openAccount accepts', () => {
    // Mostly valid data with a little noise, so that openAccount accepts a fair share of it.
    const rare = <T,>(usual: fc.Arbitrary<T>, odd: fc.Arbitrary<T>): fc.Arbitrary<T> => fc.oneof({ arbitrary: usual, weight: 12 }, { arbitrary: odd, weight: 1 });
    const perms = Object.keys(ir.permissions).filter((p) => !ir.permissions[p]!.adminOnly && !ir.permissions[p]!.ownerOnly);
    const value = (p: string): fc.Arbitrary<unknown> => {
      const perm = ir.permissions[p]!;
      return perm.kind === 'actions' ? fc.subarray(perm.levels) : rare<unknown>(fc.constantFrom(...perm.levels), fc.constant('bogus'));
    };
    const grants = fc.dictionary(rare(fc.constantFrom(...perms), fc.constantFrom(...Object.keys(ir.permissions), 'no.such')), fc.constant(null), { maxKeys: 3 }).chain((d) =>
      fc.record(Object.fromEntries(Object.keys(d).map((p) => [p, p === 'no.such' ? fc.constant<unknown>('on') : value(p)]))),
    );
    const roleIds = Object.keys(ir.roles).filter((r) => r !== owner);
    const plainRoles = roleIds.filter((r) => !ir.roles[r]!.admin);
    const tierIds = ir.tiers ? Object.keys(ir.tiers.nodes) : ['t1'];
    const parents = ir.tiers ? tierIds.filter((t) => ir.tiers!.nodes[t]!.depth < ir.tiers!.maxDepth) : ['t1'];
    const member = fc.record(
      { id: fc.constantFrom('m1', 'm2', 'm3'), name: fc.constant('Ada'), roles: rare(fc.subarray(roleIds, { minLength: 1, maxLength: 1 }), fc.subarray([...roleIds, 'c1', 'ghost'], { maxLength: 2 })), tier: fc.option(rare(fc.constantFrom(...tierIds), fc.constant('t9'))), groups: fc.array(fc.constantFrom('g1', 'g2')), organization: fc.option(fc.constant('o1')) },
      { requiredKeys: ['id', 'roles'] },
    );
    const account = fc.record(
      {
        plan: Object.keys(ir.plans).length ? rare(fc.constantFrom(...Object.keys(ir.plans).slice(-2), ...Object.keys(ir.plans)), fc.constant('bogus')) : fc.constant(undefined),
        roles: fc.dictionary(rare(fc.constant(customisable), fc.constantFrom(...Object.keys(ir.roles))), grants, { maxKeys: 1 }),
        customRoles: fc.uniqueArray(fc.record({ id: rare(fc.constantFrom('c1', 'c2'), fc.constant('bad id')), name: rare(fc.constantFrom('Night shift', 'Day shift'), fc.constantFrom('Admin', '')), description: fc.constant('x'), grants }, { requiredKeys: ['id', 'name'] }), { maxLength: 2, selector: (c) => c.id }),
        // An owner first, so that minOwners holds unless the noise removes it.
        members: fc.uniqueArray(member, { maxLength: 3, selector: (m) => m.id }).map((ms) => [{ id: 'boss', roles: [owner] }, ...ms]),
        tiers: ir.tiers ? fc.array(fc.record({ id: fc.constantFrom('t1', 't2'), name: fc.constant('Store'), parent: rare(fc.constantFrom(...parents), fc.constantFrom(...tierIds, 't1')), grants }, { requiredKeys: ['id', 'name', 'parent'] }), { maxLength: 2 }) : fc.constant(undefined),
        defaultRole: rare(fc.constantFrom(...plainRoles), fc.constantFrom(...roleIds, 'c1')),
      },
      { requiredKeys: [] },
    ).map((a) => JSON.parse(JSON.stringify(a)) as unknown); // drops the keys a policy has no use for
    let accepted = 0;
    fc.assert(
      fc.property(account, (data) => {
        if (!open(ir, data).ok) return true;
        accepted++;
        return validate(data);
      }),
      { numRuns: 500, seed: 9 },
    );
    // The property is only worth something if openAccount accepted a fair share of the inputs.
    expect(accepted).toBeGreaterThan(50);
  });
});

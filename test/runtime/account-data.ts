// Random account data of a policy (custom roles, customised cells, members with tiers, groups,
// organisations and the attributes of declared relations, tier nodes added at run time), shared by the tests that compare the account
// runtime with a reference and with other targets (SpiceDB).

import fc from 'fast-check';
import type { ResolvedPolicy, Value } from '../../src/ir.js';
import { optionOf } from '../../src/resolve/values.js';
import { tablesOf } from '../../src/runtime/from-ir.js';
import { compileAccount } from '../../src/runtime/kernel.js';

export interface Data {
  roles: Record<string, Record<string, Value>>;
  customRoles: { id: string; name: string; grants: Record<string, Value> }[];
  /** Members also carry the actor attributes of the policy's declared relations (e.g. brands). */
  members: { id: string; roles: string[]; tier?: string; groups?: string[]; organization?: string; [attribute: string]: unknown }[];
  tiers: { id: string; name: string; parent: string; grants?: Record<string, Value> }[];
  /** Some of the policy's switches, on or off (absent: the policy's value). */
  switches?: Record<string, boolean>;
  /** The objects of each kind the account defines (absent: the policy's defaults). */
  objects?: Record<string, string[]>;
}

/** The permission of a grant key: "<permission>:<object>" names a per-object permission's object. */
export const permissionOfKey = (key: string): string => (key.includes(':') ? key.slice(0, key.indexOf(':')) : key);

/** The values a declared relation's attribute takes in random data (members and resources alike). */
export const ATTRIBUTE_VALUES = ['v1', 'v2', 'v3'];

/**
 * The values a resource's attribute takes in random data: those of ATTRIBUTE_VALUES, and member ids
 * (m0..m4, a stranger) where a declared relation compares it with the actor's own id; lists of
 * them where a relation reads it as a list (many); null for none.
 */
export function resourceAttributeValues(ir: ResolvedPolicy, attribute: string): (string | string[] | null)[] {
  const rels = Object.values(ir.relations).filter((r) => r.resource === attribute);
  // Read as a list (many): lists of member ids or values, an empty item among them; one string
  // where a list is read, and none, match nothing.
  if (rels.some((r) => r.many)) {
    const one = rels.some((r) => r.actor === 'id') ? ['m0', 'm1', 'm2', 'm3', 'm4', 'stranger'] : ATTRIBUTE_VALUES;
    // Indexes wrap, so that a list of three values gives no undefined item.
    const at = (i: number): string => one[i % one.length]!;
    return [[at(0), at(1)], [at(2)], [], ['', at(3), at(1)], at(4), null];
  }
  return [
    ...(rels.length === 0 || rels.some((r) => r.actor !== 'id') ? ATTRIBUTE_VALUES : []),
    ...(rels.some((r) => r.actor === 'id') ? ['m0', 'm1', 'm2', 'm3', 'm4', 'stranger'] : []),
    null,
  ];
}

/** Valid account data of the policy (every member holds a role; m0 holds the owner role). */
export function dataArb(ir: ResolvedPolicy): fc.Arbitrary<Data> {
  const kinds = Object.keys(ir.objects);
  if (kinds.length === 0) return dataWithObjects(ir, undefined);
  // Objects first: the grants of a per-object permission are keyed by them.
  return fc.tuple(...kinds.map(() => fc.subarray(['car', 'room', 'desk']))).chain((lists) => dataWithObjects(ir, Object.fromEntries(kinds.map((k, i) => [k, lists[i]!]))));
}

function dataWithObjects(ir: ResolvedPolicy, objects: Record<string, string[]> | undefined): fc.Arbitrary<Data> {
  // A per-object permission takes grants per object of the account ("<permission>:<object>").
  const perms = Object.keys(ir.permissions).flatMap((p) => {
    const kind = ir.permissions[p]!.perObject;
    return kind === undefined ? [p] : (objects?.[kind] ?? ir.objects[kind]!.defaults).map((o) => `${p}:${o}`);
  });
  const delegation = new Set([...ir.delegation.manageRoles, ...ir.delegation.assignRoles].map((c) => c.permission));
  const customPerms = perms.filter((p) => !ir.permissions[permissionOfKey(p)]!.adminOnly && !ir.permissions[permissionOfKey(p)]!.ownerOnly && !delegation.has(p));
  const valueArb = (key: string): fc.Arbitrary<Value> => {
    const perm = ir.permissions[permissionOfKey(key)]!;
    return perm.kind === 'actions' && !perm.single ? fc.subarray(perm.levels) : fc.constantFrom(...perm.levels);
  };
  // A cell of a scale of options is written as the option (the IR holds it with what it includes).
  const asData = (key: string, v: Value): Value => {
    const perm = ir.permissions[permissionOfKey(key)]!;
    return perm.single ? (optionOf(ir.scales[perm.scale]!, v) ?? v) : v;
  };
  const grantsArb = (pool: string[]): fc.Arbitrary<Record<string, Value>> =>
    pool.length === 0 ? fc.constant({}) : fc.uniqueArray(fc.constantFrom(...pool), { maxLength: 6 }).chain((ps) => (ps.length ? fc.tuple(...ps.map(valueArb)).map((vs) => Object.fromEntries(ps.map((p, i) => [p, vs[i]!]))) : fc.constant({})));
  const cells = Object.entries(ir.roles)
    .filter(([, r]) => r.kind !== 'owner')
    .flatMap(([id, r]) => perms.filter((p) => r.allowed[permissionOfKey(p)]!.length > 1).map((p) => [id, p, r.allowed[permissionOfKey(p)]!.map((v) => asData(p, v))] as const));
  const builtin = Object.keys(ir.roles).length;
  const customsNow = Object.values(ir.roles).filter((r) => r.kind === 'custom').length;
  const room = Math.max(0, Math.min(4, (ir.limits.maxRoles ?? Infinity) - builtin, (ir.limits.maxCustomRoles ?? Infinity) - customsNow));
  const owner = Object.keys(ir.roles).find((r) => ir.roles[r]!.kind === 'owner')!;
  const tierIds = ir.tiers ? Object.keys(ir.tiers.nodes).filter((n) => ir.tiers!.nodes[n]!.depth < ir.tiers!.maxDepth) : [];
  const rolesArb = fc.record({
    roles: (cells.length ? fc.subarray(cells, { maxLength: 6 }).chain((cs) => (cs.length ? fc.tuple(...cs.map(([, , allowed]) => fc.constantFrom(...allowed))) : fc.constant([] as Value[])).map((vs) => {
      const out: Record<string, Record<string, Value>> = {};
      cs.forEach(([r, p], i) => ((out[r] ??= {})[p] = vs[i]!));
      return out;
    })) : fc.constant({})) as fc.Arbitrary<Data['roles']>,
    customRoles: fc.array(grantsArb(customPerms), { maxLength: room }).map((gs) => gs.map((grants, i) => ({ id: `c${i}`, name: `Custom team ${i}`, grants }))),
    switches: fc.subarray(Object.keys(ir.switches)).chain((ids) => fc.tuple(...ids.map(() => fc.boolean())).map((vs) => Object.fromEntries(ids.map((id, i) => [id, vs[i]!])))),
    tiers: (tierIds.length ? fc.array(fc.tuple(fc.constantFrom(...tierIds), grantsArb(perms.filter((p) => !ir.permissions[permissionOfKey(p)]!.adminOnly && !ir.permissions[permissionOfKey(p)]!.ownerOnly))), { maxLength: 3 }).map((ns) => ns.map(([parent, grants], i) => ({ id: `store${i}`, name: `Store ${i}`, parent, grants }))) : fc.constant([])) as fc.Arbitrary<Data['tiers']>,
  });
  return rolesArb.map((d) => keepErrorRules(ir, owner, objects ? { ...d, objects } : d)).chain((d) => {
    const allRoles = [...Object.keys(ir.roles), ...d.customRoles.map((c) => c.id)];
    const nodes = [...(ir.tiers ? Object.keys(ir.tiers.nodes) : []), ...d.tiers.map((t) => t.id)];
    const max = Math.max(1, Math.min(3, ir.limits.rolesPerMember.max ?? 3));
    // Values of the declared relations' actor attributes: a list, a single value, or none (a
    // relation on the member's own id reads the id every member has).
    const attributes = [...new Set(Object.values(ir.relations).map((r) => r.actor))].filter((a) => a !== 'id');
    const attributeArb = fc.oneof(fc.subarray(ATTRIBUTE_VALUES), fc.constantFrom(...ATTRIBUTE_VALUES), fc.constant(undefined));
    const member = (i: number) =>
      fc.record(
        {
          roles: fc.uniqueArray(fc.constantFrom(...allRoles), { minLength: Math.max(1, ir.limits.rolesPerMember.min), maxLength: max }),
          tier: nodes.length ? fc.constantFrom(...nodes) : fc.constant(undefined),
          groups: fc.subarray(['g1', 'g2']),
          organization: fc.constantFrom('o1', 'o2'),
        },
        { requiredKeys: ['roles'] },
      )
        .chain((m) => (attributes.length ? fc.tuple(...attributes.map(() => attributeArb)) : fc.constant([] as (string | string[] | undefined)[])).map((vs) => ({ m, vs })))
        .map(({ m, vs }) => ({
          id: `m${i}`,
          ...m,
          roles: i === 0 ? [owner] : m.roles,
          ...(m.tier === undefined ? {} : { tier: m.tier }),
          ...Object.fromEntries(attributes.flatMap((a, j) => (vs[j] === undefined ? [] : [[a, vs[j]]]))),
        }));
    return fc.integer({ min: 1, max: 5 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => member(i)))).map((members) => ({ ...d, members: members as Data['members'] }));
  });
}

/**
 * The data without what breaks one of the policy's error rules (the account runtime refuses such
 * data, rule cross-field): a customised role goes back to the policy's cells, a custom role or
 * tier node keeps no grants. Pure: returns a copy.
 */
function keepErrorRules(ir: ResolvedPolicy, owner: string, data: Omit<Data, 'members'>): Omit<Data, 'members'> {
  const d = JSON.parse(JSON.stringify(data)) as Omit<Data, 'members'>;
  for (let round = 0; round < 3; round++) {
    const { problems } = compileAccount(tablesOf(ir), { ...d, members: [{ id: 'm0', roles: [owner] }] }, {});
    const broken = problems.filter((p) => p.rule === 'cross-field');
    if (broken.length === 0) break;
    for (const p of broken) {
      const [, list, key] = /^\/(roles|customRoles|tiers)\/([^/]+)/.exec(p.path ?? '') ?? [];
      if (list === 'roles') delete d.roles[key!.replace(/~1/g, '/').replace(/~0/g, '~')];
      else if (list === 'customRoles') d.customRoles[Number(key)]!.grants = {};
      else if (list === 'tiers') d.tiers[Number(key)]!.grants = {};
    }
  }
  return d;
}

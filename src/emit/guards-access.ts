// The parts of guards.ts beyond role grants, emitted only when the policy uses them: plans and
// features, the tier tree (ancestor tests in O(1) by interval numbering), member checks that add a
// tier node's grants, and canAccess over resources with relations and exceptions.

import { VariableDeclarationKind, type WriterFunction } from 'ts-morph';
import type { Statements as SourceFile } from './emit-guards.js';
import { RELATIONS, type Relation, type ResolvedPolicy } from '../ir.js';
import { tsString } from './escape.js';

const lit = tsString;
const union = (xs: readonly string[]): string => (xs.length ? xs.map(lit).join(' | ') : 'never');

function constant(file: SourceFile, name: string, type: string, init: string | WriterFunction, docs: string[] = [], exported = false): void {
  file.addVariableStatement({ isExported: exported, declarationKind: VariableDeclarationKind.Const, docs, declarations: [{ name, type, initializer: init }] });
}

const lookupOf = (xs: readonly string[]): string => `lookup({ ${xs.map((x, i) => `${lit(x)}: ${i}`).join(', ')} })`;

/** The prototype-free table constructor the lookups here use (emit-guards adds it only for large id sets). */
export function ensureLookup(file: SourceFile): void {
  if (file.hasFunction('lookup')) return;
  file.addFunction({
    name: 'lookup',
    parameters: [{ name: 'entries', type: 'Record<string, number>' }],
    returnType: 'Readonly<Record<string, number | undefined>>',
    docs: ['A prototype-free table, so that ids such as "constructor" or "__proto__" find nothing.'],
    statements: 'return Object.freeze(Object.assign(Object.create(null) as Record<string, number | undefined>, entries));',
  });
}

/** Value code of a permission's "at least" (level index, action bit, or the "anything" default). */
export function needCode(ir: ResolvedPolicy, perm: string, atLeast: string | null): number {
  const p = ir.permissions[perm]!;
  if (p.kind === 'actions') return atLeast === null ? -1 : 1 << p.levels.indexOf(atLeast);
  return atLeast === null ? 1 : p.levels.indexOf(atLeast);
}

export function emitPlans(file: SourceFile, ir: ResolvedPolicy): void {
  ensureLookup(file);
  const plans = Object.keys(ir.plans);
  const perms = Object.keys(ir.permissions);
  file.addTypeAlias({ isExported: true, name: 'Plan', type: union(plans), docs: ['Product plans, lowest first.'] });
  constant(file, 'PLANS', 'readonly Plan[]', `Object.freeze([${plans.map(lit).join(', ')}])`, ['Plans, lowest first.'], true);
  constant(file, 'PLAN_RANK', '', lookupOf(plans));
  constant(
    file,
    'MIN_PLAN',
    '',
    `new Int8Array([${perms.map((p) => (ir.permissions[p]!.minPlan === null ? -1 : ir.plans[ir.permissions[p]!.minPlan!]!.rank)).join(', ')}])`,
    ['Per permission: the rank of the lowest plan it works on, or -1 for every plan.'],
  );
  file.addFunction({
    name: 'planAllows',
    parameters: [
      { name: 'p', type: 'number' },
      { name: 'plan', type: 'unknown' },
    ],
    returnType: 'boolean',
    statements: `const min = MIN_PLAN[p]!;
if (min < 0) return true;
const rank = typeof plan === 'string' ? PLAN_RANK[plan] : undefined;
return rank !== undefined && rank >= min;`,
  });
  file.addFunction({
    isExported: true,
    name: 'planAtLeast',
    parameters: [
      { name: 'plan', type: 'Plan' },
      { name: 'min', type: 'Plan' },
    ],
    returnType: 'boolean',
    docs: ['Whether `plan` is `min` or a higher plan. Unknown plans are denied.'],
    statements: `const a = typeof plan === 'string' ? PLAN_RANK[plan] : undefined;
const b = typeof min === 'string' ? PLAN_RANK[min] : undefined;
return a !== undefined && b !== undefined && a >= b;`,
  });
  const features = Object.keys(ir.features);
  file.addTypeAlias({ isExported: true, name: 'Feature', type: union(features), docs: ['Features that need a minimum plan.'] });
  constant(file, 'FEATURE_PLAN', 'Readonly<Record<Feature, Plan>>', `Object.freeze({ ${features.map((f) => `${lit(f)}: ${lit(ir.features[f]!.minPlan)}`).join(', ')} })`, [
    'The lowest plan of each feature.',
  ], true);
  file.addFunction({
    isExported: true,
    name: 'hasFeature',
    parameters: [
      { name: 'feature', type: 'Feature' },
      { name: 'plan', type: 'Plan' },
    ],
    returnType: 'boolean',
    docs: ['Whether the account\'s plan includes the feature. Unknown features and plans are denied.'],
    statements: `if (typeof feature !== 'string' || !Object.hasOwn(FEATURE_PLAN, feature)) return false;
return planAtLeast(plan, FEATURE_PLAN[feature]);`,
  });
}

export function emitTiers(file: SourceFile, ir: ResolvedPolicy): void {
  ensureLookup(file);
  const tiers = ir.tiers!;
  const ids = Object.keys(tiers.nodes);
  const position = new Map(ids.map((id, i) => [id, i]));
  const perms = Object.keys(ir.permissions);
  // Interval numbering: nodes are in depth-first order, so a subtree is the index range [i, end[i]].
  const end = ids.map((_, i) => i);
  for (let i = ids.length - 1; i >= 0; i--) {
    const parent = tiers.nodes[ids[i]!]!.parent;
    if (parent !== null) {
      const pi = position.get(parent)!;
      end[pi] = Math.max(end[pi]!, end[i]!);
    }
  }
  file.addTypeAlias({ isExported: true, name: 'TierNode', type: union(ids), docs: [`Nodes of the organisation tree (at most ${tiers.maxDepth} levels).`] });
  constant(file, 'TIER_NODES', 'readonly TierNode[]', `Object.freeze([${ids.map(lit).join(', ')}])`, ['Tier nodes, depth first from the root.'], true);
  constant(
    file,
    'TIER_NAMES',
    'Readonly<Record<TierNode, string>>',
    (w) => {
      w.write('Object.freeze(').inlineBlock(() => {
        for (const id of ids) w.writeLine(`${lit(id)}: ${lit(tiers.nodes[id]!.name)},`);
      });
      w.write(')');
    },
    ['Display name of each tier node.'],
    true,
  );
  constant(file, 'TIER_INDEX', '', lookupOf(ids));
  constant(file, 'TIER_PARENT', '', `new Int32Array([${ids.map((id) => (tiers.nodes[id]!.parent === null ? -1 : position.get(tiers.nodes[id]!.parent!)!)).join(', ')}])`, [
    'Index of each node\'s parent; -1 for the root.',
  ]);
  constant(file, 'TIER_END', '', `new Int32Array([${end.join(', ')}])`, ['Last index of each node\'s subtree (nodes are numbered depth first).']);
  constant(file, 'TIER_DEPTH', '', `new Uint8Array([${ids.map((id) => tiers.nodes[id]!.depth).join(', ')}])`);
  constant(
    file,
    'TIER_GRANTS',
    '',
    (w) => {
      // Wide enough for the largest code: a level index, or an action mask of up to 30 bits.
      const bits = Math.max(1, ...perms.map((p) => ir.permissions[p]!.levels.length));
      w.write(`new ${bits <= 8 ? 'Uint8Array' : bits <= 16 ? 'Uint16Array' : 'Uint32Array'}([`).newLine();
      w.indent(() => {
        for (const id of ids) {
          const n = tiers.nodes[id]!;
          const row = perms.map((p) => {
            const v = n.grants[p]!;
            const levels = ir.permissions[p]!.levels;
            return typeof v === 'string' ? levels.indexOf(v) : v.reduce((m, a) => m | (1 << levels.indexOf(a)), 0);
          });
          w.writeLine(`${row.join(', ')}, // ${id}`);
        }
      });
      w.write('])');
    },
    ['Node-major grants of tier nodes as codes: level index (ordered scales) or action bit mask.'],
  );
  file.addFunction({
    name: 'tierIndex',
    parameters: [{ name: 'node', type: 'unknown' }],
    returnType: 'number | undefined',
    statements: `return typeof node === 'string' ? TIER_INDEX[node] : undefined;`,
  });
  file.addFunction({
    isExported: true,
    name: 'isAncestor',
    parameters: [
      { name: 'ancestor', type: 'TierNode' },
      { name: 'node', type: 'TierNode' },
    ],
    returnType: 'boolean',
    docs: ['Whether `ancestor` is strictly above `node` in the tree. O(1). Unknown nodes are denied.'],
    statements: `const a = tierIndex(ancestor);
const b = tierIndex(node);
return a !== undefined && b !== undefined && a < b && b <= TIER_END[a]!;`,
  });
  file.addFunction({
    isExported: true,
    name: 'isSameOrAncestor',
    parameters: [
      { name: 'ancestor', type: 'TierNode' },
      { name: 'node', type: 'TierNode' },
    ],
    returnType: 'boolean',
    docs: ['Whether `ancestor` is `node` or above it. O(1).'],
    statements: `const a = tierIndex(ancestor);
const b = tierIndex(node);
return a !== undefined && b !== undefined && a <= b && b <= TIER_END[a]!;`,
  });
  file.addFunction({
    isExported: true,
    name: 'parentOf',
    parameters: [{ name: 'node', type: 'TierNode' }],
    returnType: 'TierNode | undefined',
    docs: ['The parent of a node; undefined for the root and unknown nodes.'],
    statements: `const i = tierIndex(node);
if (i === undefined) return undefined;
const p = TIER_PARENT[i]!;
return p < 0 ? undefined : TIER_NODES[p];`,
  });
  file.addFunction({
    isExported: true,
    name: 'depthOf',
    parameters: [{ name: 'node', type: 'TierNode' }],
    returnType: 'number | undefined',
    docs: ['The level of a node, 1 for the root; undefined for unknown nodes.'],
    statements: `const i = tierIndex(node);
return i === undefined ? undefined : TIER_DEPTH[i];`,
  });
}

/** Member checks: the union of a member's roles and, with tiers, their node's grants. */
export function emitMemberCan(file: SourceFile, ir: ResolvedPolicy): void {
  const hasTiers = ir.tiers !== null;
  const hasPlans = Object.keys(ir.plans).length > 0;
  file.addInterface({
    isExported: true,
    name: 'Member',
    docs: ['A member as stored by the product: role ids' + (hasTiers ? ' and the tier node they belong to.' : '.')],
    properties: [
      { name: 'roles', type: 'readonly Role[]', isReadonly: true },
      ...(hasTiers ? [{ name: 'tier', type: 'TierNode | null', hasQuestionToken: true, isReadonly: true }] : []),
    ],
  });
  file.addFunction({
    name: 'memberCode',
    parameters: [
      { name: 'roles', type: 'unknown' },
      { name: 'tier', type: 'unknown' },
      { name: 'p', type: 'number' },
    ],
    returnType: 'number',
    docs: ['The union of what the roles (and the tier node) hold of permission p: highest level index, or OR of action bits; -1 when no role or node is known.'],
    statements: `const actions = IS_ACTIONS[p] === 1;
let code = -1;
if (Array.isArray(roles)) {
  for (let i = 0; i < roles.length; i++) {
    const r = roleIndex(roles[i]);
    if (r >= 0) code = unite(code, cellCode(r, p), actions);
  }
}
${hasTiers ? `const t = tierIndex(tier);
if (t !== undefined) code = unite(code, TIER_GRANTS[t * STRIDE + p]!, actions);` : 'void tier;'}
return code;`,
  });
  file.addFunction({
    name: 'unite',
    parameters: [
      { name: 'code', type: 'number' },
      { name: 'c', type: 'number' },
      { name: 'actions', type: 'boolean' },
    ],
    returnType: 'number',
    docs: ['The union of two codes (-1: nothing yet); a plain function, so member checks allocate nothing.'],
    statements: `return code < 0 ? c : actions ? code | c : c > code ? c : code;`,
  });
  file.addFunction({
    name: 'meets',
    parameters: [
      { name: 'code', type: 'number' },
      { name: 'p', type: 'number' },
      { name: 'need', type: 'number' },
    ],
    returnType: 'boolean',
    statements: `if (code < 0) return false;
return IS_ACTIONS[p] === 1 ? (code & need) !== 0 : code >= need;`,
  });
  file.addFunction({
    isExported: true,
    name: 'memberCan',
    typeParameters: [{ name: 'P', constraint: 'Permission' }],
    parameters: [
      { name: 'member', type: 'Member' },
      { name: 'permission', type: 'P' },
      { name: 'atLeast', type: 'LevelOf<P>', hasQuestionToken: true },
      ...(hasPlans ? [{ name: 'plan', type: 'Plan', hasQuestionToken: true }] : []),
    ],
    returnType: 'boolean',
    docs: [
      'Like `can`, for a member: the union of all their roles' + (hasTiers ? ' and of their tier node' : '') + '.' + (hasPlans ? ' Plan-gated permissions need the account\'s plan.' : ''),
    ],
    statements: `if (member === null || typeof member !== 'object') return false;
const p = permissionIndex(permission);
if (p < 0${hasPlans ? ' || !planAllows(p, plan)' : ''}) return false;
let need = IS_ACTIONS[p] === 1 ? -1 : 1;
if (atLeast !== undefined) {
  const c = levelCode(p, atLeast);
  if (c === undefined) return false;
  need = c;
}
return meets(memberCode(member.roles, ${hasTiers ? 'member.tier' : 'undefined'}, p), p, need);`,
  });
}

export function emitAccess(file: SourceFile, ir: ResolvedPolicy): void {
  ensureLookup(file);
  const hasTiers = ir.tiers !== null;
  const hasPlans = Object.keys(ir.plans).length > 0;
  const kinds = Object.keys(ir.resources);
  const perms = Object.keys(ir.permissions);
  const bit = (r: Relation): number => 1 << RELATIONS.indexOf(r);
  const mask = (rs: readonly Relation[]): number => rs.reduce((m, r) => m | bit(r), 0);
  const actionMask = (kind: string, actions: readonly string[]): number => actions.reduce((m, a) => m | (1 << ir.resources[kind]!.actions.indexOf(a)), 0);

  file.addTypeAlias({ isExported: true, name: 'ResourceKind', type: union(kinds), docs: ['Kinds of resources that canAccess answers for.'] });
  file.addInterface({
    isExported: true,
    name: 'ResourceActions',
    docs: ['The actions of each resource kind.'],
    properties: kinds.map((k) => ({ name: lit(k), type: union(ir.resources[k]!.actions), isReadonly: true })),
  });
  file.addInterface({
    isExported: true,
    name: 'Resource',
    typeParameters: [{ name: 'K', constraint: 'ResourceKind', default: 'ResourceKind' }],
    docs: ['One resource, with the attributes relations are measured on.'],
    properties: [
      { name: 'kind', type: 'K', isReadonly: true },
      { name: 'assignee', type: 'string | null', hasQuestionToken: true, isReadonly: true },
      { name: 'followers', type: 'readonly string[]', hasQuestionToken: true, isReadonly: true },
      { name: 'formerAssignees', type: 'readonly string[]', hasQuestionToken: true, isReadonly: true },
      { name: 'group', type: 'string | null', hasQuestionToken: true, isReadonly: true },
      { name: 'organization', type: 'string | null', hasQuestionToken: true, isReadonly: true },
      ...(hasTiers ? [{ name: 'tier', type: 'TierNode | null', hasQuestionToken: true, isReadonly: true }] : []),
      { name: 'private', type: 'boolean', hasQuestionToken: true, isReadonly: true },
    ],
  });
  constant(file, 'RESOURCE_INDEX', '', lookupOf(kinds));
  constant(
    file,
    'RESOURCE_ACTIONS',
    'readonly Readonly<Record<string, number | undefined>>[]',
    `[${kinds.map((k) => `lookup({ ${ir.resources[k]!.actions.map((a, i) => `${lit(a)}: ${1 << i}`).join(', ')} })`).join(', ')}]`,
    ['Per resource kind: action -> bit.'],
  );
  constant(
    file,
    'PRIVATE_NEEDS',
    '',
    `new Int32Array([${kinds.map((k) => (ir.resources[k]!.privateNeeds === null ? -1 : perms.indexOf(ir.resources[k]!.privateNeeds!))).join(', ')}])`,
    ['Per resource kind: the permission a private resource needs, or -1.'],
  );
  const rel = Object.fromEntries(RELATIONS.map((r) => [r, bit(r)]));
  constant(
    file,
    'EXCEPTIONS',
    'readonly (readonly (readonly [relations: number, actions: number])[])[]',
    `[${kinds
      .map((k) => `[${Object.values(ir.exceptions).filter((e) => e.resource === k).map((e) => `[${mask(e.relations)}, ${actionMask(k, e.actions)}]`).join(', ')}]`)
      .join(', ')}]`,
    ['Per resource kind: [relations required, actions allowed] that hold whatever the roles say.'],
  );
  constant(
    file,
    'ACCESS_RULES',
    'readonly (readonly (readonly [permission: number, need: number, relations: number, actions: number])[])[]',
    (w) => {
      w.write('[').newLine();
      w.indent(() => {
        for (const k of kinds) {
          const rules = perms.flatMap((p, pi) =>
            ir.permissions[p]!.access.filter((r) => r.resource === k).map((r) => `[${pi}, ${needCode(ir, p, r.atLeast)}, ${mask(r.relations)}, ${actionMask(k, r.actions)}]`),
          );
          w.writeLine(`[${rules.join(', ')}], // ${k}`);
        }
      });
      w.write(']');
    },
    ['Per resource kind: [permission, least value code, relations required, actions given].'],
  );
  const tierPart = hasTiers
    ? `const a = tierIndex(actor.tier);
const b = tierIndex(r.tier);
if (a !== undefined && b !== undefined) {
  if (a === b) m |= ${rel.same_tier};
  if (TIER_PARENT[b] === a) m |= ${rel.parent_tier};
  if (a < b && b <= TIER_END[a]!) m |= ${rel.ancestor_tier};
}`
    : '';
  file.addFunction({
    name: 'isPrivate',
    parameters: [{ name: 'r', type: 'Resource' }],
    returnType: 'boolean',
    docs: ['Private unless the flag is plainly absent or false: a malformed flag (1, "true") fails closed.'],
    statements: `const flag: unknown = r.private;
return !(flag === undefined || flag === null || flag === false);`,
  });
  file.addFunction({
    name: 'relationsOf',
    parameters: [
      { name: 'actor', type: 'Actor' },
      { name: 'r', type: 'Resource' },
    ],
    returnType: 'number',
    docs: [`Bit set of the relations between actor and resource (bits in the order ${RELATIONS.join(', ')}).`],
    statements: `let m = 0;
const id: unknown = actor.id;
const assignee: unknown = r.assignee;
if (typeof assignee === 'string' && assignee !== '') {
  m |= ${rel.assigned};
  if (assignee === id) m |= ${rel.assignee};
} else if (assignee === undefined || assignee === null || assignee === '') m |= ${rel.unassigned};
// Any other assignee (a number, an object) is malformed: neither assigned nor unassigned.
if (typeof id === 'string' && id !== '') {
  if (Array.isArray(r.followers) && r.followers.includes(id)) m |= ${rel.follower};
  if (Array.isArray(r.formerAssignees) && r.formerAssignees.includes(id)) m |= ${rel.former_assignee};
}
if (typeof r.group === 'string' && r.group !== '' && Array.isArray(actor.groups) && actor.groups.includes(r.group)) m |= ${rel.same_group};
if (typeof r.organization === 'string' && r.organization !== '' && r.organization === actor.organization) m |= ${rel.same_organization};
${tierPart}
if (!isPrivate(r)) m |= ${rel.public};
return m;`,
  });
  file.addFunction({
    isExported: true,
    name: 'canAccess',
    typeParameters: [{ name: 'K', constraint: 'ResourceKind' }],
    parameters: [
      { name: 'actor', type: 'Actor' },
      { name: 'resource', type: 'Resource<K>' },
      { name: 'action', type: 'ResourceActions[K]' },
      ...(hasPlans ? [{ name: 'plan', type: 'Plan', hasQuestionToken: true }] : []),
    ],
    returnType: 'boolean',
    docs: [
      [
        'Whether the actor may perform `action` on one resource: an exception of the policy allows it,',
        'or a permission the actor holds (through any role' + (hasTiers ? ' or their tier node' : '') + ') applies to the resource',
        'through relations that all hold. A private resource also needs the permission its kind names.',
        'Unknown kinds, actions, roles' + (hasPlans ? ', plans' : '') + ' and malformed input are denied.',
      ].join('\n'),
    ],
    statements: `if (actor === null || typeof actor !== 'object' || resource === null || typeof resource !== 'object') return false;
const k = typeof resource.kind === 'string' ? RESOURCE_INDEX[resource.kind] : undefined;
if (k === undefined) return false;
const bit = typeof action === 'string' ? RESOURCE_ACTIONS[k]![action] : undefined;
if (bit === undefined) return false;
const tier: unknown = ${hasTiers ? 'actor.tier' : 'undefined'};
const privateNeeds = PRIVATE_NEEDS[k]!;
if (isPrivate(resource) && privateNeeds >= 0) {
  if (${hasPlans ? '!planAllows(privateNeeds, plan) || ' : ''}!meets(memberCode(actor.roles, tier, privateNeeds), privateNeeds, IS_ACTIONS[privateNeeds] === 1 ? -1 : 1)) return false;
}
const rel = relationsOf(actor, resource);
for (const [relations, actions] of EXCEPTIONS[k]!) {
  if ((actions & bit) !== 0 && (rel & relations) === relations) return true;
}
for (const [p, need, relations, actions] of ACCESS_RULES[k]!) {
  if ((actions & bit) === 0 || (rel & relations) !== relations${hasPlans ? ' || !planAllows(p, plan)' : ''}) continue;
  if (meets(memberCode(actor.roles, tier, p), p, need)) return true;
}
return false;`,
  });
}

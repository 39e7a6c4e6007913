// account.schema.json: a JSON Schema (draft 2020-12) of a policy's AccountData, the data that
// `openAccount` reads, so a product can check what it loads from its database with any validator.
// It states the shape and the ids the policy fixes (plan, permission ids and their levels, the
// policy's customisable roles); what depends on the data itself (custom role ids used by members,
// caps, names, escalation) is judged by openAccount and `policyc account`.

import { actorAttributes, type ResolvedPolicy } from '../ir.js';
import { MAX_LIST } from '../runtime/kernel.js';
import { DO_NOT_EDIT } from './header.js';

type Schema = { [key: string]: unknown };

/** The id pattern openAccount requires of custom role and tier node ids. */
const ID_PATTERN = '^[A-Za-z0-9_][A-Za-z0-9_.:@+-]{0,199}$';

/** The id pattern openAccount requires of object ids (no colon: it joins an object to its permission). */
const OBJECT_PATTERN = '^[A-Za-z0-9_][A-Za-z0-9_.@+-]{0,199}$';

/** A regular expression source matching `s` literally. */
const literal = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function emitAccountSchema(ir: ResolvedPolicy, sourceDir: string): string {
  const permissions = Object.keys(ir.permissions);
  const valueOf = (id: string): Schema => {
    const p = ir.permissions[id]!;
    return p.single
      ? { description: `${p.label}: one option (it brings the options it includes), or [] for none`, anyOf: [{ enum: [...p.levels] }, { type: 'array', maxItems: 0 }] }
      : p.kind === 'actions'
        ? { type: 'array', description: `${p.label}: the actions held`, items: { enum: [...p.levels] } }
        : { description: `${p.label}: a level, lowest first`, enum: [...p.levels] };
  };
  // A per-object permission takes its grants per object, "<permission>:<object>"; whether the
  // object is one the account lists is judged by openAccount (unknown-object).
  const perObject = permissions.filter((id) => ir.permissions[id]!.perObject !== undefined);
  const grants: Schema = {
    type: 'object',
    description: `Values of permissions; permissions left out keep their default (the lowest value for a new role).${perObject.length ? ' A permission held per object is granted per object, as "<permission>:<object>".' : ''}`,
    additionalProperties: false,
    properties: Object.fromEntries(permissions.filter((id) => ir.permissions[id]!.perObject === undefined).map((id) => [id, valueOf(id)])),
    ...(perObject.length ? { patternProperties: Object.fromEntries(perObject.map((id) => [`^${literal(id)}:${OBJECT_PATTERN.slice(1)}`, valueOf(id)])) } : {}),
  };
  // The owner's cells are fixed; every other role of the policy may carry the account's values.
  const customisable = Object.keys(ir.roles).filter((r) => ir.roles[r]!.kind !== 'owner');
  const plans = Object.keys(ir.plans);
  const properties: Schema = {
    roles: {
      type: 'object',
      description: "Values of the customisable cells of the policy's roles, keyed by role id (within each cell's allowed values).",
      additionalProperties: false,
      properties: Object.fromEntries(customisable.map((r) => [r, { $ref: '#/$defs/grants' }])),
    },
    customRoles: { type: 'array', description: 'Roles the account created.', maxItems: MAX_LIST, items: { $ref: '#/$defs/customRole' } },
    members: { type: 'array', description: 'Members with their roles (policy or custom role ids) and tier node.', maxItems: MAX_LIST, items: { $ref: '#/$defs/member' } },
    defaultRole: { type: 'string', minLength: 1, description: 'The role invited members get: a builtin or custom role id.' },
  };
  if (plans.length) properties.plan = { description: "The account's plan, lowest first.", enum: plans };
  const switches = Object.keys(ir.switches);
  if (switches.length) {
    properties.switches = {
      description: 'Which add-ons, product switches and account facts are on; a switch left out keeps the policy\'s value.',
      type: 'object',
      additionalProperties: false,
      properties: Object.fromEntries(switches.map((id) => [id, { description: `${ir.switches[id]!.label} (policy value: ${ir.switches[id]!.on ? 'on' : 'off'})`, type: 'boolean' }])),
    };
  }
  const kinds = Object.keys(ir.objects);
  if (kinds.length) {
    properties.objects = {
      description: "The objects the account defines, per kind (a kind left out keeps the policy's default objects); permissions held per object have a value for each.",
      type: 'object',
      additionalProperties: false,
      properties: Object.fromEntries(
        kinds.map((k) => [k, { description: `${ir.objects[k]!.label}: object ids (policy defaults: ${ir.objects[k]!.defaults.join(', ') || 'none'})`, type: 'array', maxItems: 1000, uniqueItems: true, items: { type: 'string', pattern: OBJECT_PATTERN } }]),
      ),
    };
  }
  if (ir.tiers) {
    properties.tiers = {
      type: 'array',
      description: `Tier nodes the account added under the policy's tree, parents before children, at most ${ir.tiers.maxDepth} levels deep.`,
      maxItems: MAX_LIST,
      items: { $ref: '#/$defs/tierNode' },
    };
  } else {
    // The account's own data (account.data) lists its tier nodes even without a tree: none.
    properties.tiers = { type: 'array', description: 'The policy has no tier tree: no nodes can be added.', maxItems: 0 };
  }
  const string = (max: number): Schema => ({ type: 'string', minLength: 1, maxLength: max });
  const defs: Schema = {
    id: { type: 'string', pattern: ID_PATTERN },
    name: string(1000),
    grants,
    customRole: {
      type: 'object',
      additionalProperties: false,
      required: ['id', 'name'],
      properties: { id: { $ref: '#/$defs/id' }, name: { $ref: '#/$defs/name' }, description: { type: 'string' }, grants: { $ref: '#/$defs/grants' } },
    },
    member: {
      type: 'object',
      additionalProperties: false,
      required: ['id', 'roles'],
      properties: {
        id: string(1000),
        name: { type: 'string' },
        roles: { type: 'array', maxItems: MAX_LIST, items: { type: 'string', minLength: 1 } },
        tier: { type: ['string', 'null'] },
        groups: { type: 'array', maxItems: MAX_LIST, items: { type: 'string' } },
        organization: { type: ['string', 'null'] },
        // The actor attributes the policy's declared relations read (a relation on the member's
        // own id reads `id` above).
        ...Object.fromEntries(
          actorAttributes(ir).map((a) => [
            a,
            { description: `Read by the relation${Object.values(ir.relations).filter((r) => r.actor === a).length > 1 ? 's' : ''} ${Object.entries(ir.relations).filter(([, r]) => r.actor === a).map(([id]) => id).join(', ')}: a value or a list of values.`, anyOf: [{ type: ['string', 'null'] }, { type: 'array', maxItems: MAX_LIST, items: { type: 'string' } }] },
          ]),
        ),
      },
    },
  };
  if (ir.tiers) {
    defs.tierNode = {
      type: 'object',
      additionalProperties: false,
      required: ['id', 'name', 'parent'],
      properties: {
        id: { $ref: '#/$defs/id' },
        name: { $ref: '#/$defs/name' },
        parent: { ...string(1000), description: `A node of the policy (${Object.keys(ir.tiers.nodes).join(', ')}) or one listed earlier.` },
        description: { type: 'string' },
        grants: { $ref: '#/$defs/grants' },
      },
    };
  }
  const schema: Schema = {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $comment: `${DO_NOT_EDIT} Source: ${sourceDir}. Regenerate with npx policyc build.`,
    title: `${ir.title}: account data`,
    description: "The data openAccount(data) validates: the account's plan, customised cells, custom roles, members, tier nodes and default role.",
    type: 'object',
    additionalProperties: false,
    properties,
    $defs: defs,
  };
  // DEL and the C1 controls are valid in JSON text but invisible and unsafe in terminals and diffs.
  return JSON.stringify(sortKeys(schema), null, 2).replace(/[\u007F-\u009F]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) + '\n';
}

/** Object keys sorted (arrays keep their order: levels are lowest first), so output never depends on insertion order. */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const out: Schema = {};
  for (const k of Object.keys(value).sort()) out[k] = sortKeys((value as Schema)[k]);
  return out;
}

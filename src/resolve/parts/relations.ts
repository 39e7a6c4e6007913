// Relations the policy declares: an attribute of the actor matched against an attribute of the
// resource (Zendesk's brand membership), or the actor's own id matched against one (the resource's
// owner or author is the actor), or, with `many`, the actor's value (or one of its values) found in
// a list on the resource (the resource is shared with the actor), besides the default relations of
// RELATIONS. Access rules and exceptions name them like the defaults (checkRelations), and each
// resource kind they are used with must declare the resource's attribute.

import type { DiagnosticBag, Origin } from '../../diagnostics/diagnostic.js';
import { MAX_DECLARED_RELATIONS, RELATIONS, type Relation, type ResolvedPolicy } from '../../ir.js';
import { child } from '../merge.js';
import type { ResolveContext, Unknown } from '../part.js';

/** Fields every actor has: a declared relation's actor attribute is a field of its own, or `id` (ACTOR_ID). */
export const ACTOR_FIELDS = ['id', 'name', 'roles', 'tier', 'groups', 'organization'] as const;
/** The one field every actor has that a declared relation may read: the actor's own id. */
export const ACTOR_ID = 'id';
/** Fields every resource has: a resource kind's attributes are fields of their own. */
export const RESOURCE_FIELDS = ['kind', 'id', 'assignee', 'followers', 'formerAssignees', 'group', 'organization', 'tier', 'private'] as const;

/** Relations declared but refused: rules naming them are left out without a second report. */
const REFUSED = new WeakMap<ResolvedPolicy, Set<string>>();

export function resolveRelations(ctx: ResolveContext): void {
  const { merged, bag, unknown, ir } = ctx;
  const declared = [...new Set(Object.values(ir.resources).flatMap((r) => r.attributes ?? []))];
  for (const [id, d] of merged.relations) {
    const r = d.value;
    let ok = true;
    if ((RELATIONS as readonly string[]).includes(id)) {
      bag.report({ rule: 'relation-default', message: `relation "${id}" is a default relation; a declared relation needs a name of its own`, at: { ...d.at, key: true }, hint: `use the default "${id}" as it is, or give this relation another name` });
      ok = false;
    }
    if (r.actor !== ACTOR_ID && (ACTOR_FIELDS as readonly string[]).includes(r.actor)) {
      bag.report({ rule: 'relation-attribute', message: `relation "${id}" reads the actor's "${r.actor}", a field every actor has; a declared relation reads the actor's id or an attribute of its own`, at: child(d.at, 'actor'), hint: `name the actor's attribute for what it holds (e.g. ${r.actor}_list), or use a default relation` });
      ok = false;
    }
    if (!declared.includes(r.resource)) {
      unknown('resource attribute', r.resource, child(d.at, 'resource'), declared);
      ok = false;
    }
    // The schema caps each file; the files of a policy merge, and the kernel has bits for no more.
    if (ok && Object.keys(ir.relations).length >= MAX_DECLARED_RELATIONS) {
      bag.report({ rule: 'schema', message: `relation "${id}" is one more than the ${MAX_DECLARED_RELATIONS} relations a policy may declare (across its files)`, at: { ...d.at, key: true }, hint: 'remove a relation, or express it through a default relation' });
      ok = false;
    }
    // An attribute is one value or a list of values, not both: every relation reading it agrees.
    const many = r.many === true;
    const other = ok ? Object.entries(ir.relations).find(([, o]) => o.resource === r.resource && o.many !== many) : undefined;
    if (other) {
      bag.report({
        rule: 'relation-attribute',
        message: `relation "${id}" reads the resource's "${r.resource}" as ${many ? 'a list of values' : 'one value'}, but relation "${other[0]}" reads it as ${other[1].many ? 'a list of values' : 'one value'}`,
        at: r.many === undefined ? { ...d.at, key: true } : child(d.at, 'many'),
        hint: `give both the same \`many\`, or read the list from an attribute of its own`,
      });
      ok = false;
    }
    if (ok) ir.relations[id] = { label: r.label, description: r.description ?? null, actor: r.actor, resource: r.resource, many };
    else if (!(RELATIONS as readonly string[]).includes(id)) {
      const refused = REFUSED.get(ir) ?? new Set<string>();
      refused.add(id);
      REFUSED.set(ir, refused);
    }
  }
}

/** A resource kind's `attributes`, each checked not to be a field every resource has. */
export function checkAttributes(kind: string, list: readonly string[] | undefined, at: Origin, bag: DiagnosticBag): string[] {
  const out: string[] = [];
  (list ?? []).forEach((a, i) => {
    if ((RESOURCE_FIELDS as readonly string[]).includes(a)) {
      bag.report({ rule: 'relation-attribute', message: `resource "${kind}" declares the attribute "${a}", a field every resource has`, at: child(at, i), hint: 'the default relations read it already; declare only fields of its own' });
    } else out.push(a);
  });
  return out;
}

/**
 * The relations an access rule or exception on `resource` names, in canonical order (the defaults
 * in the order of RELATIONS, then the declared ones in declared order). An unknown name is reported
 * with a did-you-mean hint; a declared relation whose attribute the kind does not declare is
 * reported too. Undefined when any is wrong, so that the rule is left out (fails closed).
 */
export function checkRelations(ir: ResolvedPolicy, resource: string, list: readonly string[] | undefined, at: Origin, bag: DiagnosticBag, unknown: Unknown): Relation[] | undefined {
  const known = [...RELATIONS, ...Object.keys(ir.relations)];
  let ok = true;
  (list ?? []).forEach((name, i) => {
    if (!known.includes(name)) {
      if (!REFUSED.get(ir)?.has(name)) unknown('relation', name, child(at, i), known);
      ok = false;
      return;
    }
    const rel = Object.hasOwn(ir.relations, name) ? ir.relations[name]! : undefined;
    const attrs = ir.resources[resource]?.attributes ?? [];
    if (rel && !attrs.includes(rel.resource)) {
      bag.report({ rule: 'relation-attribute', message: `relation "${name}" reads the attribute "${rel.resource}", which resource "${resource}" does not declare`, at: child(at, i), hint: `add "${rel.resource}" to the attributes of resource "${resource}"` });
      ok = false;
    }
  });
  return ok ? known.filter((r) => (list ?? []).includes(r)) : undefined;
}

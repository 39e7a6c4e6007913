// Declared relations (an actor attribute matched against a resource attribute): the relations
// themselves. Which rules and exceptions name them is the access section's; here, a relation that
// reads other attributes than before, or reads its resource attribute as a list where it read one
// value (or the other way round), matches other members to other resources, so for every rule and
// exception that names it, that may reach resources it did not reach: an escalation.

import type { ResolvedPolicy, ResolvedRelation } from '../../ir.js';
import { impactOf } from '../change.js';
import { compareDefinitions, textFields, type FieldChange } from '../compare-definitions.js';
import type { DiffSection } from '../section.js';

/** Whether an access rule or exception of the policy names the relation. */
function inUse(ir: ResolvedPolicy, id: string): boolean {
  return Object.values(ir.permissions).some((p) => p.access.some((r) => r.relations.includes(id))) || Object.values(ir.exceptions).some((e) => e.relations.includes(id));
}

export const diffRelations: DiffSection = (ctx) =>
  compareDefinitions<ResolvedRelation>(ctx.base.ir.relations, ctx.head.ir.relations, {
    noun: 'relation',
    kind: 'relation',
    label: (r) => r.label,
    fields: (x, y, id) => {
      const f: FieldChange[] = textFields(x, y);
      const used = inUse(ctx.head.ir, id);
      for (const field of ['actor', 'resource'] as const) {
        if (x[field] !== y[field]) f.push({ field, from: x[field], to: y[field], impact: impactOf(used, used) });
      }
      // One value or a list: the same data now reads otherwise (a string where a list is read, or
      // the other way round, matches nothing), and lists written for it reach other members.
      if (x.many !== y.many) f.push({ field: 'many', from: x.many, to: y.many, impact: impactOf(used, used), words: `reads the resource's ${y.resource} as ${y.many ? 'a list of values (many: true)' : 'one value (many left out)'}` });
      return f;
    },
  });

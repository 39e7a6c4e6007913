// Declared relations (an actor attribute matched against a resource attribute): the relations
// themselves. Which rules and exceptions name them is the access section's; here, a relation that
// reads other attributes than before matches other members to other resources, so for every rule
// and exception that names it, that may reach resources it did not reach: an escalation.

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
      return f;
    },
  });

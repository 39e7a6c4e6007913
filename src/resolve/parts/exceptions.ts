// Exceptions: actions on a resource kind that are allowed by a relation alone, whatever the role.

import { child } from '../merge.js';
import type { ResolveContext } from '../part.js';
import { checkActions } from './access.js';
import { checkRelations } from './relations.js';

export function resolveExceptions(ctx: ResolveContext): void {
  const { merged, bag, unknown, ir } = ctx;
  const resources = ir.resources;
  for (const [id, d] of merged.exceptions) {
    const e = d.value;
    if (!resources[e.resource]) {
      unknown('resource', e.resource, child(d.at, 'resource'), Object.keys(resources));
      continue;
    }
    const relations = checkRelations(ir, e.resource, e.relations, child(d.at, 'relations'), bag, unknown);
    if (relations === undefined) continue;
    ir.exceptions[id] = {
      label: e.label,
      description: e.description ?? null,
      resource: e.resource,
      relations,
      actions: checkActions(resources, e.resource, e.actions, child(d.at, 'actions'), unknown),
    };
  }
}

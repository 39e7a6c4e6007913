// Resource kinds: the objects access rules speak of, with their actions, and the permission that
// opens a private one (checked once permissions are known).

import { child } from '../merge.js';
import type { ResolveContext } from '../part.js';
import { checkAttributes } from './relations.js';

export function resolveResources(ctx: ResolveContext): void {
  const { merged, bag, ir } = ctx;
  for (const [id, d] of merged.resources) {
    const seen = new Set<string>();
    d.value.actions.forEach((a, i) => {
      if (seen.has(a)) bag.report({ rule: 'duplicate-level', message: `resource "${id}" lists the action "${a}" twice`, at: child(d.at, 'actions', i) });
      seen.add(a);
    });
    // privateNeeds is checked once permissions are known (checkPrivateNeeds).
    const attributes = checkAttributes(id, d.value.attributes, child(d.at, 'attributes'), bag);
    ir.resources[id] = { label: d.value.label, description: d.value.description ?? null, actions: [...seen], privateNeeds: d.value.privateNeeds ?? null, ...(attributes.length ? { attributes } : {}) };
  }
}

export function checkPrivateNeeds(ctx: ResolveContext): void {
  const { merged, unknown, ir } = ctx;
  for (const [id, r] of Object.entries(ir.resources)) {
    if (r.privateNeeds !== null && !ir.permissions[r.privateNeeds]) {
      unknown('permission', r.privateNeeds, child(merged.resources.get(id)!.at, 'privateNeeds'), Object.keys(ir.permissions));
      r.privateNeeds = null;
    }
  }
}

// Parts of a resource: privacy that covers some of a resource's actions only. A part names the
// actions that touch it (reading a conversation's private messages) and the permission a private
// resource needs for them; the resource's other actions stay open to whoever a rule allows, as
// Super 8's members without the right still see a private conversation and the customer's messages.

import type { ResolvedPart } from '../../ir.js';
import { dict } from '../../util/text.js';
import { child } from '../merge.js';
import type { ResolveContext } from '../part.js';

export function resolveResourceParts(ctx: ResolveContext): void {
  const { merged, unknown, ir } = ctx;
  for (const [kind, res] of Object.entries(ir.resources)) {
    const d = merged.resources.get(kind)!;
    const docs = d.value.parts;
    if (!docs) continue;
    const parts: Record<string, ResolvedPart> = dict();
    for (const [id, doc] of Object.entries(docs)) {
      const at = child(d.at, 'parts', id);
      const actions: string[] = [];
      doc.actions.forEach((a, i) => {
        if (res.actions.includes(a)) actions.push(a);
        else unknown(`action of resource "${kind}"`, a, child(at, 'actions', i), res.actions);
      });
      if (!ir.permissions[doc.privateNeeds]) {
        if (!ctx.broken.has(doc.privateNeeds)) unknown('permission', doc.privateNeeds, child(at, 'privateNeeds'), Object.keys(ir.permissions));
        continue;
      }
      if (actions.length === 0) continue;
      parts[id] = {
        label: doc.label,
        description: doc.description ?? null,
        actions: res.actions.filter((a) => actions.includes(a)),
        privateNeeds: doc.privateNeeds,
      };
    }
    if (Object.keys(parts).length) res.parts = parts;
  }
}

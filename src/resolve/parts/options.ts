// Scales of options: a role holds one option (with what it includes) or none. Inheritance and
// implications join values, and a join of two options that do not include each other (Zendesk's
// "organization" and "groups") is no option the product offers, so such a role is refused here.

import { child } from '../merge.js';
import type { ResolveContext } from '../part.js';
import { formatValue, isChoice } from '../values.js';
import { scaleOf } from './permissions.js';

export function checkOptions(ctx: ResolveContext): void {
  const { merged, bag, ir } = ctx;
  const single = Object.keys(ir.permissions).filter((p) => ir.permissions[p]!.single);
  if (single.length === 0) return;
  for (const [id, role] of Object.entries(ir.roles)) {
    if (role.kind === 'owner') continue;
    const d = merged.roles.get(id);
    if (!d) continue;
    for (const p of single) {
      const scale = scaleOf(ctx, p);
      const v = role.grants[p]!;
      if (isChoice(scale, v)) continue;
      const own = d.value.grants?.[p] !== undefined;
      bag.report({
        rule: 'invalid-level',
        message: `role "${id}" ends up with ${formatValue(v)} of ${p}, which is no single option (scale "${ir.permissions[p]!.scale}": one of ${scale.levels.join(', ')}); inherited or implied options add up to more than one`,
        at: own ? child(d.at, 'grants', p) : { ...child(d.at, d.value.inherits ? 'inherits' : 'grants'), key: true },
        hint: `grant one option of ${p} that includes the others, or let the scale's options include each other`,
      });
    }
  }
}

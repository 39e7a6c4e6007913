// Changes in which roles a role inherits from. The order of parents does not matter (the highest
// value wins), so only parents added or removed are reported; renamed parents are not changes.

import { impactOf } from '../change.js';
import { setDelta, showValue } from '../compare.js';
import { headRoleId, type DiffSection, type SectionChange } from '../section.js';

export const diffInheritance: DiffSection = (ctx) => {
  const out: SectionChange[] = [];
  for (const [baseId, id] of ctx.roleMap) {
    const before = ctx.base.ir.roles[baseId]!.inherits.map((r) => headRoleId(ctx, r));
    const after = ctx.head.ir.roles[id]!.inherits;
    const d = setDelta(before, after);
    if (!d.gained && !d.lost) continue;
    const added = after.filter((r) => !before.includes(r));
    const removed = before.filter((r) => !after.includes(r));
    const words = [added.length ? `now inherits ${added.join(', ')}` : '', removed.length ? `no longer inherits ${removed.join(', ')}` : '']
      .filter(Boolean)
      .join('; ');
    out.push({
      kind: 'inherits-changed',
      // A new parent passes down whatever it holds now and is granted later.
      impact: impactOf(d.gained, d.lost),
      role: id,
      from: before,
      to: after,
      message: `role ${id}: ${words} (${showValue(before)} -> ${showValue(after)})`,
    });
  }
  return out;
};

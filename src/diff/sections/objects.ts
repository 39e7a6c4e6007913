// Object kinds (custom objects an account defines) and the permissions held per object. A default
// object added gives every role that holds a per-object permission of its kind above the lowest
// value a new object to use it on, as a grant on a new permission would: an escalation. A
// permission that stops being held per object answers questions that name no object: an escalation;
// one that starts being held per object denies them: a restriction.

import type { ResolvedObjectKind, ResolvedPolicy } from '../../ir.js';
import { lowest } from '../../resolve/values.js';
import { impactOf } from '../change.js';
import { compareDefinitions, textFields, type FieldChange } from '../compare-definitions.js';
import type { DiffSection, SectionChange } from '../section.js';

/** Whether some role holds a permission of this kind above its lowest value. */
function usedBy(ir: ResolvedPolicy, kind: string): boolean {
  return Object.entries(ir.permissions).some(
    ([id, p]) => p.perObject === kind && Object.values(ir.roles).some((r) => JSON.stringify(r.grants[id]) !== JSON.stringify(lowest(ir.scales[p.scale]!))),
  );
}

export const diffObjects: DiffSection = (ctx) => {
  const a = ctx.base.ir;
  const b = ctx.head.ir;
  const out: SectionChange[] = [];
  out.push(
    ...compareDefinitions<ResolvedObjectKind>(a.objects, b.objects, {
      noun: 'object kind',
      kind: 'object',
      label: (k) => k.label,
      // A kind with default objects that roles hold something on brings (or takes) access with it.
      added: (id, k) => impactOf(k.defaults.length > 0 && usedBy(b, id), false),
      removed: (id, k) => impactOf(false, k.defaults.length > 0 && usedBy(a, id)),
      fields: (x, y, id) => {
        const fields: FieldChange[] = textFields(x, y);
        const added = y.defaults.filter((o) => !x.defaults.includes(o));
        const removed = x.defaults.filter((o) => !y.defaults.includes(o));
        if (added.length || removed.length) {
          fields.push({
            field: 'defaults',
            from: [...x.defaults],
            to: [...y.defaults],
            impact: impactOf(added.length > 0 && usedBy(b, id), removed.length > 0 && usedBy(a, id)),
            words: `default objects ${[...added.map((o) => `+${o}`), ...removed.map((o) => `-${o}`)].join(', ')}`,
          });
        }
        return fields;
      },
    }),
  );
  for (const [id, p] of Object.entries(b.permissions)) {
    if (!Object.hasOwn(a.permissions, id)) continue;
    const x = a.permissions[id]!.perObject ?? null;
    const y = p.perObject ?? null;
    if (x === y) continue;
    out.push({
      kind: 'permission-changed',
      impact: impactOf(y === null || x !== null, x === null),
      permission: id,
      field: 'perObject',
      from: x,
      to: y,
      message: `permission ${id}: ${y === null ? `no longer held per ${x}` : x === null ? `now held per ${y}` : `held per ${y} (was per ${x})`}`,
    });
  }
  return out;
};

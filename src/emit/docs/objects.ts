// Objects: each object kind, its per-object permissions, what plain permissions bring on every
// object of the kind, and the objects every account has.

import { markdownCode } from '../escape.js';
import type { DocsPart } from './part.js';

export const objects: DocsPart = {
  name: 'objects',
  partials: ['objects'],
  view: ({ ir, permIds, permLabel, label, scaleOf }) => ({
    objects: Object.entries(ir.objects).map(([id, k]) => ({
      id,
      label: k.label,
      description: k.description,
      permsMd: permIds.filter((p) => ir.permissions[p]!.perObject === id).map(permLabel).join(', ') || '—',
      // Plain permissions that bring a value on every object of the kind (those created later too).
      everyMd:
        permIds
          .flatMap((p) =>
            Object.entries(ir.permissions[p]!.implies)
              .filter(([t]) => ir.permissions[t]!.perObject === id)
              .map(([t, least]) => `${permLabel(p)}: ${permLabel(t)} at least ${label(scaleOf(t), least)}`),
          )
          .join('; ') || '—',
      defaultsMd: k.defaults.map(markdownCode).join(', ') || 'none',
    })),
  }),
};

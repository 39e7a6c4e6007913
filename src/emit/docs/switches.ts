// Switches: each switch, whether it is on, and the permissions and features it gates.

import type { DocsPart } from './part.js';

export const switches: DocsPart = {
  name: 'switches',
  partials: ['switches'],
  view: ({ ir, permIds, md, permLabel }) => ({
    switches: Object.entries(ir.switches).map(([id, sw]) => ({
      id,
      label: sw.label,
      description: sw.description,
      valueMd: sw.on ? 'on' : 'off',
      usersMd:
        [
          ...permIds.filter((p) => ir.permissions[p]!.requires.includes(id)).map(permLabel),
          ...Object.values(ir.features)
            .filter((f) => f.requires.includes(id))
            .map((f) => `feature ${md(f.label)}`),
        ].join(', ') || '—',
    })),
  }),
};

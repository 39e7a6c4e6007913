// Contexts: each context, whether it is the default one, and the permissions limited to it or
// denied in it.

import type { DocsPart } from './part.js';

export const contexts: DocsPart = {
  name: 'contexts',
  partials: ['contexts'],
  view: ({ ir, permIds, permLabel }) => ({
    contexts: Object.entries(ir.contexts).map(([id, c], i) => ({
      id,
      label: c.label,
      description: c.description,
      defaultMd: i === 0 ? 'yes' : '—',
      onlyMd: permIds.filter((p) => ir.permissions[p]!.contexts.includes(id)).map(permLabel).join(', ') || '—',
      deniedMd: permIds.filter((p) => ir.permissions[p]!.contexts.length > 0 && !ir.permissions[p]!.contexts.includes(id)).map(permLabel).join(', ') || '—',
    })),
  }),
};

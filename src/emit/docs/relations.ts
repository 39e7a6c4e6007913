// Relations: the policy's declared relations, with the resource kinds whose rules or exceptions
// use them.

import type { DocsPart } from './part.js';

export const relations: DocsPart = {
  name: 'relations',
  partials: ['relations'],
  view: ({ ir, permIds, md }) => ({
    relations: Object.entries(ir.relations).map(([id, r]) => {
      const kinds = Object.keys(ir.resources).filter(
        (k) =>
          permIds.some((p) => ir.permissions[p]!.access.some((a) => a.resource === k && a.relations.includes(id))) ||
          Object.values(ir.exceptions).some((e) => e.resource === k && e.relations.includes(id)),
      );
      return { id, label: r.label, description: r.description, actor: r.actor, resource: r.resource, many: r.many, kindsMd: kinds.map((k) => md(ir.resources[k]!.label)).join(', ') || 'none yet' };
    }),
  }),
};

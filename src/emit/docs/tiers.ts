// Tiers: the tier nodes with their parents, grants and members, and the tree.

import { isLowest } from '../../resolve/values.js';
import { markdownCode } from '../escape.js';
import type { DocsPart } from './part.js';

export const tiers: DocsPart = {
  name: 'tiers',
  partials: ['tiers'],
  view: ({ ir, permIds, md, permLabel, label, scaleOf }) => {
    const tierNodes = ir.tiers ? Object.entries(ir.tiers.nodes) : [];
    return {
      tiers:
        ir.tiers === null || tierNodes.length === 0
          ? null
          : {
              maxDepth: ir.tiers.maxDepth,
              depth: Math.max(...tierNodes.map(([, n]) => n.depth)),
              nodes: tierNodes.map(([id, n]) => {
                const grants = permIds.filter((p) => !isLowest(scaleOf(p), n.grants[p]!)).map((p) => `${permLabel(p)}: ${label(scaleOf(p), n.grants[p]!)}`);
                const members = Object.entries(ir.members)
                  .filter(([, m]) => m.tier === id)
                  .map(([mid, m]) => (m.name !== null ? md(m.name) : markdownCode(mid)));
                return {
                  id,
                  name: n.name,
                  description: n.description,
                  depth: n.depth,
                  parentMd: n.parent !== null && ir.tiers!.nodes[n.parent] ? md(ir.tiers!.nodes[n.parent]!.name) : '—',
                  grantsMd: grants.length ? grants.join('; ') : '—',
                  membersMd: members.length ? members.join(', ') : '—',
                };
              }),
              edges: tierNodes.filter(([, n]) => n.parent !== null).map(([child, n]) => ({ parent: n.parent!, child })),
            },
    };
  },
};

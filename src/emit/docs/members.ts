// Members: each member's roles and, where the policy has tiers, tier node.

import type { DocsPart } from './part.js';

export const members: DocsPart = {
  name: 'members',
  partials: [],
  view: ({ ir, md, roleName }) => ({
    memberTiers: ir.tiers !== null && Object.values(ir.members).some((m) => m.tier !== null),
    members: Object.entries(ir.members).map(([id, m]) => ({
      id,
      name: m.name,
      roles: m.roles.map(roleName).join(', ') || '—',
      tierMd: m.tier !== null && ir.tiers?.nodes[m.tier] ? md(ir.tiers.nodes[m.tier]!.name) : '—',
    })),
  }),
};

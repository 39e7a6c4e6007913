// Members: the account's people, with their roles and their tier node.

import { child } from '../merge.js';
import type { ResolveContext } from '../part.js';

export function resolveMembers(ctx: ResolveContext): void {
  const { merged, unknown, ir } = ctx;
  const roleIds = [...merged.roles.keys()];
  const tiers = ir.tiers;
  for (const [id, d] of merged.members) {
    const rs: string[] = [];
    d.value.roles.forEach((r, i) => {
      if (merged.roles.has(r)) rs.push(r);
      else unknown('role', r, child(d.at, 'roles', i), roleIds);
    });
    let tier: string | null = d.value.tier ?? null;
    if (tier !== null && !(tiers && Object.hasOwn(tiers.nodes, tier))) {
      unknown('tier node', tier, child(d.at, 'tier'), Object.keys(tiers?.nodes ?? {}));
      tier = null;
    }
    ir.members[id] = { name: d.value.name ?? null, roles: rs, tier };
  }
}

// admin-only-grant and owner-only-grant: adminOnly permissions are held only by owner and admin
// roles; ownerOnly permissions only by owner roles. Inherited and implied grants count too. A tier
// node is neither: whatever it grants, every member placed in it holds, whatever their role.

import { isLowest } from '../../resolve/values.js';
import { child } from '../../resolve/merge.js';
import { grantOrigin, type AnalysisRule, type RuleContext } from '../rule.js';

function check(ctx: RuleContext, rule: 'admin-only-grant' | 'owner-only-grant'): void {
  const { policy } = ctx;
  for (const [permId, perm] of Object.entries(policy.permissions)) {
    if (rule === 'admin-only-grant' ? !perm.adminOnly : !perm.ownerOnly) continue;
    const scale = policy.scales[perm.scale]!;
    for (const [roleId, role] of Object.entries(policy.roles)) {
      const allowedHere = role.kind === 'owner' || (rule === 'admin-only-grant' && role.admin);
      if (allowedHere) continue;
      // The default and every value an administrator could choose must stay at the lowest value.
      const value = role.grants[permId]!;
      const reachable = [value, ...role.allowed[permId]!].find((v) => !isLowest(scale, v));
      if (reachable === undefined) continue;
      ctx.bag.report({
        rule,
        message: `${permId} is ${rule === 'admin-only-grant' ? 'admin-only' : 'owner-only'}, but role "${roleId}" (${role.kind}${role.admin ? ', admin' : ''}) ${reachable === value ? 'holds' : 'may be given'} it at ${JSON.stringify(reachable)}`,
        at: grantOrigin(ctx, roleId, permId),
        hint:
          rule === 'admin-only-grant'
            ? 'remove the grant, or mark the role "admin: true" if it is an administrator role'
            : 'remove the grant; only owner roles may hold this permission',
      });
    }
    const tiers = ctx.merged.tiers;
    for (const [nodeId, node] of Object.entries(policy.tiers?.nodes ?? {})) {
      const value = node.grants[permId]!;
      if (isLowest(scale, value)) continue;
      const nodeAt = child(tiers!.at, 'nodes', nodeId);
      const own = Object.hasOwn(tiers!.value.nodes[nodeId]!.grants ?? {}, permId);
      ctx.bag.report({
        rule,
        message: `${permId} is ${rule === 'admin-only-grant' ? 'admin-only' : 'owner-only'}, but tier node "${nodeId}" grants it at ${JSON.stringify(value)} to every member placed in it`,
        at: own ? { ...child(nodeAt, 'grants', permId), key: true } : { ...nodeAt, key: true },
        hint: `remove the grant; a tier node gives its grants to members of any role, and only ${rule === 'admin-only-grant' ? 'owner and admin' : 'owner'} roles may hold this permission`,
      });
    }
  }
}

export const adminOnlyGrant: AnalysisRule = (ctx) => check(ctx, 'admin-only-grant');
export const ownerOnlyGrant: AnalysisRule = (ctx) => check(ctx, 'owner-only-grant');

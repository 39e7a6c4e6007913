// owner-members: where members are listed, at least limits.minOwners of them hold an owner role.

import { sectionOrigin, type AnalysisRule } from '../rule.js';

export const ownerMembers: AnalysisRule = (ctx) => {
  const { policy } = ctx;
  if (ctx.merged.members.size === 0) return;
  const owners = new Set(Object.keys(policy.roles).filter((r) => policy.roles[r]!.kind === 'owner'));
  const holders = Object.keys(policy.members).filter((m) => policy.members[m]!.roles.some((r) => owners.has(r)));
  const min = policy.limits.minOwners;
  if (holders.length >= min) return;
  ctx.bag.report({
    rule: 'owner-members',
    message: `${holders.length} member${holders.length === 1 ? '' : 's'} hold${holders.length === 1 ? 's' : ''} an owner role; at least ${min} must`,
    at: sectionOrigin(ctx, 'members'),
    hint: owners.size ? `give a member the role ${[...owners].map((o) => `"${o}"`).join(' or ')}` : 'define an owner role first',
  });
};

// owner-missing: a policy needs at least one role of kind owner, or nobody could ever hold every permission.

import { sectionOrigin, type AnalysisRule } from '../rule.js';

export const ownerMissing: AnalysisRule = (ctx) => {
  if (Object.values(ctx.policy.roles).some((r) => r.kind === 'owner')) return;
  ctx.bag.report({
    rule: 'owner-missing',
    message: 'no role has kind "owner"; every account needs an owner role that holds every permission',
    at: sectionOrigin(ctx, 'roles'),
    hint: 'add a role with "kind: owner"',
  });
};

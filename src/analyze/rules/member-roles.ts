// member-without-role and roles-per-member: every listed member holds between
// limits.rolesPerMember.min (default 1) and limits.rolesPerMember.max roles.

import type { AnalysisRule } from '../rule.js';

export const memberRoles: AnalysisRule = (ctx) => {
  const { min, max } = ctx.policy.limits.rolesPerMember;
  for (const [id, def] of ctx.merged.members) {
    const count = def.value.roles.length;
    const at = { file: def.at.file, path: `${def.at.path}/roles` };
    if (count === 0 && min >= 1) {
      ctx.bag.report({ rule: 'member-without-role', message: `member "${id}" holds no role`, at, hint: 'give the member at least one role' });
    } else if (count < min) {
      ctx.bag.report({ rule: 'roles-per-member', message: `member "${id}" holds ${count} role(s); limits.rolesPerMember.min is ${min}`, at });
    } else if (max !== null && count > max) {
      ctx.bag.report({ rule: 'roles-per-member', message: `member "${id}" holds ${count} roles; limits.rolesPerMember.max is ${max}`, at });
    }
  }
};

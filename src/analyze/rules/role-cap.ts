// role-cap and custom-role-cap: the number of roles stays within limits.maxRoles and limits.maxCustomRoles.

import type { AnalysisRule, RuleContext } from '../rule.js';

function checkCap(ctx: RuleContext, rule: 'role-cap' | 'custom-role-cap', ids: string[], max: number | null, what: string, key: string): void {
  if (max === null || ids.length <= max) return;
  const first = ctx.merged.roles.get(ids[max]!)!;
  ctx.bag.report({
    rule,
    message: `${ids.length} ${what} are defined; limits.${key} allows ${max}. "${ids[max]}" is the first over the cap`,
    at: { ...first.at, key: true },
    hint: `remove ${ids.length - max} of them, or raise limits.${key} if the product allows it`,
  });
}

export const roleCap: AnalysisRule = (ctx) => {
  checkCap(ctx, 'role-cap', Object.keys(ctx.policy.roles), ctx.policy.limits.maxRoles, 'roles', 'maxRoles');
};

export const customRoleCap: AnalysisRule = (ctx) => {
  const custom = Object.keys(ctx.policy.roles).filter((r) => ctx.policy.roles[r]!.kind === 'custom');
  checkCap(ctx, 'custom-role-cap', custom, ctx.policy.limits.maxCustomRoles, 'custom roles', 'maxCustomRoles');
};

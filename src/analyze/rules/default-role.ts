// default-role: invited members must not become owners or administrators by default.

import type { AnalysisRule } from '../rule.js';

export const defaultRole: AnalysisRule = (ctx) => {
  const id = ctx.policy.defaultRole;
  if (id === null) return;
  const role = ctx.policy.roles[id]!;
  if (role.kind !== 'owner' && !role.admin) return;
  ctx.bag.report({
    rule: 'default-role',
    message: `defaultRole "${id}" is ${role.kind === 'owner' ? 'an owner' : 'an admin'} role; invited members would get full control`,
    at: ctx.merged.defaultRole!.at,
    hint: 'choose a builtin or custom role without admin rights',
  });
};

// cross-field: the policy's own rules (`rules:`), e.g. "a binding notification needs the
// bound-customers folder", checked for every role and every tier node. The rule's id is part of
// the message and the JSON path, so each violation names the rule it breaks.

import type { Origin } from '../../diagnostics/diagnostic.js';
import type { Condition, Value } from '../../ir.js';
import { formatValue, satisfies } from '../../resolve/values.js';
import type { AnalysisRule } from '../rule.js';

export const crossField: AnalysisRule = (ctx) => {
  const { policy } = ctx;
  const holders: { what: string; grants: Record<string, Value>; at: Origin }[] = [];
  for (const [id, role] of Object.entries(policy.roles)) holders.push({ what: `role "${id}"`, grants: role.grants, at: { ...ctx.merged.roles.get(id)!.at, key: true } });
  const tiersAt = ctx.merged.tiers?.at;
  for (const [id, node] of Object.entries(policy.tiers?.nodes ?? {})) {
    holders.push({ what: `tier node "${id}"`, grants: node.grants, at: { file: tiersAt!.file, path: `${tiersAt!.path}/nodes/${id}`, key: true } });
  }
  const holds = (grants: Record<string, Value>, c: Condition): boolean => satisfies(policy.scales[policy.permissions[c.permission]!.scale]!, grants[c.permission]!, c.atLeast);
  const show = (c: Condition): string => `${c.permission}${c.atLeast === null ? '' : ` at ${c.atLeast}`}`;
  for (const [ruleId, rule] of Object.entries(policy.rules)) {
    for (const h of holders) {
      if (!holds(h.grants, rule.if) || holds(h.grants, rule.then)) continue;
      ctx.bag.report({
        rule: 'cross-field',
        severity: rule.severity,
        message: `rule "${ruleId}" (${rule.label}): ${h.what} holds ${show(rule.if)} but not ${show(rule.then)} (it has ${formatValue(h.grants[rule.then.permission]!)})`,
        at: h.at,
        hint: `grant ${show(rule.then)} as well, or remove ${rule.if.permission}`,
      });
    }
  }
};

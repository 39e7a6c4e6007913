// Limits: role caps (possibly by plan), owners, roles per member and reserved names.

import type { Origin } from '../../diagnostics/diagnostic.js';
import { dict } from '../../util/text.js';
import { child } from '../merge.js';
import type { ResolveContext } from '../part.js';
import { resolvePlanNumber } from './plans.js';

export function resolveLimits(ctx: ResolveContext): void {
  const { merged, unknown, ir } = ctx;
  const { plans, plan } = ir;
  const l = merged.limits?.value ?? {};
  const limitsAt: Origin = merged.limits ? merged.limits.at : { file: '', path: '' };
  const maxRoles = resolvePlanNumber(l.maxRoles, plans, plan, child(limitsAt, 'maxRoles'), unknown);
  const maxCustomRoles = resolvePlanNumber(l.maxCustomRoles, plans, plan, child(limitsAt, 'maxCustomRoles'), unknown);
  const byPlan: Record<string, Record<string, number>> = dict();
  if (maxRoles.byPlan) byPlan.maxRoles = maxRoles.byPlan;
  if (maxCustomRoles.byPlan) byPlan.maxCustomRoles = maxCustomRoles.byPlan;
  ir.limits = {
    maxRoles: maxRoles.value,
    maxCustomRoles: maxCustomRoles.value,
    byPlan,
    minOwners: l.minOwners ?? 1,
    rolesPerMember: { min: l.rolesPerMember?.min ?? 1, max: l.rolesPerMember?.max ?? null },
    reservedNames: [...(l.reservedNames ?? [])],
    distinctNames: l.distinctNames ?? 'exact',
  };
}

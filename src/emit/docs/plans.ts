// Plans and features: the plans, the features and permissions each plan brings, and the limits
// that depend on the plan.

import type { DocsPart } from './part.js';

/** Display names of the limits that can depend on the plan (the Limits section names them so too). */
export const LIMIT_NAMES: Record<string, string> = {
  maxRoles: 'Most roles',
  maxCustomRoles: 'Most custom roles',
};

export const plans: DocsPart = {
  name: 'plans',
  partials: ['plans'],
  view: ({ ir, permIds, md, planLabel, onAccountPlan }) => {
    const planIds = Object.keys(ir.plans);
    return {
      plans:
        planIds.length === 0
          ? null
          : {
              plans: planIds.map((id) => ({ id, label: ir.plans[id]!.label, description: ir.plans[id]!.description, isAccount: ir.plan === id })),
              features: Object.entries(ir.features).map(([id, f]) => ({
                id,
                label: f.label,
                description: f.description,
                fromMd: planLabel(f.minPlan),
                onAccountMd: onAccountPlan(f.minPlan) ? 'yes' : 'no',
              })),
              permissions: permIds
                .filter((p) => ir.permissions[p]!.minPlan !== null)
                .map((p) => ({
                  id: p,
                  label: ir.permissions[p]!.label,
                  fromMd: planLabel(ir.permissions[p]!.minPlan!),
                  onAccountMd: onAccountPlan(ir.permissions[p]!.minPlan!) ? 'yes' : 'no',
                })),
              limitPlans: planIds.map((id) => ({ labelMd: planLabel(id) })),
              limits: Object.entries(ir.limits.byPlan).map(([limit, byPlan]) => ({
                nameMd: LIMIT_NAMES[limit] ?? md(limit),
                cells: planIds.map((plan) => {
                  // A value holds from its plan upward; below the lowest plan listed the limit is 0.
                  let v = 0;
                  for (const p of planIds) {
                    if (ir.plans[p]!.rank > ir.plans[plan]!.rank) break;
                    if (Object.hasOwn(byPlan, p)) v = byPlan[p]!;
                  }
                  return { valueMd: String(v) };
                }),
              })),
            },
    };
  },
};

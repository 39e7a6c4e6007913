// Quotas: numbers a role grants, each the value of the first case whose conditions hold for the
// role (a permission it holds, the account's plan, switches), else the default. Resolved after the
// permissions, whose scales the conditions are checked against.

import type { QuotaCase } from '../../ir.js';
import { child } from '../merge.js';
import { checkRefs, type ResolveContext } from '../part.js';
import { resolveCondition } from './conditions.js';
import { checkPlanRef } from './plans.js';

export function resolveQuotas(ctx: ResolveContext): void {
  const { merged, unknown, ir } = ctx;
  for (const [id, d] of merged.quotas) {
    const cases: QuotaCase[] = [];
    (d.value.cases ?? []).forEach((c, i) => {
      const at = child(d.at, 'cases', i);
      const cond = c.if === undefined ? null : resolveCondition(ctx, c.if, child(at, 'if'));
      // A case whose condition does not resolve is left out (it was reported); the others stay in order.
      if (cond === undefined) return;
      const minPlan = checkPlanRef(ir.plans, c.minPlan, child(at, 'minPlan'), unknown);
      if (c.minPlan !== undefined && minPlan === null) return;
      cases.push({ if: cond, minPlan, requires: checkRefs('switch', ir.switches, c.requires, child(at, 'requires'), unknown), value: c.value });
    });
    ir.quotas[id] = { label: d.value.label, description: d.value.description ?? null, default: d.value.default, cases };
  }
}

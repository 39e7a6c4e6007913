// Features: named product functions available from a plan upward (and while their switches are on). A feature whose plan is
// unknown is left out.

import { child } from '../merge.js';
import { checkRefs, type ResolveContext } from '../part.js';
import { checkPlanRef } from './plans.js';

export function resolveFeatures(ctx: ResolveContext): void {
  const { merged, unknown, ir } = ctx;
  for (const [id, d] of merged.features) {
    const minPlan = checkPlanRef(ir.plans, d.value.minPlan, child(d.at, 'minPlan'), unknown);
    if (minPlan === null) continue;
    ir.features[id] = { label: d.value.label, description: d.value.description ?? null, minPlan, requires: checkRefs('switch', ir.switches, d.value.requires, child(d.at, 'requires'), unknown) };
  }
}

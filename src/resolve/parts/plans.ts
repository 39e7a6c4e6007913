// Plans: the product's editions, lowest first, and the one the account is on. Also the checks
// other parts use for a plan reference and for a number that depends on the plan.

import type { Origin } from '../../diagnostics/diagnostic.js';
import type { ResolvedPlan } from '../../ir.js';
import { dict } from '../../util/text.js';
import { child, type PlanNumberDoc } from '../merge.js';
import type { ResolveContext, Unknown } from '../part.js';

export function resolvePlans(ctx: ResolveContext): void {
  const { merged, unknown, ir } = ctx;
  let rank = 0;
  for (const [id, d] of merged.plans) ir.plans[id] = { label: d.value.label, description: d.value.description ?? null, rank: rank++ };
  const ids = Object.keys(ir.plans);
  ir.plan = ids.at(-1) ?? null;
  if (merged.plan) {
    if (ir.plans[merged.plan.value]) ir.plan = merged.plan.value;
    else unknown('plan', merged.plan.value, merged.plan.at, ids);
  }
}

export function checkPlanRef(plans: Record<string, ResolvedPlan>, id: string | undefined, at: Origin, unknown: Unknown): string | null {
  if (id === undefined) return null;
  if (plans[id]) return id;
  unknown('plan', id, at, Object.keys(plans));
  return null;
}

/** A limit in force on `plan`, and its per-plan table when it depends on the plan. */
export function resolvePlanNumber(
  doc: PlanNumberDoc | undefined,
  plans: Record<string, ResolvedPlan>,
  plan: string | null,
  at: Origin,
  unknown: Unknown,
): { value: number | null; byPlan: Record<string, number> | null } {
  if (doc === undefined) return { value: null, byPlan: null };
  if (typeof doc === 'number') return { value: doc, byPlan: null };
  const byPlan: Record<string, number> = dict();
  for (const [p, n] of Object.entries(doc)) {
    if (plans[p]) byPlan[p] = n;
    else unknown('plan', p, { ...child(at, p), key: true }, Object.keys(plans));
  }
  const rank = plan === null ? Infinity : plans[plan]!.rank;
  let value = 0;
  let best = -1;
  for (const [p, n] of Object.entries(byPlan)) {
    const r = plans[p]!.rank;
    if (r <= rank && r > best) {
      best = r;
      value = n;
    }
  }
  // Keep the table in plan order.
  const ordered: Record<string, number> = dict();
  for (const p of Object.keys(plans)) if (p in byPlan) ordered[p] = byPlan[p]!;
  return { value, byPlan: ordered };
}

// Product plans: the plans themselves, the account's plan, features, the least plan a permission
// needs, and limits that depend on the plan. What is available on fewer plans, or an account
// moved to a plan where more takes effect, is an escalation.

import type { ResolvedPlan, ResolvedPolicy } from '../../ir.js';
import { impactOf, type Impact } from '../change.js';
import { compareDefinitions, textFields } from '../compare-definitions.js';
import { compareLimit, showValue } from '../compare.js';
import type { DiffSection, SectionChange } from '../section.js';

export const diffPlans: DiffSection = (ctx) => {
  const a = ctx.base.ir;
  const b = ctx.head.ir;
  const out: SectionChange[] = [];
  // Reordering plans is neutral in itself: what it changes for the account shows below.
  out.push(
    ...compareDefinitions<ResolvedPlan>(a.plans, b.plans, {
      noun: 'plan',
      kind: 'plan',
      label: (p) => p.label,
      fields: (x, y) => [...textFields(x, y), ...(x.rank !== y.rank ? [{ field: 'rank', from: x.rank, to: y.rank }] : [])],
    }),
  );
  const account = accountPlanChange(a, b);
  if (account) out.push(account);
  out.push(
    ...compareDefinitions(a.features, b.features, {
      noun: 'feature',
      kind: 'feature',
      label: (f) => f.label,
      fields: (x, y) => {
        const f = textFields(x, y);
        if (x.minPlan !== y.minPlan) f.push({ field: 'minPlan', from: x.minPlan, to: y.minPlan, impact: minPlanDelta(a, x.minPlan, b, y.minPlan) });
        return f;
      },
    }),
  );
  for (const [id, p] of Object.entries(b.permissions)) {
    const q = a.permissions[id];
    // Stryker disable next-line LogicalOperator,ConditionalExpression: ids such as constructor are refused on load (PC1006), so a permission the base lacks is undefined either way
    if (!Object.hasOwn(a.permissions, id) || q === undefined) continue;
    // Only a least plan that names another plan; reordered plans are judged on the account plan.
    if (q.minPlan === p.minPlan) continue;
    out.push({
      kind: 'permission-changed',
      impact: minPlanDelta(a, q.minPlan, b, p.minPlan),
      permission: id,
      field: 'minPlan',
      from: q.minPlan,
      to: p.minPlan,
      message: `permission ${id}: least plan ${showValue(q.minPlan ?? 'any')} -> ${showValue(p.minPlan ?? 'any')}`,
    });
  }
  for (const limit of new Set([...Object.keys(a.limits.byPlan), ...Object.keys(b.limits.byPlan)])) {
    const x = a.limits.byPlan[limit] ?? {};
    const y = b.limits.byPlan[limit] ?? {};
    for (const plan of new Set([...Object.keys(x), ...Object.keys(y)])) {
      const from = x[plan] ?? null;
      const to = y[plan] ?? null;
      if (from === to) continue;
      // An entry added or dropped hands the plan to the neighbouring entry: no direction to tell.
      // Stryker disable next-line ObjectLiteral: impactOf reads the missing fields as false
      const d = from === null || to === null ? { gained: false, lost: false } : compareLimit(from, to);
      out.push({
        kind: 'limit-changed',
        impact: impactOf(d.gained, d.lost),
        plan,
        field: `${limit}.byPlan`,
        from,
        to,
        message: `limit ${limit} on plan ${plan}: ${showValue(from)} -> ${showValue(to)}`,
      });
    }
  }
  return out;
};

/** Rank of a least plan on its side; no least plan is below every plan. */
function planRank(ir: ResolvedPolicy, plan: string | null): number {
  if (plan === null) return -1;
  // Stryker disable next-line OptionalChaining,UnaryOperator: least plans and the account plan name plans of their own version
  return ir.plans[plan]?.rank ?? -1;
}

/** A least plan lowered (available on more plans) is an escalation; raised, a restriction. */
function minPlanDelta(a: ResolvedPolicy, x: string | null, b: ResolvedPolicy, y: string | null): Impact {
  const rx = planRank(a, x);
  const ry = planRank(b, y);
  return impactOf(ry < rx, ry > rx);
}

/**
 * The account's plan, judged by what takes effect on it. Also reported when the plan stayed but
 * the plans were reordered around it. Only permissions and features whose least plan kept its id
 * count here; a changed least plan is reported on its own.
 */
function accountPlanChange(a: ResolvedPolicy, b: ResolvedPolicy): SectionChange | undefined {
  // No least plan ranks below every plan, so it is in effect on any account plan. No account plan
  // ranks there too, and there is none only where no plan exists for a least plan to name.
  const inEffect = (ir: ResolvedPolicy, minPlan: string | null): boolean => planRank(ir, ir.plan) >= planRank(ir, minPlan);
  const gained: string[] = [];
  const lost: string[] = [];
  const compare = (id: string, x: string | null, y: string | null): void => {
    if (x !== y) return;
    const before = inEffect(a, x);
    const after = inEffect(b, y);
    if (after && !before) gained.push(id);
    if (before && !after) lost.push(id);
  };
  for (const [id, p] of Object.entries(b.permissions)) if (a.permissions[id]) compare(id, a.permissions[id]!.minPlan, p.minPlan);
  for (const [id, f] of Object.entries(b.features)) if (a.features[id]) compare(id, a.features[id]!.minPlan, f.minPlan);
  if (a.plan === b.plan && gained.length + lost.length === 0) return undefined;
  const words = [gained.length ? `takes effect: ${gained.join(', ')}` : '', lost.length ? `no longer in effect: ${lost.join(', ')}` : ''].filter(Boolean).join('; ');
  return {
    kind: 'account-plan-changed',
    impact: impactOf(gained.length > 0, lost.length > 0),
    field: 'plan',
    from: a.plan,
    to: b.plan,
    message: `${a.plan === b.plan ? `plans reordered around the account plan ${showValue(b.plan)}` : `account plan ${showValue(a.plan)} -> ${showValue(b.plan)}`}${words ? ` (${words})` : ''}`,
  };
}

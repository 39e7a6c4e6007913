// Quotas: numbers roles grant. A change of a quota's default or cases is judged by what every
// role present on both sides gets on its side's account plan: any role getting more is an
// escalation, only less a restriction, no role's number moving neutral.

import { evaluateLimit } from '../../evaluate/evaluate.js';
import type { ResolvedPolicy, ResolvedQuota } from '../../ir.js';
import { impactOf, type ChangeValue } from '../change.js';
import { compareDefinitions, textFields } from '../compare-definitions.js';
import type { DiffSection } from '../section.js';

export const diffQuotas: DiffSection = (ctx) => {
  const a = ctx.base.ir;
  const b = ctx.head.ir;
  return compareDefinitions<ResolvedQuota>(a.quotas, b.quotas, {
    noun: 'quota',
    kind: 'quota',
    label: (q) => q.label,
    fields: (x, y, id) => {
      const f = textFields(x, y);
      const before = showQuota(x);
      const after = showQuota(y);
      if (JSON.stringify(before) === JSON.stringify(after)) return f;
      let gained = false;
      let lost = false;
      for (const role of Object.keys(b.roles)) {
        if (!Object.hasOwn(a.roles, role)) continue;
        const from = valueOf(a, role, id);
        const to = valueOf(b, role, id);
        gained ||= to > from;
        lost ||= to < from;
      }
      f.push({ field: 'cases', from: before, to: after, impact: impactOf(gained, lost), words: `values ${summary(x)} -> ${summary(y)}` });
      return f;
    },
  });
};

function valueOf(ir: ResolvedPolicy, role: string, quota: string): number {
  return evaluateLimit(ir, [role], quota, ir.plan ?? undefined) ?? 0;
}

function showQuota(q: ResolvedQuota): ChangeValue {
  return { default: q.default, cases: q.cases.map((c) => ({ if: c.if ? `${c.if.permission}${c.if.atLeast === null ? '' : ` at ${c.if.atLeast}`}` : null, minPlan: c.minPlan, requires: [...c.requires], value: c.value })) };
}

function summary(q: ResolvedQuota): string {
  return [...q.cases.map((c) => String(c.value)), `else ${q.default}`].join(', ');
}

// Quotas: each quota's default and cases, and the value each role gets on the account's plan.

import { evaluateLimit } from '../../evaluate/evaluate.js';
import type { DocsPart } from './part.js';

export const quotas: DocsPart = {
  name: 'quotas',
  partials: ['quotas'],
  view: ({ ir, roleIds, condition, planLabel, switchLabel, roleName }) => {
    const quotaIds = Object.keys(ir.quotas);
    const quotas = quotaIds.map((id) => {
      const q = ir.quotas[id]!;
      const cases = q.cases.map((c) => {
        const when = [
          ...(c.if ? [condition(c.if)] : []),
          ...(c.minPlan !== null ? [`plan ${planLabel(c.minPlan)} or higher`] : []),
          ...c.requires.map((sw) => `switch ${switchLabel(sw)} on`),
        ];
        return `${c.value} ${when.length ? `if ${when.join(' and ')}` : 'always'}`;
      });
      return { id, label: q.label, description: q.description, default: q.default, casesMd: cases.join('; ') || '—' };
    });
    const quotaRoles = quotaIds.length
      ? roleIds.map((r) => ({ nameMd: roleName(r), cells: quotaIds.map((q) => ({ valueMd: String(evaluateLimit(ir, [r], q, ir.plan ?? undefined)) })) }))
      : [];
    return { quotas, quotaRoles };
  },
};

// The policy's cross-field rules ("a binding notification needs the bound-customers folder"):
// consistency checks on what roles and tier nodes hold. They give and take no access themselves,
// so every change is neutral; a grant a changed rule makes possible shows as a grant change.

import type { Condition, ResolvedRule } from '../../ir.js';
import { compareDefinitions, textFields, type FieldChange } from '../compare-definitions.js';
import type { DiffSection } from '../section.js';

export const diffRules: DiffSection = (ctx) =>
  compareDefinitions<ResolvedRule>(ctx.base.ir.rules, ctx.head.ir.rules, {
    noun: 'rule',
    kind: 'rule',
    label: (r) => r.label,
    fields: (x, y) => {
      const f: FieldChange[] = textFields(x, y);
      if (showCondition(x.if) !== showCondition(y.if)) f.push({ field: 'if', from: showCondition(x.if), to: showCondition(y.if) });
      if (showCondition(x.then) !== showCondition(y.then)) f.push({ field: 'then', from: showCondition(x.then), to: showCondition(y.then) });
      if (x.severity !== y.severity) f.push({ field: 'severity', from: x.severity, to: y.severity });
      return f;
    },
  });

export function showCondition(c: Condition): string {
  return `${c.permission}${c.atLeast === null ? '' : ` at ${c.atLeast}`}`;
}

// Cross-field rules: "a role that holds this must also hold that", with their severity.

import { child } from '../merge.js';
import type { ResolveContext } from '../part.js';
import { resolveCondition } from './conditions.js';

export function resolveRules(ctx: ResolveContext): void {
  for (const [id, d] of ctx.merged.rules) {
    const cIf = resolveCondition(ctx, d.value.if, child(d.at, 'if'));
    const cThen = resolveCondition(ctx, d.value.then, child(d.at, 'then'));
    if (!cIf || !cThen) continue;
    ctx.ir.rules[id] = { label: d.value.label, description: d.value.description ?? null, if: cIf, then: cThen, severity: d.value.severity ?? 'error' };
  }
}

// Request contexts (the product's screens, its API): the contexts themselves, which one questions
// are asked in by default, and the contexts a permission is limited to. A permission that works in
// more contexts than before, or a default context in which more permissions work, is an escalation.

import type { ResolvedContext, ResolvedPolicy } from '../../ir.js';
import { impactOf } from '../change.js';
import { compareDefinitions, textFields } from '../compare-definitions.js';
import { showValue } from '../compare.js';
import type { DiffSection, SectionChange } from '../section.js';

/** Permissions that have an effect in a context (every permission without a `contexts` list). */
function workingIn(ir: ResolvedPolicy, context: string | undefined): Set<string> {
  return new Set(Object.keys(ir.permissions).filter((p) => ir.permissions[p]!.contexts.length === 0 || (context !== undefined && ir.permissions[p]!.contexts.includes(context))));
}

export const diffContexts: DiffSection = (ctx) => {
  const a = ctx.base.ir;
  const b = ctx.head.ir;
  const out: SectionChange[] = [];
  out.push(
    ...compareDefinitions<ResolvedContext>(a.contexts, b.contexts, {
      noun: 'context',
      kind: 'context',
      label: (c) => c.label,
      fields: (x, y) => textFields(x, y),
    }),
  );
  const firstA = Object.keys(a.contexts)[0];
  const firstB = Object.keys(b.contexts)[0];
  if (firstA !== firstB && firstB !== undefined) {
    const before = workingIn(a, firstA);
    const after = workingIn(b, firstB);
    const gained = [...after].some((p) => Object.hasOwn(a.permissions, p) && !before.has(p));
    const lost = [...before].some((p) => Object.hasOwn(b.permissions, p) && !after.has(p));
    out.push({
      kind: 'context-changed',
      impact: impactOf(gained, lost),
      context: firstB,
      field: 'default',
      from: firstA ?? null,
      to: firstB,
      message: `context ${firstB}: now where questions that name no context are asked (was ${firstA ?? 'none'})`,
    });
  }
  for (const [id, p] of Object.entries(b.permissions)) {
    if (!Object.hasOwn(a.permissions, id)) continue;
    const x = a.permissions[id]!.contexts;
    const y = p.contexts;
    if (x.length === y.length && x.every((c) => y.includes(c))) continue;
    // An empty list is every context: widening to it, or adding a context, gains; the reverse loses.
    const gained = y.length === 0 || (x.length > 0 && y.some((c) => !x.includes(c)));
    const lost = x.length === 0 || x.some((c) => !y.includes(c));
    out.push({
      kind: 'permission-changed',
      impact: impactOf(gained, lost),
      permission: id,
      field: 'contexts',
      from: [...x],
      to: [...y],
      message: `permission ${id}: only in contexts ${x.length ? showValue([...x]) : 'any'} -> ${y.length ? showValue([...y]) : 'any'}`,
    });
  }
  return out;
};

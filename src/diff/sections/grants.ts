// Effective grants per role: every permission whose value a role holds went up, down or sideways,
// with the cause from the trace; and the values an administrator may choose for it. A permission
// that exists on one side only counts as its lowest value on the other, so a new permission
// granted to a role shows as a gain of that role.

import type { Value } from '../../ir.js';
import type { Impact } from '../change.js';
import { compareChoices, compareValues, describeCauses, sameValue, scaleOf, showValue, changeValue } from '../compare.js';
import { headRoleId, type DiffContext, type DiffSection, type SectionChange } from '../section.js';

export const diffGrants: DiffSection = (ctx) => {
  const out: SectionChange[] = [];
  const permissions = [...new Set([...Object.keys(ctx.head.ir.permissions), ...Object.keys(ctx.base.ir.permissions)])];
  for (const [baseId, id] of ctx.roleMap) {
    for (const p of permissions) {
      const grant = grantChange(ctx, baseId, id, p);
      if (grant) out.push(grant);
      const allowed = allowedChange(ctx, baseId, id, p);
      if (allowed) out.push(allowed);
    }
  }
  return out;
};

function grantChange(ctx: DiffContext, baseId: string, id: string, p: string): SectionChange | undefined {
  const sa = scaleOf(ctx.base.ir, p);
  const sb = scaleOf(ctx.head.ir, p);
  const a = sa ? ctx.base.ir.roles[baseId]!.grants[p] : undefined;
  const b = sb ? ctx.head.ir.roles[id]!.grants[p] : undefined;
  const d = compareValues(sa, a, sb, b);
  if (!d.gained && !d.lost && (a === undefined || b === undefined || sameValue(a, b))) return undefined;
  // Stryker disable next-line OptionalChaining: the trace has an entry for every role of its policy.
  const now = (): string => describeCauses(ctx.head.trace[id]?.[p], sb, b, difference(b, a));
  // Stryker disable next-line OptionalChaining: the trace has an entry for every role of its policy.
  const was = (): string => `was ${describeCauses(ctx.base.trace[baseId]?.[p], sa, a, difference(a, b), (r) => headRoleId(ctx, r))}`;
  let kind: SectionChange['kind'];
  let impact: Impact;
  let cause: string;
  if (d.gained) {
    kind = d.lost ? 'grant-changed' : 'grant-raised';
    impact = 'escalation';
    cause = now();
  } else if (d.lost) {
    kind = 'grant-lowered';
    impact = 'restriction';
    // What the role lost is best told by why it held what it lost.
    cause = was();
  } else {
    // Same position on the scale under another name (a level was renamed).
    kind = 'grant-changed';
    impact = 'neutral';
    cause = now();
  }
  return {
    kind,
    impact,
    role: id,
    permission: p,
    from: changeValue(a),
    to: changeValue(b),
    cause,
    message: `role ${id}: ${p} ${showValue(changeValue(a))} -> ${showValue(changeValue(b))} (${cause})`,
  };
}

/**
 * The alternatives an administrator may pick besides the effective value. Only a change in those
 * is reported (a raised fixed grant moves its one allowed value too, which says nothing new), but
 * the impact compares the full lists: can an administrator now reach a value they could not?
 */
function allowedChange(ctx: DiffContext, baseId: string, id: string, p: string): SectionChange | undefined {
  const sa = scaleOf(ctx.base.ir, p);
  const sb = scaleOf(ctx.head.ir, p);
  if (!sa || !sb) return undefined;
  const ra = ctx.base.ir.roles[baseId]!;
  const rb = ctx.head.ir.roles[id]!;
  const altA = alternatives(ra.allowed[p]!, ra.grants[p]!);
  const altB = alternatives(rb.allowed[p]!, rb.grants[p]!);
  // Both the full list and the alternatives must differ: raising a fixed grant moves its one
  // allowed value, and changing the preset among the same choices moves the alternatives.
  if (same(altA, altB) || same(sorted(ra.allowed[p]!), sorted(rb.allowed[p]!))) return undefined;
  const d = compareChoices(sa, ra.allowed[p]!, sb, rb.allowed[p]!);
  const from = ra.allowed[p]!.map(changeValue);
  const to = rb.allowed[p]!.map(changeValue);
  return {
    kind: 'allowed-changed',
    impact: d.gained ? 'escalation' : d.lost ? 'restriction' : 'neutral',
    role: id,
    permission: p,
    from,
    to,
    message: `role ${id}: ${p} may be set to ${showValue(from)} -> ${showValue(to)}`,
  };
}

function alternatives(allowed: readonly Value[], value: Value): Value[] {
  return sorted(allowed.filter((v) => key(v) !== key(value)));
}

function sorted(list: readonly Value[]): Value[] {
  // Stryker disable next-line all: resolve already lists allowed values in one canonical order (scale order), so this sort only keeps the comparison independent of it.
  return [...list].sort((x, y) => (key(x) < key(y) ? -1 : key(x) > key(y) ? 1 : 0));
}

function same(a: readonly Value[], b: readonly Value[]): boolean {
  return a.length === b.length && a.every((v, i) => key(v) === key(b[i]!));
}

function key(v: Value): string {
  return typeof v === 'string' ? v : `[${v.join(',')}]`;
}

/** The actions of `x` that `y` lacks (action sets), so causes name only what moved. */
function difference(x: Value | undefined, y: Value | undefined): string[] | undefined {
  if (!Array.isArray(x)) return undefined;
  // Stryker disable next-line ArrayDeclaration: no action id can equal the mutant's filler text (ids are lower-case words), so filtering by it removes nothing either.
  const other = Array.isArray(y) ? y : [];
  return (x as readonly string[]).filter((a) => !other.includes(a));
}

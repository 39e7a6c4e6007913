// Comparisons the diff sections share: values of a scale across two versions of a policy, sets,
// optional numbers, and the words that say why a role holds a value.

import type { Cause, ResolvedPolicy, ResolvedScale, Value } from '../ir.js';
import { isLowest, rank } from '../resolve/values.js';
import { describeCause } from '../explain/explain-role.js';
import type { ChangeValue } from './change.js';

export interface Delta {
  gained: boolean;
  lost: boolean;
}

/** The scale a permission takes in one version of a policy. */
export function scaleOf(ir: ResolvedPolicy, permission: string): ResolvedScale | undefined {
  const p = ir.permissions[permission];
  return p ? ir.scales[p.scale] : undefined;
}

/**
 * How a value moved from `a` (on scale `sa`) to `b` (on scale `sb`), in terms of what guards
 * answer: ordered levels compare by the level names that `can(..., level)` grants in each version
 * (so a level removed or renamed cannot hide a gain), action sets by action. A value that is
 * absent (its permission did not exist) counts as the lowest.
 */
export function compareValues(sa: ResolvedScale | undefined, a: Value | undefined, sb: ResolvedScale | undefined, b: Value | undefined): Delta {
  const aLow = a === undefined || sa === undefined || isLowest(sa, a);
  const bLow = b === undefined || sb === undefined || isLowest(sb, b);
  if (aLow || bLow) return { gained: aLow && !bLow, lost: bLow && !aLow };
  if (sa!.kind === 'ordered' && sb!.kind === 'ordered') {
    // The non-lowest level names each version grants: can(role, permission, name) is true.
    const granted = (sc: ResolvedScale, v: Value): Set<string> => new Set(sc.levels.slice(1, rank(sc, v) + 1));
    return setDelta([...granted(sa!, a!)], [...granted(sb!, b!)]);
  }
  if (sa!.kind === 'actions' && sb!.kind === 'actions') return setDelta(a as readonly string[], b as readonly string[]);
  // The permission switched between a level and an action set: nothing compares, so say both.
  return { gained: true, lost: true };
}

/** Whether `b` holds something `a` does not (gained) and the reverse (lost), item by item. */
export function setDelta(a: readonly string[], b: readonly string[]): Delta {
  const sa = new Set(a);
  const sb = new Set(b);
  return { gained: b.some((x) => !sa.has(x)), lost: a.some((x) => !sb.has(x)) };
}

export function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const d = setDelta(a, b);
  return !d.gained && !d.lost;
}

/**
 * Lists of allowed values: a gain when some new value is not covered by any old one (an
 * administrator can now choose more), a loss when some old value is covered by no new one.
 */
export function compareChoices(sa: ResolvedScale | undefined, a: readonly Value[], sb: ResolvedScale | undefined, b: readonly Value[]): Delta {
  const coveredBy = (s: ResolvedScale | undefined, v: Value, sv: ResolvedScale | undefined, list: readonly Value[]): boolean =>
    list.some((w) => !compareValues(s, w, sv, v).gained);
  return {
    gained: b.some((v) => !coveredBy(sa, v, sb, a)),
    lost: a.some((v) => !coveredBy(sb, v, sa, b)),
  };
}

/** Optional limits where null means unlimited: a gain when the limit rises or is lifted. */
export function compareLimit(a: number | null, b: number | null): Delta {
  const x = a ?? Infinity;
  const y = b ?? Infinity;
  return {
    // Stryker disable next-line EqualityOperator: every caller skips equal limits
    gained: y > x,
    // Stryker disable next-line EqualityOperator,ConditionalExpression: every caller skips equal limits, and a loss counts only when nothing was gained
    lost: y < x,
  };
}

export function sameValue(a: Value | undefined, b: Value | undefined): boolean {
  // Stryker disable next-line ConditionalExpression,LogicalOperator,EqualityOperator: both callers rule out an absent value first
  if (a === undefined || b === undefined) return a === b;
  if (typeof a === 'string' || typeof b === 'string') return a === b;
  // Stryker disable next-line ConditionalExpression,LogicalOperator: callers ask only about two action sets that setDelta found equal, and resolve lists no action twice
  return sameSet(a, b) && a.length === b.length;
}

/** A value as changes carry it: absent becomes null. */
export function changeValue(v: Value | undefined): ChangeValue {
  return v === undefined ? null : typeof v === 'string' ? v : [...v];
}

/** A value in a message: `edit`, `[read, export]`, `none` for an absent value or an empty list. */
export function showValue(v: ChangeValue | undefined): string {
  if (v === undefined || v === null) return 'none';
  if (Array.isArray(v)) return `[${v.map((x) => showValue(x)).join(', ')}]`;
  if (typeof v === 'object') return JSON.stringify(v);
  const s = String(v);
  // Long free text (descriptions) is cut in messages; the full text stays in from/to.
  return s.length > 60 ? `${s.slice(0, 57).trimEnd()}...` : s;
}

/**
 * Why a role holds `value`: the causes that contribute to it, in words ("own grant", "inherited
 * from staff", "implied by tickets.reports"). `part` narrows an action set to the actions that
 * matter (those gained or lost); `roleName` maps role ids to the ids the reader knows.
 */
export function describeCauses(
  causes: readonly Cause[] | undefined,
  scale: ResolvedScale | undefined,
  value: Value | undefined,
  part?: readonly string[],
  roleName: (id: string) => string = (id) => id,
): string {
  if (!causes || causes.length === 0 || value === undefined) return 'not defined';
  const contributes = (c: Cause): boolean => {
    if (c.kind === 'owner') return true;
    if (c.kind === 'default') return false;
    if (!scale) return true;
    if (scale.kind === 'ordered') return c.value === value;
    const actions = c.value as readonly string[];
    return (part ?? (value as readonly string[])).some((a) => actions.includes(a));
  };
  const chosen = causes.filter(contributes);
  const list = chosen.length ? chosen : causes;
  return [...new Set(list.map((c) => describeCause(c, roleName)))].join('; ');
}


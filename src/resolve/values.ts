// Arithmetic on the values of a scale: ordered levels compare by position, action sets by inclusion.

import type { ResolvedScale, Value } from '../ir.js';

export function lowest(scale: ResolvedScale): Value {
  return scale.kind === 'ordered' ? scale.levels[0]! : [];
}

export function highest(scale: ResolvedScale): Value {
  return scale.kind === 'ordered' ? scale.levels[scale.levels.length - 1]! : sortActions([...scale.levels]);
}

/** Actions are kept sorted (code-point order) so equal sets have one spelling. */
export function sortActions(actions: Iterable<string>): string[] {
  return [...new Set(actions)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Adds the actions implied by the given ones. */
export function closeActions(scale: ResolvedScale, actions: Iterable<string>): string[] {
  const out = new Set<string>();
  for (const a of actions) {
    out.add(a);
    for (const b of scale.implies[a] ?? []) out.add(b);
  }
  return sortActions(out);
}

export function rank(scale: ResolvedScale, v: Value): number {
  return typeof v === 'string' ? scale.levels.indexOf(v) : -1;
}

/** a >= b: a higher or equal level, or a superset of actions. */
export function covers(scale: ResolvedScale, a: Value, b: Value): boolean {
  if (scale.kind === 'ordered') return rank(scale, a) >= rank(scale, b);
  // A scale has a handful of actions: a scan beats building a Set for every comparison.
  return (b as readonly string[]).every((x) => (a as readonly string[]).includes(x));
}

export function join(scale: ResolvedScale, a: Value, b: Value): Value {
  if (scale.kind === 'ordered') return rank(scale, a) >= rank(scale, b) ? a : b;
  return sortActions([...(a as readonly string[]), ...(b as readonly string[])]);
}

export function equal(a: Value, b: Value): boolean {
  if (typeof a === 'string' || typeof b === 'string') return a === b;
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

export function isLowest(scale: ResolvedScale, v: Value): boolean {
  return scale.kind === 'ordered' ? v === scale.levels[0] : (v as readonly string[]).length === 0;
}

/**
 * Every value of the scale a role may be given: the levels, every implication-closed subset of the
 * actions, or each option with what it includes (holding none is only what a role does not grant).
 */
export function allValues(scale: ResolvedScale): Value[] {
  if (scale.kind === 'ordered') return [...scale.levels];
  if (scale.single) return sortValues(scale, scale.levels.map((o) => closeActions(scale, [o])));
  const n = scale.levels.length;
  const seen = new Map<string, string[]>();
  for (let mask = 0; mask < 1 << n; mask++) {
    const picked = scale.levels.filter((_, i) => mask & (1 << i));
    const closed = closeActions(scale, picked);
    seen.set(closed.join(','), closed);
  }
  return sortValues(scale, [...seen.values()]);
}

/** Ordered: scale order. Action sets: by size, then by the order of the scale's actions. */
export function sortValues(scale: ResolvedScale, values: Value[]): Value[] {
  // Most calls (a role's allowed values when it may not change them) hold one value, perhaps twice:
  // the answer is the last of them, as the general case below gives.
  const spell = (v: Value): string => (typeof v === 'string' ? v : v.join(','));
  const first = values.length > 0 ? spell(values[0]!) : undefined;
  if (first !== undefined && values.every((v, i) => i === 0 || spell(v) === first)) return [values[values.length - 1]!];
  const key = new Map<Value, string>();
  const unique = new Map<string, Value>();
  for (const v of values) unique.set(typeof v === 'string' ? v : v.join(','), v);
  const list = [...unique.values()];
  if (scale.kind === 'ordered') return list.sort((a, b) => rank(scale, a) - rank(scale, b));
  for (const v of list) {
    const bits = scale.levels.map((l) => ((v as readonly string[]).includes(l) ? '1' : '0')).join('');
    key.set(v, `${String((v as readonly string[]).length).padStart(3, '0')}:${bits.split('').reverse().join('')}`);
  }
  return list.sort((a, b) => (key.get(a)! < key.get(b)! ? -1 : key.get(a)! > key.get(b)! ? 1 : 0));
}

/** Whether a value is one a role of a scale of options may hold: none, or one option with what it includes. */
export function isChoice(scale: ResolvedScale, v: Value): boolean {
  if (!scale.single || typeof v === 'string' || v.length === 0) return true;
  return scale.levels.some((o) => equal(closeActions(scale, [o]), v));
}

/** The option a value of a scale of options stands for (the one whose closure it is); null for none. */
export function optionOf(scale: ResolvedScale, v: Value): string | null {
  if (typeof v === 'string') return v;
  return scale.levels.find((o) => equal(closeActions(scale, [o]), v)) ?? null;
}

/** A value as written for people: one option for a scale of options, else as formatValue. */
export function formatValueOf(scale: ResolvedScale, v: Value): string {
  const option = scale.single ? optionOf(scale, v) : null;
  return option ?? formatValue(v);
}

export function formatValue(v: Value): string {
  return typeof v === 'string' ? v : `[${v.join(', ')}]`;
}

/** Whether a value satisfies "at least `atLeast`" (an action for action sets); null: anything above the lowest. */
export function satisfies(scale: ResolvedScale, v: Value, atLeast: string | null): boolean {
  if (atLeast === null) return !isLowest(scale, v);
  if (scale.kind === 'ordered') return rank(scale, v) >= rank(scale, atLeast);
  return (v as readonly string[]).includes(atLeast);
}

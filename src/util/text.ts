// Small text helpers shared by several stages.

import { editDistance as kernelEditDistance } from '../runtime/kernel.js';

/** Edit distance (optimal string alignment: insertions, deletions, substitutions, adjacent swaps), or max + 1 once it is certainly above max; the runtime kernel's, shared. */
export function editDistance(a: string, b: string, max = Infinity): number {
  return kernelEditDistance(a, b, max);
}

/** The candidate closest to `word`, if it is close enough to be a likely typo. */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  const limit = Math.max(1, Math.floor(word.length / 3));
  for (const c of candidates) {
    const d = editDistance(word, c, limit);
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return bestD <= limit ? best : undefined;
}

export function didYouMean(word: string, candidates: Iterable<string>): string | undefined {
  const c = closest(word, candidates);
  return c === undefined ? undefined : `did you mean "${c}"?`;
}

/**
 * For a reference with no close match: the ids it may name, the first `max` of them and a count of
 * the rest. Undefined when there are none.
 */
export function validList(candidates: Iterable<string>, max = 20): string | undefined {
  const all = [...candidates];
  if (all.length === 0) return undefined;
  const shown = all.slice(0, max).map((c) => JSON.stringify(c)).join(', ');
  return `use one of: ${shown}${all.length > max ? ` (and ${all.length - max} more)` : ''}`;
}

/** Quote a user string for a diagnostic message, showing invisible characters. */
export function quote(s: string): string {
  return JSON.stringify(s);
}

/**
 * A prototype-free record. Every map keyed by user ids is one of these, so that ids such as
 * "constructor" find nothing that the policy did not define.
 */
export function dict<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

// Scales: the ordered levels or the action sets a permission takes its values from, with their
// labels and, for action sets, the actions one action includes (closed transitively). A scale of
// options is an action set of which a role holds one option with the options it includes.

import type { DiagnosticBag, Origin } from '../../diagnostics/diagnostic.js';
import type { ResolvedScale } from '../../ir.js';
import { dict } from '../../util/text.js';
import { child } from '../merge.js';
import type { ResolveContext } from '../part.js';
import { sortActions } from '../values.js';

export function resolveScales(ctx: ResolveContext): void {
  const { merged, bag, unknown } = ctx;
  const scales: Record<string, ResolvedScale> = ctx.ir.scales;
  for (const [id, d] of merged.scales) {
    const s = d.value;
    const kind = s.levels ? 'ordered' : 'actions';
    const single = !s.levels && !s.actions && s.options !== undefined;
    const list = s.levels ?? s.actions ?? s.options ?? [];
    const key = kind === 'ordered' ? 'levels' : single ? 'options' : 'actions';
    // Options name what they bring with them `includes`; action sets `implies`.
    const edgesKey = single ? 'includes' : 'implies';
    const edges = single ? s.includes : s.implies;
    const stray = single ? s.implies && 'implies' : s.includes && 'includes';
    if (stray) {
      bag.report({
        rule: 'schema',
        message: `scale "${id}": "${stray}" applies only to ${stray === 'includes' ? 'options' : 'action sets'}${single ? '; options use "includes"' : ''}`,
        at: { ...child(d.at, stray), key: true },
      });
    }
    const seen = new Set<string>();
    list.forEach((l, i) => {
      if (seen.has(l)) {
        bag.report({ rule: 'duplicate-level', message: `scale "${id}" lists "${l}" twice`, at: child(d.at, key, i) });
      }
      seen.add(l);
    });
    const levels = [...seen];
    const implies: Record<string, string[]> = dict();
    if (s.implies && kind === 'ordered' && !s.includes) {
      bag.report({
        rule: 'schema',
        message: `scale "${id}" is ordered: higher levels already include lower ones, so "implies" applies only to action sets`,
        at: { ...child(d.at, 'implies'), key: true },
      });
    }
    if (kind === 'actions') {
      const direct = new Map<string, string[]>();
      const what = single ? 'option' : 'action';
      for (const [a, targets] of Object.entries(edges ?? {})) {
        if (!seen.has(a)) {
          unknown(what, a, { ...child(d.at, edgesKey, a), key: true }, levels);
          continue;
        }
        const ok: string[] = [];
        targets.forEach((t, i) => {
          if (seen.has(t)) ok.push(t);
          else unknown(what, t, child(d.at, edgesKey, a, i), levels);
        });
        direct.set(a, ok);
      }
      for (const a of levels) {
        const reach = new Set<string>();
        const todo = [...(direct.get(a) ?? [])];
        while (todo.length) {
          const t = todo.pop()!;
          if (reach.has(t) || t === a) continue;
          reach.add(t);
          todo.push(...(direct.get(t) ?? []));
        }
        if (reach.size) implies[a] = sortActions(reach);
      }
    }
    const labels: Record<string, string> = dict();
    for (const l of levels) labels[l] = s.labels?.[l] ?? l;
    for (const l of Object.keys(s.labels ?? {})) {
      if (!seen.has(l)) unknown(kind === 'ordered' ? 'level' : single ? 'option' : 'action', l, { ...child(d.at, 'labels', l), key: true }, levels);
    }
    scales[id] = { kind, label: s.label ?? null, description: s.description ?? null, levels, labels, implies, ...(single ? { single: true as const } : {}) };
  }
}

/** A least level (ordered) or an action (action sets) of a permission's scale, or null for "above the lowest". */
export function checkAtLeast(
  bag: DiagnosticBag,
  perm: string,
  scale: ResolvedScale,
  atLeast: string | undefined,
  at: Origin,
): string | null | undefined {
  if (atLeast === undefined) return null;
  if (scale.levels.includes(atLeast)) return atLeast;
  bag.report({
    rule: 'invalid-level',
    message: `"${atLeast}" is not ${scale.kind === 'ordered' ? 'a level' : 'an action'} of ${perm} (${scale.levels.join(scale.kind === 'ordered' ? ' < ' : ', ')})`,
    at,
  });
  return undefined;
}

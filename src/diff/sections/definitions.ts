// The policy's title and description, its scales and its groups: what names and describes the
// model without giving anyone access by itself. Every change here is neutral; the effect of a
// scale's new levels or implications on a role shows in the grants section.

import type { ResolvedGroup, ResolvedScale } from '../../ir.js';
import type { ChangeValue } from '../change.js';
import { sameSet, showValue } from '../compare.js';
import type { DiffSection, SectionChange } from '../section.js';

export const diffDefinitions: DiffSection = (ctx) => {
  const out: SectionChange[] = [];
  const a = ctx.base.ir;
  const b = ctx.head.ir;
  if (a.title !== b.title) out.push({ kind: 'policy-changed', impact: 'neutral', field: 'title', from: a.title, to: b.title, message: `title ${showValue(a.title)} -> ${showValue(b.title)}` });
  if (a.description !== b.description) out.push({ kind: 'policy-changed', impact: 'neutral', field: 'description', from: a.description, to: b.description, message: 'description changed' });
  out.push(...compareMaps('scale', a.scales, b.scales, scaleFields));
  out.push(...compareMaps('group', a.groups, b.groups, groupFields));
  return out;
};

type Fields<T> = (x: T, y: T) => { field: string; from: ChangeValue; to: ChangeValue }[];

const scaleFields: Fields<ResolvedScale> = (x, y) => {
  const out: ReturnType<Fields<ResolvedScale>> = [];
  if (x.label !== y.label) out.push({ field: 'label', from: x.label, to: y.label });
  if (x.description !== y.description) out.push({ field: 'description', from: x.description, to: y.description });
  if (x.kind !== y.kind) out.push({ field: 'kind', from: x.kind, to: y.kind });
  // Ordered levels mean something by their order; the actions of an action set do not.
  const sameLevels = x.kind === 'ordered' && y.kind === 'ordered' ? x.levels.join() === y.levels.join() : sameSet(x.levels, y.levels);
  if (!sameLevels) out.push({ field: 'levels', from: x.levels, to: y.levels });
  if (JSON.stringify(sorted(x.labels)) !== JSON.stringify(sorted(y.labels))) out.push({ field: 'labels', from: sorted(x.labels), to: sorted(y.labels) });
  const imp = (m: Record<string, string[]>): Record<string, ChangeValue> => sorted(Object.fromEntries(Object.entries(m).map(([k, v]) => [k, [...v].sort()])));
  if (JSON.stringify(imp(x.implies)) !== JSON.stringify(imp(y.implies))) out.push({ field: 'implies', from: imp(x.implies), to: imp(y.implies) });
  return out;
};

const groupFields: Fields<ResolvedGroup> = (x, y) => {
  const out: ReturnType<Fields<ResolvedGroup>> = [];
  if (x.label !== y.label) out.push({ field: 'label', from: x.label, to: y.label });
  if (x.description !== y.description) out.push({ field: 'description', from: x.description, to: y.description });
  return out;
};

function compareMaps<T extends { label: string | null }>(what: 'scale' | 'group', a: Record<string, T>, b: Record<string, T>, fields: Fields<T>): SectionChange[] {
  const out: SectionChange[] = [];
  for (const [id, y] of Object.entries(b)) {
    const x = a[id];
    if (!Object.hasOwn(a, id) || x === undefined) {
      out.push({ kind: `${what}-added`, impact: 'neutral', [what]: id, from: null, to: y.label, message: `${what} ${id} added` });
      continue;
    }
    for (const f of fields(x, y)) {
      const words = f.field === 'description' ? 'description changed' : `${f.field} ${showValue(f.from)} -> ${showValue(f.to)}`;
      out.push({ kind: `${what}-changed`, impact: 'neutral', [what]: id, ...f, message: `${what} ${id}: ${words}` });
    }
  }
  for (const [id, x] of Object.entries(a)) {
    if (!Object.hasOwn(b, id)) out.push({ kind: `${what}-removed`, impact: 'neutral', [what]: id, from: x.label, to: null, message: `${what} ${id} removed` });
  }
  return out;
}

function sorted<V>(m: Record<string, V>): Record<string, V> {
  const out: Record<string, V> = {};
  for (const k of Object.keys(m).sort()) out[k] = m[k]!;
  return out;
}

// The policy's title and description, its scales and its groups: what names and describes the
// model without giving anyone access by itself. Every change here is neutral; the effect of a
// scale's new levels or implications on a role shows in the grants section.

import type { ResolvedGroup, ResolvedScale } from '../../ir.js';
import type { ChangeValue } from '../change.js';
import { compareDefinitions, sortedMap, textFields, type FieldChange } from '../compare-definitions.js';
import { sameSet, showValue } from '../compare.js';
import type { DiffSection, SectionChange } from '../section.js';

export const diffDefinitions: DiffSection = (ctx) => {
  const out: SectionChange[] = [];
  const a = ctx.base.ir;
  const b = ctx.head.ir;
  if (a.title !== b.title) out.push({ kind: 'policy-changed', impact: 'neutral', field: 'title', from: a.title, to: b.title, message: `title ${showValue(a.title)} -> ${showValue(b.title)}` });
  if (a.description !== b.description) out.push({ kind: 'policy-changed', impact: 'neutral', field: 'description', from: a.description, to: b.description, message: 'description changed' });
  out.push(...compareDefinitions(declared(a.scales), declared(b.scales), { noun: 'scale', kind: 'scale', label: (s) => s.label, fields: scaleFields }));
  out.push(...compareDefinitions<ResolvedGroup>(a.groups, b.groups, { noun: 'group', kind: 'group', label: (g) => g.label, fields: textFields }));
  return out;
};

/**
 * The scales the policy declares: an action-limited permission's own scale ("crud[read,update]")
 * follows from the scale it draws from and its actions, each reported where it is written.
 */
function declared(scales: Record<string, ResolvedScale>): Record<string, ResolvedScale> {
  return Object.fromEntries(Object.entries(scales).filter(([id]) => !id.includes('[')));
}

function scaleFields(x: ResolvedScale, y: ResolvedScale): FieldChange[] {
  const out = textFields(x, y);
  if (x.kind !== y.kind) out.push({ field: 'kind', from: x.kind, to: y.kind });
  // Ordered levels mean something by their order; the actions of an action set do not.
  const sameLevels = x.kind === 'ordered' && y.kind === 'ordered' ? x.levels.join() === y.levels.join() : sameSet(x.levels, y.levels);
  if (!sameLevels) out.push({ field: 'levels', from: x.levels, to: y.levels });
  if (JSON.stringify(sortedMap(x.labels)) !== JSON.stringify(sortedMap(y.labels))) out.push({ field: 'labels', from: sortedMap(x.labels), to: sortedMap(y.labels) });
  // Stryker disable next-line MethodExpression: resolve lists implied actions sorted already (sortActions); the sort only keeps this comparison independent of it.
  const imp = (m: Record<string, string[]>): Record<string, ChangeValue> => sortedMap(Object.fromEntries(Object.entries(m).map(([k, v]) => [k, [...v].sort()])));
  if (JSON.stringify(imp(x.implies)) !== JSON.stringify(imp(y.implies))) out.push({ field: 'implies', from: imp(x.implies), to: imp(y.implies) });
  return out;
}

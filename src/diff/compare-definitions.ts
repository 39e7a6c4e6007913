// Compares two maps of named definitions (scales, groups, plans, features, switches, resources, exceptions,
// rules, tier nodes): added, removed, and changed field by field. Each section says which fields
// matter and what their changes mean for access; this file only walks the maps.

import type { ChangeKind, ChangeValue, Impact } from './change.js';
import { showValue } from './compare.js';
import type { SectionChange } from './section.js';

export interface FieldChange {
  field: string;
  from: ChangeValue;
  to: ChangeValue;
  /** Neutral unless given. */
  impact?: Impact;
  /** The change in words, after "<noun> <id>: "; by default "<field> <from> -> <to>". */
  words?: string;
}

export interface DefinitionSpec<T> {
  /** How messages name one definition, e.g. "tier node". */
  noun: string;
  /** The kinds of change, e.g. "tier" for tier-added, tier-removed, tier-changed. */
  kind: 'scale' | 'group' | 'plan' | 'feature' | 'switch' | 'context' | 'object' | 'quota' | 'resource' | 'relation' | 'exception' | 'rule' | 'tier';
  label: (x: T) => string | null;
  /** Impact of a definition appearing or disappearing; neutral unless given. */
  added?: (id: string, x: T) => Impact;
  removed?: (id: string, x: T) => Impact;
  fields: (x: T, y: T, id: string) => FieldChange[];
}

export function compareDefinitions<T>(a: Record<string, T>, b: Record<string, T>, spec: DefinitionSpec<T>): SectionChange[] {
  const out: SectionChange[] = [];
  const make = (kind: ChangeKind, id: string, rest: Omit<SectionChange, 'kind' | 'impact' | 'message'> & { impact: Impact }, message: string): SectionChange => ({
    kind,
    [spec.kind]: id,
    ...rest,
    message,
  });
  for (const [id, y] of Object.entries(b)) {
    if (!Object.hasOwn(a, id)) {
      const label = spec.label(y);
      out.push(make(`${spec.kind}-added`, id, { impact: spec.added?.(id, y) ?? 'neutral', from: null, to: label }, `${spec.noun} ${id}${label ? ` (${label})` : ''} added`));
      continue;
    }
    for (const f of spec.fields(a[id]!, y, id)) {
      const words = f.words ?? (f.field === 'description' ? 'description changed' : `${f.field} ${showValue(f.from)} -> ${showValue(f.to)}`);
      out.push(make(`${spec.kind}-changed`, id, { impact: f.impact ?? 'neutral', field: f.field, from: f.from, to: f.to }, `${spec.noun} ${id}: ${words}`));
    }
  }
  for (const [id, x] of Object.entries(a)) {
    if (Object.hasOwn(b, id)) continue;
    const label = spec.label(x);
    out.push(make(`${spec.kind}-removed`, id, { impact: spec.removed?.(id, x) ?? 'neutral', from: label, to: null }, `${spec.noun} ${id}${label ? ` (${label})` : ''} removed`));
  }
  return out;
}

/** The label and description of a definition, the fields every kind has. */
export function textFields(x: { label: string | null; description: string | null }, y: { label: string | null; description: string | null }): FieldChange[] {
  const out: FieldChange[] = [];
  if (x.label !== y.label) out.push({ field: 'label', from: x.label, to: y.label });
  if (x.description !== y.description) out.push({ field: 'description', from: x.description, to: y.description });
  return out;
}

/** A map with sorted keys, so that two maps compare by content, not by declaration order. */
export function sortedMap<V>(m: Record<string, V>): Record<string, V> {
  const out: Record<string, V> = {};
  for (const k of Object.keys(m).sort()) out[k] = m[k]!;
  return out;
}

// Permission definitions: added, removed, relabelled, regrouped, moved to another scale, limited
// to other actions, given another baseline, made adminOnly or ownerOnly or no longer so, and
// implications added or removed. What roles hold of a permission is the grants section's
// business; a definition alone gives nobody anything, except where it opens a permission to more
// roles, lets administrators grant more of it, makes it bring more with it, or raises what the
// custom roles of every account start from (which the diff cannot see role by role).

import type { ResolvedPolicy, Value } from '../../ir.js';
import { impactOf, type ChangeValue, type Impact } from '../change.js';
import { changeValue, compareValues, scaleOf, setDelta, showValue } from '../compare.js';
import type { DiffSection, SectionChange } from '../section.js';

export const diffPermissions: DiffSection = (ctx) => {
  const out: SectionChange[] = [];
  const a = ctx.base.ir.permissions;
  const b = ctx.head.ir.permissions;
  for (const [id, p] of Object.entries(b)) {
    if (!Object.hasOwn(a, id)) out.push({ kind: 'permission-added', impact: 'neutral', permission: id, from: null, to: p.label, message: `permission ${id} (${p.label}) added` });
  }
  for (const [id, p] of Object.entries(a)) {
    if (!Object.hasOwn(b, id)) out.push({ kind: 'permission-removed', impact: 'neutral', permission: id, from: p.label, to: null, message: `permission ${id} (${p.label}) removed` });
  }
  for (const [id, p] of Object.entries(b)) {
    if (!Object.hasOwn(a, id)) continue;
    const q = a[id]!;
    const add = (field: string, impact: Impact, from: ChangeValue, to: ChangeValue, words: string): void => {
      out.push({ kind: 'permission-changed', impact, permission: id, field, from, to, message: `permission ${id}: ${words}` });
    };
    if (q.label !== p.label) add('label', 'neutral', q.label, p.label, `label ${showValue(q.label)} -> ${showValue(p.label)}`);
    if (q.description !== p.description) add('description', 'neutral', q.description, p.description, 'description changed');
    if (q.group !== p.group) add('group', 'neutral', q.group, p.group, `group ${showValue(q.group)} -> ${showValue(p.group)}`);
    // An action-limited permission's scale is "<scale>[<actions>]": the scale it draws from is
    // one change (neutral: what roles hold shows as their grants), the actions it keeps another.
    if (scaleBase(q.scale) !== scaleBase(p.scale)) add('scale', 'neutral', q.scale, p.scale, `scale ${q.scale} -> ${p.scale}`);
    if (q.scale !== p.scale && q.kind === 'actions' && p.kind === 'actions') {
      // An action the permission may now take can be granted to custom roles and by administrators
      // (an action added to the scale itself is the scale's change, and the owner's grant).
      const d = setDelta(q.levels, p.levels);
      if (d.gained || d.lost) add('actions', impactOf(d.gained, d.lost), [...q.levels], [...p.levels], `actions ${showValue(q.levels)} -> ${showValue(p.levels)}`);
    }
    // Every role that does not set the permission holds its baseline, and so does every custom
    // role an account creates: a higher baseline reaches roles no grant change can show.
    if (JSON.stringify(q.baseline) !== JSON.stringify(p.baseline)) {
      const d = compareValues(ctx.base.ir.scales[q.scale], q.baseline ?? undefined, ctx.head.ir.scales[p.scale], p.baseline ?? undefined);
      const from = changeValue(q.baseline ?? undefined);
      const to = changeValue(p.baseline ?? undefined);
      add('baseline', impactOf(d.gained, d.lost), from, to, `baseline ${showValue(from)} -> ${showValue(to)} (held by every role that does not set it, new custom roles included)`);
    }
    // Lifting a restriction opens the permission to roles that could not hold it before.
    if (q.adminOnly !== p.adminOnly) add('adminOnly', impactOf(q.adminOnly, p.adminOnly), q.adminOnly, p.adminOnly, p.adminOnly ? 'now adminOnly' : 'no longer adminOnly');
    if (q.ownerOnly !== p.ownerOnly) add('ownerOnly', impactOf(q.ownerOnly, p.ownerOnly), q.ownerOnly, p.ownerOnly, p.ownerOnly ? 'now ownerOnly' : 'no longer ownerOnly');
    const implies = compareImplies(ctx.base.ir, q.implies, ctx.head.ir, p.implies);
    if (implies) add('implies', implies, showImplies(q.implies), showImplies(p.implies), `implies ${showValue(showImplies(q.implies))} -> ${showValue(showImplies(p.implies))}`);
  }
  return out;
};

/** Undefined when the implications are the same; otherwise the impact of the change. */
function compareImplies(base: ResolvedPolicy, a: Record<string, Value>, head: ResolvedPolicy, b: Record<string, Value>): Impact | undefined {
  let gained = false;
  let lost = false;
  let changed = false;
  for (const t of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const d = compareValues(scaleOf(base, t), a[t], scaleOf(head, t), b[t]);
    gained ||= d.gained;
    lost ||= d.lost;
    changed ||= JSON.stringify(a[t]) !== JSON.stringify(b[t]);
  }
  return changed ? impactOf(gained, lost) : undefined;
}

function showImplies(m: Record<string, Value>): Record<string, ChangeValue> {
  const out: Record<string, ChangeValue> = {};
  for (const k of Object.keys(m).sort()) out[k] = changeValue(m[k]);
  return out;
}

/** The scale an action-limited permission draws from: "crud" for "crud[read,update]". */
function scaleBase(id: string): string {
  const i = id.indexOf('[');
  return i < 0 ? id : id.slice(0, i);
}

// Delegation: which permissions mean "manage roles" and "assign roles", and what each role can
// reach through them (see ../reach.ts). A role that can newly manage or assign roles, or hand out
// or edit a role it could not, is an escalation. Roles on one side only are left out of the reach lists;
// they are reported as added or removed roles.

import { impactOf, type ChangeValue } from '../change.js';
import { setDelta, showValue } from '../compare.js';
import { delegationReach, type Reach } from '../reach.js';
import { headRoleId, type DiffContext, type DiffSection, type SectionChange } from '../section.js';
import { showCondition } from './rules.js';

export const diffDelegation: DiffSection = (ctx) => {
  const out: SectionChange[] = [];
  const ra = delegationReach(ctx.base.ir);
  const rb = delegationReach(ctx.head.ir);
  const common = new Set(ctx.roleMap.values());
  // Base reach in head ids, limited to roles on both sides.
  const inHead = (list: string[]): string[] => list.map((x) => headRoleId(ctx, x)).filter((x) => common.has(x));
  const before = (baseId: string): Reach => ({ ...ra[baseId]!, assigns: inHead(ra[baseId]!.assigns), edits: inHead(ra[baseId]!.edits) });
  for (const kind of ['manageRoles', 'assignRoles'] as const) {
    const x = ctx.base.ir.delegation[kind].map(showCondition);
    const y = ctx.head.ir.delegation[kind].map(showCondition);
    const d = setDelta(x, y);
    if (!d.gained && !d.lost) continue;
    // Judged by who qualifies: a new condition that no role meets changes nothing yet.
    const was = [...ctx.roleMap].filter(([b]) => ra[b]![kind]).map(([, h]) => h);
    const now = [...ctx.roleMap].filter(([, h]) => rb[h]![kind]).map(([, h]) => h);
    const q = setDelta(was, now);
    out.push({
      kind: 'delegation-changed',
      impact: impactOf(q.gained, q.lost),
      field: kind,
      from: x,
      to: y,
      message: `delegation ${kind}: ${showValue(x)} -> ${showValue(y)}${q.gained || q.lost ? ` (roles that qualify: ${showValue(was)} -> ${showValue(now)})` : ''}`,
    });
  }
  // Cloning: which of the roles on both sides a new role may start from. A clone passes every
  // check a new custom role passes, but members may now do what they could not (or the reverse),
  // so more roles to clone is judged an escalation and fewer a restriction.
  const cloneable = (ir: DiffContext['base']['ir'], ids: readonly string[]): string[] =>
    ir.delegation.cloneRoles ? ids.filter((r) => ir.roles[r]!.kind !== 'owner' && !ir.roles[r]!.admin && !ir.delegation.cloneRoles!.except.includes(r)) : [];
  const clonedBefore = cloneable(ctx.base.ir, [...ctx.roleMap.keys()]).map((r) => headRoleId(ctx, r));
  const clonedAfter = cloneable(ctx.head.ir, [...ctx.roleMap.values()]);
  const showClone = (ir: DiffContext['base']['ir']): ChangeValue => (ir.delegation.cloneRoles ? { except: [...ir.delegation.cloneRoles.except].sort() } : false);
  const cloneFrom = showClone(ctx.base.ir);
  const cloneTo = showClone(ctx.head.ir);
  if (JSON.stringify(cloneFrom) !== JSON.stringify(cloneTo)) {
    const c = setDelta(clonedBefore, clonedAfter);
    out.push({
      kind: 'delegation-changed',
      impact: impactOf(c.gained, c.lost),
      field: 'cloneRoles',
      from: cloneFrom,
      to: cloneTo,
      message: `delegation cloneRoles: ${cloneFrom === false ? 'no cloning' : 'cloning'} -> ${cloneTo === false ? 'no cloning' : 'cloning'} (roles that may be cloned: ${showValue(clonedBefore)} -> ${showValue(clonedAfter)})`,
    });
  }
  for (const [baseId, id] of ctx.roleMap) {
    const x = before(baseId);
    const y: Reach = { ...rb[id]!, assigns: rb[id]!.assigns.filter((r) => common.has(r)), edits: rb[id]!.edits.filter((r) => common.has(r)) };
    for (const kind of ['manageRoles', 'assignRoles'] as const) {
      if (x[kind] === y[kind]) continue;
      const verb = kind === 'manageRoles' ? 'manage' : 'assign';
      out.push({
        kind: 'reach-changed',
        impact: impactOf(y[kind], x[kind]),
        role: id,
        field: kind,
        from: x[kind],
        to: y[kind],
        message: `role ${id} ${y[kind] ? 'can now' : 'can no longer'} ${verb} roles`,
      });
    }
    for (const [field, verb] of [
      ['assigns', 'hand out'],
      ['edits', 'edit'],
    ] as const) {
      const d = setDelta(x[field], y[field]);
      if (!d.gained && !d.lost) continue;
      const gained = y[field].filter((r) => !x[field].includes(r));
      const lost = x[field].filter((r) => !y[field].includes(r));
      const words = [gained.length ? `can now ${verb} ${gained.join(', ')}` : '', lost.length ? `can no longer ${verb} ${lost.join(', ')}` : ''].filter(Boolean).join('; ');
      out.push({ kind: 'reach-changed', impact: impactOf(d.gained, d.lost), role: id, field, from: x[field], to: y[field], message: `role ${id}: through delegation, ${words}` });
    }
  }
  return out;
};

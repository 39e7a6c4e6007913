// Members added, removed, or holding other roles. Role ids are compared as the head names them,
// so renaming a role changes no member.

import { impactOf } from '../change.js';
import { setDelta, showValue } from '../compare.js';
import { headRoleId, type DiffSection, type SectionChange } from '../section.js';

export const diffMembers: DiffSection = (ctx) => {
  const out: SectionChange[] = [];
  const base = ctx.base.ir.members;
  const head = ctx.head.ir.members;
  for (const [id, m] of Object.entries(head)) {
    const before = base[id];
    // Stryker disable next-line LogicalOperator,ConditionalExpression: a member listed in the base is an object, never undefined; the second test only narrows the type.
    if (!Object.hasOwn(base, id) || before === undefined) {
      out.push({
        kind: 'member-added',
        impact: m.roles.length ? 'escalation' : 'neutral',
        member: id,
        from: null,
        to: m.roles,
        message: `member ${id} added with role${m.roles.length === 1 ? '' : 's'} ${showValue(m.roles)}`,
      });
      continue;
    }
    const roles = before.roles.map((r) => headRoleId(ctx, r));
    const d = setDelta(roles, m.roles);
    if (d.gained || d.lost) {
      const gained = m.roles.filter((r) => !roles.includes(r));
      const lost = roles.filter((r) => !m.roles.includes(r));
      const words = [gained.length ? `gains ${gained.join(', ')}` : '', lost.length ? `loses ${lost.join(', ')}` : ''].filter(Boolean).join(', ');
      out.push({ kind: 'member-changed', impact: impactOf(d.gained, d.lost), member: id, field: 'roles', from: roles, to: m.roles, message: `member ${id} ${words}` });
    }
    if (before.name !== m.name) {
      out.push({ kind: 'member-changed', impact: 'neutral', member: id, field: 'name', from: before.name, to: m.name, message: `member ${id}: name ${showValue(before.name)} -> ${showValue(m.name)}` });
    }
  }
  for (const [id, m] of Object.entries(base)) {
    if (Object.hasOwn(head, id)) continue;
    const roles = m.roles.map((r) => headRoleId(ctx, r));
    out.push({
      kind: 'member-removed',
      impact: roles.length ? 'restriction' : 'neutral',
      member: id,
      from: roles,
      to: null,
      message: `member ${id} removed (held ${showValue(roles)})`,
    });
  }
  return out;
};

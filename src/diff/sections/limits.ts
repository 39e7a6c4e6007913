// The default role for invitees and the limits. Loosening a limit (more roles, fewer required
// owners, more roles per member, fewer reserved names, look-alike names allowed again) counts as an escalation: it lets
// administrators do more than before.

import { impactOf, type ChangeValue, type Impact } from '../change.js';
import { compareLimit, compareValues, scaleOf, setDelta, showValue } from '../compare.js';
import { headRoleId, type DiffContext, type DiffSection, type SectionChange } from '../section.js';

export const diffLimits: DiffSection = (ctx) => {
  const out: SectionChange[] = [];
  const defaultRole = diffDefaultRole(ctx);
  if (defaultRole) out.push(defaultRole);
  const a = ctx.base.ir.limits;
  const b = ctx.head.ir.limits;
  const add = (field: string, impact: Impact, from: ChangeValue, to: ChangeValue): void => {
    out.push({ kind: 'limit-changed', impact, field, from, to, message: `limit ${field}: ${showLimit(from)} -> ${showLimit(to)}` });
  };
  const limit = (field: string, x: number | null, y: number | null): void => {
    if (x === y) return;
    const d = compareLimit(x, y);
    add(field, impactOf(d.gained, d.lost), x, y);
  };
  limit('maxRoles', a.maxRoles, b.maxRoles);
  limit('maxCustomRoles', a.maxCustomRoles, b.maxCustomRoles);
  limit('rolesPerMember.max', a.rolesPerMember.max, b.rolesPerMember.max);
  // Fewer required owners is the loosening here.
  // Stryker disable next-line EqualityOperator,BooleanLiteral: the two counts differ here, so < and <= agree, and a loss only counts when nothing was gained.
  if (a.minOwners !== b.minOwners) add('minOwners', impactOf(b.minOwners < a.minOwners, b.minOwners > a.minOwners), a.minOwners, b.minOwners);
  // The least number of roles a member holds is bookkeeping, not access.
  if (a.rolesPerMember.min !== b.rolesPerMember.min) add('rolesPerMember.min', 'neutral', a.rolesPerMember.min, b.rolesPerMember.min);
  const d = setDelta(a.reservedNames, b.reservedNames);
  // A name that is no longer reserved may now be imitated by a custom role.
  if (d.gained || d.lost) add('reservedNames', impactOf(d.lost, d.gained), a.reservedNames, b.reservedNames);
  // Allowing look-alike names again lets a custom role pass for another.
  if (a.distinctNames !== b.distinctNames) add('distinctNames', b.distinctNames === 'exact' ? 'escalation' : 'restriction', a.distinctNames, b.distinctNames);
  return out;
};

/** The default role: compared by what it holds, so pointing it at a stronger role is an escalation. */
function diffDefaultRole(ctx: DiffContext): SectionChange | undefined {
  // Stryker disable next-line ConditionalExpression: headRoleId maps null to null as well (no role has that id).
  const from = ctx.base.ir.defaultRole === null ? null : headRoleId(ctx, ctx.base.ir.defaultRole);
  const to = ctx.head.ir.defaultRole;
  // The same role (perhaps renamed): changes to its grants are reported on the role itself.
  if (from === to) return undefined;
  let gained = false;
  let lost = false;
  if (from === null) gained = true;
  else if (to === null) lost = true;
  else {
    const before = ctx.base.ir.roles[ctx.base.ir.defaultRole!]!.grants;
    const after = ctx.head.ir.roles[to]!.grants;
    for (const p of new Set([...Object.keys(before), ...Object.keys(after)])) {
      const dv = compareValues(scaleOf(ctx.base.ir, p), before[p], scaleOf(ctx.head.ir, p), after[p]);
      gained ||= dv.gained;
      lost ||= dv.lost;
    }
  }
  return {
    kind: 'default-role-changed',
    impact: impactOf(gained, lost),
    field: 'defaultRole',
    from,
    to,
    message: `default role for invitees ${showValue(from)} -> ${showValue(to)}`,
  };
}

function showLimit(v: ChangeValue): string {
  return v === null ? 'unlimited' : showValue(v);
}

// Roles added, removed and renamed, and changes to a role's own attributes: display name,
// description, kind, admin flag, protection and who may edit it.

import { isLowest } from '../../resolve/values.js';
import { impactOf, type ChangeValue, type Impact } from '../change.js';
import { changeValue, scaleOf, setDelta, showValue } from '../compare.js';
import { headRoleId, type DiffContext, type DiffSection, type SectionChange } from '../section.js';

export const diffRoles: DiffSection = (ctx) => {
  const out: SectionChange[] = [];
  const { base, head } = ctx;
  for (const id of ctx.addedRoles) {
    const r = head.ir.roles[id]!;
    const grants: Record<string, ChangeValue> = {};
    for (const [p, v] of Object.entries(r.grants)) {
      const s = scaleOf(head.ir, p);
      if (s && !isLowest(s, v)) grants[p] = changeValue(v);
    }
    // A new role that holds nothing gives nobody anything until it is changed; one that holds
    // something is new access as soon as it is handed out, which administrators may do.
    // Stryker disable next-line ConditionalExpression,StringLiteral: an owner role holds every permission at its highest value, so its grants are never empty; the kind test states the rule.
    const holds = Object.keys(grants).length > 0 || r.admin || r.kind === 'owner';
    out.push({
      kind: 'role-added',
      impact: holds ? 'escalation' : 'neutral',
      role: id,
      from: null,
      to: r.name,
      grants,
      message: `role ${id} (${r.name}) added${holds ? `, holding ${Object.keys(grants).length} permission${Object.keys(grants).length === 1 ? '' : 's'}` : ', holding nothing'}`,
    });
  }
  for (const id of ctx.removedRoles) {
    const r = base.ir.roles[id]!;
    out.push({ kind: 'role-removed', impact: 'restriction', role: id, from: r.name, to: null, message: `role ${id} (${r.name}) removed` });
  }
  for (const [from, to] of ctx.renamedRoles) {
    out.push({
      kind: 'role-renamed',
      impact: 'neutral',
      role: to,
      from,
      to,
      message: `role ${from} renamed to ${to} (same grants${Object.keys(head.ir.members).length ? ' and members' : ''})`,
    });
  }
  for (const [baseId, headId] of ctx.roleMap) out.push(...attributeChanges(ctx, baseId, headId));
  return out;
};

function attributeChanges(ctx: DiffContext, baseId: string, id: string): SectionChange[] {
  const a = ctx.base.ir.roles[baseId]!;
  const b = ctx.head.ir.roles[id]!;
  const out: SectionChange[] = [];
  const add = (field: string, impact: Impact, from: ChangeValue, to: ChangeValue, message: string): void => {
    out.push({ kind: 'role-changed', impact, role: id, field, from, to, message: `role ${id}: ${message}` });
  };
  if (a.name !== b.name) add('name', 'neutral', a.name, b.name, `display name ${showValue(a.name)} -> ${showValue(b.name)}`);
  if (a.description !== b.description) add('description', 'neutral', a.description, b.description, 'description changed');
  if (a.kind !== b.kind) {
    // An owner role holds everything; becoming one is the largest escalation there is.
    const impact: Impact = b.kind === 'owner' ? 'escalation' : a.kind === 'owner' ? 'restriction' : 'neutral';
    add('kind', impact, a.kind, b.kind, `kind ${a.kind} -> ${b.kind}`);
  }
  if (a.admin !== b.admin) add('admin', impactOf(b.admin, a.admin), a.admin, b.admin, b.admin ? 'became an admin role (may hold adminOnly permissions)' : 'no longer an admin role');
  if (a.protected !== b.protected) {
    // Losing protection puts the role within reach of every role that may manage roles.
    add('protected', impactOf(a.protected, b.protected), a.protected, b.protected, b.protected ? 'now protected' : 'no longer protected: any role that manages roles may edit it');
  }
  const before = a.editableBy.map((r) => headRoleId(ctx, r));
  const after = b.editableBy;
  const d = setDelta(before, after);
  if (d.gained || d.lost) {
    // With protection unchanged, more editors is more access to the role. When protection itself
    // changed, that change above carries the impact; an emptied list is what removed it.
    const impact: Impact = a.protected === b.protected ? impactOf(d.gained, d.lost) : 'neutral';
    add('editableBy', impact, before, after, `editable by ${showValue(before)} -> ${showValue(after)}`);
  }
  return out;
}

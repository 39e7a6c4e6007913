// No self-escalation. self-edit / self-assign: a role listed in its own editableBy. protected-role:
// editableBy that hands an owner role, or an admin role, to a role below it. escalation-subset: a
// role may assign or edit a role holding more than itself (the Kubernetes RBAC rule).
// escalation-path: the closure of allowed steps from a role (assign a role to a colleague, edit a
// role up to its highest allowed values, use powers so gained) ends with more than the start held;
// a chain of steps that replays from the start (the first the search finds) is the witness.

import { formatValueOf } from '../../resolve/values.js';
import { canAssignRoles, canManageRoles, formatChain, reachFrom, reaches, roleExcess } from '../delegation.js';
import type { AnalysisRule, RuleContext } from '../rule.js';

function editableByAt(ctx: RuleContext, role: string, entry: string) {
  const def = ctx.merged.roles.get(role)!;
  // Only called with an entry of the resolved editableBy, which keeps the known ids of this list.
  const i = def.value.editableBy!.indexOf(entry);
  return { file: def.at.file, path: `${def.at.path}/editableBy/${i}` };
}

export const selfReach: AnalysisRule = (ctx) => {
  const ir = ctx.policy;
  for (const [id, role] of Object.entries(ir.roles)) {
    if (role.kind === 'owner' || !role.editableBy.includes(id)) continue;
    if (canManageRoles(ir, id)) {
      ctx.bag.report({
        rule: 'self-edit',
        message: `role "${id}" may edit roles and lists itself in editableBy, so its members could change their own permissions`,
        at: editableByAt(ctx, id, id),
        hint: `remove "${id}" from its own editableBy`,
      });
    }
    if (canAssignRoles(ir, id)) {
      ctx.bag.report({
        rule: 'self-assign',
        message: `role "${id}" may assign roles and lists itself in editableBy, so its members could change their own assignment`,
        at: editableByAt(ctx, id, id),
        hint: `remove "${id}" from its own editableBy`,
      });
    }
  }
};

export const protectedRole: AnalysisRule = (ctx) => {
  const ir = ctx.policy;
  for (const [id, role] of Object.entries(ir.roles)) {
    for (const editor of role.editableBy) {
      const e = ir.roles[editor]!;
      // A role in its own editableBy is self-edit's concern: here it is an owner (skipped), an
      // admin editing an admin, or neither an owner nor an admin role (nothing to protect).
      if (e.kind === 'owner') continue;
      const why = role.kind === 'owner' ? 'an owner role' : role.admin && !e.admin ? 'an admin role' : undefined;
      if (!why) continue;
      ctx.bag.report({
        rule: 'protected-role',
        message: `role "${id}" is ${why}, but editableBy gives "${editor}" (${e.kind}${e.admin ? ', admin' : ''}) reach over it`,
        at: editableByAt(ctx, id, editor),
        hint: role.kind === 'owner' ? 'only owner roles may edit or assign owner roles' : 'only owner and admin roles may edit or assign admin roles',
      });
    }
  }
};

export const escalationSubset: AnalysisRule = (ctx) => {
  const ir = ctx.policy;
  for (const [id, role] of Object.entries(ir.roles)) {
    // An owner role holds the highest value of everything: no role holds more (the skip saves time).
    // Stryker disable next-line ConditionalExpression,StringLiteral: equivalent, an owner role has no excess to find
    if (role.kind === 'owner') continue;
    const assign = canAssignRoles(ir, id);
    const manage = canManageRoles(ir, id);
    if (!assign && !manage) continue;
    for (const target of Object.keys(ir.roles)) {
      // The role itself is never in excess of itself: roleExcess finds nothing.
      if (!reaches(ir, id, target)) continue;
      const excess = roleExcess(ir, target, id);
      if (!excess) continue;
      const verb = assign && manage ? 'assign and edit' : assign ? 'assign' : 'edit';
      ctx.bag.report({
        rule: 'escalation-subset',
        message: `role "${id}" may ${verb} role "${target}", which holds ${excess.permission}=${formatValueOf(ir.scales[ir.permissions[excess.permission]!.scale]!, excess.value)} beyond "${id}" (${formatValueOf(ir.scales[ir.permissions[excess.permission]!.scale]!, role.grants[excess.permission]!)})`,
        at: { ...ctx.merged.roles.get(id)!.at, key: true },
        hint: `protect "${target}" with editableBy, or make sure "${id}" holds everything "${target}" holds`,
      });
    }
  }
};

export const escalationPath: AnalysisRule = (ctx) => {
  const ir = ctx.policy;
  for (const [id, role] of Object.entries(ir.roles)) {
    // An owner role holds the highest value of everything: no chain ends with more.
    // Stryker disable next-line ConditionalExpression,StringLiteral: starting from an owner role finds no escalation either
    if (role.kind === 'owner') continue;
    const reach = reachFrom(ir, id);
    const esc = reach.escalation;
    if (!esc) continue;
    // A single assignment of a stronger role is already an escalation-subset finding. A chain of
    // one step is always that: only the start is held before the first step, and a role never
    // edits itself, while an edit of another role counts only once that role is held (two steps).
    if (esc.steps.length === 1) continue;
    const last = esc.steps.at(-1)!;
    ctx.bag.report({
      rule: 'escalation-path',
      message: `starting from "${id}", allowed steps end with more than "${id}" holds: ${formatChain(esc.steps, { role: last.role, permission: esc.permission, value: esc.value })}`,
      at: { ...ctx.merged.roles.get(id)!.at, key: true },
      hint: 'break a step of the chain: protect a role with editableBy, lock its allowed values, or narrow who may manage or assign roles',
    });
  }
};

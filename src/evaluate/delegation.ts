// Answers role-management questions from the IR, as the generated validators do at run time:
// may this actor give a role to a colleague, or edit a role? `policyc test` uses it.

import { canAssignRoles, canManageRoles, firstExcess, reaches, type Grants } from '../analyze/delegation.js';
import type { ResolvedPolicy } from '../ir.js';
import { join, lowest } from '../resolve/values.js';
import type { AccessAnswer } from './evaluate.js';

/** The union of the grants of the actor's known roles, and which known roles they are. */
function holder(ir: ResolvedPolicy, roles: readonly string[]): { known: string[]; grants: Grants } {
  const known = roles.filter((r) => Object.hasOwn(ir.roles, r));
  const grants: Grants = {};
  for (const p of Object.keys(ir.permissions)) {
    const scale = ir.scales[ir.permissions[p]!.scale]!;
    grants[p] = known.reduce((v, r) => join(scale, v, ir.roles[r]!.grants[p]!), lowest(scale));
  }
  return { known, grants };
}

/** The custom-role cap on a plan (the account's plan when none is given); null without a cap. */
export function customRoleCap(ir: ResolvedPolicy, plan: string | undefined): number | null {
  const byPlan = ir.limits.byPlan.maxCustomRoles;
  if (!byPlan) return ir.limits.maxCustomRoles;
  const p = plan !== undefined && Object.hasOwn(ir.plans, plan) ? plan : plan === undefined ? ir.plan : null;
  if (p === null) return 0;
  let value = 0;
  for (const [q, n] of Object.entries(byPlan)) if (ir.plans[p]!.rank >= ir.plans[q]!.rank) value = n;
  return value;
}

function decide(ir: ResolvedPolicy, actorId: string, roles: readonly string[], targetId: string | undefined, role: string, verb: 'assign' | 'edit', plan: string | undefined): AccessAnswer {
  if (!Object.hasOwn(ir.roles, role)) return { allowed: false, reason: `unknown role "${role}"` };
  if (ir.roles[role]!.kind === 'custom' && customRoleCap(ir, plan) === 0) return { allowed: false, reason: 'custom-role-cap: custom roles are not available on this plan' };
  const { known, grants } = holder(ir, roles);
  if (known.length === 0) return { allowed: false, reason: 'the actor holds no known role' };
  if (verb === 'assign' && targetId !== undefined && targetId === actorId) return { allowed: false, reason: 'self-assign: nobody changes their own roles' };
  if (verb === 'edit' && known.includes(role)) return { allowed: false, reason: 'self-edit: nobody edits a role they hold' };
  if (verb === 'edit' && ir.roles[role]!.kind === 'owner') return { allowed: false, reason: 'protected-role: owner roles cannot be edited' };
  const power = verb === 'assign' ? known.some((r) => canAssignRoles(ir, r, grants)) : known.some((r) => canManageRoles(ir, r, grants));
  if (!power) return { allowed: false, reason: `not-permitted: no permission to ${verb} roles` };
  const owner = known.some((r) => ir.roles[r]!.kind === 'owner');
  if (!known.some((r) => reaches(ir, r, role))) return { allowed: false, reason: `protected-role: "${role}" is out of reach` };
  const excess = owner ? undefined : firstExcess(ir, ir.roles[role]!.grants, grants);
  if (excess) return { allowed: false, reason: `escalation-subset: "${role}" holds more of ${excess.permission}` };
  return { allowed: true, reason: `${verb} allowed` };
}

export function evaluateAssign(ir: ResolvedPolicy, actorId: string, roles: readonly string[], targetId: string | undefined, role: string, plan?: string): AccessAnswer {
  return decide(ir, actorId, roles, targetId, role, 'assign', plan);
}

export function evaluateEditRole(ir: ResolvedPolicy, actorId: string, roles: readonly string[], role: string, plan?: string): AccessAnswer {
  return decide(ir, actorId, roles, undefined, role, 'edit', plan);
}

export function evaluateFeature(ir: ResolvedPolicy, feature: string, plan: string | undefined): AccessAnswer {
  const f = ir.features[feature];
  if (!f) return { allowed: false, reason: `unknown feature "${feature}"` };
  if (plan === undefined || !Object.hasOwn(ir.plans, plan)) return { allowed: false, reason: `feature ${feature} needs a plan (from ${f.minPlan})` };
  const off = f.requires.filter((id) => ir.switches[id]?.on !== true);
  if (off.length) return { allowed: false, reason: `feature ${feature} needs switch ${off.join(', ')} on` };
  const ok = ir.plans[plan]!.rank >= ir.plans[f.minPlan]!.rank;
  return { allowed: ok, reason: `feature ${feature} from plan ${f.minPlan}` };
}

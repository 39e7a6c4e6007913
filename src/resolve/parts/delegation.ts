// Delegation: which grants let a member manage custom roles, which let them assign roles, and
// whether a new role may start as a clone of an existing one.

import type { Condition } from '../../ir.js';
import { child } from '../merge.js';
import { checkRefs, type ResolveContext } from '../part.js';
import { resolveCondition } from './conditions.js';

export function resolveDelegation(ctx: ResolveContext): void {
  const d = ctx.merged.delegation;
  const list = (key: 'manageRoles' | 'assignRoles'): Condition[] =>
    (d?.value[key] ?? []).flatMap((c, i) => resolveCondition(ctx, c, child(d!.at, key, i)) ?? []);
  ctx.ir.delegation = { manageRoles: list('manageRoles'), assignRoles: list('assignRoles') };
  // Left out or false: no cloning (what a document does not offer, the runtime refuses).
  const clone = d?.value.cloneRoles;
  if (clone === undefined || clone === false) return;
  const except = clone === true ? [] : checkRefs('role', ctx.ir.roles, clone.except, child(d!.at, 'cloneRoles', 'except'), ctx.unknown);
  ctx.ir.delegation.cloneRoles = { except: [...new Set(except)] };
}

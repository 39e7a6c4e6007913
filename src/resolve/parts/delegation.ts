// Delegation: which grants let a member manage custom roles, and which let them assign roles.

import type { Condition } from '../../ir.js';
import { child } from '../merge.js';
import type { ResolveContext } from '../part.js';
import { resolveCondition } from './conditions.js';

export function resolveDelegation(ctx: ResolveContext): void {
  const d = ctx.merged.delegation;
  const list = (key: 'manageRoles' | 'assignRoles'): Condition[] =>
    (d?.value[key] ?? []).flatMap((c, i) => resolveCondition(ctx, c, child(d!.at, key, i)) ?? []);
  ctx.ir.delegation = { manageRoles: list('manageRoles'), assignRoles: list('assignRoles') };
}

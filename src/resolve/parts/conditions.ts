// A condition on a role's grants ("holds this permission, at least at this level"), as cross-field
// rules and delegation write it. Not a part of its own: rules.ts and delegation.ts resolve theirs here.

import type { Origin } from '../../diagnostics/diagnostic.js';
import type { Condition } from '../../ir.js';
import { child, type ConditionDoc } from '../merge.js';
import type { ResolveContext } from '../part.js';
import { scaleOf } from './permissions.js';
import { checkAtLeast } from './scales.js';
import { isPerObject, reportPerObjectUse } from './objects.js';

export function resolveCondition(ctx: ResolveContext, doc: ConditionDoc, at: Origin): Condition | undefined {
  const permissions = ctx.ir.permissions;
  if (!permissions[doc.permission]) {
    if (!ctx.broken.has(doc.permission)) ctx.unknown('permission', doc.permission, child(at, 'permission'), Object.keys(permissions));
    return undefined;
  }
  if (isPerObject(ctx, doc.permission)) {
    reportPerObjectUse(ctx, doc.permission, 'a condition (rules, quotas, delegation, requirements)', child(at, 'permission'));
    return undefined;
  }
  const atLeast = checkAtLeast(ctx.bag, doc.permission, scaleOf(ctx, doc.permission), doc.atLeast, child(at, 'atLeast'));
  return atLeast === undefined ? undefined : { permission: doc.permission, atLeast };
}

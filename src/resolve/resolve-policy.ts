// Resolves a merged policy into the IR: checks every reference, finds cycles, validates values
// against their scales, and computes each role's effective grants (inheritance, then implication
// closure) together with the trace that `explain` prints. One part of the language per file in
// ./parts; this index runs them in order, each reading what the parts before it resolved.

import type { DiagnosticBag } from '../diagnostics/diagnostic.js';
import type { ResolvedPolicy, Trace } from '../ir.js';
import type { MergedPolicy } from './merge.js';
import { createContext, type ResolveMemo, type ResolvePart } from './part.js';
import { resolveDefaultRole } from './parts/default-role.js';
import { resolveDelegation } from './parts/delegation.js';
import { resolveExceptions } from './parts/exceptions.js';
import { resolveFeatures } from './parts/features.js';
import { resolveGroups } from './parts/groups.js';
import { resolveLimits } from './parts/limits.js';
import { resolveMembers } from './parts/members.js';
import { resolveImplications, resolvePermissions } from './parts/permissions.js';
import { checkOptions } from './parts/options.js';
import { resolvePlans } from './parts/plans.js';
import { resolveQuotas } from './parts/quotas.js';
import { resolveRelations } from './parts/relations.js';
import { resolveRequirements } from './parts/requirements.js';
import { resolveResourceParts } from './parts/resource-parts.js';
import { checkPrivateNeeds, resolveResources } from './parts/resources.js';
import { resolveRoles } from './parts/roles.js';
import { resolveRules } from './parts/rules.js';
import { resolveScales } from './parts/scales.js';
import { resolveSwitches } from './parts/switches.js';
import { resolveContexts } from './parts/contexts.js';
import { checkPerObjectUses, resolveObjects } from './parts/objects.js';
import { resolveTiers } from './parts/tiers.js';

export interface Resolved {
  policy: ResolvedPolicy;
  trace: Trace;
}

/** In dependency order; diagnostics come out in this order too. */
export const RESOLVE_PARTS: readonly ResolvePart[] = [
  resolvePlans,
  resolveSwitches,
  resolveContexts,
  resolveObjects,
  resolveFeatures,
  resolveResources,
  resolveRelations,
  resolveScales,
  resolveGroups,
  // Access rules are resolved with each permission (parts/access.ts).
  resolvePermissions,
  checkPrivateNeeds,
  resolveResourceParts,
  resolveImplications,
  checkPerObjectUses,
  resolveQuotas,
  resolveRequirements,
  resolveRoles,
  checkOptions,
  resolveExceptions,
  resolveTiers,
  resolveRules,
  resolveDelegation,
  resolveMembers,
  resolveDefaultRole,
  resolveLimits,
];

export function resolvePolicy(name: string, merged: MergedPolicy, bag: DiagnosticBag, memo?: ResolveMemo): Resolved {
  const ctx = createContext(name, merged, bag, memo);
  for (const part of RESOLVE_PARTS) part(ctx);
  return { policy: ctx.ir, trace: ctx.trace };
}

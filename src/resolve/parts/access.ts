// Access rules: what a permission lets a role do to a resource kind, from a least level, for the
// relations between actor and resource it names. Resolved with each permission (see permissions.ts).

import type { DiagnosticBag, Origin } from '../../diagnostics/diagnostic.js';
import type { AccessRule, ResolvedPolicy, ResolvedResource, ResolvedScale } from '../../ir.js';
import { child, type AccessRuleDoc } from '../merge.js';
import type { Unknown } from '../part.js';
import { checkRelations } from './relations.js';
import { checkAtLeast } from './scales.js';

/** Where each resolved rule was written, for the parts that finish it later (requirements.ts). */
export const RULE_SOURCE = new WeakMap<AccessRule, { doc: AccessRuleDoc; at: Origin }>();

export function resolveAccessRules(
  permId: string,
  docs: readonly AccessRuleDoc[] | undefined,
  at: Origin,
  scale: ResolvedScale,
  ir: ResolvedPolicy,
  bag: DiagnosticBag,
  unknown: Unknown,
): AccessRule[] {
  const resources = ir.resources;
  const out: AccessRule[] = [];
  (docs ?? []).forEach((doc, i) => {
    const here = child(at, 'access', i);
    if (!resources[doc.resource]) {
      unknown('resource', doc.resource, child(here, 'resource'), Object.keys(resources));
      return;
    }
    const atLeast = checkAtLeast(bag, permId, scale, doc.atLeast, child(here, 'atLeast'));
    if (atLeast === undefined) return;
    const actions = checkActions(resources, doc.resource, doc.actions, child(here, 'actions'), unknown);
    const relations = checkRelations(ir, doc.resource, doc.relations, child(here, 'relations'), bag, unknown);
    if (relations === undefined) return;
    const rule: AccessRule = { resource: doc.resource, atLeast, relations, actions };
    RULE_SOURCE.set(rule, { doc, at: here });
    out.push(rule);
  });
  return out;
}

/** The known actions among `actions`, in the resource's order; the others are reported. */
export function checkActions(resources: Record<string, ResolvedResource>, resource: string, actions: readonly string[], at: Origin, unknown: Unknown): string[] {
  const known = resources[resource]!.actions;
  const ok: string[] = [];
  actions.forEach((a, i) => {
    if (known.includes(a)) ok.push(a);
    else unknown(`action of resource "${resource}"`, a, child(at, i), known);
  });
  return known.filter((a) => ok.includes(a));
}

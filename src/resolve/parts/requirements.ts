// Conjunctions: an access rule that needs more than its own permission, namely another action on
// the same resource ("delete needs edit on that conversation"), another permission ("marking as
// spam needs deleting end users too") or a feature of the account's plan ("creating an
// organization needs several organizations, a Flex feature"). Resolved once every permission is
// known; the actions one action needs must not loop back to it.

import type { AccessRequirement, AccessRule, Condition } from '../../ir.js';
import { child } from '../merge.js';
import { orderAcyclic } from '../order.js';
import type { ResolveContext } from '../part.js';
import { RULE_SOURCE } from './access.js';
import { resolveCondition } from './conditions.js';

export function resolveRequirements(ctx: ResolveContext): void {
  const { ir, unknown } = ctx;
  for (const perm of Object.values(ir.permissions)) {
    for (const rule of perm.access) {
      const source = RULE_SOURCE.get(rule);
      if (!source?.doc.requires) continue;
      const req: AccessRequirement = { actions: [], permissions: [], features: [] };
      const actions: string[] = [];
      const features: string[] = [];
      source.doc.requires.forEach((r, i) => {
        const at = child(source.at, 'requires', i);
        if ('feature' in r) {
          if (Object.hasOwn(ir.features, r.feature)) features.push(r.feature);
          // A feature left out for its unknown plan was reported there already.
          else if (!ctx.merged.features.has(r.feature)) unknown('feature', r.feature, child(at, 'feature'), Object.keys(ir.features));
          return;
        }
        if ('action' in r) {
          const known = ir.resources[rule.resource]!.actions;
          if (known.includes(r.action)) actions.push(r.action);
          else unknown(`action of resource "${rule.resource}"`, r.action, child(at, 'action'), known);
          return;
        }
        const c = resolveCondition(ctx, r, at);
        if (c && !req.permissions.some((x) => sameCondition(x, c))) req.permissions.push(c);
      });
      req.actions = ir.resources[rule.resource]!.actions.filter((a) => actions.includes(a));
      req.features = Object.keys(ir.features).filter((f) => features.includes(f));
      if (req.actions.length || req.permissions.length || req.features.length) rule.requires = req;
    }
  }
  checkRequirementCycles(ctx);
}

function sameCondition(a: Condition, b: Condition): boolean {
  return a.permission === b.permission && a.atLeast === b.atLeast;
}

/** An action that needs itself, directly or through others, is reported and its requirement dropped. */
function checkRequirementCycles(ctx: ResolveContext): void {
  const { ir, bag } = ctx;
  for (const [kind, res] of Object.entries(ir.resources)) {
    const rules: AccessRule[] = Object.values(ir.permissions).flatMap((p) => p.access.filter((r) => r.resource === kind && r.requires && r.requires.actions.length > 0));
    if (rules.length === 0) continue;
    const needs = (a: string): string[] => [...new Set(rules.filter((r) => r.actions.includes(a)).flatMap((r) => r.requires!.actions))];
    orderAcyclic(res.actions, needs, (cycle) => {
      // Blame the first rule that gives cycle[0] and needs cycle[1].
      const rule = rules.find((r) => r.actions.includes(cycle[0]!) && r.requires!.actions.includes(cycle[1]!))!;
      const source = RULE_SOURCE.get(rule)!;
      const i = source.doc.requires!.findIndex((x) => 'action' in x && x.action === cycle[1]);
      bag.report({
        rule: 'requirement-cycle',
        message: `on ${kind}, actions need each other in a cycle: ${cycle.join(' -> ')}`,
        at: child(source.at, 'requires', i, 'action'),
        hint: 'an action cannot need itself; remove one of the required actions in the cycle',
      });
      for (const r of rules) {
        if (!r.actions.includes(cycle[0]!)) continue;
        r.requires!.actions = r.requires!.actions.filter((x) => x !== cycle[1]);
        if (r.requires!.actions.length === 0 && r.requires!.permissions.length === 0 && r.requires!.features.length === 0) delete r.requires;
      }
    });
  }
}

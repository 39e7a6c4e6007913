// The diff entry: two versions of a policy (or of a set of policies) in, the changes out, each
// classified as an escalation, a restriction or neutral. Pure, and computed on the resolved IR,
// so edits that keep the meaning (layout, key order, comments, moving a role to another file)
// give no change at all.

import type { Change } from './change.js';
import { matchRoles } from './match-roles.js';
import type { DiffContext, DiffSection, PolicySide } from './section.js';
import { diffAccess } from './sections/access.js';
import { diffDefinitions } from './sections/definitions.js';
import { diffDelegation } from './sections/delegation.js';
import { diffGrants } from './sections/grants.js';
import { diffInheritance } from './sections/inheritance.js';
import { diffLimits } from './sections/limits.js';
import { diffMembers } from './sections/members.js';
import { diffPermissions } from './sections/permissions.js';
import { diffPlans } from './sections/plans.js';
import { diffRoles } from './sections/roles.js';
import { diffRules } from './sections/rules.js';
import { diffQuotas } from './sections/quotas.js';
import { diffSwitches } from './sections/switches.js';
import { diffContexts } from './sections/contexts.js';
import { diffObjects } from './sections/objects.js';
import { diffRelations } from './sections/relations.js';
import { diffTiers } from './sections/tiers.js';

/** In report order: roles first, since most reviews are about who gains what. */
export const DIFF_SECTIONS: readonly DiffSection[] = [
  diffRoles,
  diffInheritance,
  diffGrants,
  diffDelegation,
  diffMembers,
  diffTiers,
  diffLimits,
  diffPlans,
  diffSwitches,
  diffContexts,
  diffObjects,
  diffQuotas,
  diffPermissions,
  diffAccess,
  diffRelations,
  diffRules,
  diffDefinitions,
];

export function diffPolicy(policy: string, base: PolicySide, head: PolicySide): Change[] {
  const ctx: DiffContext = { base, head, ...matchRoles(base.ir, head.ir) };
  const changes = DIFF_SECTIONS.flatMap((section) => section(ctx).map((c): Change => ({ policy, ...c })));
  // Group by role in the head's order (removed roles after), then everything else, keeping the
  // section order within each group: a reviewer reads one role at a time.
  const order = [...Object.keys(head.ir.roles), ...ctx.removedRoles];
  const rank = (c: Change): number => (c.role === undefined ? order.length : order.indexOf(c.role));
  return changes
    .map((c, i) => ({ c, i }))
    // Stryker disable next-line ArithmeticOperator: sort is stable, so the tie-break restates the given order; x.i + y.i (always "after") leaves V8's order the same.
    .sort((x, y) => rank(x.c) - rank(y.c) || x.i - y.i)
    .map((x) => x.c);
}

export interface NamedPolicy extends PolicySide {
  /** How the two sides are paired: the policy folder's name. */
  name: string;
}

export interface DiffReport {
  /** What each side is, for headings: a revision, "working tree" or a folder. */
  base: string;
  head: string;
  /** Every policy compared (on either side), in name order, whether it changed or not. */
  policies: string[];
  changes: Change[];
}

/** Pairs policies by name; one present on a single side is an added or removed policy. */
export function diffPolicies(base: readonly NamedPolicy[], head: readonly NamedPolicy[], labels: { base: string; head: string }): DiffReport {
  const names = [...new Set([...base.map((p) => p.name), ...head.map((p) => p.name)])].sort();
  const changes: Change[] = [];
  for (const name of names) {
    const a = base.find((p) => p.name === name);
    const b = head.find((p) => p.name === name);
    if (a && b) changes.push(...diffPolicy(name, a, b));
    else if (b) {
      const roles = Object.keys(b.ir.roles).length;
      // A whole new access model: everything in it is access that did not exist before.
      changes.push({ policy: name, kind: 'policy-added', impact: 'escalation', from: null, to: b.ir.title, message: `policy ${name} added (${roles} role${roles === 1 ? '' : 's'})` });
    } else {
      // Every name comes from one side or the other.
      changes.push({ policy: name, kind: 'policy-removed', impact: 'restriction', from: a!.ir.title, to: null, message: `policy ${name} removed` });
    }
  }
  return { base: labels.base, head: labels.head, policies: names, changes };
}

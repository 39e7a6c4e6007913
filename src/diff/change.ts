// One difference between two versions of a policy, as every diff section reports it and every
// diff format renders it. Changes are computed on the resolved IR, never on the YAML text.

export type Impact = 'escalation' | 'restriction' | 'neutral';

/** Display and sorting order: what a reviewer must look at first. */
// Stryker disable next-line StringLiteral: only byImpact reads this list, by indexOf; a missing escalation sorts at -1, still first.
export const IMPACTS: readonly Impact[] = ['escalation', 'restriction', 'neutral'];

export type ChangeKind =
  | 'policy-added'
  | 'policy-removed'
  | 'policy-changed'
  | 'role-added'
  | 'role-removed'
  | 'role-renamed'
  | 'role-changed'
  | 'inherits-changed'
  | 'grant-raised'
  | 'grant-lowered'
  | 'grant-changed'
  | 'allowed-changed'
  | 'member-added'
  | 'member-removed'
  | 'member-changed'
  | 'default-role-changed'
  | 'limit-changed'
  | 'permission-added'
  | 'permission-removed'
  | 'permission-changed'
  | 'scale-added'
  | 'scale-removed'
  | 'scale-changed'
  | 'group-added'
  | 'group-removed'
  | 'group-changed'
  | 'plan-added'
  | 'plan-removed'
  | 'plan-changed'
  | 'account-plan-changed'
  | 'feature-added'
  | 'feature-removed'
  | 'feature-changed'
  | 'switch-added'
  | 'switch-removed'
  | 'switch-changed'
  | 'context-added'
  | 'context-removed'
  | 'context-changed'
  | 'object-added'
  | 'object-removed'
  | 'object-changed'
  | 'quota-added'
  | 'quota-removed'
  | 'quota-changed'
  | 'resource-added'
  | 'resource-removed'
  | 'resource-changed'
  | 'relation-added'
  | 'relation-removed'
  | 'relation-changed'
  | 'exception-added'
  | 'exception-removed'
  | 'exception-changed'
  | 'rule-added'
  | 'rule-removed'
  | 'rule-changed'
  | 'tiers-changed'
  | 'tier-added'
  | 'tier-removed'
  | 'tier-changed'
  | 'delegation-changed'
  | 'reach-changed';

/** A value before or after a change; null when there was none (absent, unset or unlimited). */
export type ChangeValue = string | number | boolean | null | readonly ChangeValue[] | { readonly [key: string]: ChangeValue };

export interface Change {
  /** The policy's name (its folder's name). */
  policy: string;
  kind: ChangeKind;
  impact: Impact;
  /** The role concerned: its id on the head side, or on the base side when it was removed. */
  role?: string;
  permission?: string;
  member?: string;
  scale?: string;
  group?: string;
  plan?: string;
  feature?: string;
  /** An add-on, product switch or account fact (`switches:`). */
  switch?: string;
  /** A request context (`contexts:`). */
  context?: string;
  /** An object kind (`objects:`). */
  object?: string;
  /** A quota (`quotas:`). */
  quota?: string;
  resource?: string;
  /** A relation the policy declares (`relations:`). */
  relation?: string;
  exception?: string;
  /** A cross-field rule of the policy (`rules:`). */
  rule?: string;
  /** A tier node. */
  tier?: string;
  /** Which attribute changed, for the *-changed kinds (e.g. "admin", "maxRoles", "adminOnly"). */
  field?: string;
  from?: ChangeValue;
  to?: ChangeValue;
  /** Why the role holds (or held) the value: own grant, inherited from a parent, implied by a permission. */
  cause?: string;
  /** For role-added: the permissions the new role holds above their lowest value. */
  grants?: Record<string, ChangeValue>;
  /** The change in one line of plain words (not escaped for any output language). */
  message: string;
}

export type ImpactCounts = Record<Impact, number>;

export function countImpacts(changes: readonly Change[]): ImpactCounts {
  const counts: ImpactCounts = { escalation: 0, restriction: 0, neutral: 0 };
  for (const c of changes) counts[c.impact]++;
  return counts;
}

/** Escalations first, then restrictions, then neutral changes; otherwise the order given. */
export function byImpact(changes: readonly Change[]): Change[] {
  return changes
    .map((c, i) => ({ c, i }))
    // Stryker disable next-line ArithmeticOperator: sort is stable, so the tie-break restates the given order; a + b (always "after") leaves V8's order the same.
    .sort((a, b) => IMPACTS.indexOf(a.c.impact) - IMPACTS.indexOf(b.c.impact) || a.i - b.i)
    .map((x) => x.c);
}

/** "3 escalations, 1 restriction, 2 neutral changes" (parts with zero are left out). */
export function summarizeCounts(counts: ImpactCounts): string {
  const parts: string[] = [];
  if (counts.escalation) parts.push(`${counts.escalation} escalation${counts.escalation === 1 ? '' : 's'}`);
  if (counts.restriction) parts.push(`${counts.restriction} restriction${counts.restriction === 1 ? '' : 's'}`);
  if (counts.neutral) parts.push(`${counts.neutral} neutral change${counts.neutral === 1 ? '' : 's'}`);
  return parts.length ? parts.join(', ') : 'no changes';
}

/** How a gain and a loss of access combine: any gain is an escalation, since it can be used. */
export function impactOf(gained: boolean, lost: boolean): Impact {
  return gained ? 'escalation' : lost ? 'restriction' : 'neutral';
}

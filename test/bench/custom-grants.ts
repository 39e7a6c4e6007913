// What the benchmarks may grant a custom role at random and still have account data that
// openAccount accepts: the permission shapes of the IR (and of policy.json, which prints it).

interface PermissionShape {
  kind: string;
  levels: string[];
  adminOnly: boolean;
  ownerOnly: boolean;
  single?: boolean;
  perObject?: string;
}

interface PolicyShape {
  permissions: Record<string, PermissionShape>;
  delegation: { manageRoles: { permission: string }[]; assignRoles: { permission: string }[] };
  rules: Record<string, { if: unknown; severity: string }>;
}

/** Whether a custom role may hold the permission at all (admin- and owner-only ones it may not). */
export function customMayHold(p: PermissionShape): boolean {
  return !p.adminOnly && !p.ownerOnly;
}

/**
 * Permissions a random custom role keeps at their lowest value: the powers to manage or assign
 * roles (a role holding one must hold what every role it reaches holds) and what an error rule
 * makes conditional (`if` held without its `then` is refused).
 */
export function keptLowest(policy: PolicyShape): Set<string> {
  const kept = new Set([...policy.delegation.manageRoles, ...policy.delegation.assignRoles].map((c) => c.permission));
  for (const rule of Object.values(policy.rules)) {
    const when = rule.if as { permission?: string };
    if (rule.severity === 'error' && when.permission !== undefined) kept.add(when.permission);
  }
  return kept;
}

/** Whether values of the permission are lists of actions (an action set, not a scale of options). */
export function isActionList(p: PermissionShape): boolean {
  return p.kind === 'actions' && !p.single;
}

/** The permission's lowest value: no action, or the first level or option. */
export function lowestValue(p: PermissionShape): string | string[] {
  return isActionList(p) ? [] : p.levels[0]!;
}

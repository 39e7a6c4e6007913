// Pairs the roles of two versions of a policy. Roles with the same id are the same role. Of the
// rest, a removed role and an added role with identical effective grants (and, where members are
// listed, held by the same members) are one role whose id changed: a rename, not a removal plus
// an addition, so the review shows one neutral change instead of a loss and a gain.

import type { ResolvedPolicy } from '../ir.js';
import { compareValues, sameSet, scaleOf } from './compare.js';

export interface RoleMatch {
  roleMap: Map<string, string>;
  addedRoles: string[];
  removedRoles: string[];
  renamedRoles: [string, string][];
}

export function matchRoles(base: ResolvedPolicy, head: ResolvedPolicy): RoleMatch {
  const roleMap = new Map<string, string>();
  for (const id of Object.keys(base.roles)) if (Object.hasOwn(head.roles, id)) roleMap.set(id, id);
  const removed = Object.keys(base.roles).filter((id) => !roleMap.has(id));
  const added = Object.keys(head.roles).filter((id) => !Object.hasOwn(base.roles, id));
  const renamedRoles: [string, string][] = [];
  const taken = new Set<string>();
  for (const from of removed) {
    const candidates = added.filter(
      // Without members on either side every role is held by nobody, so the members agree.
      (to) => !taken.has(to) && sameGrants(base, from, head, to) && sameSet(holders(base, from), holders(head, to)),
    );
    // Several identical candidates: the one that kept its display name, else the first declared.
    const to = candidates.find((c) => head.roles[c]!.name === base.roles[from]!.name) ?? candidates[0];
    if (to === undefined) continue;
    taken.add(to);
    roleMap.set(from, to);
    renamedRoles.push([from, to]);
  }
  return {
    roleMap,
    addedRoles: added.filter((id) => !taken.has(id)),
    removedRoles: removed.filter((id) => !roleMap.has(id)),
    renamedRoles,
  };
}

function sameGrants(base: ResolvedPolicy, from: string, head: ResolvedPolicy, to: string): boolean {
  const a = base.roles[from]!.grants;
  const b = head.roles[to]!.grants;
  const permissions = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const p of permissions) {
    const d = compareValues(scaleOf(base, p), a[p], scaleOf(head, p), b[p]);
    if (d.gained || d.lost) return false;
  }
  return true;
}

function holders(ir: ResolvedPolicy, role: string): string[] {
  return Object.entries(ir.members)
    .filter(([, m]) => m.roles.includes(role))
    .map(([id]) => id);
}

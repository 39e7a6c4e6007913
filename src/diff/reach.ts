// What each role can do to other roles through delegation: whether it may manage roles (create,
// edit, delete) or assign them, and which roles it can then touch. Following the subset rule, a
// role reaches another role only if it holds at least everything that role holds; protected roles
// (owner, admin, or with an editableBy list) are out of reach except for the roles their
// editableBy names. No role reaches itself. Owner roles reach every other role.

import type { Condition, ResolvedPolicy } from '../ir.js';
import { covers, satisfies } from '../resolve/values.js';

export interface Reach {
  manageRoles: boolean;
  assignRoles: boolean;
  /** Roles this role can edit or hand out, in declaration order; empty when it can do neither. */
  roles: string[];
}

export function delegationReach(ir: ResolvedPolicy): Record<string, Reach> {
  const out: Record<string, Reach> = {};
  for (const [id, role] of Object.entries(ir.roles)) {
    const holds = (c: Condition): boolean => {
      const p = ir.permissions[c.permission];
      const v = role.grants[c.permission];
      return p !== undefined && v !== undefined && satisfies(ir.scales[p.scale]!, v, c.atLeast);
    };
    const manageRoles = ir.delegation.manageRoles.some(holds);
    const assignRoles = ir.delegation.assignRoles.some(holds);
    const roles =
      manageRoles || assignRoles
        ? Object.entries(ir.roles)
            .filter(([other, r]) => {
              if (other === id) return false;
              if (role.kind === 'owner') return true;
              if (r.protected && !r.editableBy.includes(id)) return false;
              return Object.entries(r.grants).every(([p, v]) => {
                const s = ir.scales[ir.permissions[p]!.scale]!;
                return covers(s, role.grants[p]!, v);
              });
            })
            .map(([other]) => other)
        : [];
    out[id] = { manageRoles, assignRoles, roles };
  }
  return out;
}

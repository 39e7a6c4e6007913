// What each role can do to other roles through delegation, in the terms of the delegation model
// that the escalation analysis proves things about (src/analyze/delegation.ts): whether it may
// manage or assign roles, which roles a member holding it can hand out or come to hold through a
// chain of allowed steps, and which roles that chain can edit.

import { canAssignRoles, canManageRoles, reachFrom } from '../analyze/delegation.js';
import type { ResolvedPolicy } from '../ir.js';

export interface Reach {
  manageRoles: boolean;
  assignRoles: boolean;
  /** Other roles that can be handed out starting from a member of this role, in declaration order. */
  assigns: string[];
  /** Roles that can be edited starting from a member of this role, in declaration order. */
  edits: string[];
}

export function delegationReach(ir: ResolvedPolicy): Record<string, Reach> {
  const ids = Object.keys(ir.roles);
  const out: Record<string, Reach> = {};
  for (const id of ids) {
    const r = reachFrom(ir, id);
    out[id] = {
      manageRoles: canManageRoles(ir, id),
      assignRoles: canAssignRoles(ir, id),
      assigns: ids.filter((x) => x !== id && r.held.has(x)),
      edits: ids.filter((x) => r.edited.has(x)),
    };
  }
  return out;
}

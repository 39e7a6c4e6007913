// Role management: who may manage and assign roles, which roles are never cloned, and who may
// edit each protected role.

import type { Condition } from '../../ir.js';
import { satisfies } from '../../resolve/values.js';
import type { DocsPart } from './part.js';

export const delegation: DocsPart = {
  name: 'delegation',
  partials: ['delegation'],
  view: ({ ir, roleIds, roleName, condition, scaleOf }) => {
    const d = ir.delegation;
    const holdsAny = (role: string, conds: Condition[]): boolean =>
      ir.roles[role]!.kind === 'owner' || conds.some((c) => satisfies(scaleOf(c.permission), ir.roles[role]!.grants[c.permission]!, c.atLeast));
    const protectedRoles = roleIds.filter((r) => ir.roles[r]!.protected);
    const owners = roleIds.filter((r) => ir.roles[r]!.kind === 'owner');
    const ownerWords = owners.length ? owners.map(roleName).join(', ') : 'owner roles';
    return {
      delegation:
        d.manageRoles.length === 0 && d.assignRoles.length === 0 && !d.cloneRoles && protectedRoles.every((r) => ir.roles[r]!.kind === 'owner')
          ? null
          : {
              manageMd: d.manageRoles.length ? d.manageRoles.map(condition).join('; or ') : null,
              assignMd: d.assignRoles.length ? d.assignRoles.map(condition).join('; or ') : null,
              managersMd: roleIds.filter((r) => holdsAny(r, d.manageRoles)).map(roleName).join(', ') || 'none',
              assignersMd: roleIds.filter((r) => holdsAny(r, d.assignRoles)).map(roleName).join(', ') || 'none',
              ownersMd: ownerWords,
              // Roles that are never cloned: owner and admin roles, then the policy's exceptions.
              neverClonedMd: d.cloneRoles
                ? [...new Set([...roleIds.filter((r) => ir.roles[r]!.kind === 'owner' || ir.roles[r]!.admin), ...d.cloneRoles.except])].map(roleName).join(', ') || 'none'
                : null,
              protected: protectedRoles.map((id) => {
                const r = ir.roles[id]!;
                let who: string;
                if (r.kind === 'owner') who = `owner roles only (${ownerWords})`;
                else if (r.editableBy.length)
                  who = [...new Set([...owners, ...r.editableBy])]
                    .filter((x) => ir.roles[x])
                    .map(roleName)
                    .join(', ');
                else if (r.admin)
                  who = `owner and admin roles (${roleIds
                    .filter((x) => ir.roles[x]!.kind === 'owner' || ir.roles[x]!.admin)
                    .map(roleName)
                    .join(', ')})`;
                else who = ownerWords;
                return { id, name: r.name, whyMd: r.kind === 'owner' ? 'owner role' : r.editableBy.length ? 'has an editable-by list' : r.admin ? 'admin role' : 'protected', whoMd: who };
              }),
            },
    };
  },
};

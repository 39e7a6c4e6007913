// Limits: how many roles and custom roles, owners and roles per member; reserved and look-alike
// names; the default role for invitees.

import type { DocsPart } from './part.js';
import { LIMIT_NAMES } from './plans.js';

export const limits: DocsPart = {
  name: 'limits',
  partials: [],
  view: ({ ir, md, planLabel, roleName }) => {
    const limits: { name: string; value: string }[] = [];
    const l = ir.limits;
    const onPlan = (limit: string): string =>
      Object.hasOwn(l.byPlan, limit) && ir.plan !== null ? ` on the account's plan (${planLabel(ir.plan)}); depends on the plan, see Plans and features` : '';
    if (l.maxRoles !== null) limits.push({ name: LIMIT_NAMES.maxRoles!, value: `${l.maxRoles}${onPlan('maxRoles')}` });
    if (l.maxCustomRoles !== null) limits.push({ name: LIMIT_NAMES.maxCustomRoles!, value: `${l.maxCustomRoles}${onPlan('maxCustomRoles')}` });
    limits.push({ name: 'Fewest members holding an owner role', value: String(l.minOwners) });
    limits.push({
      name: 'Roles per member',
      value:
        l.rolesPerMember.max === null
          ? `at least ${l.rolesPerMember.min}`
          : l.rolesPerMember.min === l.rolesPerMember.max
            ? `exactly ${l.rolesPerMember.min}`
            : `${l.rolesPerMember.min} to ${l.rolesPerMember.max}`,
    });
    if (l.reservedNames.length) limits.push({ name: 'Reserved names', value: l.reservedNames.map(md).join(', ') });
    if (l.distinctNames === 'lookalike') limits.push({ name: 'Custom role names', value: "unique, and not a look-alike of another role's name" });
    if (ir.defaultRole) limits.push({ name: 'Default role for invitees', value: roleName(ir.defaultRole) });
    return { limits };
  },
};

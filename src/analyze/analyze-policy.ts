// Runs every safety rule over the resolved policy. Rules only add diagnostics; none changes the IR.

import type { AnalysisRule, RuleContext } from './rule.js';
import { adminOnlyGrant, ownerOnlyGrant } from './rules/admin-only-grant.js';
import { crossField } from './rules/cross-field.js';
import { defaultRole } from './rules/default-role.js';
import { escalationPath, escalationSubset, protectedRole, selfReach } from './rules/escalation.js';
import { memberRoles } from './rules/member-roles.js';
import { nameDuplicate } from './rules/name-duplicate.js';
import { nameLookalike } from './rules/name-lookalike.js';
import { nameReserved } from './rules/name-reserved.js';
import { ownerMembers } from './rules/owner-members.js';
import { ownerMissing } from './rules/owner-missing.js';
import { customRoleCap, roleCap } from './rules/role-cap.js';

export const ANALYSIS_RULES: readonly AnalysisRule[] = [
  ownerMissing,
  ownerMembers,
  roleCap,
  customRoleCap,
  nameDuplicate,
  nameReserved,
  nameLookalike,
  adminOnlyGrant,
  ownerOnlyGrant,
  memberRoles,
  defaultRole,
  crossField,
  selfReach,
  protectedRole,
  escalationSubset,
  escalationPath,
];

export function analyzePolicy(ctx: RuleContext): void {
  for (const rule of ANALYSIS_RULES) rule(ctx);
}

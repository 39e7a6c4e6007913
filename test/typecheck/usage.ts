// Compiled by test/typecheck/typecheck.test.ts with `tsc --noEmit` under strict settings and no
// @types: generated guards must type-check on their own, and misuse must not compile.

import { can, canId, isRole, LEVEL_ID, LEVELS, levelOf, PERMISSION_ID, POLICY_VERSION, ROLE_ID, roleId, ROLES, type LevelOf, type Role } from '../golden/expected/helpdesk/guards.ts';

export const version: string = POLICY_VERSION;
export const roles: readonly Role[] = ROLES;
export const a: boolean = can('agent', 'tickets.view', 'edit');
export const b: boolean = can(['agent', 'analyst'], 'tickets.reports', 'export');
export const c: boolean = can('owner', 'account.delete');
export const lvl: 'off' | 'read' | 'edit' | undefined = levelOf('agent', 'tickets.view');
export const acts: readonly ('read' | 'create' | 'update' | 'delete' | 'export')[] | undefined = levelOf('admin', 'tickets.reports');
export const levels: readonly LevelOf<'tickets.view'>[] = LEVELS['tickets.view'];
export function fromDatabase(id: string): boolean {
  return isRole(id) && can(id, 'tickets.view', 'read');
}
export const fast: boolean = canId(ROLE_ID.agent, PERMISSION_ID['tickets.view'], LEVEL_ID['tickets.view'].edit);
export const converted: boolean = canId(roleId('agent'), PERMISSION_ID['tickets.reports'], LEVEL_ID['tickets.reports'].export);

// @ts-expect-error a misspelt role is a compile error
export const badRole = can('agnet', 'tickets.view');
// @ts-expect-error a misspelt permission is a compile error
export const badPermission = can('agent', 'tickets.veiw');
// @ts-expect-error a level of another scale is a compile error
export const badLevel = can('agent', 'tickets.view', 'on');
// @ts-expect-error an action that the permission does not have is a compile error
export const badAction = can('agent', 'tickets.reports', 'edit');
// @ts-expect-error a plain string is not a Role without a check
export const unchecked = can('agent' as string, 'tickets.view');
// @ts-expect-error levelOf returns the level type of that permission only
export const wrongType: 'off' | 'on' | undefined = levelOf('agent', 'tickets.view');
// @ts-expect-error a misspelt role has no integer id
export const badRoleId = ROLE_ID.agnet;
// @ts-expect-error a level of another permission has no integer id here
export const badLevelId = LEVEL_ID['account.delete'].edit;

// Compiled by test/typecheck/typecheck.test.ts with `tsc --noEmit` under strict settings and no
// @types: generated guards must type-check on their own, and misuse must not compile.

import { canAccess as zendeskCanAccess, type SqlColumns as ZendeskColumns } from '../../generated/zendesk/guards.ts';
import { can, canAssignRole, canId, customRoleId, inContext, isRole, openAccount, LEVEL_ID, LEVELS, levelOf, PERMISSION_ID, POLICY_VERSION, ROLE_ID, roleId, ROLES, type AccountData, type LevelOf, type Role } from '../golden/expected/helpdesk/guards.ts';
import * as zendesk from '../../generated/zendesk/guards.ts';

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

// Role ids in actors and validators are typed: a policy role, or a custom role id made explicit.
export const assign = canAssignRole({ id: 'a', roles: ['admin'] }, { id: 'b', roles: ['agent'] }, 'analyst');
export const custom = canAssignRole({ id: 'a', roles: ['admin'] }, { id: 'b', roles: [customRoleId('night_shift')] }, 'agent');
// @ts-expect-error a misspelt role in an actor is a compile error
export const badActor = canAssignRole({ id: 'a', roles: ['admnin'] }, { id: 'b', roles: ['agent'] }, 'analyst');
// @ts-expect-error a misspelt role to assign is a compile error
export const badAssign = canAssignRole({ id: 'a', roles: ['admin'] }, { id: 'b', roles: ['agent'] }, 'analsyt');

// Account data is typed per policy, and the account's answers keep the permission and level types.
const data: AccountData = { customRoles: [{ id: 'night', name: 'Night shift', grants: { 'tickets.view': 'read' } }], members: [{ id: 'm1', roles: ['night'] }] };
const opened = openAccount(data);
export const viaAccount: boolean = opened.ok && opened.account.memberCan('m1', 'tickets.view', 'read');
// @ts-expect-error a grant value outside the permission's scale is a compile error in typed data
export const badData: AccountData = { customRoles: [{ id: 'x', name: 'X', grants: { 'tickets.view': 'on' } }] };
// @ts-expect-error the account's answers keep the level types
export const badAccountLevel = opened.ok && opened.account.can('agent', 'tickets.view', 'on');

// Request contexts are typed per policy: this one declares none, so no context can be named.
// @ts-expect-error a context the policy does not declare is a compile error
export const badContext = inContext('api').can('agent', 'tickets.view', 'read');

// Permissions held per object: the question names the object, a typed { object } (and a plan).
export const zObject: boolean = zendesk.can('team_lead', 'custom_objects.records', 'edit', { object: 'car' });
export const zObjectPlan: boolean = zendesk.can('admin', 'custom_objects.records', 'view', { object: 'car', plan: 'enterprise' });
export const zObjectLevel = zendesk.levelOf('team_lead', 'custom_objects.records', { object: 'car' });
export const zPlain: boolean = zendesk.can('admin', 'tickets.manage_forms', 'on', 'enterprise');
// @ts-expect-error a per-object permission asked without its object is a compile error
export const zNoObject = zendesk.can('admin', 'custom_objects.records', 'view');
// @ts-expect-error levelOf of a per-object permission needs the object
export const zNoObjectLevel = zendesk.levelOf('admin', 'custom_objects.records');
// @ts-expect-error an object on a permission that is not held per object is a compile error
export const zObjectOnPlain = zendesk.can('admin', 'tickets.manage_forms', 'on', { object: 'car' });
// @ts-expect-error an action the per-object permission does not have is a compile error
export const zBadAction = zendesk.can('admin', 'custom_objects.records', 'export', { object: 'car' });
export const zData: zendesk.AccountData = { objects: { custom_object: ['car'] }, customRoles: [{ id: 'fleet', name: 'Fleet', grants: { 'custom_objects.records:car': ['edit'] } }] };
// @ts-expect-error a grant on an object takes the permission's actions only
export const zBadData: zendesk.AccountData = { customRoles: [{ id: 'fleet', name: 'Fleet', grants: { 'custom_objects.records:car': ['export'] } }] };
// @ts-expect-error an object kind the policy does not declare is a compile error in typed data
export const zBadKind: zendesk.AccountData = { objects: { vehicles: ['car'] } };
// Declared relations: the attributes they read are typed fields of the actor and the resource,
// and columns of toSql (Zendesk's same_brand: an agent's brands, a ticket's brand).
export const brandAssign: boolean = zendeskCanAccess({ id: 'a', roles: ['partner_agent'], brands: ['shoes'] }, { kind: 'ticket', brand: 'shoes' }, 'assign_to_brand', 'enterprise');
// @ts-expect-error an actor's brands are strings
export const badBrands = zendeskCanAccess({ id: 'a', roles: ['partner_agent'], brands: [1] }, { kind: 'ticket', brand: 'shoes' }, 'assign_to_brand');
export const brandColumn: ZendeskColumns = { brand: 'brand_id' };
// @ts-expect-error an attribute the policy does not declare has no column
export const badColumn: ZendeskColumns = { brnd: 'brand_id' };

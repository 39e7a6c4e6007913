// Members: role ids (the policy's and an account's custom ones), members as a product stores them,
// the actor who asks and the resource asked about, with the attributes declared relations read.

import { doc, lit, resourceAttributeType } from './helpers.js';
import type { GuardsPart } from './part.js';

export const members: GuardsPart = {
  types: ({ ir, resourceAttributes }) => [
    doc('The id of a role an account created at run time. Ids read from data become one with `customRoleId(id)`, so that a misspelt builtin role id stays a compile error.'),
    'export type CustomRoleId = string & { readonly __customRoleId: true };',
    doc('A role id: a role of the policy, or a custom role of an account.'),
    'export type RoleId = Role | CustomRoleId;',
    doc('A member as stored by the product: role ids and, with tiers, the node they belong to.'),
    'export interface Member {',
    '  readonly roles: readonly RoleId[];',
    '  readonly tier?: TierNode | (string & {}) | null;',
    '}',
    doc('A member who acts (or whose roles change): id, role ids and what relations are measured against.'),
    'export interface Actor extends Member, ActorAttributes {',
    '  readonly id: string;',
    '  readonly groups?: readonly string[];',
    '  readonly organization?: string | null;',
    '}',
    doc('One resource, with the attributes relations are measured on.'),
    'export interface Resource<K extends ResourceKind = ResourceKind> {',
    '  readonly kind: K;',
    '  readonly assignee?: string | null;',
    '  readonly followers?: readonly string[];',
    '  readonly formerAssignees?: readonly string[];',
    '  readonly group?: string | null;',
    '  readonly organization?: string | null;',
    '  readonly tier?: TierNode | (string & {}) | null;',
    '  readonly private?: boolean;',
    // An attribute that relations read as a list (`many`) holds the resource's values.
    ...resourceAttributes.map((a) => `  readonly ${lit(a)}?: ${resourceAttributeType(ir, a)};`),
    '}',
  ],
};

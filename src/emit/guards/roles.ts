// Roles: the role ids, their display names and integer ids.

import { doc, idMap, lit, union } from './helpers.js';
import type { GuardsPart } from './part.js';

export const roles: GuardsPart = {
  types: ({ data }) => [doc('Every role id of the policy.'), `export type Role = ${union(data.roles)};`],
  idLists: ({ data }) => [doc('Role ids in declaration order.'), `export const ROLES: readonly Role[] = Object.freeze([${data.roles.map(lit).join(', ')}]);`],
  idNames: ({ ir, data }) => [doc('Display name of each role.'), 'export const ROLE_NAMES: Readonly<Record<Role, string>> = Object.freeze({', ...data.roles.map((r) => `  ${lit(r)}: ${lit(ir.roles[r]!.name)},`), '});'],
  constants: ({ data }) => [doc('Integer id of each role (its position in ROLES), for `canId`.'), `export const ROLE_ID = ${idMap(data.roles)};`],
};

// Objects: the kinds of objects an account defines, the permissions held per object, how a
// question names its object, the grants of a role (keyed per object for per-object permissions)
// and the policy's default objects.

import { doc, lit, union } from './helpers.js';
import type { GuardsPart } from './part.js';

export const objects: GuardsPart = {
  types: ({ ir, data, permissions: perms }) => [
    doc('Permissions held separately for each object an account defines (perObject); questions about them name the object.'),
    `export type ObjectPermission = ${union(perms.filter((p) => ir.permissions[p]!.perObject !== undefined))};`,
    doc('Kinds of objects an account defines (never: the policy has none).'),
    `export type ObjectKind = ${union(data.objectKinds)};`,
    doc('Which object a question about a per-object permission is about (an object the account defines; any other is denied), and the plan.'),
    'export interface On {',
    '  readonly object: string;',
    '  readonly plan?: Plan;',
    '}',
    doc('What follows the permission in can and memberCan: a per-object permission needs the object (On); the others take a level and a plan.'),
    'export type Ask<P extends Permission> = [P] extends [never] ? [atLeast?: LevelOf<P>, plan?: Plan | On] : P extends ObjectPermission ? [atLeast: LevelOf<P> | undefined, on: On] : [atLeast?: LevelOf<P>, plan?: Plan];',
    doc('As Ask, for an account (whose plan is its own).'),
    'export type AccountAsk<P extends Permission> = [P] extends [never] ? [atLeast?: LevelOf<P>, on?: { readonly object: string }] : P extends ObjectPermission ? [atLeast: LevelOf<P> | undefined, on: { readonly object: string }] : [atLeast?: LevelOf<P>];',
    doc('What follows the permission in levelOf and memberValue: the object, for a per-object permission.'),
    'export type OnArg<P extends Permission> = [P] extends [never] ? [on?: { readonly object: string }] : P extends ObjectPermission ? [on: { readonly object: string }] : [];',
    doc('Values of every permission, as a role holds them.'),
    'export type Grants = { [P in Permission]: ValueOf<P> };',
    doc('Grants of single objects, keyed "<permission>:<object>" (a per-object permission itself takes no grant in account data).'),
    'export type ObjectGrants = { readonly [P in ObjectPermission as `${P}:${string}`]?: ValueOf<P> };',
  ],
  tables: ({ data }) => [
    doc("Object kinds, and the objects of each that the static guards answer for (the policy's defaults)."),
    `export const OBJECTS: { readonly [K in ObjectKind]: readonly string[] } = Object.freeze({ ${data.objectKinds.map((k, i) => `${lit(k)}: Object.freeze([${data.objects[i]!.map(lit).join(', ')}])`).join(', ')} });`,
  ],
};

// Permissions: their ids and levels (ordered scales) or actions (action sets), the value types a
// role or member holds, and their integer ids for canId.

import type { ResolvedPolicy } from '../../ir.js';
import { doc, idMap, lit, union } from './helpers.js';
import type { GuardsPart } from './part.js';

export const permissions: GuardsPart = {
  types: ({ ir, permissions: perms }) => [
    doc('Every permission id of the policy.'),
    `export type Permission = ${union(perms)};`,
    doc('The levels (ordered scales) or actions (action sets) of each permission.'),
    'export interface Levels {',
    ...perms.flatMap((p) => [doc(permissionDoc(ir, p), '  '), `  readonly ${lit(p)}: ${union(ir.permissions[p]!.levels)};`]),
    '}',
    doc('A level of permission P: what `can(..., P, level)` accepts.'),
    'export type LevelOf<P extends Permission> = Levels[P];',
    doc('Permissions whose value is a set of actions rather than one level.'),
    `export type ActionPermission = ${union(perms.filter((p) => ir.permissions[p]!.kind === 'actions' && !ir.permissions[p]!.single))};`,
    doc('Permissions whose value is one option of several, each bringing the options it includes.'),
    `export type OptionPermission = ${union(perms.filter((p) => ir.permissions[p]!.single))};`,
    doc('What a role holds of permission P: a level, one option ([] for none), or the list of actions for action sets.'),
    'export type ValueOf<P extends Permission> = P extends ActionPermission ? readonly Levels[P][] : P extends OptionPermission ? Levels[P] | readonly [] : Levels[P];',
    doc('What a member holds of permission P: as ValueOf, except that roles holding options that do not include each other give the list of the options held.'),
    'export type MemberValueOf<P extends Permission> = P extends OptionPermission ? Levels[P] | readonly Levels[P][] : ValueOf<P>;',
  ],
  idLists: ({ permissions: perms }) => [doc('Permission ids in declaration order.'), `export const PERMISSIONS: readonly Permission[] = Object.freeze([${perms.map(lit).join(', ')}]);`],
  idNames: ({ ir, permissions: perms }) => [
    doc('Levels of each permission, lowest first; the actions of action sets.'),
    'export const LEVELS: { readonly [P in Permission]: readonly LevelOf<P>[] } = Object.freeze({',
    ...perms.map((p) => `  ${lit(p)}: Object.freeze([${ir.permissions[p]!.levels.map(lit).join(', ')}] as const),`),
    '});',
  ],
  constants: ({ ir, permissions: perms }) => [
    doc('Integer id of each permission (its position in PERMISSIONS), for `canId`.'),
    `export const PERMISSION_ID = ${idMap(perms)};`,
    doc('Integer id of each level (ordered scales) or action (action sets) of each permission: its position in LEVELS[permission], for `canId`.'),
    'export const LEVEL_ID = Object.freeze({',
    ...perms.map((p) => `  ${lit(p)}: ${idMap(ir.permissions[p]!.levels)},`),
    '});',
  ],
};

/** The doc comment of a permission in Levels: group, label, flags, description, object, contexts and switches. */
function permissionDoc(ir: ResolvedPolicy, id: string): string {
  const p = ir.permissions[id]!;
  const group = p.group ? ir.groups[p.group]!.label + ' / ' : '';
  const flags = [p.adminOnly ? 'admin-only' : '', p.ownerOnly ? 'owner-only' : ''].filter(Boolean);
  const lines = [`${group}${p.label}${flags.length ? ` (${flags.join(', ')})` : ''}`];
  if (p.description) lines.push('', p.description);
  if (p.perObject !== undefined) lines.push('', `Held per ${ir.objects[p.perObject]!.label} (${p.perObject}): ask about one object with \`{ object }\`; an object the account does not define is denied.`);
  if (p.contexts.length) lines.push('', `Only in ${p.contexts.length > 1 ? 'these contexts' : 'this context'}: ${p.contexts.map((id) => `${ir.contexts[id]!.label} (${id})`).join(', ')}; denied in the others.`);
  if (p.requires.length) lines.push('', `Denied unless ${p.requires.length > 1 ? 'these switches are' : 'this switch is'} on: ${p.requires.map((id) => `${ir.switches[id]!.label} (${id})`).join(', ')}.`);
  return lines.join('\n');
}

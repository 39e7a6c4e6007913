// Emits generated/<name>/guards.ts with ts-morph: literal-union types, the grants as a typed array
// indexed by role and permission, and guard functions that deny (never throw on) unknown ids.

import {
  IndentationText,
  Project,
  StructureKind,
  VariableDeclarationKind,
  type FunctionDeclarationStructure,
  type InterfaceDeclarationStructure,
  type OptionalKind,
  type SourceFile,
  type StatementStructures,
  type TypeAliasDeclarationStructure,
  type VariableStatementStructure,
  type WriterFunction,
} from 'ts-morph';
import type { ResolvedPolicy } from '../ir.js';
import { jsDocText, tsString } from './escape.js';
import { emitAccess, emitMemberCan, emitPlans, emitTiers } from './guards-access.js';
import { emitDelegation } from './guards-delegation.js';

import { DO_NOT_EDIT } from './header.js';

export function emitGuards(ir: ResolvedPolicy, sourceDir: string): string {
  const project = new Project({ useInMemoryFileSystem: true, manipulationSettings: { useTrailingCommas: true, indentationText: IndentationText.TwoSpaces } });
  const file = new Statements();
  const roles = Object.keys(ir.roles);
  const perms = Object.keys(ir.permissions);
  const lit = (s: string): string => tsString(s);
  const union = (xs: readonly string[]): string => (xs.length ? xs.map(lit).join(' | ') : 'never');

  file.addStatements([
    `// ${DO_NOT_EDIT}`,
    `// Source: ${jsDocText(sourceDir).replace(/\n/g, ' ')}. Regenerate with \`npx policyc build\`.`,
    '// Zero dependencies: this module imports nothing.',
  ]);
  if (ir.description) {
    file.addStatements((w) => w.writeLine('/**').writeLine(docLines(`${ir.title}\n\n${ir.description}`)).writeLine(' */'));
  }
  file.addVariableStatement({
    isExported: true,
    declarationKind: VariableDeclarationKind.Const,
    docs: ['Content hash of the resolved policy. Sessions built on another version should be renewed.'],
    declarations: [{ name: 'POLICY_VERSION', initializer: lit(ir.version) }],
  });

  file.addTypeAlias({ isExported: true, name: 'Role', type: union(roles), docs: ['Every role id of the policy.'] });
  file.addTypeAlias({ isExported: true, name: 'Permission', type: union(perms), docs: ['Every permission id of the policy.'] });
  file.addInterface({
    isExported: true,
    name: 'Levels',
    docs: ['The levels (ordered scales) or actions (action sets) of each permission.'],
    properties: perms.map((p) => {
      const perm = ir.permissions[p]!;
      return {
        name: lit(p),
        type: union(perm.levels),
        isReadonly: true,
        docs: [permissionDoc(ir, p)],
      };
    }),
  });
  file.addTypeAlias({
    isExported: true,
    name: 'LevelOf',
    typeParameters: [{ name: 'P', constraint: 'Permission' }],
    type: 'Levels[P]',
    docs: ['A level of permission P: what `can(..., P, level)` accepts.'],
  });
  const actionPerms = perms.filter((p) => ir.permissions[p]!.kind === 'actions');
  file.addTypeAlias({
    isExported: true,
    name: 'ActionPermission',
    type: union(actionPerms),
    docs: ['Permissions whose value is a set of actions rather than one level.'],
  });
  file.addTypeAlias({
    isExported: true,
    name: 'ValueOf',
    typeParameters: [{ name: 'P', constraint: 'Permission' }],
    type: 'P extends ActionPermission ? readonly Levels[P][] : Levels[P]',
    docs: ['What a role holds of permission P: a level, or the list of actions for action sets.'],
  });

  const constant = (name: string, type: string, init: string | WriterFunction, docs: string[], exported = true): void => {
    file.addVariableStatement({
      isExported: exported,
      declarationKind: VariableDeclarationKind.Const,
      docs,
      declarations: [{ name, type, initializer: init }],
    });
  };
  constant('ROLES', 'readonly Role[]', `Object.freeze([${roles.map(lit).join(', ')}])`, ['Role ids in declaration order.']);
  constant('PERMISSIONS', 'readonly Permission[]', `Object.freeze([${perms.map(lit).join(', ')}])`, ['Permission ids in declaration order.']);
  constant(
    'ROLE_NAMES',
    'Readonly<Record<Role, string>>',
    (w) => {
      w.write('Object.freeze(').inlineBlock(() => {
        for (const r of roles) w.writeLine(`${lit(r)}: ${lit(ir.roles[r]!.name)},`);
      });
      w.write(')');
    },
    ['Display name of each role.'],
  );
  constant(
    'LEVELS',
    '{ readonly [P in Permission]: readonly LevelOf<P>[] }',
    (w) => {
      w.write('Object.freeze(').inlineBlock(() => {
        for (const p of perms) w.writeLine(`${lit(p)}: Object.freeze([${ir.permissions[p]!.levels.map(lit).join(', ')}] as const),`);
      });
      w.write(')');
    },
    ['Levels of each permission, lowest first; the actions of action sets.'],
  );

  // Integer ids for hot paths: a service converts a member's role ids once (roleId) and then
  // checks with canId, which is a bounds check and one array read.
  const idMap = (xs: readonly string[]): string => `Object.freeze({ ${xs.map((x, i) => `${lit(x)}: ${i}`).join(', ')} } as const)`;
  constant('ROLE_ID', '', idMap(roles), ['Integer id of each role (its position in ROLES), for `canId`.']);
  constant('PERMISSION_ID', '', idMap(perms), ['Integer id of each permission (its position in PERMISSIONS), for `canId`.']);
  constant(
    'LEVEL_ID',
    '',
    (w) => {
      w.write('Object.freeze(').inlineBlock(() => {
        for (const p of perms) w.writeLine(`${lit(p)}: ${idMap(ir.permissions[p]!.levels)},`);
      });
      w.write(')');
    },
    ['Integer id of each level (ordered scales) or action (action sets) of each permission: its position in LEVELS[permission], for `canId`.'],
  );

  // One bit mask per (role, permission): bit i is set when the role reaches level i (ordered
  // scales: every level up to the one held) or holds action i. A check is then one AND for both
  // kinds of scale, with no branch on the kind.
  const levelNames = [...new Set(perms.flatMap((p) => ir.permissions[p]!.levels))];
  const maxBits = Math.max(1, ...perms.map((p) => ir.permissions[p]!.levels.length));
  const maskArray = maxBits <= 8 ? 'Uint8Array' : maxBits <= 16 ? 'Uint16Array' : 'Uint32Array';
  const stride = perms.length;
  const hasPlans = Object.keys(ir.plans).length > 0;
  if (hasPlans) emitPlans(file, ir);
  if (ir.tiers) emitTiers(file, ir);
  constant('STRIDE', '', String(stride), [], false);
  constant('LEVEL_COUNT', '', String(levelNames.length), [], false);
  constant(
    'HELD',
    '',
    (w) => {
      w.write(`new ${maskArray}([`).newLine();
      w.indent(() => {
        for (const r of roles) w.writeLine(`${perms.map((p) => heldMask(ir, r, p)).join(', ')}, // ${r.replace(/[\r\n]/g, ' ')}`);
      });
      w.write('])');
    },
    [`Role-major: bit i of HELD[role * ${stride} + permission] is set when the role reaches level i or holds action i.`],
    false,
  );
  constant(
    'NEED',
    '',
    (w) => {
      w.write(`new ${maskArray}([`).newLine();
      w.indent(() => {
        for (const p of perms) {
          const levels = ir.permissions[p]!.levels;
          w.writeLine(`${levelNames.map((n) => (levels.includes(n) ? 2 ** levels.indexOf(n) : 0)).join(', ')}, // ${p}`);
        }
      });
      w.write('])');
    },
    [`NEED[permission * ${levelNames.length} + name]: the bit that \`atLeast\` asks for, by levelIndex(atLeast); 0 when that name is no level of the permission.`],
    false,
  );
  constant(
    'ANY',
    '',
    `new ${maskArray}([${perms.map((p) => (ir.permissions[p]!.kind === 'actions' ? 2 ** ir.permissions[p]!.levels.length - 1 : 2)).join(', ')}])`,
    ['What `can` without `atLeast` asks for: level 1 or above (ordered scales), any action (action sets).'],
    false,
  );
  constant(
    'IS_ACTIONS',
    '',
    `new Uint8Array([${perms.map((p) => (ir.permissions[p]!.kind === 'actions' ? 1 : 0)).join(', ')}])`,
    ['1 where the permission is an action set, 0 for ordered scales.'],
    false,
  );
  addIndexFunction(file, 'roleIndex', roles);
  addIndexFunction(file, 'permissionIndex', perms);
  addIndexFunction(file, 'levelIndex', levelNames);

  file.addFunction({
    isExported: true,
    name: 'isRole',
    parameters: [{ name: 'value', type: 'unknown' }],
    returnType: 'value is Role',
    docs: ['Whether a value (for example a role id read from a database) is a role of this policy.'],
    statements: 'return roleIndex(value) >= 0;',
  });
  file.addFunction({
    isExported: true,
    name: 'isPermission',
    parameters: [{ name: 'value', type: 'unknown' }],
    returnType: 'value is Permission',
    docs: ['Whether a value is a permission id of this policy.'],
    statements: 'return permissionIndex(value) >= 0;',
  });
  file.addFunction({
    isExported: true,
    name: 'levelOf',
    typeParameters: [{ name: 'P', constraint: 'Permission' }],
    parameters: [
      { name: 'role', type: 'Role' },
      { name: 'permission', type: 'P' },
    ],
    returnType: 'ValueOf<P> | undefined',
    docs: ['What `role` holds of `permission`: a level, or the actions of an action set. `undefined` for an unknown id.'],
    statements: `const r = roleIndex(role);
const p = permissionIndex(permission);
if (r < 0 || p < 0) return undefined;
const held = HELD[r * STRIDE + p]!;
const levels = LEVELS[permission] as readonly string[];
if (IS_ACTIONS[p] === 0) return levels[31 - Math.clz32(held)] as ValueOf<P>;
return Object.freeze(levels.filter((_, i) => (held & (1 << i)) !== 0)) as unknown as ValueOf<P>;`,
  });
  file.addFunction({
    isExported: true,
    name: 'can',
    typeParameters: [{ name: 'P', constraint: 'Permission' }],
    parameters: [
      { name: 'roles', type: 'Role | readonly Role[]' },
      { name: 'permission', type: 'P' },
      { name: 'atLeast', type: 'LevelOf<P>', hasQuestionToken: true },
      ...(hasPlans ? [{ name: 'plan', type: 'Plan', hasQuestionToken: true }] : []),
    ],
    returnType: 'boolean',
    docs: [
      [
        'Whether the role, or a member holding all of `roles` (the union of their grants), holds',
        '`permission` at `atLeast` or higher; for action sets, whether the action `atLeast` is held.',
        'Without `atLeast`: whether anything above the lowest level (any action) is held.',
        'Unknown roles, permissions and levels are denied.',
        ...(hasPlans ? ['A permission that needs a minimum plan is denied unless `plan` is given and high enough.'] : []),
      ].join('\n'),
    ],
    statements: `const p = permissionIndex(permission);
if (p < 0${hasPlans ? ' || !planAllows(p, plan)' : ''}) return false;
let need: number = ANY[p]!;
if (atLeast !== undefined) {
  const l = levelIndex(atLeast);
  if (l < 0) return false;
  need = NEED[p * LEVEL_COUNT + l]!;
}
if (typeof roles === 'string') return holds(roleIndex(roles), p, need);
if (!Array.isArray(roles)) return false;
for (let i = 0; i < roles.length; i++) {
  if (holds(roleIndex(roles[i]), p, need)) return true;
}
return false;`,
  });
  file.addFunction({
    name: 'holds',
    parameters: [
      { name: 'r', type: 'number' },
      { name: 'p', type: 'number' },
      { name: 'need', type: 'number' },
    ],
    returnType: 'boolean',
    statements: `return r >= 0 && (HELD[r * STRIDE + p]! & need) !== 0;`,
  });
  file.addFunction({
    isExported: true,
    name: 'roleId',
    parameters: [{ name: 'value', type: 'unknown' }],
    returnType: 'number',
    docs: ['The integer id (ROLE_ID) of a role id read from outside, or -1 when it is not a role of this policy.'],
    statements: 'return roleIndex(value);',
  });
  file.addFunction({
    isExported: true,
    name: 'permissionId',
    parameters: [{ name: 'value', type: 'unknown' }],
    returnType: 'number',
    docs: ['The integer id (PERMISSION_ID) of a permission id, or -1 when it is not a permission of this policy.'],
    statements: 'return permissionIndex(value);',
  });
  file.addFunction({
    isExported: true,
    name: 'canId',
    parameters: [
      { name: 'role', type: 'number' },
      { name: 'permission', type: 'number' },
      { name: 'level', type: 'number' },
    ],
    returnType: 'boolean',
    docs: [
      [
        '`can` for integer ids, for hot paths: ROLE_ID (or roleId()), PERMISSION_ID and LEVEL_ID[permission].',
        'Whether the role reaches `level` of an ordered scale, or holds action `level` of an action set.',
        'Ids that are out of range, negative or not integers are denied.',
      ].join('\n'),
    ],
    statements: `if (role >>> 0 !== role || permission >>> 0 !== permission || level >>> 0 !== level) return false;
if (role >= ${roles.length} || permission >= STRIDE || level > 31) return false;
return ((HELD[role * STRIDE + permission]! >>> level) & 1) === 1;`,
  });

  file.addFunction({
    name: 'cellCode',
    parameters: [
      { name: 'r', type: 'number' },
      { name: 'p', type: 'number' },
    ],
    returnType: 'number',
    docs: ['What role r holds of permission p as a code: the level index (ordered scales) or the action bit mask.'],
    statements: `const held = HELD[r * STRIDE + p]!;
return IS_ACTIONS[p] === 1 ? held : 31 - Math.clz32(held);`,
  });
  file.addFunction({
    name: 'levelCode',
    parameters: [
      { name: 'p', type: 'number' },
      { name: 'name', type: 'unknown' },
    ],
    returnType: 'number | undefined',
    docs: ['A level (ordered scales: its index) or action (action sets: its bit) of permission p, as a code; undefined when it is neither.'],
    statements: `const l = levelIndex(name);
if (l < 0) return undefined;
const bit = NEED[p * LEVEL_COUNT + l]!;
if (bit === 0) return undefined;
return IS_ACTIONS[p] === 1 ? bit : 31 - Math.clz32(bit);`,
  });
  emitMemberCan(file, ir);
  if (Object.keys(ir.resources).length > 0) emitAccess(file, ir);
  emitDelegation(file, ir);

  // One insertion of every statement: ts-morph re-parses the file after each insertion, which
  // made large policies (hundreds of kilobytes of tables) quadratic.
  const source = project.createSourceFile('guards.ts', '', { overwrite: true });
  source.addStatements(file.list);
  // ts-morph's formatter costs most of the build time of large policies (1.5 s of 1.9 s at 197 roles
  // x 300 permissions); large guards keep the printer's layout, which differs only in the indentation
  // of multi-line initializers. The choice depends on the size alone, so output stays deterministic.
  if (source.getFullText().length <= FORMAT_MAX_CHARS) source.formatText({ indentSize: 2, convertTabsToSpaces: true });
  return normalizeNewlines(source);
}

/** HELD's bits for one cell: levels 0..held of an ordered scale, or the actions held. */
function heldMask(ir: ResolvedPolicy, role: string, perm: string): number {
  const p = ir.permissions[perm]!;
  const v = ir.roles[role]!.grants[perm]!;
  if (typeof v === 'string') return 2 ** (p.levels.indexOf(v) + 1) - 1;
  return v.reduce((mask, a) => mask + 2 ** p.levels.indexOf(a), 0);
}

/**
 * Sets of ids up to this size are looked up with a `switch`, larger ones in a prototype-free
 * object. Measured with random ids (docs/performance.md, "id lookup"): V8 compiles a string
 * switch to pointer comparisons of interned strings, about 2 ns for 16 ids and 5 ns for 64,
 * where an object or Map lookup costs 8 to 12 ns whatever the size; the crossover lies between
 * 64 and 150 ids depending on the machine's load, so the limit stays on the safe side.
 */
export const SWITCH_MAX_IDS = 64;

/** Guards larger than this (in characters) skip ts-morph's formatter. */
export const FORMAT_MAX_CHARS = 200_000;

/** A private `name(value: unknown): number`: the index of an id in `ids`, or -1. Denies non-strings and prototype keys. */
function addIndexFunction(file: Statements, name: string, ids: readonly string[]): void {
  if (ids.length <= SWITCH_MAX_IDS) {
    file.addFunction({
      name,
      parameters: [{ name: 's', type: 'unknown' }],
      returnType: 'number',
      statements: (w) => {
        // Strict equality: a non-string or a prototype key matches no case.
        w.write('switch (s)').block(() => {
          ids.forEach((id, i) => w.writeLine(`case ${tsString(id)}: return ${i};`));
          w.writeLine('default: return -1;');
        });
      },
    });
    return;
  }
  const table = name.replace(/Index$/, '').replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase() + '_INDEX';
  if (!file.hasFunction('lookup')) {
    file.addFunction({
      name: 'lookup',
      parameters: [{ name: 'entries', type: 'Record<string, number>' }],
      returnType: 'Readonly<Record<string, number | undefined>>',
      docs: ['A prototype-free table, so that ids such as "constructor" or "__proto__" find nothing.'],
      statements: 'return Object.freeze(Object.assign(Object.create(null) as Record<string, number | undefined>, entries));',
    });
  }
  file.addVariableStatement({
    declarationKind: VariableDeclarationKind.Const,
    declarations: [{ name: table, initializer: `lookup({ ${ids.map((id, i) => `${tsString(id)}: ${i}`).join(', ')} })` }],
  });
  file.addFunction({
    name,
    parameters: [{ name: 's', type: 'unknown' }],
    returnType: 'number',
    statements: `const i = typeof s === 'string' ? ${table}[s] : undefined;
return i === undefined ? -1 : i;`,
  });
}
function permissionDoc(ir: ResolvedPolicy, id: string): string {
  const p = ir.permissions[id]!;
  const group = p.group ? ir.groups[p.group]!.label + ' / ' : '';
  const flags = [p.adminOnly ? 'admin-only' : '', p.ownerOnly ? 'owner-only' : ''].filter(Boolean);
  const lines = [`${group}${p.label}${flags.length ? ` (${flags.join(', ')})` : ''}`];
  if (p.description) lines.push('', p.description);
  return jsDocText(lines.join('\n'));
}

function docLines(text: string): string {
  return jsDocText(text)
    .split('\n')
    .map((l) => (l ? ` * ${l}` : ' *'))
    .join('\n');
}

/** Collects statement structures, with the names of ts-morph's SourceFile methods. */
export class Statements {
  readonly list: (string | WriterFunction | StatementStructures)[] = [];
  addStatements(s: string | WriterFunction | readonly (string | WriterFunction)[]): void {
    if (Array.isArray(s)) this.list.push(...(s as (string | WriterFunction)[]));
    else this.list.push(s as string | WriterFunction);
  }
  addVariableStatement(s: OptionalKind<VariableStatementStructure>): void {
    this.list.push({ ...s, kind: StructureKind.VariableStatement });
  }
  addTypeAlias(s: OptionalKind<TypeAliasDeclarationStructure>): void {
    this.list.push({ ...s, kind: StructureKind.TypeAlias });
  }
  addInterface(s: OptionalKind<InterfaceDeclarationStructure>): void {
    this.list.push({ ...s, kind: StructureKind.Interface });
  }
  addFunction(s: OptionalKind<FunctionDeclarationStructure>): void {
    this.list.push({ ...s, kind: StructureKind.Function });
  }
  hasFunction(name: string): boolean {
    return this.list.some((s) => typeof s === 'object' && s.kind === StructureKind.Function && s.name === name);
  }
}

function normalizeNewlines(file: SourceFile): string {
  return file.getFullText().replace(/\r\n/g, '\n').replace(/\n*$/, '\n');
}


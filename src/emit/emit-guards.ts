// Emits generated/<name>/guards.ts with ts-morph: literal-union types, the grants as a typed array
// indexed by role and permission, and guard functions that deny (never throw on) unknown ids.

import { Project, VariableDeclarationKind, type SourceFile, type WriterFunction } from 'ts-morph';
import type { ResolvedPolicy } from '../ir.js';
import { jsDocText, tsString } from './escape.js';
import { emitAccess, emitMemberCan, emitPlans, emitTiers } from './guards-access.js';
import { emitDelegation } from './guards-delegation.js';

import { DO_NOT_EDIT } from './header.js';

export function emitGuards(ir: ResolvedPolicy, sourceDir: string): string {
  const project = new Project({ useInMemoryFileSystem: true, manipulationSettings: { useTrailingCommas: true } });
  const file = project.createSourceFile('guards.ts', '', { overwrite: true });
  const roles = Object.keys(ir.roles);
  const perms = Object.keys(ir.permissions);
  const lit = (s: string): string => tsString(s);
  const union = (xs: readonly string[]): string => (xs.length ? xs.map(lit).join(' | ') : 'never');

  file.addStatements([
    `// ${DO_NOT_EDIT}`,
    `// Source: ${sourceDir.replace(/[\r\n]/g, ' ')}. Regenerate with \`npx policyc build\`.`,
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

  // Compact data: indexes from ids, and one byte per (role, permission).
  const index = (xs: readonly string[]): WriterFunction => (w) => {
    w.write('lookup(').inlineBlock(() => {
      xs.forEach((x, i) => w.writeLine(`${lit(x)}: ${i},`));
    });
    w.write(')');
  };
  file.addFunction({
    name: 'lookup',
    parameters: [{ name: 'entries', type: 'Record<string, number>' }],
    returnType: 'Readonly<Record<string, number | undefined>>',
    docs: ['A prototype-free table, so that ids such as "constructor" or "__proto__" find nothing.'],
    statements: 'return Object.freeze(Object.assign(Object.create(null) as Record<string, number | undefined>, entries));',
  });
  constant('ROLE_INDEX', '', index(roles), [], false);
  constant('PERMISSION_INDEX', '', index(perms), [], false);
  constant(
    'IS_ACTIONS',
    '',
    `new Uint8Array([${perms.map((p) => (ir.permissions[p]!.kind === 'actions' ? 1 : 0)).join(', ')}])`,
    ['1 where the permission is an action set (values are bit masks), 0 for ordered scales (values are level indexes).'],
    false,
  );
  constant(
    'CODES',
    'readonly Readonly<Record<string, number | undefined>>[]',
    (w) => {
      w.write('[').newLine();
      w.indent(() => {
        for (const p of perms) {
          const perm = ir.permissions[p]!;
          const codes = perm.levels.map((l, i) => `${lit(l)}: ${perm.kind === 'actions' ? 1 << i : i}`);
          w.writeLine(`lookup({ ${codes.join(', ')} }),`);
        }
      });
      w.write(']');
    },
    ['Per permission: level -> index (ordered scales) or action -> bit (action sets).'],
    false,
  );
  const hasPlans = Object.keys(ir.plans).length > 0;
  if (hasPlans) emitPlans(file, ir);
  if (ir.tiers) emitTiers(file, ir);
  const stride = perms.length;
  const wide = actionPerms.some((p) => ir.permissions[p]!.levels.length > 8) || perms.some((p) => ir.permissions[p]!.levels.length > 255);
  constant(
    'GRANTS',
    '',
    (w) => {
      w.write(`new ${wide ? 'Uint32Array' : 'Uint8Array'}([`).newLine();
      w.indent(() => {
        for (const r of roles) {
          const row = perms.map((p) => encode(ir, r, p));
          w.writeLine(`${row.join(', ')}, // ${r.replace(/[\r\n]/g, ' ')}`);
        }
      });
      w.write('])');
    },
    [`Role-major: GRANTS[role * ${stride} + permission] is a level index or an action bit mask.`],
    false,
  );
  constant('STRIDE', '', String(stride), [], false);

  file.addFunction({
    isExported: true,
    name: 'isRole',
    parameters: [{ name: 'value', type: 'unknown' }],
    returnType: 'value is Role',
    docs: ['Whether a value (for example a role id read from a database) is a role of this policy.'],
    statements: "return typeof value === 'string' && ROLE_INDEX[value] !== undefined;",
  });
  file.addFunction({
    isExported: true,
    name: 'isPermission',
    parameters: [{ name: 'value', type: 'unknown' }],
    returnType: 'value is Permission',
    docs: ['Whether a value is a permission id of this policy.'],
    statements: "return typeof value === 'string' && PERMISSION_INDEX[value] !== undefined;",
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
    statements: `const r = typeof role === 'string' ? ROLE_INDEX[role] : undefined;
const p = typeof permission === 'string' ? PERMISSION_INDEX[permission] : undefined;
if (r === undefined || p === undefined) return undefined;
const code = GRANTS[r * STRIDE + p]!;
const levels = LEVELS[permission] as readonly string[];
if (IS_ACTIONS[p] === 0) return levels[code] as ValueOf<P>;
return Object.freeze(levels.filter((_, i) => (code & (1 << i)) !== 0)) as unknown as ValueOf<P>;`,
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
    statements: `const p = typeof permission === 'string' ? PERMISSION_INDEX[permission] : undefined;
if (p === undefined${hasPlans ? ' || !planAllows(p, plan)' : ''}) return false;
const actions = IS_ACTIONS[p] === 1;
let need = actions ? -1 : 1;
if (atLeast !== undefined) {
  const c = typeof atLeast === 'string' ? CODES[p]![atLeast] : undefined;
  if (c === undefined) return false;
  need = c;
}
if (typeof roles === 'string') return holds(ROLE_INDEX[roles], p, actions, need);
if (!Array.isArray(roles)) return false;
for (let i = 0; i < roles.length; i++) {
  const role: unknown = roles[i];
  if (typeof role === 'string' && holds(ROLE_INDEX[role], p, actions, need)) return true;
}
return false;`,
  });
  file.addFunction({
    name: 'holds',
    parameters: [
      { name: 'r', type: 'number | undefined' },
      { name: 'p', type: 'number' },
      { name: 'actions', type: 'boolean' },
      { name: 'need', type: 'number' },
    ],
    returnType: 'boolean',
    statements: `if (r === undefined) return false;
const code = GRANTS[r * STRIDE + p]!;
return actions ? (code & need) !== 0 : code >= need;`,
  });

  emitMemberCan(file, ir);
  if (Object.keys(ir.resources).length > 0) emitAccess(file, ir);
  emitDelegation(file, ir);

  file.formatText({ indentSize: 2, convertTabsToSpaces: true });
  return normalizeNewlines(file);
}

function encode(ir: ResolvedPolicy, role: string, perm: string): number {
  const p = ir.permissions[perm]!;
  const v = ir.roles[role]!.grants[perm]!;
  if (typeof v === 'string') return p.levels.indexOf(v);
  return v.reduce((mask, a) => mask | (1 << p.levels.indexOf(a)), 0);
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

function normalizeNewlines(file: SourceFile): string {
  return file.getFullText().replace(/\r\n/g, '\n').replace(/\n*$/, '\n');
}


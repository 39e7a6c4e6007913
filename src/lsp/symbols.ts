// Where the ids of a policy are written: one table of JSON path patterns says which scalars define
// or name a role, permission, level, scale, group, plan, feature, resource, action, tier node,
// member, relation or object kind. The language server reads every file of a policy folder through it, for go to
// definition, references, rename, hover and completion. The compiler's own stages work on merged
// documents and report JSON paths; they never need source ranges of every id, this index does.

import { isMap, isPair, isScalar, isSeq, parseDocument, type Node as YamlNode, type Scalar } from 'yaml';

export type SymbolKind =
  | 'role'
  | 'permission'
  | 'level'
  | 'scale'
  | 'group'
  | 'plan'
  | 'feature'
  | 'resource'
  | 'action'
  | 'tier'
  | 'member'
  | 'relation'
  | 'object';

/**
 * Levels and actions belong to a scope: a level to a scale (named directly, or through the
 * permission that uses the scale, or through a sibling `permission:` key), an action to a resource.
 */
export type ScopeRule =
  | { scale: number }
  | { permission: number }
  | { siblingPermission: number }
  | { resource: number }
  | { siblingResource: number };

export interface Pattern {
  /** Path segments: "*" any key, "#" any list index, else the key itself. */
  path: readonly string[];
  at: 'key' | 'value';
  kind: SymbolKind;
  def?: boolean;
  scope?: ScopeRule;
}

const P = (path: string, at: 'key' | 'value', kind: SymbolKind, extra: Omit<Pattern, 'path' | 'at' | 'kind'> = {}): Pattern => ({
  path: path.split('/'),
  at,
  kind,
  ...extra,
});

/** Level references of a grant value at `base` (a string, a list, or { default, allowed }). */
function grantValue(base: string, permission: number): Pattern[] {
  const scope = { permission };
  return [
    P(base, 'value', 'level', { scope }),
    P(`${base}/#`, 'value', 'level', { scope }),
    P(`${base}/default`, 'value', 'level', { scope }),
    P(`${base}/default/#`, 'value', 'level', { scope }),
    P(`${base}/allowed/#`, 'value', 'level', { scope }),
    P(`${base}/allowed/#/#`, 'value', 'level', { scope }),
  ];
}

function conditions(base: string): Pattern[] {
  return [P(`${base}/permission`, 'value', 'permission'), P(`${base}/atLeast`, 'value', 'level', { scope: { siblingPermission: 1 } })];
}

/** Policy files (policy.yaml, roles/*.yaml, members.yaml, ...). */
export const POLICY_PATTERNS: readonly Pattern[] = [
  P('roles/*', 'key', 'role', { def: true }),
  P('roles/*/inherits/#', 'value', 'role'),
  P('roles/*/editableBy/#', 'value', 'role'),
  P('roles/*/grants/*', 'key', 'permission'),
  ...grantValue('roles/*/grants/*', 3),
  P('defaultRole', 'value', 'role'),
  P('members/*', 'key', 'member', { def: true }),
  P('members/*/roles/#', 'value', 'role'),
  P('members/*/tier', 'value', 'tier'),
  P('permissions/*', 'key', 'permission', { def: true }),
  P('permissions/*/scale', 'value', 'scale'),
  P('permissions/*/group', 'value', 'group'),
  P('permissions/*/minPlan', 'value', 'plan'),
  P('permissions/*/perObject', 'value', 'object'),
  P('permissions/*/implies/*', 'key', 'permission'),
  P('permissions/*/implies/*', 'value', 'level', { scope: { permission: 3 } }),
  P('permissions/*/implies/*/#', 'value', 'level', { scope: { permission: 3 } }),
  P('permissions/*/access/#/resource', 'value', 'resource'),
  P('permissions/*/access/#/atLeast', 'value', 'level', { scope: { permission: 1 } }),
  P('permissions/*/access/#/relations/#', 'value', 'relation'),
  P('permissions/*/access/#/actions/#', 'value', 'action', { scope: { siblingResource: 2 } }),
  P('permissions/*/access/#/requires/#/feature', 'value', 'feature'),
  P('scales/*', 'key', 'scale', { def: true }),
  P('scales/*/levels/#', 'value', 'level', { def: true, scope: { scale: 1 } }),
  P('scales/*/actions/#', 'value', 'level', { def: true, scope: { scale: 1 } }),
  P('scales/*/implies/*', 'key', 'level', { scope: { scale: 1 } }),
  P('scales/*/implies/*/#', 'value', 'level', { scope: { scale: 1 } }),
  P('scales/*/labels/*', 'key', 'level', { scope: { scale: 1 } }),
  P('groups/*', 'key', 'group', { def: true }),
  P('plans/*', 'key', 'plan', { def: true }),
  P('plan', 'value', 'plan'),
  P('features/*', 'key', 'feature', { def: true }),
  P('objects/*', 'key', 'object', { def: true }),
  P('features/*/minPlan', 'value', 'plan'),
  P('resources/*', 'key', 'resource', { def: true }),
  P('resources/*/actions/#', 'value', 'action', { def: true, scope: { resource: 1 } }),
  P('resources/*/privateNeeds', 'value', 'permission'),
  P('relations/*', 'key', 'relation', { def: true }),
  P('exceptions/*/resource', 'value', 'resource'),
  P('exceptions/*/relations/#', 'value', 'relation'),
  P('exceptions/*/actions/#', 'value', 'action', { scope: { siblingResource: 2 } }),
  P('tiers/nodes/*', 'key', 'tier', { def: true }),
  P('tiers/nodes/*/parent', 'value', 'tier'),
  P('tiers/nodes/*/grants/*', 'key', 'permission'),
  ...grantValue('tiers/nodes/*/grants/*', 4),
  ...conditions('rules/*/if'),
  ...conditions('rules/*/then'),
  ...conditions('delegation/manageRoles/#'),
  ...conditions('delegation/assignRoles/#'),
  P('delegation/cloneRoles/except/#', 'value', 'role'),
  P('limits/maxRoles/*', 'key', 'plan'),
  P('limits/maxCustomRoles/*', 'key', 'plan'),
];

/** Test suites (tests/*.yaml). Actor and resource fixtures are local to a suite and left out. */
/** The ids of AccountData (customised cells, custom roles, members, tiers) under a path. */
function accountData(at: string): Pattern[] {
  // The permission of a grant sits this many segments below the path's first one.
  const depth = at.split('/').length;
  return [
    P(`${at}/plan`, 'value', 'plan'),
    P(`${at}/defaultRole`, 'value', 'role'),
    P(`${at}/roles/*`, 'key', 'role'),
    P(`${at}/roles/*/*`, 'key', 'permission'),
    ...grantValue(`${at}/roles/*/*`, depth + 2),
    P(`${at}/customRoles/#/grants/*`, 'key', 'permission'),
    ...grantValue(`${at}/customRoles/#/grants/*`, depth + 3),
    P(`${at}/members/#/roles/#`, 'value', 'role'),
    P(`${at}/members/#/tier`, 'value', 'tier'),
    P(`${at}/tiers/#/parent`, 'value', 'tier'),
    P(`${at}/tiers/#/grants/*`, 'key', 'permission'),
    ...grantValue(`${at}/tiers/#/grants/*`, depth + 3),
  ];
}

export const TEST_PATTERNS: readonly Pattern[] = [
  P('plan', 'value', 'plan'),
  P('actors/*/roles/#', 'value', 'role'),
  P('actors/*/tier', 'value', 'tier'),
  P('resources/*/kind', 'value', 'resource'),
  P('resources/*/tier', 'value', 'tier'),
  P('cases/#/roles/#', 'value', 'role'),
  P('cases/#/actor/roles/#', 'value', 'role'),
  P('cases/#/actor/tier', 'value', 'tier'),
  P('cases/#/resource/kind', 'value', 'resource'),
  P('cases/#/resource/tier', 'value', 'tier'),
  P('cases/#/permission', 'value', 'permission'),
  P('cases/#/atLeast', 'value', 'level', { scope: { siblingPermission: 1 } }),
  P('cases/#/plan', 'value', 'plan'),
  P('cases/#/feature', 'value', 'feature'),
  P('cases/#/assignRole', 'value', 'role'),
  P('cases/#/editRole', 'value', 'role'),
  P('cases/#/cloneRole/from', 'value', 'role'),
  P('cases/#/moveMember/tier', 'value', 'tier'),
  // The account a suite runs against, and a case's accountData (the same AccountData).
  ...accountData('account'),
  ...accountData('cases/#/accountData'),
];

/** One id written in a file. Offsets are UTF-16 offsets into the file's text. */
export interface Occurrence {
  kind: SymbolKind;
  id: string;
  def: boolean;
  start: number;
  end: number;
  /** JSON path segments of the scalar (for a key: the path of the value it introduces). */
  path: string[];
  /** Levels: the scale, or the permission whose scale it is; actions: the resource. */
  scope?: { scale?: string; permission?: string; resource?: string };
  /** Whether the scalar is written in quotes (the range then covers the text inside them). */
  quoted: boolean;
}

export interface FileSymbols {
  occurrences: Occurrence[];
  /** permission id -> scale id, as written in this file. */
  scales: Map<string, string>;
}

/** Files larger than this are not indexed: the check reports them, the editor features skip them. */
export const MAX_INDEXED_CHARS = 2_000_000;

export function matches(pattern: readonly string[], path: readonly string[]): boolean {
  if (pattern.length !== path.length) return false;
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i]!;
    const s = path[i]!;
    if (p === '*') continue;
    if (p === '#') {
      if (s !== '#' && !/^\d+$/.test(s)) return false;
      continue;
    }
    if (p !== s) return false;
  }
  return true;
}

export function patternsFor(test: boolean): readonly Pattern[] {
  return test ? TEST_PATTERNS : POLICY_PATTERNS;
}

/** Every id of one file. Never throws: a file the parser cannot read yields what it could read. */
export function indexFile(text: string, test: boolean): FileSymbols {
  const out: FileSymbols = { occurrences: [], scales: new Map() };
  if (text.length > MAX_INDEXED_CHARS) return out;
  let doc;
  try {
    doc = parseDocument(text, { uniqueKeys: false, prettyErrors: false, strict: false, keepSourceTokens: false });
  } catch {
    return out;
  }
  const patterns = patternsFor(test);
  const record = (node: Scalar, path: string[], at: 'key' | 'value', parents: readonly YamlNode[]): void => {
    if (typeof node.value !== 'string' || !node.range) return;
    const pattern = patterns.find((p) => p.at === at && matches(p.path, path));
    if (!pattern) return;
    const quoted = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE';
    let [start, end] = node.range;
    if (quoted) {
      start += 1;
      end -= 1;
    }
    if (end < start) return;
    const occ: Occurrence = { kind: pattern.kind, id: node.value, def: pattern.def === true, start, end, path, quoted };
    if (pattern.scope) occ.scope = scopeOf(pattern.scope, path, parents);
    out.occurrences.push(occ);
  };
  // Iterative walk: a deeply nested (hostile) document must not overflow the stack.
  const stack: { node: unknown; path: string[]; parents: YamlNode[] }[] = [{ node: doc.contents, path: [], parents: [] }];
  let budget = 200_000;
  while (stack.length > 0 && budget-- > 0) {
    const { node, path, parents } = stack.pop()!;
    if (isScalar(node)) {
      if (path.length > 0) record(node, path, 'value', parents);
      if (path.length === 3 && path[0] === 'permissions' && path[2] === 'scale' && typeof node.value === 'string') out.scales.set(path[1]!, node.value);
    } else if (isMap(node)) {
      for (const pair of node.items) {
        if (!isPair(pair) || !isScalar(pair.key)) continue;
        const key = String(pair.key.value);
        const childPath = [...path, key];
        record(pair.key, childPath, 'key', [...parents, node]);
        if (pair.value !== null && pair.value !== undefined) stack.push({ node: pair.value, path: childPath, parents: [...parents, node] });
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => stack.push({ node: item, path: [...path, String(i)], parents: [...parents, node] }));
    }
  }
  out.occurrences.sort((a, b) => a.start - b.start);
  return out;
}

function scopeOf(rule: ScopeRule, path: readonly string[], parents: readonly YamlNode[]): Occurrence['scope'] {
  if ('scale' in rule) return { scale: path[rule.scale]! };
  if ('permission' in rule) return { permission: path[rule.permission]! };
  if ('resource' in rule) return { resource: path[rule.resource]! };
  // A sibling key of the mapping `up` levels above the scalar's own mapping.
  const up = 'siblingPermission' in rule ? rule.siblingPermission : rule.siblingResource;
  const map = parents[parents.length - up];
  const key = 'siblingPermission' in rule ? 'permission' : 'resource';
  if (!isMap(map)) return undefined;
  const v = map.get(key);
  if (typeof v !== 'string') return undefined;
  return 'siblingPermission' in rule ? { permission: v } : { resource: v };
}

/** The occurrence whose range holds `offset` (its end included, for a cursor right after a word). */
export function occurrenceAt(symbols: FileSymbols, offset: number): Occurrence | undefined {
  const list = symbols.occurrences;
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const o = list[mid]!;
    if (offset < o.start) hi = mid - 1;
    else if (offset > o.end) lo = mid + 1;
    else return o;
  }
  return undefined;
}

// The delegation model: who may assign which role to a colleague and who may edit which role, as
// the policy declares it (delegation permissions, protected roles, editableBy), and the closure
// of those steps from each role. Shared by the escalation rules and `explain --escalation`.
//
// The closure runs on integer codes (see `Codes`): per role and permission a level index for
// ordered scales and an action bit mask for action sets, so comparing two roles is a loop over
// integers. The values themselves (what findings print) are read from the IR.

import type { ResolvedPolicy, Value } from '../ir.js';
import { covers, join, satisfies, sortActions } from '../resolve/values.js';

export type Grants = Record<string, Value>;

type Conditions = ResolvedPolicy['delegation']['manageRoles'];

/**
 * A policy's roles as integer rows, built once per IR: one column per permission, holding the
 * level's index for an ordered scale and the bit mask of the actions for an action set (the schema
 * allows at most 30 actions, and resolution keeps every value within its scale, no name twice).
 */
interface Codes {
  roles: string[];
  index: Map<string, number>;
  permissions: string[];
  /** 1 where the permission is an action set. */
  actions: Uint8Array;
  /** Per permission, its levels or actions (what a code's index or bit stands for). */
  levels: string[][];
  /** Role-major rows of what each role holds. */
  grants: Int32Array;
  /** Role-major rows of the highest values an administrator may choose (the join with `allowed`), with what they imply. */
  max: Int32Array;
  /** Per role: whether it may assign / manage roles with its grants (2r) or its highest values (2r + 1). */
  assign: Uint8Array;
  manage: Uint8Array;
  /** Per actor, built when first asked (most roles never act): per target, 1 when members of the actor may touch it (`reaches`). */
  reach: (Uint8Array | undefined)[];
  /** Per role: whether its highest values exceed its grants. */
  raises: Uint8Array;
}

const CODES = new WeakMap<ResolvedPolicy, Codes>();

function codesOf(ir: ResolvedPolicy): Codes {
  return CODES.get(ir) ?? buildCodes(ir);
}

function buildCodes(ir: ResolvedPolicy): Codes {
  const roles = Object.keys(ir.roles);
  const index = new Map(roles.map((r, i) => [r, i]));
  const permissions = Object.keys(ir.permissions);
  const w = permissions.length;
  const scales = permissions.map((p) => ir.scales[ir.permissions[p]!.scale]!);
  const levels = scales.map((scale) => scale.levels);
  const position = scales.map((scale) => new Map(scale.levels.map((l, i) => [l, i])));
  const actions = Uint8Array.from(scales, (scale) => (scale.kind === 'actions' ? 1 : 0));
  /** A value as a code: the level's index (-1 when it is none, as `rank` gives) or the action mask. */
  const code = (p: number, v: Value): number => {
    if (typeof v === 'string') return levels[p]!.indexOf(v);
    let m = 0;
    for (const a of v) m |= 1 << position[p]!.get(a)!;
    return m;
  };
  const pi = new Map(permissions.map((p, i) => [p, i]));
  /** Implications as [source, target, least code]; applied until nothing changes (the graph has no cycle). */
  const implied = permissions.flatMap((p, i) => Object.entries(ir.permissions[p]!.implies).map(([t, v]) => [i, pi.get(t)!, code(pi.get(t)!, v)] as const));
  const n = roles.length;
  const grants = new Int32Array(n * w);
  const max = new Int32Array(n * w);
  for (let r = 0; r < n; r++) {
    const role = ir.roles[roles[r]!]!;
    for (let p = 0, at = r * w; p < w; p++, at++) {
      const g = code(p, role.grants[permissions[p]!]!);
      grants[at] = g;
      let m = g;
      for (const v of role.allowed[permissions[p]!]!) {
        const c = code(p, v);
        m = actions[p] === 1 ? m | c : Math.max(m, c);
      }
      max[at] = m;
    }
    // A raised value brings what it implies, as it does in every role that holds it (resolution, openAccount).
    for (let changed = true; changed; ) {
      changed = false;
      for (const [from, to, least] of implied) {
        const at = r * w + to;
        if (max[r * w + from] === 0) continue;
        const m = actions[to] === 1 ? max[at]! | least : Math.max(max[at]!, least);
        if (m !== max[at]) (max[at] = m), (changed = true);
      }
    }
  }
  /**
   * Whether a row meets any of the conditions (`holdsAny`): above the lowest, at least the level, or
   * holding the action. Resolution keeps only conditions whose atLeast is a level or action of the scale.
   */
  const holds = (rows: Int32Array, r: number, list: Conditions): boolean =>
    list.some((cond) => {
      const p = pi.get(cond.permission)!;
      const v = rows[r * w + p]!;
      if (cond.atLeast === null) return v !== 0;
      const at = position[p]!.get(cond.atLeast)!;
      return actions[p] === 1 ? (v & (1 << at)) !== 0 : v >= at;
    });
  const assign = new Uint8Array(n * 2);
  const manage = new Uint8Array(n * 2);
  const raises = new Uint8Array(n);
  // Stryker disable next-line ArrayDeclaration: an array of no length reads undefined at every index too, as the filled one does
  const reach = new Array<Uint8Array | undefined>(n).fill(undefined);
  const out: Codes = { roles, index, permissions, actions, levels, grants, max, assign, manage, reach, raises };
  for (let r = 0; r < n; r++) {
    const owner = ir.roles[roles[r]!]!.kind === 'owner';
    assign[r * 2] = owner || holds(grants, r, ir.delegation.assignRoles) ? 1 : 0;
    assign[r * 2 + 1] = owner || holds(max, r, ir.delegation.assignRoles) ? 1 : 0;
    manage[r * 2] = owner || holds(grants, r, ir.delegation.manageRoles) ? 1 : 0;
    manage[r * 2 + 1] = owner || holds(max, r, ir.delegation.manageRoles) ? 1 : 0;
    raises[r] = excessAt(out, max, r, grants, r) >= 0 ? 1 : 0;
  }
  CODES.set(ir, out);
  return out;
}

/** Whether members of role a may touch each role at all (`reaches`), by role index. */
function reachRow(ir: ResolvedPolicy, k: Codes, a: number): Uint8Array {
  return (k.reach[a] ??= Uint8Array.from(k.roles, (t) => (reaches(ir, k.roles[a]!, t) ? 1 : 0)));
}

/** The first permission (its index) where row a of `as` holds more than row b of `bs`; -1 when a is within b. */
function excessAt(k: Codes, as: Int32Array, a: number, bs: Int32Array, b: number): number {
  const w = k.permissions.length;
  const actions = k.actions;
  for (let p = 0, x = a * w, y = b * w; p < w; p++, x++, y++) {
    if (actions[p] === 1 ? (as[x]! & ~bs[y]!) !== 0 : as[x]! > bs[y]!) return p;
  }
  return -1;
}

export function holdsAny(ir: ResolvedPolicy, grants: Grants, conditions: Conditions): boolean {
  return conditions.some((c) => satisfies(ir.scales[ir.permissions[c.permission]!.scale]!, grants[c.permission]!, c.atLeast));
}

export function canManageRoles(ir: ResolvedPolicy, role: string, grants: Grants = ir.roles[role]!.grants): boolean {
  return ir.roles[role]!.kind === 'owner' || holdsAny(ir, grants, ir.delegation.manageRoles);
}

export function canAssignRoles(ir: ResolvedPolicy, role: string, grants: Grants = ir.roles[role]!.grants): boolean {
  return ir.roles[role]!.kind === 'owner' || holdsAny(ir, grants, ir.delegation.assignRoles);
}

/**
 * Whether members of `actor` may touch (assign or edit) `target` at all, before the subset rule:
 * owner roles are reached only by owners; admin roles by owners, admins and their editableBy;
 * roles with editableBy only by owners and those roles; every other role by anyone with the power.
 */
export function reaches(ir: ResolvedPolicy, actor: string, target: string): boolean {
  const a = ir.roles[actor]!;
  const t = ir.roles[target]!;
  if (a.kind === 'owner') return true;
  if (t.kind === 'owner') return false;
  if (t.editableBy.length > 0) return t.editableBy.includes(actor);
  if (t.admin) return a.admin;
  return true;
}

/** The first permission where `a` holds more than `b`, or undefined when a is within b. */
export function firstExcess(ir: ResolvedPolicy, a: Grants, b: Grants): { permission: string; value: Value } | undefined {
  for (const p of Object.keys(ir.permissions)) {
    const scale = ir.scales[ir.permissions[p]!.scale]!;
    if (!covers(scale, b[p]!, a[p]!)) return { permission: p, value: a[p]! };
  }
  return undefined;
}

/** firstExcess of two roles' grants (`target` beyond `role`), on their codes. */
export function roleExcess(ir: ResolvedPolicy, target: string, role: string): { permission: string; value: Value } | undefined {
  const k = codesOf(ir);
  const p = excessAt(k, k.grants, k.index.get(target)!, k.grants, k.index.get(role)!);
  if (p < 0) return undefined;
  const permission = k.permissions[p]!;
  return { permission, value: ir.roles[target]!.grants[permission]! };
}

/** What a code of permission p stands for: a level, or the sorted list of actions. */
function valueOfCode(k: Codes, p: number, c: number): Value {
  if (k.actions[p] === 0) return k.levels[p]![c]!;
  return sortActions(k.levels[p]!.filter((_, bit) => (c & (1 << bit)) !== 0));
}

/** The highest value an administrator may choose for one permission of a role, with what the role's highest values imply. */
function maxValue(ir: ResolvedPolicy, role: string, p: string): Value {
  const k = codesOf(ir);
  const i = k.permissions.indexOf(p);
  return valueOfCode(k, i, k.max[k.index.get(role)! * k.permissions.length + i]!);
}

const MAX_ALLOWED = new WeakMap<ResolvedPolicy, Map<string, Grants>>();

/** The highest value an administrator may choose for each permission of a role, with what they imply (memoised per IR). */
export function maxAllowed(ir: ResolvedPolicy, role: string): Grants {
  let byRole = MAX_ALLOWED.get(ir);
  if (!byRole) MAX_ALLOWED.set(ir, (byRole = new Map()));
  const known = byRole.get(role);
  if (known) return known;
  const out: Grants = {};
  for (const p of Object.keys(ir.permissions)) out[p] = maxValue(ir, role, p);
  byRole.set(role, out);
  return out;
}

export type Step = { kind: 'assigns' | 'edits'; by: string; role: string };

export interface Reach {
  start: string;
  /** Roles a coalition started by one member of `start` can come to hold, with the step that got each. */
  held: Map<string, Step | null>;
  /** Roles edited (raised to their highest allowed values), with the step. */
  edited: Map<string, Step>;
  /** What the coalition holds in the end: the union of every held role's grants (computed when first read). */
  readonly power: Grants;
  /** A chain (the first found, with every step it rests on) to the first permission beyond the start's, if any. */
  escalation?: { steps: Step[]; permission: string; value: Value };
}

/**
 * Breadth-first closure of allowed steps from one member holding `start`: a held role that may
 * assign roles gives any role it reaches to a colleague; a held role that may manage roles edits any
 * other role it reaches, which can then take its highest allowed values. Powers gained by editing
 * count at once. The result is monotone, so the closure ends after at most roles x 2 rounds.
 */
export function reachFrom(ir: ResolvedPolicy, start: string): Reach {
  const k = codesOf(ir);
  const n = k.roles.length;
  const s = k.index.get(start)!;
  // By role index: the step that got it held / edited (null: the start), undefined: not yet.
  // Stryker disable next-line ArrayDeclaration: an array of no length reads undefined at every index too, as the filled one does
  const heldBy: (Step | null | undefined)[] = new Array(n).fill(undefined);
  // Stryker disable next-line ArrayDeclaration: as above
  const editedBy: (Step | undefined)[] = new Array(n).fill(undefined);
  const held = new Map<string, Step | null>([[start, null]]);
  const edited = new Map<string, Step>();
  heldBy[s] = null;
  let escalation: Reach['escalation'];
  /** Steps in the order they were found, so a chain reads from the start onwards. */
  const order = new Map<Step, number>();
  /**
   * Every step the given steps depend on: how each actor came to be held (and edited, when the edit
   * raised it) and how each step's role came to be held (for an assignment, the step itself).
   */
  const chain = (...last: Step[]): Step[] => {
    const out = new Set<Step>();
    const todo: Step[] = [...last];
    while (todo.length) {
      const step = todo.pop()!;
      if (out.has(step)) continue;
      out.add(step);
      const by = k.index.get(step.by)!;
      const how = heldBy[by];
      if (how) todo.push(how);
      const editor = editedBy[by];
      if (editor && k.raises[by] === 1) todo.push(editor);
      const h = heldBy[k.index.get(step.role)!];
      if (h) todo.push(h);
    }
    return [...out].sort((a, b) => order.get(a)! - order.get(b)!);
  };
  /** Called for each role as it comes to be held, and for each held role as it is edited. */
  const noteEscalation = (r: number, step: Step): void => {
    if (escalation) return;
    const p = excessAt(k, editedBy[r] ? k.max : k.grants, r, k.grants, s);
    if (p < 0) return;
    const role = k.roles[r]!;
    const permission = k.permissions[p]!;
    const edit = editedBy[r];
    const value = edit ? maxValue(ir, role, permission) : ir.roles[role]!.grants[permission]!;
    // The gain is the edited role's highest values, so its edit belongs to the chain even when
    // another member made it before the role was handed out.
    escalation = { steps: edit ? chain(step, edit) : chain(step), permission, value };
  };
  let frontier = [s];
  while (frontier.length) {
    const next: number[] = [];
    for (const actor of frontier) {
      const raised = editedBy[actor] ? 1 : 0;
      const by = k.roles[actor]!;
      if (k.assign[actor * 2 + raised] === 1) {
        const touches = reachRow(ir, k, actor);
        for (let t = 0; t < n; t++) {
          if (heldBy[t] !== undefined || touches[t] === 0) continue;
          const step: Step = { kind: 'assigns', by, role: k.roles[t]! };
          order.set(step, order.size);
          heldBy[t] = step;
          held.set(step.role, step);
          next.push(t);
          noteEscalation(t, step);
        }
      }
      if (k.manage[actor * 2 + raised] === 1) {
        const touches = reachRow(ir, k, actor);
        for (let t = 0; t < n; t++) {
          if (t === actor || editedBy[t] || touches[t] === 0 || ir.roles[k.roles[t]!]!.kind === 'owner') continue;
          const step: Step = { kind: 'edits', by, role: k.roles[t]! };
          order.set(step, order.size);
          editedBy[t] = step;
          edited.set(step.role, step);
          if (heldBy[t] !== undefined) {
            next.push(t);
            noteEscalation(t, step);
          }
        }
      }
    }
    frontier = next;
  }
  let power: Grants | undefined;
  return {
    start,
    held,
    edited,
    get power(): Grants {
      if (power) return power;
      const base = ir.roles[start]!.grants;
      power = { ...base };
      for (const r of held.keys()) {
        const g = edited.has(r) ? maxAllowed(ir, r) : ir.roles[r]!.grants;
        for (const p of Object.keys(ir.permissions)) power[p] = join(ir.scales[ir.permissions[p]!.scale]!, power[p]!, g[p]!);
      }
      return power;
    },
    ...(escalation ? { escalation } : {}),
  };
}

export function formatChain(steps: readonly Step[], end: { role: string; permission: string; value: Value }): string {
  const v = typeof end.value === 'string' ? end.value : `[${end.value.join(', ')}]`;
  return [...steps.map((s) => `${s.by} ${s.kind} ${s.role}`), `${end.role} gains ${end.permission}=${v}`].join(' -> ');
}

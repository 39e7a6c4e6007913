// The delegation model: who may assign which role to a colleague and who may edit which role, as
// the policy declares it (delegation permissions, protected roles, editableBy), and the closure
// of those steps from each role. Shared by the escalation rules and `explain --escalation`.

import type { ResolvedPolicy, Value } from '../ir.js';
import { covers, join, satisfies } from '../resolve/values.js';

export type Grants = Record<string, Value>;

export function holdsAny(ir: ResolvedPolicy, grants: Grants, conditions: ResolvedPolicy['delegation']['manageRoles']): boolean {
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

const MAX_ALLOWED = new WeakMap<ResolvedPolicy, Map<string, Grants>>();

/** The highest value an administrator may choose for each permission of a role (memoised per IR). */
export function maxAllowed(ir: ResolvedPolicy, role: string): Grants {
  let byRole = MAX_ALLOWED.get(ir);
  if (!byRole) MAX_ALLOWED.set(ir, (byRole = new Map()));
  const known = byRole.get(role);
  if (known) return known;
  const out: Grants = {};
  for (const p of Object.keys(ir.permissions)) {
    const scale = ir.scales[ir.permissions[p]!.scale]!;
    out[p] = ir.roles[role]!.allowed[p]!.reduce((m, v) => join(scale, m, v), ir.roles[role]!.grants[p]!);
  }
  byRole.set(role, out);
  return out;
}

export type Step = { kind: 'assigns' | 'edits'; by: string; role: string };

/** Steps in the order they were found, so a chain reads from the start onwards. */
const ORDER = new WeakMap<Step, number>();

export interface Reach {
  start: string;
  /** Roles a coalition started by one member of `start` can come to hold, with the step that got each. */
  held: Map<string, Step | null>;
  /** Roles edited (raised to their highest allowed values), with the step. */
  edited: Map<string, Step>;
  /** What the coalition holds in the end: the union of every held role's grants. */
  power: Grants;
  /** The shortest chain to the first permission beyond the start's, if any. */
  escalation?: { steps: Step[]; permission: string; value: Value };
}

/**
 * Breadth-first closure of allowed steps from one member holding `start`: a held role that may
 * assign roles gives any role it reaches to a colleague; a held role that may manage roles edits any
 * other role it reaches, which can then take its highest allowed values. Powers gained by editing
 * count at once. The result is monotone, so the closure ends after at most roles x 2 rounds.
 */
export function reachFrom(ir: ResolvedPolicy, start: string): Reach {
  const roles = Object.keys(ir.roles);
  const held = new Map<string, Step | null>([[start, null]]);
  const edited = new Map<string, Step>();
  const current = (r: string): Grants => (edited.has(r) ? maxAllowed(ir, r) : ir.roles[r]!.grants);
  const base = ir.roles[start]!.grants;
  let escalation: Reach['escalation'];
  const raises = (r: string): boolean => firstExcess(ir, maxAllowed(ir, r), ir.roles[r]!.grants) !== undefined;
  let found = 0;
  const record = (step: Step): Step => {
    ORDER.set(step, found++);
    return step;
  };
  /** Every step a step depends on: how its actor came to be held and, for edits of held roles, how the role came to be held. */
  const chain = (last: Step): Step[] => {
    const out = new Set<Step>();
    const todo: Step[] = [last];
    while (todo.length) {
      const step = todo.pop()!;
      if (out.has(step)) continue;
      out.add(step);
      const how = held.get(step.by);
      if (how) todo.push(how);
      const editedBy = edited.get(step.by);
      if (editedBy && raises(step.by)) todo.push(editedBy);
      if (step.kind === 'edits') {
        const heldBy = held.get(step.role);
        if (heldBy) todo.push(heldBy);
      }
    }
    return [...out].sort((a, b) => ORDER.get(a)! - ORDER.get(b)!);
  };
  const noteEscalation = (role: string, step: Step): void => {
    if (escalation || !held.has(role)) return;
    const excess = firstExcess(ir, current(role), base);
    if (!excess) return;
    escalation = { steps: chain(step), ...excess };
  };
  let frontier = [start];
  while (frontier.length) {
    const next: string[] = [];
    for (const actor of frontier) {
      const g = current(actor);
      if (canAssignRoles(ir, actor, g)) {
        for (const t of roles) {
          if (held.has(t) || !reaches(ir, actor, t)) continue;
          const step = record({ kind: 'assigns', by: actor, role: t });
          held.set(t, step);
          next.push(t);
          noteEscalation(t, step);
        }
      }
      if (canManageRoles(ir, actor, g)) {
        for (const t of roles) {
          if (t === actor || edited.has(t) || !reaches(ir, actor, t) || ir.roles[t]!.kind === 'owner') continue;
          const step = record({ kind: 'edits', by: actor, role: t });
          edited.set(t, step);
          if (held.has(t)) {
            next.push(t);
            noteEscalation(t, step);
          }
        }
      }
    }
    frontier = next;
  }
  const power: Grants = { ...base };
  for (const r of held.keys()) {
    const g = current(r);
    for (const p of Object.keys(ir.permissions)) power[p] = join(ir.scales[ir.permissions[p]!.scale]!, power[p]!, g[p]!);
  }
  return { start, held, edited, power, ...(escalation ? { escalation } : {}) };
}

export function formatChain(steps: readonly Step[], end: { role: string; permission: string; value: Value }): string {
  const v = typeof end.value === 'string' ? end.value : `[${end.value.join(', ')}]`;
  return [...steps.map((s) => `${s.by} ${s.kind} ${s.role}`), `${end.role} gains ${end.permission}=${v}`].join(' -> ');
}

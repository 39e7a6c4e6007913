// Explains why a role holds what it holds: its own grant, which parent, which implication,
// one line per step, following inheritance and implication back to where each value was written.

import type { Origin } from '../diagnostics/diagnostic.js';
import type { Cause, ResolvedPolicy, Trace, Value } from '../ir.js';
import { canAssignRoles, canManageRoles, formatChain, reachFrom, reaches } from '../analyze/delegation.js';
import { formatValueOf } from '../resolve/values.js';

export type Locate = (origin: Origin) => { line: number; column: number };

export function explainRole(ir: ResolvedPolicy, trace: Trace, role: string, permission: string | undefined, locate: Locate): string[] {
  const r = ir.roles[role]!;
  const perms = permission === undefined ? Object.keys(ir.permissions) : [permission];
  const out: string[] = [];
  if (permission === undefined) {
    out.push(`${role} (${r.name}, ${r.kind}${r.admin ? ', admin' : ''}${r.inherits.length ? `, inherits ${r.inherits.join(', ')}` : ''})`);
    for (const p of perms) out.push(`  ${p} = ${v(ir, p, r.grants[p]!)}  [${summarize(trace[role]![p]!)}]`);
    return out;
  }
  out.push(`${role} holds ${permission} = ${v(ir, permission, r.grants[permission]!)}`);
  steps(ir, trace, role, permission, locate, 1, out, new Set());
  const alts = r.allowed[permission]!;
  out.push(alts.length > 1 ? `  an administrator may set it to: ${alts.map((a) => v(ir, permission, a)).join(', ')}` : '  it is fixed for this role');
  return out;
}

function summarize(causes: readonly Cause[]): string {
  return causes.map((c) => describeCause(c)).join('; ');
}

/** One cause in a few words ("own grant", "inherited from staff", ...). */
export function describeCause(c: Cause, roleName: (id: string) => string = (id) => id): string {
  switch (c.kind) {
    case 'owner':
      return 'owner role';
    case 'grant':
      return 'own grant';
    case 'inherited':
      return `inherited from ${roleName(c.from)}`;
    case 'implied':
      return `implied by ${c.by}`;
    case 'default':
      return 'not granted';
  }
}

function steps(ir: ResolvedPolicy, trace: Trace, role: string, perm: string, locate: Locate, depth: number, out: string[], seen: Set<string>): void {
  const key = `${role}\0${perm}`;
  if (seen.has(key)) return;
  seen.add(key);
  const pad = '  '.repeat(depth);
  for (const c of trace[role]?.[perm] ?? []) {
    switch (c.kind) {
      case 'owner':
        out.push(`${pad}- ${role} is an owner role: it holds every permission at its highest value`);
        break;
      case 'grant': {
        const { line, column } = locate({ file: c.file, path: c.path });
        out.push(`${pad}- own grant of ${role}: ${v(ir, perm, c.value)} (${c.file}:${line}:${column})`);
        break;
      }
      case 'inherited':
        out.push(`${pad}- inherited from ${c.from}, which holds ${v(ir, perm, c.value)}`);
        steps(ir, trace, c.from, perm, locate, depth + 1, out, seen);
        break;
      case 'implied':
        out.push(`${pad}- implied by ${c.by} (held at ${v(ir, c.by, c.byValue)}), which brings at least ${v(ir, perm, c.value)}`);
        steps(ir, trace, role, c.by, locate, depth + 1, out, seen);
        break;
      case 'default':
        out.push(`${pad}- not granted to ${role}: the lowest value ${v(ir, perm, c.value)}`);
        break;
    }
  }
}

function v(ir: ResolvedPolicy, perm: string, value: Value): string {
  return formatValueOf(ir.scales[ir.permissions[perm]!.scale]!, value);
}

/** `explain --escalation`: per role, what it may assign and edit, and where allowed steps lead. */
export function explainEscalation(ir: ResolvedPolicy): string[] {
  const out: string[] = [];
  const manage = ir.delegation.manageRoles.map((c) => `${c.permission}${c.atLeast ? `>=${c.atLeast}` : ''}`);
  const assign = ir.delegation.assignRoles.map((c) => `${c.permission}${c.atLeast ? `>=${c.atLeast}` : ''}`);
  out.push(`manage roles: ${manage.length ? manage.join(' or ') : 'owner roles only'}`);
  out.push(`assign roles: ${assign.length ? assign.join(' or ') : 'owner roles only'}`);
  for (const [id, role] of Object.entries(ir.roles)) {
    out.push('');
    out.push(`${id} (${role.name}, ${role.kind}${role.admin ? ', admin' : ''}${role.protected ? ', protected' : ''})`);
    if (role.kind === 'owner') {
      out.push('  holds every permission and every power; owner roles are reached only by owners');
      continue;
    }
    const assigns = canAssignRoles(ir, id) ? Object.keys(ir.roles).filter((t) => reaches(ir, id, t)) : [];
    const edits = canManageRoles(ir, id) ? Object.keys(ir.roles).filter((t) => t !== id && ir.roles[t]!.kind !== 'owner' && reaches(ir, id, t)) : [];
    out.push(`  may assign: ${assigns.length ? assigns.join(', ') : 'nothing'}`);
    out.push(`  may edit: ${edits.length ? edits.join(', ') : 'nothing'}`);
    const reach = reachFrom(ir, id);
    const held = [...reach.held.keys()].filter((r) => r !== id);
    if (held.length) out.push(`  a coalition started by one member can come to hold: ${held.join(', ')}`);
    if (reach.escalation) {
      const last = reach.escalation.steps.at(-1)!;
      out.push(`  ESCALATION: ${formatChain(reach.escalation.steps, { role: last.role, permission: reach.escalation.permission, value: reach.escalation.value })}`);
    } else out.push('  allowed steps lead to nothing beyond its own permissions');
  }
  return out;
}

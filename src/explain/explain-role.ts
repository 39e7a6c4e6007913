// Explains why a role holds what it holds: its own grant, which parent, which implication,
// one line per step, following inheritance and implication back to where each value was written.

import type { Origin } from '../diagnostics/diagnostic.js';
import type { Cause, ResolvedPolicy, Trace, Value } from '../ir.js';
import { formatValue } from '../resolve/values.js';

export type Locate = (origin: Origin) => { line: number; column: number };

export function explainRole(ir: ResolvedPolicy, trace: Trace, role: string, permission: string | undefined, locate: Locate): string[] {
  const r = ir.roles[role]!;
  const perms = permission === undefined ? Object.keys(ir.permissions) : [permission];
  const out: string[] = [];
  if (permission === undefined) {
    out.push(`${role} (${r.name}, ${r.kind}${r.admin ? ', admin' : ''}${r.inherits.length ? `, inherits ${r.inherits.join(', ')}` : ''})`);
    for (const p of perms) out.push(`  ${p} = ${formatValue(r.grants[p]!)}  [${summarize(trace[role]![p]!)}]`);
    return out;
  }
  out.push(`${role} holds ${permission} = ${formatValue(r.grants[permission]!)}`);
  steps(ir, trace, role, permission, locate, 1, out, new Set());
  const alts = r.allowed[permission]!;
  out.push(alts.length > 1 ? `  an administrator may set it to: ${alts.map(formatValue).join(', ')}` : '  it is fixed for this role');
  return out;
}

function summarize(causes: readonly Cause[]): string {
  return causes
    .map((c) => {
      switch (c.kind) {
        case 'owner':
          return 'owner role';
        case 'grant':
          return 'own grant';
        case 'inherited':
          return `inherited from ${c.from}`;
        case 'implied':
          return `implied by ${c.by}`;
        case 'default':
          return 'not granted';
      }
    })
    .join('; ');
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
        out.push(`${pad}- own grant of ${role}: ${v(c.value)} (${c.file}:${line}:${column})`);
        break;
      }
      case 'inherited':
        out.push(`${pad}- inherited from ${c.from}, which holds ${v(c.value)}`);
        steps(ir, trace, c.from, perm, locate, depth + 1, out, seen);
        break;
      case 'implied':
        out.push(`${pad}- implied by ${c.by} (held at ${v(c.byValue)}), which brings at least ${v(c.value)}`);
        steps(ir, trace, role, c.by, locate, depth + 1, out, seen);
        break;
      case 'default':
        out.push(`${pad}- not granted to ${role}: the lowest value ${v(c.value)}`);
        break;
    }
  }
}

function v(value: Value): string {
  return formatValue(value);
}

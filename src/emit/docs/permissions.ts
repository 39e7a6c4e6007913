// Permissions: the role x permission matrix, grouped like the source documents, and under each
// group what each permission allows, its values and its notes (plans, switches, objects,
// contexts, baseline, implications, access, role management).

import type { ResolvedPermission, ResolvedRole, ResolvedScale } from '../../ir.js';
import { allValues, equal, isLowest } from '../../resolve/values.js';
import { sameItems } from '../emit-cache.js';
import type { DocsContext } from './helpers.js';
import type { DocsPart } from './part.js';

/** The matrix column of a role, by the resolved role, with what else it was computed from. */
const COLUMNS = new WeakMap<ResolvedRole, { key: string; cells: string[] }>();

function view(ctx: DocsContext): Record<string, unknown> {
  const { ir, cache, roleIds, permIds, md, label, actionList, permLabel, roleName, planLabel, switchLabel, onAccountPlan, scaleOf, scaleValues } = ctx;

  /** Action sets: the actions an administrator may add or remove, or the exact alternatives. */
  const actionCell = (scale: ResolvedScale, held: readonly string[], alts: readonly (readonly string[])[]): string => {
    const all = [held, ...alts];
    const union = scale.levels.filter((a) => all.some((v) => v.includes(a)));
    const floor = scale.levels.filter((a) => all.every((v) => v.includes(a)));
    const between = allValues(scale).filter((v) => floor.every((a) => v.includes(a)) && (v as string[]).every((a) => union.includes(a)));
    const isRange = between.length === all.length && between.every((v) => all.some((a) => equal(a, v)));
    if (!isRange) return `${label(scale, held)} (or ${alts.map((a) => (a.length ? label(scale, a) : 'none')).join('; ')})`;
    const add = union.filter((a) => !held.includes(a));
    const remove = scale.levels.filter((a) => held.includes(a) && !floor.includes(a));
    const parts = [add.length ? `may add: ${actionList(scale, add)}` : '', remove.length ? `may remove: ${actionList(scale, remove)}` : ''].filter(Boolean);
    return `${label(scale, held)} (${parts.join('; ')})`;
  };
  const cell = (role: string, perm: string): string => {
    const p = ir.permissions[perm]!;
    const scale = ir.scales[p.scale]!;
    const r = ir.roles[role]!;
    const v = r.grants[perm]!;
    const alts = r.allowed[perm]!.filter((a) => !equal(a, v));
    if (alts.length === 0) return label(scale, v);
    if (p.kind === 'actions' && !p.single) return actionCell(scale, v as readonly string[], alts as readonly (readonly string[])[]);
    return `${label(scale, v)} (or ${alts.map((a) => (scale.single && isLowest(scale, a) ? 'none' : label(scale, a))).join(', ')})`;
  };

  const managesRoles = new Set(ir.delegation.manageRoles.map((c) => c.permission));
  const assignsRoles = new Set(ir.delegation.assignRoles.map((c) => c.permission));
  const notes = (id: string, perm: ResolvedPermission): string => {
    const out: string[] = [];
    if (perm.minPlan !== null) out.push(`needs plan ${planLabel(perm.minPlan)}${onAccountPlan(perm.minPlan) ? '' : " (not on this account's plan)"}`);
    for (const sw of perm.requires) out.push(`needs switch ${switchLabel(sw)}${ir.switches[sw]!.on ? '' : ' (off unless the account turns it on)'}`);
    if (perm.perObject !== undefined) out.push(`per ${md(ir.objects[perm.perObject]!.label)}`);
    if (perm.contexts.length) out.push(`only in ${perm.contexts.map((c) => md(ir.contexts[c]!.label)).join(', ')}`);
    if (perm.adminOnly) out.push('admin roles only');
    if (perm.ownerOnly) out.push('owner roles only');
    // A baseline stands in for a grant a role does not make, in custom roles an account creates too.
    if (perm.baseline !== null) {
      const held = Array.isArray(perm.baseline) && perm.baseline.length === 0 ? 'nothing' : label(scaleOf(id), perm.baseline);
      out.push(`every role holds ${held} unless its grants say otherwise, custom roles too`);
    }
    for (const [target, least] of Object.entries(perm.implies)) {
      const each = ir.permissions[target]!.perObject;
      out.push(`brings ${permLabel(target)} at least ${label(scaleOf(target), least)}${each === undefined ? '' : ` on every ${md(ir.objects[each]!.label)}`}`);
    }
    const kinds = [...new Set(perm.access.map((a) => a.resource))].map((k) => md(ir.resources[k]?.label ?? k));
    if (kinds.length) out.push(`gives access to ${kinds.join(', ')} (see Resources and access)`);
    const privates = Object.values(ir.resources)
      .filter((r) => r.privateNeeds === id)
      .map((r) => md(r.label));
    if (privates.length) out.push(`needed to open a private ${privates.join(' or ')}`);
    if (managesRoles.has(id)) out.push('lets a member manage roles (see Role management)');
    if (assignsRoles.has(id)) out.push('lets a member assign roles (see Role management)');
    return out.length ? out.join('; ') : '—';
  };

  // A role's column depends on its grants and allowed values and on the scales and permissions'
  // scales; watch rebuilds reuse the columns of roles that did not change (the same objects).
  const columnKey = JSON.stringify([ir.scales, permIds.map((p) => [p, ir.permissions[p]!.scale, ir.permissions[p]!.kind, ir.permissions[p]!.single])]);
  const column = (role: string): string[] => {
    const r = ir.roles[role]!;
    const kept = COLUMNS.get(r);
    if (kept?.key === columnKey) return kept.cells;
    const cells = permIds.map((p) => cell(role, p));
    COLUMNS.set(r, { key: columnKey, cells });
    return cells;
  };
  const columns: (readonly string[])[] = roleIds.map(column);
  // A role resolved again (a new object) whose column reads as before keeps its column: the
  // matrix rows below are then joined again only when a cell changed.
  if (cache) {
    const kept = new Map<string, readonly string[]>();
    roleIds.forEach((id, i) => {
      const before = cache.columns.get(id);
      if (before !== undefined && before !== columns[i] && sameItems(before, columns[i]!)) columns[i] = before;
      kept.set(id, columns[i]!);
    });
    cache.columns = kept;
  }
  // A row is joined again only when one of its cells changed: with the same permissions and as
  // many columns as before, a row is kept unless a column that is not the same array holds
  // another cell in that row.
  const joinRow = (i: number): string => columns.map((c) => ` ${c[i]!} |`).join('');
  const lastMatrix = cache?.matrix;
  let matrixCells: string[];
  if (lastMatrix && sameItems(lastMatrix.permIds, permIds) && lastMatrix.columns.length === columns.length) {
    const changed = new Set<number>();
    columns.forEach((c, j) => {
      const before = lastMatrix.columns[j]!;
      if (c !== before) for (let i = 0; i < permIds.length; i++) if (c[i] !== before[i]) changed.add(i);
    });
    matrixCells = changed.size === 0 ? lastMatrix.cells : lastMatrix.cells.map((row, i) => (changed.has(i) ? joinRow(i) : row));
  } else matrixCells = permIds.map((_, i) => joinRow(i));
  if (cache) cache.matrix = { permIds, columns, cells: matrixCells };
  const permIndex = new Map(permIds.map((p, i) => [p, i]));
  const permsOf = (group: string | null): string[] => permIds.filter((p) => ir.permissions[p]!.group === group);
  const groupRows = (perms: string[]) =>
    perms.map((p) => {
      const perm = ir.permissions[p]!;
      const flags = [perm.adminOnly ? 'admin only' : '', perm.ownerOnly ? 'owner only' : ''].filter(Boolean).join(', ');
      return { label: perm.label, flags, cellsMd: matrixCells[permIndex.get(p)!]! };
    });
  const groupDetails = (perms: string[]) =>
    perms.map((p) => {
      const perm = ir.permissions[p]!;
      const scale = ir.scales[perm.scale]!;
      return { id: p, label: perm.label, description: perm.description, valuesMd: scaleValues(scale), notesMd: notes(p, perm) };
    });
  const group = (label: string, description: string | null, perms: string[]) => ({ label, description, permissions: groupRows(perms), details: groupDetails(perms) });
  const groups = Object.entries(ir.groups)
    .map(([id, g]) => group(g.label, g.description, permsOf(id)))
    .filter((g) => g.permissions.length > 0);
  const ungrouped = permsOf(null);
  if (ungrouped.length) groups.push(group('Other permissions', null, ungrouped));

  return {
    permissionCount: permIds.length,
    // The head of every group's matrix, joined once rather than by the template for each group.
    matrixHeadMd: roleIds.map((r) => ` ${roleName(r)} |`).join(''),
    matrixRuleMd: ' --- |'.repeat(roleIds.length),
    groups,
    hasActionSets: Object.values(ir.permissions).some((p) => p.kind === 'actions' && !p.single),
  };
}

export const permissions: DocsPart = { name: 'permissions', partials: ['permission-details'], view };

// Emits generated/<name>/README.md from the Handlebars template in ./templates: the roles, the
// role x permission matrix grouped like the source documents, scales, inheritance and limits.
// Every user-supplied string goes through the `md` or `mermaid` helper; HTML escaping is off
// because the output is Markdown, not HTML.

import { readFileSync } from 'node:fs';
import Handlebars from 'handlebars';
import type { ResolvedPolicy, ResolvedScale, Value } from '../ir.js';
import { DO_NOT_EDIT } from './header.js';
import { markdownBlock, markdownInline, mermaidLabel } from './escape.js';

const TEMPLATE_DIR = new URL('../../src/emit/templates/', import.meta.url);

let compiled: Handlebars.TemplateDelegate | undefined;

function template(): Handlebars.TemplateDelegate {
  if (!compiled) {
    const hbs = Handlebars.create();
    hbs.registerHelper('md', (s: unknown) => markdownInline(String(s ?? '')));
    hbs.registerHelper('mdBlock', (s: unknown) => markdownBlock(String(s ?? '')));
    hbs.registerHelper('mermaid', (s: unknown) => mermaidLabel(String(s ?? '')));
    compiled = hbs.compile(readFileSync(new URL('readme.md.hbs', TEMPLATE_DIR), 'utf8'), { noEscape: true, strict: true });
  }
  return compiled;
}

export function emitDocs(ir: ResolvedPolicy, sourceDir: string): string {
  const roleIds = Object.keys(ir.roles);
  const label = (scale: ResolvedScale, v: Value): string => {
    if (typeof v === 'string') return markdownInline(scale.labels[v] ?? v);
    const ordered = scale.levels.filter((a) => v.includes(a));
    return ordered.length ? ordered.map((a) => markdownInline(scale.labels[a] ?? a)).join(', ') : '—';
  };
  const cell = (role: string, perm: string): string => {
    const p = ir.permissions[perm]!;
    const scale = ir.scales[p.scale]!;
    const r = ir.roles[role]!;
    const v = r.grants[perm]!;
    const alts = r.allowed[perm]!.filter((a) => (typeof a === 'string' ? a !== v : JSON.stringify(a) !== JSON.stringify(v)));
    if (alts.length === 0) return label(scale, v);
    if (p.kind === 'actions') return `${label(scale, v)} (customizable)`;
    return `${label(scale, v)} (or ${alts.map((a) => label(scale, a)).join(', ')})`;
  };
  const permsOf = (group: string | null): string[] => Object.keys(ir.permissions).filter((p) => ir.permissions[p]!.group === group);
  const groupRows = (perms: string[]) =>
    perms.map((p) => {
      const perm = ir.permissions[p]!;
      const flags = [perm.adminOnly ? 'admin only' : '', perm.ownerOnly ? 'owner only' : ''].filter(Boolean).join(', ');
      return { label: perm.label, flags, cells: roleIds.map((r) => ({ cell: cell(r, p) })) };
    });
  const groups = Object.entries(ir.groups)
    .map(([id, g]) => ({ label: g.label, description: g.description, permissions: groupRows(permsOf(id)) }))
    .filter((g) => g.permissions.length > 0);
  const ungrouped = permsOf(null);
  if (ungrouped.length) groups.push({ label: 'Other permissions', description: null, permissions: groupRows(ungrouped) });

  const limits: { name: string; value: string }[] = [];
  const l = ir.limits;
  if (l.maxRoles !== null) limits.push({ name: 'Most roles', value: String(l.maxRoles) });
  if (l.maxCustomRoles !== null) limits.push({ name: 'Most custom roles', value: String(l.maxCustomRoles) });
  limits.push({ name: 'Fewest members holding an owner role', value: String(l.minOwners) });
  limits.push({
    name: 'Roles per member',
    value: l.rolesPerMember.max === null ? `at least ${l.rolesPerMember.min}` : l.rolesPerMember.min === l.rolesPerMember.max ? `exactly ${l.rolesPerMember.min}` : `${l.rolesPerMember.min} to ${l.rolesPerMember.max}`,
  });
  if (l.reservedNames.length) limits.push({ name: 'Reserved names', value: l.reservedNames.map(markdownInline).join(', ') });
  if (ir.defaultRole) limits.push({ name: 'Default role for invitees', value: markdownInline(ir.roles[ir.defaultRole]!.name) });

  return template()({
    doNotEdit: DO_NOT_EDIT,
    sourceDir,
    title: ir.title,
    description: ir.description,
    version: ir.version,
    roleCount: roleIds.length,
    permissionCount: Object.keys(ir.permissions).length,
    roles: roleIds.map((id) => {
      const r = ir.roles[id]!;
      return { id, name: r.name, kind: r.kind, admin: r.admin, protected: r.protected, inherits: r.inherits, description: r.description, isDefault: ir.defaultRole === id };
    }),
    groups,
    scales: Object.entries(ir.scales).map(([id, s]) => ({
      id,
      label: s.label,
      values: (s.kind === 'ordered' ? s.levels.map((v) => label(s, v)).join(' < ') : `any of ${s.levels.map((v) => label(s, v)).join(', ')}`) +
        (Object.keys(s.implies).length ? ` (${Object.entries(s.implies).map(([a, bs]) => `${label(s, a)} includes ${bs.map((b) => label(s, b)).join(', ')}`).join('; ')})` : ''),
    })),
    edges: roleIds.flatMap((child) => ir.roles[child]!.inherits.map((parent) => ({ child, parent }))),
    limits,
    members: Object.entries(ir.members).map(([id, m]) => ({
      id,
      name: m.name,
      roles: m.roles.map((r) => markdownInline(ir.roles[r]!.name)).join(', ') || '—',
    })),
  })
    .replace(/\r\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .replace(/\n*$/, '\n');
}

// The editor features over one policy folder: diagnostics in LSP form, completion of ids, hover,
// go to definition, references, rename and the "did you mean" quick fixes. Pure functions of the
// folder's index and last check; the server (server.ts) wires them to the protocol.

import {
  CodeActionKind,
  CompletionItemKind,
  DiagnosticSeverity,
  MarkupKind,
  type CodeAction,
  type CompletionItem,
  type Diagnostic as LspDiagnostic,
  type DiagnosticRelatedInformation,
  type Hover,
  type Location,
  type Position,
  type Range,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import { pathToFileURL } from 'node:url';
import { fileURLToPath } from 'node:url';
import { CATALOGUE } from '../diagnostics/catalogue.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { explainRole } from '../explain/explain-role.js';
import { RELATIONS } from '../ir.js';
import { formatValue } from '../resolve/values.js';
import { cursorContext } from './context.js';
import { matches, occurrenceAt, patternsFor, type Occurrence, type Pattern, type SymbolKind } from './symbols.js';
import { keyOf, symbolKey, type FolderFile, type FolderIndex, type Located, type PolicyFolder } from './workspace.js';

// ---------------------------------------------------------------------------------------------
// Positions

const lineStarts = new WeakMap<FolderFile | object, number[]>();

/** Offsets of line starts of a text, cached per file object. */
function starts(owner: object, text: string): number[] {
  let s = lineStarts.get(owner);
  if (!s) {
    s = [0];
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) s.push(i + 1);
    lineStarts.set(owner, s);
  }
  return s;
}

export function positionAt(owner: object, text: string, offset: number): Position {
  const s = starts(owner, text);
  offset = Math.max(0, Math.min(offset, text.length));
  let lo = 0;
  let hi = s.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (s[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo, character: offset - s[lo]! };
}

/** Offset of a position; a position past a line's end or past the text is clamped into it. */
export function offsetAt(owner: object, text: string, pos: Position): number {
  const s = starts(owner, text);
  const line = Math.max(0, Math.min(Math.floor(Number(pos.line) || 0), s.length - 1));
  const lineEnd = line + 1 < s.length ? s[line + 1]! - 1 : text.length;
  const ch = Math.max(0, Math.floor(Number(pos.character) || 0));
  return Math.min(s[line]! + ch, lineEnd);
}

function rangeOf(file: FolderFile, start: number, end: number): Range {
  return { start: positionAt(file, file.text, start), end: positionAt(file, file.text, end) };
}

export function uriOf(abs: string): string {
  return pathToFileURL(abs).href;
}

export function pathOfUri(uri: string): string | undefined {
  try {
    return uri.startsWith('file:') ? fileURLToPath(uri) : undefined;
  } catch {
    return undefined;
  }
}

function locationOf(o: Located): Location {
  return { uri: uriOf(o.file.abs), range: rangeOf(o.file, o.start, o.end) };
}

// ---------------------------------------------------------------------------------------------
// Diagnostics

/** Where the catalogue documents each diagnostic: docs/diagnostics.md, shipped with the package. */
const DOCS = new URL('../../docs/diagnostics.md', import.meta.url).href;

export interface DiagnosticData {
  rule: string;
  hint?: string;
  /** The replacement a "did you mean" hint proposes. */
  fix?: string;
}

/** A compiler diagnostic in LSP form, its range widened from its position to the token there. */
export function toLspDiagnostic(d: Diagnostic, file: FolderFile | undefined, folder: PolicyFolder): LspDiagnostic {
  const range = file && d.line > 0 ? tokenRange(file, d.line, d.column) : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  const data: DiagnosticData = { rule: d.rule };
  if (d.hint !== undefined) {
    data.hint = d.hint;
    const m = /did you mean "([^"]+)"\?/.exec(d.hint);
    if (m) data.fix = m[1]!;
  }
  const entry = CATALOGUE[d.rule];
  const out: LspDiagnostic = {
    range,
    severity: d.severity === 'error' ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
    code: d.code,
    codeDescription: { href: `${DOCS}#${entry.code.toLowerCase()}-${d.rule}` },
    source: 'policyc',
    message: `${d.message} [${d.rule}]${d.hint ? `\nhint: ${d.hint}` : ''}`,
    data,
  };
  const related = relatedOf(d.message, folder);
  if (related.length) out.relatedInformation = related;
  return out;
}

/** The token at a 1-based line and column: an id, a quoted string, or the rest of the line. */
function tokenRange(file: FolderFile, line: number, column: number): Range {
  const s = starts(file, file.text);
  const lineStart = s[Math.min(line - 1, s.length - 1)]!;
  const start = Math.min(lineStart + Math.max(0, column - 1), file.text.length);
  const occ = file.symbols.occurrences.find((o) => o.start === start || (o.quoted && o.start === start + 1));
  if (occ) return rangeOf(file, occ.quoted ? occ.start - 1 : occ.start, occ.quoted ? occ.end + 1 : occ.end);
  const rest = file.text.slice(start, file.text.indexOf('\n', start) === -1 ? file.text.length : file.text.indexOf('\n', start));
  const m = /^("(?:[^"\\]|\\.)*"|'[^']*'|[^\s,[\]{}]+)/.exec(rest);
  let len = m ? m[0].length : rest.trimEnd().length;
  if (m && !/^["']/.test(m[0]) && m[0].endsWith(':')) len--;
  return rangeOf(file, start, start + Math.max(len, 0));
}

/** "policies/x/roles/a.yaml:3:5" written in a message: the other places a finding involves. */
function relatedOf(message: string, folder: PolicyFolder): DiagnosticRelatedInformation[] {
  const out: DiagnosticRelatedInformation[] = [];
  const index = folder.symbols();
  for (const m of message.matchAll(/(\S+?\.ya?ml):(\d+):(\d+)/g)) {
    const abs = folder.absOf(m[1]!);
    const file = index.files.get(abs);
    if (!file) continue;
    out.push({ location: { uri: uriOf(abs), range: tokenRange(file, Number(m[2]), Number(m[3])) }, message: 'related place' });
  }
  return out;
}

/** Quick fixes: replace the misspelt token with what the hint proposes. */
export function codeActions(uri: string, diagnostics: readonly LspDiagnostic[], text: string | undefined): CodeAction[] {
  const out: CodeAction[] = [];
  for (const d of diagnostics) {
    const data = d.data as Partial<DiagnosticData> | undefined;
    if (d.source !== 'policyc' || typeof data?.fix !== 'string') continue;
    let fix = data.fix;
    if (text !== undefined) {
      const owner = { text };
      const first = text.charAt(offsetAt(owner, text, d.range.start));
      if (first === '"' || first === "'") fix = first === '"' ? JSON.stringify(fix) : `'${fix.replace(/'/g, "''")}'`;
    }
    out.push({
      title: `Change to "${data.fix}"`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [d],
      isPreferred: true,
      edit: { changes: { [uri]: [{ range: d.range, newText: fix }] } },
    });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Definitions, references, rename

function lookup(index: FolderIndex, o: Occurrence): Located[] {
  const key = symbolKey(o, index.scales);
  return key === undefined ? [] : (index.symbols.get(key) ?? []);
}

export function definition(index: FolderIndex, file: FolderFile, offset: number): Location[] | null {
  const o = occurrenceAt(file.symbols, offset);
  if (!o) return null;
  const defs = lookup(index, o).filter((x) => x.def);
  return defs.length ? defs.map(locationOf) : null;
}

export function references(index: FolderIndex, file: FolderFile, offset: number, includeDeclaration: boolean): Location[] | null {
  const o = occurrenceAt(file.symbols, offset);
  if (!o) return null;
  return lookup(index, o)
    .filter((x) => includeDeclaration || !x.def)
    .map(locationOf);
}

const RENAMEABLE: ReadonlySet<SymbolKind> = new Set(['role', 'permission']);
const ID_PATTERN: Readonly<Record<string, RegExp>> = {
  role: /^(?!(constructor|prototype)$)[a-z][a-z0-9_]{0,63}$/,
  permission: /^(?!(constructor|prototype)$)[a-z][a-z0-9_]{0,63}(\.[a-z][a-z0-9_]{0,63}){0,7}$/,
};

export function prepareRename(file: FolderFile, offset: number): { range: Range; placeholder: string } | null {
  const o = occurrenceAt(file.symbols, offset);
  if (!o || !RENAMEABLE.has(o.kind)) return null;
  return { range: rangeOf(file, o.start, o.end), placeholder: o.id };
}

export class RenameRefused extends Error {}

/** Every place of a role or permission id, in every file of the folder, tests included. */
export function rename(index: FolderIndex, file: FolderFile, offset: number, newName: string): WorkspaceEdit | null {
  const o = occurrenceAt(file.symbols, offset);
  if (!o || !RENAMEABLE.has(o.kind)) return null;
  if (!ID_PATTERN[o.kind]!.test(newName)) throw new RenameRefused(`"${newName}" is not a valid ${o.kind} id`);
  if (newName === o.id) return { changes: {} };
  const taken = keyOf(o.kind, newName, '');
  if (taken !== undefined && (index.symbols.get(taken) ?? []).some((x) => x.def)) throw new RenameRefused(`a ${o.kind} "${newName}" already exists`);
  const changes: Record<string, TextEdit[]> = {};
  for (const x of lookup(index, o)) {
    const uri = uriOf(x.file.abs);
    (changes[uri] ??= []).push({ range: rangeOf(x.file, x.start, x.end), newText: newName });
  }
  return { changes };
}

// ---------------------------------------------------------------------------------------------
// Hover

export function hover(folder: PolicyFolder, file: FolderFile, offset: number): Hover | null {
  const o = occurrenceAt(file.symbols, offset);
  if (!o) return null;
  const index = folder.symbols();
  const r = folder.resolved;
  const lines: string[] = [];
  if (o.kind === 'role') {
    const role = r && Object.hasOwn(r.ir.roles, o.id) ? r.ir.roles[o.id]! : undefined;
    lines.push(`role **${o.id}**${role ? ` — ${role.name} (${role.kind}${role.admin ? ', admin' : ''}${role.protected ? ', protected' : ''})` : ''}`);
    if (role?.description) lines.push('', role.description.trim());
    if (role?.inherits.length) lines.push('', `inherits: ${role.inherits.join(', ')}`);
  } else if (o.kind === 'permission') {
    const p = r && Object.hasOwn(r.ir.permissions, o.id) ? r.ir.permissions[o.id]! : undefined;
    lines.push(`permission **${o.id}**${p ? ` — ${p.label}` : ''}`);
    if (p?.description) lines.push('', p.description.trim());
    if (p) lines.push('', `scale ${p.scale}: ${p.levels.join(p.kind === 'ordered' ? ' < ' : ', ')}${p.group ? ` · group ${p.group}` : ''}${p.minPlan ? ` · from plan ${p.minPlan}` : ''}${p.adminOnly ? ' · admin only' : ''}${p.ownerOnly ? ' · owner only' : ''}`);
  } else if (o.kind === 'level') {
    const scaleId = o.scope?.scale ?? (o.scope?.permission !== undefined ? index.scales.get(o.scope.permission) : undefined);
    const scale = scaleId !== undefined && r && Object.hasOwn(r.ir.scales, scaleId) ? r.ir.scales[scaleId]! : undefined;
    lines.push(`${scale?.kind === 'actions' ? 'action' : 'level'} **${o.id}**${scale?.labels[o.id] && scale.labels[o.id] !== o.id ? ` — ${scale.labels[o.id]}` : ''}`);
    if (scale && scaleId !== undefined) lines.push('', `scale ${scaleId}${scale.label ? ` (${scale.label})` : ''}: ${scale.levels.join(scale.kind === 'ordered' ? ' < ' : ', ')}`);
  } else {
    lines.push(`${o.kind} **${o.id}**`);
    const label = r ? labelOf(r.ir, o.kind, o.id) : undefined;
    if (label) lines.push('', label);
  }
  // On a grant (its permission key or its value): what the role ends up holding, and why.
  const grant = grantAt(o);
  if (grant && r && Object.hasOwn(r.ir.roles, grant.role) && Object.hasOwn(r.ir.permissions, grant.permission)) {
    const role = r.ir.roles[grant.role]!;
    lines.push('', '---', '', `**${grant.role}** (${role.name}) holds **${grant.permission}** = \`${formatValue(role.grants[grant.permission]!)}\``);
    lines.push('', '```text', ...explainRole(r.ir, r.trace, grant.role, grant.permission, r.locate), '```');
  }
  return { contents: { kind: MarkupKind.Markdown, value: lines.join('\n') }, range: rangeOf(file, o.start, o.end) };
}

/** The role and permission of a grant when the occurrence is its key or its value. */
function grantAt(o: Occurrence): { role: string; permission: string } | undefined {
  const p = o.path;
  if (p[0] === 'roles' && p[2] === 'grants' && p.length >= 4) return { role: p[1]!, permission: p[3]! };
  return undefined;
}

function labelOf(ir: NonNullable<PolicyFolder['resolved']>['ir'], kind: SymbolKind, id: string): string | undefined {
  const pick = (rec: Record<string, { label: string; description: string | null }> | undefined): string | undefined => {
    const e = rec && Object.hasOwn(rec, id) ? rec[id] : undefined;
    return e ? [e.label, e.description?.trim()].filter(Boolean).join('\n\n') : undefined;
  };
  switch (kind) {
    case 'group':
      return pick(ir.groups);
    case 'plan':
      return pick(ir.plans);
    case 'feature':
      return pick(ir.features);
    case 'object':
      return pick(ir.objects);
    case 'resource':
      return pick(ir.resources);
    case 'relation':
      return pick(ir.relations);
    case 'scale': {
      const s = Object.hasOwn(ir.scales, id) ? ir.scales[id]! : undefined;
      return s ? `${s.label ?? id}: ${s.levels.join(s.kind === 'ordered' ? ' < ' : ', ')}` : undefined;
    }
    case 'tier': {
      const n = ir.tiers && Object.hasOwn(ir.tiers.nodes, id) ? ir.tiers.nodes[id]! : undefined;
      return n ? n.name : undefined;
    }
    default:
      return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Completion

const ITEM_KIND: Readonly<Record<SymbolKind, CompletionItemKind>> = {
  role: CompletionItemKind.Class,
  permission: CompletionItemKind.Property,
  level: CompletionItemKind.EnumMember,
  scale: CompletionItemKind.Enum,
  group: CompletionItemKind.Module,
  plan: CompletionItemKind.Constant,
  feature: CompletionItemKind.Constant,
  resource: CompletionItemKind.Struct,
  action: CompletionItemKind.Event,
  tier: CompletionItemKind.Folder,
  member: CompletionItemKind.Variable,
  relation: CompletionItemKind.Keyword,
  object: CompletionItemKind.TypeParameter,
};

/** Ids that fit where the cursor is, from the folder's definitions; [] where no id fits. */
export function complete(folder: PolicyFolder, text: string, test: boolean, offset: number): CompletionItem[] {
  const ctx = cursorContext(text, offset);
  if (!ctx) return [];
  const pattern = patternsFor(test).find((p) => p.at === ctx.at && matches(p.path, ctx.path));
  if (!pattern) return [];
  const index = folder.symbols();
  const owner = { text };
  const range: Range = { start: positionAt(owner, text, ctx.start), end: positionAt(owner, text, offset) };
  const ids = candidates(folder, index, pattern, ctx.path, ctx.siblings);
  return ids.map(({ id, detail, doc }, i) => ({
    label: id,
    kind: ITEM_KIND[pattern.kind],
    ...(detail ? { detail } : {}),
    ...(doc ? { documentation: { kind: MarkupKind.Markdown, value: doc } } : {}),
    sortText: String(i).padStart(5, '0'),
    textEdit: { range, newText: id },
  }));
}

interface Candidate {
  id: string;
  detail?: string;
  doc?: string;
}

function candidates(folder: PolicyFolder, index: FolderIndex, pattern: Pattern, path: readonly string[], siblings: Record<string, string>): Candidate[] {
  const ir = folder.resolved?.ir;
  // Relations: the defaults, then those the policy declares (found in the index like any definition).
  const defaults: Candidate[] = pattern.kind === 'relation' ? RELATIONS.map((id) => ({ id, detail: 'default relation' })) : [];
  let scope = '';
  if (pattern.kind === 'level' || pattern.kind === 'action') {
    const rule = pattern.scope;
    let s: string | undefined;
    if (rule && 'scale' in rule) s = path[rule.scale];
    else if (rule && 'permission' in rule) s = index.scales.get(path[rule.permission] ?? '');
    else if (rule && 'siblingPermission' in rule) s = siblings.permission === undefined ? undefined : index.scales.get(siblings.permission);
    else if (rule && 'resource' in rule) s = path[rule.resource];
    else if (rule && 'siblingResource' in rule) s = siblings.resource;
    if (s === undefined) return [];
    scope = s;
  }
  const prefix = `${pattern.kind}\0${scope}\0`;
  const out: Candidate[] = [];
  for (const [key, list] of index.symbols) {
    if (!key.startsWith(prefix)) continue;
    const def = list.find((x) => x.def);
    if (!def) continue;
    out.push({ id: def.id, ...describe(ir, pattern.kind, def.id, scope), order: def } as Candidate & { order: Located });
  }
  // Definition order (file, then position): levels lowest first, roles and permissions as written.
  const rank = (c: Candidate): [string, number] => {
    const d = (c as Candidate & { order: Located }).order;
    return [d.file.rel, d.start];
  };
  const found = out
    .sort((a, b) => {
      const [fa, sa] = rank(a);
      const [fb, sb] = rank(b);
      return fa < fb ? -1 : fa > fb ? 1 : sa - sb;
    })
    .map(({ id, detail, doc }) => ({ id, ...(detail ? { detail } : {}), ...(doc ? { doc } : {}) }));
  return [...defaults, ...found];
}

function describe(ir: NonNullable<PolicyFolder['resolved']>['ir'] | undefined, kind: SymbolKind, id: string, scope: string): { detail?: string; doc?: string } {
  if (!ir) return {};
  if (kind === 'role' && Object.hasOwn(ir.roles, id)) {
    const r = ir.roles[id]!;
    return { detail: `${r.name} (${r.kind})`, ...(r.description ? { doc: r.description } : {}) };
  }
  if (kind === 'permission' && Object.hasOwn(ir.permissions, id)) {
    const p = ir.permissions[id]!;
    return { detail: `${p.label} (${p.levels.join(p.kind === 'ordered' ? ' < ' : ', ')})`, ...(p.description ? { doc: p.description } : {}) };
  }
  if (kind === 'level' && Object.hasOwn(ir.scales, scope)) {
    const label = ir.scales[scope]!.labels[id];
    return label && label !== id ? { detail: label } : {};
  }
  const label = labelOf(ir, kind, id);
  return label ? { detail: label.split('\n')[0]! } : {};
}

// Renders a diff report: text for a terminal (colour optional), Markdown for a pull-request
// comment or a job summary, JSON for tools. Every format lists escalations first.

import { markdownInline } from '../emit/escape.js';
import { byImpact, countImpacts, summarizeCounts, type Change, type Impact } from './change.js';
import { showValue } from './compare.js';
import type { DiffReport } from './diff-policy.js';

export type DiffFormat = 'text' | 'markdown' | 'json';
export const DIFF_FORMATS: readonly DiffFormat[] = ['text', 'markdown', 'json'];

/** "3 escalations, 1 restriction in userlike" or "no changes in userlike, helpdesk". */
export function summarizeDiff(report: DiffReport): string {
  const changed = report.policies.filter((p) => report.changes.some((c) => c.policy === p));
  const where = changed.length ? changed : report.policies;
  return `${summarizeCounts(countImpacts(report.changes))} in ${where.length ? where.join(', ') : 'no policy'}`;
}

const MARK: Record<Impact, string> = { escalation: '+', restriction: '-', neutral: '~' };

export function formatDiffText(report: DiffReport, opts: { color: boolean }): string {
  const paint = (code: string) => (s: string) => (opts.color ? `\x1b[${code}m${s}\x1b[0m` : s);
  const colour: Record<Impact, (s: string) => string> = { escalation: paint('31;1'), restriction: paint('32'), neutral: paint('2') };
  const bold = paint('1');
  const out = [`${bold(`${report.base} -> ${report.head}`)}: ${summarizeDiff(report)}`];
  for (const policy of report.policies) {
    const changes = byImpact(report.changes.filter((c) => c.policy === policy));
    if (changes.length === 0) continue;
    // With one policy the first line already says it all.
    if (report.policies.length > 1) out.push('', `${bold(policy)}: ${summarizeCounts(countImpacts(changes))}`);
    for (const c of changes) out.push(`  ${colour[c.impact](`${MARK[c.impact]} ${c.impact.padEnd(11)}`)}  ${printable(c.message)}`);
  }
  return out.join('\n') + '\n';
}

/** Names come from policy files: control characters (escape sequences, newlines) are shown, not obeyed. */
function printable(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

const JSON_FIELDS = [
  'policy',
  'kind',
  'impact',
  'role',
  'permission',
  'member',
  'scale',
  'group',
  'plan',
  'feature',
  'switch',
  'context',
  'object',
  'quota',
  'resource',
  'relation',
  'exception',
  'rule',
  'tier',
  'field',
  'from',
  'to',
  'cause',
  'grants',
  'message',
] as const;

export function formatDiffJson(report: DiffReport): string {
  const changes = report.changes.map((c) => {
    const o: Record<string, unknown> = {};
    // In a fixed order; JSON.stringify leaves out the fields a change lacks (undefined).
    for (const f of JSON_FIELDS) o[f] = c[f];
    return o;
  });
  const json = { base: report.base, head: report.head, policies: report.policies, summary: countImpacts(report.changes), changes };
  return JSON.stringify(json, null, 2) + '\n';
}

/** First line of the Markdown output, so that a workflow can find and update its own comment. */
export const MARKDOWN_MARKER = '<!-- policyc diff -->';

/** GitHub rejects comments over 65,536 characters; stay below it with room for the note. */
const MARKDOWN_LIMIT = 60_000;

const ICON: Record<Impact, string> = { escalation: '⚠️ escalation', restriction: 'restriction', neutral: 'neutral' };

/** A one-line summary, the escalations, then a table per role and one for everything else. */
export function formatDiffMarkdown(report: DiffReport): string {
  const md = markdownInline;
  const multi = report.policies.length > 1;
  const out: string[] = [MARKDOWN_MARKER];
  const summary = `**Policy diff** (${md(report.base)} → ${md(report.head)}): ${md(summarizeDiff(report))}`;
  out.push(summary, '');
  if (report.changes.length === 0) {
    out.push('No change in effective permissions, roles, members or limits.');
    return out.join('\n') + '\n';
  }
  const escalations = report.changes.filter((c) => c.impact === 'escalation');
  if (escalations.length) {
    out.push('### Escalations', '');
    for (const c of escalations) out.push(`- ${multi ? `${md(c.policy)}: ` : ''}${prose(c.message)}`);
    out.push('');
  }
  for (const policy of report.policies) {
    const changes = report.changes.filter((c) => c.policy === policy);
    if (changes.length === 0) continue;
    const prefix = multi ? `${md(policy)}: ` : '';
    if (multi) out.push(`### ${md(policy)}`, '', md(summarizeCounts(countImpacts(changes))), '');
    const byRole = new Map<string, Change[]>();
    for (const c of changes) if (c.role !== undefined) byRole.set(c.role, [...(byRole.get(c.role) ?? []), c]);
    for (const [role, list] of byRole) {
      const rows = byImpact(list);
      out.push(`#### ${prefix}role ${code(role)}`, '', '| impact | change | permission | from | to | cause |', '| --- | --- | --- | --- | --- | --- |');
      for (const c of rows) {
        out.push(row([ICON[c.impact], changeWord(c), c.permission ? code(c.permission) : '', cell(c.from), cell(c.to), c.cause ? md(c.cause) : '']));
        // A new role's permissions, so the reviewer sees what it holds without opening the files.
        for (const [p, v] of Object.entries(c.grants ?? {})) out.push(row(['', 'holds', code(p), '', cell(v), '']));
      }
      out.push('');
    }
    const rest = byImpact(changes.filter((c) => c.role === undefined));
    if (rest.length) {
      out.push(`#### ${prefix}other changes`, '', '| impact | change |', '| --- | --- |');
      for (const c of rest) out.push(row([ICON[c.impact], prose(c.message)]));
      out.push('');
    }
  }
  return truncate(out).join('\n') + '\n';
}

function changeWord(c: Change): string {
  switch (c.kind) {
    case 'grant-raised':
      return 'raised';
    case 'grant-lowered':
      return 'lowered';
    case 'grant-changed':
      return 'changed';
    case 'allowed-changed':
      return 'may be set to';
    case 'inherits-changed':
      return 'inherits';
    case 'role-added':
      return 'role added';
    case 'role-removed':
      return 'role removed';
    case 'role-renamed':
      return 'renamed';
    default:
      return markdownInline(c.field ?? c.kind);
  }
}

/** A message in Markdown: escaped, with a real arrow for "->". */
function prose(message: string): string {
  return markdownInline(message).replaceAll(' \\-\\> ', ' → ');
}

function row(cells: string[]): string {
  return `| ${cells.join(' | ')} |`;
}

function cell(v: Change['from']): string {
  return v === undefined ? '' : markdownInline(showValue(v));
}

/** Ids are plain ASCII by the schema; anything else is escaped rather than put in a code span. */
function code(id: string): string {
  return /^[A-Za-z0-9._@+-]+$/.test(id) ? `\`${id}\`` : markdownInline(id);
}

function truncate(lines: string[]): string[] {
  let size = 0;
  for (let i = 0; i < lines.length; i++) {
    size += lines[i]!.length + 1;
    if (size > MARKDOWN_LIMIT) {
      const kept = lines.slice(0, i);
      // Close a table cleanly: a note inside one would become a broken row.
      return [...kept, '', `_Output truncated after ${kept.length} lines; run \`policyc diff\` locally for the full list._`];
    }
  }
  return lines;
}

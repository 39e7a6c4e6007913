// The diff formats: JSON's shape, the Markdown comment (a checked-in snapshot, escaping of every
// string from a policy, the size limit of a comment) and the text output.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Change } from '../../src/diff/change.js';
import { diffPolicies, type DiffReport } from '../../src/diff/diff-policy.js';
import { formatDiffJson, formatDiffMarkdown, formatDiffText, MARKDOWN_MARKER } from '../../src/diff/format-diff.js';
import { checkFiles } from '../helpers.js';
import { HELPDESK } from './git-repo.js';

function fixtureFiles(): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const e of readdirSync(d)) {
      const p = join(d, e);
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(HELPDESK, p)] = readFileSync(p, 'utf8');
    }
  };
  walk(HELPDESK);
  return out;
}

function side(files: Record<string, string>, name = 'helpdesk') {
  const r = checkFiles(files, name);
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return { name, ir: r.ir!, trace: r.trace! };
}

function edited(edits: [string, string, string][]): Record<string, string> {
  const files = fixtureFiles();
  for (const [file, from, to] of edits) {
    expect(files[file]).toContain(from);
    files[file] = files[file]!.replace(from, to);
  }
  return files;
}

/** Changes of every impact: raised and inherited grants, a new role, lost grants, a new display name, a member, a limit. */
function report(): DiffReport {
  const head = edited([
    ['roles/staff.yaml', '      tickets.view: { default: edit, allowed: [read] }\n', '      tickets.view: { default: edit, allowed: [read] }\n      misc.flag: on\n'],
    ['roles/staff.yaml', '      tickets.reports: [update]', '      tickets.reports: [read]'],
    ['roles/staff.yaml', 'name: Night shift オペレーター', 'name: Nachtschicht'],
    ['roles/admin.yaml', 'roles:\n', 'roles:\n  auditor:\n    name: Auditor\n    kind: custom\n    grants:\n      tickets.reports: [read, export]\n'],
    ['members.yaml', 'bo: { roles: [agent, analyst] }', 'bo: { roles: [agent, analyst] }\n  cy: { roles: [auditor] }'],
    ['policy.yaml', 'maxCustomRoles: 5', 'maxCustomRoles: 6'],
  ]);
  return diffPolicies([side(fixtureFiles())], [side(head)], { base: 'origin/main', head: 'working tree' });
}

describe('json', () => {
  it('has base, head, policies, a summary and one object per change', () => {
    const json = JSON.parse(formatDiffJson(report())) as { changes: Change[]; summary: unknown; base: string; head: string; policies: string[] };
    expect(Object.keys(json)).toEqual(['base', 'head', 'policies', 'summary', 'changes']);
    expect(json).toMatchObject({ base: 'origin/main', head: 'working tree', policies: ['helpdesk'], summary: { escalation: 5, restriction: 3, neutral: 1 } });
    expect(json.changes).toContainEqual({
      policy: 'helpdesk',
      kind: 'grant-raised',
      impact: 'escalation',
      role: 'night_shift',
      permission: 'misc.flag',
      from: 'off',
      to: 'on',
      cause: 'inherited from agent',
      message: 'role night_shift: misc.flag off -> on (inherited from agent)',
    });
    expect(json.changes).toContainEqual(
      expect.objectContaining({ kind: 'grant-lowered', impact: 'restriction', role: 'analyst', permission: 'tickets.reports', from: ['read', 'update'], to: ['read'] }),
    );
    for (const c of json.changes) {
      expect(Object.keys(c).slice(0, 3)).toEqual(['policy', 'kind', 'impact']);
      expect(['escalation', 'restriction', 'neutral']).toContain(c.impact);
    }
  });
});

describe('markdown', () => {
  it('matches the checked-in comment: summary line, escalations first, a table per role', async () => {
    const md = formatDiffMarkdown(report());
    await expect(md).toMatchFileSnapshot('expected/helpdesk-diff.md');
    const lines = md.split('\n');
    expect(lines[0]).toBe(MARKDOWN_MARKER);
    expect(lines[1]).toBe('**Policy diff** (origin/main → working tree): 5 escalations, 3 restrictions, 1 neutral change in helpdesk');
    expect(md.indexOf('### Escalations')).toBeLessThan(md.indexOf('#### role'));
  });

  it('escapes every string that comes from a policy, a folder name or a revision', () => {
    const head = edited([['roles/admin.yaml', 'roles:\n', 'roles:\n  evil:\n    name: "A|B <img src=x onerror=alert(1)> **bold** [link](http://x) `tick`"\n    kind: custom\n    grants:\n      misc.flag: on\n']]);
    const r = diffPolicies([side(fixtureFiles(), 'we|rd <b>')], [side(head, 'we|rd <b>')], { base: 'feature|`x`', head: '<head>' });
    const md = formatDiffMarkdown(r);
    expect(md).not.toMatch(/<img|<b>|<head>|\*\*bold|\[link\]\(/);
    expect(md).toContain('A\\|B &lt;img');
    // Every table row keeps its columns: no pipe from the policy text splits a cell.
    for (const line of md.split('\n').filter((l) => l.startsWith('|'))) {
      const cells = line.split(/(?<!\\)\|/).length - 2;
      expect([2, 6]).toContain(cells);
    }
  });

  it('says so when nothing changed', () => {
    const r = diffPolicies([side(fixtureFiles())], [side(fixtureFiles())], { base: 'main', head: 'working tree' });
    expect(formatDiffMarkdown(r)).toBe(`${MARKDOWN_MARKER}\n**Policy diff** (main → working tree): no changes in helpdesk\n\nNo change in effective permissions, roles, members or limits.\n`);
  });

  it('stays below the size limit of a pull-request comment', () => {
    const one = report();
    const many: Change[] = [];
    for (let i = 0; i < 400; i++) many.push(...one.changes.map((c) => ({ ...c, role: c.role && `${c.role}_${i}` })));
    const md = formatDiffMarkdown({ ...one, changes: many });
    expect(md.length).toBeLessThan(65_536);
    expect(md.trimEnd().split('\n').at(-1)).toMatch(/^_Output truncated after \d+ lines; run `policyc diff` locally for the full list\._$/);
  });
});

describe('text', () => {
  it('lists escalations first with a mark, and colours only when asked', () => {
    const plain = formatDiffText(report(), { color: false });
    const lines = plain.trimEnd().split('\n');
    expect(lines[0]).toBe('origin/main -> working tree: 5 escalations, 3 restrictions, 1 neutral change in helpdesk');
    expect(lines.slice(1).map((l) => l.slice(2, 3))).toEqual(['+', '+', '+', '+', '+', '-', '-', '-', '~']);
    expect(plain).not.toContain('\x1b[');
    expect(formatDiffText(report(), { color: true })).toContain('\x1b[31;1m+ escalation');
  });

  it('shows control characters from policy text instead of sending them to the terminal', () => {
    const head = edited([['roles/staff.yaml', 'name: Night shift オペレーター', 'name: "Night\\x1b[2J\\nshift"']]);
    const text = formatDiffText(diffPolicies([side(fixtureFiles())], [side(head)], { base: 'a', head: 'b' }), { color: false });
    expect(text).toContain('display name Night shift オペレーター -> Night\\u001b[2J\\u000ashift');
    expect(text).not.toContain('\x1b');
    expect(text.trimEnd().split('\n')).toHaveLength(2);
  });
});

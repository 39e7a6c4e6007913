// The diff formats on small hand-made reports: the exact text lines with and without colour, the
// Markdown's headings and tables for one policy and for several, the JSON fields, and the
// summary line. test/diff/format-diff.test.ts compares a real diff with its checked-in comment.

import { describe, expect, it } from 'vitest';
import type { Change, Impact } from '../../src/diff/change.js';
import type { DiffReport } from '../../src/diff/diff-policy.js';
import { DIFF_FORMATS, formatDiffJson, formatDiffMarkdown, formatDiffText, MARKDOWN_MARKER, summarizeDiff } from '../../src/diff/format-diff.js';

const change = (policy: string, impact: Impact, message: string, extra: Partial<Change> = {}): Change => ({ policy, kind: 'limit-changed', impact, message, ...extra });
const report = (policies: string[], changes: Change[]): DiffReport => ({ base: 'main', head: 'work', policies, changes });

const MIXED = report(['p'], [
  change('p', 'neutral', 'n1'),
  change('p', 'restriction', 'r1'),
  change('p', 'escalation', 'e1'),
]);

describe('summary line', () => {
  it.each([
    ['nothing compared', report([], []), 'no changes in no policy'],
    ['nothing changed: every policy named', report(['a', 'b'], []), 'no changes in a, b'],
    ['only the policies that changed', report(['a', 'b', 'c'], [change('b', 'escalation', 'x'), change('c', 'neutral', 'y')]), '1 escalation, 1 neutral change in b, c'],
  ] as const)('%s', (_name, r, want) => {
    expect(summarizeDiff(r)).toBe(want);
  });

  it('lists the formats the command takes', () => {
    expect(DIFF_FORMATS).toEqual(['text', 'markdown', 'json']);
  });
});

describe('text', () => {
  it('without colour: one line per change, escalations first', () => {
    expect(formatDiffText(MIXED, { color: false })).toBe('main -> work: 1 escalation, 1 restriction, 1 neutral change in p\n  + escalation   e1\n  - restriction  r1\n  ~ neutral      n1\n');
  });

  it('with colour: bold heading, red escalations, green restrictions, dim neutral changes', () => {
    expect(formatDiffText(MIXED, { color: true })).toBe(
      '\x1b[1mmain -> work\x1b[0m: 1 escalation, 1 restriction, 1 neutral change in p\n' +
        '  \x1b[31;1m+ escalation \x1b[0m  e1\n' +
        '  \x1b[32m- restriction\x1b[0m  r1\n' +
        '  \x1b[2m~ neutral    \x1b[0m  n1\n',
    );
  });

  it('several policies: a heading for each that changed', () => {
    const r = report(['a', 'b', 'c'], [change('c', 'neutral', 'n'), change('a', 'restriction', 'r')]);
    expect(formatDiffText(r, { color: false })).toBe('main -> work: 1 restriction, 1 neutral change in a, c\n\na: 1 restriction\n  - restriction  r\n\nc: 1 neutral change\n  ~ neutral      n\n');
    expect(formatDiffText(r, { color: true })).toContain('\n\x1b[1ma\x1b[0m: 1 restriction\n');
  });
});

describe('markdown', () => {
  it('no escalation: no escalations heading', () => {
    const md = formatDiffMarkdown(report(['p'], [change('p', 'restriction', 'r1')]));
    expect(md).toBe(`${MARKDOWN_MARKER}\n**Policy diff** (main → work): 1 restriction in p\n\n#### other changes\n\n| impact | change |\n| --- | --- |\n| restriction | r1 |\n\n`);
  });

  it('several policies: escalations named by policy, a section per policy that changed', () => {
    const r = report(['a', 'b', 'c'], [
      change('a', 'escalation', 'x -> y', { kind: 'grant-raised', role: 'agent', permission: 'tickets', from: 'read', to: 'edit', cause: 'own grant' }),
      change('c', 'neutral', 'n1'),
    ]);
    expect(formatDiffMarkdown(r).split('\n')).toEqual([
      MARKDOWN_MARKER,
      '**Policy diff** (main → work): 1 escalation, 1 neutral change in a, c',
      '',
      '### Escalations',
      '',
      '- a: x → y',
      '',
      '### a',
      '',
      '1 escalation',
      '',
      '#### a: role `agent`',
      '',
      '| impact | change | permission | from | to | cause |',
      '| --- | --- | --- | --- | --- | --- |',
      '| ⚠️ escalation | raised | `tickets` | read | edit | own grant |',
      '',
      '### c',
      '',
      '1 neutral change',
      '',
      '#### c: other changes',
      '',
      '| impact | change |',
      '| --- | --- |',
      '| neutral | n1 |',
      '',
      '',
    ]);
  });

  it.each([
    ['grant-raised', 'raised'],
    ['grant-lowered', 'lowered'],
    ['grant-changed', 'changed'],
    ['allowed-changed', 'may be set to'],
    ['inherits-changed', 'inherits'],
    ['role-added', 'role added'],
    ['role-removed', 'role removed'],
    ['role-renamed', 'renamed'],
    ['role-changed', 'name'],
    ['member-changed', 'member\\-changed'],
  ] as const)('a role row for %s says "%s"', (kind, word) => {
    const c = change('p', 'neutral', 'm', { kind, role: 'r', ...(kind === 'role-changed' ? { field: 'name' } : {}) });
    expect(formatDiffMarkdown(report(['p'], [c]))).toContain(`\n| neutral | ${word} |  |  |  |  |\n`);
  });

  it.each([
    ['agent', '`agent`'],
    ['a.b_c@d+e-f9', '`a.b_c@d+e-f9`'],
    ['x y', 'x y'],
    ['x`y', 'x\\`y'],
    ['é', 'é'],
  ] as const)('role id %j is shown as %s', (id, shown) => {
    expect(formatDiffMarkdown(report(['p'], [change('p', 'neutral', 'm', { role: id })]))).toContain(`\n#### role ${shown}\n`);
  });

  it('a new role lists what it holds; empty cells stay empty', () => {
    const c = change('p', 'escalation', 'm', { kind: 'role-added', role: 'r', grants: { tickets: 'read', reports: ['read', 'export'] } });
    const lines = formatDiffMarkdown(report(['p'], [c])).split('\n');
    expect(lines.filter((l) => l.startsWith('| '))).toEqual([
      '| impact | change | permission | from | to | cause |',
      '| --- | --- | --- | --- | --- | --- |',
      '| ⚠️ escalation | role added |  |  |  |  |',
      '|  | holds | `tickets` |  | read |  |',
      '|  | holds | `reports` |  | \\[read, export\\] |  |',
    ]);
  });
});

describe('markdown size limit', () => {
  const sized = (n: number) => formatDiffMarkdown(report(['p'], [change('p', 'neutral', 'x'.repeat(n))]));
  const fits = 60_000 - sized(0).length;
  it.each([
    ['exactly at the limit: kept whole', fits, false],
    ['one character under: kept whole', fits - 1, false],
    ['one character over: cut before the line that crosses it', fits + 1, true],
  ] as const)('%s', (_name, n, cut) => {
    const md = sized(n);
    // The last line (empty, after the table) is the one that crosses the limit.
    const note = '_Output truncated after 8 lines; run `policyc diff` locally for the full list._';
    expect([md.length === 60_000 + n - fits, md.endsWith(`\n${note}\n`)]).toEqual([!cut, cut]);
  });
});

describe('json', () => {
  it('carries the fields a change has, in a fixed order, and none it lacks', () => {
    const c = change('p', 'escalation', 'm', { message: 'm', kind: 'grant-raised', to: 'edit', role: 'r', from: null, permission: 'tickets' });
    const json = JSON.parse(formatDiffJson(report(['p'], [c]))) as { changes: Record<string, unknown>[]; summary: unknown };
    expect(json.summary).toEqual({ escalation: 1, restriction: 0, neutral: 0 });
    expect(Object.entries(json.changes[0]!)).toEqual([
      ['policy', 'p'],
      ['kind', 'grant-raised'],
      ['impact', 'escalation'],
      ['role', 'r'],
      ['permission', 'tickets'],
      ['from', null],
      ['to', 'edit'],
      ['message', 'm'],
    ]);
  });
});

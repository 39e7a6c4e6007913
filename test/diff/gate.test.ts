// The diff gate: `policyc diff <base> <head> --fail-on escalation|any|none` turned into an exit
// code, at the boundaries that matter (no change, exactly one change of each impact, several).
// Run in process on two folders, so that no git repository is needed.

import { describe, expect, it } from 'vitest';
import { cli, MINIMAL, writeTree } from '../helpers.js';

/** Head versions of MINIMAL with a known number of changes of each impact. */
const HEADS = {
  none: MINIMAL,
  oneNeutral: MINIMAL.replace('title: Minimal', 'title: Renamed'),
  oneRestriction: MINIMAL.replace('tickets: edit', 'tickets: read'),
  oneEscalation: MINIMAL.replace('tickets: edit', 'tickets: edit\n      billing: on'),
  twoEscalations: MINIMAL.replace('tickets: edit', 'tickets: edit\n      billing: on').replace('  owner: { name: Owner, kind: owner }', '  owner: { name: Owner, kind: owner }\n  viewer: { name: Viewer, grants: { tickets: read } }'),
  escalationAndRestriction: MINIMAL.replace('tickets: edit', 'tickets: read\n      billing: on'),
} as const;

type Head = keyof typeof HEADS;

async function gate(head: Head, failOn: string | undefined) {
  const root = writeTree({ 'base/policy.yaml': MINIMAL, 'head/policy.yaml': HEADS[head] });
  const r = await cli(['diff', 'base', 'head', '--format', 'json', ...(failOn === undefined ? [] : ['--fail-on', failOn])], root);
  const report = JSON.parse(r.stdout) as { summary: Record<string, number>; changes: unknown[] };
  return { code: r.code, stderr: r.stderr, summary: report.summary, count: report.changes.length };
}

describe('the diff gate', () => {
  it.each<[Head, { escalation: number; restriction: number; neutral: number }]>([
    ['none', { escalation: 0, restriction: 0, neutral: 0 }],
    ['oneNeutral', { escalation: 0, restriction: 0, neutral: 1 }],
    ['oneRestriction', { escalation: 0, restriction: 1, neutral: 0 }],
    ['oneEscalation', { escalation: 1, restriction: 0, neutral: 0 }],
    ['twoEscalations', { escalation: 2, restriction: 0, neutral: 0 }],
    ['escalationAndRestriction', { escalation: 1, restriction: 1, neutral: 0 }],
  ])('the %s head has the changes the gate rows count on', async (head, summary) => {
    expect((await gate(head, undefined)).summary).toEqual(summary);
  });

  it.each<[Head, string | undefined, number, string]>([
    // No change passes every gate.
    ['none', 'any', 0, ''],
    ['none', 'escalation', 0, ''],
    ['none', 'none', 0, ''],
    // Exactly one change of any kind fails --fail-on any.
    ['oneNeutral', 'any', 1, 'policyc: 1 change (--fail-on any)\n'],
    ['oneRestriction', 'any', 1, 'policyc: 1 change (--fail-on any)\n'],
    ['oneEscalation', 'any', 1, 'policyc: 1 change (--fail-on any)\n'],
    ['escalationAndRestriction', 'any', 1, 'policyc: 2 changes (--fail-on any)\n'],
    // Exactly one escalation fails --fail-on escalation; restrictions and neutral changes pass it.
    ['oneEscalation', 'escalation', 1, 'policyc: 1 escalation (--fail-on escalation)\n'],
    ['twoEscalations', 'escalation', 1, 'policyc: 2 escalations (--fail-on escalation)\n'],
    ['escalationAndRestriction', 'escalation', 1, 'policyc: 1 escalation (--fail-on escalation)\n'],
    ['oneRestriction', 'escalation', 0, ''],
    ['oneNeutral', 'escalation', 0, ''],
    // none, the default, never fails.
    ['oneEscalation', 'none', 0, ''],
    ['oneEscalation', undefined, 0, ''],
  ])('%s with --fail-on %s exits %i', async (head, failOn, code, stderr) => {
    const r = await gate(head, failOn);
    expect([r.code, r.stderr]).toEqual([code, stderr]);
  });

  it('an unknown --fail-on value is a usage error', async () => {
    const r = await cli(['diff', 'base', 'head', '--fail-on', 'some'], writeTree({ 'base/policy.yaml': MINIMAL, 'head/policy.yaml': MINIMAL }));
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
  });
});

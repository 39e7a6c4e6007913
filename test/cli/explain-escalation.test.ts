// `policyc explain <dir> --escalation`: the delegation analysis per role, its exit code (1 when
// the policy has escalation findings, which it still explains) and the chain it names as witness.

import { describe, expect, it } from 'vitest';
import { bin, cli, MINIMAL, ROOT, writeTree } from '../helpers.js';

const CHAINS = 'test/fixtures/rules/escalation-path';
const CLEAN = 'test/fixtures/golden/helpdesk';

/** The lines of one role's block: from its heading to the next blank line. */
function block(stdout: string, role: string): string[] {
  const lines = stdout.split('\n');
  const start = lines.findIndex((l) => l.startsWith(`${role} (`));
  expect(start).toBeGreaterThanOrEqual(0);
  const end = lines.indexOf('', start);
  return lines.slice(start, end === -1 ? undefined : end);
}

/** The diagnostics of pretty output (explain prints text; its findings come as `file:line:col - error CODE rule:`). */
function located(stderr: string): { code: string; rule: string; severity: string; line: number; column: number }[] {
  return [...stderr.matchAll(/^.*?:(\d+):(\d+) - (error|warning) (PC\d+) ([a-z-]+):/gm)].map((m) => ({ line: Number(m[1]), column: Number(m[2]), severity: m[3]!, code: m[4]!, rule: m[5]! }));
}

describe('explain --escalation', () => {
  it('names the chain of each escalation, reports the findings and exits 1', async () => {
    const r = await cli(['explain', CHAINS, '--escalation'], ROOT);
    expect(r.code).toBe(1);
    // The findings go to stderr with their codes and positions; the explanation to stdout.
    const findings = located(r.stderr);
    expect(findings.map((d) => [d.code, d.rule, d.line, d.column])).toEqual([
      ['PC4018', 'escalation-path', 13, 3],
      ['PC4018', 'escalation-path', 17, 3],
    ]);
    expect(r.stdout.split('\n').slice(0, 2)).toEqual(['manage roles: roles.manage>=edit', 'assign roles: team.assign>=edit']);
    expect(block(r.stdout, 'senior_agent')).toEqual([
      'senior_agent (Senior agent, builtin, protected)',
      '  may assign: team_lead',
      '  may edit: team_lead',
      '  a coalition started by one member can come to hold: team_lead, auditor',
      '  ESCALATION: senior_agent assigns team_lead -> team_lead assigns auditor -> team_lead edits auditor -> auditor gains settings.brand=edit',
    ]);
    expect(block(r.stdout, 'team_lead')).toEqual([
      'team_lead (Team lead, builtin)',
      '  may assign: team_lead, auditor',
      '  may edit: auditor',
      '  a coalition started by one member can come to hold: auditor',
      '  ESCALATION: team_lead assigns auditor -> team_lead edits auditor -> auditor gains settings.brand=edit',
    ]);
    expect(block(r.stdout, 'auditor')).toEqual(['auditor (Auditor, builtin, protected)', '  may assign: nothing', '  may edit: nothing', '  allowed steps lead to nothing beyond its own permissions']);
    expect(block(r.stdout, 'owner')).toEqual(['owner (Owner, owner, protected)', '  holds every permission and every power; owner roles are reached only by owners']);
  });

  it('a policy without findings exits 0 and says where each role can go', async () => {
    const r = await cli(['explain', CLEAN, '--escalation'], ROOT);
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(r.stdout).not.toContain('ESCALATION');
    expect(block(r.stdout, 'admin').slice(1)).toEqual([
      '  may assign: admin, agent, analyst, night_shift',
      '  may edit: agent, analyst, night_shift',
      '  a coalition started by one member can come to hold: agent, analyst, night_shift',
      '  allowed steps lead to nothing beyond its own permissions',
    ]);
    expect(block(r.stdout, 'agent').slice(1)).toEqual(['  may assign: nothing', '  may edit: nothing', '  allowed steps lead to nothing beyond its own permissions']);
  });

  it('without delegation only owner roles manage and assign roles', async () => {
    const r = await cli(['explain', writeTree({ 'policy.yaml': MINIMAL }), '--escalation'], ROOT);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n').slice(0, 2)).toEqual(['manage roles: owner roles only', 'assign roles: owner roles only']);
  });

  it('a policy with errors is still explained when it resolves, and exits 1', async () => {
    const broken = writeTree({ 'policy.yaml': MINIMAL.replace('tickets: edit', 'tickets: admin') });
    const r = await cli(['explain', broken, '--escalation'], ROOT);
    expect(r.code).toBe(1);
    expect(located(r.stderr).map((d) => d.rule)).toEqual(['invalid-level']);
    expect(block(r.stdout, 'agent')[0]).toBe('agent (Agent, builtin)');
  });

  it('a policy that does not resolve prints its errors, no explanation, and exits 1', async () => {
    const broken = writeTree({ 'policy.yaml': MINIMAL.replace('title: Minimal', 'title: [') });
    const r = await cli(['explain', broken, '--escalation'], ROOT);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(located(r.stderr).filter((d) => d.severity === 'error').map((d) => d.rule)).toEqual(['yaml-syntax']);
  });

  it.each<[string[]]>([[['explain', '--escalation']], [['explain', CHAINS, CLEAN, '--escalation']], [['check', CLEAN, '--escalation']]])('usage error: %j exits 2', async (args) => {
    const r = await cli(args, ROOT);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
  });

  it('the binary gives the same exit code and output', () => {
    const r = bin(['explain', CHAINS, '--escalation'], ROOT);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('  ESCALATION: team_lead assigns auditor -> team_lead edits auditor -> auditor gains settings.brand=edit\n');
    expect(r.stderr).toContain('PC4018');
  });
});

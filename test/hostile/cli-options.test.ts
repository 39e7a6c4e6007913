// The command line as a new user meets it: --help names every option the parser accepts, and
// commands that would ignore --format refuse it instead.

import { describe, expect, it } from 'vitest';
import { OPTIONS, USAGE } from '../../src/cli/run.js';
import { cli, MINIMAL, writeTree } from '../helpers.js';

describe('--help', () => {
  it.each(Object.keys(OPTIONS))('lists --%s', (name) => {
    expect(USAGE).toMatch(new RegExp(`(^|[\\s/])--${name}\\b`, 'm'));
  });

  it('lists the short forms', () => {
    for (const o of Object.values(OPTIONS)) if ('short' in o) expect(USAGE).toContain(`-${o.short},`);
  });
});

describe('--format on commands with one output format', () => {
  const cwd = writeTree({ 'policies/p/policy.yaml': MINIMAL });

  it.each([
    ['export', ['export', 'policies/p']],
    ['explain', ['explain', 'policies/p', 'agent']],
    ['explain --escalation', ['explain', 'policies/p', '--escalation']],
  ])('%s with --format is a usage error (exit 2) naming the option', async (_name, args) => {
    for (const format of ['json', 'pretty', 'sarif']) {
      const r = await cli([...args, '--format', format], cwd);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain('--format');
    }
  });

  it('without --format, export prints JSON and explain prints text', async () => {
    const e = await cli(['export', 'policies/p'], cwd);
    expect(e.code).toBe(0);
    expect(JSON.parse(e.stdout)).toHaveProperty('roles.agent');
    const x = await cli(['explain', 'policies/p', 'agent'], cwd);
    expect(x.code).toBe(0);
    expect(x.stdout).toContain('agent');
  });
});

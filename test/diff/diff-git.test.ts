// `policyc diff` end to end in temporary git repositories: revisions read from git objects,
// folders, the working tree, exit codes and --fail-on.

import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempDir } from '../helpers.js';
import { gitRepo, HELPDESK } from './git-repo.js';

interface JsonReport {
  base: string;
  head: string;
  policies: string[];
  summary: Record<string, number>;
  changes: Record<string, unknown>[];
}

async function diffJson(cwd: string, ...args: string[]): Promise<JsonReport> {
  const r = await cli(['diff', ...args, '--format', 'json'], cwd);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as JsonReport;
}

type Replace = (path: string, from: string, to: string) => void;

/** The analyst role's grant of misc.flag, given to the agent role as well: an escalation. */
function escalate(replace: Replace): void {
  replace('policies/helpdesk/roles/staff.yaml', '      tickets.view: { default: edit, allowed: [read] }\n', '      tickets.view: { default: edit, allowed: [read] }\n      misc.flag: on\n');
}

describe('revisions', () => {
  it('finds an escalation committed on a branch, and --fail-on escalation fails the gate', async () => {
    const repo = gitRepo();
    repo.git('checkout', '-q', '-b', 'feature');
    escalate(repo.replace);
    repo.commit('agents may flag');

    const r = await cli(['diff', 'main', 'feature', '--fail-on', 'escalation'], repo.dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('main -> feature: 2 escalations in helpdesk');
    expect(r.stdout).toContain('+ escalation   role agent: misc.flag off -> on (own grant)');
    expect(r.stdout).toContain('+ escalation   role night_shift: misc.flag off -> on (inherited from agent)');
    expect(r.stderr).toBe('policyc: 2 escalations (--fail-on escalation)\n');

    // The default gate is none; any counts every change.
    expect((await cli(['diff', 'main', 'feature'], repo.dir)).code).toBe(0);
    expect((await cli(['diff', 'main', 'feature', '--fail-on', 'any'], repo.dir)).code).toBe(1);
    // Head defaults to the working tree, here the same as feature; HEAD~1 is main.
    expect((await cli(['diff', 'main', '--fail-on', 'escalation'], repo.dir)).code).toBe(1);
    expect((await cli(['diff', 'HEAD~1', '--fail-on', 'escalation'], repo.dir)).code).toBe(1);
    // The other way round the same change is a restriction, which this gate lets through.
    const back = await cli(['diff', 'feature', 'main', '--fail-on', 'escalation'], repo.dir);
    expect(back.code).toBe(0);
    expect(back.stdout).toContain('- restriction  role agent: misc.flag on -> off (was own grant)');
  });

  it('a reformat-only commit gives an empty diff', async () => {
    const repo = gitRepo();
    const staff = 'policies/helpdesk/roles/staff.yaml';
    // Move night_shift to a file of its own, reindent, reorder keys, switch styles, add comments.
    repo.write(
      staff,
      `# yaml-language-server: $schema=../../../../../schema/policy.schema.json
# Front-line roles. night_shift lives in night-shift.yaml.
roles:
    analyst:
        grants:
            misc.flag: { allowed: [], default: on }
            tickets.reports:
                - update
        customizable: true
        name: 분석가
    agent:
        description: Answers tickets.   # shown in the README
        grants:
            tickets.view:
                allowed: [read]
                default: edit
        name: Agent
`,
    );
    repo.write(
      'policies/helpdesk/roles/night-shift.yaml',
      `# yaml-language-server: $schema=../../../../../schema/policy.schema.json
roles:
  night_shift: { inherits: [agent], kind: custom, name: "Night shift オペレーター" }
`,
    );
    repo.replace('policies/helpdesk/members.yaml', '  bo: { roles: [agent, analyst] }', '  # a member with two roles\n  bo:\n    roles: [agent, analyst]');
    repo.commit('tidy up');
    expect(repo.git('diff', '--name-only', 'HEAD~1', 'HEAD').trim().split('\n')).toEqual([
      'policies/helpdesk/members.yaml',
      'policies/helpdesk/roles/night-shift.yaml',
      'policies/helpdesk/roles/staff.yaml',
    ]);
    const report = await diffJson(repo.dir, 'HEAD~1', 'HEAD');
    expect(report.changes).toEqual([]);
    const text = await cli(['diff', 'HEAD~1', '--fail-on', 'any'], repo.dir);
    expect(text.code).toBe(0);
    expect(text.stdout).toBe('HEAD~1 -> working tree: no changes in helpdesk\n');
  });

  it('a role whose id changed while its grants and members did not is one rename', async () => {
    const repo = gitRepo();
    repo.replace('policies/helpdesk/roles/staff.yaml', '  analyst:', '  reporting:');
    repo.replace('policies/helpdesk/roles/admin.yaml', 'inherits: [agent, analyst]', 'inherits: [agent, reporting]');
    repo.replace('policies/helpdesk/members.yaml', 'roles: [agent, analyst]', 'roles: [agent, reporting]');
    repo.commit('rename analyst');
    const report = await diffJson(repo.dir, 'main~1', 'main');
    expect(report.changes).toEqual([
      {
        policy: 'helpdesk',
        kind: 'role-renamed',
        impact: 'neutral',
        role: 'reporting',
        from: 'analyst',
        to: 'reporting',
        message: 'role analyst renamed to reporting (same grants and members)',
      },
    ]);
  });

  it('reads revisions from git objects and never touches the working tree or the index', async () => {
    const repo = gitRepo();
    repo.git('checkout', '-q', '-b', 'feature');
    escalate(repo.replace);
    repo.commit('agents may flag');
    repo.git('checkout', '-q', 'main');
    // An uncommitted, broken working tree: comparing two revisions must not read it.
    repo.write('policies/helpdesk/policy.yaml', 'title: [unclosed\n');
    repo.write('policies/helpdesk/roles/untracked.yaml', 'roles: {}\n');
    const before = [repo.git('status', '--porcelain'), repo.git('rev-parse', 'HEAD'), repo.git('symbolic-ref', 'HEAD')];
    const report = await diffJson(repo.dir, 'main', 'feature');
    expect(report.summary).toEqual({ escalation: 2, restriction: 0, neutral: 0 });
    expect([repo.git('status', '--porcelain'), repo.git('rev-parse', 'HEAD'), repo.git('symbolic-ref', 'HEAD')]).toEqual(before);
    // Against the working tree, its errors stop the diff with exit 1 and the diagnostics.
    const r = await cli(['diff', 'main'], repo.dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^policies\/helpdesk\/policy\.yaml:\d+:\d+ - error PC1001 yaml-syntax/m);
    expect(r.stderr).toContain('policyc: cannot compare: policies/helpdesk has errors\n');
  });

  it('names files of a revision as rev:path in diagnostics', async () => {
    const repo = gitRepo();
    repo.replace('policies/helpdesk/roles/staff.yaml', 'tickets.view: { default: edit', 'tickets.view: { default: admin');
    repo.commit('broken');
    const r = await cli(['diff', 'HEAD', 'main~1'], repo.dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^HEAD:policies\/helpdesk\/roles\/staff\.yaml:7:\d+ - error PC3005 invalid-level/m);
    expect(r.stderr).toContain('cannot compare: HEAD:policies/helpdesk has errors');
  });

  it('reports a policy present on one side only as added or removed', async () => {
    const repo = gitRepo();
    cpSync(HELPDESK, join(repo.dir, 'policies/second'), { recursive: true });
    repo.commit('second policy');
    const added = await diffJson(repo.dir, 'HEAD~1', 'HEAD');
    expect(added.policies).toEqual(['helpdesk', 'second']);
    expect(added.changes).toEqual([{ policy: 'second', kind: 'policy-added', impact: 'escalation', from: null, to: 'Helpdesk "fixture" <test>', message: 'policy second added (5 roles)' }]);
    const removed = await diffJson(repo.dir, 'HEAD', 'HEAD~1');
    expect(removed.changes.map((c) => [c.policy, c.kind, c.impact])).toEqual([['second', 'policy-removed', 'restriction']]);
  });

  it('works from a subfolder of the repository, with revisions such as origin/main', async () => {
    const repo = gitRepo();
    repo.git('mv', 'policies', 'app-policies');
    repo.write('app/.keep', '');
    repo.git('mv', 'app-policies', 'app/policies');
    repo.commit('move the project into app/');
    repo.git('update-ref', 'refs/remotes/origin/main', 'HEAD');
    escalate((p, a, b) => repo.replace(`app/${p}`, a, b));
    const cwd = join(repo.dir, 'app');
    const report = await diffJson(cwd, 'origin/main');
    expect(report.summary.escalation).toBe(2);
    const r = await cli(['diff', 'origin/main', '--fail-on', 'escalation'], cwd);
    expect(r.stderr).toContain('2 escalations');
    // A folder compared with a revision: the same path at that revision.
    const one = await diffJson(cwd, 'origin/main', 'policies/helpdesk');
    expect(one.base).toBe('origin/main');
    expect(one.head).toBe('policies/helpdesk');
    expect(one.summary.escalation).toBe(2);
  });
});

describe('folders', () => {
  it('compares two folders, whatever their names, without git', async () => {
    const cwd = tempDir();
    cpSync(HELPDESK, join(cwd, 'old copy'), { recursive: true });
    cpSync(HELPDESK, join(cwd, 'policies/helpdesk'), { recursive: true });
    expect((await diffJson(cwd, 'old copy', 'policies/helpdesk')).changes).toEqual([]);
    escalate((p, a, b) => {
      const file = join(cwd, p);
      writeFileSync(file, readFileSync(file, 'utf8').replace(a, b));
    });
    const report = await diffJson(cwd, 'old copy', 'policies/helpdesk');
    expect(report.policies).toEqual(['helpdesk']);
    expect(report.summary).toEqual({ escalation: 2, restriction: 0, neutral: 0 });
  });

  it('a folder outside the repository is compared with policies/<name> at the revision', async () => {
    const repo = gitRepo();
    const outside = tempDir();
    cpSync(HELPDESK, join(outside, 'helpdesk'), { recursive: true });
    const report = await diffJson(repo.dir, 'main', join(outside, 'helpdesk'));
    expect(report.changes).toEqual([]);
    expect(report.policies).toEqual(['helpdesk']);
  });
});

describe('bad input', () => {
  it.each([
    [['diff'], 'diff needs a base'],
    [['diff', 'main', 'main', 'main'], 'diff takes a base and at most a head'],
    [['diff', 'policies/helpdesk'], 'a folder needs a second side'],
    [['diff', 'main', '--format', 'sarif'], 'unknown diff format "sarif"; use one of: text, markdown, json'],
    [['diff', 'main', '--fail-on', 'sometimes'], 'unknown --fail-on value "sometimes"'],
    [['check', '--fail-on', 'any'], '--fail-on applies to "diff" only'],
  ])('policyc %j exits 2: %s', async (args, message) => {
    const repo = gitRepo();
    const r = await cli(args, repo.dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
  });

  it('an unknown revision or folder exits 2 with one clear line', async () => {
    const repo = gitRepo();
    const r = await cli(['diff', 'origin/nope'], repo.dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('policyc: unknown git revision: origin/nope (nor is it a folder)\n');
    const head = await cli(['diff', 'main', 'policies/nope'], repo.dir);
    expect(head.code).toBe(2);
    expect(head.stderr).toBe('policyc: unknown git revision: policies/nope (nor is it a folder)\n');
    // Something that looks like an option is never handed to git as one.
    const sneaky = await cli(['diff', '--', '--output=x'], repo.dir);
    expect(sneaky.code).toBe(2);
    expect(existsSync(join(repo.dir, 'x'))).toBe(false);
  });

  it('exits 2 when neither side has a policy folder', async () => {
    const repo = gitRepo();
    repo.git('rm', '-q', '-r', 'policies');
    repo.commit('no policies');
    const r = await cli(['diff', 'HEAD'], repo.dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('policyc: no policy folders to compare: neither side has policies/<name>/\n');
    // Against the commit that still had it, the policy is reported as removed.
    const removed = await cli(['diff', 'HEAD~1', '--format', 'json'], repo.dir);
    expect(JSON.parse(removed.stdout).changes.map((c: { kind: string }) => c.kind)).toEqual(['policy-removed']);
  });

  it('outside a git repository a revision exits 2', async () => {
    const cwd = tempDir();
    cpSync(HELPDESK, join(cwd, 'policies/helpdesk'), { recursive: true });
    const r = await cli(['diff', 'main'], cwd);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('policyc: no such folder: main (and the working directory is not in a git repository, so it is not a revision either)\n');
  });
});

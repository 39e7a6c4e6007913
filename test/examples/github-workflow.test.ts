// The GitHub Actions example: post-diff.sh run locally with the variables Actions would set, a
// fake `gh` on PATH that records its calls, and a temporary repository with an origin/main;
// and the workflow file, which must run the checks and hand the script what it needs.

import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { CLI, ROOT, tempDir } from '../helpers.js';
import { gitRepo } from '../diff/git-repo.js';

const SCRIPT = join(ROOT, 'examples/github/post-diff.sh');
const WORKFLOW = join(ROOT, 'examples/github/policy-review.yml');

/** A fake gh: logs each call's arguments and copies any body file; `api` list calls print EXISTING. */
function fakeGh(): { bin: string; log: string; bodies: string } {
  const bin = tempDir('policyc-fake-gh-');
  const log = join(bin, 'calls.log');
  const bodies = join(bin, 'bodies');
  writeFileSync(
    join(bin, 'gh'),
    `#!/usr/bin/env bash
printf '%s\\n' "$*" >>"${log}"
for a in "$@"; do
  case "$a" in
    body=@*) cat "\${a#body=@}" >>"${bodies}" ;;
  esac
done
prev=""
for a in "$@"; do
  if [ "$prev" = "--body-file" ]; then cat "$a" >>"${bodies}"; fi
  prev="$a"
done
if [ "$1" = api ] && [ "$2" != -X ]; then printf '%s' "\${EXISTING:-}"; fi
exit "\${GH_EXIT:-0}"
`,
  );
  chmodSync(join(bin, 'gh'), 0o755);
  return { bin, log, bodies };
}

function read(file: string): string {
  return existsSync(file) ? readFileSync(file, 'utf8') : '';
}

/** A repository whose working tree gives the agent role a new permission, against origin/main. */
function pullRequest(): ReturnType<typeof gitRepo> {
  const repo = gitRepo();
  repo.git('update-ref', 'refs/remotes/origin/main', 'HEAD');
  repo.git('checkout', '-q', '-b', 'feature');
  repo.replace('policies/helpdesk/roles/staff.yaml', '      tickets.view: { default: edit, allowed: [read] }\n', '      tickets.view: { default: edit, allowed: [read] }\n      misc.flag: on\n');
  repo.commit('agents may flag');
  return repo;
}

function runScript(cwd: string, env: Record<string, string>) {
  const gh = fakeGh();
  const summary = join(tempDir(), 'summary.md');
  const r = spawnSync('bash', [SCRIPT], {
    cwd,
    encoding: 'utf8',
    env: {
      PATH: `${gh.bin}:${process.env.PATH}`,
      HOME: process.env.HOME ?? '/tmp',
      BASE_REF: 'main',
      PR_NUMBER: '7',
      GITHUB_REPOSITORY: 'acme/policies',
      GITHUB_STEP_SUMMARY: summary,
      POLICYC: `${process.execPath} ${CLI}`,
      NO_COLOR: '1',
      ...env,
    },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, calls: read(gh.log).trimEnd().split('\n').filter(Boolean), bodies: read(gh.bodies), summary: read(summary) };
}

describe('post-diff.sh', () => {
  it('writes the job summary, comments on the pull request and fails on an escalation', () => {
    const r = runScript(pullRequest().dir, {});
    expect(r.stderr).toBe('policyc: 2 escalations (--fail-on escalation)\n');
    expect(r.code).toBe(1);
    expect(r.summary).toMatch(/^<!-- policyc diff -->\n\*\*Policy diff\*\* \(origin\/main → working tree\): 2 escalations in helpdesk\n/);
    expect(r.summary).toContain('- role agent: misc\\.flag off → on \\(own grant\\)');
    expect(r.calls).toEqual([
      'api repos/acme/policies/issues/7/comments --paginate --jq .[] | select(.body | startswith("<!-- policyc diff -->")) | .id',
      expect.stringMatching(/^pr comment 7 --body-file \S+$/),
    ]);
    expect(r.bodies).toBe(r.summary);
  });

  it('updates its earlier comment instead of adding another, and FAIL_ON=none only reports', () => {
    const r = runScript(pullRequest().dir, { EXISTING: '4242\n', FAIL_ON: 'none' });
    expect(r.code).toBe(0);
    expect(r.calls[1]).toMatch(/^api -X PATCH repos\/acme\/policies\/issues\/comments\/4242 -F body=@\S+$/);
    expect(r.calls).toHaveLength(2);
    expect(r.bodies).toContain('2 escalations in helpdesk');
  });

  it('a failing comment is a warning; the gate still decides', () => {
    const r = runScript(pullRequest().dir, { GH_EXIT: '1' });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('::warning::could not comment on the pull request');
    expect(r.summary).toContain('2 escalations');
  });

  it('posts "no changes" too, so an earlier comment does not go stale', () => {
    const repo = gitRepo();
    repo.git('update-ref', 'refs/remotes/origin/main', 'HEAD');
    const r = runScript(repo.dir, { EXISTING: '99' });
    expect(r.code).toBe(0);
    expect(r.bodies).toContain('no changes in helpdesk');
    expect(r.calls[1]).toContain('issues/comments/99');
  });

  it('posts nothing when the policies do not compile, and passes policyc’s exit code on', () => {
    const repo = pullRequest();
    repo.replace('policies/helpdesk/roles/staff.yaml', 'misc.flag: on', 'misc.flag: maybe');
    const r = runScript(repo.dir, {});
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('cannot compare');
    expect(r.calls).toEqual([]);
    expect(r.summary).toBe('');
  });

  it('exits 2 when a variable is missing or the base branch is unknown', () => {
    const repo = pullRequest();
    const missing = runScript(repo.dir, { PR_NUMBER: '' });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe("post-diff: PR_NUMBER must be the pull request's number\n");
    const unknown = runScript(repo.dir, { BASE_REF: 'develop' });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown git revision: origin/develop');
    expect(unknown.calls).toEqual([]);
  });
});

describe('policy-review.yml', () => {
  interface Step {
    uses?: string;
    run?: string;
    with?: Record<string, unknown>;
    env?: Record<string, string>;
  }
  const workflow = parse(readFileSync(WORKFLOW, 'utf8')) as {
    on: Record<string, unknown>;
    permissions: Record<string, string>;
    jobs: Record<string, { steps: Step[] }>;
  };
  const steps = Object.values(workflow.jobs).flatMap((j) => j.steps);

  it('runs on pull requests with the permission to comment and the history to diff', () => {
    expect(Object.keys(workflow.on)).toContain('pull_request');
    expect(workflow.permissions['pull-requests']).toBe('write');
    expect(steps.find((s) => s.uses?.startsWith('actions/checkout@'))?.with?.['fetch-depth']).toBe(0);
  });

  it('checks the policies, their layout, that generated/ is current, runs the policy tests, and posts the diff through the script', () => {
    const runs = steps.map((s) => s.run ?? '');
    expect(runs).toContain('npx policyc check --format github');
    expect(runs).toContain('npx policyc fmt --check --format github');
    expect(runs).toContain('npx policyc build --check');
    expect(runs).toContain('npx policyc test --format junit > policy-tests.xml');
    const post = steps.find((s) => s.run?.endsWith('/post-diff.sh'));
    expect(post).toBeDefined();
    // Every variable the script insists on is set by the step or by Actions itself.
    const required = [...readFileSync(SCRIPT, 'utf8').matchAll(/\[ -n "\$\{(\w+):-\}" \] \|\| fail/g)].map((m) => m[1]);
    expect(required).toEqual(['BASE_REF', 'PR_NUMBER', 'GITHUB_REPOSITORY']);
    for (const v of required) expect(v!.startsWith('GITHUB_') || Object.hasOwn(post!.env ?? {}, v!)).toBe(true);
    expect(post!.env).toMatchObject({ GH_TOKEN: '${{ github.token }}', BASE_REF: '${{ github.base_ref }}' });
  });
});

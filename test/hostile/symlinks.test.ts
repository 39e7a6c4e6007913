// Symbolic links in policy folders: links whose target stays inside the repository are followed
// like ordinary files and folders; links that would be read but leave the repository or point
// nowhere are reported (symlink-target, PC1012, located at the link). Loops end. A fuzz test
// places random links and checks exactly which are reported.

import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readPolicyDir, readPolicyTests } from '../../src/cli/read-policy.js';
import { checkPolicy } from '../../src/compile.js';
import { cli, MINIMAL, SCHEMA_LINE, tempDir } from '../helpers.js';

const ROLE = `${SCHEMA_LINE(3)}roles:\n  supervisor:\n    name: Supervisor\n    grants:\n      tickets: read\n`;
const SUITE = `cases:\n  - role: agent\n    permission: tickets\n    expect: edit\n`;

interface Tree {
  /** The repository (holds .git) and the working directory. */
  repo: string;
  /** A folder beside the repository. */
  outside: string;
}

/** A repository with policies/p (policy.yaml, roles/), shared files inside it, and files outside it. */
function tree(options: { git?: boolean; policy?: boolean } = {}): Tree {
  const root = tempDir();
  const repo = join(root, 'repo');
  const outside = join(root, 'outside');
  const files: Record<string, string> = {
    [join(repo, 'shared/policy.yaml')]: MINIMAL,
    [join(repo, 'shared/roles/supervisor.yaml')]: ROLE,
    [join(repo, 'shared/suite.yaml')]: SUITE,
    [join(outside, 'policy.yaml')]: MINIMAL,
    [join(outside, 'roles/supervisor.yaml')]: ROLE,
    [join(outside, 'suite.yaml')]: SUITE,
  };
  if (options.policy !== false) files[join(repo, 'policies/p/policy.yaml')] = MINIMAL;
  for (const [p, c] of Object.entries(files)) {
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, c);
  }
  mkdirSync(join(repo, 'policies/p/roles'), { recursive: true });
  if (options.git !== false) mkdirSync(join(repo, '.git'));
  return { repo, outside };
}

function link(t: Tree, at: string, target: string): void {
  const p = join(t.repo, 'policies/p', at);
  mkdirSync(dirname(p), { recursive: true });
  symlinkSync(target, p);
}

function check(t: Tree) {
  return checkPolicy(readPolicyDir('policies/p', t.repo));
}

const located = (r: ReturnType<typeof check>) => r.diagnostics.map((d) => ({ rule: d.rule, file: d.file, line: d.line, column: d.column }));

describe('symbolic links in a policy folder', () => {
  it('a policy.yaml linked to a file inside the repository is read', () => {
    const t = tree({ policy: false });
    link(t, 'policy.yaml', '../../shared/policy.yaml');
    const r = check(t);
    expect(located(r)).toEqual([]);
    expect(r.ok).toBe(true);
  });

  it('a folder linked inside the repository is read, its files named by the link path', () => {
    const t = tree();
    link(t, 'roles/shared', '../../../shared/roles');
    const r = check(t);
    expect(r.ok).toBe(true);
    expect(Object.keys(r.ir!.roles)).toContain('supervisor');
    expect(r.sources.text('policies/p/roles/shared/supervisor.yaml')).toBe(ROLE);
  });

  it.each([
    ['a YAML file outside the repository', 'roles/extra.yaml', (t: Tree) => join(t.outside, 'roles/supervisor.yaml')],
    ['a folder outside the repository', 'roles/shared', (t: Tree) => join(t.outside, 'roles')],
    ['a YAML file that does not exist', 'roles/gone.yaml', (t: Tree) => join(t.repo, 'shared/gone.yaml')],
    ['a relative path leaving the repository', 'roles/up.yaml', () => '../../../../outside/roles/supervisor.yaml'],
  ])('a link to %s is reported at the link (PC1012), not read', (_name, at, target) => {
    const t = tree();
    link(t, at, target(t));
    const r = check(t);
    expect(located(r)).toEqual([{ rule: 'symlink-target', file: `policies/p/${at}`, line: 0, column: 0 }]);
    expect(r.diagnostics[0]!.code).toBe('PC1012');
    expect(r.ok).toBe(false);
    expect(r.ir?.roles.supervisor).toBeUndefined();
  });

  it('a policy.yaml linked outside is reported once, without a policy-file-missing on top', () => {
    const t = tree({ policy: false });
    link(t, 'policy.yaml', join(t.outside, 'policy.yaml'));
    expect(located(check(t))).toEqual([{ rule: 'symlink-target', file: 'policies/p/policy.yaml', line: 0, column: 0 }]);
  });

  it('links to other files, and links into skipped folders, are ignored like such files', () => {
    const t = tree();
    link(t, 'NOTES.md', join(t.outside, 'policy.yaml'));
    link(t, 'node_modules', t.outside);
    link(t, '.cache', t.outside);
    link(t, 'broken-notes', join(t.outside, 'nothing'));
    expect(located(check(t))).toEqual([]);
  });

  it('a link back to a folder being read does not loop', () => {
    const t = tree();
    link(t, 'roles/again', '..');
    link(t, 'roles/self', '.');
    const r = check(t);
    expect(located(r)).toEqual([]);
  });

  it('a link loop (a -> b -> a) named *.yaml is reported as pointing nowhere', () => {
    const t = tree();
    link(t, 'roles/a.yaml', 'b.yaml');
    link(t, 'roles/b.yaml', 'a.yaml');
    expect(located(check(t)).map((d) => d.file)).toEqual(['policies/p/roles/a.yaml', 'policies/p/roles/b.yaml']);
  });

  it('without .git, the working directory is the repository', () => {
    const t = tree({ git: false });
    link(t, 'roles/inside.yaml', '../../../shared/roles/supervisor.yaml');
    link(t, 'roles/outside.yaml', join(t.outside, 'roles/supervisor.yaml'));
    expect(located(check(t)).map((d) => d.file)).toEqual(['policies/p/roles/outside.yaml']);
  });

  it('check prints the diagnostic and exits 1 (not 2, no stack trace)', async () => {
    const t = tree();
    link(t, 'roles/extra.yaml', join(t.outside, 'roles/supervisor.yaml'));
    const r = await cli(['check', '--format', 'json'], t.repo);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).map((d: { code: string }) => d.code)).toEqual(['PC1012']);
  });

  it('test suites: a linked suite inside the repository runs; one outside is an I/O error (exit 2)', async () => {
    const t = tree();
    link(t, 'tests/linked.yaml', '../../../shared/suite.yaml');
    expect(readPolicyTests('policies/p', t.repo).map((f) => f.path)).toEqual(['tests/linked.yaml']);
    link(t, 'tests/outside.yaml', join(t.outside, 'suite.yaml'));
    const r = await cli(['test'], t.repo);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('policies/p/tests/outside.yaml is a symbolic link');
    expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+|internal error/);
  });

  it('fuzz: exactly the links that leave the repository or point nowhere, and would be read, are reported', () => {
    const names = ['policy.yaml', 'roles/a.yaml', 'roles/b.yml', 'shared', 'roles/deep', 'notes.txt', 'tests'] as const;
    const targets = ['inside-file', 'inside-dir', 'outside-file', 'outside-dir', 'broken', 'parent'] as const;
    fc.assert(
      fc.property(fc.uniqueArray(fc.record({ at: fc.constantFrom(...names), to: fc.constantFrom(...targets) }), { selector: (l) => l.at, maxLength: 4 }), (links) => {
        const t = tree({ policy: !links.some((l) => l.at === 'policy.yaml') });
        const where = (to: (typeof targets)[number]): string =>
          ({
            'inside-file': join(t.repo, 'shared/policy.yaml'),
            'inside-dir': join(t.repo, 'shared/roles'),
            'outside-file': join(t.outside, 'policy.yaml'),
            'outside-dir': join(t.outside, 'roles'),
            broken: join(t.repo, 'nothing-here'),
            parent: join(t.repo, 'policies/p'),
          })[to];
        for (const l of links) link(t, l.at, where(l.to));
        let r;
        try {
          r = check(t);
        } catch (e) {
          throw new Error(`threw for ${JSON.stringify(links)}: ${String(e)}`);
        }
        const yaml = (at: string) => /\.ya?ml$/.test(at);
        const read = (l: (typeof links)[number]) => (l.to.endsWith('-dir') ? l.at !== 'tests' : yaml(l.at));
        const expected = links
          .filter((l) => (l.to.startsWith('outside') || l.to === 'broken') && read(l))
          .map((l) => `policies/p/${l.at}`)
          .sort();
        expect(r.diagnostics.filter((d) => d.rule === 'symlink-target').map((d) => d.file).sort()).toEqual(expected);
        for (const d of r.diagnostics) expect(d.line === 0 || d.file.startsWith('policies/p/')).toBe(true);
      }),
      { numRuns: 60, seed: 13 },
    );
  });
});

// Temporary git repositories for the diff tests: a project with the golden helpdesk policy
// committed on main, and helpers to change files and commit on branches.

import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ROOT, tempDir } from '../helpers.js';

// A copy of an early golden fixture, kept apart so that the diff tests do not move with it.
export const HELPDESK = join(ROOT, 'test/fixtures/diff/helpdesk');

// Commits must not depend on the machine's git configuration (signing, hooks, default branch).
const GIT_ENV = {
  ...process.env,
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_AUTHOR_NAME: 'policyc test',
  GIT_AUTHOR_EMAIL: 'test@policyc.local',
  GIT_COMMITTER_NAME: 'policyc test',
  GIT_COMMITTER_EMAIL: 'test@policyc.local',
};

export interface Repo {
  dir: string;
  git: (...args: string[]) => string;
  read: (path: string) => string;
  write: (path: string, text: string) => void;
  remove: (path: string) => void;
  /** Replaces text in a file, failing when the text is not there (so an edit cannot silently miss). */
  replace: (path: string, from: string, to: string) => void;
  commit: (message: string) => void;
}

export function gitRepo(): Repo {
  const dir = tempDir('policyc-git-');
  const git = (...args: string[]): string => execFileSync('git', args, { cwd: dir, env: GIT_ENV, encoding: 'utf8' });
  git('init', '-q', '-b', 'main');
  cpSync(HELPDESK, join(dir, 'policies/helpdesk'), { recursive: true });
  const repo: Repo = {
    dir,
    git,
    read: (p) => readFileSync(join(dir, p), 'utf8'),
    write: (p, text) => {
      mkdirSync(dirname(join(dir, p)), { recursive: true });
      writeFileSync(join(dir, p), text);
    },
    remove: (p) => rmSync(join(dir, p), { recursive: true }),
    replace: (p, from, to) => {
      const text = repo.read(p);
      if (!text.includes(from)) throw new Error(`${p} does not contain ${JSON.stringify(from)}`);
      repo.write(p, text.replace(from, to));
    },
    commit: (message) => {
      git('add', '-A');
      git('commit', '-q', '--no-verify', '-m', message);
    },
  };
  repo.commit('helpdesk policy');
  return repo;
}

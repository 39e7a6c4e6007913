// Reads a policy folder from disk into a PolicyInput: every *.yaml / *.yml file below it except
// the tests/ folder. Missing folders and unreadable files are I/O errors (exit code 2).

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { PolicyInput } from '../compile.js';

export class IoError extends Error {}

/** Folders inside a policy folder that hold no policy files (tests/ holds the test suites). */
export const SKIP_DIRS: ReadonlySet<string> = new Set(['tests', 'node_modules', '.git']);

export function readPolicyDir(dir: string, cwd: string): PolicyInput {
  const abs = resolve(cwd, dir);
  let isDir = false;
  try {
    isDir = statSync(abs).isDirectory();
  } catch {
    throw new IoError(`policy folder not found: ${dir}`);
  }
  if (!isDir) throw new IoError(`not a folder: ${dir}`);
  const files: PolicyInput['files'][number][] = [];
  const walk = (d: string): void => {
    let entries;
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch (e) {
      throw new IoError(`cannot read folder ${relative(cwd, d)}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
    }
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const p = join(d, e.name);
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name) && !e.name.startsWith('.')) walk(p);
      } else if (e.isFile() && /\.ya?ml$/.test(e.name)) {
        try {
          files.push({ path: relative(abs, p).split(sep).join('/'), bytes: readFileSync(p) });
        } catch (err) {
          throw new IoError(`cannot read ${relative(cwd, p)}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
        }
      }
    }
  };
  walk(abs);
  return { name: basename(abs), dir: displayPath(dir, cwd), files };
}

/** The test suites of a policy folder: every *.yaml / *.yml file in its tests/ folder. */
export function readPolicyTests(dir: string, cwd: string): PolicyInput['files'][number][] {
  const abs = resolve(cwd, dir, 'tests');
  let entries;
  try {
    entries = readdirSync(abs, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries
    .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name))
    .map((e) => e.name)
    .sort()
    .map((name) => {
      try {
        return { path: `tests/${name}`, bytes: readFileSync(join(abs, name)) };
      } catch (err) {
        throw new IoError(`cannot read ${dir}/tests/${name}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
      }
    });
}

/** How a path is shown: relative to cwd when inside it, forward slashes, no trailing slash. */
export function displayPath(p: string, cwd: string): string {
  const abs = resolve(cwd, p);
  const rel = relative(cwd, abs);
  const shown = rel === '' ? '.' : rel.startsWith('..') || isAbsolute(rel) ? abs : rel;
  return shown.split(sep).join('/');
}

/** The default policy folders: every folder directly inside policies/. */
export function defaultPolicyDirs(cwd: string): string[] {
  const root = join(cwd, 'policies');
  let entries;
  try {
    entries = readdirSync(root, { withFileTypes: true });
  } catch {
    throw new IoError('no policies/ folder here; pass policy folders as arguments or run "policyc init"');
  }
  return entries
    .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
    .map((e) => `policies/${e.name}`)
    .sort();
}

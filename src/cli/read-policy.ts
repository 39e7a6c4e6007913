// Reads a policy folder from disk into a PolicyInput: every *.yaml / *.yml file below it except
// the tests/ folder. Missing folders and unreadable files are I/O errors (exit code 2). Symbolic
// links are followed when their target stays inside the repository; others are handed on as
// links for checkPolicy to report (symlink-target).

import { existsSync, readdirSync, readFileSync, readlinkSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { PolicyInput, PolicyLink } from '../compile.js';

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
  const links: PolicyLink[] = [];
  const root = repositoryRoot(abs, cwd);
  // Real paths of the folders being read, so that a link back to a parent cannot loop.
  const reading = new Set<string>();
  const readFile = (p: string): void => {
    try {
      files.push({ path: relative(abs, p).split(sep).join('/'), bytes: readFileSync(p) });
    } catch (err) {
      throw new IoError(`cannot read ${relative(cwd, p)}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
    }
  };
  const walk = (d: string): void => {
    let entries;
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch (e) {
      throw new IoError(`cannot read folder ${relative(cwd, d)}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
    }
    const real = safeRealpath(d);
    if (real !== undefined) reading.add(real);
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const p = join(d, e.name);
      const skipped = SKIP_DIRS.has(e.name) || e.name.startsWith('.');
      if (e.isSymbolicLink()) {
        // Followed like a file or folder when the target stays inside the repository. A link that
        // would be read (a YAML file, or a folder that is not skipped) but leaves the repository
        // or points nowhere is reported; links to anything else are ignored, like such files.
        const yaml = /\.ya?ml$/.test(e.name);
        const target = safeRealpath(p);
        const kind = target === undefined ? undefined : kindOf(target);
        const wanted = kind === 'folder' ? !skipped : kind === 'file' ? yaml : yaml && kind === undefined;
        if (!wanted) continue;
        const path = relative(abs, p).split(sep).join('/');
        if (target === undefined) links.push({ path, target: readlinkShown(p), reason: 'missing' });
        else if (!inside(target, root)) links.push({ path, target: readlinkShown(p), reason: 'outside' });
        else if (kind === 'folder') {
          if (!reading.has(target)) walk(p);
        } else readFile(p);
      } else if (e.isDirectory()) {
        if (!skipped) walk(p);
      } else if (e.isFile() && /\.ya?ml$/.test(e.name)) readFile(p);
    }
    if (real !== undefined) reading.delete(real);
  };
  walk(abs);
  return { name: basename(abs), dir: displayPath(dir, cwd), files, ...(links.length ? { links } : {}) };
}

/**
 * The repository a policy folder belongs to, as a real path: the nearest folder above it holding
 * .git; without one, the working directory when the policy is inside it, else the policy folder.
 */
export function repositoryRoot(policyDir: string, cwd: string): string {
  const real = safeRealpath(policyDir) ?? resolve(policyDir);
  for (let d = real; ; d = dirname(d)) {
    if (existsSync(join(d, '.git'))) return d;
    if (dirname(d) === d) break;
  }
  const realCwd = safeRealpath(cwd) ?? resolve(cwd);
  return inside(real, realCwd) ? realCwd : real;
}

function inside(a: string, b: string): boolean {
  return a === b || a.startsWith(b.endsWith(sep) ? b : b + sep);
}

function kindOf(p: string): 'file' | 'folder' | 'other' {
  try {
    const st = statSync(p);
    return st.isDirectory() ? 'folder' : st.isFile() ? 'file' : 'other';
  } catch {
    return 'other';
  }
}

function safeRealpath(p: string): string | undefined {
  try {
    return realpathSync(p);
  } catch {
    return undefined;
  }
}

function readlinkShown(p: string): string {
  try {
    return readlinkSync(p).split(sep).join('/');
  } catch {
    return '?';
  }
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
  const root = repositoryRoot(resolve(cwd, dir), cwd);
  const names: string[] = [];
  for (const e of entries) {
    if (!/\.ya?ml$/.test(e.name)) continue;
    if (e.isFile()) names.push(e.name);
    else if (e.isSymbolicLink()) {
      // Same rule as the policy files: follow links that stay inside the repository.
      const target = safeRealpath(join(abs, e.name));
      if (target === undefined) throw new IoError(`${dir}/tests/${e.name} is a symbolic link to ${readlinkShown(join(abs, e.name))}, which does not exist`);
      if (!inside(target, root)) throw new IoError(`${dir}/tests/${e.name} is a symbolic link to ${readlinkShown(join(abs, e.name))}, outside the repository; policyc follows only links that stay inside it`);
      if (kindOf(target) === 'file') names.push(e.name);
    }
  }
  return names.sort().map((name) => {
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

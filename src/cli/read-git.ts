// Reads policy folders as they were at a git revision, straight from the object database
// (`git ls-tree` for the file list, one `git cat-file --batch` for the contents), so the working
// tree, the index and the checked-out branch are never touched.

import { spawnSync } from 'node:child_process';
import { posix } from 'node:path';
import type { PolicyFile, PolicyInput } from '../compile.js';
import { IoError, SKIP_DIRS } from './read-policy.js';

export interface GitRepo {
  /** Absolute path of the work tree's top folder. */
  root: string;
  /** The working directory relative to the top, with a trailing slash ("" at the top). */
  prefix: string;
}

const MAX_OUTPUT = 512 * 1024 * 1024;

function git(cwd: string, args: readonly string[], input?: Buffer): { status: number; stdout: Buffer; stderr: string } {
  const r = spawnSync('git', args, { cwd, input, maxBuffer: MAX_OUTPUT, windowsHide: true });
  if (r.error) {
    const code = (r.error as NodeJS.ErrnoException).code;
    throw new IoError(code === 'ENOENT' ? 'git is needed to read revisions, but it is not installed or not on PATH' : `git failed: ${code ?? r.error.message}`);
  }
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr.toString('utf8').trim() };
}

/** The repository around `cwd`, or undefined when `cwd` is not inside a git work tree. */
export function openRepo(cwd: string): GitRepo | undefined {
  const r = git(cwd, ['rev-parse', '--show-toplevel', '--show-prefix']);
  if (r.status !== 0) return undefined;
  const [root, prefix = ''] = r.stdout.toString('utf8').split('\n');
  return root ? { root, prefix } : undefined;
}

/** The commit a revision names, or undefined when it names none. */
export function resolveRevision(repo: GitRepo, rev: string): string | undefined {
  // --end-of-options keeps a revision such as "--output=x" from being read as an option.
  const r = git(repo.root, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`]);
  if (r.status !== 0) return undefined;
  return r.stdout.toString('utf8').trim() || undefined;
}

interface TreeFile {
  /** Path from the top of the repository. */
  path: string;
  oid: string;
}

/** Regular files below `dir` (a path from the top) at `commit`. */
function listFiles(repo: GitRepo, commit: string, dir: string): TreeFile[] {
  const r = git(repo.root, ['ls-tree', '-r', '-z', '--full-tree', commit, '--', dir]);
  if (r.status !== 0) throw new IoError(`git ls-tree failed for ${dir}: ${r.stderr}`);
  const out: TreeFile[] = [];
  for (const entry of r.stdout.toString('utf8').split('\0')) {
    if (!entry) continue;
    const tab = entry.indexOf('\t');
    const [mode, type, oid] = entry.slice(0, tab).split(' ');
    // Symbolic links and submodules are skipped, as reading a folder from disk skips them.
    if (type !== 'blob' || (mode !== '100644' && mode !== '100755') || !oid) continue;
    out.push({ path: entry.slice(tab + 1), oid });
  }
  return out;
}

/** The contents of many blobs in one process. */
function readBlobs(repo: GitRepo, oids: readonly string[]): Map<string, Buffer> {
  const blobs = new Map<string, Buffer>();
  if (oids.length === 0) return blobs;
  const r = git(repo.root, ['cat-file', '--batch'], Buffer.from(oids.join('\n') + '\n'));
  if (r.status !== 0) throw new IoError(`git cat-file failed: ${r.stderr}`);
  const buf = r.stdout;
  let at = 0;
  while (at < buf.length) {
    const eol = buf.indexOf(0x0a, at);
    if (eol < 0) break;
    const [oid, type, size] = buf.subarray(at, eol).toString('utf8').split(' ');
    if (type !== 'blob' || size === undefined) throw new IoError(`git could not read object ${oid}`);
    const start = eol + 1;
    const end = start + Number(size);
    blobs.set(oid!, buf.subarray(start, end));
    at = end + 1;
  }
  return blobs;
}

/** Whether a file below a policy folder is a policy source, by the same rules as on disk. */
function isPolicySource(rel: string): boolean {
  const parts = rel.split('/');
  const dirs = parts.slice(0, -1);
  return /\.ya?ml$/.test(parts.at(-1)!) && !dirs.some((d) => SKIP_DIRS.has(d) || d.startsWith('.'));
}

/**
 * The policy folder `dir` (a path from the top of the repository) at `commit`, or undefined when
 * it holds no policy source there. `label` is how the revision is shown in diagnostics.
 */
export function readPolicyAt(repo: GitRepo, commit: string, label: string, dir: string): PolicyInput | undefined {
  const files = listFiles(repo, commit, dir).filter((f) => isPolicySource(posix.relative(dir, f.path)));
  if (files.length === 0) return undefined;
  const blobs = readBlobs(repo, files.map((f) => f.oid));
  const shown = shownDir(repo, dir);
  return {
    name: posix.basename(dir),
    dir: `${label}:${shown}`,
    files: files.map((f): PolicyFile => ({ path: posix.relative(dir, f.path), bytes: blobs.get(f.oid)! })),
  };
}

/** Every policy folder directly inside `dir` (a path from the top) at `commit`. */
export function readPoliciesAt(repo: GitRepo, commit: string, label: string, dir: string): PolicyInput[] {
  const names = new Set<string>();
  for (const f of listFiles(repo, commit, dir)) {
    const rel = posix.relative(dir, f.path);
    const slash = rel.indexOf('/');
    if (slash > 0 && !rel.startsWith('.')) names.add(rel.slice(0, slash));
  }
  return [...names]
    .sort()
    .map((n) => readPolicyAt(repo, commit, label, posix.join(dir, n)))
    .filter((p): p is PolicyInput => p !== undefined);
}

/** Paths are shown relative to the working directory, as everywhere else. */
function shownDir(repo: GitRepo, dir: string): string {
  return repo.prefix && dir.startsWith(repo.prefix) ? dir.slice(repo.prefix.length) : dir;
}

// `policyc diff <base> [<head>]`: reads two versions of the policies (folders on disk, or git
// revisions read from the object database), compiles both, prints the effective-permission diff
// and turns --fail-on into the exit code.
//
// Which policies are compared:
// - two folders: those two folders, as one policy (a copy elsewhere may have another name);
// - a folder and a revision: the folder and the same path at the revision (policies/<name> when
//   the folder lies outside the repository);
// - otherwise (revisions, or a revision and the working tree): every folder in policies/, paired
//   by name; a policy on one side only is an added or removed policy.

import { existsSync, realpathSync, statSync } from 'node:fs';
import { basename, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { checkPolicy, type CheckResult, type PolicyInput } from '../compile.js';
import { sortDiagnostics } from '../diagnostics/diagnostic.js';
import { formatPretty } from '../diagnostics/format.js';
import { diffPolicies, type NamedPolicy } from '../diff/diff-policy.js';
import { DIFF_FORMATS, formatDiffJson, formatDiffMarkdown, formatDiffText, type DiffFormat } from '../diff/format-diff.js';
import { openRepo, readPoliciesAt, readPolicyAt, resolveRevision, type GitRepo } from './read-git.js';
import { defaultPolicyDirs, displayPath, IoError, readPolicyDir } from './read-policy.js';
import { UsageError, type CliIo } from './io.js';

export type FailOn = 'escalation' | 'any' | 'none';
export const FAIL_ON: readonly FailOn[] = ['escalation', 'any', 'none'];

export interface DiffCliOptions {
  format: string | undefined;
  failOn: string | undefined;
  color: boolean;
}

type Side =
  | { kind: 'folder'; dir: string; label: string }
  | { kind: 'revision'; repo: GitRepo; commit: string; label: string }
  | { kind: 'worktree'; label: string };

export function runDiff(args: readonly string[], io: CliIo, opts: DiffCliOptions): number {
  const format = (opts.format ?? 'text') as DiffFormat;
  if (!DIFF_FORMATS.includes(format)) throw new UsageError(`unknown diff format "${opts.format}"; use one of: ${DIFF_FORMATS.join(', ')}`);
  const failOn = (opts.failOn ?? 'none') as FailOn;
  if (!FAIL_ON.includes(failOn)) throw new UsageError(`unknown --fail-on value "${opts.failOn}"; use one of: ${FAIL_ON.join(', ')}`);
  if (args.length === 0) throw new UsageError('diff needs a base: policyc diff <base> [<head>] (a folder or a git revision each)');
  if (args.length > 2) throw new UsageError('diff takes a base and at most a head');

  const base = resolveSide(args[0]!, io);
  if (args[1] === undefined && base.kind === 'folder') {
    throw new UsageError(`a folder needs a second side to compare with: policyc diff ${args[0]} <head>`);
  }
  const head: Side = args[1] === undefined ? { kind: 'worktree', label: 'working tree' } : resolveSide(args[1], io);
  const [baseInputs, headInputs] = readSides(base, head, io);
  if (baseInputs.length + headInputs.length === 0) throw new IoError('no policy folders to compare: neither side has policies/<name>/');

  const baseResults = baseInputs.map((p) => ({ name: p.name, result: checkPolicy(p.input) }));
  const headResults = headInputs.map((p) => ({ name: p.name, result: checkPolicy(p.input) }));
  const failed = [...baseResults, ...headResults].filter((r) => !r.result.ok || !r.result.ir).map((r) => r.result);
  if (failed.length) {
    printErrors(failed, io, opts.color);
    io.stderr(`policyc: cannot compare: ${failed.map((r) => r.dir).join(', ')} ${failed.length === 1 ? 'has' : 'have'} errors\n`);
    return 1;
  }
  const named = (list: typeof baseResults): NamedPolicy[] => list.map((r) => ({ name: r.name, ir: r.result.ir!, trace: r.result.trace! }));
  const report = diffPolicies(named(baseResults), named(headResults), { base: base.label, head: head.label });

  if (format === 'json') io.stdout(formatDiffJson(report));
  else if (format === 'markdown') io.stdout(formatDiffMarkdown(report));
  else io.stdout(formatDiffText(report, { color: opts.color }));

  const escalations = report.changes.filter((c) => c.impact === 'escalation').length;
  if (failOn === 'escalation' && escalations > 0) {
    io.stderr(`policyc: ${escalations} escalation${escalations === 1 ? '' : 's'} (--fail-on escalation)\n`);
    return 1;
  }
  if (failOn === 'any' && report.changes.length > 0) {
    io.stderr(`policyc: ${report.changes.length} change${report.changes.length === 1 ? '' : 's'} (--fail-on any)\n`);
    return 1;
  }
  return 0;
}

/** An existing folder is a folder; anything else must be a git revision. */
function resolveSide(arg: string, io: CliIo): Side {
  const abs = resolve(io.cwd, arg);
  let isDir = false;
  try {
    isDir = statSync(abs).isDirectory();
  } catch {
    isDir = false;
  }
  if (isDir) return { kind: 'folder', dir: displayPath(arg, io.cwd), label: displayPath(arg, io.cwd) };
  const repo = openRepo(io.cwd);
  if (!repo) throw new IoError(`no such folder: ${arg} (and the working directory is not in a git repository, so it is not a revision either)`);
  const commit = resolveRevision(repo, arg);
  if (!commit) throw new IoError(`unknown git revision: ${arg} (nor is it a folder)`);
  return { kind: 'revision', repo, commit, label: arg };
}

interface SideInput {
  /** The name the two sides are paired by. */
  name: string;
  input: PolicyInput;
}

function readSides(base: Side, head: Side, io: CliIo): [SideInput[], SideInput[]] {
  if (base.kind === 'folder' && head.kind === 'folder') {
    // Two folders are one policy compared with itself, whatever each copy's folder is called.
    const name = basename(resolve(io.cwd, head.dir));
    return [[{ name, input: readPolicyDir(base.dir, io.cwd) }], [{ name, input: readPolicyDir(head.dir, io.cwd) }]];
  }
  const folder = base.kind === 'folder' ? base : head.kind === 'folder' ? head : undefined;
  if (folder) {
    const name = basename(resolve(io.cwd, folder.dir));
    const read = (side: Side): SideInput[] => {
      if (side.kind === 'folder') return [{ name, input: readPolicyDir(side.dir, io.cwd) }];
      if (side.kind !== 'revision') throw new Error('a folder is compared with a revision or a folder');
      const input = readPolicyAt(side.repo, side.commit, side.label, samePathAt(side.repo, resolve(io.cwd, folder.dir), name));
      return input ? [{ name, input }] : [];
    };
    return [read(base), read(head)];
  }
  const read = (side: Side): SideInput[] => {
    if (side.kind === 'revision') return readPoliciesAt(side.repo, side.commit, side.label, `${side.repo.prefix}policies`).map((input) => ({ name: input.name, input }));
    // The working tree: every folder in policies/, read from disk like `policyc check` does.
    if (!existsSync(join(io.cwd, 'policies'))) return [];
    return defaultPolicyDirs(io.cwd).map((d) => {
      const input = readPolicyDir(d, io.cwd);
      return { name: input.name, input };
    });
  };
  return [read(base), read(head)];
}

/** The repository path of a folder on disk; policies/<name> for a folder outside the repository. */
function samePathAt(repo: GitRepo, absDir: string, name: string): string {
  // git reports the top folder with symbolic links resolved; resolve the folder's too.
  const rel = relative(realpathSync(repo.root), realpathSync(absDir));
  if (rel && !rel.startsWith('..') && !isAbsolute(rel)) return rel.split(sep).join('/');
  return `${repo.prefix}policies/${name}`;
}

function printErrors(results: readonly CheckResult[], io: CliIo, color: boolean): void {
  const errors = sortDiagnostics(results.flatMap((r) => r.diagnostics.filter((d) => d.severity === 'error')));
  io.stderr(
    formatPretty(errors, {
      color,
      source: (file) => {
        for (const r of results) {
          const t = r.sources.text(file);
          if (t !== undefined) return t;
        }
        return undefined;
      },
    }),
  );
}

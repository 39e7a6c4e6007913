// `policyc watch`: rebuilds a policy's generated folder when one of its files changes. Events are
// debounced, only the policies whose files changed are rebuilt, and a policy with errors keeps
// its last good output. The compiler stays loaded between rebuilds (the emitters, the templates and
// the schema validator are loaded once), and each file's parsed and validated document is kept
// (LoadCache), so a rebuild parses only the files whose bytes changed.

import { existsSync, statSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { basename, isAbsolute, relative, resolve, sep } from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import { checkPolicy, LoadCache, type CheckResult } from '../compile.js';
import { defaultPolicyDirs, displayPath, IoError, readPolicyDir, SKIP_DIRS } from './read-policy.js';
import { outputConflict, outputRootProblem, writeOutputs } from './write-output.js';
import type { OutputFile } from '../emit/emit-policy.js';
import { EmitCache } from '../emit/emit-cache.js';

export interface WatchOptions {
  cwd: string;
  /** Policy folders; empty: every folder in policies/, including folders added while watching. */
  dirs: readonly string[];
  /** Output root (default "generated"): each policy is written to <out>/<name>. */
  out?: string;
  /** Quiet period after the last file event before rebuilding, in ms (default 25). */
  debounceMs?: number;
  /** Prints a policy's diagnostics (the CLI passes its formatter). */
  report: (result: CheckResult) => void;
  /** Status lines: "rebuilt …", "… has errors …". */
  log: (line: string) => void;
  /** Called after every rebuild attempt, for tests and the benchmark. */
  onRebuild?: (event: RebuildEvent) => void;
}

export interface RebuildEvent {
  /** The policy folder, as shown (e.g. "policies/userlike"). */
  dir: string;
  ok: boolean;
  /** Whether the generated folder was rewritten (false when broken or unchanged). */
  written: boolean;
  ms: number;
}

export interface WatchHandle {
  /** Resolves once the first build is done and file events are being received. */
  ready: Promise<void>;
  /** Stops watching and waits for a rebuild in progress; the process can then exit. */
  close(): Promise<void>;
}


export function startWatch(options: WatchOptions): WatchHandle {
  const { cwd } = options;
  const out = options.out ?? 'generated';
  const debounceMs = options.debounceMs ?? 25;
  const explicit = options.dirs.length > 0;
  // Roots: the policy folders themselves, or policies/ whose subfolders are the policies.
  const roots = explicit ? options.dirs.map((d) => resolve(cwd, d)) : [resolve(cwd, 'policies')];
  for (const r of roots) {
    if (!existsSync(r) || !statSync(r).isDirectory()) {
      throw new IoError(explicit ? `policy folder not found: ${displayPath(r, cwd)}` : 'no policies/ folder here; pass policy folders as arguments or run "policyc init"');
    }
  }
  const policyDirs = explicit ? roots.map((r) => displayPath(r, cwd)) : defaultPolicyDirs(cwd);
  const conflict =
    outputRootProblem(out, explicit ? policyDirs : [...policyDirs, 'policies'], cwd) ??
    outputConflict(
      policyDirs,
      policyDirs.map((d) => `${displayPath(out, cwd)}/${basename(resolve(cwd, d))}`),
      cwd,
    );
  if (conflict) throw new IoError(conflict);

  /** The policy folder (absolute) a path belongs to, or undefined when the path does not matter. */
  const policyOf = (path: string, isDir: boolean): string | undefined => {
    for (const root of roots) {
      const rel = relative(root, path);
      if (rel.startsWith('..') || isAbsolute(rel)) continue;
      const parts = rel === '' ? [] : rel.split(sep);
      const inner = explicit ? parts : parts.slice(1);
      const policy = explicit ? root : parts[0] === undefined ? undefined : resolve(root, parts[0]);
      if (policy === undefined) return undefined;
      // Same rules as readPolicyDir: YAML files, outside tests/ and hidden or dependency folders.
      const dirs = isDir ? inner : inner.slice(0, -1);
      if (dirs.some((d) => SKIP_DIRS.has(d) || d.startsWith('.'))) return undefined;
      if (!explicit && parts[0]!.startsWith('.')) return undefined;
      if (!isDir && !/\.ya?ml$/.test(inner.at(-1) ?? '')) return undefined;
      return policy;
    }
    return undefined;
  };

  // Per policy folder: its files as last loaded, so that a rebuild parses only the files that changed.
  const caches = new Map<string, LoadCache>();
  // Per policy folder: the files of the last emit and what they were emitted from (the IR's content
  // hash, the folder, the targets). A save that leaves the resolved policy as it was (a comment,
  // a reordering) writes from these files without emitting again; writeOutputs still compares
  // them with the folder, so an output changed by hand is put back as before.
  const emitted = new Map<string, { key: string; files: OutputFile[] }>();
  // Per policy folder: the pieces of the last emit (table rows, matrix rows), so that an emit after
  // an edit makes again only the pieces the edit changed.
  const emitCaches = new Map<string, EmitCache>();
  const dirty = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let queue: Promise<void> = Promise.resolve();
  let closed = false;

  const rebuild = async (abs: string): Promise<void> => {
    const t0 = performance.now();
    const dir = displayPath(abs, cwd);
    let result: CheckResult;
    try {
      let cache = caches.get(abs);
      if (!cache) caches.set(abs, (cache = new LoadCache()));
      result = checkPolicy(readPolicyDir(dir, cwd), { cache });
    } catch (e) {
      if (!(e instanceof IoError)) throw e;
      // A folder removed or unreadable while watching: say so and keep watching the others.
      options.log(`${e.message}; kept its last output\n`);
      options.onRebuild?.({ dir, ok: false, written: false, ms: performance.now() - t0 });
      return;
    }
    options.report(result);
    if (!result.ok || !result.ir) {
      const errors = result.diagnostics.filter((d) => d.severity === 'error').length;
      options.log(`${dir} has ${errors} ${errors === 1 ? 'error' : 'errors'}; kept the last good output\n`);
      options.onRebuild?.({ dir, ok: false, written: false, ms: performance.now() - t0 });
      return;
    }
    const target = `${displayPath(out, cwd)}/${result.name}`;
    const key = JSON.stringify([result.ir.version, result.dir, result.targets]);
    let files = emitted.get(abs)?.key === key ? emitted.get(abs)!.files : undefined;
    if (!files) {
      const { emitPolicy } = await import('../emit/emit-policy.js');
      let emitCache = emitCaches.get(abs);
      if (!emitCache) emitCaches.set(abs, (emitCache = new EmitCache()));
      files = await emitPolicy(result.ir, result.dir, result.targets, emitCache);
      emitted.set(abs, { key, files });
    }
    let written = false;
    try {
      const r = writeOutputs([{ dir: target, files }], cwd);
      for (const w of r.warnings) options.log(`policyc: warning: ${w}\n`);
      written = r.written.length > 0;
    } catch (e) {
      if (!(e instanceof IoError)) throw e;
      options.log(`policyc: ${e.message}\n`);
      options.onRebuild?.({ dir, ok: false, written: false, ms: performance.now() - t0 });
      return;
    }
    const ms = performance.now() - t0;
    options.log(`${written ? 'rebuilt' : 'unchanged'} ${target} in ${Math.round(ms)} ms\n`);
    options.onRebuild?.({ dir, ok: true, written, ms });
  };

  /** Rebuilds run one after another; events during a rebuild mark their policies for the next. */
  const flush = (): void => {
    timer = undefined;
    const list = [...dirty].sort();
    dirty.clear();
    queue = queue.then(async () => {
      for (const d of list) if (!closed) await rebuild(d);
    });
  };

  const onEvent = (event: string, path: string): void => {
    const policy = policyOf(path, event === 'addDir' || event === 'unlinkDir');
    if (policy === undefined || closed) return;
    dirty.add(policy);
    if (timer) clearTimeout(timer);
    timer = setTimeout(flush, debounceMs);
  };

  let watcher: FSWatcher | undefined;
  const ready = (async () => {
    // Watch first, then build: a save during the first build is seen and rebuilt after it.
    watcher = watch(roots, {
      ignoreInitial: true,
      ignored: (p: string) => /(^|[/\\])(node_modules|\.git)([/\\]|$)/.test(p),
    });
    watcher.on('all', onEvent);
    await new Promise<void>((done) => watcher!.once('ready', done));
    for (const d of explicit ? roots : defaultPolicyDirs(cwd).map((p) => resolve(cwd, p))) dirty.add(d);
    flush();
    await queue;
    options.log(`watching ${roots.map((r) => displayPath(r, cwd)).join(', ')} (Ctrl-C to stop)\n`);
  })();

  return {
    ready,
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      await ready.catch(() => undefined);
      await watcher?.close();
      await queue;
    },
  };
}

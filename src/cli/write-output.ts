// Writes generated folders atomically and compares them for --check. Each policy's output is
// staged in a hidden sibling folder, then swapped in with renames; on any failure the staged
// folders are removed and the previous output is put back, so generated/ is never half-written.

import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { OutputFile } from '../emit/emit-policy.js';
import { IoError } from './read-policy.js';

export interface PolicyOutput {
  /** Generated folder, relative to cwd (e.g. "generated/userlike"). */
  dir: string;
  files: OutputFile[];
}

export interface Staleness {
  missing: string[];
  stale: string[];
  extra: string[];
}

function listFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(relative(root, p).split(sep).join('/'));
    }
  };
  if (existsSync(root)) walk(root);
  return out.sort();
}

/** Staging folders of this module: `.policyc-new-<name>-<pid>-<tag>` and `.policyc-old-...`. */
const STAGING = /^\.policyc-(new|old)-(.*)-(\d+)-[a-z0-9]+$/;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Cleans up after a build that was killed between staging and swapping: a staged new folder is
 * dropped, a moved-away old folder is put back where its replacement never arrived.
 */
export function recoverStaging(parent: string): void {
  let names: string[];
  try {
    names = readdirSync(parent);
  } catch {
    return;
  }
  for (const n of names) {
    const m = STAGING.exec(n);
    if (!m || alive(Number(m[3]))) continue;
    const p = join(parent, n);
    const target = join(parent, m[2]!);
    if (m[1] === 'old' && !existsSync(target)) renameSync(p, target);
    else rmSync(p, { recursive: true, force: true });
  }
}

/** Why the output folders cannot be written as asked, or undefined when they can. */
export function outputConflict(policyDirs: readonly string[], outputDirs: readonly string[], cwd: string): string | undefined {
  const seen = new Map<string, string>();
  outputDirs.forEach((o, i) => {
    const abs = resolve(cwd, o);
    if (!seen.has(abs)) seen.set(abs, policyDirs[i]!);
  });
  for (const [i, o] of outputDirs.entries()) {
    const abs = resolve(cwd, o);
    const first = seen.get(abs)!;
    if (first !== policyDirs[i]) return `${first} and ${policyDirs[i]} would both be written to ${o}; build them with different --out folders`;
    for (const p of policyDirs) {
      const src = resolve(cwd, p);
      const inside = (a: string, b: string) => a === b || a.startsWith(b + sep);
      if (inside(abs, src) || inside(src, abs)) return `the output folder ${o} overlaps the policy folder ${p}; choose another --out`;
    }
  }
  return undefined;
}

export function compareOutputs(outputs: readonly PolicyOutput[], cwd: string): Staleness {
  const result: Staleness = { missing: [], stale: [], extra: [] };
  // Leftovers of an interrupted build beside the generated folders.
  const parents = new Set(outputs.map((o) => dirname(resolve(cwd, o.dir))));
  for (const parent of parents) {
    for (const n of existsSync(parent) ? readdirSync(parent) : []) {
      if (STAGING.test(n)) result.extra.push(`${relative(cwd, join(parent, n)).split(sep).join('/')}/`);
    }
  }
  for (const o of outputs) {
    const abs = resolve(cwd, o.dir);
    const expected = new Set(o.files.map((f) => f.path));
    for (const f of o.files) {
      const p = join(abs, f.path);
      const shown = `${o.dir}/${f.path}`;
      let current: string | undefined;
      try {
        current = readFileSync(p, 'utf8');
      } catch {
        current = undefined;
      }
      if (current === undefined) result.missing.push(shown);
      else if (current !== f.content) result.stale.push(shown);
    }
    for (const f of listFiles(abs)) if (!expected.has(f)) result.extra.push(`${o.dir}/${f}`);
  }
  return result;
}

/** Writes every policy's folder; folders whose content is unchanged are not touched. Returns the folders written. */
export function writeOutputs(outputs: readonly PolicyOutput[], cwd: string): string[] {
  for (const parent of new Set(outputs.map((o) => dirname(resolve(cwd, o.dir))))) recoverStaging(parent);
  const changed = outputs.filter((o) => {
    const s = compareOutputs([o], cwd);
    return s.missing.length + s.stale.length + s.extra.length > 0;
  });
  const tag = `${process.pid}-${Date.now().toString(36)}`;
  const staged: { target: string; tmp: string; old: string }[] = [];
  try {
    for (const o of changed) {
      const target = resolve(cwd, o.dir);
      const parent = dirname(target);
      mkdirSync(parent, { recursive: true });
      const name = target.slice(parent.length + 1);
      const tmp = join(parent, `.policyc-new-${name}-${tag}`);
      staged.push({ target, tmp, old: join(parent, `.policyc-old-${name}-${tag}`) });
      for (const f of o.files) {
        const p = join(tmp, f.path);
        mkdirSync(dirname(p), { recursive: true });
        writeFileSync(p, f.content);
      }
    }
    const swapped: (typeof staged)[number][] = [];
    try {
      for (const s of staged) {
        if (existsSync(s.target)) renameSync(s.target, s.old);
        renameSync(s.tmp, s.target);
        swapped.push(s);
      }
    } catch (e) {
      // Put back what was already swapped, newest first.
      for (const s of [...swapped, ...staged.filter((x) => !swapped.includes(x))].reverse()) {
        if (existsSync(s.old)) {
          if (existsSync(s.target) && swapped.includes(s)) rmSync(s.target, { recursive: true, force: true });
          renameSync(s.old, s.target);
        }
      }
      throw e;
    }
    for (const s of staged) rmSync(s.old, { recursive: true, force: true });
  } catch (e) {
    for (const s of staged) rmSync(s.tmp, { recursive: true, force: true });
    throw new IoError(`could not write ${relative(cwd, staged.at(-1)?.target ?? cwd) || '.'}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  return changed.map((o) => o.dir);
}

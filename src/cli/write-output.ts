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

export function compareOutputs(outputs: readonly PolicyOutput[], cwd: string): Staleness {
  const result: Staleness = { missing: [], stale: [], extra: [] };
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

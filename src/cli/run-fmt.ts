// `policyc fmt [paths...] [--check]`: finds the policy and test files, formats each with the
// library's formatSource, and writes the ones that change (each atomically: a temporary file in
// the same folder, renamed over the original). With --check it writes nothing and reports every
// file that would change as an `unformatted` diagnostic at its first differing line.

import { lstatSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { CATALOGUE } from '../diagnostics/catalogue.js';
import { fileKind, formatSource } from '../fmt/format.js';
import { defaultPolicyDirs, displayPath, IoError } from './read-policy.js';

const YAML = /\.ya?ml$/;
/** Folders never searched for files to format. */
const SKIP = new Set(['node_modules', '.git']);

export interface FmtRun {
  /** Every file looked at, as displayed (relative to the working directory). */
  files: string[];
  /** Files that changed (written, or with --check, that would be). */
  changed: string[];
  diagnostics: Diagnostic[];
  /** Source text of each file, for code frames. */
  texts: Map<string, string>;
}

/** A path given on the command line that is neither a folder nor a YAML file: a usage error. */
export class NotYamlError extends Error {}

/**
 * Formats the files of the given folders and files (default: every folder in policies/). Reads
 * every file before writing any, so that an I/O error stops the run with nothing changed.
 */
export function formatPaths(paths: readonly string[], cwd: string, check: boolean): FmtRun {
  const roots = paths.length ? paths.map((p) => displayPath(p, cwd)) : defaultPolicyDirs(cwd);
  const found = new Set<string>();
  for (const root of roots) for (const f of listYaml(root, cwd)) found.add(f);
  const files = [...found].sort();
  const inputs = files.map((file) => {
    try {
      return { file, bytes: readFileSync(resolve(cwd, file)) };
    } catch (e) {
      throw new IoError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
    }
  });
  const run: FmtRun = { files, changed: [], diagnostics: [], texts: new Map() };
  const writes: { file: string; text: string }[] = [];
  for (const { file, bytes } of inputs) {
    const source = new TextDecoder().decode(bytes);
    run.texts.set(file, source);
    const r = formatSource(bytes, fileKind(file), { file });
    if (!r.ok) {
      run.diagnostics.push(...r.diagnostics);
      continue;
    }
    if (!r.changed) continue;
    run.changed.push(file);
    if (check) run.diagnostics.push(unformatted(file, source, r.text));
    else writes.push({ file, text: r.text });
  }
  for (const w of writes) writeAtomically(resolve(cwd, w.file), w.text, w.file);
  return run;
}

/** YAML files at or below a path, displayed relative to cwd. Symbolic links are not followed. */
function listYaml(root: string, cwd: string): string[] {
  const abs = resolve(cwd, root);
  let st;
  try {
    st = lstatSync(abs);
  } catch {
    throw new IoError(`not found: ${root}`);
  }
  if (st.isFile()) {
    if (!YAML.test(abs)) throw new NotYamlError(`${root} is not a YAML file; fmt formats policy folders and their .yaml files`);
    return [displayPath(abs, cwd)];
  }
  if (!st.isDirectory()) throw new NotYamlError(`${root} is neither a folder nor a YAML file`);
  const out: string[] = [];
  const walk = (d: string): void => {
    let entries;
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch (e) {
      throw new IoError(`cannot read folder ${relative(cwd, d).split(sep).join('/')}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
    }
    for (const e of entries) {
      if (e.name.startsWith('.') || SKIP.has(e.name)) continue;
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && YAML.test(e.name)) out.push(displayPath(p, cwd));
    }
  };
  walk(abs);
  return out;
}

/** The diagnostic of a file that is not in canonical layout, at the first character that differs. */
function unformatted(file: string, source: string, formatted: string): Diagnostic {
  const a = source.replace(/^\uFEFF/, '').replace(/\r\n/g, '\n').split('\n');
  const b = formatted.split('\n');
  let line = 0;
  while (line < a.length && line < b.length && a[line] === b[line]) line++;
  const x = a[line] ?? '';
  const y = b[line] ?? '';
  let column = 0;
  while (column < x.length && column < y.length && x[column] === y[column]) column++;
  const entry = CATALOGUE.unformatted;
  return {
    code: entry.code,
    rule: 'unformatted',
    severity: entry.severity,
    message: line >= a.length ? 'the file is not formatted (it ends differently)' : `the file is not formatted (first difference at line ${line + 1})`,
    file,
    line: Math.min(line, a.length - 1) + 1,
    column: column + 1,
    path: '',
    hint: `run "npx policyc fmt ${file}"`,
  };
}

/** Replaces a file in one rename, keeping its mode; a failure leaves the original untouched. */
function writeAtomically(path: string, text: string, shown: string): void {
  const temp = join(dirname(path), `.${basename(path)}.policyc-fmt-${process.pid}-${Math.random().toString(36).slice(2, 8)}`);
  try {
    writeFileSync(temp, text, { mode: statSync(path).mode & 0o777, flag: 'wx' });
    renameSync(temp, path);
  } catch (e) {
    rmSync(temp, { force: true });
    throw new IoError(`cannot write ${shown}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
}

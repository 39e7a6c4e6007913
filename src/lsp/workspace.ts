// The policy folders the editor works in: which folder a file belongs to, its files with the open
// buffers' unsaved text in place of what is on disk, the ids written in them, and the compiler's
// diagnostics for the whole folder (load, validate, resolve, analyse, and the test suites' references).

import { statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { checkPolicy, MAIN_FILE, type CheckResult, type PolicyFile, type PolicyInput } from '../compile.js';
import { displayPath, IoError, readPolicyDir, readPolicyTests, SKIP_DIRS } from '../cli/read-policy.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { ResolvedPolicy, Trace } from '../ir.js';
import type { Locate } from '../explain/explain-role.js';
import { runPolicyTests } from '../policy-test/run-tests.js';
import { indexFile, type FileSymbols, type Occurrence, type SymbolKind } from './symbols.js';

export interface FolderFile {
  /** Absolute path. */
  abs: string;
  /** Path inside the policy folder, forward slashes ("roles/02-manager.yaml", "tests/a.yaml"). */
  rel: string;
  text: string;
  test: boolean;
  symbols: FileSymbols;
}

/** An id written somewhere in the folder. */
export interface Located extends Occurrence {
  file: FolderFile;
}

export interface FolderIndex {
  files: Map<string, FolderFile>;
  /** Definitions and references by symbol key (see symbolKey). */
  symbols: Map<string, Located[]>;
  /** permission id -> scale id. */
  scales: Map<string, string>;
}

export interface CheckOutcome {
  result: CheckResult;
  /** Diagnostics by absolute file path; folder-level ones (line 0) under the folder's own path. */
  byFile: Map<string, Diagnostic[]>;
}

/** What hover and explain need from the last check that resolved the policy. */
export interface Resolved {
  ir: ResolvedPolicy;
  trace: Trace;
  locate: Locate;
}

/** Reads the text of a file from the open buffers, or undefined when it is not open. */
export type Overlay = (abs: string) => string | undefined;
export type OpenFiles = () => Iterable<string>;

const YAML = /\.ya?ml$/;
/** How far up from a file a policy.yaml is looked for (roles/x.yaml, tests/x.yaml, deeper folders). */
const MAX_UP = 8;

/**
 * The policy folder a file belongs to: the nearest folder above it holding policy.yaml (on disk or
 * open), provided the file is one the compiler reads (a YAML file outside skipped folders) or a
 * test suite directly in tests/. Undefined for any other file.
 */
export function policyFolderOf(abs: string, isOpen: (p: string) => boolean): string | undefined {
  if (!YAML.test(abs)) return undefined;
  let dir = dirname(abs);
  for (let i = 0; i < MAX_UP; i++) {
    const main = join(dir, MAIN_FILE);
    if (isOpen(main) || isFile(main)) return belongs(dir, abs) ? dir : undefined;
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
  return undefined;
}

function belongs(folder: string, abs: string): boolean {
  const parts = relative(folder, abs).split(sep);
  const dirs = parts.slice(0, -1);
  if (dirs.length === 1 && dirs[0] === 'tests') return true;
  return !dirs.some((d) => SKIP_DIRS.has(d) || d.startsWith('.'));
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

export class PolicyFolder {
  /** How diagnostics and explanations name the folder (relative to the workspace root when inside it). */
  readonly shown: string;
  private index: FolderIndex | undefined;
  private readonly indexed = new Map<string, { text: string; test: boolean; symbols: FileSymbols }>();
  private inputs: { policy: PolicyFile[]; tests: PolicyFile[]; links: PolicyInput['links'] } | undefined;
  /** The last check's outcome, and the last one that resolved the policy. */
  last: CheckOutcome | undefined;
  resolved: Resolved | undefined;
  /** The test suites' diagnostics from the last time they were read, by absolute path. */
  testFindings: Map<string, Diagnostic[]> | undefined;
  /** URIs given diagnostics by the last publication, to clear those no longer reported. */
  published = new Set<string>();

  constructor(
    readonly abs: string,
    readonly root: string,
    private readonly overlay: Overlay,
    private readonly openFiles: OpenFiles,
  ) {
    this.shown = displayPath(abs, root);
  }

  /** Forget what was read: a buffer or a file on disk changed. */
  invalidate(): void {
    this.index = undefined;
    this.inputs = undefined;
  }

  private read(): NonNullable<PolicyFolder['inputs']> {
    if (this.inputs) return this.inputs;
    const enc = new TextEncoder();
    const policy = new Map<string, PolicyFile>();
    const tests = new Map<string, PolicyFile>();
    let links: PolicyInput['links'];
    try {
      const input = readPolicyDir(this.abs, this.root);
      for (const f of input.files) policy.set(f.path, f);
      links = input.links;
    } catch (e) {
      // A folder removed or unreadable while open: the open buffers are what is left.
      if (!(e instanceof IoError)) throw e;
    }
    try {
      for (const f of readPolicyTests(this.abs, this.root)) tests.set(f.path, f);
    } catch (e) {
      if (!(e instanceof IoError)) throw e;
    }
    for (const open of this.openFiles()) {
      if (policyFolderOf(open, (p) => this.overlay(p) !== undefined) !== this.abs) continue;
      const rel = relative(this.abs, open).split(sep).join('/');
      if (rel.startsWith('..')) continue;
      const text = this.overlay(open);
      if (text === undefined) continue;
      const file = { path: rel, bytes: enc.encode(text) };
      if (rel.startsWith('tests/')) tests.set(rel, file);
      else policy.set(rel, file);
    }
    const byPath = (a: PolicyFile, b: PolicyFile): number => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
    this.inputs = { policy: [...policy.values()].sort(byPath), tests: [...tests.values()].sort(byPath), links };
    return this.inputs;
  }

  /** The ids of every file of the folder, current with the open buffers. */
  symbols(): FolderIndex {
    if (this.index) return this.index;
    const { policy, tests } = this.read();
    const dec = new TextDecoder('utf-8', { fatal: false });
    const files = new Map<string, FolderFile>();
    for (const f of [...policy, ...tests]) {
      const abs = resolve(this.abs, f.path);
      const text = this.overlay(abs) ?? dec.decode(f.bytes).replace(/^\uFEFF/, '');
      const test = f.path.startsWith('tests/');
      // Only the files whose text changed are parsed again: an edit re-indexes one file.
      const cached = this.indexed.get(abs);
      const symbols = cached && cached.text === text && cached.test === test ? cached.symbols : indexFile(text, test);
      this.indexed.set(abs, { text, test, symbols });
      files.set(abs, { abs, rel: f.path, text, test, symbols });
    }
    for (const abs of this.indexed.keys()) if (!files.has(abs)) this.indexed.delete(abs);
    const scales = new Map<string, string>();
    for (const f of files.values()) for (const [p, s] of f.symbols.scales) if (!scales.has(p)) scales.set(p, s);
    const symbols = new Map<string, Located[]>();
    for (const f of files.values()) {
      for (const o of f.symbols.occurrences) {
        const key = symbolKey(o, scales);
        if (key === undefined) continue;
        let list = symbols.get(key);
        if (!list) symbols.set(key, (list = []));
        list.push({ ...o, file: f });
      }
    }
    this.index = { files, symbols, scales };
    return this.index;
  }

  /** Runs the compiler over the folder's policy files: load, validate, resolve, analyse. */
  check(): CheckOutcome {
    const { policy, links } = this.read();
    const result = checkPolicy({ name: basename(this.abs), dir: this.shown, files: policy, ...(links ? { links } : {}) });
    if (result.ir && result.trace) this.resolved = { ir: result.ir, trace: result.trace, locate: result.sources.locate };
    this.last = { result, byFile: this.byFile(result.diagnostics) };
    return this.last;
  }

  /**
   * Checks the test suites against the last check's IR (schema, and every id they name); undefined
   * when the policy has errors, since the suites cannot be read against it then.
   */
  checkTests(): Map<string, Diagnostic[]> | undefined {
    const result = this.last?.result;
    if (!result?.ok || !result.ir || !result.trace) return undefined;
    const { tests } = this.read();
    const run = runPolicyTests(result.ir, result.dir, tests, { trace: result.trace, locate: result.sources.locate });
    return this.byFile(run.diagnostics);
  }

  private byFile(list: readonly Diagnostic[]): Map<string, Diagnostic[]> {
    const byFile = new Map<string, Diagnostic[]>();
    for (const d of list) {
      const abs = resolve(this.root, d.file);
      let l = byFile.get(abs);
      if (!l) byFile.set(abs, (l = []));
      l.push(d);
    }
    return byFile;
  }

  /** The display name of a file of the folder, as diagnostics give it. */
  absOf(file: string): string {
    return resolve(this.root, file);
  }
}

/**
 * The key under which an occurrence is filed: kind, scope and id. Levels are scoped by their scale
 * (found through the permission when a grant names one), actions by their resource. Undefined when
 * the scope cannot be known (a level of a permission that does not exist).
 */
export function symbolKey(o: Pick<Occurrence, 'kind' | 'id' | 'scope'>, scales: ReadonlyMap<string, string>): string | undefined {
  return keyOf(o.kind, o.id, scopeKey(o, scales));
}

export function scopeKey(o: Pick<Occurrence, 'kind' | 'scope'>, scales: ReadonlyMap<string, string>): string | undefined {
  if (o.kind === 'level') {
    const scale = o.scope?.scale ?? (o.scope?.permission !== undefined ? scales.get(o.scope.permission) : undefined);
    return scale;
  }
  if (o.kind === 'action') return o.scope?.resource;
  return '';
}

export function keyOf(kind: SymbolKind, id: string, scope: string | undefined): string | undefined {
  return scope === undefined ? undefined : `${kind}\0${scope}\0${id}`;
}

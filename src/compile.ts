// The library entry: one policy folder's files in, the IR, its trace and diagnostics out.
// Pure: the caller reads the files (see src/cli/read-policy.ts) and writes the results.

import { createHash } from 'node:crypto';
import { analyzePolicy } from './analyze/analyze-policy.js';
import { DiagnosticBag, type Diagnostic, type Report } from './diagnostics/diagnostic.js';
import type { ResolvedPolicy, ResolvedRole, Trace } from './ir.js';
import { DEFAULT_LOAD_LIMITS, loadYaml, type Json, type LoadLimits } from './load/load-yaml.js';
import { SourceIndex, type FileIndex } from './load/source-index.js';
import { spicedbProblems } from './emit/emit-spicedb-names.js';
import { child, mergeDocuments, type MergedPolicy, type PolicyDoc } from './resolve/merge.js';
import { ResolveMemo } from './resolve/part.js';
import { resolvePolicy } from './resolve/resolve-policy.js';
import { levelContext } from './validate/level-context.js';
import { validateDocument } from './validate/validate-schema.js';

export interface PolicyFile {
  /** Path relative to the policy folder, with forward slashes (e.g. "roles/manager.yaml"). */
  path: string;
  bytes: Uint8Array;
}

export interface PolicyInput {
  /** The policy's name: its folder's name, and the name of its generated folder. */
  name: string;
  /** How diagnostics name the folder (e.g. "policies/userlike"). */
  dir: string;
  files: readonly PolicyFile[];
  /** Symbolic links the reader did not follow (their target is outside the repository or missing). */
  links?: readonly PolicyLink[];
}

export interface PolicyLink {
  /** Path of the link relative to the policy folder, with forward slashes. */
  path: string;
  /** The link's target as written in the link. */
  target: string;
  reason: 'outside' | 'missing';
}

export interface CompileOptions {
  limits?: Partial<LoadLimits>;
  /** Build targets, overriding the policy's `targets` (e.g. from `build --target`). */
  targets?: readonly Target[];
  /** Keeps each file's loaded and validated document between checks of the same policy (watch). */
  cache?: LoadCache;
}

/** One file as loaded: its bytes, what the loader reported, its value and whether the schema accepted it. */
interface LoadedFile {
  bytes: Uint8Array;
  limits: LoadLimits;
  index: FileIndex | undefined;
  reports: Report[];
  value: Json | undefined;
  /** Set once the schema accepted the value (validation of a valid document reports nothing). */
  valid: boolean;
}

/**
 * The loaded documents of one policy folder, by file, for checking it again after an edit: a file
 * whose bytes are unchanged is neither parsed nor validated again, and what loading it reported is
 * reported again. Nothing after the loader changes a loaded value, so a later stage sees the same
 * value either way; an invalid document is validated again every time, since its messages depend
 * on the other files (levelContext).
 */
export class LoadCache {
  private files = new Map<string, LoadedFile>();
  /** The roles resolved by the last check, reused where their inputs are unchanged. */
  readonly resolved = new ResolveMemo();

  /** Loads a file, or replays its earlier load when its bytes and the limits are unchanged. */
  load(file: string, bytes: Uint8Array, bag: DiagnosticBag, sources: SourceIndex, limits: LoadLimits): LoadedFile {
    let entry = this.files.get(file);
    if (!entry || !sameLimits(entry.limits, limits) || !Buffer.from(entry.bytes.buffer, entry.bytes.byteOffset, entry.bytes.byteLength).equals(bytes)) {
      const reports: Report[] = [];
      let index: FileIndex | undefined;
      const value = loadYaml(file, bytes, { report: (r) => reports.push(r) }, { add: (_, i) => (index = i) }, limits);
      entry = { bytes, limits, index, reports, value, valid: false };
      this.files.set(file, entry);
    }
    if (entry.index) sources.add(file, entry.index);
    for (const r of entry.reports) bag.report(r);
    return entry;
  }

  /** Forgets every file not in `keep` (files deleted or renamed since). */
  retain(keep: ReadonlySet<string>): void {
    for (const file of [...this.files.keys()]) if (!keep.has(file)) this.files.delete(file);
  }
}

function sameLimits(a: LoadLimits, b: LoadLimits): boolean {
  return a.maxFileBytes === b.maxFileBytes && a.maxNodes === b.maxNodes && a.maxDepth === b.maxDepth && a.maxEntries === b.maxEntries;
}

/** What `build` writes besides README.md and policy.json. TypeScript guards are always written. */
export const TARGETS = ['typescript', 'spicedb'] as const;
export type Target = (typeof TARGETS)[number];

export interface CheckResult {
  name: string;
  dir: string;
  /** Present when the policy could be resolved, even with errors elsewhere. */
  ir?: ResolvedPolicy;
  trace?: Trace;
  merged?: MergedPolicy;
  /** The build targets in force: the options', else the policy's, else typescript. */
  targets: Target[];
  diagnostics: Diagnostic[];
  /** Text and positions of the files, for code frames. */
  sources: SourceIndex;
  ok: boolean;
}

export const MAIN_FILE = 'policy.yaml';

/** Loads, validates, resolves and analyses one policy. Never throws on bad input. */
export function checkPolicy(input: PolicyInput, options: CompileOptions = {}): CheckResult {
  const limits = { ...DEFAULT_LOAD_LIMITS, ...options.limits };
  const sources = new SourceIndex();
  const bag = new DiagnosticBag(sources.locate);
  const display = (p: string): string => `${input.dir}/${p}`;
  const files = [...input.files].sort((a, b) => fileRank(a.path) - fileRank(b.path) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const mainFile = display(MAIN_FILE);
  for (const l of input.links ?? []) {
    bag.report({
      rule: 'symlink-target',
      message:
        l.reason === 'outside'
          ? `${display(l.path)} is a symbolic link to ${l.target}, outside the repository; it was not read`
          : `${display(l.path)} is a symbolic link to ${l.target}, which does not exist`,
      at: { file: display(l.path), path: '' },
      line: 0,
      column: 0,
      hint: 'policyc follows links only to files and folders inside the repository; copy the file into it or fix the link',
    });
  }
  if (!files.some((f) => f.path === MAIN_FILE) && !input.links?.some((l) => l.path === MAIN_FILE)) {
    bag.report({
      rule: 'policy-file-missing',
      message: `${input.dir} has no ${MAIN_FILE}`,
      at: { file: input.dir, path: '' },
      line: 0,
      column: 0,
      hint: 'every policy folder needs a policy.yaml; start one with "policyc init"',
    });
  }
  const docs: { file: string; doc: PolicyDoc }[] = [];
  // Without policy.yaml the rest would only produce follow-on findings (no owner, no scales...).
  let usable = files.some((f) => f.path === MAIN_FILE);
  const loaded: { file: string; value: unknown; cached?: LoadedFile }[] = [];
  for (const f of files) {
    const file = display(f.path);
    const cached = options.cache?.load(file, f.bytes, bag, sources, limits);
    const value = cached ? cached.value : loadYaml(file, f.bytes, bag, sources, limits);
    if (value === undefined) usable = false;
    else loaded.push({ file, value, cached });
  }
  options.cache?.retain(new Set(files.map((f) => display(f.path))));
  // Scales are known before validation so that a grant value which is no level names the valid ones.
  const levels = levelContext(loaded.map((l) => l.value));
  for (const { file, value, cached } of loaded) {
    if (cached?.valid || validateDocument(file, value, bag, undefined, levels)) {
      if (cached) cached.valid = true;
      docs.push({ file, doc: value as PolicyDoc });
    } else usable = false;
  }
  const result: CheckResult = { name: input.name, dir: input.dir, targets: ['typescript'], diagnostics: [], sources, ok: false };
  // Resolving a policy with a file missing would report every reference into that file; stop here.
  if (usable && docs.length > 0) {
    const merged = mergeDocuments(docs, bag);
    const { policy, trace } = resolvePolicy(input.name, merged, bag, options.cache?.resolved);
    analyzePolicy({ policy, merged, bag, mainFile });
    result.targets = targetsOf(options.targets ?? (merged.targets?.value as Target[] | undefined));
    if (result.targets.includes('spicedb')) checkSpicedb(policy, merged, bag, mainFile);
    result.ir = withVersion(policy);
    result.trace = trace;
    result.merged = merged;
  }
  result.diagnostics = bag.all();
  result.ok = !bag.hasErrors;
  return result;
}

function targetsOf(list: readonly Target[] | undefined): Target[] {
  return TARGETS.filter((t) => t === 'typescript' || (list ?? []).includes(t));
}

/** Constructs that a SpiceDB schema cannot say as the guards do, located where they are written. */
function checkSpicedb(policy: ResolvedPolicy, merged: MergedPolicy, bag: DiagnosticBag, mainFile: string): void {
  for (const p of spicedbProblems(policy)) {
    const def = p.at.section === 'tiers' ? merged.tiers : p.at.id === undefined ? undefined : merged[p.at.section].get(p.at.id);
    const at = def ? (p.at.sub ? child(def.at, ...p.at.sub) : { ...def.at, key: true }) : { file: mainFile, path: '' };
    bag.report({ rule: 'spicedb-form', message: p.message, at, hint: 'rename it, or build without the spicedb target' });
  }
}

function fileRank(path: string): number {
  return path === MAIN_FILE ? 0 : 1;
}

/** Each role's entry in policy.json, indented as it stands there, by the resolved role (see ROLE_JSON). */
const ROLE_ENTRY = new WeakMap<ResolvedRole, { id: string; text: string }>();

/**
 * Serialises the IR the one way policy.json and `policyc export` both use: JSON.stringify(ir, null, 2)
 * and a newline, with each role's entry taken from ROLE_ENTRY. The same characters: JSON.stringify
 * writes an object as its members' texts, each indented by its depth, joined by ",\n". A role's
 * entry is cut from the text of `{ roles: { [id]: role } }`, which indents it as policy.json does
 * (re-indenting the text of the role alone costs more than writing the whole IR again).
 */
export function serializePolicy(ir: ResolvedPolicy): string {
  const members: string[] = [];
  for (const [key, value] of Object.entries(ir)) {
    let text: string;
    if (key === 'roles' && value !== null && typeof value === 'object') {
      const entries = Object.entries(value as Record<string, ResolvedRole>).map(([id, role]) => {
        const kept = ROLE_ENTRY.get(role);
        if (kept?.id === id) return kept.text;
        const entry = JSON.stringify({ roles: { [id]: role } }, null, 2).slice('{\n  "roles": {\n'.length, -'\n  }\n}'.length);
        ROLE_ENTRY.set(role, { id, text: entry });
        return entry;
      });
      text = entries.length ? `  "roles": {\n${entries.join(',\n')}\n  }` : '  "roles": {}';
    } else {
      // "{}" when JSON.stringify leaves the member out (undefined, functions).
      text = JSON.stringify({ [key]: value }, null, 2).slice(2, -2);
    }
    if (text !== '') members.push(text);
  }
  return members.length ? `{\n${members.join(',\n')}\n}\n` : '{}\n';
}

/** Adds a content hash of everything else in the IR, so consumers can detect any change. */
function withVersion(policy: ResolvedPolicy): ResolvedPolicy {
  const { version: _ignored, ...rest } = policy;
  // The hash reads the text piece by piece: at 197 x 300 it is 3 MB, mostly kept role texts.
  const hash = createHash('sha256');
  compactJson(rest, (piece) => hash.update(piece));
  return { version: hash.digest('hex').slice(0, 16), ...rest };
}

/** Each role's JSON, by the resolved role: watch rebuilds keep the roles that did not change (resolve's memo). */
const ROLE_JSON = new WeakMap<ResolvedRole, string>();

/**
 * JSON.stringify(ir), given to `write` in pieces, with each role's text taken from ROLE_JSON: the
 * same characters, since JSON.stringify writes an object as its members' texts in key order.
 */
function compactJson(ir: Partial<ResolvedPolicy>, write: (piece: string) => void): void {
  let comma = '';
  write('{');
  for (const [key, value] of Object.entries(ir)) {
    if (key === 'roles' && value !== null && typeof value === 'object') {
      write(`${comma}${JSON.stringify(key)}:{`);
      let roleComma = '';
      for (const [id, role] of Object.entries(value as Record<string, ResolvedRole>)) {
        let json = ROLE_JSON.get(role);
        if (json === undefined) ROLE_JSON.set(role, (json = JSON.stringify(role)));
        write(`${roleComma}${JSON.stringify(id)}:`);
        write(json);
        roleComma = ',';
      }
      write('}');
    } else {
      const text = JSON.stringify(value);
      // JSON.stringify leaves out members whose value it cannot write (undefined, functions).
      if (text === undefined) continue;
      write(`${comma}${JSON.stringify(key)}:${text}`);
    }
    comma = ',';
  }
  write('}');
}

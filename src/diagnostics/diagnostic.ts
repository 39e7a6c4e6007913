// The diagnostic value every stage produces, and the bag that collects them.
// Stages report JSON paths; only the loader's position index turns a path into line and column.

import { CATALOGUE, type Rule, type Severity } from './catalogue.js';

export interface Diagnostic {
  code: string;
  rule: Rule;
  severity: Severity;
  message: string;
  /** Path of the file relative to the working directory (forward slashes). */
  file: string;
  /** 1-based; 0 when the diagnostic concerns a folder rather than a place in a file. */
  line: number;
  column: number;
  /** JSON Pointer (RFC 6901) into the file's document; "" for the whole document. */
  path: string;
  hint?: string;
}

/** Where something was written: a file and a JSON path inside it. */
export interface Origin {
  file: string;
  path: string;
  /** Point at the key that introduces `path` rather than at its value. */
  key?: boolean;
}

export interface Report {
  rule: Rule;
  message: string;
  at: Origin;
  hint?: string;
  /** Only for the loader, which knows positions directly. */
  line?: number;
  column?: number;
  severity?: Severity;
}

/** Turns an origin into a line and column; supplied by the loader. */
export type Locate = (origin: Origin) => { line: number; column: number };

/** Per file: how many diagnostics are stored, the last position among them, and those only counted. */
interface FileTally {
  stored: number;
  line: number;
  column: number;
  extra: { errors: number; warnings: number };
  /** The last diagnostic only counted. */
  last: Diagnostic | undefined;
}

export class DiagnosticBag {
  private readonly items: Diagnostic[] = [];
  private readonly seen = new Set<string>();
  private readonly tallies = new Map<string, FileTally>();

  constructor(private readonly locate: Locate) {}

  /** "file:line:column" of an origin, for messages that mention a second place. */
  where(origin: Origin): string {
    const { line, column } = this.locate(origin);
    return `${origin.file}:${line}:${column}`;
  }

  /** How many reports were made, kept or not: a stage can tell whether a step of it reported anything. */
  reports = 0;

  report(r: Report): void {
    this.reports++;
    const entry = CATALOGUE[r.rule];
    const pos = r.line !== undefined ? { line: r.line, column: r.column ?? 1 } : this.locate(r.at);
    const d: Diagnostic = {
      code: entry.code,
      rule: r.rule,
      severity: r.severity ?? entry.severity,
      message: r.message,
      file: r.at.file,
      line: pos.line,
      column: pos.column,
      path: r.at.path,
    };
    if (r.hint !== undefined) d.hint = r.hint;
    let t = this.tallies.get(d.file);
    if (!t) this.tallies.set(d.file, (t = { stored: 0, line: 0, column: 0, extra: { errors: 0, warnings: 0 }, last: undefined }));
    const after = d.line > t.line || (d.line === t.line && d.column >= t.column);
    // Only the first MAX_PER_FILE of a file are shown (see all()). Once twice that many are stored,
    // one that comes after all of them cannot be among the first: count it instead of keeping it,
    // so that a hostile file's tens of thousands of findings cost no memory and no sorting. Repeats
    // of such a diagnostic come one after the other (an alias expanded again), so comparing with
    // the previous one is enough to count each once.
    if (t.stored >= 2 * MAX_PER_FILE && after) {
      const p = t.last;
      if (p && p.code === d.code && p.line === d.line && p.column === d.column && p.message === d.message) return;
      t.last = d;
      if (d.severity === 'error') t.extra.errors++;
      else t.extra.warnings++;
      return;
    }
    const key = `${d.code}\0${d.file}\0${d.line}\0${d.column}\0${d.message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    t.stored++;
    if (after) {
      t.line = d.line;
      t.column = d.column;
    }
    this.items.push(d);
  }

  get hasErrors(): boolean {
    return this.items.some((d) => d.severity === 'error') || [...this.tallies.values()].some((t) => t.extra.errors > 0);
  }

  /** Sorted; past MAX_PER_FILE in one file, the rest are summed up in one `diagnostic-limit` entry. */
  all(): Diagnostic[] {
    const extra = new Map([...this.tallies].map(([file, t]) => [file, t.extra]));
    return capPerFile(sortDiagnostics(this.items), MAX_PER_FILE, extra);
  }
}

/** Most diagnostics shown for one file: a hostile file can otherwise produce tens of thousands. */
export const MAX_PER_FILE = 100;

/** Keeps the first `max` diagnostics of each file of a sorted list and says how many more there were. */
export function capPerFile(
  sorted: readonly Diagnostic[],
  max = MAX_PER_FILE,
  /** Diagnostics of each file that were counted but not kept (they come after every kept one). */
  extra: ReadonlyMap<string, { errors: number; warnings: number }> = new Map(),
): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j < sorted.length && sorted[j]!.file === sorted[i]!.file) j++;
    const counted = extra.get(sorted[i]!.file) ?? { errors: 0, warnings: 0 };
    if (j - i <= max) {
      for (let k = i; k < j; k++) out.push(sorted[k]!);
    } else {
      for (let k = i; k < i + max; k++) out.push(sorted[k]!);
      const first = sorted[i + max]!;
      let errors = counted.errors;
      for (let k = i + max; k < j; k++) if (sorted[k]!.severity === 'error') errors++;
      const more = j - i - max + counted.errors + counted.warnings;
      const warnings = more - errors;
      const entry = CATALOGUE['diagnostic-limit'];
      out.push({
        code: entry.code,
        rule: 'diagnostic-limit',
        severity: errors > 0 ? 'error' : 'warning',
        message: `${more} more in this file (${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}) are not shown; the first ${max} are`,
        file: first.file,
        line: first.line,
        column: first.column,
        path: first.path,
        hint: 'fix the problems shown and check again',
      });
    }
    i = j;
  }
  return out;
}

export function sortDiagnostics(list: readonly Diagnostic[]): Diagnostic[] {
  return [...list].sort(
    (a, b) =>
      cmp(a.file, b.file) || a.line - b.line || a.column - b.column || cmp(a.code, b.code) || cmp(a.message, b.message),
  );
}

export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** JSON Pointer helpers (RFC 6901). */
export function pointer(...segments: (string | number)[]): string {
  return segments.map((s) => '/' + String(s).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

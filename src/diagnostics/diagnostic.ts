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

export class DiagnosticBag {
  private readonly items: Diagnostic[] = [];
  private readonly seen = new Set<string>();

  constructor(private readonly locate: Locate) {}

  /** "file:line:column" of an origin, for messages that mention a second place. */
  where(origin: Origin): string {
    const { line, column } = this.locate(origin);
    return `${origin.file}:${line}:${column}`;
  }

  report(r: Report): void {
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
    const key = `${d.code}\0${d.file}\0${d.line}\0${d.column}\0${d.message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.items.push(d);
  }

  get hasErrors(): boolean {
    return this.items.some((d) => d.severity === 'error');
  }

  all(): Diagnostic[] {
    return sortDiagnostics(this.items);
  }
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

// Renders diagnostics: pretty (file:line:col, code frame, hint; colour optional), json and
// GitHub Actions workflow commands. SARIF has its own file (format-sarif.ts).

import type { Diagnostic } from './diagnostic.js';

export type Format = 'pretty' | 'json' | 'github' | 'sarif';
export const FORMATS: readonly Format[] = ['pretty', 'json', 'github', 'sarif'];

export interface PrettyOptions {
  color: boolean;
  /** The text of a file, for code frames. */
  source: (file: string) => string | undefined;
}

const paint = (on: boolean, code: string) => (s: string) => (on ? `\x1b[${code}m${s}\x1b[0m` : s);

/**
 * Characters that a terminal acts on or hides: C0 and C1 controls (ESC starts colour and cursor
 * sequences, BEL rings, CR overwrites the line), DEL, bidirectional and zero-width format
 * characters, and lone surrogates. Tab and line feed are handled by each caller.
 */
const TERMINAL_UNSAFE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const visible = (c: string): string => `<U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}>`;

/**
 * Text from a policy file (or a message that quotes one) made safe to print on a terminal: every
 * control or invisible character is shown as <U+XXXX>, and so are tab and line feed, which would
 * break the one-line layout of a diagnostic.
 */
export function terminalText(s: string): string {
  return s.replace(TERMINAL_UNSAFE, visible).replace(/[\t\n]/g, visible);
}

export function formatPretty(list: readonly Diagnostic[], opts: PrettyOptions): string {
  const red = paint(opts.color, '31;1');
  const yellow = paint(opts.color, '33;1');
  const dim = paint(opts.color, '2');
  const cyan = paint(opts.color, '36');
  const out: string[] = [];
  // Each file is asked for and split into lines once, however many diagnostics it has.
  const lines = new Map<string, readonly string[] | undefined>();
  const linesOf = (file: string): readonly string[] | undefined => {
    if (!lines.has(file)) lines.set(file, opts.source(file)?.split(/\r?\n/));
    return lines.get(file);
  };
  for (const d of list) {
    const where = terminalText(d.line > 0 ? `${d.file}:${d.line}:${d.column}` : d.file);
    const sev = d.severity === 'error' ? red('error') : yellow('warning');
    out.push(`${cyan(where)} - ${sev} ${dim(d.code)} ${d.rule}: ${terminalText(d.message)}`);
    const text = d.line > 0 ? linesOf(d.file) : undefined;
    if (text !== undefined) out.push(...codeFrame(text, d.line, d.column, dim, d.severity === 'error' ? red : yellow));
    if (d.hint) out.push(`  ${dim('hint:')} ${terminalText(d.hint)}`);
    out.push('');
  }
  const errors = list.filter((d) => d.severity === 'error').length;
  const warnings = list.length - errors;
  if (list.length) out.push(`${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`);
  return out.join('\n') + (out.length ? '\n' : '');
}

/** Widest source line shown in a code frame, in UTF-16 code units after escaping. */
const FRAME_WIDTH = 160;

function codeFrame(lines: readonly string[], line: number, column: number, dim: (s: string) => string, mark: (s: string) => string): string[] {
  const first = Math.max(1, line - 1);
  const last = Math.min(lines.length, line + 1);
  const width = String(last).length;
  const out: string[] = [];
  // A tab is one column to the parser; shown as one space, the caret stays under it.
  const show = (s: string): string => s.replace(/\t/g, ' ').replace(TERMINAL_UNSAFE, visible);
  for (let n = first; n <= last; n++) {
    const raw = lines[n - 1] ?? '';
    const src = show(raw.length > FRAME_WIDTH * 2 ? raw.slice(0, FRAME_WIDTH * 2) : raw);
    const shown = src.length > FRAME_WIDTH ? src.slice(0, FRAME_WIDTH) + '…' : src;
    out.push(`${n === line ? mark('>') : ' '} ${dim(String(n).padStart(width) + ' |')} ${shown}`);
    if (n === line) {
      // The caret goes under the character at `column`, counted after escaping what comes before it.
      const before = show(raw.slice(0, Math.max(0, Math.min(column - 1, FRAME_WIDTH * 2)))).length;
      out.push(`  ${dim(' '.repeat(width) + ' |')} ${' '.repeat(Math.min(before, FRAME_WIDTH))}${mark('^')}`);
    }
  }
  return out;
}

export function formatJson(list: readonly Diagnostic[]): string {
  const fields = ['code', 'rule', 'severity', 'message', 'file', 'line', 'column', 'path', 'hint'] as const;
  const objects = list.map((d) => {
    const o: Record<string, unknown> = {};
    for (const f of fields) if (d[f] !== undefined) o[f] = d[f];
    return o;
  });
  return JSON.stringify(objects, null, 2) + '\n';
}

/** GitHub Actions workflow commands: https://docs.github.com/actions/reference/workflow-commands-for-github-actions */
export function formatGithub(list: readonly Diagnostic[]): string {
  // Workflow commands end at a line break; other controls would reach the log's terminal view.
  const data = (s: string) =>
    s
      .replace(/%/g, '%25')
      .replace(/\r/g, '%0D')
      .replace(/\n/g, '%0A')
      .replace(TERMINAL_UNSAFE, visible);
  const prop = (s: string) => data(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
  return list
    .map((d) => {
      const props = [`file=${prop(d.file)}`];
      if (d.line > 0) props.push(`line=${d.line}`, `col=${d.column}`);
      props.push(`title=${prop(`${d.code} ${d.rule}`)}`);
      const msg = d.hint ? `${d.message} (hint: ${d.hint})` : d.message;
      return `::${d.severity === 'error' ? 'error' : 'warning'} ${props.join(',')}::${data(msg)}\n`;
    })
    .join('');
}

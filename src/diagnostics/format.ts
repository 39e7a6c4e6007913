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

export function formatPretty(list: readonly Diagnostic[], opts: PrettyOptions): string {
  const red = paint(opts.color, '31;1');
  const yellow = paint(opts.color, '33;1');
  const dim = paint(opts.color, '2');
  const cyan = paint(opts.color, '36');
  const out: string[] = [];
  for (const d of list) {
    const where = d.line > 0 ? `${d.file}:${d.line}:${d.column}` : d.file;
    const sev = d.severity === 'error' ? red('error') : yellow('warning');
    out.push(`${cyan(where)} - ${sev} ${dim(d.code)} ${d.rule}: ${d.message}`);
    const text = d.line > 0 ? opts.source(d.file) : undefined;
    if (text !== undefined) out.push(...codeFrame(text, d.line, d.column, dim, d.severity === 'error' ? red : yellow));
    if (d.hint) out.push(`  ${dim('hint:')} ${d.hint}`);
    out.push('');
  }
  const errors = list.filter((d) => d.severity === 'error').length;
  const warnings = list.length - errors;
  if (list.length) out.push(`${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`);
  return out.join('\n') + (out.length ? '\n' : '');
}

function codeFrame(text: string, line: number, column: number, dim: (s: string) => string, mark: (s: string) => string): string[] {
  const lines = text.split(/\r?\n/);
  const first = Math.max(1, line - 1);
  const last = Math.min(lines.length, line + 1);
  const width = String(last).length;
  const out: string[] = [];
  for (let n = first; n <= last; n++) {
    const src = (lines[n - 1] ?? '').replace(/\t/g, ' ');
    const shown = src.length > 160 ? src.slice(0, 160) + '…' : src;
    out.push(`${n === line ? mark('>') : ' '} ${dim(String(n).padStart(width) + ' |')} ${shown}`);
    if (n === line) out.push(`  ${dim(' '.repeat(width) + ' |')} ${' '.repeat(Math.max(0, Math.min(column, 161) - 1))}${mark('^')}`);
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
  const data = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
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

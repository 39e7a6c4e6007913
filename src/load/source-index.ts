// Keeps each loaded file's text and the position of every JSON path in it, so that later stages
// can report JSON paths and still produce file:line:column diagnostics.

import { LineCounter } from 'yaml';
import type { Origin } from '../diagnostics/diagnostic.js';

export interface FileIndex {
  readonly text: string;
  readonly lines: LineCounter;
  /** JSON pointer -> offset of the value node. */
  readonly values: Map<string, number>;
  /** JSON pointer -> offset of the key that introduces the value (map entries only). */
  readonly keys: Map<string, number>;
}

export class SourceIndex {
  private readonly files = new Map<string, FileIndex>();

  add(file: string, index: FileIndex): void {
    this.files.set(file, index);
  }

  text(file: string): string | undefined {
    return this.files.get(file)?.text;
  }

  /** Line and column (1-based) of a JSON path; falls back to the nearest enclosing path. */
  locate = (origin: Origin): { line: number; column: number } => {
    const f = this.files.get(origin.file);
    if (!f) return { line: 0, column: 0 };
    let p = origin.path;
    for (;;) {
      const offset = (origin.key ? f.keys.get(p) : undefined) ?? f.values.get(p) ?? f.keys.get(p);
      if (offset !== undefined) {
        const { line, col } = f.lines.linePos(offset);
        return { line, column: col };
      }
      if (p === '') return { line: 1, column: 1 };
      p = p.slice(0, p.lastIndexOf('/'));
    }
  };
}

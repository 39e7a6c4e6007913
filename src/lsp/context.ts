// Where the cursor is in a YAML file that is being typed: the JSON path of the key or value under
// it, read from indentation and the brackets of the current line. A half-written file does not
// parse into the tree the cursor belongs to (`grants:` followed by an empty line is a null, not a
// mapping), so completion reads the text the way the author wrote it instead.

export interface CursorContext {
  /** Path of the value being written (for a key: of the mapping the key goes into, plus "*"). */
  path: string[];
  at: 'key' | 'value';
  /** Offset where the word under the cursor starts (the completion replaces start..offset). */
  start: number;
  /** The text of the word typed so far. */
  prefix: string;
  /** A `permission:` or `resource:` written beside the cursor in the same mapping, if any. */
  siblings: Record<string, string>;
}

const WORD = /[A-Za-z0-9_.-]*$/;

/** Never throws; undefined when the cursor is in a comment, a quoted text or a block scalar. */
export function cursorContext(text: string, offset: number): CursorContext | undefined {
  offset = Math.max(0, Math.min(offset, text.length));
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const before = text.slice(lineStart, offset);
  const prefix = WORD.exec(before)![0];
  const start = offset - prefix.length;

  // The current line: leading indentation, then "- " markers, then keys and flow brackets.
  let col = 0;
  while (col < before.length && before[col] === ' ') col++;
  const lineSegments: string[] = [];
  while (before.startsWith('- ', col) || before.slice(col) === '-') {
    lineSegments.push('#');
    col += 2;
    while (col < before.length && before[col] === ' ') col++;
  }
  const contentColumn = col;
  const scan = scanLine(before.slice(col, before.length - prefix.length));
  if (scan === undefined) return undefined;

  const parents = ancestors(text, lineStart, contentColumn, lineSegments.length > 0);
  if (parents === undefined) return undefined;
  const base = [...parents, ...lineSegments];
  const siblings = siblingValues(text, lineStart, offset);
  if (scan.stack.length === 0) {
    // Block context: "key: |" is a value, a bare word a key (or a list item after "- ").
    if (scan.pendingKey !== undefined) return { path: [...base, scan.pendingKey], at: 'value', start, prefix, siblings };
    if (lineSegments.length > 0 && !scan.sawKey) return { path: base, at: 'value', start, prefix, siblings };
    return { path: [...base, '*'], at: 'key', start, prefix, siblings };
  }
  const inner = [...base, ...scan.stack.flatMap((f) => (f.segment === undefined ? [] : [f.segment]))];
  const top = scan.stack[scan.stack.length - 1]!;
  if (top.kind === 'seq') return { path: [...inner, '#'], at: 'value', start, prefix, siblings };
  if (scan.pendingKey !== undefined) return { path: [...inner, scan.pendingKey], at: 'value', start, prefix, siblings };
  return { path: [...inner, '*'], at: 'key', start, prefix, siblings };
}

interface Frame {
  kind: 'seq' | 'map';
  /** The segment this collection sits at, relative to the one below it (none for an item's value). */
  segment: string | undefined;
}

/** Reads keys and flow brackets of a line up to the cursor. Undefined inside a comment or quotes. */
function scanLine(s: string): { stack: Frame[]; pendingKey: string | undefined; sawKey: boolean } | undefined {
  const stack: Frame[] = [];
  let pendingKey: string | undefined;
  let sawKey = false;
  let token = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '"' || c === "'") {
      const close = s.indexOf(c, i + 1);
      if (close === -1) return undefined;
      token = s.slice(i + 1, close);
      i = close;
      continue;
    }
    if (c === '#' && (i === 0 || s[i - 1] === ' ')) return undefined;
    if (c === ':' && (i + 1 === s.length || s[i + 1] === ' ')) {
      pendingKey = token.trim();
      sawKey = true;
      token = '';
      continue;
    }
    if (c === '[' || c === '{') {
      const top = stack[stack.length - 1];
      // Below the key it is the value of, or an item of the sequence around it; at the start of
      // a line ("- { ... }") it is the value of the line's item, which "- " already counted.
      const segment = pendingKey ?? (top?.kind === 'seq' ? '#' : undefined);
      stack.push({ kind: c === '[' ? 'seq' : 'map', segment });
      pendingKey = undefined;
      token = '';
      continue;
    }
    if (c === ']' || c === '}') {
      stack.pop();
      pendingKey = undefined;
      token = '';
      continue;
    }
    if (c === ',') {
      pendingKey = undefined;
      token = '';
      continue;
    }
    token += c;
  }
  // A value already written after the key ("key: value more") leaves the key pending: the word
  // under the cursor replaces only the last word, which is what a completion should do.
  return { stack, pendingKey, sawKey };
}

/**
 * Keys of the block mappings that enclose a line whose content starts at `column`: the nearest
 * line above with less indentation, then the one above that, and so on.
 */
function ancestors(text: string, lineStart: number, column: number, isItem: boolean): string[] | undefined {
  const out: string[] = [];
  let limit = column;
  // A line that is itself an item ("- x") belongs to the key above with indentation < its dash.
  if (isItem) limit = indentOf(text, lineStart);
  let end = lineStart - 1;
  let steps = 0;
  while (end > 0 && limit > 0 && steps++ < 100_000) {
    const start = text.lastIndexOf('\n', end - 1) + 1;
    const line = text.slice(start, end);
    end = start - 1;
    const trimmed = line.trimStart();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const indent = line.length - trimmed.length;
    if (indent >= limit) continue;
    // Items: "- key: value" holds a mapping whose keys sit at indent + 2 (per dash).
    let rest = trimmed;
    let inner = indent;
    let dashes = 0;
    while (rest.startsWith('- ') || rest === '-') {
      dashes++;
      rest = rest.slice(2).trimStart();
      inner = line.length - rest.length;
    }
    const key = /^("[^"]*"|'[^']*'|[^\s:#][^:#]*?):(\s|$)/.exec(rest);
    const afterKey = key ? rest.slice(key[0].length).trim() : '';
    const opensBlock = key !== null && (afterKey === '' || afterKey.startsWith('#') || afterKey === '|' || afterKey === '>');
    if (dashes > 0) {
      // The cursor is inside this item: below its key when that key opens a block deeper than the
      // cursor's column, else a sibling of its first key.
      const segs: string[] = Array.from({ length: dashes }, () => '#');
      if (key && opensBlock && inner < limit) segs.push(unquote(key[1]!));
      out.unshift(...segs);
      limit = indent;
      continue;
    }
    if (!key) return undefined; // a continuation of a multi-line scalar or flow: no block path
    if (!opensBlock) continue; // "key: value" at lower indentation is a sibling of an ancestor
    out.unshift(unquote(key[1]!));
    limit = indent;
  }
  return out;
}

function indentOf(text: string, lineStart: number): number {
  let i = lineStart;
  while (text[i] === ' ') i++;
  return i - lineStart;
}

function unquote(s: string): string {
  return /^(".*"|'.*')$/.test(s) ? s.slice(1, -1) : s.trim();
}

/** `permission:` and `resource:` written on the cursor's line or the lines of its mapping above. */
function siblingValues(text: string, lineStart: number, offset: number): Record<string, string> {
  const out: Record<string, string> = {};
  const lineEnd = text.indexOf('\n', offset);
  const line = text.slice(lineStart, lineEnd === -1 ? text.length : lineEnd);
  const take = (s: string): void => {
    for (const m of s.matchAll(/\b(permission|resource):\s*["']?([A-Za-z0-9_.]+)/g)) out[m[1]!] ??= m[2]!;
  };
  take(line);
  // Block mappings: the lines above at the same indentation, up to the start of the mapping.
  const indent = indentOf(text, lineStart);
  let end = lineStart - 1;
  for (let n = 0; end > 0 && n < 50; n++) {
    const start = text.lastIndexOf('\n', end - 1) + 1;
    const l = text.slice(start, end);
    end = start - 1;
    const ind = l.length - l.trimStart().length;
    if (l.trim() === '') continue;
    if (ind < indent - 2 || (ind < indent && !l.trimStart().startsWith('- '))) break;
    take(l);
    if (l.trimStart().startsWith('- ')) break;
  }
  return out;
}

// A fast reader for the YAML that policy files are written in: block mappings and sequences,
// one-line flow collections, plain scalars that are words or whole numbers, one-line quoted
// strings without escapes, and literal block scalars (`|`, `|-`). It gives the same value and
// the same positions as the full path of load-yaml.ts (the `yaml` library's parser, composer and
// the conversion) at a fraction of the cost: the 640 KB of a 197 x 300 policy spent most of
// `check` in that path. Anything else (anchors, tags, folded or escaped strings, multi-line plain
// scalars, numbers other than plain integers, duplicate or forbidden keys, tabs, CR, control
// characters) makes it give up, and the full path reads the file and reports what is wrong.

import type { Json } from './load-yaml.js';
import type { FileIndex } from './source-index.js';

/** Thrown to leave the fast path: the file uses something only the full parser reads. */
const OUTSIDE = Symbol('outside the plain subset');

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Plain scalars the core schema reads as null or a boolean; as keys they are left to the full path. */
const WORDS = new Map<string, Json>([
  ['null', null],
  ['Null', null],
  ['NULL', null],
  ['true', true],
  ['True', true],
  ['TRUE', true],
  ['false', false],
  ['False', false],
  ['FALSE', false],
]);

/** Deepest nesting the reader follows itself. */
const MAX_PLAIN_DEPTH = 100;

const SPACE = 0x20;
const HASH = 0x23;
const COLON = 0x3a;
const DASH = 0x2d;

/**
 * The value of `text` and its positions (written into `index.values` and `index.keys` in the
 * order the full path writes them), or undefined when the text is outside the subset; the maps
 * are then left empty. The caller fills the line index.
 */
export function loadPlainYaml(text: string, index: FileIndex, maxDepth: number): Json | undefined {
  // The reader recurses once per level: deeper documents (none a person writes) take the full path.
  const reader = new PlainReader(text, index, Math.min(maxDepth, MAX_PLAIN_DEPTH));
  try {
    return reader.document();
  } catch (e) {
    if (e !== OUTSIDE) throw e;
    index.values.clear();
    index.keys.clear();
    return undefined;
  }
}

function isWordStart(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** Characters of a plain key: letters, digits and `_ . - /`. */
function isKeyChar(c: number): boolean {
  return isWordStart(c) || isDigit(c) || c === 0x2e || c === DASH || c === 0x2f;
}

function pathOf(parent: string, key: string): string {
  return parent + '/' + (key.includes('~') || key.includes('/') ? key.replace(/~/g, '~0').replace(/\//g, '~1') : key);
}

class PlainReader {
  /** Per line: offset of its first character, of its end (the newline or the end of the text), of its content. */
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  private readonly content: number[] = [];
  /** Per line: whether it holds only spaces, or a comment. */
  private readonly blank: boolean[] = [];
  /** The current line. */
  private line = 0;

  constructor(
    private readonly text: string,
    private readonly index: FileIndex,
    private readonly maxDepth: number,
  ) {}

  document(): Json {
    const { text } = this;
    let start = 0;
    for (let i = 0; i <= text.length; i++) {
      const c = i < text.length ? text.charCodeAt(i) : 10;
      if (c === 10) {
        let s = start;
        while (s < i && text.charCodeAt(s) === SPACE) s++;
        this.starts.push(start);
        this.ends.push(i);
        this.content.push(s);
        this.blank.push(s === i || text.charCodeAt(s) === HASH);
        start = i + 1;
      } else if (c < 0x20 || c === 0x7f || c === 0xfeff || (c >= 0x80 && c <= 0x9f) || c === 0x2028 || c === 0x2029) {
        // Tabs, CR and control characters: the full path knows how YAML treats each.
        throw OUTSIDE;
      }
    }
    this.skipBlank();
    if (this.line >= this.starts.length) throw OUTSIDE;
    const first = this.content[this.line]!;
    if (this.indent(this.line) !== 0 || text.startsWith('---', first) || text.startsWith('...', first)) throw OUTSIDE;
    const value = this.block(0, '');
    this.skipBlank();
    if (this.line < this.starts.length) throw OUTSIDE;
    return value;
  }

  private indent(line: number): number {
    return this.content[line]! - this.starts[line]!;
  }

  private skipBlank(): void {
    while (this.line < this.starts.length && this.blank[this.line]) this.line++;
  }

  private setValue(path: string, offset: number): void {
    if (!this.index.values.has(path)) this.index.values.set(path, offset);
  }

  /** Whether a sequence entry (`-` then a space or the end of the line) starts at `at`. */
  private isDash(at: number, end: number): boolean {
    return this.text.charCodeAt(at) === DASH && (at + 1 === end || this.text.charCodeAt(at + 1) === SPACE);
  }

  /** The end of a plain key starting at `at` when a `:` and a space or the line's end follow it, else -1. */
  private keyEnd(at: number, end: number): number {
    const { text } = this;
    let i = at;
    while (i < end && isKeyChar(text.charCodeAt(i))) i++;
    if (i === at || i - at > 1000 || i >= end || text.charCodeAt(i) !== COLON) return -1;
    if (i + 1 < end && text.charCodeAt(i + 1) !== SPACE) return -1;
    return i;
  }

  /** A mapping or sequence whose first entry starts the current line's content. */
  private block(depth: number, path: string): Json {
    if (depth > this.maxDepth) throw OUTSIDE;
    const at = this.content[this.line]!;
    return this.isDash(at, this.ends[this.line]!) ? this.sequence(this.indent(this.line), depth, path) : this.mapping(this.indent(this.line), depth, path);
  }

  private mapping(indent: number, depth: number, path: string): Json {
    const { text } = this;
    const out: { [key: string]: Json } = {};
    this.setValue(path, this.content[this.line]!);
    for (;;) {
      this.skipBlank();
      if (this.line >= this.starts.length) break;
      const ind = this.indent(this.line);
      if (ind < indent) break;
      if (ind > indent) throw OUTSIDE;
      const at = this.content[this.line]!;
      const end = this.ends[this.line]!;
      const colon = this.keyEnd(at, end);
      if (colon < 0) throw OUTSIDE;
      const key = this.key(at, colon);
      if (Object.prototype.hasOwnProperty.call(out, key)) throw OUTSIDE;
      const child = pathOf(path, key);
      if (!this.index.keys.has(child)) this.index.keys.set(child, at);
      let v = colon + 1;
      while (v < end && text.charCodeAt(v) === SPACE) v++;
      if (v === end || text.charCodeAt(v) === HASH) {
        // Nothing after the colon: a nested block on the next lines, or an empty value.
        const here = this.line;
        this.line++;
        this.skipBlank();
        const next = this.line;
        if (next < this.starts.length && this.indent(next) > indent) {
          out[key] = this.block(depth + 1, child);
        } else if (next < this.starts.length && this.indent(next) === indent && this.isDash(this.content[next]!, this.ends[next]!)) {
          if (depth + 1 > this.maxDepth) throw OUTSIDE;
          out[key] = this.sequence(indent, depth + 1, child);
        } else {
          if (depth + 1 > this.maxDepth) throw OUTSIDE;
          this.setValue(child, v);
          out[key] = null;
          this.line = here + 1;
        }
      } else {
        out[key] = this.inline(v, depth + 1, child, indent);
      }
    }
    return out;
  }

  private sequence(indent: number, depth: number, path: string): Json {
    const { text } = this;
    const out: Json[] = [];
    this.setValue(path, this.content[this.line]!);
    for (;;) {
      this.skipBlank();
      if (this.line >= this.starts.length) break;
      const ind = this.indent(this.line);
      if (ind < indent) break;
      if (ind > indent) throw OUTSIDE;
      const at = this.content[this.line]!;
      const end = this.ends[this.line]!;
      // A line at this indentation that is no entry ends a sequence written level with its key.
      if (!this.isDash(at, end)) break;
      const child = `${path}/${out.length}`;
      let v = at + 1;
      while (v < end && text.charCodeAt(v) === SPACE) v++;
      if (v === end || text.charCodeAt(v) === HASH || this.isDash(v, end)) throw OUTSIDE;
      if (this.keyEnd(v, end) >= 0) {
        // `- key: value`: a mapping whose keys line up with the first one.
        if (depth + 1 > this.maxDepth) throw OUTSIDE;
        this.content[this.line] = v;
        out.push(this.mapping(v - this.starts[this.line]!, depth + 1, child));
      } else {
        out.push(this.inline(v, depth + 1, child, indent));
      }
    }
    return out;
  }

  /** A value that starts on the current line at `at`; moves past the lines it takes. */
  private inline(at: number, depth: number, path: string, indent: number): Json {
    if (depth > this.maxDepth) throw OUTSIDE;
    const { text } = this;
    const end = this.ends[this.line]!;
    const c = text.charCodeAt(at);
    if (c === 0x7c) return this.literal(at, path, indent);
    let value: Json;
    let after: number;
    if (c === 0x5b || c === 0x7b) {
      [value, after] = this.flow(at, end, depth, path);
    } else if (c === 0x22 || c === 0x27) {
      [value, after] = this.quoted(at, end, path);
    } else {
      // A plain scalar runs to the end of the line or to a comment; it is one word or number.
      let stop = end;
      for (let i = at; i < end; i++) {
        const ch = text.charCodeAt(i);
        if (ch === HASH && text.charCodeAt(i - 1) === SPACE) {
          stop = i;
          break;
        }
        if (ch === COLON && (i + 1 === end || text.charCodeAt(i + 1) === SPACE)) throw OUTSIDE;
      }
      while (text.charCodeAt(stop - 1) === SPACE) stop--;
      value = this.scalar(at, stop);
      this.setValue(path, at);
      after = end;
    }
    this.rest(after, end);
    this.line++;
    return value;
  }

  /** Only spaces and a comment may follow a value on its line. */
  private rest(after: number, end: number): void {
    const { text } = this;
    let i = after;
    while (i < end && text.charCodeAt(i) === SPACE) i++;
    if (i < end && !(text.charCodeAt(i) === HASH && i > after)) throw OUTSIDE;
  }

  /**
   * A plain scalar: a null or boolean word, a whole number, or a string that starts with a letter,
   * `_` or a character past Latin-1's controls (names in other scripts; no indicator is one of them).
   */
  private scalar(at: number, stop: number): Json {
    const s = this.text.slice(at, stop);
    const c = s.charCodeAt(0);
    if (c >= 0xa0) return s;
    if (isWordStart(c)) {
      const word = WORDS.get(s);
      return word === undefined ? s : word;
    }
    if (isDigit(c) && /^(?:0|[1-9][0-9]{0,14})$/.test(s)) return Number(s);
    throw OUTSIDE;
  }

  private key(at: number, stop: number): string {
    const s = this.text.slice(at, stop);
    const c = s.charCodeAt(0);
    if (isWordStart(c)) {
      if (WORDS.has(s) || FORBIDDEN_KEYS.has(s)) throw OUTSIDE;
      return s;
    }
    if (isDigit(c) && /^(?:0|[1-9][0-9]{0,14})$/.test(s)) return s;
    throw OUTSIDE;
  }

  /** A quoted string on one line, without escapes: returns it and the offset after its closing quote. */
  private quoted(at: number, end: number, path: string): [string, number] {
    const { text } = this;
    const q = text.charCodeAt(at);
    let out = '';
    let from = at + 1;
    for (let i = at + 1; i < end; i++) {
      const ch = text.charCodeAt(i);
      if (q === 0x22 && ch === 0x5c) throw OUTSIDE;
      if (ch !== q) continue;
      if (q === 0x27 && text.charCodeAt(i + 1) === 0x27) {
        out += text.slice(from, i + 1);
        from = i + 2;
        i++;
        continue;
      }
      this.setValue(path, at);
      return [out + text.slice(from, i), i + 1];
    }
    throw OUTSIDE;
  }

  /** A one-line flow sequence or mapping of scalars and flow collections. */
  private flow(at: number, end: number, depth: number, path: string): [Json, number] {
    if (depth > this.maxDepth) throw OUTSIDE;
    const { text } = this;
    this.setValue(path, at);
    const isMap = text.charCodeAt(at) === 0x7b;
    const close = isMap ? 0x7d : 0x5d;
    const list: Json[] = [];
    const map: { [key: string]: Json } = {};
    let i = at + 1;
    const skip = (): void => {
      while (i < end && text.charCodeAt(i) === SPACE) i++;
    };
    skip();
    if (text.charCodeAt(i) === close) return [isMap ? map : list, i + 1];
    for (;;) {
      let child: string;
      if (isMap) {
        const colon = this.keyEnd(i, end);
        if (colon < 0 || colon + 1 >= end) throw OUTSIDE;
        const key = this.key(i, colon);
        if (Object.prototype.hasOwnProperty.call(map, key)) throw OUTSIDE;
        child = pathOf(path, key);
        if (!this.index.keys.has(child)) this.index.keys.set(child, i);
        i = colon + 1;
        skip();
        const [value, after] = this.flowItem(i, end, depth + 1, child);
        map[key] = value;
        i = after;
      } else {
        child = `${path}/${list.length}`;
        const [value, after] = this.flowItem(i, end, depth + 1, child);
        list.push(value);
        i = after;
      }
      skip();
      const ch = text.charCodeAt(i);
      if (i >= end) throw OUTSIDE;
      if (ch === close) return [isMap ? map : list, i + 1];
      if (ch !== 0x2c) throw OUTSIDE;
      i++;
      skip();
      // A trailing comma, an empty entry or the end of the line: the full path decides.
      if (i >= end || text.charCodeAt(i) === close || text.charCodeAt(i) === 0x2c) throw OUTSIDE;
    }
  }

  private flowItem(at: number, end: number, depth: number, path: string): [Json, number] {
    if (depth > this.maxDepth || at >= end) throw OUTSIDE;
    const { text } = this;
    const c = text.charCodeAt(at);
    if (c === 0x5b || c === 0x7b) return this.flow(at, end, depth, path);
    if (c === 0x22 || c === 0x27) return this.quoted(at, end, path);
    let i = at;
    for (; i < end; i++) {
      const ch = text.charCodeAt(i);
      if (ch === 0x2c || ch === 0x5d || ch === 0x7d) break;
      if (ch === 0x5b || ch === 0x7b || ch === COLON || ch === HASH) throw OUTSIDE;
    }
    let stop = i;
    while (text.charCodeAt(stop - 1) === SPACE) stop--;
    if (stop === at) throw OUTSIDE;
    const value = this.scalar(at, stop);
    this.setValue(path, at);
    return [value, i];
  }

  /** A literal block scalar (`|` or `|-`) under a key at `indent`. */
  private literal(at: number, path: string, indent: number): string {
    const { text } = this;
    const end = this.ends[this.line]!;
    let i = at + 1;
    const strip = text.charCodeAt(i) === DASH;
    if (strip) i++;
    while (i < end && text.charCodeAt(i) === SPACE) i++;
    if (i < end) throw OUTSIDE;
    this.setValue(path, at);
    let line = this.line + 1;
    const n = this.starts.length;
    // The first line with content sets the block's indentation; blank lines before it must not be longer.
    let blockIndent = -1;
    for (let l = line; l < n; l++) {
      if (this.content[l] === this.ends[l]) continue;
      blockIndent = this.indent(l);
      break;
    }
    if (blockIndent <= indent) throw OUTSIDE;
    const parts: string[] = [];
    for (; line < n; line++) {
      const empty = this.content[line] === this.ends[line];
      if (empty) {
        if (this.ends[line]! - this.starts[line]! > blockIndent) throw OUTSIDE;
        parts.push('');
        continue;
      }
      if (this.indent(line) < blockIndent) break;
      parts.push(text.slice(this.starts[line]! + blockIndent, this.ends[line]));
    }
    // The last content line must end with a newline for clipping to keep one.
    if (line === n && !text.endsWith('\n')) throw OUTSIDE;
    while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
    this.line = line;
    return parts.join('\n') + (strip ? '' : '\n');
  }
}

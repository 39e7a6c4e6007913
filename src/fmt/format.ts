// Lays out a policy file or a policy test suite in the one canonical layout of `policyc fmt`
// (also the language server's document formatting). It works on the yaml library's Document,
// where comments live on the nodes: putting keys in canonical order moves each comment with the
// key it sits above. The result is checked before it is returned: it must load to the same value
// (keys in canonical order) with every comment of the source, else the file is left as it is.
//
// The layout:
// - keys of fixed mappings in the order of layout.ts; mappings of ids keep the author's order;
// - two-space indentation, lists indented under their key, block style;
// - a grant's value always on one line; any other list or mapping that holds only values and
//   single-line lists or mappings (no comment, no multi-line text) on one line when that line
//   fits in LINE_WIDTH columns, except where layout.ts asks for a block (top-level sections,
//   roles, permissions, scales, resources, rules, grants, test cases);
// - scalars keep their quoting and block style; long text is never folded;
// - the `# yaml-language-server: $schema=` comment block heads the file, then one blank line;
//   blank lines between entries are kept (several count as one); LF line ends, no BOM.

import { Document, LineCounter, isAlias, isCollection, isMap, isScalar, isSeq, Lexer, parseDocument, YAMLMap, YAMLSeq, type Alias, type Node as YamlNode, type Pair } from 'yaml';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { DiagnosticBag } from '../diagnostics/diagnostic.js';
import { CATALOGUE } from '../diagnostics/catalogue.js';
import { loadYaml, type Json } from '../load/load-yaml.js';
import { SourceIndex } from '../load/source-index.js';
import { layoutOf, type FileKind, type Shape } from './layout.js';

export { fileKind, type FileKind } from './layout.js';

/** Widest line a list or mapping may take on one line (grants excepted). */
export const LINE_WIDTH = 100;

/**
 * The result of formatting one file.
 * - `ok: true`: `text` is the file in canonical layout; `changed` says whether it differs from
 *   the source (a BOM or CRLF line ends alone count as a change).
 * - `ok: false`: the file cannot be formatted; `diagnostics` holds the loader's errors (the same
 *   codes and positions as `policyc check`) or one `format-unsafe` error. Leave the file as it is.
 */
export type FormatResult = { ok: true; text: string; changed: boolean } | { ok: false; diagnostics: Diagnostic[] };

export interface FormatOptions {
  /** The file's path as diagnostics should name it (default: policy.yaml, or tests/suite.yaml). */
  file?: string;
}

/**
 * Formats one file. Pure: no file system, no global state; safe to call on unsaved editor text.
 * `source` may be the file's bytes (then invalid UTF-8 is reported as `invalid-encoding`).
 */
export function formatSource(source: string | Uint8Array, kind: FileKind, options: FormatOptions = {}): FormatResult {
  const file = options.file ?? (kind === 'test' ? 'tests/suite.yaml' : 'policy.yaml');
  const bytes = typeof source === 'string' ? new TextEncoder().encode(source) : source;
  const loaded = load(file, bytes);
  if (!loaded.ok) return loaded;
  const { text, value } = loaded;
  const shape = layoutOf(kind);
  const original = typeof source === 'string' ? source : new TextDecoder().decode(source);

  let out = layOut(file, text, shape);
  if (typeof out !== 'string') return out;
  // The parser hangs a comment on one node or another by its indentation; laying the file out
  // again must find every comment where this layout put it. When it does not, the second layout
  // is the stable one; a third differing pass is refused rather than returned.
  for (let pass = 0; ; pass++) {
    const next = layOut(file, out, shape);
    if (typeof next !== 'string') return next;
    if (next === out) break;
    if (pass === 1) return unsafe(file, 'the canonical layout does not settle: formatting its own output changes it again', 'move comments to lines of their own above the entries they describe');
    out = next;
  }

  const again = load(file, new TextEncoder().encode(out));
  if (!again.ok || JSON.stringify(again.value) !== JSON.stringify(orderJson(value, shape))) {
    return unsafe(file, 'the canonical layout would change what the file says', 'write this part in block style and try again');
  }
  const lost = missingComments(text, out);
  if (lost !== undefined) return unsafe(file, `the canonical layout would drop the comment "${lost}"`, 'move the comment to a line of its own above the entry it describes');
  return { ok: true, text: out, changed: out !== original };
}

/** One pass of the layout over loaded text: the new text, or the diagnostic that refuses it. */
function layOut(file: string, text: string, shape: Shape): string | { ok: false; diagnostics: Diagnostic[] } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { uniqueKeys: false, prettyErrors: false, lineCounter: lines });
  hoistHeader(doc);
  detachTrailing(doc.contents);
  arrange(doc.contents, shape, text, undefined);
  const early = aliasBeforeAnchor(doc.contents);
  if (early) {
    const { line, col } = lines.linePos(early.range?.[0] ?? 0);
    return unsafe(file, `in canonical key order the alias *${early.source} would come before its anchor &${early.source}`, 'write the value out instead of the alias, or move the anchor to an entry that comes first in canonical order', line, col);
  }
  style(doc.contents, shape, 0, 0, true);
  return doc.toString({ lineWidth: 0, indent: 2, indentSeq: true, directives: false, flowCollectionPadding: true, verifyAliasOrder: true });
}

/**
 * The parser gives comments after the end of a nested block to its last collection, even past a
 * blank line: `  - a\n  # end of list\n\n# next section\nnext:`. What follows the blank line
 * belongs to the next entry; it is moved there, with the blank line, before keys are reordered.
 */
function detachTrailing(node: unknown): void {
  if (!isMap(node) && !isSeq(node)) return;
  const entries = node.items as unknown[];
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i];
    const value = isMap(node) ? (entry as Pair).value : entry;
    detachTrailing(value);
    if (i === entries.length - 1) continue;
    const tail = takeTail(value);
    if (tail === undefined) continue;
    const next = (isMap(node) ? (entries[i + 1] as Pair).key : entries[i + 1]) as YamlNode | null;
    if (!next) continue;
    next.commentBefore = [tail, next.commentBefore].filter(Boolean).join('\n');
    next.spaceBefore = true;
  }
}

/** Cuts the part after a blank line from the trailing comment at the end of a block, if any. */
function takeTail(node: unknown): string | undefined {
  for (let n = node; isMap(n) || isSeq(n); ) {
    if (n.flow) return undefined;
    const at = n.comment?.indexOf('\n\n') ?? -1;
    if (at !== -1) {
      const tail = n.comment!.slice(at).replace(/^\n+/, '');
      n.comment = n.comment!.slice(0, at) || undefined;
      return tail || undefined;
    }
    const last = n.items[n.items.length - 1] as unknown;
    n = isMap(n) ? (last as Pair | undefined)?.value : last;
  }
  return undefined;
}

function load(file: string, bytes: Uint8Array): { ok: true; text: string; value: Json } | { ok: false; diagnostics: Diagnostic[] } {
  const sources = new SourceIndex();
  const bag = new DiagnosticBag(sources.locate);
  const value = loadYaml(file, bytes, bag, sources);
  if (value === undefined || bag.hasErrors) return { ok: false, diagnostics: bag.all().filter((d) => d.severity === 'error') };
  return { ok: true, text: sources.text(file) ?? '', value };
}

function unsafe(file: string, message: string, hint: string, line = 1, column = 1): { ok: false; diagnostics: Diagnostic[] } {
  const entry = CATALOGUE['format-unsafe'];
  return { ok: false, diagnostics: [{ code: entry.code, rule: 'format-unsafe', severity: entry.severity, message, file, line, column, path: '', hint }] };
}

/** The first alias that, in the arranged order, comes before its anchor (the file would not load). */
function aliasBeforeAnchor(root: unknown): Alias | undefined {
  const anchors = new Set<string>();
  const visit = (n: unknown): Alias | undefined => {
    if (isAlias(n)) return anchors.has(n.source) ? undefined : n;
    if (isScalar(n) || isCollection(n)) if (n.anchor) anchors.add(n.anchor);
    if (isMap(n)) {
      for (const p of n.items) {
        const found = visit(p.key) ?? visit(p.value);
        if (found) return found;
      }
    } else if (isSeq(n)) {
      for (const i of n.items) {
        const found = visit(i);
        if (found) return found;
      }
    }
    return undefined;
  };
  return visit(root);
}

const SCHEMA_COMMENT = /^ ?yaml-language-server: \$schema=/;

/**
 * The parser hangs the comments above the first key on that key; the $schema block belongs to the
 * file instead, so that it stays on top whichever key comes first. It ends at the first blank line.
 */
function hoistHeader(doc: Document.Parsed): void {
  const root = doc.contents;
  if (doc.commentBefore || !isMap(root) || root.items.length === 0) return;
  const holder = root.commentBefore ? root : (root.items[0]!.key as YamlNode | null);
  const comment = holder?.commentBefore;
  if (!holder || !comment || !SCHEMA_COMMENT.test(comment)) return;
  const lines = comment.split('\n');
  let end = lines.indexOf('');
  if (end === -1) end = lines.length;
  doc.commentBefore = lines.slice(0, end).join('\n');
  const rest = lines.slice(end).join('\n').replace(/^\n+/, '');
  holder.commentBefore = rest === '' ? undefined : rest;
  const firstKey = root.items[0]!.key as YamlNode | null;
  if (firstKey) firstKey.spaceBefore = false;
}

/** Shape of the value under `key` of a mapping of this shape (fixed keys, or a mapping of ids). */
function childShape(shape: Shape | undefined, key: string): Shape | undefined {
  if (!shape) return undefined;
  return shape.order ? shape.keys?.[key] : shape.each;
}

function keyOf(pair: Pair): string {
  return isScalar(pair.key) ? String(pair.key.value) : '';
}

/**
 * Puts the keys of fixed mappings in canonical order, recursively. `keyEnd` is the source offset
 * where the key holding this node ends, to tell a comment on that key's line from comments above
 * the first entry (the parser keeps both on the mapping; the latter belong to the first key).
 */
function arrange(node: unknown, shape: Shape | undefined, text: string, keyEnd: number | undefined): void {
  if (isMap(node)) {
    if (shape?.order && node.items.length > 1) {
      if (node.commentBefore && keyEnd !== undefined && !node.flow && node.range) {
        const between = text.slice(keyEnd, node.range[0]);
        const sameLine = /^[^\n]*#/.test(between);
        const lines = node.commentBefore.split('\n');
        const own = sameLine ? lines.slice(0, 1) : [];
        const above = sameLine ? lines.slice(1) : lines;
        if (above.length > 0) {
          const first = node.items[0]!.key as YamlNode;
          first.commentBefore = [...above, ...(first.commentBefore ? [first.commentBefore] : [])].join('\n');
          node.commentBefore = own.length ? own.join('\n') : undefined;
        }
      }
      const rank = new Map(shape.order.map((k, i) => [k, i]));
      const indexed = node.items.map((p, i) => ({ p, i, r: rank.get(keyOf(p)) ?? shape.order!.length }));
      indexed.sort((a, b) => a.r - b.r || a.i - b.i);
      node.items = indexed.map((x) => x.p);
    }
    for (const pair of node.items) {
      const end = (pair.key as YamlNode | null)?.range?.[1];
      arrange(pair.value, childShape(shape, keyOf(pair)), text, end);
    }
  } else if (isSeq(node)) {
    for (const item of node.items as unknown[]) {
      arrange(item, shape?.each, text, undefined);
      // A comment above an item's first key is written above the item's dash: `- # c` would
      // read back as the item's comment, and the layout would not be stable.
      if (!isMap(item)) continue;
      const first = item.items[0]?.key as YamlNode | null | undefined;
      if (first?.commentBefore) {
        item.commentBefore = [item.commentBefore, first.commentBefore].filter(Boolean).join('\n');
        first.commentBefore = undefined;
      }
    }
  }
}

/** The same order on the loaded value, to compare the formatted file with. */
function orderJson(value: Json, shape: Shape | undefined): Json {
  if (Array.isArray(value)) return value.map((v) => orderJson(v, shape?.each));
  if (value === null || typeof value !== 'object') return value;
  const keys = Object.keys(value);
  if (shape?.order) {
    const rank = new Map(shape.order.map((k, i) => [k, i]));
    keys.sort((a, b) => (rank.get(a) ?? shape.order!.length) - (rank.get(b) ?? shape.order!.length));
  }
  const out: { [key: string]: Json } = {};
  for (const k of keys) out[k] = orderJson(value[k]!, childShape(shape, k));
  return out;
}

/**
 * Chooses block or flow style for every collection, top-down. `prefix` is the width of what
 * precedes the node on its line, `column` the indentation of its entries when it is a block.
 */
function style(node: unknown, shape: Shape | undefined, prefix: number, column: number, root = false): void {
  if (!isMap(node) && !isSeq(node)) return;
  if (node.items.length === 0) {
    node.flow = true;
    return;
  }
  if (!root && !shape?.block && flowable(node, shape) && (shape?.flow || prefix + measure(node) <= LINE_WIDTH)) {
    setFlow(node);
    return;
  }
  node.flow = false;
  const inner = root ? 0 : column + 2;
  if (isMap(node)) {
    for (const pair of node.items) {
      style(pair.value, childShape(shape, keyOf(pair)), inner + keyWidth(pair) + 2, inner);
    }
  } else {
    for (const item of node.items) style(item, shape?.each, inner + 2, inner + 2);
  }
}

function keyWidth(pair: Pair): number {
  const k = pair.key;
  if (!isScalar(k)) return 0;
  const s = String(k.value);
  if (k.type === 'QUOTE_DOUBLE') return JSON.stringify(s).length;
  if (k.type === 'QUOTE_SINGLE') return s.replace(/'/g, "''").length + 2;
  return s.length;
}

/**
 * Whether a collection can be one line: at most one level of collections inside, none that the
 * layout wants as a block, no comment, no line break in text.
 */
function flowable(node: YAMLMap | YAMLSeq, shape: Shape | undefined): boolean {
  const inner = (n: unknown, sh: Shape | undefined, depth: number): boolean => {
    if (n === null || n === undefined) return true;
    if (isAlias(n)) return !n.commentBefore && !n.comment;
    const yn = n as YamlNode;
    if (yn.commentBefore || yn.comment) return false;
    if (isScalar(n)) return !(typeof n.value === 'string' && n.value.includes('\n'));
    if (!isMap(n) && !isSeq(n)) return false;
    if (sh?.block && n.items.length > 0) return false;
    return depth < 2 && items(n, sh, depth);
  };
  const items = (n: YAMLMap | YAMLSeq, sh: Shape | undefined, depth: number): boolean =>
    isMap(n) ? n.items.every((p) => inner(p.key, undefined, 2) && inner(p.value, childShape(sh, keyOf(p)), depth + 1)) : n.items.every((i) => inner(i, sh?.each, depth + 1));
  return items(node, shape, 0);
}

const seqToString = YAMLSeq.prototype.toString;
const mapToString = YAMLMap.prototype.toString;
type StringifyArgs = Parameters<typeof seqToString>;

/**
 * Marks a collection and everything in it as flow. Lists are written `[a, b]` and mappings
 * `{ a: 1 }`, as in the README; the library pads both alike, so each flow node sets its own padding.
 */
function setFlow(node: unknown): void {
  if (isCollection(node)) {
    node.flow = true;
    const base = isSeq(node) ? seqToString : mapToString;
    const padding = isSeq(node) ? '' : ' ';
    node.toString = function (this: YamlNode, ...args: StringifyArgs): string {
      const [ctx, ...rest] = args;
      return base.call(this as never, ctx ? ({ ...ctx, flowCollectionPadding: padding } as typeof ctx) : ctx, ...rest);
    };
    for (const item of node.items as unknown[]) {
      if (isMap(node)) {
        const pair = item as Pair;
        if (pair.key) (pair.key as YamlNode).spaceBefore = false;
        if (pair.value) (pair.value as YamlNode).spaceBefore = false;
        setFlow(pair.value);
      } else {
        (item as YamlNode).spaceBefore = false;
        setFlow(item);
      }
    }
  }
}

/** Width of a flow collection as the library writes it. */
function measure(node: YAMLMap | YAMLSeq): number {
  const copy = node.clone() as YAMLMap | YAMLSeq;
  setFlow(copy);
  const doc = new Document();
  doc.contents = copy;
  const s = doc.toString({ lineWidth: 0, directives: false, verifyAliasOrder: false });
  return s.endsWith('\n') ? s.length - 1 : s.length;
}

/** The first comment of `before` that `after` lacks (comments compared as a multiset), or undefined. */
function missingComments(before: string, after: string): string | undefined {
  const counts = new Map<string, number>();
  for (const c of comments(after)) counts.set(c, (counts.get(c) ?? 0) + 1);
  for (const c of comments(before)) {
    const n = counts.get(c) ?? 0;
    if (n === 0) return c;
    counts.set(c, n - 1);
  }
  return undefined;
}

function comments(text: string): string[] {
  const out: string[] = [];
  for (const token of new Lexer().lex(text)) if (token.startsWith('#')) out.push(token.trimEnd());
  return out;
}

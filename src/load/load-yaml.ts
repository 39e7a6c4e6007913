// YAML text -> plain JSON-like value plus a position index, with hostile input turned into
// diagnostics: duplicate keys, alias bombs, deep nesting, prototype-polluting keys, tags.

import {
  Composer,
  isAlias,
  Lexer,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  Parser,
  YAMLParseError,
  type CST,
  type Document,
  type Node as YamlNode,
} from 'yaml';
import type { DiagnosticBag } from '../diagnostics/diagnostic.js';
import { decodeUtf8 } from './decode.js';
import { loadPlainYaml } from './plain-yaml.js';
import type { FileIndex, SourceIndex } from './source-index.js';

export interface LoadLimits {
  /** Largest accepted file, in bytes. */
  maxFileBytes: number;
  /** Most nodes that aliases may add when expanded (the file size bounds everything else). */
  maxNodes: number;
  /** Deepest accepted nesting of mappings and sequences. */
  maxDepth: number;
  /** Most lines plus commas in one file: a cheap upper bound on its entries, checked before parsing. */
  maxEntries: number;
}

export const DEFAULT_LOAD_LIMITS: LoadLimits = {
  maxFileBytes: 10 * 1024 * 1024,
  maxNodes: 100_000,
  maxDepth: 64,
  maxEntries: 500_000,
};

export const SCHEMA_LINE = /^# yaml-language-server: \$schema=\S+/;

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Tags that mean what plain YAML would mean anyway; any other tag is refused. */
const ALLOWED_TAGS = new Set(['tag:yaml.org,2002:str', 'tag:yaml.org,2002:int', 'tag:yaml.org,2002:float', 'tag:yaml.org,2002:bool', 'tag:yaml.org,2002:null', 'tag:yaml.org,2002:map', 'tag:yaml.org,2002:seq']);

class ResourceLimit extends Error {
  constructor(
    message: string,
    readonly offset: number | undefined,
    readonly hint: string,
  ) {
    super(message);
  }
}

/** Parses one file. Returns undefined when the file produced errors that leave no usable value. */
export function loadYaml(
  file: string,
  bytes: Uint8Array,
  bag: Pick<DiagnosticBag, 'report'>,
  index: Pick<SourceIndex, 'add'>,
  limits: LoadLimits = DEFAULT_LOAD_LIMITS,
  /** False: always the full path (the tests compare the two). */
  plainPath = true,
): Json | undefined {
  const at = { file, path: '' };
  if (bytes.length > limits.maxFileBytes) {
    bag.report({
      rule: 'file-too-large',
      message: `file is ${bytes.length} bytes; the limit is ${limits.maxFileBytes} bytes`,
      at,
      line: 1,
      column: 1,
      hint: 'split the policy into several files, for example one per role under roles/',
    });
    return undefined;
  }
  const decoded = decodeUtf8(bytes);
  if (!decoded.ok) {
    bag.report({
      rule: 'invalid-encoding',
      message: `invalid UTF-8 byte sequence at byte ${decoded.byte}`,
      at,
      line: decoded.line,
      column: decoded.column,
      hint: 'save the file as UTF-8',
    });
    return undefined;
  }
  const text = decoded.text.charCodeAt(0) === 0xfeff ? decoded.text.slice(1) : decoded.text;
  // The parser fills the line index in its one pass over the text; every position below is a
  // binary search in it, never a new scan of the text.
  const lines = new LineCounter();
  const fileIndex: FileIndex = { text, lines, values: new Map(), keys: new Map() };
  index.add(file, fileIndex);
  const position = (offset: number): { line: number; column: number } => {
    const { line, col } = lines.linePos(Math.min(Math.max(0, offset), text.length));
    return line === 0 ? { line: 1, column: col + 1 } : { line, column: col };
  };

  if (!SCHEMA_LINE.test(text) && text.trim() !== '') {
    bag.report({
      rule: 'schema-line',
      message: 'the first line should be "# yaml-language-server: $schema=<path to schema>"',
      at,
      line: 1,
      column: 1,
      hint: 'editors use this line to validate and complete the file while you type',
    });
  }

  // Parsing time grows with the number of entries; refuse absurd files before spending it.
  let entries = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 44) entries++;
  }
  if (entries > limits.maxEntries) {
    bag.report({
      rule: 'yaml-resource-limit',
      message: `the file has about ${entries} entries (lines and commas); the limit is ${limits.maxEntries}`,
      at,
      line: 1,
      column: 1,
      hint: 'split the policy into several files, for example one per role under roles/',
    });
    return undefined;
  }

  // Most policy files are plain block YAML, which a reader of that subset alone gives the same
  // value and positions for, several times faster; anything else takes the full path below.
  const plain = plainPath ? loadPlainYaml(text, fileIndex, limits.maxDepth) : undefined;
  if (plain !== undefined) {
    fillLines(lines, text);
    return plain;
  }

  let doc: Document.Parsed;
  try {
    // The parser keeps its own stack, but composing the tree recurses once per level of nesting:
    // measure the nesting on the parser's tokens first, so that a deep document is refused with
    // the limit instead of overflowing the call stack.
    // Deep flow nesting ([[[[...) also makes the parser slow (its stack grows per bracket): a
    // quick look at the lexer's tokens refuses it before parsing.
    const flowDeep = firstTooDeepFlow(text, limits.maxDepth);
    if (flowDeep !== undefined) {
      // The parser did not run, so the line index is built here (once, the same way).
      fillLines(lines, text);
      bag.report({ rule: 'yaml-resource-limit', message: `nesting is deeper than ${limits.maxDepth} levels`, at, ...position(flowDeep), hint: 'flatten the structure' });
      return undefined;
    }
    const tokens = [...new Parser(lines.addNewLine).parse(text)];
    const deep = firstTooDeep(tokens, limits.maxDepth);
    if (deep !== undefined) {
      bag.report({ rule: 'yaml-resource-limit', message: `nesting is deeper than ${limits.maxDepth} levels`, at, ...position(deep), hint: 'flatten the structure' });
      return undefined;
    }
    // Duplicate keys are found while converting: the parser's own check is quadratic in map size.
    const composer = new Composer({ uniqueKeys: false, prettyErrors: false, schema: 'core' });
    let first: Document.Parsed | undefined;
    for (const d of composer.compose(tokens, true, text.length)) {
      if (!first) first = d;
      else {
        first.errors.push(new YAMLParseError([d.range[0], d.range[1]], 'MULTIPLE_DOCS', 'Source contains multiple documents; a policy file holds one'));
        break;
      }
    }
    doc = first!;
  } catch (e) {
    // Nothing above should throw; report rather than crash if a limit of the runtime is hit anyway.
    bag.report({ rule: 'yaml-resource-limit', message: `the parser gave up: ${String(e)}`, at, line: 1, column: 1 });
    return undefined;
  }
  let broken = false;
  // A tab in the indentation confuses the parser about the lines after it, and each of its
  // follow-on errors would only repeat it: when some errors sit on a tab, report those alone.
  const onTab = (err: YAMLParseError): boolean => err.code !== 'RESOURCE_EXHAUSTION' && text.charCodeAt(err.pos[0]) === 9;
  const tabs = doc.errors.some(onTab);
  const tabReported = new Set<number>();
  const errors = [...doc.errors].sort((a, b) => Number(b.code === 'TAB_AS_INDENT') - Number(a.code === 'TAB_AS_INDENT'));
  for (const err of errors) {
    broken = true;
    if (tabs && (!onTab(err) || tabReported.has(err.pos[0]))) continue;
    tabReported.add(err.pos[0]);
    const message = err.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    bag.report({
      rule: err.code === 'RESOURCE_EXHAUSTION' ? 'yaml-resource-limit' : 'yaml-syntax',
      message,
      at,
      ...position(err.pos[0]),
      ...(tabs ? { hint: TAB_HINT } : {}),
    });
  }
  if (broken) return undefined;
  for (const w of doc.warnings) {
    bag.report({ rule: 'yaml-tag', message: w.message.split('\n')[0]!, at, ...position(w.pos[0]) });
    broken = true;
  }
  if (broken) return undefined;
  if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null)) {
    bag.report({ rule: 'empty-file', message: 'the file holds no policy content', at, line: 1, column: 1 });
    return undefined;
  }

  let budget = limits.maxNodes;
  let refused = false;
  const aliasTargets = anchorsOfAliases(doc);
  const pos = (n: { range?: [number, number, number] | null | undefined } | null | undefined): number | undefined =>
    n?.range ? n.range[0] : undefined;

  // Nodes reached through an alias are reported at the alias (`site`) and add nothing to the
  // position index; only they count against the alias budget, since the file size bounds the rest.
  const convert = (node: unknown, path: string, depth: number, site: number | undefined, inAlias: boolean): Json => {
    const here = inAlias ? site : (pos(node as YamlNode) ?? site);
    if (inAlias && --budget < 0) {
      throw new ResourceLimit(
        `aliases expand this document to more than ${limits.maxNodes} nodes`,
        here,
        'YAML aliases that refer to other aliases multiply; write the values out instead',
      );
    }
    if (depth > limits.maxDepth) throw new ResourceLimit(`nesting is deeper than ${limits.maxDepth} levels`, here, 'flatten the structure');
    if (!inAlias && here !== undefined && !fileIndex.values.has(path)) fileIndex.values.set(path, here);
    if (isAlias(node)) {
      const target = aliasTargets.get(node);
      if (target === undefined) {
        reportAt(here, 'yaml-syntax', `the alias *${node.source} refers to no anchor`, `define &${node.source} before this alias`);
        return null;
      }
      return convert(target, path, depth, here, true);
    }
    const tag = (node as { tag?: string }).tag;
    if (tag !== undefined && !ALLOWED_TAGS.has(tag)) {
      reportAt(here, 'yaml-tag', `the tag ${tag.replace('tag:yaml.org,2002:', '!!')} is not allowed in policy files`, 'remove the tag');
      return null;
    }
    if (isScalar(node)) {
      const v = node.value;
      if (typeof v === 'string') {
        const bad = loneSurrogate(v);
        if (bad === undefined) return v;
        reportAt(here, 'invalid-encoding', `the string holds a lone surrogate U+${bad}, which no file can store`, SURROGATE_HINT);
        return null;
      }
      if (v === null || typeof v === 'boolean') return v;
      if (typeof v === 'number') return Number.isFinite(v) ? v : String(v);
      if (typeof v === 'bigint') return Number(v);
      reportTag(node, 'only strings, numbers, booleans and null are allowed');
      return null;
    }
    if (isMap(node)) {
      const out: { [key: string]: Json } = {};
      const seen = new Set<string>();
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const k = pair.key;
        const keyAt = inAlias ? here : pos(k as YamlNode);
        let key: string;
        if (isScalar(k) && (typeof k.value === 'string' || typeof k.value === 'number' || typeof k.value === 'boolean')) {
          key = String(k.value);
          const bad = loneSurrogate(key);
          if (bad !== undefined) {
            reportAt(keyAt, 'invalid-encoding', `the key holds a lone surrogate U+${bad}, which no file can store`, SURROGATE_HINT);
            continue;
          }
        } else {
          reportAt(keyAt, 'yaml-tag', 'mapping keys must be plain strings');
          continue;
        }
        if (seen.has(key)) {
          if (!inAlias) reportAt(keyAt, 'duplicate-key', `the key ${JSON.stringify(key)} appears twice in the same mapping`, 'remove or rename one of the two entries');
          continue;
        }
        seen.add(key);
        const child = path + '/' + (key.includes('~') || key.includes('/') ? key.replace(/~/g, '~0').replace(/\//g, '~1') : key);
        if (!inAlias && keyAt !== undefined && !fileIndex.keys.has(child)) fileIndex.keys.set(child, keyAt);
        if (FORBIDDEN_KEYS.has(key)) {
          reportAt(keyAt, 'forbidden-key', `the key "${key}" is not allowed`, 'rename the key');
          continue;
        }
        if (pair.value === null || pair.value === undefined) {
          out[key] = null;
          continue;
        }
        out[key] = convert(pair.value, child, depth + 1, keyAt, inAlias);
      }
      return out;
    }
    if (isSeq(node)) {
      return node.items.map((item, i) => convert(item, `${path}/${i}`, depth + 1, here, inAlias));
    }
    return null;
  };

  function reportAt(offset: number | undefined, rule: 'yaml-tag' | 'forbidden-key' | 'yaml-syntax' | 'duplicate-key' | 'invalid-encoding', message: string, hint?: string): void {
    refused = true;
    const p = offset === undefined ? { line: 1, column: 1 } : position(offset);
    bag.report({ rule, message, at, ...p, ...(hint ? { hint } : {}) });
  }
  function reportTag(node: YamlNode, message: string): void {
    reportAt(pos(node), 'yaml-tag', message);
  }

  try {
    const value = convert(doc.contents, '', 0, 0, false);
    // A file with refused content is not validated further: its diagnostics would only repeat.
    return refused ? undefined : value;
  } catch (e) {
    if (!(e instanceof ResourceLimit || e instanceof RangeError)) throw e;
    const p = e instanceof ResourceLimit && e.offset !== undefined ? position(e.offset) : { line: 1, column: 1 };
    bag.report({
      rule: 'yaml-resource-limit',
      message: e instanceof ResourceLimit ? e.message : 'the document nests too deeply to be read',
      at,
      ...p,
      hint: e instanceof ResourceLimit ? e.hint : 'flatten the structure',
    });
    return undefined;
  }
}

/** Fills the line index the way the parser does in its pass over the text. */
function fillLines(lines: LineCounter, text: string): void {
  lines.addNewLine(0);
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines.addNewLine(i + 1);
}

const SURROGATE_HINT = 'a \\uD800-\\uDFFF escape must be one half of a pair; write the character itself or both halves';

/**
 * A "\uD800" escape in a double-quoted YAML string makes half a UTF-16 pair: JavaScript keeps it,
 * but it cannot be written as UTF-8 (it would become U+FFFD on disk, and `build --check` would
 * never agree with the file it wrote). Returns the first one, as hex, or undefined.
 */
function loneSurrogate(s: string): string | undefined {
  const m = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.exec(s);
  return m ? m[0].charCodeAt(0).toString(16).toUpperCase() : undefined;
}

const TAB_HINT = 'indent with spaces: YAML does not allow tabs in indentation';

/**
 * The node each alias refers to: the last anchor of that name before the alias, in document order.
 * One walk of the whole document (yaml's Alias.resolve walks it once per alias). Iterative, and
 * run after the nesting check.
 */
function anchorsOfAliases(doc: Document.Parsed): Map<YamlNode, YamlNode> {
  const targets = new Map<YamlNode, YamlNode>();
  const anchors = new Map<string, YamlNode>();
  const stack: unknown[] = [doc.contents];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isPair(node)) {
      stack.push(node.value, node.key);
      continue;
    }
    if (isAlias(node)) {
      const target = anchors.get(node.source);
      if (target !== undefined) targets.set(node, target);
      continue;
    }
    if (!isScalar(node) && !isMap(node) && !isSeq(node)) continue;
    if (node.anchor) anchors.set(node.anchor, node);
    if (isMap(node) || isSeq(node)) for (let i = node.items.length - 1; i >= 0; i--) stack.push(node.items[i]);
  }
  return targets;
}

/** Lexer tokens that stand for no source text (document start, implicit flow end, scalar marker). */
const SYNTHETIC_TOKENS = new Set(['\x02', '\x18', '\x1f']);

/**
 * Offset of a flow collection ([ or {) opened inside more than `maxDepth` others, found from the
 * lexer's tokens, or undefined. A count of bracket characters first: when even that stays within
 * the limit (every real policy), the lexer is not run. Block nesting and the exact position of
 * lesser depths are left to firstTooDeep, which sees the whole tree.
 */
function firstTooDeepFlow(text: string, maxDepth: number): number | undefined {
  let depth = 0;
  let most = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5b || c === 0x7b) {
      if (++depth > most) most = depth;
    } else if ((c === 0x5d || c === 0x7d) && depth > 0) depth--;
  }
  if (most <= maxDepth + 1) return undefined;
  const open: number[] = [];
  let offset = 0;
  for (const token of new Lexer().lex(text)) {
    if (token === '[' || token === '{') {
      open.push(offset);
      // The (maxDepth + 1)th bracket of a chain opens a collection at least maxDepth deep; one
      // more inside it means something in it is deeper than allowed.
      if (open.length > maxDepth + 1) return open[maxDepth];
    } else if (token === ']' || token === '}') open.pop();
    if (!SYNTHETIC_TOKENS.has(token)) offset += token.length;
  }
  return undefined;
}

/** Offset of the first value nested more than `maxDepth` collections deep in the parser's tokens. */
function firstTooDeep(tokens: readonly CST.Token[], maxDepth: number): number | undefined {
  const stack: { token: CST.Token; depth: number }[] = [];
  for (let i = tokens.length - 1; i >= 0; i--) stack.push({ token: tokens[i]!, depth: -1 });
  while (stack.length > 0) {
    const { token, depth } = stack.pop()!;
    if (depth > maxDepth) return token.offset;
    if (token.type === 'document') {
      if (token.value) stack.push({ token: token.value, depth: 0 });
    } else if (token.type === 'block-map' || token.type === 'block-seq' || token.type === 'flow-collection') {
      for (let i = token.items.length - 1; i >= 0; i--) {
        const item = token.items[i]! as { key?: CST.Token | null; value?: CST.Token };
        if (item.value) stack.push({ token: item.value, depth: depth + 1 });
        // A key is not a level of its own (only a collection as a key nests, and that is refused later).
        if (item.key) stack.push({ token: item.key, depth });
      }
    }
  }
  return undefined;
}

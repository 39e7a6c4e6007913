// YAML text -> plain JSON-like value plus a position index, with hostile input turned into
// diagnostics: duplicate keys, alias bombs, deep nesting, prototype-polluting keys, tags.

import {
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  type Document,
  type Node as YamlNode,
} from 'yaml';
import type { DiagnosticBag } from '../diagnostics/diagnostic.js';
import { decodeUtf8 } from './decode.js';
import { positionOfOffset, type FileIndex, type SourceIndex } from './source-index.js';

export interface LoadLimits {
  /** Largest accepted file, in bytes. */
  maxFileBytes: number;
  /** Most nodes that aliases may add when expanded (the file size bounds everything else). */
  maxNodes: number;
  /** Deepest accepted nesting of mappings and sequences. */
  maxDepth: number;
}

export const DEFAULT_LOAD_LIMITS: LoadLimits = {
  maxFileBytes: 10 * 1024 * 1024,
  maxNodes: 100_000,
  maxDepth: 64,
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
  bag: DiagnosticBag,
  index: SourceIndex,
  limits: LoadLimits = DEFAULT_LOAD_LIMITS,
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
  const lines = new LineCounter();
  const fileIndex: FileIndex = { text, lines, values: new Map(), keys: new Map() };
  index.add(file, fileIndex);

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

  let doc: Document.Parsed;
  try {
    doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false, schema: 'core' });
  } catch (e) {
    // The parser is iterative, but report rather than crash if any limit of the runtime is hit.
    bag.report({ rule: 'yaml-resource-limit', message: `the parser gave up: ${String(e)}`, at, line: 1, column: 1 });
    return undefined;
  }
  let broken = false;
  for (const err of doc.errors) {
    broken = true;
    const pos = positionOfOffset(text, err.pos[0]);
    const message = err.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    if (err.code === 'DUPLICATE_KEY') {
      // The parser marks only the key's first character; read the key up to its colon.
      const key = (/^("[^"]*"|'[^']*'|[^:\n]*)/.exec(text.slice(err.pos[0], err.pos[0] + 200))?.[0] ?? '').trim();
      bag.report({ rule: 'duplicate-key', message: `the key ${JSON.stringify(key)} appears twice in the same mapping`, at, ...pos, hint: 'remove or rename one of the two entries' });
    } else if (err.code === 'RESOURCE_EXHAUSTION') {
      bag.report({ rule: 'yaml-resource-limit', message, at, ...pos });
    } else {
      bag.report({ rule: 'yaml-syntax', message, at, ...pos });
    }
  }
  if (broken) return undefined;
  for (const w of doc.warnings) {
    const pos = positionOfOffset(text, w.pos[0]);
    bag.report({ rule: 'yaml-tag', message: w.message.split('\n')[0]!, at, ...pos });
    broken = true;
  }
  if (broken) return undefined;
  if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null)) {
    bag.report({ rule: 'empty-file', message: 'the file holds no policy content', at, line: 1, column: 1 });
    return undefined;
  }

  let budget = limits.maxNodes;
  let refused = false;
  const aliasTargets = new Map<object, unknown>();
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
      let target = aliasTargets.get(node);
      if (target === undefined) {
        // Resolving walks the document; do it once per alias node, not once per expansion.
        target = node.resolve(doc) ?? null;
        aliasTargets.set(node, target);
      }
      if (target === null) {
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
      if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
      if (typeof v === 'number') return Number.isFinite(v) ? v : String(v);
      if (typeof v === 'bigint') return Number(v);
      reportTag(node, 'only strings, numbers, booleans and null are allowed');
      return null;
    }
    if (isMap(node)) {
      const out: { [key: string]: Json } = {};
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const k = pair.key;
        const keyAt = inAlias ? here : pos(k as YamlNode);
        let key: string;
        if (isScalar(k) && (typeof k.value === 'string' || typeof k.value === 'number' || typeof k.value === 'boolean')) {
          key = String(k.value);
        } else {
          reportAt(keyAt, 'yaml-tag', 'mapping keys must be plain strings');
          continue;
        }
        const child = path + '/' + key.replace(/~/g, '~0').replace(/\//g, '~1');
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

  function reportAt(offset: number | undefined, rule: 'yaml-tag' | 'forbidden-key' | 'yaml-syntax', message: string, hint?: string): void {
    refused = true;
    const p = offset === undefined ? { line: 1, column: 1 } : positionOfOffset(text, offset);
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
    const p = e instanceof ResourceLimit && e.offset !== undefined ? positionOfOffset(text, e.offset) : { line: 1, column: 1 };
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

// Reads an account export (JSON) with source positions: every JSON pointer of the document maps to
// the offset of its value (and of its key), so that problems found by the kernel, which speaks in
// pointers, become file:line:column diagnostics. Hostile input (bad syntax, duplicate or
// __proto__ keys, deep nesting, invalid UTF-8) becomes located diagnostics, never an exception.

import { createScanner, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { LineCounter } from 'yaml';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { CATALOGUE, type Rule } from '../diagnostics/catalogue.js';
import { pointer } from '../diagnostics/diagnostic.js';

/** Largest account file read (bytes). A real export of 197 custom roles and 10,000 members is a few MB. */
export const MAX_ACCOUNT_BYTES = 50 * 1024 * 1024;
/** Deepest nesting of arrays and objects; account data needs 5 levels. */
export const MAX_ACCOUNT_DEPTH = 64;
/** Keys that could alter object prototypes in a consumer that copies the data naively. */
const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);
/** Syntax errors reported per file: after the first few, the rest are usually echoes. */
const MAX_SYNTAX_ERRORS = 10;
/** jsonc-parser's SyntaxKind values (a const enum, which isolated modules cannot read). */
const OPEN_BRACE = 1;
const CLOSE_BRACE = 2;
const OPEN_BRACKET = 3;
const CLOSE_BRACKET = 4;
const EOF = 17;

export interface AccountDocument {
  file: string;
  /** The decoded text (for code frames), empty when it could not be decoded. */
  text: string;
  /** The parsed value; undefined when the file had load problems. */
  value: unknown;
  diagnostics: Diagnostic[];
  /** Line and column of a JSON pointer: its key when `key` and the pointer names a property, else its value; falls back to the nearest enclosing pointer. */
  locate(path: string, key?: boolean): { line: number; column: number };
}

function diagnostic(rule: Rule, file: string, message: string, at: { line: number; column: number }, path = '', hint?: string): Diagnostic {
  const d: Diagnostic = { code: CATALOGUE[rule].code, rule, severity: CATALOGUE[rule].severity, message, file, line: at.line, column: at.column, path };
  if (hint !== undefined) d.hint = hint;
  return d;
}

/** The diagnostic for a file over the size limit (also used when the file is not read at all). */
export function tooLargeDiagnostic(file: string, size: number, maxBytes = MAX_ACCOUNT_BYTES): Diagnostic {
  return diagnostic('account-too-large', file, `the file is ${size} bytes or more; account files are read up to ${maxBytes} bytes`, { line: 1, column: 1 }, '', 'check that the file is the account export and not a database dump');
}

/** Parses the bytes of an account export; `file` is the path shown in diagnostics. */
export function parseAccount(file: string, bytes: Uint8Array, limits: { maxBytes?: number; maxDepth?: number } = {}): AccountDocument {
  const maxBytes = limits.maxBytes ?? MAX_ACCOUNT_BYTES;
  const maxDepth = limits.maxDepth ?? MAX_ACCOUNT_DEPTH;
  const values = new Map<string, number>();
  const keys = new Map<string, number>();
  let text = '';
  // Line starts, counted once per file (the same index the YAML loader uses).
  const lines = new LineCounter();
  const at = (offset: number): { line: number; column: number } => {
    const { line, col } = lines.linePos(offset);
    return { line, column: col };
  };
  const doc: AccountDocument = {
    file,
    text,
    value: undefined,
    diagnostics: [],
    locate(path, key = false) {
      for (let p = path; ; p = p.slice(0, p.lastIndexOf('/'))) {
        const offset = (key ? keys.get(p) : undefined) ?? values.get(p);
        if (offset !== undefined) return at(offset);
        if (p === '') return { line: 1, column: 1 };
      }
    },
  };
  const fail = (rule: Rule, message: string, offset: number, hint?: string): AccountDocument => {
    doc.diagnostics.push(diagnostic(rule, file, message, text ? at(offset) : { line: 1, column: 1 }, '', hint));
    return doc;
  };
  if (bytes.length > maxBytes) {
    doc.diagnostics.push(tooLargeDiagnostic(file, bytes.length, maxBytes));
    return doc;
  }
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return fail('invalid-encoding', 'the file is not valid UTF-8', 0, 'save the export as UTF-8');
  }
  if (text.charCodeAt(0) === 0xfeff) text = ' ' + text.slice(1); // a BOM: keep offsets, drop the mark
  doc.text = text;
  lines.addNewLine(0);
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lines.addNewLine(i + 1);
  // Nesting depth first, with the (iterative) scanner: the parser below recurses once per level.
  const scanner = createScanner(text, false);
  let depth = 0;
  for (let kind = scanner.scan(); kind !== EOF; kind = scanner.scan()) {
    if (kind === OPEN_BRACE || kind === OPEN_BRACKET) {
      if (++depth > maxDepth) return fail('account-too-deep', `arrays and objects nest more than ${maxDepth} levels deep`, scanner.getTokenOffset(), 'account data nests 5 levels at most; check that the file is an account export');
    } else if (kind === CLOSE_BRACE || kind === CLOSE_BRACKET) depth = Math.max(0, depth - 1);
  }
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  if (errors.length) {
    // One error per place: the parser often reports the same spot twice (a property name, then a value, expected).
    const firstAt = errors.filter((e, i) => errors.findIndex((f) => f.offset === e.offset) === i);
    for (const e of firstAt.slice(0, MAX_SYNTAX_ERRORS)) {
      doc.diagnostics.push(diagnostic('account-json', file, `invalid JSON: ${syntaxMessage(printParseErrorCode(e.error))}`, at(e.offset)));
    }
    return doc;
  }
  if (!root) return fail('account-json', 'invalid JSON: the file is empty', 0);
  const value = build(root, '', at, values, keys, doc.diagnostics, file);
  if (doc.diagnostics.length === 0) doc.value = value;
  return doc;
}

/** "ValueExpected" -> "value expected". */
function syntaxMessage(code: string): string {
  return code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

/** The value of a node, recording the offset of every pointer; depth is bounded by the scan above. */
type At = (offset: number) => { line: number; column: number };

function build(node: Node, path: string, at: At, values: Map<string, number>, keys: Map<string, number>, out: Diagnostic[], file: string): unknown {
  values.set(path, node.offset);
  switch (node.type) {
    case 'object': {
      const obj: Record<string, unknown> = {};
      const first = new Map<string, number>();
      for (const prop of node.children ?? []) {
        const [keyNode, valueNode] = prop.children ?? [];
        if (!keyNode || !valueNode) continue;
        const key = keyNode.value as string;
        const p = path + pointer(key);
        if (FORBIDDEN.has(key)) {
          out.push(diagnostic('account-forbidden-key', file, `the key ${JSON.stringify(key)} is not allowed`, at(keyNode.offset), p, 'remove the key: account data never needs it'));
          continue;
        }
        const seen = first.get(key);
        if (seen !== undefined) {
          const prev = at(seen);
          out.push(diagnostic('account-duplicate-key', file, `the key ${JSON.stringify(key)} appears twice (first at line ${prev.line}, column ${prev.column})`, at(keyNode.offset), p, 'keep one of the two entries'));
          continue;
        }
        first.set(key, keyNode.offset);
        keys.set(p, keyNode.offset);
        obj[key] = build(valueNode, p, at, values, keys, out, file);
      }
      return obj;
    }
    case 'array':
      return (node.children ?? []).map((child: Node, i: number) => build(child, `${path}/${i}`, at, values, keys, out, file));
    default:
      return node.value;
  }
}

// Escaping of user-supplied strings for each output language. Every string from a policy file
// passes through one of these before it reaches generated code or documentation.

/**
 * Bidirectional controls and other invisible format characters: in generated code they could make
 * a reviewer read something other than what the compiler sees ("Trojan Source").
 */
const INVISIBLE = /[\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/g;

/**
 * Controls other than tab and line breaks (C0, DEL and C1) and lone surrogates. A lone surrogate
 * cannot be written as UTF-8 (it would reach the disk as U+FFFD, and the written file would never
 * match the next build); a control is invisible in a review and unsafe on a terminal.
 */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const codePoint = (c: string): string => c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');

/** What tsString escapes besides JSON.stringify (one test, so that the common id costs no more). */
const UNSAFE_IN_LITERAL = /[\u007F-\u009F\u2028\u2029\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/;

/** A TypeScript/JavaScript string literal. JSON.stringify escapes quotes, backslashes and controls. */
export function tsString(s: string): string {
  // JSON.stringify escapes C0 controls and lone surrogates; DEL and C1 are escaped here.
  const json = JSON.stringify(s);
  if (!UNSAFE_IN_LITERAL.test(json)) return json;
  return json
    .replace(/[\u007F-\u009F]/g, (c) => `\\u${codePoint(c)}`)
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029')
    .replace(INVISIBLE, (c) => `\\u${codePoint(c)}`);
}

/** Text inside a /** JSDoc *\/ comment: no comment terminator, no stray tags. */
export function jsDocText(s: string): string {
  return s
    .replace(/\r\n?/g, '\n')
    .replace(/\*\//g, '*\\/')
    .replace(/@/g, '\\@')
    .replace(/[\u2028\u2029\t]/g, ' ')
    .replace(INVISIBLE, (c) => `<U+${codePoint(c)}>`)
    .replace(CONTROL, (c) => `<U+${codePoint(c)}>`)
    .trim();
}

/** Inline Markdown: characters that start formatting, links or HTML are backslash-escaped. */
export function markdownInline(s: string): string {
  return s
    .replace(INVISIBLE, (c) => `[U+${codePoint(c)}]`)
    .replace(CONTROL, (c) => `[U+${codePoint(c)}]`)
    .trim()
    .replace(/\r\n?|\n|[\u2028\u2029\t]/g, ' ')
    .replace(/[\\`*_{}[\]()#+\-.!|~>]/g, '\\$&')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;');
}

/** Block Markdown: paragraphs (separated by blank lines) kept, each escaped as inline text. */
export function markdownBlock(s: string): string {
  return s
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((p) => markdownInline(p.trim()))
    .filter((p) => p.length > 0)
    .join('\n\n');
}

/** A label inside a Mermaid node: ["..."] with Mermaid's entity codes for the risky characters. */
export function mermaidLabel(s: string): string {
  return s
    .replace(INVISIBLE, (c) => `[U+${codePoint(c)}]`)
    .replace(/\r\n?|\n|[\u2028\u2029\t]/g, ' ')
    .replace(CONTROL, (c) => `[U+${codePoint(c)}]`)
    .replace(/#/g, '#35;')
    .replace(/"/g, '#quot;')
    .replace(/</g, '#lt;')
    .replace(/>/g, '#gt;')
    .replace(/`/g, '#96;');
}

/**
 * An identifier shown as inline code (`id`). Code spans show their content literally, so only the
 * characters that would end the span, the line or a table cell are replaced.
 */
export function markdownCode(s: string): string {
  const text = s
    .replace(/\r\n?|\n|[\u2028\u2029\t]/g, ' ')
    .replace(CONTROL, (c) => `[U+${codePoint(c)}]`)
    .replace(INVISIBLE, (c) => `[U+${codePoint(c)}]`)
    .replace(/`/g, "'")
    .replace(/\|/g, '\\|')
    .trim();
  return text ? `\`${text}\`` : '—';
}

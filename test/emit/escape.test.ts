// Escaping of user strings for generated code and docs, including characters that would make a
// reviewer read something other than what the compiler sees (bidi overrides, NUL, zero-width).

import { describe, expect, it } from 'vitest';
import { jsDocText, markdownInline, mermaidLabel, tsString } from '../../src/emit/escape.js';

describe('escaping', () => {
  it.each([
    ['a bidi override', 'admin\u202Eresu', '"admin\\u202Eresu"'],
    ['a NUL', 'a\u0000b', '"a\\u0000b"'],
    ['quotes and backslashes', 'say "hi" \\ bye', '"say \\"hi\\" \\\\ bye"'],
    ['line separators', 'a\u2028b', '"a\\u2028b"'],
  ])('string literals show %s as an escape', (_name, input, want) => {
    expect(tsString(input)).toBe(want);
    expect(JSON.parse(tsString(input))).toBe(input);
  });

  it('JSDoc text cannot close the comment and shows invisible characters', () => {
    expect(jsDocText('end */ here \u202E and @param')).toBe('end *\\/ here <U+202E> and \\@param');
  });

  it('Markdown text escapes formatting, HTML and invisible characters', () => {
    expect(markdownInline('<script>|[x](javascript:y)\u2066')).toBe('&lt;script\\>\\|\\[x\\]\\(javascript:y\\)\\[U\\+2066\\]');
  });

  it('Mermaid labels cannot close the label', () => {
    expect(mermaidLabel('a"] --> b["#')).toBe('a#quot;] --#gt; b[#quot;#35;');
  });
});

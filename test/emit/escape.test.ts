// Escaping of user strings for generated code and docs, including characters that would make a
// reviewer read something other than what the compiler sees (bidi overrides, NUL, zero-width).

import { describe, expect, it } from 'vitest';
import { jsDocText, markdownBlock, markdownCode, markdownInline, mermaidLabel, tsString } from '../../src/emit/escape.js';

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

// Every character class, line-end form and branch of each escaper, with the characters just
// outside each class left alone, and every replacement applied to more than one occurrence.
describe('escaping, character by character', () => {
  it.each([
    ['U+061C, the lowest invisible one, padded to four digits', '\u061C', '"\\u061C"'],
    ['U+200B and U+200F, the ends of the first range', '\u200B\u200F', '"\\u200B\\u200F"'],
    ['U+202A and U+202E, the ends of the embedding range', '\u202A\u202E', '"\\u202A\\u202E"'],
    ['U+2060 and U+2069, the ends of the isolate range', '\u2060\u2069', '"\\u2060\\u2069"'],
    ['U+FEFF, upper-case hex', '\uFEFF', '"\\uFEFF"'],
    ['every occurrence, not only the first', '\u200Ba\u200B', '"\\u200Ba\\u200B"'],
    ['both line separators, twice each', '\u2028\u2029\u2028\u2029', '"\\u2028\\u2029\\u2028\\u2029"'],
    ['the neighbours just outside each range stay as they are', '\u061B\u061D\u200A\u2010\u202F\u205F\u206A\uFEFE', '"\u061B\u061D\u200A\u2010\u202F\u205F\u206A\uFEFE"'],
    ['DEL and both ends of C1, which JSON.stringify leaves alone, every one', '\u007F\u0080\u009F\u0080', '"\\u007F\\u0080\\u009F\\u0080"'],
    ['U+00A0, just past C1, stays as it is', '\u00A0', '"\u00A0"'],
  ])('tsString: %s', (_name, input, want) => {
    expect(tsString(input)).toBe(want);
    expect(JSON.parse(tsString(input))).toBe(input);
  });

  it.each([
    ['CRLF and lone CR become LF', 'a\r\nb\rc\nd', 'a\nb\nc\nd'],
    ['every comment terminator is broken', 'a */ b */', 'a *\\/ b *\\/'],
    ['every @ is escaped', '@a @b', '\\@a \\@b'],
    ['both line separators become spaces', 'a\u2028b\u2029c\u2028d', 'a b c d'],
    ['invisible characters are shown, padded and upper-case', '\u061C\uFEFF\u061C', '<U+061C><U+FEFF><U+061C>'],
    ['control characters at both ends of each range are shown', '\u0000\u0008\u000B\u000C\u000E\u001F\u007F', '<U+0000><U+0008><U+000B><U+000C><U+000E><U+001F><U+007F>'],
    ['a tab becomes a space, line feed is kept, space is not escaped', 'a\tb\nc d', 'a b\nc d'],
    ['surrounding whitespace is trimmed', '  text  \n', 'text'],
    ['lone surrogates of each half are shown, a pair is kept', 'a\uD800b\uDBFF\uDC00\uDFFFc\uDC00d\uD83D\uDE00e\uD800', 'a<U+D800>b\uDBFF\uDC00<U+DFFF>c<U+DC00>d\uD83D\uDE00e<U+D800>'],
  ])('jsDocText: %s', (_name, input, want) => {
    expect(jsDocText(input)).toBe(want);
  });

  it.each([
    ['each formatting character gets a backslash', '\\`*_{}[]()#+-.!|~>', '\\\\\\`\\*\\_\\{\\}\\[\\]\\(\\)\\#\\+\\-\\.\\!\\|\\~\\>'],
    ['every occurrence of each', '**a**', '\\*\\*a\\*\\*'],
    ['ampersands and angle brackets become entities, every one', 'a&b&c<d<e', 'a&amp;b&amp;c&lt;d&lt;e'],
    ['line ends of every form become spaces', 'a\r\nb\rc\nd\u2028e\u2029f', 'a b c d e f'],
    ['the text is trimmed before line ends become spaces', ' \n a \n ', 'a'],
    ['lone surrogates are shown', '\uDC00a\uD800', '\\[U\\+DC00\\]a\\[U\\+D800\\]'],
    ['control characters are shown', '\u0000\u007F', '\\[U\\+0000\\]\\[U\\+007F\\]'],
    ['invisible characters are shown, padded', '\u061C\u202E', '\\[U\\+061C\\]\\[U\\+202E\\]'],
    ['letters, digits, quotes and other scripts are left alone', 'Ab9 "q" \'s\' 北區', 'Ab9 "q" \'s\' 北區'],
  ])('markdownInline: %s', (_name, input, want) => {
    expect(markdownInline(input)).toBe(want);
  });

  it.each([
    ['paragraphs stay apart, lines within one are joined', 'one\ntwo\n\nthree', 'one two\n\nthree'],
    ['CRLF and CR paragraph breaks count as breaks', 'a\r\n\r\nb\r\rc', 'a\n\nb\n\nc'],
    ['a blank line holding only spaces separates paragraphs', 'a\n \t \nb', 'a\n\nb'],
    ['empty paragraphs at the ends and between are dropped', '\n\n\na\n\n\n\n\nb\n\n', 'a\n\nb'],
    ['each paragraph is escaped', '*a*\n\n<b>', '\\*a\\*\n\n&lt;b\\>'],
    ['nothing but whitespace is empty', ' \n\n \n', ''],
    ['a paragraph is trimmed of every whitespace, including the controls and the BOM that count as it', '\u000Ba\u000C\n\n\uFEFFb\u000B', 'a\n\nb'],
    ['a control inside a paragraph is shown', 'a\u000Bb', 'a\\[U\\+000B\\]b'],
  ])('markdownBlock: %s', (_name, input, want) => {
    expect(markdownBlock(input)).toBe(want);
  });

  it.each([
    ['every risky character, twice, becomes an entity', '##""<<>>``', '#35;#35;#quot;#quot;#lt;#lt;#gt;#gt;#96;#96;'],
    ['line ends of every form become spaces', 'a\r\nb\rc\nd', 'a b c d'],
    ['invisible characters are shown', '\u202E\u2066', '[U+202E][U+2066]'],
    ['other characters are kept', 'a [b] (c) & d', 'a [b] (c) & d'],
    ['control characters and lone surrogates are shown', 'a\u0000b\u009Fc\uD800', 'a[U+0000]b[U+009F]c[U+D800]'],
  ])('mermaidLabel: %s', (_name, input, want) => {
    expect(mermaidLabel(input)).toBe(want);
  });

  it.each([
    ['an id', 'tickets.view', '`tickets.view`'],
    ['line ends of every form become spaces', 'a\r\nb\rc\nd\u2028e\u2029f', '`a b c d e f`'],
    ['backticks cannot end the span, every one', 'a`b`', "`a'b'`"],
    ['pipes cannot end a table cell, every one', 'a|b|c', '`a\\|b\\|c`'],
    ['whitespace around is trimmed', '  x  ', '`x`'],
    ['an empty id is a dash', '', '—'],
    ['an id of only whitespace and line ends is a dash', ' \n ', '—'],
    ['Markdown characters are literal in a code span', '*_#<', '`*_#<`'],
    ['control characters and invisible ones are shown, every one', 'a\u0000b\u202Ec\u0000\u202E', '`a[U+0000]b[U+202E]c[U+0000][U+202E]`'],
  ])('markdownCode: %s', (_name, input, want) => {
    expect(markdownCode(input)).toBe(want);
  });
});

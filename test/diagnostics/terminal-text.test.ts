// Control characters from policy files never reach a terminal raw: not in messages, hints, file
// names or code frames, with or without colour, and not in GitHub annotations or explain output.

import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { formatGithub, formatPretty, terminalText } from '../../src/diagnostics/format.js';
import { cli, MINIMAL, writeTree } from '../helpers.js';

/** Every character a terminal acts on or hides, except the line feeds between output lines. */
const RAW = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const HOSTILE: readonly [string, string][] = [
  ['ESC (colour and cursor sequences)', '\x1b[2J\x1b[31mred'],
  ['BEL', 'ring\x07'],
  ['CR (overwrites the line)', 'fake\rok'],
  ['backspace', 'abc\b\b'],
  ['DEL', 'del\x7f'],
  ['C1 CSI', 'csi\x9b31m'],
  ['NEL', 'nel\x85'],
  ['right-to-left override', 'admin\u202Enimda'],
  ['zero-width space', 'a\u200Bb'],
  ['lone surrogate', 'half\uD800'],
  ['line feed in a message', 'two\nlines'],
];

function diagnostic(message: string, over: Partial<Diagnostic> = {}): Diagnostic {
  return { code: 'PC3001', rule: 'unknown-reference', severity: 'error', message, file: 'policies/p/policy.yaml', line: 2, column: 5, path: '/x', ...over };
}

describe('terminalText', () => {
  it.each(HOSTILE)('%s is shown as <U+XXXX>', (_name, s) => {
    const t = terminalText(s);
    expect(t).not.toMatch(RAW);
    expect(t).not.toContain('\n');
    expect(t).toMatch(/<U\+[0-9A-F]{4}>/);
  });

  it('leaves printable text, including non-Latin scripts and emoji, as it is', () => {
    for (const s of ['최고 관리자', 'オーナー', '總公司', 'Agent 😀', 'quote " and `tick`']) expect(terminalText(s)).toBe(s);
  });
});

describe('pretty output escapes every control, with and without colour', () => {
  for (const color of [false, true]) {
    it.each(HOSTILE)(`%s (color: ${color})`, (_name, s) => {
      const source = `# head\nx: ${s}\ny: 1\n`;
      const text = formatPretty([diagnostic(`unknown role "${s}"`, { hint: `did you mean "${s}"?`, file: `policies/${s}/policy.yaml` })], { color, source: () => source });
      // Colour codes are policyc's own: take them out, then nothing raw may remain.
      const plain = text.replace(/\x1b\[[0-9;]*m/g, '');
      for (const line of plain.split('\n')) expect(line).not.toMatch(RAW);
      if (!color) expect(text).not.toContain('\x1b');
    });
  }

  it('the caret stays under the reported column when controls before it are widened', () => {
    const source = `# head\nx: \x1b\x07"bad"\n`;
    const text = formatPretty([diagnostic('m', { column: 6 })], { color: false, source: () => source });
    const lines = text.split('\n');
    const src = lines.find((l) => l.startsWith('> 2 |'))!;
    const caret = lines[lines.indexOf(src) + 1]!;
    expect(src.charAt(caret.indexOf('^'))).toBe('"');
  });

  it('a tab in a source line is one space, so the caret under it lines up', () => {
    const text = formatPretty([diagnostic('m', { column: 1 })], { color: false, source: () => '# head\n\tname: x\n' });
    expect(text).toContain('> 2 |  name: x\n    | ^');
  });
});

describe('GitHub annotations', () => {
  it.each(HOSTILE)('%s stays inside one workflow command and is not raw', (_name, s) => {
    const out = formatGithub([diagnostic(`unknown role "${s}"`, { hint: s })]);
    expect(out.split('\n').filter((l) => l !== '')).toHaveLength(1);
    expect(out.slice(0, -1)).not.toMatch(RAW);
  });
});

describe('the CLI end to end', () => {
  it('check --no-color prints no raw control from a policy file', async () => {
    // Raw ESC and BEL bytes in a comment next to the error reach the code frame.
    const policy = MINIMAL.replace('tickets: edit', 'tickets: edit # \x1b[2J\x07\n    inherits: [ghost]');
    const cwd = writeTree({ 'policies/p/policy.yaml': policy });
    const r = await cli(['check', 'policies/p', '--no-color'], cwd);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('unknown role "ghost"');
    expect(r.stdout).toContain('tickets: edit # <U+001B>[2J<U+0007>');
    for (const line of (r.stdout + r.stderr).split('\n')) expect(line).not.toMatch(RAW);
  });

  it('explain prints a display name holding controls escaped', async () => {
    const policy = MINIMAL.replace('name: Agent', 'name: "Agent\\e[2J\\x7f"');
    const cwd = writeTree({ 'policies/p/policy.yaml': policy });
    const r = await cli(['explain', 'policies/p', 'agent'], cwd);
    expect(r.code).toBe(0);
    for (const line of r.stdout.split('\n')) expect(line).not.toMatch(RAW);
  });
});

describe('usage and I/O errors', () => {
  it.each([
    ['an unknown command', ['\x1b[2Jcheck']],
    ['an unknown role for explain', ['explain', 'policies/p', 'ghost\x07\x1b[31m']],
    ['a missing folder', ['check', 'policies/\x1b]0;pwned\x07']],
  ])('%s: exit 2, the argument shown escaped', async (_name, args) => {
    const cwd = writeTree({ 'policies/p/policy.yaml': MINIMAL });
    const r = await cli(args, cwd);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('<U+001B>');
    for (const line of r.stderr.split('\n')) expect(line).not.toMatch(RAW);
  });
});

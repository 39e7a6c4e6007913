// Invalid grant values: every form that fails the schema gives one located diagnostic at the value,
// the most relevant branch of the schema's alternatives (a level with the scale's values as hint, an
// unknown key with its correction), and every command that reads the policy reports the same.

import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { startWatch, type WatchHandle } from '../../src/cli/watch.js';
import { cli, ROOT, tempDir } from '../helpers.js';

const STAFF = 'roles/04-staff.yaml';
const LINE = 'chat_settings: { default: read, allowed: [off, edit] }';

/** A copy of the userlike preset whose staff role grants chat_settings the given YAML value. */
export function userlikeWith(value: string): string {
  const cwd = tempDir();
  const dir = join(cwd, 'policies/userlike');
  cpSync(join(ROOT, 'policies/userlike'), dir, { recursive: true });
  const file = join(dir, STAFF);
  const text = readFileSync(file, 'utf8');
  if (!text.includes(LINE)) throw new Error('the userlike preset changed; update this test');
  writeFileSync(file, text.replace(LINE, `chat_settings: ${value}`));
  return cwd;
}

/** Line and column of `needle` on the line of the chat_settings grant, after its key. */
const at = (text: string, needle: string): { line: number; column: number } => {
  const lines = text.split('\n');
  const i = lines.findIndex((l) => l.includes('chat_settings:'));
  const start = lines[i]!.indexOf('chat_settings:') + 'chat_settings:'.length;
  return { line: i + 1, column: lines[i]!.indexOf(needle, start) + 1 };
};

// [value as written, rule, JSON path below the grant, the text the diagnostic points at, a hint it must name]
const CASES: [string, string, string, string, string | undefined][] = [
  ['', 'invalid-level', '', '', 'off, read, edit'],
  ['1', 'invalid-level', '', '1', 'off, read, edit'],
  ['true', 'invalid-level', '', 'true', 'off, read, edit'],
  ['{}', 'schema', '', '{}', undefined],
  ['Read', 'invalid-level', '', 'Read', '"read"'],
  ['"read "', 'invalid-level', '', '"read "', '"read"'],
  ['read-only', 'invalid-level', '', 'read-only', 'off, read, edit'],
  ['{ default: read, alowed: [edit] }', 'schema', '/alowed', 'alowed', '"allowed"'],
  ['{ default: Read }', 'invalid-level', '/default', 'Read', '"read"'],
  ['[Read]', 'invalid-level', '/0', 'Read', '"read"'],
  ['{ default: read, allowed: [ "x y" ] }', 'invalid-level', '/allowed/0', '"x y"', 'off, read, edit'],
  ['{ default: read, allowed: read }', 'schema', '/allowed', 'read }', '"any" or a list'],
];

describe('invalid grant values', () => {
  it.each(CASES)('chat_settings: %s -> %s at its position', async (value, rule, below, needle, hint) => {
    const cwd = userlikeWith(value);
    const r = await cli(['check', '--format', 'json'], cwd);
    expect(r.code).toBe(1);
    const diags = JSON.parse(r.stdout) as Diagnostic[];
    expect(diags.map((d) => [d.rule, d.file, d.path])).toEqual([[rule, `policies/userlike/${STAFF}`, `/roles/staff/grants/chat_settings${below}`]]);
    const text = readFileSync(join(cwd, 'policies/userlike', STAFF), 'utf8');
    const want = at(text, needle);
    expect(diags[0]!.line).toBe(want.line);
    // An empty value has no text of its own: the line is enough.
    if (needle !== '') expect(diags[0]!.column).toBe(want.column);
    if (hint) expect(diags[0]!.hint).toContain(hint);
  });

  it.each([
    ['{ default: Read, alowed: [edit] }', [['invalid-level', '/default'], ['schema', '/alowed']]],
    ['{ allowed: [Edit] }', [['schema', ''], ['invalid-level', '/allowed/0']]],
  ] as const)('chat_settings: %s -> a bad value and a bad key beside it are both reported', async (value, want) => {
    const r = await cli(['check', '--format', 'json'], userlikeWith(value));
    expect(r.code).toBe(1);
    expect((JSON.parse(r.stdout) as Diagnostic[]).map((d) => [d.rule, d.path])).toEqual(want.map(([rule, below]) => [rule, `/roles/staff/grants/chat_settings${below}`]));
  });

  it.each(['', '1', 'Read', '{ default: read, alowed: [edit] }'])('chat_settings: %s -> build, test and export report the same diagnostic and exit 1', async (value) => {
    const cwd = userlikeWith(value);
    const check = await cli(['check', '--format', 'json'], cwd);
    const expected = JSON.parse(check.stdout) as Diagnostic[];
    expect(expected.length).toBeGreaterThan(0);
    const build = await cli(['build', '--format', 'json'], cwd);
    expect(build.code).toBe(1);
    expect(JSON.parse(build.stdout)).toEqual(expected);
    const buildCheck = await cli(['build', '--check', '--format', 'json'], cwd);
    expect(buildCheck.code).toBe(1);
    expect(JSON.parse(buildCheck.stdout)).toEqual(expected);
    const test = await cli(['test', '--format', 'json'], cwd);
    expect(test.code).toBe(1);
    expect(JSON.parse(test.stderr.slice(0, test.stderr.lastIndexOf(']') + 1))).toEqual(expected);
    // export prints JSON of the policy, so its diagnostics come in the default format.
    const exported = await cli(['export', 'policies/userlike'], cwd);
    expect(exported.code).toBe(1);
    for (const d of expected) expect(exported.stderr).toContain(`${d.file}:${d.line}:${d.column} - error ${d.code} ${d.rule}`);
  });
});

describe('invalid grant values in watch', () => {
  let handle: WatchHandle | undefined;
  afterEach(async () => {
    await handle?.close();
  });

  it('reports the diagnostic and counts it as an error', async () => {
    const cwd = userlikeWith('read-only');
    const reports: Diagnostic[][] = [];
    const log: string[] = [];
    handle = startWatch({ cwd, dirs: [], debounceMs: 20, report: (r) => reports.push(r.diagnostics), log: (l) => log.push(l) });
    await handle.ready;
    expect(reports.flat().map((d) => [d.rule, d.path])).toEqual([['invalid-level', '/roles/staff/grants/chat_settings']]);
    expect(log.join('')).toContain('has 1 error;');
  });
});

// Keeps the examples of docs/diagnostics.md true. Every ```console block of the page starts with one
// command line, "$ npx policyc <args>", followed by what that command prints; this test runs the
// same arguments in-process with cli() (working directory: the repository root) and requires the
// output to match the block byte for byte.
//
// Convention (stated in the page too): a block shows standard output only. A command ending in
// " 2>&1" shows standard output followed by standard error, as the shell would merge them (cli()
// collects the two streams separately; policyc writes the stderr summary after the diagnostics).

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, ROOT } from '../helpers.js';

const DOC = 'docs/diagnostics.md';
const FIXTURES = 'test/fixtures/rules';

/**
 * Commands documented but not run here, each with the reason. Only inputs that cannot be a
 * committed fixture belong in this list.
 */
const SKIP: ReadonlyMap<string, string> = new Map([
  // file-too-large: the input is a policy.yaml over 10 MiB, too big to commit. The rule is tested
  // in memory with a lowered limit in test/rules/rules.test.ts.
  ['npx policyc check policies/big --no-color', 'needs a file over 10 MiB'],
  // account-too-large: the input is an account file over 50 MiB. test/cli/account.test.ts tests the
  // rule in memory with a lowered limit.
  ['npx policyc account policies/zendesk exports/everything.json --no-color', 'needs a file over 50 MiB'],
]);

interface Example {
  /** The nearest heading above the block, for test names. */
  heading: string;
  /** 1-based line of the command in the page. */
  line: number;
  /** The command as written, without "$ ". */
  command: string;
  args: string[];
  /** Whether the block also shows standard error (command ends in "2>&1"). */
  mergeStderr: boolean;
  /** The documented output: the block's lines after the command, each ended by "\n". */
  output: string;
}

/** Every ```console block of the page, parsed; throws on a block that breaks the convention. */
function examples(text: string): Example[] {
  const lines = text.split('\n');
  const out: Example[] = [];
  let heading = '(top)';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (/^#{1,6} /.test(line)) heading = line.replace(/^#+ /, '');
    if (line.startsWith('```') && line !== '```console') {
      // Another fenced block (yaml, text): skip it, so that its "# comments" are not headings.
      while (++i < lines.length && lines[i] !== '```');
      continue;
    }
    if (line !== '```console') continue;
    const start = i + 1;
    let end = start;
    while (end < lines.length && lines[end] !== '```') end++;
    if (end === lines.length) throw new Error(`${DOC}:${i + 1}: console block is never closed`);
    const body = lines.slice(start, end);
    const first = body[0] ?? '';
    const m = /^\$ (npx policyc( .*)?)$/.exec(first);
    if (!m) throw new Error(`${DOC}:${start + 1}: a console block must start with "$ npx policyc ...", found ${JSON.stringify(first)}`);
    const rest = body.slice(1);
    const extra = rest.findIndex((l) => l.startsWith('$ '));
    if (extra >= 0) throw new Error(`${DOC}:${start + 2 + extra}: one command per console block`);
    let command = m[1]!;
    const mergeStderr = command.endsWith(' 2>&1');
    const argText = (m[2] ?? '').replace(/ 2>&1$/, '').trim();
    if (/["'\\`$|<>;&*?]/.test(argText)) throw new Error(`${DOC}:${start + 1}: keep documented commands free of shell syntax: ${command}`);
    command = command.trim();
    out.push({
      heading,
      line: start + 1,
      command,
      args: argText === '' ? [] : argText.split(/ +/),
      mergeStderr,
      output: rest.map((l) => `${l}\n`).join(''),
    });
    i = end;
  }
  return out;
}

const text = readFileSync(join(ROOT, DOC), 'utf8');
const all = examples(text);
const runnable = all.filter((e) => !SKIP.has(e.command));

describe(`${DOC}: documented output matches the CLI`, () => {
  it('the page has console examples, and every skipped command is still documented', () => {
    expect(runnable.length).toBeGreaterThan(30);
    for (const command of SKIP.keys()) expect(all.map((e) => e.command), command).toContain(command);
  });

  for (const ex of runnable) {
    it(`${ex.heading} (line ${ex.line}): $ ${ex.command}`, async () => {
      const r = await cli(ex.args, ROOT);
      const shown = ex.mergeStderr ? r.stdout + r.stderr : r.stdout;
      expect(shown).toBe(ex.output);
    });
  }
});

describe(`${DOC}: every rule fixture has a documented example`, () => {
  const folders = readdirSync(join(ROOT, FIXTURES), { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  const documented = new Set(all.map((e) => e.command));

  it.each(folders)('%s', (folder) => {
    expect([...documented]).toContain(`npx policyc check ${FIXTURES}/${folder} --no-color`);
  });
});

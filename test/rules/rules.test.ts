// One failing policy per diagnostic rule: test/fixtures/rules/<rule>/ holds a small policy that
// triggers exactly that rule and expected.json, the diagnostics (rule, file, line, column) the
// compiler must report for it, in sorted order. Also keeps the catalogue, the fixtures and
// docs/diagnostics.md in step, so a new rule cannot land without a fixture and documentation.

import { copyFileSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkPolicy, type CheckResult } from '../../src/compile.js';
import { CATALOGUE, RULES, type Rule } from '../../src/diagnostics/catalogue.js';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { checkDir, MINIMAL, ROOT, SCHEMA_LINE, tempDir } from '../helpers.js';

const FIXTURES = 'test/fixtures/rules';

/** Rules with no fixture folder: io-error is never a diagnostic (I/O problems exit 2 with a message). */
const NO_FIXTURE: readonly Rule[] = ['io-error'];

/** Rules tested in memory below instead of with a committed fixture. */
const IN_MEMORY: readonly Rule[] = ['file-too-large', 'diagnostic-limit'];

/**
 * Rules of account files (PC5xxx), reported by `policyc account`, not by `check`: each has a failing
 * account file, test/fixtures/account/<rule>.json, run by test/cli/account.test.ts.
 */
const ACCOUNT: readonly Rule[] = RULES.filter((r) => CATALOGUE[r].code.startsWith('PC5'));

/** Rules of `policyc fmt` (PC6xxx), never reported by `check`: test/fmt/ reports each on test/fixtures/fmt/. */
const FORMAT: readonly Rule[] = RULES.filter((r) => CATALOGUE[r].code.startsWith('PC6'));

interface Expected {
  rule: string;
  file: string;
  line: number;
  column: number;
}

const folders = readdirSync(join(ROOT, FIXTURES), { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();

/**
 * Fixtures whose symbolic links are made at test time, file name -> the link's target outside the
 * repository. A copy of the tree follows a link (a sandbox, an archive), so the committed link of
 * such a folder is not what the test reads: the folder's other files are copied into a temporary
 * repository (a folder holding .git) at the same path, and each link there points at a file beside
 * that repository. The committed link stays for the example of docs/diagnostics.md.
 */
const LINKED: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'symlink-target': { 'shared-roles.yaml': 'outside/shared-roles.yaml' },
};

/** A temporary repository holding the folder's files and links; returns its path. */
function linkedCopy(folder: string, links: Readonly<Record<string, string>>): string {
  const root = tempDir();
  const repo = join(root, 'repo');
  const dir = join(repo, FIXTURES, folder);
  mkdirSync(dir, { recursive: true });
  mkdirSync(join(repo, '.git'));
  for (const name of readdirSync(join(ROOT, FIXTURES, folder))) {
    if (!Object.hasOwn(links, name)) copyFileSync(join(ROOT, FIXTURES, folder, name), join(dir, name));
  }
  for (const [name, target] of Object.entries(links)) {
    mkdirSync(join(root, target, '..'), { recursive: true });
    writeFileSync(join(root, target), 'roles: {}\n');
    symlinkSync(join(root, target), join(dir, name));
  }
  return repo;
}

const results = new Map<string, CheckResult>();
function check(folder: string): CheckResult {
  let r = results.get(folder);
  if (!r) {
    const links = LINKED[folder];
    r = links ? checkDir(`${FIXTURES}/${folder}`, linkedCopy(folder, links)) : checkDir(`${FIXTURES}/${folder}`);
    results.set(folder, r);
  }
  return r;
}

function expected(folder: string): Expected[] {
  return JSON.parse(readFileSync(join(ROOT, FIXTURES, folder, 'expected.json'), 'utf8')) as Expected[];
}

const located = (list: readonly Diagnostic[]): Expected[] =>
  list.map((d) => ({ rule: d.rule, file: d.file, line: d.line, column: d.column }));

/** The file-too-large case: a policy over a lowered size limit, checked in memory. */
function tooLarge(): CheckResult {
  const text = `${SCHEMA_LINE(2)}title: Too large\nroles:\n  owner:\n    name: Owner\n    kind: owner\n`;
  return checkPolicy(
    { name: 'too-large', dir: 'policies/too-large', files: [{ path: 'policy.yaml', bytes: Buffer.from(text, 'utf8') }] },
    { limits: { maxFileBytes: 100 } },
  );
}

function expectWellFormed(d: Diagnostic): void {
  expect(d.code).toMatch(/^PC\d{4}$/);
  expect(['error', 'warning']).toContain(d.severity);
  expect(d.severity).toBe(CATALOGUE[d.rule].severity);
  expect(typeof d.message).toBe('string');
  expect(d.message.trim()).not.toBe('');
  expect(typeof d.file).toBe('string');
  expect(d.file).not.toBe('');
  expect(Number.isInteger(d.line) && d.line >= 0).toBe(true);
  expect(Number.isInteger(d.column) && d.column >= 0).toBe(true);
  expect(typeof d.path).toBe('string');
  expect(d.path === '' || d.path.startsWith('/')).toBe(true);
  if (d.hint !== undefined) expect(d.hint.trim()).not.toBe('');
}

/** The diagnostic-limit case: one file with 150 duplicate keys, checked in memory (a fixture would be as long). */
function tooMany(): CheckResult {
  const text = `${SCHEMA_LINE(2)}${'title: Twice\n'.repeat(151)}`;
  return checkPolicy({ name: 'too-many', dir: 'policies/too-many', files: [{ path: 'policy.yaml', bytes: Buffer.from(text, 'utf8') }] });
}

describe('fixtures: each rule reports exactly the expected diagnostics', () => {
  for (const folder of folders) {
    it(`${folder}: diagnostics and their locations`, () => {
      expect(located(check(folder).diagnostics)).toEqual(expected(folder));
    });

    it(`${folder}: the fixture reports its own rule, and every diagnostic has all fields`, () => {
      const list = check(folder).diagnostics;
      expect(list.map((d) => d.rule)).toContain(folder);
      expect(expected(folder).map((e) => e.rule)).toContain(folder);
      for (const d of list) expectWellFormed(d);
    });
  }

  it('file-too-large (in memory, with maxFileBytes: 100)', () => {
    const r = tooLarge();
    expect(located(r.diagnostics)).toEqual([{ rule: 'file-too-large', file: 'policies/too-large/policy.yaml', line: 1, column: 1 }]);
    for (const d of r.diagnostics) expectWellFormed(d);
    expect(r.ok).toBe(false);
  });

  it('diagnostic-limit (in memory, 150 duplicate keys in one file)', () => {
    const r = tooMany();
    const located101 = located(r.diagnostics);
    expect(located101).toHaveLength(101);
    expect(located101.slice(0, 100).every((d) => d.rule === 'duplicate-key')).toBe(true);
    expect(located101[100]).toEqual({ rule: 'diagnostic-limit', file: 'policies/too-many/policy.yaml', line: 103, column: 1 });
    expect(r.diagnostics[100]!.message).toMatch(/^50 more /);
    for (const d of r.diagnostics) expectWellFormed(d);
    expect(r.ok).toBe(false);
  });
});

describe('catalogue coverage', () => {
  it('every rule of the catalogue except io-error has a fixture folder or an in-memory case', () => {
    const missing = RULES.filter((r) => !NO_FIXTURE.includes(r) && !IN_MEMORY.includes(r) && !ACCOUNT.includes(r) && !FORMAT.includes(r) && !folders.includes(r));
    expect(missing).toEqual([]);
  });

  it('every fixture folder is named after a rule of the catalogue', () => {
    expect(folders.filter((f) => !(RULES as readonly string[]).includes(f))).toEqual([]);
  });

  it('codes are unique', () => {
    const codes = RULES.map((r) => CATALOGUE[r].code);
    expect(new Set(codes).size).toBe(codes.length);
  });
});

/** Rule families by stage; the first digit of the code names the stage. */
const FAMILIES: Record<string, { digit: string; rules: readonly Rule[] }> = {
  load: { digit: '1', rules: RULES.filter((r) => CATALOGUE[r].code.startsWith('PC1')) },
  schema: { digit: '2', rules: RULES.filter((r) => CATALOGUE[r].code.startsWith('PC2')) },
  resolve: { digit: '3', rules: RULES.filter((r) => CATALOGUE[r].code.startsWith('PC3')) },
  analysis: { digit: '4', rules: RULES.filter((r) => CATALOGUE[r].code.startsWith('PC4')) },
};

describe('codes come from the catalogue', () => {
  for (const [family, { digit, rules }] of Object.entries(FAMILIES)) {
    it(`${family} (PC${digit}xxx): every diagnostic's code is CATALOGUE[rule].code`, () => {
      expect(rules.length).toBeGreaterThan(0);
      let seen = 0;
      for (const rule of rules) {
        if (NO_FIXTURE.includes(rule)) continue;
        // A rule without a fixture is reported by "catalogue coverage"; do not fail twice.
        if (!IN_MEMORY.includes(rule) && !folders.includes(rule)) continue;
        const r = rule === 'file-too-large' ? tooLarge() : rule === 'diagnostic-limit' ? tooMany() : check(rule);
        const own = r.diagnostics.filter((d) => d.rule === rule);
        expect(own.length, rule).toBeGreaterThan(0);
        for (const d of own) {
          expect(d.code, rule).toBe(CATALOGUE[rule].code);
          seen++;
        }
      }
      expect(seen).toBeGreaterThan(0);
    });
  }

  it('the families cover the whole catalogue', () => {
    expect([...Object.values(FAMILIES).flatMap((f) => f.rules), ...ACCOUNT, ...FORMAT].sort()).toEqual([...RULES].sort());
  });
});

describe('docs/diagnostics.md', () => {
  let text: string | undefined;
  // Read inside the tests, so that a missing file fails them rather than the whole test file.
  const read = (): string => (text ??= readFileSync(join(ROOT, 'docs/diagnostics.md'), 'utf8'));

  it.each(RULES.map((r) => [r, CATALOGUE[r].code] as const))('documents %s (%s)', (rule, code) => {
    const docs = read();
    expect(docs).toContain(code);
    expect(docs).toContain(rule);
    expect(docs).toContain(`### ${code} ${rule}\n`);
    expect(docs).toMatch(new RegExp(`^\\| ${code} \\| \`${rule}\` \\|`, 'm'));
  });
});

/** MINIMAL with one line replaced, or text appended. */
const minimalWith = (from: string, to: string): string => {
  if (!MINIMAL.includes(from)) throw new Error(`MINIMAL has no "${from}"`);
  return MINIMAL.replace(from, to);
};

describe('every schema failure is one or more located diagnostics', () => {
  // [what, policy.yaml, the rule expected first, its line]
  const ROWS: [string, string, Rule, number][] = [
    ['a grant with no value', minimalWith('tickets: edit', 'tickets:'), 'invalid-level', 14],
    ['a number as grant', minimalWith('tickets: edit', 'tickets: 2'), 'invalid-level', 14],
    ['true as grant', minimalWith('tickets: edit', 'tickets: true'), 'invalid-level', 14],
    ['an empty mapping as grant', minimalWith('tickets: edit', 'tickets: {}'), 'schema', 14],
    ['a capitalised level', minimalWith('tickets: edit', 'tickets: Edit'), 'invalid-level', 14],
    ['a level with a trailing space', minimalWith('tickets: edit', 'tickets: "edit "'), 'invalid-level', 14],
    ['a hyphenated level', minimalWith('tickets: edit', 'tickets: read-only'), 'invalid-level', 14],
    ['a misspelt key in the object form', minimalWith('tickets: edit', 'tickets: { default: read, alowed: [edit] }'), 'schema', 14],
    ['a bad default in the object form', minimalWith('tickets: edit', 'tickets: { default: Read }'), 'invalid-level', 14],
    ['a bad implied value', minimalWith('billing: { label: Billing, scale: toggle }', 'billing: { label: Billing, scale: toggle, implies: { tickets: 3 } }'), 'invalid-level', 8],
    ['a scale with neither levels nor actions', minimalWith('toggle: { levels: [off, on] }', 'toggle: { label: Toggle }'), 'schema', 5],
    ['a scale with both levels and actions', minimalWith('toggle: { levels: [off, on] }', 'toggle: { levels: [off, on], actions: [go] }'), 'schema', 5],
    ['a role that is a list', minimalWith('owner: { name: Owner, kind: owner }', 'owner: [Owner]'), 'schema', 10],
    ['roles that are text', `${SCHEMA_LINE(2)}title: T\nroles: none\n`, 'schema', 3],
    ['a grant keyed by an invalid permission id', minimalWith('      tickets: edit', '      Tickets: edit'), 'schema', 14],
  ];

  it.each(ROWS)('%s', (_what, text, rule, line) => {
    const r = checkPolicy({ name: 'p', dir: 'policies/p', files: [{ path: 'policy.yaml', bytes: Buffer.from(text, 'utf8') }] });
    expect(r.ok).toBe(false);
    expect(r.diagnostics.length).toBeGreaterThan(0);
    for (const d of r.diagnostics) {
      expectWellFormed(d);
      expect(d.line).toBeGreaterThan(0);
    }
    expect([r.diagnostics[0]!.rule, r.diagnostics[0]!.line]).toEqual([rule, line]);
  });
});

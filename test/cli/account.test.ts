// `policyc account <dir> <file|->` and `policyc explain ... --account`: account exports validated by
// the runtime kernel, every problem a located diagnostic (code, rule, line, column, JSON pointer) in
// every format; hostile files (syntax, duplicate and __proto__ keys, nesting, size, encoding) are
// diagnostics too, never a stack trace. In-process (cli) and with the built binary (bin).

import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkAccount, readAccountBytes } from '../../src/cli/account.js';
import { parseAccount } from '../../src/cli/account-json.js';
import { runCli } from '../../src/cli/run.js';
import { CATALOGUE, RULES, type Rule } from '../../src/diagnostics/catalogue.js';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { bin, checkDir, CLI, cli, ROOT, tempDir } from '../helpers.js';

const FIX = 'test/fixtures/account';
const ZENDESK = 'policies/zendesk';

interface Located {
  rule: string;
  line: number;
  column: number;
  path: string;
}

async function diagnosticsOf(dir: string, file: string): Promise<{ code: number; list: Diagnostic[] }> {
  const r = await cli(['account', dir, file, '--format', 'json'], ROOT);
  return { code: r.code, list: JSON.parse(r.stdout) as Diagnostic[] };
}

const located = (list: readonly Diagnostic[]): Located[] => list.map((d) => ({ rule: d.rule, line: d.line, column: d.column, path: d.path }));

/** Runs the CLI in-process with standard input made of the given chunks. */
async function cliStdin(args: string[], chunks: Uint8Array[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    cwd: ROOT,
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
    isTTY: false,
    env: {},
    stdin: async function* () {
      yield* chunks;
    },
  });
  return { code, stdout, stderr };
}

describe('policyc account: one failing file per account rule (PC5xxx)', () => {
  const cases: [Rule, Located[]][] = [
    ['account-json', [{ rule: 'account-json', line: 4, column: 39, path: '' }]],
    ['account-duplicate-key', [{ rule: 'account-duplicate-key', line: 4, column: 39, path: '/members/0/roles' }]],
    ['account-forbidden-key', [{ rule: 'account-forbidden-key', line: 4, column: 63, path: '/customRoles/0/grants/__proto__' }]],
    ['account-too-deep', [{ rule: 'account-too-deep', line: 2, column: 77, path: '' }]],
    [
      'account-schema',
      [
        { rule: 'account-schema', line: 4, column: 13, path: '/customRoles/0/id' },
        { rule: 'account-schema', line: 4, column: 51, path: '/customRoles/0/color' },
        { rule: 'account-schema', line: 6, column: 14, path: '/members' },
      ],
    ],
    ['member-duplicate', [{ rule: 'member-duplicate', line: 6, column: 13, path: '/members/2/id' }]],
    ['unknown-object', [{ rule: 'unknown-object', line: 5, column: 127, path: '/customRoles/0/grants/custom_objects.records:boat' }]],
  ];

  it.each(cases)('%s', async (rule, want) => {
    const { code, list } = await diagnosticsOf(ZENDESK, `${FIX}/${rule}.json`);
    expect(code).toBe(1);
    expect(located(list)).toEqual(want);
    for (const d of list) {
      expect(d.code).toBe(CATALOGUE[d.rule].code);
      expect(d.file).toBe(`${FIX}/${rule}.json`);
    }
  });

  it('every PC5xxx rule has a case here (account-too-large and invalid UTF-8 are tested in memory below)', () => {
    const account = RULES.filter((r) => CATALOGUE[r].code.startsWith('PC5'));
    expect([...cases.map(([r]) => r), 'account-too-large'].sort()).toEqual([...account].sort());
  });
});

describe("policyc account: the kernel's findings under the compiler's rule names", () => {
  it('reports each problem of an account at the value its pointer names', async () => {
    const file = `${FIX}/rules.json`;
    const { code, list } = await diagnosticsOf(ZENDESK, file);
    expect(code).toBe(1);
    expect(located(list)).toEqual([
      // Lowering admin's ticket access makes team_lead, which admin may assign, hold more than admin.
      { rule: 'escalation-subset', line: 4, column: 14, path: '/roles/admin' },
      { rule: 'invalid-level', line: 4, column: 34, path: '/roles/admin/tickets.access' },
      { rule: 'custom-role-cap', line: 6, column: 18, path: '/customRoles' },
      { rule: 'invalid-level', line: 10, column: 37, path: '/customRoles/0/grants/tickets.access' },
      { rule: 'admin-only-grant', line: 10, column: 70, path: '/customRoles/0/grants/admin.edit_plan' },
      { rule: 'name-reserved', line: 12, column: 29, path: '/customRoles/1/name' },
      { rule: 'owner-members', line: 14, column: 14, path: '/members' },
      { rule: 'unknown-reference', line: 16, column: 44, path: '/members/1/roles/1' },
      { rule: 'default-role', line: 18, column: 18, path: '/defaultRole' },
    ]);
    for (const d of list) {
      expect(d.code).toBe(CATALOGUE[d.rule].code);
      expect(d.hint).toBeTruthy();
    }
  });

  it('every rule the kernel gives account data has a catalogue entry', () => {
    const kernel = readFileSync(join(ROOT, 'src/runtime/kernel.ts'), 'utf8');
    const rules = new Set([...kernel.matchAll(/rule: '([a-z-]+)'/g)].map((m) => m[1]!));
    // not-permitted and clone-forbidden are verdicts of the role-edit validators (account.apply),
    // never of openAccount.
    rules.delete('not-permitted');
    rules.delete('clone-forbidden');
    expect(rules.size).toBeGreaterThan(10);
    expect([...rules].filter((r) => !Object.hasOwn(CATALOGUE, r))).toEqual([]);
  });

  it('a valid account: exit 0, nothing on stdout, a summary on stderr', async () => {
    for (const [dir, file] of [
      [ZENDESK, `${FIX}/zendesk-valid.json`],
      ['policies/super8', `${FIX}/super8-valid.json`],
    ] as const) {
      const r = await cli(['account', dir, file], ROOT);
      expect(r.code, file).toBe(0);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain('account ok');
    }
  });

  it('accepts a byte order mark and reports positions as without it', async () => {
    const text = readFileSync(join(ROOT, FIX, 'rules.json'), 'utf8');
    const ir = checkDir(ZENDESK).ir!;
    const plain = checkAccount(ir, ZENDESK, 'a.json', Buffer.from(text));
    const bom = checkAccount(ir, ZENDESK, 'a.json', Buffer.from('\ufeff' + text));
    expect(located(bom.diagnostics)).toEqual(located(plain.diagnostics));
  });
});

describe('policyc account: hostile files', () => {
  const ir = checkDir(ZENDESK).ir!;
  const check = (bytes: Uint8Array | string, limits = {}) => checkAccount(ir, ZENDESK, 'a.json', typeof bytes === 'string' ? Buffer.from(bytes) : bytes, limits);
  const table: [string, Uint8Array | string, Located[], object?][] = [
    ['an empty file', '', [{ rule: 'account-json', line: 1, column: 1, path: '' }]],
    ['a comment', '// export\n{}', [{ rule: 'account-json', line: 1, column: 1, path: '' }]],
    ['a trailing comma', '{"plan": "team",}', [{ rule: 'account-json', line: 1, column: 17, path: '' }]],
    ['two documents', '{} {}', [{ rule: 'account-json', line: 1, column: 4, path: '' }]],
    [
      'an unterminated string',
      '{"plan": "team',
      [
        { rule: 'account-json', line: 1, column: 10, path: '' },
        { rule: 'account-json', line: 1, column: 15, path: '' },
      ],
    ],
    ['invalid UTF-8', new Uint8Array([0x7b, 0xff, 0x7d]), [{ rule: 'invalid-encoding', line: 1, column: 1, path: '' }]],
    ['a number where an object belongs', '42', [{ rule: 'account-schema', line: 1, column: 1, path: '' }]],
    ['a string where a list belongs', '{"customRoles": "all"}', [{ rule: 'account-schema', line: 1, column: 17, path: '/customRoles' }]],
    ['a "constructor" key', '{"members": [{"constructor": 1, "id": "a", "roles": []}]}', [{ rule: 'account-forbidden-key', line: 1, column: 15, path: '/members/0/constructor' }]],
    ['100,000 nested arrays', '['.repeat(100_000) + ']'.repeat(100_000), [{ rule: 'account-too-deep', line: 1, column: 65, path: '' }]],
    ['nesting in strings does not count', `{"customRoles": [{"id": "x", "name": "${'['.repeat(150)}"}]}`, []],
    ['a file over the size limit', '{"plan": "enterprise"}', [{ rule: 'account-too-large', line: 1, column: 1, path: '' }], { maxBytes: 10 }],
  ];
  it.each(table)('%s', (_, bytes, want, limits) => {
    const r = check(bytes, limits);
    expect(located(r.diagnostics)).toEqual(want);
    if (want.length === 0) expect(r.account).toBeDefined();
  });

  it('reads at most the size limit from standard input', async () => {
    const chunks = [new Uint8Array(40).fill(32), new Uint8Array(40).fill(32)];
    const r = await readAccountBytes('-', ROOT, async function* () {
      yield* chunks;
    }, 50);
    expect(r.tooLarge).toBe(80);
    expect(r.file).toBe('<stdin>');
  });

  it('reads a file over the limit without loading it', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'big.json'), '{"plan": "enterprise"}');
    const r = await readAccountBytes('big.json', dir, undefined, 10);
    expect(r.tooLarge).toBe(22);
    expect(r.bytes.length).toBe(0);
  });

  it('never sees a prototype change through __proto__', () => {
    const doc = parseAccount('a.json', Buffer.from('{"__proto__": {"polluted": true}, "plan": "team"}'));
    expect(doc.diagnostics.map((d) => d.rule)).toEqual(['account-forbidden-key']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('policyc account: formats', () => {
  const file = `${FIX}/rules.json`;
  it('pretty: file:line:column, code, rule, the pointer, a code frame and a hint', async () => {
    const r = await cli(['account', ZENDESK, file, '--no-color'], ROOT);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`${file}:10:70 - error PC4007 admin-only-grant: /customRoles/0/grants/admin.edit_plan:`);
    expect(r.stdout).toMatch(/> 10 \|/);
    expect(r.stdout).toContain('  hint: ');
    expect(r.stdout).toContain('9 errors, 0 warnings');
    expect(r.stderr).toContain('does not fit');
  });

  it('github: one workflow command per problem', async () => {
    const r = await cli(['account', ZENDESK, file, '--format', 'github'], ROOT);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(9);
    expect(lines[4]).toMatch(new RegExp(`^::error file=${file},line=10,col=70,title=PC4007 admin-only-grant::`));
  });

  it('sarif: a valid log with a result per problem, located in the account file', async () => {
    const r = await cli(['account', ZENDESK, file, '--format', 'sarif'], ROOT);
    const log = JSON.parse(r.stdout) as { runs: { results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }[] }[] }[] };
    const results = log.runs[0]!.results;
    expect(results).toHaveLength(9);
    expect(results[4]!.ruleId).toBe('PC4007');
    expect(results[4]!.locations[0]!.physicalLocation.region).toMatchObject({ startLine: 10, startColumn: 70 });
    expect(results[4]!.locations[0]!.physicalLocation.artifactLocation.uri).toContain('rules.json');
  });
});

describe('policyc account: usage and I/O (exit 2)', () => {
  const table: [string, string[], RegExp][] = [
    ['no file', ['account', ZENDESK], /account takes a policy folder and an account file/],
    ['a missing file', ['account', ZENDESK, 'nope.json'], /cannot read nope\.json: no such file/],
    ['a folder', ['account', ZENDESK, FIX], /is a folder/],
    ['a missing policy folder', ['account', 'policies/nope', `${FIX}/rules.json`], /policies\/nope/],
    ['--account on another command', ['check', '--account', 'x.json'], /--account applies to "explain" only/],
    ['--member without --account', ['explain', ZENDESK, '--member', 'u1'], /--member needs --account/],
  ];
  it.each(table)('%s', async (_, args, message) => {
    const r = await cli(args, ROOT);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('policyc account: standard input', () => {
  it('reads "-" from standard input and names it <stdin>', async () => {
    const bad = await cliStdin(['account', ZENDESK, '-', '--format', 'json'], [Buffer.from('{"plan": "enterprise", "defaultRole": '), Buffer.from('"ghost"}')]);
    expect(bad.code).toBe(1);
    expect(located(JSON.parse(bad.stdout) as Diagnostic[])).toEqual([{ rule: 'unknown-reference', line: 1, column: 39, path: '/defaultRole' }]);
    expect((JSON.parse(bad.stdout) as Diagnostic[])[0]!.file).toBe('<stdin>');
    const ok = await cliStdin(['account', ZENDESK, '-'], [readFileSync(join(ROOT, FIX, 'zendesk-valid.json'))]);
    expect(ok.code).toBe(0);
  });
});

describe('policyc explain --account', () => {
  const account = ['--account', `${FIX}/zendesk-valid.json`];
  it("a custom role: each value with where it comes from in the account's file", async () => {
    const r = await cli(['explain', ZENDESK, 'night_shift', ...account], ROOT);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('night_shift (Night shift, custom role of the account)');
    expect(r.stdout).toContain(`  tickets.access = groups  [set by the account (${FIX}/zendesk-valid.json:12:27)]`);
    expect(r.stdout).toContain('  tickets.delete = off  [not granted]');
  });

  it('a customised cell of a policy role, and a cell left as the policy has it', async () => {
    const set = await cli(['explain', ZENDESK, 'agent', 'tickets.access', ...account], ROOT);
    expect(set.stdout.split('\n').slice(0, 2)).toEqual([
      'agent holds tickets.access = groups in this account (Agent, builtin, 2 cells customised by the account)',
      `  - set by the account (${FIX}/zendesk-valid.json:4:34)`,
    ]);
    const kept = await cli(['explain', ZENDESK, 'admin', 'tickets.access', ...account], ROOT);
    expect(kept.stdout).toContain('  - policy: own grant');
    expect(kept.stdout).toMatch(/own grant of admin: all \(policies\/zendesk\/roles\/[^:]+:\d+:\d+\)/);
  });

  it('a member: the union of their roles and tier node, naming the giver of each value', async () => {
    const r = await cli(['explain', 'policies/super8', 'fields.profile', '--member', 'clerk', '--account', `${FIX}/super8-valid.json`], ROOT);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      [
        'member clerk (roles: member; tier node: fengyuan)',
        "  fields.profile = view (the union of the member's roles and tier node)",
        '    - role member: none',
        '    - tier node fengyuan: view',
        '    from tier node fengyuan',
        '',
      ].join('\n'),
    );
    const all = await cli(['explain', ZENDESK, '--member', 'u2', ...account], ROOT);
    expect(all.stdout).toContain('  tickets.merge = on  [from role night_shift]');
  });

  it('a permission held per object: one line per object of the account, an implied one named with its source', async () => {
    const dir = tempDir();
    const file = join(dir, 'guide.json');
    writeFileSync(
      file,
      JSON.stringify({
        plan: 'enterprise',
        objects: { article: ['faq', 'news'] },
        roles: { agent: { 'help_center.article_rights:faq': 'edit' } },
        customRoles: [{ id: 'guide_lead', name: 'Guide lead', grants: { 'help_center.manage_guide': 'on' } }],
        members: [{ id: 'o', roles: ['owner'] }, { id: 'g', roles: ['guide_lead'] }, { id: 'a', roles: ['agent'] }],
      }),
    );
    const lead = await cli(['explain', ZENDESK, 'guide_lead', 'help_center.article_rights', '--account', file], ROOT);
    expect(lead.code).toBe(0);
    expect(lead.stdout.split('\n').slice(0, 3)).toEqual([
      'guide_lead holds help_center.article_rights per article in this account (Guide lead, custom role of the account)',
      '  - help_center.article_rights:faq = publish: implied by help_center.manage_guide',
      '  - help_center.article_rights:news = publish: implied by help_center.manage_guide',
    ]);
    const agent = await cli(['explain', ZENDESK, 'agent', 'help_center.article_rights', '--account', file], ROOT);
    expect(agent.stdout).toMatch(/- help_center\.article_rights:faq = edit: set by the account \(.*guide\.json:1:\d+\)/);
    expect(agent.stdout).toContain('  - help_center.article_rights:news = none: policy: ');
    // Every permission of a policy role, and of a member: the per-object ones row by row; a kind the account defines nothing of says so.
    const admin = await cli(['explain', ZENDESK, 'admin', '--account', file], ROOT);
    expect(admin.code).toBe(0);
    expect(admin.stdout).toContain('  help_center.article_rights:news = publish  [policy: implied by help_center.manage_guide');
    expect(admin.stdout).toContain('  help_center.topic_posts = (held per community_topic; the account defines none)');
    const member = await cli(['explain', ZENDESK, '--member', 'g', '--account', file], ROOT);
    expect(member.code).toBe(0);
    expect(member.stdout).toContain('  help_center.article_rights:faq = publish  [from role guide_lead]');
    const one = await cli(['explain', ZENDESK, 'help_center.article_rights', '--member', 'a', '--account', file], ROOT);
    expect(one.stdout).toContain('  help_center.article_rights:faq = edit (the union of');
    expect(one.stdout).toContain('  help_center.article_rights:news = none (the union of');
  });

  it('unknown ids are usage errors (2); an invalid account is 1', async () => {
    expect((await cli(['explain', ZENDESK, 'night_shfit', ...account], ROOT)).stderr).toContain('did you mean "night_shift"?');
    expect((await cli(['explain', ZENDESK, '--member', 'u9', ...account], ROOT)).code).toBe(2);
    expect((await cli(['explain', ZENDESK, 'night_shift', 'tickets.acess', ...account], ROOT)).code).toBe(2);
    const bad = await cli(['explain', ZENDESK, 'agent', '--account', `${FIX}/rules.json`], ROOT);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('PC4007');
  });
});

describe('policyc account: the built binary', () => {
  it('valid, invalid, standard input and hostile input, never a stack trace', () => {
    expect(bin(['account', ZENDESK, `${FIX}/zendesk-valid.json`], ROOT).code).toBe(0);
    const bad = bin(['account', ZENDESK, `${FIX}/rules.json`, '--format', 'json'], ROOT);
    expect(bad.code).toBe(1);
    expect((JSON.parse(bad.stdout) as Diagnostic[]).map((d) => d.code)).toContain('PC4007');
    const piped = spawnSync(process.execPath, [CLI, 'account', ZENDESK, '-'], { cwd: ROOT, input: '['.repeat(200_000), encoding: 'utf8' });
    expect(piped.status).toBe(1);
    expect(piped.stdout).toContain('PC5005 account-too-deep');
    expect(piped.stderr).not.toMatch(/\n\s+at /);
    const missing = bin(['account', ZENDESK, 'missing.json'], ROOT);
    expect(missing.code).toBe(2);
  });
});

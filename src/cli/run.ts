// The command-line layer: parses arguments, reads policy folders, calls the library, prints
// results and turns them into exit codes (0 ok, 1 policy problems or stale output, 2 usage or I/O).

import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { checkPolicy, serializePolicy, TARGETS, type CheckResult, type Target } from '../compile.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { sortDiagnostics } from '../diagnostics/diagnostic.js';
import { FORMATS, formatGithub, formatJson, formatPretty, terminalText, type Format } from '../diagnostics/format.js';
import { didYouMean } from '../util/text.js';
import type { NamedRun } from '../policy-test/format-tests.js';
import type { TestRun } from '../policy-test/run-tests.js';
import { defaultPolicyDirs, displayPath, IoError, readPolicyDir, readPolicyTests } from './read-policy.js';
import type { PolicyOutput } from './write-output.js';
import { UsageError, type CliIo } from './io.js';

export { UsageError, type CliIo } from './io.js';

const COMMANDS = ['check', 'build', 'watch', 'test', 'export', 'explain', 'diff', 'init', 'account', 'fmt', 'lsp', 'help'] as const;

export const USAGE = `policyc: compile role and permission policies to typed guards and documentation

Usage:
  policyc check [dirs...]                      validate policies and prove their safety rules
  policyc build [dirs...] [--check]            compile to generated/<name>/ (--check: fail if stale)
        [--target typescript,spicedb]          what to write besides README.md, policy.json and account.schema.json
                                               (default: the policy's targets, else typescript)
  policyc test [dirs...]                       run the policy test suites (tests/*.yaml)
  policyc watch [dirs...]                      rebuild a policy's output whenever its files change
  policyc export <dir>                         print the resolved policy (IR) as JSON
  policyc explain <dir> <role> [<permission>]  show why a role holds what it holds
  policyc explain <dir> --escalation           show what each role can assign, edit and reach
  policyc explain <dir> <role> [<permission>] --account <file>
                                               explain a custom or customised role with an
                                               account's data (--member <id>: a member's values)
  policyc diff <base> [<head>]                 who gains and loses what between two versions
                                               (each a folder or a git revision; head defaults
                                               to the working tree)
  policyc init <dir> --preset <name>           start a policy from a preset (tests included)
  policyc account <dir> <file.json|->          validate an account export (custom roles,
                                               members, tier nodes, plan) against the policy
  policyc fmt [paths...] [--check]             lay out policy and test files canonically
                                               (--check: list files that would change, write nothing)
  policyc lsp                                  run the language server on stdin/stdout (for editors)

Options:
  --format pretty|json|github|sarif
                                check, build, test, watch, fmt: diagnostics format (default: pretty);
                                test also takes junit (export always prints JSON, explain text)
  --format text|markdown|json   diff format (default: text)
  --fail-on escalation|any|none diff: exit 1 when such a change exists (default: none)
  --check                       build: compare with the output folder instead of writing it;
                                fmt: report files that are not formatted instead of writing them
  --min-coverage <percent>      test: fail when policy coverage is below this
  --escalation                  explain: what each role can assign, edit and reach
  --preset <name>               init: the preset to start from
  --out <dir>                   output folder for build and watch (default: generated)
  --account <file>              explain: answer with an account export's data
  --member <id>                 explain --account: a member's values instead of a role's
  --target <list>               check, build: targets, comma-separated or repeated: typescript
                                (guards.ts, always written), spicedb (spicedb/schema.zed, relationships.ts)
  --stdio                       lsp: talk over stdin/stdout (the only transport; editors pass it)
  --color / --no-color          force colour on or off (default: on for a terminal, off with NO_COLOR)
  -h, --help                    show this help
  -v, --version                 show the version

Folders default to every folder in policies/.
Exit codes: 0 ok, 1 policy problems or stale output, 2 usage or I/O error.
`;

/** Every option of every command; --help lists each one (a test keeps the two in step). */
export const OPTIONS = {
  format: { type: 'string' },
  out: { type: 'string' },
  check: { type: 'boolean' },
  target: { type: 'string', multiple: true },
  'fail-on': { type: 'string' },
  preset: { type: 'string' },
  escalation: { type: 'boolean' },
  account: { type: 'string' },
  member: { type: 'string' },
  'min-coverage': { type: 'string' },
  stdio: { type: 'boolean' },
  color: { type: 'boolean' },
  'no-color': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

interface Options {
  format: Format;
  color: boolean;
  out: string;
  check: boolean;
  /** check and build: targets given on the command line (undefined: the policy's own). */
  targets: Target[] | undefined;
  /** test only: JUnit XML instead of `format`. */
  junit: boolean;
  minCoverage: number | undefined;
  /** The SARIF formatter, loaded when --format sarif asks for it. */
  sarif?: typeof import('../diagnostics/format-sarif.js').formatSarif;
}

// Each command loads what it alone needs when it runs (the emitters, the test runner, explain, the
// output writer, SARIF...): \`policyc check\` starts in a fresh process every time, and every module
// it does not load is start-up time saved.

export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    return await dispatch(argv, io);
  } catch (e) {
    // Both messages can quote arguments and paths, which may hold control characters.
    if (e instanceof UsageError) {
      io.stderr(`policyc: ${terminalText(e.message)}\nRun "policyc --help" for usage.\n`);
      return 2;
    }
    if (e instanceof IoError) {
      io.stderr(`policyc: ${terminalText(e.message)}\n`);
      return 2;
    }
    // Anything else is a defect in policyc itself, never a problem of the policy.
    io.stderr(`policyc: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\nPlease report this as a bug.\n`);
    return 70;
  }
}

async function dispatch(argv: readonly string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: OPTIONS,
    });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.version) {
    io.stdout(`${packageVersion()}\n`);
    return 0;
  }
  const [command, ...args] = positionals;
  if (command === undefined && !values.help) {
    io.stderr(`policyc: missing command\n\n${USAGE}`);
    return 2;
  }
  if (values.help || command === 'help') {
    io.stdout(USAGE);
    return 0;
  }
  if (command === undefined || !(COMMANDS as readonly string[]).includes(command)) {
    const hint = didYouMean(command ?? '', COMMANDS);
    throw new UsageError(`unknown command "${command}"${hint ? `; ${hint}` : ''}`);
  }
  const format = (values.format ?? 'pretty') as Format | 'junit';
  const formats: readonly string[] = command === 'test' ? [...FORMATS, 'junit'] : FORMATS;
  // diff has formats of its own (text, markdown, json), checked by runDiff.
  if (command !== 'diff' && !formats.includes(format)) throw new UsageError(`unknown format "${values.format}" for ${command}; use one of: ${formats.join(', ')}`);
  let minCoverage: number | undefined;
  if (values['min-coverage'] !== undefined) {
    if (command !== 'test') throw new UsageError('--min-coverage applies to "test" only');
    minCoverage = Number(values['min-coverage']);
    if (!Number.isFinite(minCoverage) || minCoverage < 0 || minCoverage > 100) throw new UsageError(`--min-coverage takes a percentage from 0 to 100, not "${values['min-coverage']}"`);
  }
  const color = values['no-color'] ? false : values.color ? true : io.isTTY && !io.env.NO_COLOR && io.env.TERM !== 'dumb';
  let targets: Target[] | undefined;
  if (values.target !== undefined) {
    if (command !== 'build' && command !== 'check') throw new UsageError('--target applies to "build" and "check" only');
    const list = values.target.flatMap((t) => t.split(',')).map((t) => t.trim());
    const bad = list.find((t) => !(TARGETS as readonly string[]).includes(t));
    if (bad !== undefined) throw new UsageError(`unknown target "${bad}"; use one of: ${TARGETS.join(', ')}`);
    targets = list as Target[];
  }
  const opts: Options = { format: format as Format, color, out: values.out ?? 'generated', check: values.check ?? false, targets, junit: format === 'junit', minCoverage };
  if (format === 'sarif') opts.sarif = (await import('../diagnostics/format-sarif.js')).formatSarif;
  if (values.check && command !== 'build' && command !== 'fmt') throw new UsageError('--check applies to "build" and "fmt" only');
  if (values.out !== undefined && command !== 'build' && command !== 'watch') throw new UsageError('--out applies to "build" and "watch" only');
  if (values['fail-on'] !== undefined && command !== 'diff') throw new UsageError('--fail-on applies to "diff" only');
  if (values.preset !== undefined && command !== 'init') throw new UsageError('--preset applies to "init" only');
  if (values.stdio && command !== 'lsp') throw new UsageError('--stdio applies to "lsp" only');
  if (command === 'init') return await runInit(args, values.preset, io);
  if (values.escalation && command !== 'explain') throw new UsageError('--escalation applies to "explain" only');
  // export always prints JSON and explain always prints text; a --format there would be ignored.
  if (values.format !== undefined && (command === 'export' || command === 'explain')) {
    throw new UsageError(`--format does not apply to "${command}", which always prints ${command === 'export' ? 'JSON' : 'text'}`);
  }
  if (values.escalation) return await runExplainEscalation(args, io, opts);
  if (values.account !== undefined && command !== 'explain') throw new UsageError('--account applies to "explain" only (validate an account with: policyc account <dir> <file>)');
  if (values.member !== undefined && values.account === undefined) throw new UsageError('--member needs --account <file>: members are account data');

  switch (command) {
    case 'check':
      return runCheck(args, io, opts);
    case 'build':
      return runBuild(args, io, opts);
    case 'test':
      return runTests(args, io, opts);
    case 'watch':
      return runWatch(args, io, opts);
    case 'export':
      return runExport(args, io, opts);
    case 'explain':
      return values.account !== undefined ? runExplainAccount(args, values.account, values.member, io, opts) : runExplain(args, io, opts);
    case 'account':
      return runAccount(args, io, opts);
    case 'fmt':
      return runFmt(args, io, opts);
    case 'lsp':
      return runLsp(args, io, values.format !== undefined);
    case 'diff': {
      // Loaded on demand, like the code generator: check and build never need it.
      const { runDiff } = await import('./run-diff.js');
      return runDiff(args, io, { format: values.format, failOn: values['fail-on'], color });
    }
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

function checkAll(dirs: readonly string[], io: CliIo, targets?: readonly Target[]): CheckResult[] {
  const list = dirs.length ? dirs.map((d) => displayPath(d, io.cwd)) : defaultPolicyDirs(io.cwd);
  if (list.length === 0) throw new IoError('policies/ holds no policy folder');
  // Read every folder first so that an I/O error stops the run before any output.
  const inputs = list.map((d) => readPolicyDir(d, io.cwd));
  return inputs.map((input) => checkPolicy(input, targets ? { targets } : {}));
}

function printDiagnostics(results: readonly CheckResult[], io: CliIo, opts: Options, write = io.stdout): void {
  const all: Diagnostic[] = sortDiagnostics(results.flatMap((r) => r.diagnostics));
  writeDiagnostics(all, (file) => results.map((r) => r.sources.text(file)).find((t) => t !== undefined), opts, write);
}

/** Diagnostics in the chosen format; `source` gives the text of a file for code frames. */
function writeDiagnostics(all: readonly Diagnostic[], source: (file: string) => string | undefined, opts: Options, write: (s: string) => void): void {
  if (opts.format === 'json') write(formatJson(all));
  else if (opts.format === 'github') write(formatGithub(all));
  else if (opts.format === 'sarif') write(opts.sarif!(all, { toolVersion: packageVersion() }));
  else {
    const text = formatPretty(all, { color: opts.color, source });
    if (text) write(text);
  }
}

function runCheck(args: string[], io: CliIo, opts: Options): number {
  const results = checkAll(args, io, opts.targets);
  printDiagnostics(results, io, opts);
  const failed = results.filter((r) => !r.ok);
  if (opts.format === 'pretty') {
    io.stderr(failed.length ? `${failed.length} of ${results.length} policies have errors\n` : `${results.length} ${results.length === 1 ? 'policy' : 'policies'} ok\n`);
  }
  return failed.length ? 1 : 0;
}

async function runBuild(args: string[], io: CliIo, opts: Options): Promise<number> {
  const results = checkAll(args, io, opts.targets);
  printDiagnostics(results, io, opts);
  if (results.some((r) => !r.ok || !r.ir)) {
    io.stderr(`build failed: nothing was written\n`);
    return 1;
  }
  // The output root must be a folder apart from the sources: never /, a file, or a folder that holds
  // or lies inside policy folders (replacing a generated folder there would replace sources).
  const sources = [...results.map((r) => r.dir), ...(args.length ? [] : ['policies'])];
  const { compareOutputs, outputConflict, outputRootProblem, writeOutputs } = await import('./write-output.js');
  const conflict =
    outputRootProblem(opts.out, sources, io.cwd) ??
    outputConflict(
      results.map((r) => r.dir),
      results.map((r) => `${displayPath(opts.out, io.cwd)}/${r.name}`),
      io.cwd,
    );
  if (conflict) throw new UsageError(conflict);
  const { emitPolicy } = await import('../emit/emit-policy.js');
  const outputs: PolicyOutput[] = [];
  for (const r of results) {
    outputs.push({ dir: `${displayPath(opts.out, io.cwd)}/${r.name}`, files: await emitPolicy(r.ir!, r.dir, r.targets) });
  }
  if (opts.check) {
    const s = compareOutputs(outputs, io.cwd);
    const problems = [
      ...s.missing.map((f) => `missing: ${f}`),
      ...s.stale.map((f) => `stale:   ${f}`),
      ...s.extra.map((f) => `extra:   ${f}`),
    ];
    if (problems.length) {
      io.stderr(`${problems.join('\n')}\ngenerated output is out of date; run "npx policyc build" and commit the result\n`);
      return 1;
    }
    io.stderr(`generated output is up to date (${outputs.length} ${outputs.length === 1 ? 'policy' : 'policies'})\n`);
    return 0;
  }
  const { written, warnings } = writeOutputs(outputs, io.cwd);
  for (const o of outputs) io.stderr(`${written.includes(o.dir) ? 'wrote' : 'unchanged'} ${o.dir} (${o.files.map((f) => f.path).join(', ')})\n`);
  for (const w of warnings) io.stderr(`policyc: warning: ${w}\n`);
  return 0;
}

async function runFmt(args: string[], io: CliIo, opts: Options): Promise<number> {
  // Loaded on demand, like diff: no other command needs the formatter.
  const { formatPaths, NotYamlError } = await import('./run-fmt.js');
  let run;
  try {
    run = formatPaths(args, io.cwd, opts.check);
  } catch (e) {
    if (e instanceof NotYamlError) throw new UsageError(e.message);
    throw e;
  }
  writeDiagnostics(sortDiagnostics(run.diagnostics), (file) => run.texts.get(file), opts, io.stdout);
  const failed = new Set(run.diagnostics.filter((d) => d.rule !== 'unformatted').map((d) => d.file)).size;
  if (opts.format === 'pretty') {
    const n = count(run.files.length, 'file');
    const broken = failed ? `; ${count(failed, 'file')} could not be formatted and ${failed === 1 ? 'was' : 'were'} left as ${failed === 1 ? 'it was' : 'they were'}` : '';
    if (opts.check) {
      io.stderr(run.changed.length ? `${run.changed.length} of ${n} not formatted; run "npx policyc fmt"${broken}\n` : `${n} checked, all formatted${broken}\n`);
    } else {
      for (const f of run.changed) io.stderr(`formatted ${f}\n`);
      io.stderr(`${run.changed.length} of ${n} changed${broken}\n`);
    }
  }
  return failed || (opts.check && run.changed.length) ? 1 : 0;
}

async function runInit(args: string[], preset: string | undefined, io: CliIo): Promise<number> {
  const { initPolicy, listPresets } = await import('./init.js');
  const presets = listPresets();
  const valid = `valid presets: ${presets.join(', ')}`;
  if (args.length !== 1) throw new UsageError(`init takes one folder: policyc init <dir> --preset <name>; ${valid}`);
  if (preset === undefined) throw new UsageError(`init needs --preset <name>; ${valid}`);
  if (!presets.includes(preset)) {
    const hint = didYouMean(preset, presets);
    throw new UsageError(`unknown preset "${preset}"${hint ? ` (${hint})` : ''}; ${valid}`);
  }
  const written = initPolicy(args[0]!, preset, io.cwd);
  io.stderr(`created ${displayPath(args[0]!, io.cwd)} from the ${preset} preset (${written.length} files)\nnext: npx policyc check ${displayPath(args[0]!, io.cwd)} && npx policyc test ${displayPath(args[0]!, io.cwd)}\n`);
  return 0;
}

async function runTests(args: string[], io: CliIo, opts: Options): Promise<number> {
  const results = checkAll(args, io);
  const [{ runPolicyTests }, { formatTestsJson, formatTestsJunit, formatTestsPretty }] = await Promise.all([import('../policy-test/run-tests.js'), import('../policy-test/format-tests.js')]);
  const broken = results.filter((r) => !r.ok || !r.ir);
  if (broken.length) {
    printDiagnostics(broken, io, opts, io.stderr);
    io.stderr(`policyc: ${broken.map((r) => r.dir).join(', ')} ${broken.length === 1 ? 'has' : 'have'} errors; fix them before testing\n`);
  }
  // A policy with errors is one failed case of its own, so that reports (JUnit, json) show it.
  const runs: NamedRun[] = results.map((r) =>
    r.ok && r.ir
      ? { policy: r.dir, ...runPolicyTests(r.ir, r.dir, readPolicyTests(r.dir, io.cwd), { trace: r.trace!, locate: r.sources.locate }) }
      : { policy: r.dir, ...policyErrorRun(r) },
  );
  const diagnostics = runs.filter((r) => r.coverage !== null).flatMap((r) => r.diagnostics);
  if (diagnostics.length) {
    const text = opts.format === 'json' ? formatJson(diagnostics) : formatPretty(diagnostics, { color: opts.color, source: (f) => runs.map((r) => r.sources.text(f)).find((t) => t !== undefined) });
    io.stderr(text);
  }
  if (opts.junit) io.stdout(formatTestsJunit(runs));
  else if (opts.format === 'json') io.stdout(formatTestsJson(runs));
  else io.stdout(formatTestsPretty(runs, opts.color));
  const failed = runs.some((r) => r.results.some((c) => !c.passed));
  const invalid = runs.some((r) => r.diagnostics.some((d) => d.severity === 'error'));
  const low = opts.minCoverage !== undefined ? runs.filter((r) => r.coverage !== null && r.coverage.percent < opts.minCoverage!) : [];
  for (const r of low) io.stderr(`policyc: ${r.policy} coverage ${r.coverage!.percent}% is below --min-coverage ${opts.minCoverage}%\n`);
  return failed || invalid || low.length ? 1 : 0;
}

/** The test run of a policy that could not be compiled: one failed case carrying its errors. */
function policyErrorRun(r: CheckResult): TestRun {
  const errors = r.diagnostics.filter((d) => d.severity === 'error');
  const first = errors[0];
  return {
    results: [
      {
        file: first?.file ?? r.dir,
        name: `${r.dir} has errors`,
        line: first?.line ?? 0,
        expected: 'allow',
        actual: null,
        reason: 'the policy has errors; fix them before testing',
        passed: false,
        errors,
      },
    ],
    diagnostics: r.diagnostics,
    sources: r.sources,
    coverage: null,
  };
}

async function runWatch(args: string[], io: CliIo, opts: Options): Promise<number> {
  // Loaded here only: chokidar is needed by watch alone.
  const { startWatch } = await import('./watch.js');
  const watcher = startWatch({
    cwd: io.cwd,
    dirs: args,
    out: opts.out,
    report: (r) => printDiagnostics([r], io, opts),
    log: io.stderr,
  });
  await watcher.ready;
  // Without a way to be interrupted (library use), watch until the process ends.
  await (io.interrupted ? io.interrupted() : new Promise<void>(() => undefined));
  await watcher.close();
  return 0;
}

async function runLsp(args: string[], io: CliIo, format: boolean): Promise<number> {
  if (args.length || format) throw new UsageError('lsp takes no folders or options: it serves every policy folder the editor opens');
  if (!io.lspStreams) throw new UsageError('lsp needs standard input and output');
  // Loaded here only, so that check and build never load the protocol library.
  const { serveLsp } = await import('../lsp/server.js');
  return serveLsp({ ...io.lspStreams(), cwd: io.cwd });
}

function singlePolicy(args: string[], io: CliIo, opts: Options, what: string): CheckResult | number {
  const dir = args[0];
  if (dir === undefined) throw new UsageError(`${what} needs a policy folder`);
  const [result] = checkAll([dir], io);
  if (!result!.ok || !result!.ir) {
    printDiagnostics([result!], io, opts, io.stderr);
    return 1;
  }
  return result!;
}

function runExport(args: string[], io: CliIo, opts: Options): number {
  if (args.length > 1) throw new UsageError('export takes one policy folder');
  const r = singlePolicy(args, io, opts, 'export');
  if (typeof r === 'number') return r;
  io.stdout(serializePolicy(r.ir!));
  return 0;
}

async function runExplainEscalation(args: string[], io: CliIo, opts: Options): Promise<number> {
  if (args.length !== 1) throw new UsageError('explain --escalation takes one policy folder: policyc explain <dir> --escalation');
  // Escalation findings are errors, and explaining them is the point: explain whenever the policy resolved.
  const [r] = checkAll(args, io);
  if (!r!.ok) printDiagnostics([r!], io, opts, io.stderr);
  if (!r!.ir) return 1;
  const { explainEscalation } = await import('../explain/explain-role.js');
  io.stdout(explainEscalation(r!.ir).map(terminalText).join('\n') + '\n');
  return r!.ok ? 0 : 1;
}

async function runExplain(args: string[], io: CliIo, opts: Options): Promise<number> {
  const [, role, permission, ...rest] = args;
  if (role === undefined) throw new UsageError('explain needs a policy folder and a role: policyc explain <dir> <role> [<permission>]');
  if (rest.length) throw new UsageError('explain takes at most a folder, a role and a permission');
  const r = singlePolicy(args, io, opts, 'explain');
  if (typeof r === 'number') return r;
  const ir = r.ir!;
  if (!Object.hasOwn(ir.roles, role)) {
    const hint = didYouMean(role, Object.keys(ir.roles));
    throw new UsageError(`unknown role "${role}"${hint ? `; ${hint}` : `; roles: ${Object.keys(ir.roles).join(', ')}`}`);
  }
  if (permission !== undefined && !Object.hasOwn(ir.permissions, permission)) {
    const hint = didYouMean(permission, Object.keys(ir.permissions));
    throw new UsageError(`unknown permission "${permission}"${hint ? `; ${hint}` : ''}`);
  }
  const { explainRole } = await import('../explain/explain-role.js');
  io.stdout(explainRole(ir, r.trace!, role, permission, r.sources.locate).map(terminalText).join('\n') + '\n');
  return 0;
}

async function runAccount(args: string[], io: CliIo, opts: Options): Promise<number> {
  if (args.length !== 2) throw new UsageError('account takes a policy folder and an account file: policyc account <dir> <file.json|->');
  const r = singlePolicy(args, io, opts, 'account');
  if (typeof r === 'number') return r;
  // Loaded on demand: only this command needs the JSON reader.
  const { readAccount } = await import('./account.js');
  const { document, diagnostics, account } = await readAccount(r.ir!, r.dir, args[1]!, io);
  const all = sortDiagnostics(diagnostics);
  writeDiagnostics(all, (file) => (file === document.file && document.text ? document.text : undefined), opts, io.stdout);
  if (opts.format === 'pretty') {
    io.stderr(
      account
        ? `${document.file}: account ok (${count(account.data.customRoles.length, 'custom role')}, ${count((account.data.members?.length ?? 0), 'member')}, ${count(account.data.tiers.length, 'tier node')})\n`
        : `${document.file}: the account does not fit ${r.dir}\n`,
    );
  }
  return all.some((d) => d.severity === 'error') ? 1 : 0;
}

function count(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? '' : 's'}`;
}

async function runExplainAccount(args: string[], file: string, member: string | undefined, io: CliIo, opts: Options): Promise<number> {
  const [dir, role, permission, ...rest] = args;
  if (dir === undefined) throw new UsageError('explain --account needs a policy folder: policyc explain <dir> <role> [<permission>] --account <file>');
  if (rest.length || (member !== undefined && permission !== undefined)) throw new UsageError('explain --account takes a folder, a role and a permission (or, with --member <id>, a folder and a permission)');
  const r = singlePolicy([dir], io, opts, 'explain');
  if (typeof r === 'number') return r;
  const { readAccount } = await import('./account.js');
  const { document, diagnostics, account } = await readAccount(r.ir!, r.dir, file, io);
  if (!account) {
    writeDiagnostics(sortDiagnostics(diagnostics), (f) => (f === document.file ? document.text : undefined), opts, io.stderr);
    io.stderr(`policyc: ${document.file} is not a valid account of ${r.dir}; fix it first (policyc account ${r.dir} ${file})\n`);
    return 1;
  }
  const { explainAccountMember, explainAccountRole } = await import('./account-explain.js');
  // With --member, the positional after the folder is the permission.
  const lines = member !== undefined ? explainAccountMember(r.ir!, account, member, role) : explainAccountRole(r.ir!, r.trace!, account, document, role, permission, r.sources.locate);
  io.stdout(lines.join('\n') + '\n');
  return 0;
}

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

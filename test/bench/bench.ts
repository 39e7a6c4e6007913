// `npm run bench`: guard checks against CASL, casbin, accesscontrol and plain lookups, compile
// times against policy size, and watch latency. Never part of `npm test`: timings are only
// meaningful on a quiet machine and are never asserted. Prints tables; `--json <file>` writes the
// same figures. Every implementation's answers are checked against the resolved policy on the
// very queries that are timed, and the run stops if any is wrong.
//
// Each section is one function that returns rows, added to SECTIONS. `--only <title words>` runs
// the sections whose title contains them (e.g. `--only tier`), for work on one section.

import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { checkPolicy, emitPolicy, readPolicyDir, startWatch, type ResolvedPolicy } from 'policyc';
import { Project } from 'ts-morph';
import ts from 'typescript';
// Internals the package does not export: the IR evaluator (the reference answers of canAccess and
// memberCan) and the escalation analysis, timed on its own.
import { analyzePolicy } from '../../dist/analyze/analyze-policy.js';
import { reachFrom } from '../../dist/analyze/delegation.js';
import { escalationPath, escalationSubset, protectedRole, selfReach } from '../../dist/analyze/rules/escalation.js';
import { DiagnosticBag } from '../../dist/diagnostics/diagnostic.js';
import { evaluateAccess, evaluateCan, isAncestorNode, type Actor, type Resource } from '../../dist/evaluate/evaluate.js';
import { syntheticPolicy, type SyntheticSize } from '../synthetic.js';
import { accessControlCheck, acResource, casbinCheck, caslCheck, plainObjectCheck } from './peers.js';
import { delegationPolicy, tieredPolicy, type Generated } from './synthetic-tiered.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CLI = join(ROOT, 'dist/cli/main.js');
const TMP = mkdtempSync(join(tmpdir(), 'policyc-bench-'));

type Row = Record<string, string | number | null>;
interface Section {
  title: string;
  note?: string;
  rows: Row[];
}

// ---------------------------------------------------------------------------------------------
// Timing

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const now = (): number => Number(process.hrtime.bigint()) / 1e6;

/**
 * A timing loop of its own for each implementation (new Function), so that the call inside it
 * sees one callee and can be inlined, as at a real call site.
 */
function makeLoop(arity: 3 | 4): (check: (...a: never[]) => boolean, a: ArrayLike<unknown>, b: ArrayLike<unknown>, c: ArrayLike<unknown>, d: ArrayLike<unknown> | undefined, count: number, reps: number) => number {
  const call = arity === 3 ? 'check(a[i], b[i], c[i])' : 'check(a[i], b[i], c[i], d[i])';
  return new Function('check', 'a', 'b', 'c', 'd', 'count', 'reps', `let t = 0; for (let k = 0; k < reps; k++) for (let i = 0; i < count; i++) if (${call}) t++; return t;`) as never;
}

interface Impl {
  name: string;
  check: (...args: never[]) => boolean;
  /** Three argument lists, or four (canAccess, memberCan and can with a plan). */
  args: [ArrayLike<unknown>, ArrayLike<unknown>, ArrayLike<unknown>] | [ArrayLike<unknown>, ArrayLike<unknown>, ArrayLike<unknown>, ArrayLike<unknown>];
  /** How many of the queries to use (slow peers time a prefix; the same prefix is verified). */
  count: number;
}

/** Median ns per check over `runs` runs of at least `minMs` each. */
function timeImpl(impl: Impl, runs = 7, minMs = 25): { median: number; min: number } {
  const loop = makeLoop(impl.args.length);
  const [a, b, c, d] = impl.args;
  let reps = 1;
  for (;;) {
    const t0 = now();
    loop(impl.check, a, b, c, d, impl.count, reps);
    const dt = now() - t0;
    if (dt >= minMs || reps >= 1 << 20) break;
    reps = Math.max(reps * 2, Math.ceil((reps * minMs) / Math.max(dt, 0.01)));
  }
  const ns: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = now();
    loop(impl.check, a, b, c, d, impl.count, reps);
    ns.push(((now() - t0) * 1e6) / (reps * impl.count));
  }
  return { median: median(ns), min: Math.min(...ns) };
}

// ---------------------------------------------------------------------------------------------
// Policies and their guards

interface Compiled {
  label: string;
  ir: ResolvedPolicy;
  guards: Guards;
}

interface Guards {
  can(roles: unknown, permission: unknown, atLeast?: unknown, plan?: unknown): boolean;
  canId(role: number, permission: number, level: number): boolean;
  memberCan(member: unknown, permission: unknown, atLeast?: unknown, plan?: unknown): boolean;
  canAccess(actor: unknown, resource: unknown, action: unknown, plan?: unknown): boolean;
  /** Policies with tiers only. */
  isAncestor?(ancestor: unknown, node: unknown): boolean;
  ROLE_ID: Record<string, number>;
  PERMISSION_ID: Record<string, number>;
  LEVEL_ID: Record<string, Record<string, number>>;
}

/** Imports generated guards.ts as JavaScript, the way a service's build would ship it. */
async function importGuards(source: string, name: string): Promise<Guards> {
  const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
  const file = join(TMP, `${name}.guards.mjs`);
  writeFileSync(file, js);
  return (await import(pathToFileURL(file).href)) as Guards;
}

function writePolicy(name: string, size: SyntheticSize): string {
  return writeFiles(name, splitMembers(syntheticPolicy(size, 2).files));
}

/** Writes a generated policy under TMP/policies/<name>; returns its folder relative to TMP. */
function writeFiles(name: string, files: Generated['files']): string {
  const dir = join(TMP, 'policies', name);
  rmSync(dir, { recursive: true, force: true });
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, p)), { recursive: true });
    writeFileSync(join(dir, p), text);
  }
  return `policies/${name}`;
}

/**
 * test/synthetic.ts writes every member into members.yaml; split them into members/NN.yaml of
 * 10,000 each, as a user would (the loader refuses a file of more than 500,000 lines and commas,
 * or over 10 MiB, and 10,000 members are about 0.4 MiB).
 */
function splitMembers(files: Record<string, string>): Record<string, string> {
  const text = files['members.yaml'];
  if (text === undefined) return files;
  const { 'members.yaml': _all, ...rest } = files;
  const lines = text.split('\n').filter((l) => l.startsWith('  '));
  const chunks = Math.ceil(lines.length / 10_000);
  for (let c = 0; c < chunks; c++) {
    rest[`members/${String(c).padStart(String(chunks - 1).length, '0')}.yaml`] = ['# yaml-language-server: $schema=../../../schema/policy.schema.json', 'members:', ...lines.slice(c * 10_000, (c + 1) * 10_000), ''].join('\n');
  }
  return rest;
}

/** check + emit in this process, and the generated guards imported. */
async function compileDir(label: string, dir: string): Promise<Compiled & { guardsBytes: number }> {
  const r = checkPolicy(readPolicyDir(dir, TMP));
  if (!r.ok) throw new Error(`${dir} does not compile: ${r.diagnostics.find((d) => d.severity === 'error')?.message}`);
  const source = (await emitPolicy(r.ir!, r.dir)).find((f) => f.path === 'guards.ts')!.content;
  return { label, ir: r.ir!, guards: await importGuards(source, dir.replace(/\//g, '_')), guardsBytes: Buffer.byteLength(source) };
}

async function compileUserlike(): Promise<Compiled> {
  const r = checkPolicy(readPolicyDir('policies/userlike', ROOT));
  if (!r.ok) throw new Error('policies/userlike does not compile');
  return { label: 'Userlike (6 x 20)', ir: r.ir!, guards: await importGuards(readFileSync(join(ROOT, 'generated/userlike/guards.ts'), 'utf8'), 'userlike') };
}

async function compileSynthetic(roles: number, permissions: number): Promise<Compiled> {
  return compileDir(`synthetic ${roles} x ${permissions}`, writePolicy(`syn_${roles}x${permissions}`, { roles, permissions }));
}

// ---------------------------------------------------------------------------------------------
// Queries

/** A fixed pseudo-random sequence, so that every run and every implementation gets the same queries. */
function rng(seed: number): (n: number) => number {
  let x = seed;
  return (n) => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) % n;
  };
}

interface Queries {
  roles: string[];
  permissions: string[];
  levels: string[];
  expected: boolean[];
}

/**
 * The same string as a property key gives: interned, like the literals a service passes
 * (`can(role, 'analytics', 'edit')`). Ids parsed from YAML are not, and would slow every
 * implementation alike with work a real call does not do.
 */
const intern = (s: string): string => Object.keys({ [s]: 0 })[0]!;

/** `count` random (role, permission, level) queries over the whole policy, with the answers the IR gives. */
function makeQueries(ir: ResolvedPolicy, count: number, seed = 0x5eed): Queries {
  const rnd = rng(seed);
  const roleIds = Object.keys(ir.roles);
  const permIds = Object.keys(ir.permissions);
  const q: Queries = { roles: [], permissions: [], levels: [], expected: [] };
  for (let i = 0; i < count; i++) {
    const r = roleIds[rnd(roleIds.length)]!;
    const p = permIds[rnd(permIds.length)]!;
    const perm = ir.permissions[p]!;
    const l = perm.levels[rnd(perm.levels.length)]!;
    const v = ir.roles[r]!.grants[p]!;
    q.roles.push(intern(r));
    q.permissions.push(intern(p));
    q.levels.push(intern(l));
    q.expected.push(typeof v === 'string' ? perm.levels.indexOf(v) >= perm.levels.indexOf(l) : v.includes(l));
  }
  return q;
}

function verify(impl: Impl, expected: readonly boolean[], policy: string): void {
  const [a, b, c, d] = impl.args;
  for (let i = 0; i < impl.count; i++) {
    const got = (impl.check as (x: unknown, y: unknown, z: unknown, w?: unknown) => boolean)(a[i], b[i], c[i], d?.[i]);
    if (got !== expected[i]) {
      throw new Error(`${impl.name} answered ${got} for query ${i} on ${policy}, expected ${expected[i]}: the benchmark is void`);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Sections

const QUERY_COUNT = 4096;

async function guardChecks(policies: Compiled[]): Promise<Section> {
  const rows: Row[] = [];
  for (const { label, ir, guards: g } of policies) {
    const q = makeQueries(ir, QUERY_COUNT);
    const roleIds = Int32Array.from(q.roles, (r) => g.ROLE_ID[r]!);
    const permIds = Int32Array.from(q.permissions, (p) => g.PERMISSION_ID[p]!);
    const levelIds = Int32Array.from(q.levels, (l, i) => g.LEVEL_ID[q.permissions[i]!]![l]!);
    // The practical floor: one precomputed answer per query shape in a Uint8Array.
    const np = Object.keys(ir.permissions).length;
    const answers = new Uint8Array(Object.keys(ir.roles).length * np * 32);
    for (let i = 0; i < QUERY_COUNT; i++) answers[(roleIds[i]! * np + permIds[i]!) * 32 + levelIds[i]!] = q.expected[i] ? 1 : 0;
    const resources = q.permissions.map((p, i) => acResource(p, q.levels[i]!));
    const big = Object.keys(ir.roles).length * np > 1000;
    const impls: Impl[] = [
      { name: 'policyc can(), string ids', check: g.can as never, args: [q.roles, q.permissions, q.levels], count: QUERY_COUNT },
      { name: 'policyc canId(), integer ids', check: g.canId as never, args: [roleIds, permIds, levelIds], count: QUERY_COUNT },
      { name: 'Uint8Array of answers (floor)', check: ((r: number, p: number, l: number) => answers[(r * np + p) * 32 + l] === 1) as never, args: [roleIds, permIds, levelIds], count: QUERY_COUNT },
      { name: 'plain object lookup', check: plainObjectCheck(ir) as never, args: [q.roles, q.permissions, q.levels], count: QUERY_COUNT },
      { name: '@casl/ability', check: caslCheck(ir) as never, args: [q.roles, q.permissions, q.levels], count: QUERY_COUNT },
      { name: 'accesscontrol', check: accessControlCheck(ir) as never, args: [q.roles, resources, q.levels], count: big ? 512 : QUERY_COUNT },
      // casbin scans its policy lines on every check; time (and verify) a prefix of the queries.
      { name: 'casbin (RBAC model)', check: (await casbinCheck(ir)) as never, args: [q.roles, q.permissions, q.levels], count: big ? 8 : 256 },
    ];
    const ours = { median: 0 };
    for (const impl of impls) {
      verify(impl, q.expected, label);
      const t = timeImpl(impl, 7, impl.name.startsWith('casbin') && big ? 200 : 25);
      if (impl.name.startsWith('policyc can()')) ours.median = t.median;
      rows.push({
        policy: label,
        implementation: impl.name,
        'ns/check (median)': round(t.median),
        'ns/check (min)': round(t.min),
        'vs can()': impl.name.startsWith('policyc can()') ? '1x' : `${ratio(t.median / ours.median)}x`,
        'queries checked': impl.count,
      });
    }
  }
  return { title: 'Guard checks: random (role, permission, level) queries over the whole policy', rows };
}

async function memberChecks(policies: Compiled[]): Promise<Section> {
  const rows: Row[] = [];
  for (const { label, ir, guards: g } of policies) {
    const rnd = rng(0xbeef);
    const roleIds = Object.keys(ir.roles);
    const q = makeQueries(ir, QUERY_COUNT, 0xface);
    // A member holding three roles: the query's role and two others.
    const members = q.roles.map((r) => [r, roleIds[rnd(roleIds.length)]!, roleIds[rnd(roleIds.length)]!]);
    const held = (r: string, p: string, l: string): boolean => {
      const v = ir.roles[r]!.grants[p]!;
      const levels = ir.permissions[p]!.levels;
      return typeof v === 'string' ? levels.indexOf(v) >= levels.indexOf(l) : v.includes(l);
    };
    const expected = members.map((m, i) => m.some((r) => held(r, q.permissions[i]!, q.levels[i]!)));
    const memberIds = members.map((m) => Int32Array.from(m, (r) => g.ROLE_ID[r]!));
    const permIds = Int32Array.from(q.permissions, (p) => g.PERMISSION_ID[p]!);
    const levelIds = Int32Array.from(q.levels, (l, i) => g.LEVEL_ID[q.permissions[i]!]![l]!);
    const canIdAny = (ids: Int32Array, p: number, l: number): boolean => {
      for (let i = 0; i < ids.length; i++) if (g.canId(ids[i]!, p, l)) return true;
      return false;
    };
    const impls: Impl[] = [
      { name: 'policyc can(roles[]), string ids', check: g.can as never, args: [members, q.permissions, q.levels], count: QUERY_COUNT },
      { name: 'policyc canId() over the ids', check: canIdAny as never, args: [memberIds, permIds, levelIds], count: QUERY_COUNT },
    ];
    for (const impl of impls) {
      verify(impl, expected, label);
      const t = timeImpl(impl);
      rows.push({ policy: label, implementation: impl.name, 'ns/check (median)': round(t.median), 'ns/check (min)': round(t.min) });
    }
  }
  return { title: 'Member checks: a member with three roles (the union of their grants)', rows };
}

function wall(args: string[], cwd: string, runs: number): number {
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = now();
    const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
    ms.push(now() - t0);
    if (r.status !== 0) throw new Error(`policyc ${args.join(' ')} failed: ${r.stderr}`);
  }
  return median(ms);
}

async function inProcess(dir: string, cwd: string, runs: number): Promise<{ check: number; emit: number }> {
  const check: number[] = [];
  const emit: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = now();
    const r = checkPolicy(readPolicyDir(dir, cwd));
    const t1 = now();
    await emitPolicy(r.ir!, r.dir);
    const t2 = now();
    check.push(t1 - t0);
    emit.push(t2 - t1);
  }
  return { check: median(check), emit: median(emit) };
}

async function compileTimes(): Promise<Section> {
  const rows: Row[] = [];
  const out = join(TMP, 'out');
  const presets = readdirSync(join(ROOT, 'policies'), { withFileTypes: true }).filter((e) => e.isDirectory()).length;
  rows.push({
    input: `all presets (${presets} in policies/)`,
    'check wall ms': round(wall(['check'], ROOT, 7)),
    'build wall ms': round(wall(['build', '--out', out], ROOT, 5)),
    'check in-process ms': null,
    'emit in-process ms': null,
    'in-process ms per role': null,
  });
  const sizes: [string, SyntheticSize][] = [
    ['20 roles x 300 permissions', { roles: 20, permissions: 300 }],
    ['197 roles x 300 permissions', { roles: 197, permissions: 300 }],
    ['1,000 roles x 300 permissions', { roles: 1000, permissions: 300 }],
    ['20 roles x 300 permissions, 50,000 members', { roles: 20, permissions: 300, members: 50_000 }],
  ];
  for (const [label, size] of sizes) {
    const dir = writePolicy(`size_${size.roles}_${size.permissions}_${size.members ?? 0}`, size);
    const runs = size.roles >= 1000 ? 3 : 5;
    const p = await inProcess(dir, TMP, runs);
    rows.push({
      input: label,
      'check wall ms': round(wall(['check', dir], TMP, runs)),
      'build wall ms': round(wall(['build', dir, '--out', out], TMP, runs)),
      'check in-process ms': round(p.check),
      'emit in-process ms': round(p.emit),
      'in-process ms per role': round((p.check + p.emit) / size.roles),
    });
  }
  return {
    title: 'Compile times against size (wall: a fresh `node dist/cli/main.js` process; in-process: warm, median)',
    note: 'Not measured yet: 10,000 tier nodes and the escalation analysis on 197 roles (added when tiers and the analysis land).',
    rows,
  };
}

async function watchLatency(): Promise<Section> {
  const cwd = join(TMP, 'watch');
  cpSync(join(ROOT, 'policies/userlike'), join(cwd, 'policies/userlike'), { recursive: true });
  writePolicyInto(cwd, 'syn_197', { roles: 197, permissions: 300 });
  const rows: Row[] = [];
  let last = { ms: 0 };
  const handle = startWatch({ cwd, dirs: [], debounceMs: 25, report: () => undefined, log: () => undefined, onRebuild: (e) => (last = e) });
  await handle.ready;
  const cases: [string, string, string, string][] = [
    ['Userlike (6 x 20)', 'policies/userlike/roles/04-staff.yaml', 'name: Staff', 'generated/userlike/guards.ts'],
    ['synthetic 197 x 300', 'policies/syn_197/roles/0.yaml', 'name: Administrator', 'generated/syn_197/guards.ts'],
  ];
  for (const [label, file, line, output] of cases) {
    const saved: number[] = [];
    const rebuild: number[] = [];
    for (let i = 0; i < 7; i++) {
      const src = join(cwd, file);
      const text = readFileSync(src, 'utf8');
      const marker = `Bench ${i} ${Date.now()}`;
      const t0 = now();
      writeFileSync(src, text.replace(/^(\s*)name: .*$/m, `$1${line.split(':')[0]}: ${marker}`));
      // Poll the output until the edit is in it: the time a user waits.
      for (;;) {
        let current = '';
        try {
          current = readFileSync(join(cwd, output), 'utf8');
        } catch {
          /* between the two renames of the swap */
        }
        if (current.includes(marker)) break;
        if (now() - t0 > 60_000) throw new Error(`watch did not rebuild ${file}`);
        await new Promise((r) => setTimeout(r, 1));
      }
      saved.push(now() - t0);
      rebuild.push(last.ms);
      writeFileSync(src, text);
      await new Promise((r) => setTimeout(r, 400));
    }
    rows.push({ policy: label, 'save to rewritten output ms (median)': round(median(saved)), 'of which rebuild ms': round(median(rebuild)), 'debounce ms': 25 });
  }
  await handle.close();
  return { title: 'Watch: a saved one-line edit (a role name) until generated/<name>/guards.ts holds it', rows };
}

function writePolicyInto(cwd: string, name: string, size: SyntheticSize): void {
  for (const [p, text] of Object.entries(syntheticPolicy(size, 2).files)) {
    mkdirSync(dirname(join(cwd, 'policies', name, p)), { recursive: true });
    writeFileSync(join(cwd, 'policies', name, p), text);
  }
}

/** The measurement behind the generated lookups: a string switch against a prototype-free object and a Map. */
function idLookup(): Section {
  const rows: Row[] = [];
  for (const n of [8, 32, 64, 128, 300]) {
    const ids = Array.from({ length: n }, (_, i) => Object.keys({ [`area_${i % 12}.perm_${String(i).padStart(3, '0')}`]: 1 })[0]!);
    const rnd = rng(n);
    const q = Array.from({ length: QUERY_COUNT }, () => ids[rnd(n)]!);
    const entries = JSON.stringify(Object.fromEntries(ids.map((x, i) => [x, i])));
    const make = (body: string): ((s: unknown) => boolean) => new Function(`${body}; return (s) => find(s) >= 0;`)() as never;
    const kinds: [string, (s: unknown) => boolean][] = [
      ['switch', make(`function find(s) { switch (s) { ${ids.map((x, i) => `case ${JSON.stringify(x)}: return ${i};`).join(' ')} default: return -1; } }`)],
      ['prototype-free object', make(`const T = Object.freeze(Object.assign(Object.create(null), ${entries})); function find(s) { const i = typeof s === 'string' ? T[s] : undefined; return i === undefined ? -1 : i; }`)],
      ['Map', make(`const M = new Map(Object.entries(${entries})); function find(s) { const i = M.get(s); return i === undefined ? -1 : i; }`)],
    ];
    const row: Row = { ids: n };
    for (const [kind, check] of kinds) row[`${kind} ns`] = round(timeImpl({ name: kind, check: check as never, args: [q, q, q], count: QUERY_COUNT }).median);
    rows.push(row);
  }
  return { title: 'Id lookup (one id, random among n): why small id sets use a switch', rows };
}

// ---------------------------------------------------------------------------------------------
// Output

const round = (x: number): number => (x >= 100 ? Math.round(x) : Math.round(x * 10) / 10);
const ratio = (x: number): string => (x >= 10 ? String(Math.round(x)) : x.toPrecision(2));

function printSection(s: Section): void {
  console.log(`\n## ${s.title}\n`);
  const cols = Object.keys(s.rows[0] ?? {});
  const cell = (v: unknown): string => (v === null || v === undefined ? '—' : String(v));
  console.log(`| ${cols.join(' | ')} |`);
  console.log(`| ${cols.map((c, i) => (i === 0 || typeof s.rows[0]![c] === 'string' ? '---' : '---:')).join(' | ')} |`);
  for (const r of s.rows) console.log(`| ${cols.map((c) => cell(r[c])).join(' | ')} |`);
  if (s.note) console.log(`\n${s.note}`);
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { json: { type: 'string' } } });
  const machine = {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    v8: process.versions.v8,
    os: `${process.platform} ${execFileSync('uname', ['-r'], { encoding: 'utf8' }).trim()}`,
    loadAverageAtStart: loadavg().map((x) => round(x)),
  };
  console.log(`# policyc benchmark\n\nmachine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, Node ${machine.node}, ${machine.os}; load average at start ${machine.loadAverageAtStart.join(' ')}`);
  const policies = [await compileUserlike(), await compileSynthetic(197, 300)];
  const SECTIONS: (() => Promise<Section> | Section)[] = [() => guardChecks(policies), () => memberChecks(policies), idLookup, compileTimes, watchLatency];
  const sections: Section[] = [];
  for (const run of SECTIONS) {
    const s = await run();
    printSection(s);
    sections.push(s);
  }
  const loadAverageAtEnd = loadavg().map((x) => round(x));
  console.log(`\nload average at end ${loadAverageAtEnd.join(' ')}`);
  if (values.json) writeFileSync(values.json, JSON.stringify({ machine: { ...machine, loadAverageAtEnd }, command: 'npm run bench', sections }, null, 2) + '\n');
}

try {
  await main();
} finally {
  rmSync(TMP, { recursive: true, force: true });
}

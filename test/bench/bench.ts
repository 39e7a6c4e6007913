// `npm run bench`: guard checks against CASL, casbin, accesscontrol and plain lookups; canAccess,
// memberCan and isAncestor on a 10,000-node tier tree against the IR evaluator; compile times
// against policy size; the escalation analysis on 197 roles; watch latency; openAccount on a
// Zendesk account of 197 custom roles and 10,000 members, and the account's checks; the SpiceDB
// target against the guards (test/bench/spicedb.ts); the language server's edit-to-diagnostics
// latency (test/bench/lsp.ts). Never part of
// `npm test`: timings are only
// meaningful on a quiet machine and are never asserted. Prints tables; `--json <file>` writes the
// same figures. Every implementation's answers are checked against the resolved policy on the
// very queries that are timed, and the run stops if any is wrong.
//
// Each section is one function that returns rows, added to SECTIONS. `--only <name>` runs the
// sections whose name contains it (e.g. `--only tier`), for work on one section. The sections that
// time single checks (guard checks, member checks, tiers, account checks) run in `--processes` fresh processes
// (default 3) and report the median of their medians: between processes the same check differs by
// 2x and more on the shared development machine, far more than between runs of one process.

import { listFilter } from './list-filter.js';
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
import { perfectHashFunction } from '../../dist/emit/emit-guards.js';
import { buildPerfectHash } from '../../dist/emit/perfect-hash.js';
import { evaluateAccess, evaluateCan, isAncestorNode, type Actor, type Resource } from '../../dist/evaluate/evaluate.js';
import { syntheticPolicy, type SyntheticSize } from '../synthetic.js';
import { accessControlCheck, acResource, casbinCheck, caslCheck, plainObjectCheck } from './peers.js';
import { hostileLoad } from './hostile-load.js';
import { QUICK, reps } from './reps.js';
import { spicedbSection } from './spicedb.js';
import { customMayHold, isActionList, keptLowest, lowestValue } from './custom-grants.js';
import { lspSection } from './lsp.js';
import { delegationPolicy, tieredPolicy, type Generated } from './synthetic-tiered.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CLI = join(ROOT, 'dist/cli/main.js');
const TMP = mkdtempSync(join(tmpdir(), 'policyc-bench-'));

type Row = Record<string, string | number | null>;
interface Section {
  title: string;
  note?: string;
  rows: Row[];
  /** How many processes the figures come from, when more than this one. */
  processes?: number;
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
function timeImpl(impl: Impl, runs = reps(7, 3), minMs = reps(25, 10)): { median: number; min: number } {
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
  openAccount(data: unknown): { ok: true; account: AccountApi } | { ok: false; problems: { rule: string; message: string; path?: string }[] };
  ROLE_ID: Record<string, number>;
  PERMISSION_ID: Record<string, number>;
  LEVEL_ID: Record<string, Record<string, number>>;
}

interface AccountApi {
  can(roles: unknown, permission: unknown, atLeast?: unknown): boolean;
  memberCan(member: unknown, permission: unknown, atLeast?: unknown): boolean;
  levelOf(role: unknown, permission: unknown): string | readonly string[] | undefined;
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
      { name: 'casbin (RBAC model)', check: (await casbinCheck(ir)) as never, args: [q.roles, q.permissions, q.levels], count: big ? reps(8, 2) : reps(256, 64) },
    ];
    // The harness floor: the same loop calling a function that reads its arguments and answers
    // nothing (two pointer comparisons, always false). What a check costs net of the harness is its
    // time minus this one; it answers no query, so it is the one row not verified.
    const floorCheck = (r: unknown, p: unknown, l: unknown): boolean => r === p || p === l;
    // Timed before and after the others, the lower figure kept: the first timing of a process can
    // still include the JIT's work on the loop.
    const floorImpl: Impl = { name: 'floor', check: floorCheck as never, args: [q.roles, q.permissions, q.levels], count: QUERY_COUNT };
    const floorBefore = timeImpl(floorImpl);
    const times = impls.map((impl) => {
      verify(impl, q.expected, label);
      return timeImpl(impl, undefined, impl.name.startsWith('casbin') && big ? reps(200, 20) : undefined);
    });
    const floorAfter = timeImpl(floorImpl);
    const floor = floorAfter.median < floorBefore.median ? floorAfter : floorBefore;
    const ours = { median: 0 };
    const net = (x: number): number => Math.max(x - floor.median, 0.1);
    rows.push({ policy: label, implementation: 'harness floor (a callee that answers nothing)', 'ns/check (median)': round(floor.median), 'ns/check (min)': round(Math.min(floorBefore.min, floorAfter.min)), 'vs can()': null, 'vs can(), net of the floor': null, 'queries checked': QUERY_COUNT });
    for (const [i, impl] of impls.entries()) {
      const t = times[i]!;
      if (impl.name.startsWith('policyc can()')) ours.median = t.median;
      const mine = impl.name.startsWith('policyc can()');
      rows.push({
        policy: label,
        implementation: impl.name,
        'ns/check (median)': round(t.median),
        'ns/check (min)': round(t.min),
        'vs can()': mine ? '1x' : `${ratio(t.median / ours.median)}x`,
        'vs can(), net of the floor': mine ? '1x' : `${ratio(net(t.median) / net(ours.median))}x`,
        'queries checked': impl.count,
      });
    }
  }
  return {
    title: 'Guard checks: random (role, permission, level) queries over the whole policy',
    note: '"net of the floor": each time minus the harness floor of the same process, as a ratio to can() net of the floor; the targets for can() against CASL are read in this column.',
    rows,
  };
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
    const memberObjects = members.map((roles) => ({ roles }));
    const impls: Impl[] = [
      { name: 'policyc can(roles[]), string ids', check: g.can as never, args: [members, q.permissions, q.levels], count: QUERY_COUNT },
      { name: 'policyc memberCan({ roles }), string ids', check: g.memberCan as never, args: [memberObjects, q.permissions, q.levels], count: QUERY_COUNT },
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

// ---------------------------------------------------------------------------------------------
// Tiers: canAccess on a large organisation tree

const TIER_NODES = 10_000;
/** Super 8's shape: a root, 100 regional nodes, the remaining 9,899 nodes stores below them. */
const TIER_SIZE = { nodes: TIER_NODES, levels: [100], roles: 20, fillers: 40 } as const;
const TIER_LABEL = `tiers: ${TIER_NODES.toLocaleString('en')} nodes, 20 roles, 50 permissions`;

let tierPolicy: Promise<Compiled & { guardsBytes: number }> | undefined;
/** The tiered policy, compiled once for the guard section (the compile section times it separately). */
function compiledTiers(): Promise<Compiled & { guardsBytes: number }> {
  tierPolicy ??= compileDir(TIER_LABEL, writeFiles('tiers_10k', tieredPolicy(TIER_SIZE).files));
  return tierPolicy;
}

interface AccessQueries {
  actors: Actor[];
  resources: Resource[];
  actions: string[];
  plans: (string | undefined)[];
  expected: boolean[];
}

/**
 * `count` canAccess queries: an actor (id, one to three roles, a group, a tier node) and a resource
 * whose node is the actor's own, a child, a grandchild, the parent or any node; assignee,
 * followers and former assignees that sometimes are the actor; some private. Plans vary. Every
 * object has the same shape, as records read by one query of a service would.
 */
function accessQueries(ir: ResolvedPolicy, count: number, seed: number): AccessQueries {
  const rnd = rng(seed);
  const roleIds = Object.keys(ir.roles);
  const nodes = ir.tiers!.nodes;
  const nodeIds = Object.keys(nodes);
  const children = new Map<string, string[]>();
  for (const id of nodeIds) {
    const p = nodes[id]!.parent;
    if (p !== null) children.set(p, [...(children.get(p) ?? []), id]);
  }
  const pick = <T>(xs: readonly T[]): T => xs[rnd(xs.length)]!;
  const plans = [...Object.keys(ir.plans), undefined];
  const q: AccessQueries = { actors: [], resources: [], actions: [], plans: [], expected: [] };
  for (let i = 0; i < count; i++) {
    const id = intern(`member_${rnd(200)}`);
    const held = [...new Set(Array.from({ length: 1 + rnd(3) }, () => pick(roleIds.slice(1))))].map(intern);
    if (rnd(50) === 0) held.push(intern(roleIds[0]!));
    // Actors sit mostly in stores, some in regions, a few at the root; a few have no node.
    const r = rnd(20);
    const tier = r === 0 ? null : r < 3 ? intern(nodeIds[0]!) : r < 7 ? intern(pick(children.get(nodeIds[0]!)!)) : intern(pick(nodeIds));
    const actor: Actor = { id, roles: held, groups: [intern(`g${rnd(4)}`)], organization: null, tier };
    let where: string | null = null;
    const kid = tier !== null ? children.get(tier) : undefined;
    const rel = rnd(5);
    if (tier === null || rel === 4) where = intern(pick(nodeIds));
    else if (rel === 0) where = tier;
    else if (rel === 1 && kid) where = intern(pick(kid));
    else if (rel === 2 && kid) {
      const k = pick(kid);
      where = intern(children.get(k) ? pick(children.get(k)!) : k);
    } else where = intern(nodes[tier]!.parent ?? tier);
    const kind = rnd(2) === 0 ? 'conversation' : 'customer';
    const a = rnd(10);
    const resource: Resource = {
      kind: intern(kind),
      assignee: a < 2 ? id : a < 7 ? intern(`member_${rnd(200)}`) : null,
      followers: rnd(6) === 0 ? [id] : [],
      formerAssignees: rnd(10) === 0 ? [id] : [],
      group: intern(`g${rnd(4)}`),
      organization: null,
      tier: where,
      private: rnd(10) === 0,
    };
    const action = intern(pick(ir.resources[kind]!.actions));
    const plan = pick(plans);
    q.actors.push(actor);
    q.resources.push(resource);
    q.actions.push(action);
    q.plans.push(plan);
    q.expected.push(evaluateAccess(ir, actor, resource, action, plan).allowed);
  }
  return q;
}

async function tierChecks(): Promise<Section> {
  const { label, ir, guards: g } = await compiledTiers();
  const rows: Row[] = [];
  const add = (what: string, impls: Impl[], expected: boolean[]): void => {
    let ours = 0;
    for (const impl of impls) {
      verify(impl, expected, label);
      const t = timeImpl(impl);
      if (ours === 0) ours = t.median;
      const answered = expected.slice(0, impl.count);
      rows.push({
        query: what,
        implementation: impl.name,
        'ns/check (median)': round(t.median),
        'ns/check (min)': round(t.min),
        'vs first row': ours === t.median ? '1x' : `${ratio(t.median / ours)}x`,
        'queries checked': impl.count,
        'allowed %': Math.round((100 * answered.filter(Boolean).length) / answered.length),
      });
    }
  };

  // canAccess: the generated guard against the IR evaluator (the reference it is checked against).
  const a = accessQueries(ir, QUERY_COUNT, 0xacce55);
  const evalAccess = (actor: Actor, resource: Resource, action: string, plan: string | undefined): boolean => evaluateAccess(ir, actor, resource, action, plan).allowed;
  add('canAccess(actor, resource, action, plan)', [
    { name: 'policyc canAccess()', check: g.canAccess as never, args: [a.actors, a.resources, a.actions, a.plans], count: QUERY_COUNT },
    { name: 'IR evaluator evaluateAccess() (reference)', check: evalAccess as never, args: [a.actors, a.resources, a.actions, a.plans], count: 512 },
  ], a.expected);

  // Member checks with several roles: memberCan (roles and tier node), can(roles[]) (roles only).
  const q = makeQueries(ir, QUERY_COUNT, 0x7135);
  const members = a.actors.map((x) => ({ roles: x.roles, tier: x.tier }));
  const roleLists = members.map((m) => m.roles);
  const plans = a.plans;
  const memberExpected = members.map((m, i) => evaluateCan(ir, m.roles, q.permissions[i]!, q.levels[i], plans[i], m.tier));
  const evalMember = (m: { roles: string[]; tier: string | null }, p: string, l: string, plan: string | undefined): boolean => evaluateCan(ir, m.roles, p, l, plan, m.tier);
  add('memberCan({ roles, tier }, permission, level, plan)', [
    { name: 'policyc memberCan()', check: g.memberCan as never, args: [members, q.permissions, q.levels, plans], count: QUERY_COUNT },
    { name: 'IR evaluator evaluateCan() (reference)', check: evalMember as never, args: [members, q.permissions, q.levels, plans], count: 1024 },
  ], memberExpected);
  const canExpected = roleLists.map((roles, i) => evaluateCan(ir, roles, q.permissions[i]!, q.levels[i], plans[i]));
  add('can(roles[], permission, level, plan)', [{ name: 'policyc can(roles[])', check: g.can as never, args: [roleLists, q.permissions, q.levels, plans], count: QUERY_COUNT }], canExpected);

  // isAncestor: half the pairs are an ancestor and a node below it.
  const rnd = rng(0xa9c);
  const nodeIds = Object.keys(ir.tiers!.nodes);
  const anc: string[] = [];
  const below: string[] = [];
  for (let i = 0; i < QUERY_COUNT; i++) {
    const b = nodeIds[rnd(nodeIds.length)]!;
    const up: string[] = [];
    for (let p = ir.tiers!.nodes[b]!.parent; p !== null; p = ir.tiers!.nodes[p]!.parent) up.push(p);
    anc.push(intern(rnd(2) === 0 && up.length > 0 ? up[rnd(up.length)]! : nodeIds[rnd(nodeIds.length)]!));
    below.push(intern(b));
  }
  const ancExpected = anc.map((x, i) => isAncestorNode(ir, x, below[i]!));
  add('isAncestor(a, b)', [
    { name: 'policyc isAncestor()', check: g.isAncestor! as never, args: [anc, below, anc], count: QUERY_COUNT },
    { name: 'IR evaluator isAncestorNode() (walks up)', check: ((x: string, y: string) => isAncestorNode(ir, x, y)) as never, args: [anc, below, anc], count: QUERY_COUNT },
  ], ancExpected);

  return {
    title: `Tiers: canAccess and member checks on a ${TIER_NODES.toLocaleString('en')}-node tree (${label})`,
    note:
      'Every answer of every row is first compared with the IR evaluator (src/evaluate/evaluate.ts) on the same queries. ' +
      'Actors hold one to three roles and sit in a node; resources sit in the same node, a child, a grandchild, the parent or any node.',
    rows,
  };
}

/** Runs for a measurement whose first run took `firstMs`: fewer for slow ones, to keep the bench under ten minutes. */
const runsFor = (firstMs: number, quick: number): number => (firstMs > 1500 ? 3 : quick);

/**
 * Figures already measured in this run, by command or folder: the compile-times and scaling sections
 * share the 1,000 x 300 policy, and one measurement serves both.
 */
const measured = new Map<string, unknown>();

/** Median wall time of `policyc <args>` in a fresh process: `runs` runs, or fewer when one run is slow. */
function wall(args: string[], cwd: string, runs: number): number {
  const key = `wall\0${cwd}\0${args.join('\0')}`;
  if (measured.has(key)) return measured.get(key) as number;
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = now();
    const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', maxBuffer: 1 << 26 });
    ms.push(now() - t0);
    if (r.status !== 0) throw new Error(`policyc ${args.join(' ')} failed: ${r.stderr}`);
    if (i === 0) runs = Math.min(runs, runsFor(ms[0]!, runs));
  }
  measured.set(key, median(ms));
  return median(ms);
}

async function inProcess(dir: string, cwd: string, runs: number): Promise<{ check: number; emit: number; guards: string }> {
  const key = `in-process\0${cwd}\0${dir}`;
  if (measured.has(key)) return measured.get(key) as { check: number; emit: number; guards: string };
  const check: number[] = [];
  const emit: number[] = [];
  let guards = '';
  for (let i = 0; i < runs; i++) {
    const t0 = now();
    const r = checkPolicy(readPolicyDir(dir, cwd));
    const t1 = now();
    const files = await emitPolicy(r.ir!, r.dir);
    const t2 = now();
    check.push(t1 - t0);
    emit.push(t2 - t1);
    guards = files.find((f) => f.path === 'guards.ts')!.content;
    if (i === 0) runs = Math.min(runs, runsFor(t2 - t0, runs));
  }
  const result = { check: median(check), emit: median(emit), guards };
  measured.set(key, result);
  return result;
}

/**
 * What ts-morph's formatText costs on a file like the emitted guards.ts: the emitted text parsed
 * into a fresh in-memory project and formatted again, as emit-guards.ts does once per build for
 * guards of up to FORMAT_MAX_CHARS characters. Larger guards skip the formatter ("skipped (what it
 * would cost)"); which happened is seen in the output: formatting is idempotent, so formatted guards
 * come out of the formatter unchanged.
 */
function formatCost(source: string): string | number {
  if (QUICK) return 'not measured (--quick)';
  const project = new Project({ useInMemoryFileSystem: true });
  const t0 = now();
  const file = project.createSourceFile('guards.ts', source, { overwrite: true });
  file.formatText({ indentSize: 2, convertTabsToSpaces: true });
  const ms = round(now() - t0);
  const formatted = file.getFullText().replace(/\r\n/g, '\n').replace(/\n*$/, '\n') === source;
  return formatted ? ms : `skipped (${ms})`;
}

async function compileTimes(): Promise<Section> {
  const rows: Row[] = [];
  const out = join(TMP, 'out');
  const presets = readdirSync(join(ROOT, 'policies'), { withFileTypes: true }).filter((e) => e.isDirectory()).length;
  rows.push({
    input: `all presets (${presets} in policies/)`,
    'check wall ms': round(wall(['check'], ROOT, reps(7, 1))),
    'build wall ms': round(wall(['build', '--out', out], ROOT, reps(5, 1))),
    'check in-process ms': null,
    'emit in-process ms': null,
    'of which formatText ms': null,
    'guards.ts KiB': null,
    'in-process cost per unit': null,
  });
  const base: { check: number } = { check: 0 };
  const sizes: [label: string, dir: () => string, unit: [count: number, name: string] | null][] = [
    ['20 roles x 300 permissions', () => writePolicy('size_20_300', { roles: 20, permissions: 300 }), [20, 'role']],
    ['197 roles x 300 permissions', () => writePolicy('size_197_300', { roles: 197, permissions: 300 }), [197, 'role']],
    ['1,000 roles x 300 permissions', () => writePolicy('size_1000_300', { roles: 1000, permissions: 300 }), [1000, 'role']],
    ['20 roles x 300 permissions, 50,000 members (members/*.yaml, 5 files)', () => writePolicy('size_20_300_50000', { roles: 20, permissions: 300, members: 50_000 }), [50_000, 'member']],
    [`${TIER_NODES.toLocaleString('en')} tier nodes (20 roles x 50 permissions)`, () => writeFiles('size_tiers', tieredPolicy(TIER_SIZE).files), [TIER_NODES, 'node']],
    ['197 roles x 300 permissions with delegation (escalation analysis)', () => writeFiles('size_delegation_197', delegationPolicy({ roles: 197, permissions: 300 }).files), null],
  ];
  for (const [label, write, unit] of sizes) {
    const dir = write();
    const p = await inProcess(dir, TMP, reps(5, 1));
    if (label === '20 roles x 300 permissions') base.check = p.check;
    let perUnit: string | null = null;
    if (unit?.[1] === 'role') perUnit = `${round((p.check + p.emit) / unit[0])} ms/role`;
    // Members add to check only: their share is what the 50,000 add over the same policy without them.
    if (unit?.[1] === 'member') perUnit = `${round(((p.check - base.check) * 1000) / unit[0])} µs/member (check)`;
    if (unit?.[1] === 'node') perUnit = `${round(((p.check + p.emit) * 1000) / unit[0])} µs/node`;
    rows.push({
      input: label,
      'check wall ms': round(wall(['check', dir], TMP, reps(5, 1))),
      'build wall ms': round(wall(['build', dir, '--out', out], TMP, reps(5, 1))),
      'check in-process ms': round(p.check),
      'emit in-process ms': round(p.emit),
      'of which formatText ms': formatCost(p.guards),
      'guards.ts KiB': Math.round(Buffer.byteLength(p.guards) / 1024),
      'in-process cost per unit': perUnit,
    });
  }
  return {
    title: 'Compile times against size (wall: a fresh `node dist/cli/main.js` process; in-process: warm, median)',
    note:
      `Runs: ${reps(7, 1)} (check) and ${reps(5, 1)} (build) for the presets; ${reps(5, 1)} per size, at most 3 when one run takes over 1.5 s. ` +
      '"of which formatText": ts-morph parsing and formatting the emitted guards.ts once more, in a fresh in-memory project, as src/emit/emit-guards.ts does for guards of up to ' +
      'FORMAT_MAX_CHARS characters; "skipped": the build did not format these guards, and the figure in brackets is what formatting would have cost.',
    rows,
  };
}

/** A step is flagged when its cost grows by more than this factor over linear. */
const OVER_LINEAR = 1.5;

/**
 * Scaling curves: `check` and `build` for 10, 100 and 1,000 roles x 300 permissions, and for 10, 100
 * and 10,000 members (over 10 roles x 30 permissions, so that the members' share shows). Each size
 * is measured net of a base (1 role; no members), so that start-up and the fixed part of the policy
 * do not flatten the curve; a step's growth over linear is (net time ratio) / (size ratio), and a
 * step over OVER_LINEAR is flagged. A step is judged only when the smaller size's net time stands
 * above the noise: a quarter of the base's time, and at least 5 ms in-process, 50 ms wall.
 */
async function scalingCurves(): Promise<Section> {
  const out = join(TMP, 'out');
  const curves: { curve: string; unit: string; base: number; sizes: number[]; dir: (n: number) => string }[] = [
    { curve: 'roles x 300 permissions', unit: 'role', base: 1, sizes: [10, 100, 1000], dir: (n) => writePolicy(`size_${n}_300`, { roles: n, permissions: 300 }) },
    { curve: 'members, over 10 roles x 30 permissions', unit: 'member', base: 0, sizes: [10, 100, 10_000], dir: (n) => writePolicy(`members_${n}`, { roles: 10, permissions: 30, members: n }) },
  ];
  const measures = ['check wall', 'build wall', 'check in-process', 'build in-process'] as const;
  const noise: Record<(typeof measures)[number], number> = { 'check wall': 50, 'build wall': 50, 'check in-process': 5, 'build in-process': 5 };
  const rows: Row[] = [];
  for (const { curve, unit, base, sizes, dir } of curves) {
    const measure = async (n: number): Promise<Record<(typeof measures)[number], number>> => {
      const d = dir(n);
      const p = await inProcess(d, TMP, reps(5, 1));
      return { 'check wall': wall(['check', d], TMP, reps(5, 1)), 'build wall': wall(['build', d, '--out', out], TMP, reps(5, 1)), 'check in-process': p.check, 'build in-process': p.check + p.emit };
    };
    // Warm the compiler's code in this process first (three runs), so that the base is not timed cold.
    for (let i = 0; i < 3; i++) {
      await inProcess(dir(base), TMP, 1);
      measured.delete(`in-process\0${TMP}\0${dir(base)}`);
    }
    const b = await measure(base);
    rows.push({ curve, size: base, 'check wall ms': round(b['check wall']), 'build wall ms': round(b['build wall']), 'check in-process ms': round(b['check in-process']), 'build in-process ms': round(b['build in-process']), 'net per unit': `(base: ${base} ${unit}s)`, 'growth over linear': null, flag: null });
    let prev: { n: number; t: Record<(typeof measures)[number], number> } | undefined;
    for (const n of sizes) {
      const t = await measure(n);
      const net = (m: (typeof measures)[number], x: Record<(typeof measures)[number], number>): number => x[m] - b[m];
      const perUnit = (m: (typeof measures)[number]): string => {
        const ms = net(m, t) / (n - base);
        return ms >= 1 ? `${round(ms)} ms` : `${round(ms * 1000)} µs`;
      };
      const growth: string[] = [];
      const flagged: string[] = [];
      if (prev) {
        for (const m of measures) {
          const before = net(m, prev.t);
          if (before < Math.max(noise[m], b[m] / 4)) {
            growth.push(`${m} —`);
            continue;
          }
          const g = net(m, t) / before / ((n - base) / (prev.n - base));
          growth.push(`${m} ${ratio(g)}x`);
          if (g > OVER_LINEAR) flagged.push(m);
        }
      }
      rows.push({
        curve,
        size: n,
        'check wall ms': round(t['check wall']),
        'build wall ms': round(t['build wall']),
        'check in-process ms': round(t['check in-process']),
        'build in-process ms': round(t['build in-process']),
        'net per unit': `per ${unit}: check ${perUnit('check in-process')}, build ${perUnit('build in-process')} (in-process); check ${perUnit('check wall')}, build ${perUnit('build wall')} (wall)`,
        'growth over linear': prev ? growth.join('; ') : null,
        flag: prev ? (flagged.length ? `OVER LINEAR: ${flagged.join(', ')}` : 'ok') : null,
      });
      prev = { n, t };
    }
  }
  return {
    title: `Scaling curves: check and build against roles and members (a step over ${OVER_LINEAR}x linear is flagged)`,
    note:
      `Wall: a fresh \`node dist/cli/main.js\` process; in-process: warm, the median of ${reps(5, 1)} runs (at most 3 when one takes over 1.5 s); build in-process is check + emit. ` +
      '"net per unit": the time over the base row of the curve (1 role; no members), per role or member added. "growth over linear": for each step, the net time\'s growth divided by the size\'s growth (1x: linear); "—" where the smaller size\'s net time is within the noise (under a quarter of the base\'s time, or under 5 ms in-process, 50 ms wall).',
    rows,
  };
}

/** The escalation analysis (src/analyze/delegation.ts, src/analyze/rules/escalation.ts) on 197 roles, timed step by step. */
async function escalationAnalysis(): Promise<Section> {
  const rows: Row[] = [];
  const cases: [string, boolean][] = [
    ['197 x 300, delegation', true],
    ['197 x 300, no delegation', false],
  ];
  for (const [label, delegation] of cases) {
    const dir = writeFiles(`delegation_${delegation}`, delegationPolicy({ roles: 197, permissions: 300, delegation }).files);
    const r = checkPolicy(readPolicyDir(dir, TMP));
    if (!r.ok) throw new Error(`${dir} does not compile: ${r.diagnostics.find((d) => d.severity === 'error')?.message}`);
    const ir = r.ir!;
    const ctx = (policy: ResolvedPolicy) => ({ policy, merged: r.merged!, bag: new DiagnosticBag(() => ({ line: 1, column: 1 })), mainFile: `${dir}/policy.yaml` });
    const roles = Object.keys(ir.roles);
    const nonOwners = roles.filter((id) => ir.roles[id]!.kind !== 'owner');
    let held = 0;
    let edited = 0;
    let withPower = 0;
    for (const id of nonOwners) {
      const reach = reachFrom(ir, id);
      held += reach.held.size;
      edited += reach.edited.size;
      if (reach.held.size > 1 || reach.edited.size > 0) withPower++;
    }
    // Each run gets a fresh copy of the IR (copied outside the timing): the analysis may memoise per
    // IR (maxAllowed does), and `check` always analyses an IR it has just built.
    const timed = (what: string, fn: (ir: ResolvedPolicy) => void, runs = reps(5, 2)): void => {
      const ms: number[] = [];
      for (let i = 0; i < runs; i++) {
        const fresh = structuredClone(ir);
        const t0 = now();
        fn(fresh);
        ms.push(now() - t0);
      }
      rows.push({ policy: label, 'what is timed': what, 'ms (median)': round(median(ms)), 'ms (min)': round(Math.min(...ms)) });
    };
    timed(`reachFrom for each of the ${nonOwners.length} non-owner roles (what escalation-path does)`, (x) => nonOwners.forEach((id) => reachFrom(x, id)));
    timed('reachFrom for every role, owners included (explain --escalation, diff)', (x) => roles.forEach((id) => reachFrom(x, id)));
    timed('rule escalation-path', (x) => escalationPath(ctx(x)));
    timed('rule escalation-subset', (x) => escalationSubset(ctx(x)));
    timed('rules self-edit / self-assign and protected-role', (x) => {
      selfReach(ctx(x));
      protectedRole(ctx(x));
    });
    timed('the escalation analysis: the four rules above', (x) => {
      const c = ctx(x);
      selfReach(c);
      protectedRole(c);
      escalationSubset(c);
      escalationPath(c);
    });
    timed('every analysis rule (analyzePolicy)', (x) => analyzePolicy(ctx(x)));
    timed('check in-process (load, validate, resolve, analyse)', () => checkPolicy(readPolicyDir(dir, TMP)), reps(3, 1));
    // Cold: a fresh process analyses with code the JIT has not seen; compare the two policies' walls.
    rows.push({ policy: label, 'what is timed': `check wall (a fresh process, cold code; median of ${reps(5, 1)})`, 'ms (median)': round(wall(['check', dir], TMP, reps(5, 1))), 'ms (min)': null });
    rows.push({
      policy: label,
      'what is timed': `closure sizes: ${withPower} starts reach further than themselves; ${held} roles held and ${edited} edited over all starts; ${r.diagnostics.length} findings`,
      'ms (median)': null,
      'ms (min)': null,
    });
  }
  return {
    title: `Escalation analysis on 197 roles (in-process, warm code, a fresh copy of the IR per run; ${reps(5, 2)} runs, check ${reps(3, 1)}; check wall in a fresh process)`,
    note:
      'The delegation policy: team leads (every tenth custom role) may assign roles, every other lead may also edit them; each team is editableBy its lead, ' +
      'the leads editableBy an administrator who reaches them and the builtin roles; some team roles are customizable up to what their lead holds. The policy is clean (check passes). ' +
      '"no delegation" is the same roles without the delegation section.',
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
    for (let i = 0; i < reps(7, 2); i++) {
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
  return { title: `Watch: a saved one-line edit (a role name) until generated/<name>/guards.ts holds it (median of ${reps(7, 2)})`, rows };
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
  for (const n of [8, 16, 32, 64, 128, 300, 1000]) {
    const ids = Array.from({ length: n }, (_, i) => Object.keys({ [`area_${i % 12}.perm_${String(i).padStart(String(n - 1).length, '0')}`]: 1 })[0]!);
    const rnd = rng(n);
    const q = Array.from({ length: QUERY_COUNT }, () => ids[rnd(n)]!);
    const entries = JSON.stringify(Object.fromEntries(ids.map((x, i) => [x, i])));
    const make = (body: string): ((s: unknown) => boolean) => new Function(`${body}; return (s) => find(s) >= 0;`)() as never;
    const kinds: [string, (s: unknown) => boolean][] = [
      ['switch', make(`function find(s) { switch (s) { ${ids.map((x, i) => `case ${JSON.stringify(x)}: return ${i};`).join(' ')} default: return -1; } }`)],
      ['prototype-free object', make(`const T = Object.freeze(Object.assign(Object.create(null), ${entries})); function find(s) { const i = typeof s === 'string' ? T[s] : undefined; return i === undefined ? -1 : i; }`)],
      ['Map', make(`const M = new Map(Object.entries(${entries})); function find(s) { const i = M.get(s); return i === undefined ? -1 : i; }`)],
      // What the guards print for sets over SWITCH_MAX_IDS (src/emit/perfect-hash.ts).
      ['perfect hash', make(ts.transpileModule(perfectHashFunction('find', 'ID', ids, buildPerfectHash(ids)!), { compilerOptions: { target: ts.ScriptTarget.ES2022 } }).outputText)],
    ];
    for (const [kind, check] of kinds) ids.forEach((x, i) => {
      if ((check as unknown as (s: unknown) => boolean)(x) !== true) throw new Error(`${kind} does not find ${x}: the benchmark is void`);
    });
    const row: Row = { ids: n };
    for (const [kind, check] of kinds) row[`${kind} ns`] = round(timeImpl({ name: kind, check: check as never, args: [q, q, q], count: QUERY_COUNT }).median);
    rows.push(row);
  }
  return { title: 'Id lookup (one id, random among n): why small id sets use a switch and large ones a perfect hash', rows };
}

// ---------------------------------------------------------------------------------------------
// Accounts: openAccount and the account's checks, on the Zendesk preset

const ACCOUNT_MEMBERS = 10_000;

interface AccountBench {
  label: string;
  ir: ResolvedPolicy;
  guards: Guards;
  data: { plan: string; customRoles: { id: string; name: string; grants: Record<string, unknown> }[]; members: { id: string; roles: string[] }[] };
}

let accountBench: Promise<AccountBench> | undefined;

/** The custom objects of the benchmark's Zendesk account. */
const BENCH_OBJECTS: Record<string, string[]> = { custom_object: ['car', 'room'] };

/**
 * A Zendesk account at its limits: 197 custom roles in all (the policy's own three and 194 of the
 * account's), each granting every permission a custom role may hold at a random value (per object
 * for a per-object permission), and 10,000 members, each with one role (most of them a custom
 * role). Delegation permissions, and the permissions an error rule makes conditional, stay at
 * their lowest, so that no role may assign or edit roles and the data is valid.
 */

function zendeskAccount(): Promise<AccountBench> {
  return (accountBench ??= (async () => {
    const r = checkPolicy(readPolicyDir('policies/zendesk', ROOT));
    if (!r.ok) throw new Error('policies/zendesk does not compile');
    const ir = r.ir!;
    const guards = await importGuards(readFileSync(join(ROOT, 'generated/zendesk/guards.ts'), 'utf8'), 'zendesk');
    const rnd = rng(0xacc);
    const lowest = keptLowest(ir);
    const policyCustom = Object.values(ir.roles).filter((x) => x.kind === 'custom').length;
    const customCap = ir.limits.byPlan.maxCustomRoles?.enterprise ?? 197;
    const customRoles = Array.from({ length: customCap - policyCustom }, (_, i) => {
      const grants: Record<string, unknown> = {};
      for (const [id, p] of Object.entries(ir.permissions)) {
        if (!customMayHold(p)) continue;
        // A scale of options takes one option; a per-object permission is granted per object of the account.
        const pick = () => (isActionList(p) ? p.levels.filter(() => rnd(2) === 1) : p.levels[rnd(p.levels.length)]);
        const key = p.perObject === undefined ? [id] : (BENCH_OBJECTS[p.perObject] ?? []).map((o) => `${id}:${o}`);
        for (const k of key) grants[k] = lowest.has(id) ? lowestValue(p) : pick();
      }
      return { id: `custom_${i}`, name: `Custom role ${i}`, grants };
    });
    const members = Array.from({ length: ACCOUNT_MEMBERS }, (_, i) => ({
      id: `member_${i}`,
      roles: [i === 0 ? 'owner' : i % 10 === 0 ? 'agent' : customRoles[rnd(customRoles.length)]!.id],
    }));
    const data = { plan: 'enterprise', objects: BENCH_OBJECTS, customRoles, members };
    const opened = guards.openAccount(data);
    if (!opened.ok) throw new Error(`the benchmark account is invalid: ${opened.problems.slice(0, 3).map((p) => `${p.path} ${p.rule}: ${p.message}`).join('; ')}`);
    return { label: `Zendesk, ${customCap} custom roles x ${Object.keys(ir.permissions).length} permissions, ${ACCOUNT_MEMBERS.toLocaleString('en')} members`, ir, guards, data };
  })());
}

async function accountOpen(): Promise<Section> {
  const { label, guards: g, data } = await zendeskAccount();
  const ms: number[] = [];
  for (let i = 0; i < reps(15, 3); i++) {
    const t0 = now();
    const opened = g.openAccount(data);
    ms.push(now() - t0);
    if (!opened.ok) throw new Error('openAccount refused the benchmark account: the benchmark is void');
  }
  const json = JSON.stringify(data);
  return {
    title: 'openAccount: validating and compiling an account (target under 5 ms)',
    rows: [{ account: label, 'data KiB (as JSON)': Math.round(json.length / 1024), 'ms (median)': round(median(ms)), 'ms (min)': round(Math.min(...ms)), runs: ms.length }],
    note: 'Each run validates every custom role (values, names against every other role, admin-only and owner-only permissions, escalation), every member (roles, the owner count) and builds the tables; the first run includes the JIT warming up.',
  };
}

async function accountChecks(): Promise<Section> {
  const { label, ir, guards: g, data } = await zendeskAccount();
  const opened = g.openAccount(data);
  if (!opened.ok) throw new Error('openAccount refused the benchmark account');
  const account = opened.account;
  // Policy roles only, so that the static can() knows every role asked about; plan as the account's.
  const q = makeQueries(ir, QUERY_COUNT, 0xacc0);
  const plans = q.roles.map(() => data.plan);
  const expected = q.roles.map((r, i) => g.can(r, q.permissions[i], q.levels[i], data.plan));
  const rows: Row[] = [];
  const staticCan: Impl = { name: "static can(role, permission, level, 'enterprise')", check: g.can as never, args: [q.roles, q.permissions, q.levels, plans], count: QUERY_COUNT };
  const accountCan: Impl = { name: 'account.can(role, permission, level)', check: ((r: string, p: string, l: string) => account.can(r, p, l)) as never, args: [q.roles, q.permissions, q.levels], count: QUERY_COUNT };
  // Members holding a custom role, by member id: the answer must be the custom role's.
  const rnd = rng(0xacc1);
  const holders = data.members.filter((m) => m.roles[0]!.startsWith('custom_'));
  const mq = { members: [] as string[], roles: [] as string[] };
  for (let i = 0; i < QUERY_COUNT; i++) {
    const m = holders[rnd(holders.length)]!;
    mq.members.push(intern(m.id));
    mq.roles.push(m.roles[0]!);
  }
  // A per-object permission is asked with its object; the member questions ask the others.
  const perms = Object.keys(ir.permissions).filter((p) => ir.permissions[p]!.perObject === undefined);
  const mPerms = mq.members.map(() => intern(perms[rnd(perms.length)]!));
  const mLevels = mPerms.map((p) => intern(ir.permissions[p]!.levels[rnd(ir.permissions[p]!.levels.length)]!));
  // Expected from the data as written: a level at least the one granted, or an action in the list
  // (the benchmark roles hold no permission that implies another: checked here too).
  const grantedHolds = (role: string, p: string, l: string): boolean => {
    const v = data.customRoles.find((c) => c.id === role)!.grants[p];
    const levels = ir.permissions[p]!.levels;
    if (v === undefined) return ir.permissions[p]!.kind === 'ordered' && levels.indexOf(l) === 0;
    if (Array.isArray(v)) return v.includes(l);
    // One option of a scale of options holds itself and the options it includes.
    if (ir.permissions[p]!.single) return v === l || (ir.permissions[p]!.implies[v as string] ?? []).includes(l);
    return levels.indexOf(v as string) >= levels.indexOf(l);
  };
  const mExpected = mq.members.map((_, i) => account.can(mq.roles[i], mPerms[i], mLevels[i]));
  const fromData = mq.members.map((_, i) => grantedHolds(mq.roles[i]!, mPerms[i]!, mLevels[i]!));
  const implied = mExpected.filter((x, i) => x !== fromData[i]).length;
  // Implications only ever raise a value: whatever the data grants, the account must answer yes to.
  if (fromData.some((x, i) => x && !mExpected[i])) throw new Error('account.can denies a value the data grants: the benchmark is void');
  const memberCan: Impl = { name: 'account.memberCan(member id, permission, level), a custom role', check: ((m: string, p: string, l: string) => account.memberCan(m, p, l)) as never, args: [mq.members, mPerms, mLevels], count: QUERY_COUNT };
  const staticMember: Impl = { name: "static memberCan({ roles: ['agent'] }, permission, level, 'enterprise')", check: g.memberCan as never, args: [mq.members.map(() => ({ roles: ['agent'] })), mPerms, mLevels, plans], count: QUERY_COUNT };
  const staticMemberExpected = mPerms.map((p, i) => g.can('agent', p, mLevels[i], data.plan));
  let base = 0;
  for (const [impl, want] of [
    [staticCan, expected],
    [accountCan, expected],
    [memberCan, mExpected],
    [staticMember, staticMemberExpected],
  ] as const) {
    verify(impl, want, label);
    const t = timeImpl(impl);
    if (impl === staticCan) base = t.median;
    rows.push({ account: label, implementation: impl.name, 'ns/check (median)': round(t.median), 'ns/check (min)': round(t.min), 'vs static can()': impl === staticCan ? '1x' : `${ratio(t.median / base)}x` });
  }
  return {
    title: "Account checks: the account's can and memberCan against the static guards (target within 1.5x)",
    rows,
    note: `Queries: ${QUERY_COUNT} random (role, permission, level) over the policy's roles, answers checked against the static can(); ${QUERY_COUNT} (member, permission, level) over members holding a custom role, answers checked against account.can of that role (${fromData.length - implied} of them also equal to the values written in the data, the rest raised by implications).`,
  };
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

/** The commit measured, and whether src/ differs from it (read-only git commands). */
function gitCommit(): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src'], { cwd: ROOT, encoding: 'utf8' }).trim() !== '';
    return dirty ? `${head} with uncommitted changes in src/` : head;
  } catch {
    return 'unknown';
  }
}

/** The sections that time checks in nanoseconds: each runs in several fresh processes (see main). */
const CHECK_SECTIONS = new Set(['guard checks', 'member checks', 'tiers', 'account checks']);

/**
 * One section measured in several processes, row by row: the median of the per-process medians,
 * the lowest minimum, the median of the per-process ratios, and every process's median. Rows come
 * in the same order from every process (queries and policies are fixed).
 */
function mergeRuns(runs: Section[]): Section {
  const first = runs[0]!;
  const rows = first.rows.map((row, i) => {
    const out: Row = {};
    for (const [k, v] of Object.entries(row)) {
      const values = runs.map((s) => s.rows[i]![k]);
      if (k.endsWith('(median)')) out[k] = round(median(values as number[]));
      else if (k.endsWith('(min)')) {
        out[k] = round(Math.min(...(values as number[])));
        out['medians per process'] = values.length > 1 ? runs.map((s) => s.rows[i]![k.replace('(min)', '(median)')]).join(' / ') : null;
      } else if (k.startsWith('vs ')) out[k] = values.every((x) => x === null) ? null : values.every((x) => x === '1x') ? '1x' : `${ratio(median(values.map((x) => parseFloat(String(x)))))}x`;
      else out[k] = v;
    }
    return out;
  });
  return { ...first, rows };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { json: { type: 'string' }, only: { type: 'string' }, processes: { type: 'string' }, quick: { type: 'boolean', default: false }, child: { type: 'boolean', default: false } },
  });
  const machine = {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    v8: process.versions.v8,
    os: `${process.platform} ${execFileSync('uname', ['-r'], { encoding: 'utf8' }).trim()}`,
    loadAverageAtStart: loadavg().map((x) => round(x)),
    commit: gitCommit(),
  };
  if (!values.child) console.log(`# policyc benchmark\n\nmachine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, Node ${machine.node}, ${machine.os}; load average at start ${machine.loadAverageAtStart.join(' ')}; commit ${machine.commit}`);
  let compiled: Promise<Compiled[]> | undefined;
  const policies = (): Promise<Compiled[]> => (compiled ??= (async () => [await compileUserlike(), await compileSynthetic(197, 300)])());
  const SECTIONS: [string, () => Promise<Section> | Section][] = [
    ['guard checks', async () => guardChecks(await policies())],
    ['member checks', async () => memberChecks(await policies())],
    ['tiers', tierChecks],
    ['id lookup', idLookup],
    ['compile times', compileTimes],
    ['scaling', scalingCurves],
    ['escalation analysis', escalationAnalysis],
    ['watch', watchLatency],
    ['list filter', listFilter],
    ['account open', accountOpen],
    ['account checks', accountChecks],
    ['hostile load', () => hostileLoad(CLI, TMP, round)],
    ['spicedb', () => spicedbSection(ROOT, TMP)],
    ['lsp', () => lspSection(ROOT, TMP, round)],
  ];
  const selected = SECTIONS.filter(([name]) => (!values.only || name.includes(values.only)) && (!values.child || CHECK_SECTIONS.has(name)));
  // Nanosecond timings differ more between processes (JIT decisions, where the process runs on a
  // shared machine) than between runs of one process: the check sections run in `--processes`
  // fresh processes, one after another, and their figures are merged (mergeRuns).
  const processes = Math.max(1, Number(values.processes ?? (QUICK ? 1 : 3)) || 1);
  let children: { sections: Section[]; ms: number }[] | undefined;
  const fromChildren = (): { sections: Section[]; ms: number }[] => {
    children ??= Array.from({ length: processes }, (_, i) => {
      const file = join(TMP, `child-${i}.json`);
      const t0 = now();
      const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', '--json', file, ...(values.only ? ['--only', values.only] : []), ...(QUICK ? ['--quick'] : [])], { stdio: ['ignore', 'ignore', 'inherit'] });
      if (r.status !== 0) throw new Error(`benchmark process ${i + 1} of ${processes} failed`);
      return { sections: (JSON.parse(readFileSync(file, 'utf8')) as { sections: Section[] }).sections, ms: now() - t0 };
    });
    return children;
  };
  const sections: Section[] = [];
  const started = now();
  for (const [name, run] of selected) {
    const t0 = now();
    let s: Section;
    if (!values.child && processes > 1 && CHECK_SECTIONS.has(name)) {
      const runs = fromChildren().map((c) => c.sections[sections.filter((x) => x.processes !== undefined).length]!);
      s = { ...mergeRuns(runs), processes };
      s.note = `${s.note ? `${s.note}\n` : ''}(median of ${processes} processes; the check sections took ${Math.round(fromChildren().reduce((t, c) => t + c.ms, 0) / 1000)} s in all)`;
    } else {
      s = await run();
      if (!values.child) s.note = `${s.note ? `${s.note}\n` : ''}(section time ${Math.round((now() - t0) / 1000)} s)`;
    }
    if (!values.child) printSection(s);
    sections.push(s);
  }
  const loadAverageAtEnd = loadavg().map((x) => round(x));
  const totalSeconds = Math.round((now() - started) / 1000);
  if (!values.child) console.log(`\nload average at end ${loadAverageAtEnd.join(' ')}; ${totalSeconds} s in all`);
  const command = `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim();
  if (values.json) writeFileSync(values.json, JSON.stringify({ machine: { ...machine, loadAverageAtEnd }, command, totalSeconds, sections }, null, 2) + '\n');
}

try {
  await main();
} finally {
  rmSync(TMP, { recursive: true, force: true });
}

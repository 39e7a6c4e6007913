// Property-based tests of the escalation analysis (fast-check), on random small policies with
// inherited roles, permission implications, an action set, builtin and custom roles, admin roles,
// an admin-only permission, a permission that implies the power to assign roles, and roles whose
// values an administrator may raise (edits):
// - soundness: where the analysis reports an escalation path, its witness replays as allowed steps
//   of the delegation model and really ends with more than the start held;
// - completeness: where an independent brute-force search over every sequence of allowed steps
//   finds an escalation, the analysis reports one (escalation-path, or escalation-subset when a
//   single assignment suffices);
// - where the analysis accepts, random sequences of steps that the generated runtime validators
//   allow never leave any member holding more than the role everybody started from.
// Seeds vary from run to run; fast-check prints the seed and the shrunk policy of a failure, and
// FC_SEED=<seed> replays it.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { emitGuards } from '../../src/emit/emit-guards.js';
import type { ResolvedPolicy, Value } from '../../src/ir.js';
import { checkFiles, SCHEMA_LINE, tempDir } from '../helpers.js';

const SEED = process.env.FC_SEED === undefined ? {} : { seed: Number(process.env.FC_SEED) };

const LEVELS = ['off', 'read', 'edit'] as const;
const PERMS = ['p0', 'p1', 'p2', 'roles.manage', 'team.assign'] as const;

interface RoleSpec {
  grants: number[];
  alternatives: number[][];
  admin: boolean;
  editableBy: number[];
}

const roleSpec = (n: number): fc.Arbitrary<RoleSpec> =>
  fc.record({
    grants: fc.array(fc.integer({ min: 0, max: 2 }), { minLength: PERMS.length, maxLength: PERMS.length }),
    alternatives: fc.array(fc.subarray([0, 1, 2]), { minLength: PERMS.length, maxLength: PERMS.length }),
    admin: fc.boolean(),
    editableBy: fc.subarray(Array.from({ length: n + 1 }, (_, i) => i)),
  });

const policyArb = fc.integer({ min: 2, max: 4 }).chain((n) => fc.array(roleSpec(n), { minLength: n, maxLength: n }));

/** Role i is "r<i>"; index n stands for the owner in editableBy lists. */
function policyText(specs: RoleSpec[]): string {
  const n = specs.length;
  const name = (i: number) => (i === n ? 'owner' : `r${i}`);
  const roles: Record<string, unknown> = { owner: { name: 'Owner', kind: 'owner' } };
  specs.forEach((s, i) => {
    const grants: Record<string, unknown> = {};
    PERMS.forEach((p, k) => {
      grants[p] = { default: LEVELS[s.grants[k]!], allowed: s.alternatives[k]!.map((a) => LEVELS[a]) };
    });
    roles[name(i)] = {
      name: `Role ${i}`,
      ...(s.admin ? { admin: true } : {}),
      ...(s.editableBy.length ? { editableBy: s.editableBy.map(name) } : {}),
      grants,
    };
  });
  const doc = {
    scales: { access: { levels: [...LEVELS] } },
    permissions: Object.fromEntries(PERMS.map((p) => [p, { label: p, scale: 'access' }])),
    delegation: { manageRoles: [{ permission: 'roles.manage', atLeast: 'edit' }], assignRoles: [{ permission: 'team.assign', atLeast: 'edit' }] },
    roles,
    limits: { rolesPerMember: { min: 1, max: 3 } },
  };
  return SCHEMA_LINE(2) + JSON.stringify(doc, null, 1) + '\n';
}

const rank = (v: Value) => LEVELS.indexOf(v as (typeof LEVELS)[number]);
type G = Record<string, Value>;
const exceeds = (a: G, b: G) => PERMS.some((p) => rank(a[p]!) > rank(b[p]!));

// ---------------------------------------------------------------------------------------------
// The wide generator, for the analysis itself.

const ACTIONS = ['read', 'write', 'delete'] as const;
/** Ordered permissions, the action set "files", the admin-only "settings", "staffing" (implies team.assign=edit) and the two delegation permissions. */
const WIDE = ['p0', 'p1', 'files', 'settings', 'staffing', 'roles.manage', 'team.assign'] as const;
type WidePerm = (typeof WIDE)[number];
const isActions = (p: string): boolean => p === 'files';

/** A value of a permission: a level index, or a bit mask of actions for "files". */
const valueOf = (p: WidePerm, x: number): Value => (isActions(p) ? ACTIONS.filter((_, i) => x & (1 << i)) : LEVELS[x % 3]!);
const valueArb = (p: WidePerm): fc.Arbitrary<number> => fc.integer({ min: 0, max: isActions(p) ? 7 : 2 });

interface WideRole {
  kind: 'builtin' | 'custom';
  admin: boolean;
  /** Indices of earlier roles only, so that inheritance has no cycle. */
  inherits: number[];
  editableBy: number[];
  grants: Partial<Record<WidePerm, { value: number; allowed: number[] }>>;
}

const wideRoleArb = (i: number, n: number): fc.Arbitrary<WideRole> =>
  fc.record({
    kind: fc.constantFrom('builtin' as const, 'custom' as const),
    admin: fc.boolean(),
    inherits: i === 0 ? fc.constant([]) : fc.subarray(Array.from({ length: i }, (_, k) => k), { maxLength: Math.min(2, i) }),
    editableBy: fc.subarray(Array.from({ length: n + 1 }, (_, k) => k), { maxLength: 2 }),
    grants: fc.record(
      Object.fromEntries(WIDE.map((p) => [p, fc.record({ value: valueArb(p), allowed: fc.array(valueArb(p), { maxLength: 2 }) })])) as {
        [P in WidePerm]: fc.Arbitrary<{ value: number; allowed: number[] }>;
      },
      { requiredKeys: [] },
    ),
  });

const widePolicyArb = fc
  .integer({ min: 2, max: 5 })
  .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => wideRoleArb(i, n))))
  .map((roles) => roles as WideRole[]);

/** Role i is "r<i>"; index n stands for the owner. p1 implies p0 at read, staffing team.assign at edit; "write" implies "read". */
function widePolicyText(specs: WideRole[]): string {
  const n = specs.length;
  const name = (i: number) => (i === n ? 'owner' : `r${i}`);
  const roles: Record<string, unknown> = { owner: { name: 'Owner', kind: 'owner' } };
  specs.forEach((s, i) => {
    const grants: Record<string, unknown> = {};
    for (const [p, g] of Object.entries(s.grants) as [WidePerm, { value: number; allowed: number[] }][]) {
      grants[p] = g.allowed.length ? { default: valueOf(p, g.value), allowed: g.allowed.map((a) => valueOf(p, a)) } : valueOf(p, g.value);
    }
    roles[name(i)] = {
      name: `Role ${i}`,
      ...(s.kind === 'custom' ? { kind: 'custom' } : {}),
      ...(s.admin ? { admin: true } : {}),
      ...(s.inherits.length ? { inherits: s.inherits.map(name) } : {}),
      ...(s.editableBy.length ? { editableBy: s.editableBy.map(name) } : {}),
      grants,
    };
  });
  const doc = {
    scales: { access: { levels: [...LEVELS] }, file: { actions: [...ACTIONS], implies: { write: ['read'] } } },
    permissions: {
      p0: { label: 'p0', scale: 'access' },
      p1: { label: 'p1', scale: 'access', implies: { p0: 'read' } },
      files: { label: 'files', scale: 'file' },
      settings: { label: 'settings', scale: 'access', adminOnly: true },
      staffing: { label: 'staffing', scale: 'access', implies: { 'team.assign': 'edit' } },
      'roles.manage': { label: 'roles.manage', scale: 'access' },
      'team.assign': { label: 'team.assign', scale: 'access' },
    },
    delegation: { manageRoles: [{ permission: 'roles.manage', atLeast: 'edit' }], assignRoles: [{ permission: 'team.assign', atLeast: 'edit' }] },
    roles,
  };
  return SCHEMA_LINE(2) + JSON.stringify(doc, null, 1) + '\n';
}

// An independent statement of the delegation model, to replay witnesses and search against.

/** Whether value a holds at least value b: level order, or action-set inclusion. */
function atLeast(a: Value, b: Value): boolean {
  if (typeof a === 'string' && typeof b === 'string') return rank(a) >= rank(b);
  return (b as readonly string[]).every((x) => (a as readonly string[]).includes(x));
}
function higher(a: Value, b: Value): Value {
  if (typeof a === 'string' && typeof b === 'string') return rank(a) >= rank(b) ? a : b;
  return ACTIONS.filter((x) => (a as readonly string[]).includes(x) || (b as readonly string[]).includes(x));
}
const holdsMore = (ir: ResolvedPolicy, a: G, b: G): boolean => Object.keys(ir.permissions).some((p) => !atLeast(b[p]!, a[p]!));
/** Implications as the README states them: a permission held above its lowest value raises each target to at least its value, transitively. */
function implied(ir: ResolvedPolicy, g: G): G {
  const out = { ...g };
  for (let changed = true; changed; ) {
    changed = false;
    for (const [p, def] of Object.entries(ir.permissions)) {
      const v = out[p]!;
      if (typeof v === 'string' ? rank(v) === 0 : v.length === 0) continue;
      for (const [t, least] of Object.entries(def.implies)) {
        if (atLeast(out[t]!, least)) continue;
        out[t] = higher(out[t]!, least);
        changed = true;
      }
    }
  }
  return out;
}
/** A role's grants once edited: every value an administrator may choose, at its highest, with what those values imply. */
const raised = (ir: ResolvedPolicy, role: string): G =>
  implied(ir, Object.fromEntries(Object.keys(ir.permissions).map((p) => [p, ir.roles[role]!.allowed[p]!.reduce(higher, ir.roles[role]!.grants[p]!)])));

function powers(ir: ResolvedPolicy, role: string, g: G) {
  const owner = ir.roles[role]!.kind === 'owner';
  return { manage: owner || rank(g['roles.manage']!) >= 2, assign: owner || rank(g['team.assign']!) >= 2 };
}
function reach(ir: ResolvedPolicy, actor: string, target: string): boolean {
  const a = ir.roles[actor]!;
  const t = ir.roles[target]!;
  if (a.kind === 'owner') return true;
  if (t.kind === 'owner') return false;
  if (t.editableBy.length) return t.editableBy.includes(actor);
  return t.admin ? a.admin : true;
}

/**
 * Brute force: every state (roles held by the coalition, roles edited) reachable from one member of
 * `start` by single allowed steps, searched breadth-first without relying on monotonicity. Returns
 * whether some reachable state holds a role with more than the start held.
 */
function bruteForce(ir: ResolvedPolicy, start: string): boolean {
  const roles = Object.keys(ir.roles);
  const base = ir.roles[start]!.grants;
  const key = (held: Set<string>, edited: Set<string>) => `${[...held].sort().join(',')}|${[...edited].sort().join(',')}`;
  const current = (edited: Set<string>, r: string): G => (edited.has(r) ? raised(ir, r) : ir.roles[r]!.grants);
  const seen = new Set<string>();
  const todo: [Set<string>, Set<string>][] = [[new Set([start]), new Set()]];
  while (todo.length) {
    const [held, edited] = todo.shift()!;
    const k = key(held, edited);
    if (seen.has(k)) continue;
    seen.add(k);
    for (const r of held) if (holdsMore(ir, current(edited, r), base)) return true;
    for (const actor of held) {
      const pw = powers(ir, actor, current(edited, actor));
      for (const t of roles) {
        if (!reach(ir, actor, t)) continue;
        if (pw.assign && !held.has(t)) todo.push([new Set([...held, t]), edited]);
        if (pw.manage && t !== actor && !edited.has(t) && ir.roles[t]!.kind !== 'owner') todo.push([held, new Set([...edited, t])]);
      }
    }
  }
  return false;
}

/** Replays a reported chain step by step against the independent model; returns the role and permission gained. */
function replay(ir: ResolvedPolicy, message: string): void {
  const start = /starting from "([^"]+)"/.exec(message)![1]!;
  const chain = message.slice(message.indexOf(': ', message.indexOf('holds')) + 2).split(' -> ');
  const gains = /^(\S+) gains ([^=]+)=(.+)$/.exec(chain.pop()!)!;
  const held = new Set([start]);
  const edited = new Set<string>();
  const current = (r: string): G => (edited.has(r) ? raised(ir, r) : ir.roles[r]!.grants);
  for (const step of chain) {
    const [by, verb, role] = step.split(' ') as [string, 'assigns' | 'edits', string];
    expect(held.has(by), `${step}: ${by} is held`).toBe(true);
    expect(reach(ir, by, role), `${step}: ${by} reaches ${role}`).toBe(true);
    const pw = powers(ir, by, current(by));
    if (verb === 'assigns') {
      expect(pw.assign, `${step}: ${by} may assign`).toBe(true);
      held.add(role);
    } else {
      expect(pw.manage && role !== by && ir.roles[role]!.kind !== 'owner', `${step}: ${by} may edit`).toBe(true);
      edited.add(role);
    }
  }
  const [, role, perm, shown] = gains as unknown as [string, string, string, string];
  expect(held.has(role)).toBe(true);
  const got = current(role)[perm]!;
  expect(typeof got === 'string' ? got : [...got].sort()).toEqual(shown.startsWith('[') ? shown.slice(1, -1).split(', ').filter(Boolean).sort() : shown);
  expect(atLeast(ir.roles[start]!.grants[perm]!, got), `${role} gains ${perm} beyond ${start}`).toBe(false);
}

describe('escalation analysis (property-based)', () => {
  it('sound and complete: reported paths replay; every escalation brute force finds is reported', () => {
    const seen = { policies: 0, paths: 0, found: 0, subsetOnly: 0 };
    fc.assert(
      fc.property(widePolicyArb, (specs) => {
        const result = checkFiles({ 'policy.yaml': widePolicyText(specs) });
        const ir = result.ir;
        expect(ir, JSON.stringify(result.diagnostics.map((d) => `${d.rule} ${d.path}`))).toBeDefined();
        seen.policies++;
        const reported = (rule: string, role: string) =>
          result.diagnostics.filter((d) => d.rule === rule && d.path === `/roles/${role}`);
        for (const start of Object.keys(ir!.roles)) {
          if (ir!.roles[start]!.kind === 'owner') continue;
          const paths = reported('escalation-path', start);
          expect(paths.length).toBeLessThanOrEqual(1);
          for (const d of paths) {
            seen.paths++;
            replay(ir!, d.message);
          }
          const real = bruteForce(ir!, start);
          if (!real) {
            expect(paths, `no escalation from ${start}, yet a path is reported`).toEqual([]);
            continue;
          }
          seen.found++;
          const subset = reported('escalation-subset', start);
          if (!paths.length) seen.subsetOnly++;
          expect(paths.length + subset.length, `brute force escalates from ${start}; the analysis reports nothing`).toBeGreaterThan(0);
        }
      }),
      { numRuns: 250, ...SEED },
    );
    // The generator must reach the interesting cases often enough for the properties to mean something.
    expect(seen.paths).toBeGreaterThan(5);
    expect(seen.found).toBeGreaterThan(seen.paths);
  }, 60_000);

  it('where the analysis accepts, steps the generated validators allow never exceed the start', async () => {
    const dir = tempDir();
    mkdirSync(dir, { recursive: true });
    const accepted: { ir: ResolvedPolicy; specs: RoleSpec[] }[] = [];
    fc.assert(
      fc.property(policyArb, (specs) => {
        const r = checkFiles({ 'policy.yaml': policyText(specs) });
        // Only policies where some non-owner role holds a delegation power exercise the validators.
        const active = r.ir && Object.values(r.ir.roles).some((x) => x.kind !== 'owner' && (x.grants['team.assign'] === 'edit' || x.grants['roles.manage'] === 'edit'));
        if (r.ok && active && accepted.length < 12) accepted.push({ ir: r.ir!, specs });
      }),
      { numRuns: 1500, ...SEED },
    );
    expect(accepted.length).toBeGreaterThan(10);
    let applied = 0;
    for (const [i, { ir }] of accepted.entries()) {
      const js = ts.transpileModule(emitGuards(ir, 'property'), { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext } }).outputText;
      const file = join(dir, `guards-${i}.mjs`);
      writeFileSync(file, js);
      const g = (await import(pathToFileURL(file).href)) as { [k in 'canAssignRole' | 'canRemoveRole' | 'validateRoleDraft']: (...args: any[]) => { ok: boolean } }; // ids come from data: untyped
      const starts = Object.keys(ir.roles).filter((r) => ir.roles[r]!.kind !== 'owner' && (ir.roles[r]!.grants['team.assign'] === 'edit' || ir.roles[r]!.grants['roles.manage'] === 'edit'));
      const ops = fc.array(
        fc.record({ actor: fc.nat(2), target: fc.nat(2), op: fc.constantFrom('assign', 'remove', 'create'), role: fc.nat(10), grants: fc.array(fc.nat(2), { minLength: PERMS.length, maxLength: PERMS.length }) }),
        { maxLength: 12 },
      );
      fc.assert(
        fc.property(fc.constantFrom(...starts), ops, (start, steps) => {
          const members = [0, 1, 2].map((k) => ({ id: `m${k}`, roles: [start] as string[] }));
          const custom: { id: string; name: string; grants: Record<string, string> }[] = [];
          const ctx = () => ({ customRoles: custom, members });
          const base = ir.roles[start]!.grants;
          const power = (roles: readonly string[]): G => {
            const out: G = Object.fromEntries(PERMS.map((p) => [p, 'off']));
            for (const r of roles) {
              const g2: G = ir.roles[r] ? ir.roles[r]!.grants : (custom.find((c) => c.id === r)?.grants ?? {});
              for (const p of PERMS) if (g2[p] && rank(g2[p]!) > rank(out[p]!)) out[p] = g2[p]!;
            }
            return out;
          };
          for (const s of steps) {
            const actor = members[s.actor]!;
            const target = members[s.target]!;
            const all = [...Object.keys(ir.roles), ...custom.map((c) => c.id)];
            const role = all[s.role % all.length]!;
            let v;
            if (s.op === 'assign') v = g.canAssignRole(actor, target, role, ctx());
            else if (s.op === 'remove') v = g.canRemoveRole(actor, target, role, ctx());
            else {
              const draft = { id: `c${custom.length}`, name: `Custom ${custom.length}`, grants: Object.fromEntries(PERMS.map((p, k) => [p, LEVELS[s.grants[k]!]!])) };
              v = g.validateRoleDraft(actor, draft as never, ctx());
              if (v.ok) custom.push(draft);
              applied += v.ok ? 1 : 0;
              continue;
            }
            if (!v.ok) continue;
            applied++;
            target.roles = s.op === 'assign' ? (target.roles.includes(role) ? target.roles : [...target.roles, role]) : target.roles.filter((r) => r !== role);
            for (const m of members) expect(exceeds(power(m.roles), base), `${m.id} exceeds ${start} after ${JSON.stringify(s)}`).toBe(false);
          }
        }),
        { numRuns: 30, ...SEED },
      );
    }
    expect(applied).toBeGreaterThan(50);
  }, 120_000);
});

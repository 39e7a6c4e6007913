// Property-based tests of the escalation analysis (fast-check), on random small policies:
// - where the analysis reports an escalation path, its witness replays as allowed steps of the
//   delegation model and really ends with more than the start held;
// - where the analysis accepts, random sequences of steps that the generated runtime validators
//   allow never leave any member holding more than the role everybody started from.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { emitGuards } from '../../src/emit/emit-guards.js';
import type { ResolvedPolicy, Value } from '../../src/ir.js';
import { checkFiles, SCHEMA_LINE, tempDir } from '../helpers.js';

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

// An independent statement of the delegation model's steps, to replay witnesses against.
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

describe('escalation analysis (property-based)', () => {
  it('every reported escalation path replays as allowed steps and ends above its start', () => {
    let witnesses = 0;
    fc.assert(
      fc.property(policyArb, (specs) => {
        const result = checkFiles({ 'policy.yaml': policyText(specs) });
        const ir = result.ir!;
        for (const d of result.diagnostics.filter((x) => x.rule === 'escalation-path')) {
          witnesses++;
          const start = /starting from "([^"]+)"/.exec(d.message)![1]!;
          const chain = d.message.slice(d.message.indexOf(': ', d.message.indexOf('holds')) + 2).split(' -> ');
          const gains = /^(\S+) gains ([^=]+)=(\S+)$/.exec(chain.pop()!)!;
          const held = new Set([start]);
          const current: Record<string, G> = Object.fromEntries(Object.entries(ir.roles).map(([r, v]) => [r, { ...v.grants }]));
          for (const step of chain) {
            const [by, verb, role] = step.split(' ') as [string, 'assigns' | 'edits', string];
            expect(held.has(by), `${step}: ${by} is held`).toBe(true);
            expect(reach(ir, by, role), `${step}: ${by} reaches ${role}`).toBe(true);
            const pw = powers(ir, by, current[by]!);
            if (verb === 'assigns') {
              expect(pw.assign, `${step}: ${by} may assign`).toBe(true);
              held.add(role);
            } else {
              expect(pw.manage && role !== by, `${step}: ${by} may edit`).toBe(true);
              for (const p of PERMS) current[role]![p] = ir.roles[role]!.allowed[p]!.reduce((m, v) => (rank(v) > rank(m) ? v : m), current[role]![p]!);
            }
          }
          expect(held.has(gains[1]!)).toBe(true);
          expect(current[gains[1]!]![gains[2]!]).toBe(gains[3]);
          expect(rank(gains[3]!)).toBeGreaterThan(rank(ir.roles[start]!.grants[gains[2]!]!));
        }
      }),
      { numRuns: 800, seed: 20261123 },
    );
    // The generator must reach the interesting case often enough for the property to mean something.
    expect(witnesses).toBeGreaterThan(10);
  });

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
      { numRuns: 1500, seed: 7 },
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
        { numRuns: 30, seed: i },
      );
    }
    expect(applied).toBeGreaterThan(50);
  }, 120_000);
});

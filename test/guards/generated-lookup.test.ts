// Generated guards of synthetic policies, compiled by the real compiler and imported: the id
// lookups (a switch for small id sets, a perfect hash for large ones) must agree with the resolved policy for every role, permission and level,
// including ids built at run time (not interned) and near-misses of real ids.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import { emitGuards, SWITCH_MAX_IDS } from '../../src/emit/emit-guards.js';
import type { ResolvedPolicy } from '../../src/ir.js';
import { checkFiles, tempDir } from '../helpers.js';
import { syntheticPolicy } from '../synthetic.js';

interface Guards {
  can(roles: unknown, permission: unknown, atLeast?: unknown): boolean;
  canId(role: number, permission: number, level: number): boolean;
  roleId(value: unknown): number;
  permissionId(value: unknown): number;
  isRole(value: unknown): boolean;
  levelOf(role: unknown, permission: unknown): unknown;
  ROLE_ID: Record<string, number>;
  PERMISSION_ID: Record<string, number>;
  LEVEL_ID: Record<string, Record<string, number>>;
}

// Both lookups: every set below the switch limit, then every set above it.
describe.each([
  [40, 60],
  [SWITCH_MAX_IDS + 20, SWITCH_MAX_IDS + 10],
])('generated guards of a %i x %i policy', (roleCount, permissionCount) => {
let ir: ResolvedPolicy;
let g: Guards;
let source: string;

beforeAll(async () => {
  const result = checkFiles(syntheticPolicy({ roles: roleCount, permissions: permissionCount, members: 10 }).files, 'synthetic');
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  ir = result.ir!;
  source = emitGuards(ir, 'policies/synthetic');
  const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
  const file = join(tempDir(), 'guards.mjs');
  writeFileSync(file, js);
  g = (await import(file)) as Guards;
});

/** The same string, built at run time so that it is not the interned literal. */
const fresh = (s: string): string => [...s].join('');

it('uses the lookup meant for its size', () => {
  const big = roleCount > SWITCH_MAX_IDS;
  expect(source.includes('function roleIndex(s: unknown): number {\n  if (typeof s !== \'string\') return -1;\n  const h = ')).toBe(big);
  expect(source.includes('new Map([')).toBe(false);
  expect(source.includes('case "role_')).toBe(!big);
});

describe('ids, levels and answers', () => {
  it('find every role and permission at its declared position', () => {
    Object.keys(ir.roles).forEach((r, i) => {
      expect(g.roleId(r)).toBe(i);
      expect(g.roleId(fresh(r))).toBe(i);
      expect(g.ROLE_ID[r]).toBe(i);
    });
    Object.keys(ir.permissions).forEach((p, i) => {
      expect(g.permissionId(p)).toBe(i);
      expect(g.PERMISSION_ID[p]).toBe(i);
    });
  });

  it('can, canId and levelOf agree with the resolved policy for every cell and level', () => {
    let checked = 0;
    for (const [r, role] of Object.entries(ir.roles)) {
      for (const [p, perm] of Object.entries(ir.permissions)) {
        const v = role.grants[p]!;
        const held = g.levelOf(r, p);
        expect(typeof v === 'string' ? held : [...(held as string[])].sort()).toEqual(v); // the IR sorts actions by name
        perm.levels.forEach((level, i) => {
          const want = typeof v === 'string' ? perm.levels.indexOf(v) >= i : v.includes(level);
          expect(g.can(r, p, level)).toBe(want);
          expect(g.can(fresh(r), fresh(p), fresh(level))).toBe(want);
          expect(g.canId(g.ROLE_ID[r]!, g.PERMISSION_ID[p]!, g.LEVEL_ID[p]![level]!)).toBe(want);
          checked++;
        });
        const any = typeof v === 'string' ? v !== perm.levels[0] : v.length > 0;
        expect(g.can(r, p)).toBe(any);
      }
    }
    expect(checked).toBeGreaterThan(roleCount * permissionCount * 2);
  });

  it('deny near-misses of real ids and levels of other scales', () => {
    const [r] = Object.keys(ir.roles);
    const toggle = Object.keys(ir.permissions).find((p) => ir.permissions[p]!.levels.join() === 'off,on')!;
    for (const bad of [r + '_', r!.slice(0, -1), r!.toUpperCase(), ` ${r}`, '', 'x'.repeat(1000), '__proto__']) {
      expect(g.isRole(bad)).toBe(false);
      expect(g.can(bad, toggle, 'on')).toBe(false);
    }
    expect(g.can(r, toggle, 'edit')).toBe(false); // a level, but not of this permission
    expect(g.can(r, toggle.replace('perm', 'prem'), 'on')).toBe(false);
  });
});
});

// The perfect hash behind the generated lookups of large id sets (src/emit/perfect-hash.ts): every
// id finds its own index, anything else is refused, the printed function computes exactly what
// `lookup` computes, and sets it cannot separate fall back to a Map.

import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { indexFunction, perfectHashFunction } from '../../src/emit/emit-guards.js';
import { buildPerfectHash, hashOf, lookup } from '../../src/emit/perfect-hash.js';

const pad = (i: number, n: number): string => String(i).padStart(String(n - 1).length, '0');
const range = (n: number, f: (i: number) => string): string[] => Array.from({ length: n }, (_, i) => f(i));

/** The printed TypeScript, transpiled and loaded as a function. */
function compiled(source: string, name: string): (s: unknown) => number {
  const js = ts.transpileModule(source, { compilerOptions: { target: ts.ScriptTarget.ES2022 } }).outputText;
  return new Function(`${js}\nreturn ${name};`)() as (s: unknown) => number;
}

/** Strings close to the ids: one character changed at each end and in the middle, cut, extended. */
function nearMisses(ids: readonly string[]): string[] {
  const out: string[] = [];
  for (const id of ids.slice(0, 50)) {
    for (const at of [0, id.length >> 1, id.length - 1]) out.push(id.slice(0, at) + String.fromCharCode(id.charCodeAt(at) ^ 1) + id.slice(at + 1));
    out.push(id.slice(0, -1), `${id}_`, `_${id}`, id.toUpperCase(), `${id}\u0000`);
  }
  const known = new Set(ids);
  return out.filter((s) => !known.has(s));
}

const SETS: [name: string, ids: string[]][] = [
  ['300 synthetic permissions', range(300, (i) => `area_${i % 12}.perm_${pad(i, 300)}`)],
  ['197 synthetic roles', range(197, (i) => `role_${pad(i, 197)}`)],
  ['1,000 roles', range(1000, (i) => `role_${pad(i, 1000)}`)],
  ['65 ids differing in one middle character run', range(65, (i) => `tickets.${pad(i, 65)}.view`)],
  ['words of every length', range(120, (i) => 'abcdefghijklmnopqrstuvwxyz'.repeat(3).slice(i % 7, (i % 7) + 1 + Math.floor(i / 7)))],
  ['non-ASCII ids', range(80, (i) => `r\u00f4le_${String.fromCharCode(0x4e00 + i)}`)],
];
const UNKNOWN: unknown[] = ['', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'x'.repeat(10_000), 0, 1, -1, null, undefined, true, {}, [], Symbol('s'), 12n];

describe.each(SETS)('a perfect hash of %s', (_name, ids) => {
  const hash = buildPerfectHash(ids)!;
  const printed = compiled(perfectHashFunction('find', 'ID', ids, hash), 'find');

  it('is found, within its size limits', () => {
    expect(hash).toBeDefined();
    expect(hash.positions.length).toBeLessThanOrEqual(6);
    expect(hash.slots.length).toBeGreaterThanOrEqual(2 * ids.length);
    expect(hash.slots.length).toBeLessThanOrEqual(4 * ids.length + 4);
    expect(hash.slots.filter((s) => s >= 0).sort((a, b) => a - b)).toEqual(ids.map((_, i) => i));
  });

  it('gives every id its index, in `lookup` and in the printed function, interned or built at run time', () => {
    ids.forEach((id, i) => {
      expect(lookup(hash, ids, id)).toBe(i);
      expect(printed(id)).toBe(i);
      expect(printed([...id].join(''))).toBe(i);
    });
    expect(new Set(ids.map((id) => hashOf(hash, id))).size).toBe(ids.length);
  });

  it('refuses near misses, prototype keys and non-strings', () => {
    for (const s of [...nearMisses(ids), ...UNKNOWN]) {
      expect(lookup(hash, ids, s)).toBe(-1);
      expect(printed(s)).toBe(-1);
    }
  });

  it('is the same on every build', () => {
    expect(buildPerfectHash([...ids])).toEqual(hash);
    expect(perfectHashFunction('find', 'ID', ids, buildPerfectHash(ids)!)).toBe(perfectHashFunction('find', 'ID', ids, hash));
  });
});

describe('ids the character positions cannot tell apart', () => {
  // The ids differ only in characters more than 64 places from either end.
  const ids = range(70, (i) => `${'a'.repeat(70)}${pad(i, 70)}${'b'.repeat(70)}`);

  it('get no perfect hash, and the generated lookup falls back to a Map', () => {
    expect(buildPerfectHash(ids)).toBeUndefined();
    const source = indexFunction('roleIndex', ids);
    expect(source).toContain('new Map(');
    const find = compiled(source, 'roleIndex');
    ids.forEach((id, i) => expect(find(id)).toBe(i));
    for (const s of [...nearMisses(ids), ...UNKNOWN]) expect(find(s)).toBe(-1);
  });
});

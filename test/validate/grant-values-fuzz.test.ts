// Fuzzing the schema stage with hostile grant values (fast-check): a random grant of a role (userlike
// preset) or of a tier node (super8 preset) gets a random value. The policy is then either accepted or refused with a
// located error; a text that is a level of the permission's scale is never refused as a value, and
// every other scalar is refused on the grant's own line. Never a crash.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { checkFiles, ROOT } from '../helpers.js';

/** A preset's files (policy.yaml, members.yaml, roles/*.yaml) by path. */
function presetFiles(name: string): Record<string, string> {
  const files: Record<string, string> = {};
  const root = join(ROOT, 'policies', name);
  for (const dir of ['', 'roles']) {
    let names: string[] = [];
    try {
      names = readdirSync(join(root, dir)).filter((n) => n.endsWith('.yaml'));
    } catch {
      continue; // no roles/ folder
    }
    for (const f of names) files[dir ? `${dir}/${f}` : f] = readFileSync(join(root, dir, f), 'utf8');
  }
  return files;
}

const GRANT = /^(\s+)([a-z][a-z0-9_.]*):(\s+)(\{ default: .*\}|[a-z]+)\s*(#.*)?$/;
/** Every grant line (of a role or a tier node) of every file: file, line index, permission. */
function grantLines(files: Record<string, string>): { file: string; index: number; permission: string }[] {
  return Object.entries(files).flatMap(([file, text]) => {
    const found: { file: string; index: number; permission: string }[] = [];
    let inGrants = -1; // indentation of the current "grants:" key, or -1 outside one
    text.split('\n').forEach((l, i) => {
      const indent = l.length - l.trimStart().length;
      if (l.trim() === '' || l.trimStart().startsWith('#')) return;
      if (inGrants >= 0 && indent <= inGrants) inGrants = -1;
      if (/^grants:\s*(#.*)?$/.test(l.trim())) inGrants = indent;
      else if (inGrants >= 0) {
        const m = GRANT.exec(l);
        if (m) found.push({ file, index: i, permission: m[2]! });
      }
    });
    return found;
  });
}

// userlike: role grants in roles/*.yaml, object forms; super8: tier node grants in policy.yaml.
const PRESETS = ['userlike', 'super8'].map((name) => {
  const files = presetFiles(name);
  return { name, files, baseline: checkFiles(files, name), grants: grantLines(files) };
});

const LEVELS = ['off', 'read', 'edit', 'on'];
const HOSTILE = [
  '', '~', 'null', '0', '1', '-1', '1.5', 'true', 'false', '{}', '[]', '[[]]', 'Read', 'READ', '"read "', '" read"', 'read-only', 'read_only',
  '{ default: read, alowed: [edit] }', '{ default: }', '{ allowed: any }', '{ default: read, allowed: any }', '{ default: read, allowed: [] }',
  '{ default: read, allowed: read }', '{ default: [read] }', '[read, edit]', '"constructor"', '__proto__', 'toString', '!!str read', '"\\u0000"',
  '{ default: read, default: edit }', '{ default: { default: read } }', '.inf', '0x10', '2026-11-30',
];
const editedLevel = fc
  .tuple(fc.constantFrom(...LEVELS), fc.nat(6), fc.constantFrom('a', 'E', ' ', '-', '_', '0', 'é', ':', '#', '"', "'", '[', '{', '*', '&', '!', ''), fc.nat(3))
  .map(([level, at, ch, how]) => {
    const i = Math.min(at, level.length);
    if (how === 0) return level.slice(0, i) + ch + level.slice(i);
    if (how === 1) return level.slice(0, i) + level.slice(i + 1);
    if (how === 2) return level.slice(0, i) + level.slice(i, i + 1).toUpperCase() + level.slice(i + 1);
    return level;
  });
const valueArb = fc.oneof(fc.constantFrom(...HOSTILE), editedLevel, fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v) ?? ''));

describe('fuzz: hostile grant values', () => {
  it('the presets are valid to start with', () => {
    for (const p of PRESETS) {
      expect(p.baseline.ok, p.name).toBe(true);
      expect(p.grants.length, p.name).toBeGreaterThan(10);
    }
  });

  it('are accepted, or refused with a located error on the grant; never a crash', () => {
    fc.assert(
      fc.property(fc.nat(PRESETS.length - 1), fc.nat(10_000), valueArb, (pi, g, value) => {
        const { name, files, baseline, grants } = PRESETS[pi]!;
        const { file, index, permission } = grants[g % grants.length]!;
        const lines = files[file]!.split('\n');
        const m = GRANT.exec(lines[index]!)!;
        lines[index] = `${m[1]}${m[2]}:${m[3]}${value}`;
        const result = checkFiles({ ...files, [file]: lines.join('\n') }, name);
        const errors = result.diagnostics.filter((d) => d.severity === 'error');
        expect(result.ok).toBe(errors.length === 0);
        for (const d of result.diagnostics) {
          expect(d.line, JSON.stringify(d)).toBeGreaterThan(0);
          expect(d.column, JSON.stringify(d)).toBeGreaterThan(0);
        }
        if (result.ok) expect(result.ir).toBeDefined();
        let parsed: unknown;
        try {
          parsed = (parse(`v: ${value}`, { uniqueKeys: true, logLevel: 'silent' }) as { v: unknown } | null)?.v;
        } catch {
          expect(result.ok).toBe(false); // not YAML: refused
          return;
        }
        const levels = baseline.ir!.permissions[permission]!.levels;
        const onGrant = errors.filter((d) => d.file === `policies/${name}/${file}` && d.line === index + 1);
        if (typeof parsed === 'string' && levels.includes(parsed)) {
          expect(onGrant.filter((d) => d.rule === 'schema' || d.rule === 'invalid-level')).toEqual([]);
        } else if (typeof parsed !== 'object' || parsed === null) {
          expect(onGrant.length, `${value} -> ${JSON.stringify(result.diagnostics)}`).toBeGreaterThan(0);
        }
      }),
      { numRuns: 60, seed: 20261130 },
    );
  });
});

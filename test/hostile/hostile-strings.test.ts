// Property test: hostile strings (controls, lone surrogates, bidi and zero-width characters, quotes,
// backticks, comment terminators, template-literal openers, Markdown and HTML) in a policy's title,
// descriptions, display names and labels. check never throws; a string that cannot be stored as
// UTF-8 is an invalid-encoding error; otherwise the build output parses as TypeScript, holds no raw
// control or lone surrogate, round-trips through UTF-8 and JSON, and is the same on a second run.
// Bounded: a fixed seed and a small number of runs (the emitter is the slow part).

import fc from 'fast-check';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { checkPolicy } from '../../src/compile.js';
import { emitDocs } from '../../src/emit/emit-docs.js';
import { emitPolicy } from '../../src/emit/emit-policy.js';
import { SCHEMA_LINE } from '../helpers.js';

const PIECES = [
  '\x1b[31m', '\x1b]0;title\x07', '\x07', '\x08', '\x00', '\x7f', '\x85', '\x9b', '\r', '\r\n', '\n', '\t', '\u2028', '\u2029',
  '\u202e', '\u2066', '\u200b', '\u200f', '\ufeff', '\ud800', '\udfff', '\ud83d\ude00', '\ud83d',
  '"', "'", '`', '\\', '*/', '/*', '${', '}', '@param', '-->', '<!--', '<script>', '&amp;', '|', '#', '[x](y)', '**', '_',
  '\\u0000', '%0A', '::error::', 'Admin', '최고 관리자', 'オーナー',
];

/** A string built from hostile pieces and arbitrary UTF-16 code units. */
const hostile = fc
  .array(fc.oneof(fc.constantFrom(...PIECES), fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), fc.string({ maxLength: 4 })), { minLength: 1, maxLength: 8 })
  .map((parts) => parts.join(''));

/** A YAML double-quoted scalar for any JavaScript string, surrogates included (as \u escapes). */
function yamlQuoted(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (c >= 0x20 && c < 0x7f) out += ch;
    else if (c <= 0xffff) out += `\\u${c.toString(16).padStart(4, '0')}`;
    else out += `\\U${c.toString(16).padStart(8, '0')}`;
  }
  return out + '"';
}

const LONE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** Raw characters no generated file may hold: controls other than line feed, and lone surrogates. */
const RAW = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

interface Strings {
  title: string;
  description: string;
  name: string;
  roleDescription: string;
  label: string;
}

function policy(s: Strings): string {
  return `${SCHEMA_LINE(2)}title: ${yamlQuoted(s.title)}
description: ${yamlQuoted(s.description)}
scales:
  access: { levels: [off, read, edit] }
permissions:
  tickets: { label: ${yamlQuoted(s.label)}, description: ${yamlQuoted(s.description)}, scale: access }
roles:
  owner: { name: Owner, kind: owner }
  agent:
    name: ${yamlQuoted(s.name)}
    description: ${yamlQuoted(s.roleDescription)}
    grants:
      tickets: edit
`;
}

describe('hostile strings in names and descriptions', () => {
  it('check never throws; lone surrogates are invalid-encoding; accepted policies build to clean, stable output', async () => {
    await fc.assert(
      fc.asyncProperty(fc.record({ title: hostile, description: hostile, name: hostile, roleDescription: hostile, label: hostile }), async (s) => {
        const text = policy(s);
        const input = { name: 'p', dir: 'policies/p', files: [{ path: 'policy.yaml', bytes: Buffer.from(text, 'utf8') }] };
        const r = checkPolicy(input);
        for (const d of r.diagnostics) {
          expect(d.line).toBeGreaterThanOrEqual(0);
          expect(d.message).not.toMatch(/call stack|internal error|undefined is not/i);
        }
        if (Object.values(s).some((v) => LONE.test(v))) {
          expect(r.diagnostics.map((d) => d.rule)).toContain('invalid-encoding');
          expect(r.ok).toBe(false);
          return;
        }
        if (!r.ok || !r.ir) return; // a name rule (reserved, empty after trimming, too long) may refuse it
        expect(r.ir.roles.agent!.name).toBe(s.name);
        const files = await emitPolicy(r.ir, 'policies/p');
        // Determinism of the whole build is the golden tests' job; the docs are cheap to redo here.
        expect(emitDocs(checkPolicy(input).ir!, 'policies/p')).toBe(files.find((f) => f.path === 'README.md')!.content);
        for (const f of files) {
          // policy.json is data: JSON.stringify escapes C0 controls and lone surrogates and may
          // keep DEL and C1 raw, which JSON allows and which round-trip.
          expect(f.content, f.path).not.toMatch(f.path === 'policy.json' ? LONE : RAW);
          expect(Buffer.from(f.content, 'utf8').toString('utf8')).toBe(f.content);
        }
        const json = files.find((f) => f.path === 'policy.json')!.content;
        expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify(r.ir)));
        const guards = files.find((f) => f.path === 'guards.ts')!.content;
        const out = ts.transpileModule(guards, { reportDiagnostics: true, compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext } });
        expect((out.diagnostics ?? []).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'))).toEqual([]);
      }),
      { numRuns: 15, seed: 20261130 },
    );
  }, 60_000);
});

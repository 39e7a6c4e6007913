// Guards of a large policy (hundreds of kilobytes of tables) must still compile, type-check under
// strict and answer like the IR.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';
import { expect, it } from 'vitest';
import { emitGuards } from '../../src/emit/emit-guards.js';
import { evaluateCan } from '../../src/evaluate/evaluate.js';
import { checkFiles, SCHEMA_LINE, tempDir } from '../helpers.js';

it('guards of a large policy compile under strict and agree with the IR', async () => {
  const perms = Array.from({ length: 150 }, (_, i) => `p${i}`);
  let y = `${SCHEMA_LINE(2)}scales:\n  access: { levels: [off, read, edit] }\npermissions:\n`;
  for (const p of perms) y += `  ${p}: { label: ${p}, scale: access }\n`;
  y += 'roles:\n  owner: { name: Owner, kind: owner }\n';
  for (let r = 0; r < 120; r++) {
    y += `  r${r}:\n    name: Role ${r}\n    customizable: true\n    grants:\n`;
    for (let k = r % 5; k < 150; k += 5) y += `      p${k}: ${(k + r) % 3 === 0 ? 'edit' : 'read'}\n`;
  }
  const result = checkFiles({ 'policy.yaml': y });
  expect(result.diagnostics).toEqual([]);
  const code = emitGuards(result.ir!, 'large');
  expect(code.length).toBeGreaterThan(100_000);
  const dir = tempDir();
  writeFileSync(join(dir, 'guards.ts'), code);
  const program = ts.createProgram([join(dir, 'guards.ts')], { strict: true, noUncheckedIndexedAccess: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, noEmit: true, types: [], lib: ['lib.es2022.d.ts'] });
  const errors = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  expect(errors).toEqual([]);
  writeFileSync(join(dir, 'guards.mjs'), ts.transpileModule(code, { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext } }).outputText);
  const g = (await import(pathToFileURL(join(dir, 'guards.mjs')).href)) as { can: (r: string, p: string, l?: string) => boolean };
  for (let r = 0; r < 120; r += 7)
    for (const p of perms.slice(0, 40))
      for (const l of ['read', 'edit']) expect(g.can(`r${r}`, p, l)).toBe(evaluateCan(result.ir!, [`r${r}`], p, l));
}, 120_000);

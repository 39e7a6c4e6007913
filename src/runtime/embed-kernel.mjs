// Writes src/runtime/kernel-source.ts: the kernel's source as a string constant, which the guards
// emitter inlines into every guards.ts (the library reads no file at run time). Run by
// `npm run build:cli` before the TypeScript build; a test checks that the committed copy is current.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export function kernelSource(text) {
  // The module's own `export`s become plain declarations inside guards.ts.
  return text.replace(/\r\n/g, '\n').replace(/^export (?=(const|function|interface|type|class) )/gm, '');
}
const source = kernelSource(readFileSync(join(here, 'kernel.ts'), 'utf8'));
const out = `// Generated from kernel.ts by embed-kernel.mjs (npm run build:cli). Do not edit.\n/** The runtime kernel's source, inlined into every guards.ts. */\nexport const KERNEL_SOURCE: string = ${JSON.stringify(source)};\n`;
const target = join(here, 'kernel-source.ts');
let before = '';
try { before = readFileSync(target, 'utf8'); } catch { /* first build */ }
if (before !== out) writeFileSync(target, out);

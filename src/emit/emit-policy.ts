// All outputs of one policy: guards.ts, README.md, policy.json and account.schema.json, and with
// the spicedb target spicedb/schema.zed and spicedb/relationships.ts, as in-memory files.
// The emitters (Handlebars templates, the kernel source) are loaded only here, so `policyc check` never pays for them.

import { serializePolicy, type Target } from '../compile.js';
import { emitAccountSchema } from './emit-account-schema.js';
import type { ResolvedPolicy } from '../ir.js';
import type { EmitCache } from './emit-cache.js';

export interface OutputFile {
  /** Path relative to the policy's generated folder. */
  path: string;
  content: string;
}

/** With a cache (watch keeps one per policy), the pieces of the outputs that did not change are kept; the files are the same. */
export async function emitPolicy(ir: ResolvedPolicy, sourceDir: string, targets: readonly Target[] = ['typescript'], cache?: EmitCache): Promise<OutputFile[]> {
  const [{ emitGuards }, { emitDocs }] = await Promise.all([import('./emit-guards.js'), import('./emit-docs.js')]);
  const files = [
    { path: 'README.md', content: emitDocs(ir, sourceDir, cache) },
    { path: 'guards.ts', content: emitGuards(ir, sourceDir, cache) },
    { path: 'policy.json', content: serializePolicy(ir) },
    { path: 'account.schema.json', content: emitAccountSchema(ir, sourceDir) },
  ];
  if (targets.includes('spicedb')) {
    const [{ emitSpicedbSchema }, { emitSpicedbRelationships }] = await Promise.all([import('./emit-spicedb.js'), import('./emit-spicedb-relationships.js')]);
    files.push({ path: 'spicedb/schema.zed', content: emitSpicedbSchema(ir, sourceDir) }, { path: 'spicedb/relationships.ts', content: emitSpicedbRelationships(ir, sourceDir) });
  }
  return files;
}

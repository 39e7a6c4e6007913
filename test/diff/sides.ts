// Compiled versions of a policy for the diff tests, memoised by their files: the diff tests
// compare hundreds of versions of a few policies, and compiling is what costs, not diffing. The
// cache lives on globalThis so that a runner reusing its worker between runs (mutation testing)
// compiles each version once. Every caller gets its own copy, so that a diff which changed its
// input could not leak into another test.

import { expect } from 'vitest';
import type { ResolvedPolicy, Trace } from '../../src/ir.js';
import { checkFiles } from '../helpers.js';

interface Compiled {
  ir: ResolvedPolicy;
  trace: Trace;
}

const store = globalThis as { policycDiffSides?: Map<string, Compiled | string> };
const cache = (store.policycDiffSides ??= new Map());

/** The IR and trace of a policy given as files; fails the test when the policy has errors. */
export function compileSide(files: Record<string, string>, name: string): Compiled {
  const key = JSON.stringify([name, files]);
  let hit = cache.get(key);
  if (hit === undefined) {
    const r = checkFiles(files, name);
    const errors = r.diagnostics.filter((d) => d.severity === 'error');
    // Errors are kept too, so that a broken version fails every time it is asked for.
    hit = errors.length ? JSON.stringify(errors.map((d) => [d.code, d.rule, d.line, d.column, d.message])) : { ir: r.ir!, trace: r.trace! };
    cache.set(key, hit);
  }
  expect(hit).not.toBeTypeOf('string');
  return structuredClone(hit as Compiled);
}

// Bench section "hostile load": `policyc check` wall time on hostile files just under 1 MB, each of
// which once took seconds to minutes (positions rescanned per diagnostic, aliases resolved by
// walking the document, nesting overflowing the parser). The target is under 1 s for any input
// under 1 MB; nothing here is asserted, the tests prove linearity by counting operations instead.

import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkPolicy } from 'policyc';
import { QUICK, reps } from './reps.js';

const HEAD = '# yaml-language-server: $schema=../../schema/policy.schema.json\n';
const LIMIT = 1_000_000;

/** Repeats `unit(i)` after `head` while the text stays under 1 MB. */
function fill(head: string, unit: (i: number) => string, tail = ''): string {
  const parts = [head];
  let size = head.length + tail.length;
  for (let i = 0; ; i++) {
    const u = unit(i);
    if (size + u.length >= LIMIT) break;
    parts.push(u);
    size += u.length;
  }
  parts.push(tail);
  return parts.join('');
}

const INPUTS: readonly [string, () => string][] = [
  ['duplicate keys', () => fill(HEAD, () => 'k: 1\n')],
  ['__proto__ keys', () => fill(HEAD, (i) => `m${i}:\n  __proto__: 1\n`)],
  ['aliases to an unknown anchor', () => fill(HEAD + 'x:\n', () => '  - *nope\n')],
  ['aliases to one anchor', () => fill(HEAD + 'a: &a 1\nx:\n', () => '  - *a\n')],
  ['opening brackets', () => fill(HEAD + 'x: ', () => '[')],
  ['nested block mappings', () => fill(HEAD, (i) => ' '.repeat(Math.min(i, 4000)) + `k${i}:\n`)],
  ['tab-indented lines', () => fill(HEAD + 'roles:\n', (i) => `\tr${i}: 1\n`)],
  ['unknown keys', () => fill(HEAD, (i) => `unknown${i}: 1\n`)],
];

/** Median wall time in ms of `policyc check` on the file (it exits 1 by design, so any status is kept). */
function wallCheck(cli: string, cwd: string, runs: number): number {
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    spawnSync(process.execPath, [cli, 'check', 'policies/p', '--format', 'json'], { cwd, encoding: 'utf8', maxBuffer: 1 << 28 });
    ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return ms.sort((a, b) => a - b)[ms.length >> 1]!;
}

/**
 * Median CPU time (user + system) of checkPolicy on the bytes, in this process: on a shared machine
 * the wall time mostly measures the wait for a core, the CPU time much less so.
 */
function cpuCheck(bytes: Uint8Array, runs: number): number {
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.cpuUsage();
    checkPolicy({ name: 'p', dir: 'policies/p', files: [{ path: 'policy.yaml', bytes }] });
    const t = process.cpuUsage(t0);
    ms.push((t.user + t.system) / 1000);
  }
  return ms.sort((a, b) => a - b)[ms.length >> 1]!;
}

export function hostileLoad(cli: string, tmp: string, round: (x: number) => number): { title: string; note: string; rows: Record<string, string | number>[] } {
  const rows = INPUTS.map(([name, make]) => {
    const cwd = join(tmp, `hostile-${name.replace(/\W+/g, '-')}`);
    const text = make();
    mkdirSync(join(cwd, 'policies/p'), { recursive: true });
    writeFileSync(join(cwd, 'policies/p/policy.yaml'), text);
    const t0 = process.hrtime.bigint();
    const probe = spawnSync(process.execPath, [cli, 'check', 'policies/p', '--format', 'json'], { cwd, encoding: 'utf8', maxBuffer: 1 << 28 });
    const probeMs = Number(process.hrtime.bigint() - t0) / 1e6;
    const diagnostics = (JSON.parse(probe.stdout) as unknown[]).length;
    return {
      input: name,
      KB: Math.round(text.length / 1000),
      'exit code': probe.status ?? -1,
      diagnostics,
      // --quick: the one run that reads the diagnostics is the one timed.
      'check wall ms (median)': round(QUICK ? probeMs : wallCheck(cli, cwd, 5)),
      'checkPolicy CPU ms (median)': round(cpuCheck(Buffer.from(text, 'utf8'), reps(5, 1))),
    };
  });
  return {
    title: 'Hostile files under 1 MB: policyc check',
    note: `Wall time of \`policyc check policies/p --format json\` in a fresh process (start-up included), median of ${reps(5, 1)} runs; CPU time of the library call checkPolicy in the bench process, median of ${reps(5, 1)} runs. Each file is refused with located diagnostics (exit 1), at most 100 per file plus one diagnostic-limit entry.`,
    rows,
  };
}

// The library entry as a user imports it: `import { ... } from 'policyc'` resolves through the
// package.json exports to dist/index.js (by Node's own resolution, in a child process), and the
// exported API compiles, emits and diffs a preset.

import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';

/** Runs an ES module script from the package root, where 'policyc' is the package itself. */
function runModule(source: string): unknown {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', source], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout);
}

describe("import from 'policyc'", () => {
  it('resolves through the exports map to dist/index.js', () => {
    const out = runModule(`
      const api = await import('policyc');
      console.log(JSON.stringify({ url: import.meta.resolve('policyc'), names: Object.keys(api).sort() }));
    `) as { url: string; names: string[] };
    expect(out.url).toBe(pathToFileURL(join(ROOT, 'dist/index.js')).href);
    expect(out.names).toEqual(
      expect.arrayContaining(['checkPolicy', 'emitPolicy', 'readPolicyDir', 'diffPolicy', 'diffPolicies', 'formatDiffJson', 'explainRole', 'runCli', 'startWatch', 'CATALOGUE', 'RULES', 'serializePolicy', 'formatSource', 'fileKind']),
    );
  });

  it('compiles, emits and diffs a preset', () => {
    const out = runModule(`
      import { checkPolicy, diffPolicy, emitPolicy, readPolicyDir, serializePolicy, RULES, CATALOGUE } from 'policyc';
      const input = readPolicyDir('policies/userlike', process.cwd());
      const result = checkPolicy(input);
      const files = await emitPolicy(result.ir, result.dir);
      const same = diffPolicy('userlike', { ir: result.ir, trace: result.trace }, { ir: result.ir, trace: result.trace });
      // One role loses every grant: the diff reports restrictions of that role only.
      const role = Object.keys(result.ir.roles).find((id) => result.ir.roles[id].kind !== 'owner' && Object.keys(result.ir.roles[id].grants).length);
      const edited = structuredClone(result.ir);
      for (const p of Object.keys(edited.roles[role].grants)) edited.roles[role].grants[p] = result.ir.scales[result.ir.permissions[p].scale].kind === 'ordered' ? result.ir.scales[result.ir.permissions[p].scale].levels[0] : [];
      const lowered = diffPolicy('userlike', { ir: result.ir, trace: result.trace }, { ir: edited, trace: result.trace });
      console.log(JSON.stringify({
        name: input.name,
        ok: result.ok,
        errors: result.diagnostics.filter((d) => d.severity === 'error').length,
        roles: Object.keys(result.ir.roles).length,
        files: files.map((f) => f.path).sort(),
        guardsHeader: files.find((f) => f.path === 'guards.ts').content.includes('POLICY_VERSION'),
        policyJson: files.find((f) => f.path === 'policy.json').content === serializePolicy(result.ir),
        same: same.length,
        lowered: [...new Set(lowered.map((c) => [c.kind, c.impact, c.role].join(' ')))],
        role,
        rules: RULES.length === Object.keys(CATALOGUE).length,
      }));
    `) as Record<string, unknown>;
    expect(out).toMatchObject({ name: 'userlike', ok: true, errors: 0, files: ['README.md', 'account.schema.json', 'guards.ts', 'policy.json'], guardsHeader: true, policyJson: true, same: 0, rules: true });
    expect(out.roles).toBeGreaterThan(1);
    // Its grants, and with them the delegation powers they gave.
    expect(out.lowered).toContain(`grant-lowered restriction ${out.role as string}`);
    for (const c of out.lowered as string[]) expect(c).toMatch(new RegExp(`^(grant-lowered|reach-changed) restriction ${out.role as string}$`));
  });
});

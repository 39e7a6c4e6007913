// The build precompiles the schema (dist/validate/*.validate.cjs) so that `check` starts fast. The
// binary uses that code and the tests' in-process runs compile the schema: both must report
// exactly the same diagnostics.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bin, cli, MINIMAL, ROOT, writeTree } from '../helpers.js';

const require = createRequire(import.meta.url);

describe('precompiled schema validator', () => {
  it('is built from the current schema', () => {
    const mod = require(join(ROOT, 'dist/validate/policy.schema.validate.cjs')) as { schemaHash: string };
    const schema = readFileSync(join(ROOT, 'schema/policy.schema.json'), 'utf8');
    expect(mod.schemaHash).toBe(createHash('sha256').update(schema).digest('hex'));
  });

  it('reports what the schema compiled at run time reports', async () => {
    const broken = MINIMAL.replace('title: Minimal', 'title: Minimal\ntitel: typo\nlimits: { maxRoles: -1, rolesPerMember: { min: "one" } }')
      .replace('  billing: { label: Billing, scale: toggle }', '  billing: { label: Billing, scale: toggle, adminOnly: maybe }\n  Bad-Id: { label: X, scale: toggle }');
    const cwd = writeTree({ 'policies/p/policy.yaml': broken });
    const viaBinary = bin(['check', '--format', 'json'], cwd);
    const inProcess = await cli(['check', '--format', 'json'], cwd);
    expect(viaBinary.code).toBe(1);
    const list = JSON.parse(viaBinary.stdout) as { rule: string }[];
    expect(list.filter((d) => d.rule === 'schema').length).toBeGreaterThanOrEqual(4);
    expect(viaBinary.stdout).toBe(inProcess.stdout);
  });
});

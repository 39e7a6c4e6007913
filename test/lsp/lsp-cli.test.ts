// The lsp command's usage errors: it takes no folders and no options other than --stdio, which
// no other command takes.

import { describe, expect, it } from 'vitest';
import { cli, tempDir } from '../helpers.js';

describe('policyc lsp usage', () => {
  it.each([
    [['lsp', 'policies/helpdesk']],
    [['lsp', '--format', 'json']],
    [['check', '--stdio']],
    [['lsp', '--out', 'x']],
  ])('policyc %j exits 2', async (args) => {
    const r = await cli(args, tempDir());
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^policyc: /);
  });
});

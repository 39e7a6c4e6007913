// The language server's latency: from a didChange on a Userlike buffer to the publishDiagnostics
// that answers it, through a real client over stdio, with the server's default debounce. Each
// edit alternates between a misspelt level (one diagnostic) and the fixed text (none), so that
// every publication can be matched with the edit that caused it.

import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LspClient } from '../lsp/client.js';

type Row = Record<string, string | number | null>;

export async function lspSection(root: string, tmp: string, round: (n: number) => number): Promise<{ title: string; note: string; rows: Row[] }> {
  const cwd = join(tmp, 'lsp');
  const rows: Row[] = [];
  const cases: [string, string, string, string][] = [
    ['Userlike (6 roles x 20 permissions, 15 files)', 'userlike', 'roles/04-staff.yaml', 'company: { default: off,'],
    ['Zendesk (7 roles, 32 files)', 'zendesk', 'roles/03-agent.yaml', 'name: Agent'],
  ];
  for (const [label, policy, rel, needle] of cases) {
    cpSync(join(root, 'policies', policy), join(cwd, 'policies', policy), { recursive: true });
    cpSync(join(root, 'schema'), join(cwd, 'schema'), { recursive: true });
    const client = await LspClient.start(cwd, {});
    try {
      const path = join(cwd, 'policies', policy, rel);
      const good = readFileSync(path, 'utf8');
      if (!good.includes(needle)) throw new Error(`${rel} no longer holds "${needle}"`);
      // A broken edit gives one diagnostic (a level not on the scale, or a duplicate key).
      const bad = policy === 'userlike' ? good.replace(needle, needle.replace('off,', 'of,')) : good.replace(needle, `${needle}\n    name: Agent again`);
      const first = client.next(path, () => true);
      await client.open(path, good);
      await first;
      const times: number[] = [];
      for (let i = 0; i < 31; i++) {
        const broken = i % 2 === 0;
        const got = client.next(path, (d) => (broken ? d.length > 0 : d.length === 0));
        const t0 = performance.now();
        await client.change(path, broken ? bad : good);
        const { at } = await got;
        times.push(at - t0);
        // The pace of typing: the next edit comes before the test suites' later pass would run.
        await new Promise((r) => setTimeout(r, 150));
      }
      const sorted = [...times].sort((a, b) => a - b);
      rows.push({
        policy: label,
        'didChange to publishDiagnostics ms (median)': round(sorted[sorted.length >> 1]!),
        'ms (p90)': round(sorted[Math.floor(sorted.length * 0.9)]!),
        'ms (min)': round(sorted[0]!),
        'debounce ms': 40,
        edits: times.length,
      });
    } finally {
      await client.stop();
    }
  }
  return {
    title: 'Language server: an edit until its diagnostics arrive (policyc lsp over stdio, default debounce)',
    note: 'Each edit replaces the whole buffer; the server checks the whole folder with the unsaved text and publishes every file. Target: under 150 ms for Userlike.',
    rows,
  };
}

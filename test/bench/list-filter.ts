// Benchmark section "list filter": a list screen of Userlike conversations, loaded two ways on a
// real Postgres (PGlite): the filtered query (WHERE toSql(accessFilter(...)), with an index on the
// filtered columns) against loading every row and filtering with canAccess in the process.

import { PGlite } from '@electric-sql/pglite';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';
import { reps } from './reps.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const now = (): number => Number(process.hrtime.bigint()) / 1e6;

interface Guards {
  canAccess(actor: unknown, resource: unknown, action: string): boolean;
  accessFilter(actor: unknown, kind: string, action: string): unknown;
  toSql(filter: unknown, columns: unknown, options: { dialect: 'postgres' }): { text: string; values: unknown[] };
}

export async function listFilter(): Promise<{ title: string; note: string; rows: Record<string, string | number>[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'policyc-list-'));
  const file = join(dir, 'guards.mjs');
  const source = readFileSync(join(ROOT, 'generated/userlike/guards.ts'), 'utf8');
  writeFileSync(file, ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText);
  const g = (await import(pathToFileURL(file).href)) as Guards;
  const actor = { id: 'op7', roles: ['staff'], groups: ['g3'] };
  const columns = { assignee: 'assignee', followers: { array: 'followers' }, formerAssignees: { array: 'former' }, group: 'grp', organization: 'org', private: 'private' };
  const filter = g.accessFilter(actor, 'conversation', 'read');
  const q = g.toSql(filter, columns, { dialect: 'postgres' });
  const rows: Record<string, string | number>[] = [];
  let explain = '';
  for (const count of [10_000, 100_000]) {
    const db = new PGlite();
    await db.exec(`CREATE TABLE conv (id int PRIMARY KEY, assignee text, followers text[], former text[], grp text, org text, private boolean, updated int);
      INSERT INTO conv SELECT i, CASE WHEN i % 3 = 0 THEN NULL ELSE 'op' || (i % 50) END, ARRAY['op' || (i % 70)], ARRAY[]::text[], 'g' || (i % 40), 'o1', i % 17 = 0, i FROM generate_series(1, ${count}) AS i;
      CREATE INDEX conv_grp ON conv (grp, updated); CREATE INDEX conv_assignee ON conv (assignee); ANALYZE conv;`);
    const page = `SELECT id FROM conv WHERE ${q.text} ORDER BY updated DESC LIMIT 50`;
    const filtered: number[] = [];
    const inMemory: number[] = [];
    let want = 0;
    for (let i = 0; i < reps(7, 2); i++) {
      let t0 = now();
      const got = await db.query<{ id: number }>(page, q.values);
      filtered.push(now() - t0);
      t0 = now();
      const all = await db.query<{ id: number; assignee: string | null; followers: string[]; former: string[]; grp: string; org: string; private: boolean; updated: number }>('SELECT * FROM conv');
      const visible = all.rows.filter((r) => g.canAccess(actor, { kind: 'conversation', assignee: r.assignee, followers: r.followers, formerAssignees: r.former, group: r.grp, organization: r.org, private: r.private }, 'read'));
      visible.sort((a, b) => b.updated - a.updated);
      inMemory.push(now() - t0);
      want = visible.length;
      if (got.rows.map((r) => r.id).join() !== visible.slice(0, 50).map((r) => r.id).join()) throw new Error('the filtered query and canAccess disagree');
    }
    if (count === 100_000) explain = (await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${page}`, q.values)).rows.map((r) => r['QUERY PLAN']).join('\n');
    rows.push({ rows: count.toLocaleString('en'), 'visible rows': want, 'filtered query, first page (ms)': Math.round(median(filtered) * 10) / 10, 'load all + canAccess (ms)': Math.round(median(inMemory) * 10) / 10, ratio: `${Math.round(median(inMemory) / median(filtered))}x` });
    await db.close();
  }
  rmSync(dir, { recursive: true, force: true });
  return {
    title: 'list filter: Userlike conversations on Postgres (PGlite, WebAssembly)',
    note: `A staff member of group g3, first page of 50 by last update; medians of ${reps(7, 2)} runs. WHERE ${q.text}\nEXPLAIN at 100,000 rows:\n${explain.split('\n').map((l) => `    ${l}`).join('\n')}`,
    rows,
  };
}

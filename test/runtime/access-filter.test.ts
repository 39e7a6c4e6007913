// List filters against real databases: for random rows (hostile strings in ids included) and random
// actors of every preset with resources, `SELECT id ... WHERE toSql(accessFilter(...))` on a real
// Postgres (PGlite, in WebAssembly) and a real SQLite (sql.js, in WebAssembly) returns exactly the
// rows for which canAccess is true. Followers are an array column, former assignees a join table,
// and a list attribute of a declared relation (`many`, Zendesk's shared_with) an array column too.

import { PGlite } from '@electric-sql/pglite';
import fc from 'fast-check';
import initSqlJs from 'sql.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as channeltalk from '../../generated/channeltalk/guards.js';
import * as cloudgate from '../../generated/cloudgate/guards.js';
import * as super8 from '../../generated/super8/guards.js';
import * as userlike from '../../generated/userlike/guards.js';
import * as zendesk from '../../generated/zendesk/guards.js';
import type { Filter } from '../../src/runtime/kernel.js';
import { checkDir } from '../helpers.js';

interface Guards {
  canAccess(actor: unknown, resource: unknown, action: string, plan?: string): boolean;
  accessFilter(actor: unknown, kind: string, action: string, plan?: string): Filter;
  toSql(filter: Filter, columns: unknown, options: { dialect: 'postgres' | 'sqlite' }): { text: string; values: unknown[] };
  openAccount(data: unknown): { ok: true; account: { accessFilter(a: unknown, k: string, x: string): Filter; canAccess(a: unknown, r: unknown, x: string): boolean } } | { ok: false };
}
const GUARDS = { channeltalk, cloudgate, super8, userlike, zendesk } as unknown as Record<string, Guards>;

const HOSTILE = ["O'Brien", "x'); DROP TABLE rows; --", '$1', '?', 'ünïcødé', ' ', 'a"b', '\\'];
const PG_COLUMNS = {
  assignee: 'assignee',
  followers: { array: 'followers' },
  formerAssignees: { table: 'former', key: 'row_id', value: 'member_id', id: 'rows.id' },
  group: 'grp',
  organization: 'organization',
  tier: 'tier',
  private: 'private',
  // The attribute Zendesk's declared relation same_brand reads.
  brand: 'brand',
};
const SQLITE_COLUMNS = { ...PG_COLUMNS, followers: { array: 'followers' } };
/**
 * Resource attributes that declared relations on the actor's own id read share one column of member
 * ids; those read as a list (`many`) share one array column of them.
 */
const idColumns = (attributes: readonly string[], lists: readonly string[]) => ({ ...Object.fromEntries(attributes.map((a) => [a, 'owner'])), ...Object.fromEntries(lists.map((a) => [a, { array: 'shared' }])) });

interface Row {
  id: number;
  assignee: string | null;
  followers: string[];
  formerAssignees: string[];
  group: string | null;
  organization: string | null;
  tier: string | null;
  private: boolean | null;
  brand: string | null;
  owner: string | null;
  shared: string[];
}

let pg: PGlite;
let SQL: Awaited<ReturnType<typeof initSqlJs>>;
beforeAll(async () => {
  pg = new PGlite();
  SQL = await initSqlJs();
}, 60_000);
afterAll(async () => {
  await pg?.close();
});

const PRESETS = ['userlike', 'cloudgate', 'channeltalk', 'zendesk', 'super8'].filter((p) => Object.keys(checkDir(`policies/${p}`).ir!.resources).length > 0);

describe.each(PRESETS)('accessFilter of %s', (preset) => {
  const ir = checkDir(`policies/${preset}`).ir!;
  const g = GUARDS[preset]!;
  const members = ['ana', 'bo', 'cy', ...HOSTILE];
  const groups = ['g1', 'g2', ...HOSTILE.slice(0, 3)];
  const orgs = ['o1', 'o2', HOSTILE[0]!];
  const brands = ['b1', 'b2', HOSTILE[1]!];
  const nodes = ir.tiers ? Object.keys(ir.tiers.nodes) : [];
  const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: null });
  const rowArb = fc.record({
    assignee: maybe(fc.constantFrom(...members, '')),
    followers: fc.subarray(members, { maxLength: 3 }),
    formerAssignees: fc.subarray(members, { maxLength: 2 }),
    group: maybe(fc.constantFrom(...groups, '')),
    organization: maybe(fc.constantFrom(...orgs)),
    tier: nodes.length ? maybe(fc.constantFrom(...nodes)) : fc.constant(null),
    private: maybe(fc.boolean()),
    brand: maybe(fc.constantFrom(...brands, '')),
    // A member id, for the attributes of relations on the actor's own id (an owner, an author).
    owner: maybe(fc.constantFrom(...members, '')),
    // Member ids (an empty one included), for the list attributes of relations on the actor's id.
    shared: fc.subarray([...members, ''], { maxLength: 3 }),
  });
  const ownAttributes = [...new Set(Object.values(ir.relations).filter((r) => r.actor === 'id' && !r.many).map((r) => r.resource))];
  const listAttributes = [...new Set(Object.values(ir.relations).filter((r) => r.actor === 'id' && r.many).map((r) => r.resource))];
  const withOwn = (r: Row) => ({ ...r, ...Object.fromEntries(ownAttributes.map((a) => [a, r.owner])), ...Object.fromEntries(listAttributes.map((a) => [a, r.shared])) });
  const roles = Object.keys(ir.roles);
  const actorArb = fc.record({
    id: fc.constantFrom(...members, ''),
    roles: fc.subarray(roles, { minLength: 1, maxLength: 2 }),
    groups: fc.subarray(groups, { maxLength: 2 }),
    organization: maybe(fc.constantFrom(...orgs)),
    tier: nodes.length ? maybe(fc.constantFrom(...nodes)) : fc.constant(null),
    // Declared relations' actor attribute: a list, one value, or none.
    brands: fc.oneof(fc.subarray(brands, { maxLength: 2 }), fc.constantFrom(...brands), fc.constant(null)),
  });
  const plans = [undefined, ...Object.keys(ir.plans)];

  async function loadPostgres(rows: Row[]): Promise<void> {
    await pg.exec('DROP TABLE IF EXISTS rows; DROP TABLE IF EXISTS former; CREATE TABLE rows (id int PRIMARY KEY, assignee text, followers text[], grp text, organization text, tier text, private boolean, brand text, owner text, shared text[]); CREATE TABLE former (row_id int, member_id text); CREATE INDEX ON rows (grp); CREATE INDEX ON rows (assignee);');
    for (const r of rows) {
      await pg.query('INSERT INTO rows VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)', [r.id, r.assignee, r.followers, r.group, r.organization, r.tier, r.private, r.brand, r.owner, r.shared]);
      for (const m of r.formerAssignees) await pg.query('INSERT INTO former VALUES ($1, $2)', [r.id, m]);
    }
  }

  function loadSqlite(rows: Row[]) {
    const db = new SQL.Database();
    db.run('CREATE TABLE rows (id INTEGER PRIMARY KEY, assignee TEXT, followers TEXT, grp TEXT, organization TEXT, tier TEXT, private INTEGER, brand TEXT, owner TEXT, shared TEXT); CREATE TABLE former (row_id INTEGER, member_id TEXT);');
    for (const r of rows) {
      db.run('INSERT INTO rows VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)', [r.id, r.assignee, JSON.stringify(r.followers), r.group, r.organization, r.tier, r.private === null ? null : r.private ? 1 : 0, r.brand, r.owner, JSON.stringify(r.shared)]);
      for (const m of r.formerAssignees) db.run('INSERT INTO former VALUES (?, ?)', [r.id, m]);
    }
    return db;
  }

  it('selects on Postgres and SQLite exactly the rows canAccess allows, for random rows, actors, actions and plans', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(rowArb, { minLength: 1, maxLength: 40 }), fc.array(actorArb, { minLength: 1, maxLength: 4 }), fc.constantFrom(...plans), async (rowsIn, actors, plan) => {
        const rows: Row[] = rowsIn.map((r, i) => ({ id: i + 1, ...r }));
        await loadPostgres(rows);
        const lite = loadSqlite(rows);
        try {
          for (const [kind, res] of Object.entries(ir.resources)) {
            for (const actor of actors)
              for (const action of res.actions) {
                const want = rows.filter((r) => g.canAccess(actor, { kind, ...withOwn(r) }, action, plan)).map((r) => r.id);
                const filter = g.accessFilter(actor, kind, action, plan);
                const q = g.toSql(filter, { ...PG_COLUMNS, ...idColumns(ownAttributes, listAttributes) }, { dialect: 'postgres' });
                for (const v of HOSTILE) expect(q.text).not.toContain(v.length > 2 ? v : '\u0000');
                const got = (await pg.query<{ id: number }>(`SELECT id FROM rows WHERE ${q.text} ORDER BY id`, q.values)).rows.map((r) => r.id);
                expect(got, JSON.stringify({ actor, kind, action, plan, filter })).toEqual(want);
                const s = g.toSql(filter, { ...SQLITE_COLUMNS, ...idColumns(ownAttributes, listAttributes) }, { dialect: 'sqlite' });
                const stmt = lite.prepare(`SELECT id FROM rows WHERE ${s.text} ORDER BY id`);
                stmt.bind(s.values as never);
                const liteIds: number[] = [];
                while (stmt.step()) liteIds.push(stmt.get()[0] as number);
                stmt.free();
                expect(liteIds, JSON.stringify({ actor, kind, action, plan, filter, sqlite: true })).toEqual(want);
              }
          }
        } finally {
          lite.close();
        }
      }),
      { numRuns: 12 },
    );
  }, 120_000);

  it('is simplified: true for who may see everything, false for who may see nothing or asks nonsense', () => {
    const kind = Object.keys(ir.resources)[0]!;
    const action = ir.resources[kind]!.actions[0]!;
    // An actor who holds a rule without relations sees every resource of the kind: true.
    for (const [k, res] of Object.entries(ir.resources)) {
      const open = Object.values(ir.permissions).some((p) => p.minPlan === null && p.access.some((r) => r.resource === k && r.relations.length === 0 && r.actions.includes(res.actions[0]!)));
      if (open && res.privateNeeds === null) expect(g.accessFilter({ id: 'x', roles }, k, res.actions[0]!)).toBe(true);
    }
    // Without exceptions for the action, an actor with no known role sees nothing: false.
    const excepted = Object.values(ir.exceptions).some((e) => e.resource === kind && e.actions.includes(action));
    if (!excepted) expect(g.accessFilter({ id: 'x', roles: ['ghost'] }, kind, action)).toBe(false);
    expect(g.accessFilter({ id: 'x', roles: roles }, 'no-such-kind', action)).toBe(false);
    expect(g.accessFilter({ id: 'x', roles: roles }, kind, 'no-such-action')).toBe(false);
    expect(g.accessFilter(null, kind, action)).toBe(false);
  });
});

describe('toSql', () => {
  const f: Filter = { and: [{ field: 'group', op: 'in', value: ['g1', "O'Brien"] }, { not: { field: 'private', op: 'eq', value: true } }, { field: 'followers', op: 'contains', value: 'ana' }] };
  it('keeps every value out of the text, numbering parameters per dialect', () => {
    expect(userlike.toSql(f, PG_COLUMNS as never, { dialect: 'postgres' })).toEqual({
      text: '(grp = ANY($1::text[]) AND (private IS NULL OR private <> $2) AND COALESCE(array_ndims(followers) = 1 AND cardinality(followers) <= 10000 AND $3 = ANY(followers), FALSE))',
      values: [['g1', "O'Brien"], true, 'ana'],
    });
    expect(userlike.toSql(f, SQLITE_COLUMNS as never, { dialect: 'sqlite' }).values).toEqual(['g1', "O'Brien", 1, 'ana']);
  });
  it('reads a list column as canAccess reads a list: a flat list of at most MAX_LIST items, string items only', async () => {
    const contains: Filter = { field: 'followers', op: 'contains', value: 'ana' };
    const long = [...Array.from({ length: 10_000 }, (_, i) => `m${i}`), 'ana'];
    // Postgres: a text[] column. Only 1 and 5 hold: a nested list, an over-long list, NULL and {} do not.
    await pg.exec('DROP TABLE IF EXISTS lists; CREATE TABLE lists (id int PRIMARY KEY, followers text[])');
    await pg.query("INSERT INTO lists VALUES (1, '{ana}'), (2, '{{ana}}'), (3, $1), (4, NULL), (5, '{NULL,ana}'), (6, '{}'), (7, '{bo}')", [long]);
    const q = userlike.toSql(contains, { followers: { array: 'followers' } } as never, { dialect: 'postgres' });
    expect((await pg.query<{ id: number }>(`SELECT id FROM lists WHERE ${q.text} ORDER BY id`, q.values)).rows.map((r) => r.id)).toEqual([1, 5]);
    // SQLite: a JSON column. A plain string, an object, nested lists, an over-long list and text that
    // is no JSON hold nothing (and raise no error).
    const db = new SQL.Database();
    try {
      db.run('CREATE TABLE lists (id INTEGER PRIMARY KEY, followers TEXT)');
      const cells = ['["ana"]', '"ana"', '{"x":"ana"}', '[["ana"]]', JSON.stringify(long), 'not json', '[null,"ana"]', null, '[1,"bo"]'];
      cells.forEach((c, i) => db.run('INSERT INTO lists VALUES (?, ?)', [i + 1, c]));
      const l = userlike.toSql(contains, { followers: { array: 'followers' } } as never, { dialect: 'sqlite' });
      const stmt = db.prepare(`SELECT id FROM lists WHERE ${l.text} ORDER BY id`);
      stmt.bind(l.values as never);
      const ids: number[] = [];
      while (stmt.step()) ids.push(stmt.get()[0] as number);
      stmt.free();
      expect(ids).toEqual([1, 7]);
    } finally {
      db.close();
    }
    // canAccess answers the same lists the same way (Channel Talk: a follower of a chat sees its
    // customer's profile, which a general member otherwise does not).
    const g = channeltalk as unknown as Guards;
    const follower = (followers: unknown) => g.canAccess({ id: 'ana', roles: ['general'] }, { kind: 'customer_profile', followers }, 'view');
    expect([['ana'], [['ana']], long, null, [null, 'ana'], [], 'ana', { x: 'ana' }, ['bo']].map(follower)).toEqual([true, false, false, false, true, false, false, false, false]);
  });
  it('names the field a columns mapping lacks', () => {
    expect(() => userlike.toSql(f, { group: 'grp', private: 'private' }, { dialect: 'postgres' })).toThrow(/"followers"/);
  });
  it('an account answers with its own roles', () => {
    const opened = (userlike as unknown as Guards).openAccount({ members: [{ id: 'o', roles: ['owner'] }, { id: 'n', roles: ['night'] }], customRoles: [{ id: 'night', name: 'Night shift', grants: { 'conversations.group_unassigned': 'read' } }] });
    expect(opened.ok).toBe(true);
    if (opened.ok) {
      const filter = opened.account.accessFilter({ id: 'n', roles: ['night'], groups: ['g1'] }, 'conversation', 'read');
      expect(filter).not.toBe(false);
      expect(userlike.accessFilter({ id: 'n', roles: ['staff' as never], groups: ['g1'] }, 'conversation', 'read')).not.toBe(false);
    }
  });
});

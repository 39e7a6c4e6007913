// What the presets do not reach on the engine: a permission gated by a plan below the account's
// and above it, an access rule that needs a feature whose switch the account turns on or leaves
// off, an action set with implications, a private resource, and access through the same, parent
// and ancestor tier nodes of an account's own tree. A small policy is compiled with the
// spicedb target, its guards and relationships are imported from the build output, and every
// memberCan and canAccess question over all members and a grid of resources is asked of both,
// on each plan (and with the switch on and off), plus LookupResources.

import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emitPolicy } from '../../src/emit/emit-policy.js';
import { checkFiles, SCHEMA_LINE, tempDir } from '../helpers.js';
import { SpiceClient, type Ask, type Rel } from './spicedb-client.js';

const POLICY = `${SCHEMA_LINE(2)}title: Plans and tiers
targets: [typescript, spicedb]
plans:
  basic: { label: Basic }
  pro: { label: Pro }
switches:
  archive: { label: Archive add-on }
features:
  archiving: { label: Archiving, minPlan: pro, requires: [archive] }
scales:
  access: { levels: [off, read, edit] }
  toggle: { levels: [off, on] }
  crud: { actions: [create, read, update], implies: { update: [read] } }
resources:
  conversation:
    label: Conversation
    actions: [read, reply, export, archive]
    privateNeeds: private_view
exceptions:
  assignee_replies: { label: Assignee replies, resource: conversation, relations: [assignee], actions: [reply] }
permissions:
  tickets:
    label: Tickets
    scale: access
    access:
      - { resource: conversation, atLeast: read, relations: [same_tier], actions: [read] }
      - { resource: conversation, atLeast: edit, relations: [ancestor_tier, assigned], actions: [read, reply] }
      - { resource: conversation, atLeast: read, relations: [parent_tier, unassigned], actions: [reply] }
      - { resource: conversation, atLeast: read, relations: [same_tier], actions: [archive], requires: [{ feature: archiving }, { action: read }] }
  analytics:
    label: Analytics
    scale: toggle
    minPlan: pro
    access: [{ resource: conversation, relations: [public, same_group], actions: [read] }]
  private_view: { label: Private, scale: toggle }
  records:
    label: Records
    scale: crud
    access: [{ resource: conversation, atLeast: read, relations: [same_organization], actions: [export] }]
roles:
  owner: { name: Owner, kind: owner }
  agent: { name: Agent, grants: { tickets: read, analytics: on, records: [update] } }
  lead: { name: Lead, grants: { tickets: edit, private_view: on } }
tiers:
  maxDepth: 4
  nodes:
    hq: { name: HQ }
    north: { name: North, parent: hq, grants: { analytics: on } }
    south: { name: South, parent: hq }
`;

interface Account {
  memberCan(member: string, permission: string, atLeast?: string): boolean;
  canAccess(actor: string, resource: unknown, action: string): boolean;
}
interface Module {
  openAccount(data: unknown): { ok: boolean; account: Account; problems?: unknown };
  relationshipsOf(accountId: string, account: unknown): Rel[];
  resourceRelationships(accountId: string, resource: unknown): Rel[];
  spicedbCheck(accountId: string, memberId: string, permission: string, atLeast?: string): Ask;
  spicedbAccessCheck(accountId: string, memberId: string, resource: unknown, action: string): Ask;
  objectOf(type: string, accountId: string, id: string): { type: string; id: string };
}

describe('plans, action sets, private resources and tier relations on the engine', () => {
  const r = checkFiles({ 'policy.yaml': POLICY });
  let db: SpiceClient;
  let mod: Module;
  beforeAll(async () => {
    expect(r.diagnostics).toEqual([]);
    const out = tempDir();
    const files = await emitPolicy(r.ir!, 'plans-tiers', r.targets);
    for (const f of files) {
      mkdirSync(dirname(join(out, f.path)), { recursive: true });
      writeFileSync(join(out, f.path), f.content);
    }
    const guards = await import(pathToFileURL(join(out, 'guards.ts')).href);
    const rels = await import(pathToFileURL(join(out, 'spicedb/relationships.ts')).href);
    mod = { ...guards, ...rels } as Module;
    db = await SpiceClient.start(files.find((f) => f.path === 'spicedb/schema.zed')!.content);
  }, 60_000);
  afterAll(() => db?.close());

  const members = [
    { id: 'o', roles: ['owner'] },
    { id: 'a1', roles: ['agent'], tier: 'north', groups: ['g1'], organization: 'o1' },
    { id: 'a2', roles: ['agent'], tier: 'store', groups: ['g2'] },
    { id: 'l1', roles: ['lead'], tier: 'hq', organization: 'o1' },
    { id: 'l2', roles: ['lead', 'agent'], tier: 'north' },
    { id: 'n', roles: ['agent'] },
  ];
  const data = (plan: string, archive: boolean) => ({ plan, switches: { archive }, members, tiers: [{ id: 'store', name: 'Store', parent: 'north', grants: { tickets: 'edit' } }, { id: 'kiosk', name: 'Kiosk', parent: 'store' }] });
  const tiers = [null, 'hq', 'north', 'south', 'store', 'kiosk'];
  const resources = tiers.flatMap((tier, i) =>
    [null, 'a1', 'l2'].flatMap((assignee, j) =>
      [false, true].map((priv, k) => ({ kind: 'conversation', id: `c${i}${j}${k}`, assignee, followers: [], group: k ? 'g1' : 'g2', organization: j === 1 ? 'o1' : null, tier, private: priv })),
    ),
  );

  it.each([
    ['basic', true],
    ['pro', false],
    ['pro', true],
  ] as const)('on the %s plan (archive add-on on: %s), every memberCan and canAccess answer and every lookup equals the guards', async (plan, archive) => {
    const opened = mod.openAccount(data(plan, archive));
    if (!opened.ok) throw new Error(JSON.stringify(opened.problems));
    const account = opened.account;
    const id = `acct-${plan}-${archive}`;
    await db.write([...mod.relationshipsOf(id, account), ...resources.flatMap((x) => mod.resourceRelationships(id, x))]);
    const asks: Ask[] = [];
    const want: boolean[] = [];
    const what: string[] = [];
    for (const m of [...members.map((x) => x.id), 'stranger']) {
      for (const [p, perm] of Object.entries(r.ir!.permissions)) {
        for (const level of [undefined, ...perm.levels]) {
          asks.push(mod.spicedbCheck(id, m, p, level));
          want.push(account.memberCan(m, p, level));
          what.push(`memberCan ${m} ${p} ${level}`);
        }
      }
      for (const res of resources) {
        for (const action of r.ir!.resources.conversation!.actions) {
          asks.push(mod.spicedbAccessCheck(id, m, res, action));
          want.push(account.canAccess(m, res, action));
          what.push(`canAccess ${m} ${res.id} ${action}`);
        }
      }
    }
    const got = await db.checkAll(asks);
    expect(what.filter((_, i) => got[i] !== want[i])).toEqual([]);
    // Both answers occur for each kind of question, so the comparison is not vacuous.
    expect(new Set(want)).toEqual(new Set([true, false]));
    expect(want.filter((_, i) => what[i]!.includes(' analytics '))).toContain(plan === 'pro');
    // The feature's plan and switch both count: archiving is allowed somewhere only with both.
    expect(want.some((w, i) => w && what[i]!.endsWith(' archive'))).toBe(plan === 'pro' && archive);
    for (const m of members) {
      for (const action of r.ir!.resources.conversation!.actions) {
        const allowed = resources.filter((x) => account.canAccess(m.id, x, action)).map((x) => mod.objectOf('conversation', id, x.id).id).sort();
        expect(await db.lookup('conversation', action, mod.objectOf('member', id, m.id)), `${m.id} ${action}`).toEqual(allowed);
      }
    }
  }, 300_000);
});

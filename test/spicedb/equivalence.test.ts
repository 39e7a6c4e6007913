// The SpiceDB target against the guards, on the real SpiceDB (embedded): each preset's schema is
// loaded, the relationships of random accounts (custom roles, customised cells, members, tier
// nodes) and resources are written, and every CheckPermission answer must equal account.memberCan
// or account.canAccess for the same question, and LookupResources must return exactly the
// resources canAccess allows. Each case then moves to a second random account with
// relationshipDelta (so the delta is proven on the engine too) and compares again, and finally
// deletes everything it wrote. POLICYC_SPICEDB_RUNS sets the number of cases per preset.

import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as channeltalk from '../../generated/channeltalk/guards.js';
import * as cloudgate from '../../generated/cloudgate/guards.js';
import * as super8 from '../../generated/super8/guards.js';
import * as userlike from '../../generated/userlike/guards.js';
import * as zendesk from '../../generated/zendesk/guards.js';
import * as channeltalkRel from '../../generated/channeltalk/spicedb/relationships.js';
import * as cloudgateRel from '../../generated/cloudgate/spicedb/relationships.js';
import * as super8Rel from '../../generated/super8/spicedb/relationships.js';
import * as userlikeRel from '../../generated/userlike/spicedb/relationships.js';
import * as zendeskRel from '../../generated/zendesk/spicedb/relationships.js';
import { checkDir } from '../helpers.js';
import { dataArb, resourceAttributeValues, type Data } from '../runtime/account-data.js';
import { SpiceClient, type Ask, type Rel } from './spicedb-client.js';

/** The account and the relationships module, as the test calls them with ids read from data. */
interface Account {
  memberCan(member: string, permission: string, atLeast?: string): boolean;
  canAccess(actor: string, resource: unknown, action: string): boolean;
}
interface Relationships {
  relationshipsOf(accountId: string, account: unknown): Rel[];
  resourceRelationships(accountId: string, resource: unknown): Rel[];
  relationshipDelta(accountId: string, before: unknown, after: unknown): { touch: Rel[]; delete: Rel[] };
  spicedbCheck(accountId: string, memberId: string, permission: string, atLeast?: string): Ask | null;
  spicedbAccessCheck(accountId: string, memberId: string, resource: { kind: string; id: string }, action: string): Ask | null;
  objectOf(type: string, accountId: string, id: string): { type: string; id: string };
  escapeId(id: string): string;
}
const PRESETS: Record<string, { guards: { openAccount(data: unknown): unknown }; rel: Relationships }> = {
  userlike: { guards: userlike, rel: userlikeRel as unknown as Relationships },
  cloudgate: { guards: cloudgate, rel: cloudgateRel as unknown as Relationships },
  channeltalk: { guards: channeltalk, rel: channeltalkRel as unknown as Relationships },
  zendesk: { guards: zendesk, rel: zendeskRel as unknown as Relationships },
  super8: { guards: super8, rel: super8Rel as unknown as Relationships },
};

const LONG = process.env.POLICYC_SPICEDB_RUNS !== undefined;
const RUNS = LONG ? Number(process.env.POLICYC_SPICEDB_RUNS) : 10;
const RESOURCES_PER_KIND = 5;

interface Resource {
  kind: string;
  id: string;
  assignee: string | null;
  followers: string[];
  formerAssignees: string[];
  group: string | null;
  organization: string | null;
  tier?: string;
  private: boolean;
  /** Attributes of declared relations. */
  [attribute: string]: unknown;
}

describe.each(Object.keys(PRESETS))('SpiceDB schema of %s answers as the guards', (preset) => {
  const ir = checkDir(`policies/${preset}`).ir!;
  const { guards, rel } = PRESETS[preset]!;
  const perms = Object.keys(ir.permissions);
  const kinds = Object.keys(ir.resources);
  let db: SpiceClient;
  beforeAll(async () => {
    db = await SpiceClient.forPolicy(preset);
  }, 60_000);
  afterAll(() => db?.close());

  /**
   * Opens random data. Data whose own roles escalate is refused by openAccount (tested with the
   * account runtime); rather than skip the case, its customised cells and then its custom roles'
   * grants are dropped until it opens, so every case compares.
   */
  function openValid(d: Data): { ok: boolean; account: Account } {
    for (const data of [d, { ...d, roles: {} }, { ...d, roles: {}, customRoles: d.customRoles.map((c) => ({ ...c, grants: {} })) }]) {
      const o = guards.openAccount(data) as { ok: boolean; account: Account; problems?: unknown };
      if (o.ok) return o;
    }
    throw new Error(`random data that does not open: ${JSON.stringify(d)}`);
  }

  /** memberCan and canAccess questions for these members and resources, asked on both sides. */
  async function compare(accountId: string, account: Account, data: Data, resources: readonly Resource[], pick: <T>(xs: readonly T[]) => T): Promise<void> {
    const members = [...data.members.map((m) => m.id), 'stranger'];
    const asks: Ask[] = [];
    const want: boolean[] = [];
    const what: string[] = [];
    for (const m of members) {
      for (const p of perms) {
        // Each check costs SpiceDB a few milliseconds: npm test asks the default question and one
        // level or action per permission and member, the long run asks every one.
        const levels = ir.permissions[p]!.levels;
        for (const level of LONG ? [undefined, ...levels] : [undefined, pick(levels)]) {
          const ask = rel.spicedbCheck(accountId, m, p, level);
          if (ask === null) throw new Error(`no check for ${p} ${level}`);
          asks.push(ask);
          want.push(account.memberCan(m, p, level));
          what.push(`memberCan(${m}, ${p}, ${level})`);
        }
      }
      for (const r of resources) {
        for (const action of ir.resources[r.kind]!.actions) {
          asks.push(rel.spicedbAccessCheck(accountId, m, r, action)!);
          want.push(account.canAccess(m, r, action));
          what.push(`canAccess(${m}, ${JSON.stringify(r)}, ${action})`);
        }
      }
    }
    const got = await db.checkAll(asks);
    const wrong = what.flatMap((w, i) => (got[i] !== want[i] ? [`${w}: guards ${want[i]}, SpiceDB ${got[i]}`] : []));
    expect(wrong.slice(0, 5), JSON.stringify({ data })).toEqual([]);
    expect(want.some((x) => x)).toBe(true);
    // LookupResources: exactly the resources canAccess allows.
    for (const m of data.members.map((x) => x.id)) {
      for (const kind of kinds) {
        for (const action of ir.resources[kind]!.actions) {
          const allowed = resources.filter((r) => r.kind === kind && account.canAccess(m, r, action)).map((r) => rel.objectOf(kind, accountId, r.id).id).sort();
          expect(await db.lookup(kind, action, rel.objectOf('member', accountId, m)), `${m} ${kind} ${action}`).toEqual(allowed);
        }
      }
    }
  }

  it(`checks and lookups equal memberCan and canAccess on random accounts, before and after a delta (${RUNS} cases)`, async () => {
    let n = 0;
    const nodes = ir.tiers ? Object.keys(ir.tiers.nodes) : [];
    await fc.assert(
      fc.asyncProperty(dataArb(ir), dataArb(ir), fc.constantFrom(undefined, ...Object.keys(ir.plans)), fc.array(fc.nat(), { minLength: 64, maxLength: 64 }), async (d1, d2, plan, picks) => {
        // The first account on a random plan (when its data fits the plan's caps), so plan gates change in the delta.
        const onPlan = guards.openAccount({ ...d1, plan }) as { ok: boolean; account: Account };
        const o1 = onPlan.ok ? onPlan : openValid(d1);
        const o2 = openValid(d2);
        // An account id and resource ids outside SpiceDB's alphabet exercise the escaping.
        const accountId = `Acme ${preset} #${n++} ✓`;
        let k = 0;
        const pick = <T>(xs: readonly T[]): T => xs[picks[k++ % picks.length]! % xs.length]!;
        const ids = [...new Set([...d1.members, ...d2.members].map((m) => m.id)), 'stranger'];
        const tiers = [...new Set([...nodes, ...d1.tiers.map((t) => t.id), ...d2.tiers.map((t) => t.id)])];
        const resources: Resource[] = kinds.flatMap((kind) =>
          Array.from({ length: RESOURCES_PER_KIND }, (_, i) => ({
            kind,
            id: i === 0 ? `${kind}/ünïcode ${n}` : `${kind}-${i}`,
            assignee: pick([null, ...ids]),
            followers: [pick(ids)],
            formerAssignees: [pick(ids)],
            group: pick(['g1', 'g2', null]),
            organization: pick(['o1', 'o2', null]),
            ...(tiers.length ? { tier: pick(tiers) } : {}),
            private: pick([false, true]),
            // The attributes the declared relations read (a brand), or none.
            ...Object.fromEntries((ir.resources[kind]!.attributes ?? []).map((a) => [a, pick(resourceAttributeValues(ir, a))])),
          })),
        );
        const resourceRels = resources.flatMap((r) => rel.resourceRelationships(accountId, r));
        const first = rel.relationshipDelta(accountId, null, o1.account);
        expect(first.delete).toEqual([]);
        await db.write([...first.touch, ...resourceRels]);
        await compare(accountId, o1.account, d1, resources, pick);
        const change = rel.relationshipDelta(accountId, o1.account, o2.account);
        await db.write(change.touch, change.delete);
        await compare(accountId, o2.account, d2, resources, pick);
        const gone = rel.relationshipDelta(accountId, o2.account, null);
        expect(gone.touch).toEqual([]);
        await db.write([], [...gone.delete, ...resourceRels]);
        expect(await db.read('account', rel.escapeId(accountId))).toBe(0);
        for (const kind of kinds) for (const r of resources.filter((x) => x.kind === kind)) expect(await db.read(kind, rel.objectOf(kind, accountId, r.id).id)).toBe(0);
      }),
      { numRuns: RUNS },
    );
  }, 600_000);
});

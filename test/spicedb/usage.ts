// Type-checked by relationships.test.ts under the strict flags of test/typecheck: the account that
// guards.ts returns is what relationships.ts reads, and misspelt ids do not compile.

import { openAccount } from '../../generated/zendesk/guards.js';
import { relationshipDelta, relationshipsOf, resourceRelationships, spicedbAccessCheck, spicedbCheck, type CheckRequest, type Relationship } from '../../generated/zendesk/spicedb/relationships.js';

const opened = openAccount({ members: [{ id: 'ana', roles: ['owner'] }] });
if (opened.ok) {
  const rels: Relationship[] = relationshipsOf('acme', opened.account);
  const delta: { touch: Relationship[]; delete: Relationship[] } = relationshipDelta('acme', null, opened.account);
  void rels;
  void delta;
}
const ask: CheckRequest | null = spicedbCheck('acme', 'ana', 'tickets.access', 'all');
const access: CheckRequest | null = spicedbAccessCheck('acme', 'ana', { kind: 'ticket', id: 't1' }, 'view');
const written: Relationship[] = resourceRelationships('acme', { kind: 'ticket', id: 't1', assignee: 'ana', private: false });
void ask;
void access;
void written;
// @ts-expect-error a misspelt permission
spicedbCheck('acme', 'ana', 'tickets.acess');
// @ts-expect-error a level the permission does not have
spicedbCheck('acme', 'ana', 'tickets.access', 'edit');
// @ts-expect-error an action the kind does not have
spicedbAccessCheck('acme', 'ana', { kind: 'ticket', id: 't1' }, 'erase');

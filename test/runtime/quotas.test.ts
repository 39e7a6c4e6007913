// Quotas: limitOf / memberLimitOf of the kernel on a small policy whose cases use every kind of
// condition (a permission at a level, an action, a least plan, a switch), row by row, and the
// generated Zendesk guards' view counts.

import { describe, expect, it } from 'vitest';
import { evaluateLimit } from '../../src/evaluate/evaluate.js';
import { tablesOf } from '../../src/runtime/from-ir.js';
import { kLimitOf, kMemberLimitOf, MAX_LIST } from '../../src/runtime/kernel.js';
import * as zendesk from '../../generated/zendesk/guards.js';
import { checkFiles, SCHEMA_LINE } from '../helpers.js';

const POLICY = `${SCHEMA_LINE(2)}title: Quotas
plans:
  basic: { label: Basic }
  pro: { label: Pro }
plan: pro
switches:
  bulk: { label: Bulk add-on }
scales:
  access: { levels: [off, read, edit] }
  crud: { actions: [read, create, delete] }
permissions:
  tickets: { label: Tickets, scale: access }
  exports: { label: Exports, scale: crud }
  premium: { label: Premium, scale: access, minPlan: pro }
quotas:
  views:
    label: Views
    default: 5
    cases:
      - { if: { permission: tickets, atLeast: edit }, value: 50 }
      - { if: { permission: exports, atLeast: delete }, value: 30 }
      - { if: { permission: premium }, value: 20 }
      - { minPlan: pro, value: 10 }
  seats:
    label: Seats
    default: 1
    cases:
      - { requires: [bulk], value: 100 }
  trash:
    label: Trash days
    default: 0
    cases:
      - { minPlan: basic, value: 7 }
roles:
  owner: { name: Owner, kind: owner }
  editor: { name: Editor, grants: { tickets: edit } }
  reader: { name: Reader, grants: { tickets: read } }
  exporter: { name: Exporter, grants: { exports: [read, delete] } }
  premium: { name: Premium user, grants: { premium: read } }
  nobody: { name: Nobody }
tiers:
  maxDepth: 2
  nodes:
    hq: { name: HQ, grants: { tickets: edit } }
    shop: { name: Shop, parent: hq }
    depot: { name: Depot, parent: hq, grants: { exports: [delete] } }
`;

const ir = checkFiles({ 'policy.yaml': POLICY }).ir!;
const t = tablesOf(ir);

describe('limitOf on the kernel, case by case', () => {
  it.each([
    // [roles, quota, plan, value]
    [['editor'], 'views', 'pro', 50],
    [['reader'], 'views', 'pro', 10],
    [['reader'], 'views', 'basic', 5],
    [['reader'], 'views', undefined, 5],
    [['exporter'], 'views', 'basic', 30],
    [['premium'], 'views', 'pro', 20],
    [['premium'], 'views', 'basic', 5],
    [['nobody'], 'views', 'basic', 5],
    [['reader', 'editor'], 'views', 'basic', 50],
    [['reader', 'ghost'], 'views', 'basic', 5],
    [['owner'], 'views', 'basic', 50],
    [['editor'], 'seats', 'pro', 1],
  ] as const)('%j %s on %s: %d', (roles, quota, plan, value) => {
    expect(kLimitOf(t, roles, quota, plan)).toBe(value);
    expect(evaluateLimit(ir, roles, quota, plan)).toBe(value);
  });

  it('unknown roles, quotas and junk give undefined, never a throw', () => {
    expect(kLimitOf(t, ['ghost'], 'views', 'pro')).toBeUndefined();
    expect(kLimitOf(t, 'editor', 'viwes', 'pro')).toBeUndefined();
    expect(kLimitOf(t, 42, 'views', 'pro')).toBeUndefined();
    const hostile = new Proxy([], { get: () => { throw new Error('no'); } });
    expect(kLimitOf(t, hostile, 'views', 'pro')).toBeUndefined();
    expect(kMemberLimitOf(t, hostile, 'views', 'pro')).toBeUndefined();
    expect(kMemberLimitOf(t, null, 'views', 'pro')).toBeUndefined();
  });

  it.each([
    // [roles, quota, plan, value]
    [['nobody'], 'trash', 'basic', 7],
    [['nobody'], 'trash', 'pro', 7],
    [['nobody'], 'trash', undefined, 0],
    [['ghost'], 'trash', 'basic', undefined],
  ] as const)('a default of 0 and a case on the lowest plan: %j %s on %s: %s', (roles, quota, plan, value) => {
    expect(kLimitOf(t, roles, quota, plan)).toBe(value);
    expect(evaluateLimit(ir, roles, quota, plan)).toBe(value);
  });

  it('reads at most MAX_LIST roles, and only from a list', () => {
    const ghosts = Array.from({ length: MAX_LIST - 1 }, () => 'ghost');
    expect(kLimitOf(t, [...ghosts, 'editor'], 'views', 'basic')).toBe(50);
    expect(kLimitOf(t, [...ghosts, 'ghost', 'editor'], 'views', 'basic')).toBeUndefined();
    expect(kLimitOf(t, { 0: 'editor', length: 1 }, 'views', 'basic')).toBeUndefined();
    expect(kMemberLimitOf(t, { roles: { 0: 'editor', length: 1 }, tier: null }, 'views', 'basic')).toBeUndefined();
  });

  it('a member gets the highest over their roles and tier node', () => {
    expect(kMemberLimitOf(t, { roles: ['reader'], tier: 'hq' }, 'views', 'basic')).toBe(50);
    expect(kMemberLimitOf(t, { roles: ['reader'], tier: 'shop' }, 'views', 'basic')).toBe(5);
    expect(kMemberLimitOf(t, { roles: [], tier: 'hq' }, 'views', 'basic')).toBe(50);
    expect(evaluateLimit(ir, ['reader'], 'views', 'basic', 'hq')).toBe(50);
    // A node's grant of a permission other than the first (exports: delete gives 30).
    expect(kMemberLimitOf(t, { roles: [], tier: 'depot' }, 'views', 'basic')).toBe(30);
    expect(evaluateLimit(ir, [], 'views', 'basic', 'depot')).toBe(30);
  });

  it('a case that requires a switch holds only while the switch is on', () => {
    const on = checkFiles({ 'policy.yaml': POLICY.replace('bulk: { label: Bulk add-on }', 'bulk: { label: Bulk add-on, on: true }') }).ir!;
    expect(kLimitOf(tablesOf(on), 'editor', 'seats', 'pro')).toBe(100);
    expect(evaluateLimit(on, ['editor'], 'seats', 'pro')).toBe(100);
  });

  it('a case naming an unknown permission, level or plan is reported where it is written', () => {
    const r = checkFiles({ 'policy.yaml': POLICY.replace('permission: premium }, value: 20', 'permission: premum }, value: 20').replace('{ minPlan: pro, value: 10 }', '{ minPlan: platinum, value: 10 }') });
    expect(r.diagnostics.map((d) => [d.rule, d.path])).toEqual([
      ['unknown-reference', '/quotas/views/cases/2/if/permission'],
      ['unknown-reference', '/quotas/views/cases/3/minPlan'],
    ]);
  });
});

describe('the Zendesk view counts in the generated guards', () => {
  it('limited roles keep the old defaults, others get the current ones; unknown ids give undefined', () => {
    expect(zendesk.limitOf('agent', 'shared_views')).toBe(12);
    expect(zendesk.limitOf('agent', 'personal_views')).toBe(8);
    expect(zendesk.limitOf('admin', 'shared_views')).toBe(100);
    expect(zendesk.limitOf(['agent', 'admin'], 'personal_views')).toBe(10);
    expect(zendesk.memberLimitOf({ roles: ['agent'] }, 'shared_views')).toBe(12);
    expect(zendesk.limitOf('agnet' as never, 'shared_views')).toBeUndefined();
    expect(zendesk.limitOf('agent', 'shared_vews' as never)).toBeUndefined();
    expect(zendesk.QUOTAS).toEqual(['shared_views', 'personal_views']);
  });
});

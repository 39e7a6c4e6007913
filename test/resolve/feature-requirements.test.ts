// Access rules that need a feature of the account's plan (`requires: [{ feature }]`): the failure
// paths by code and position; the answers of the kernel (canAccess, accessFilter, an account's own
// plan and switches) against the reference evaluator below, at and above the feature's plan;
// `policyc diff` on a feature requirement added and removed; and Userlike's generated guards,
// whose create action of organization_settings needs Flex.

import { describe, expect, it } from 'vitest';
import { emitDocs } from '../../src/emit/emit-docs.js';
import { evaluateAccess } from '../../src/evaluate/evaluate.js';
import type { ResolvedPolicy } from '../../src/ir.js';
import { tablesOf } from '../../src/runtime/from-ir.js';
import { kAccessFilter, kCanAccess, kHasFeature, kOpenAccount, type KAccount } from '../../src/runtime/kernel.js';
import * as userlike from '../../generated/userlike/guards.js';
import { checkFiles, cli, SCHEMA_LINE, writeTree } from '../helpers.js';

const policy = (requires: string): string => `${SCHEMA_LINE(2)}title: Feature requirements
plans:
  basic: { label: Basic }
  pro: { label: Pro }
  max: { label: Max }
switches:
  brands: { label: Brands add-on }
features:
  several_brands: { label: Several brands, minPlan: pro }
  brand_audit: { label: Brand audit, minPlan: basic, requires: [brands] }
scales:
  access: { levels: [off, read, edit] }
resources:
  brand: { label: Brand, actions: [read, edit, create, audit] }
permissions:
  brands:
    label: Brands
    scale: access
    access:
      - { resource: brand, atLeast: read, relations: [same_organization], actions: [read] }
      - { resource: brand, atLeast: edit, relations: [same_organization], actions: [read, edit] }
      - { resource: brand, atLeast: edit, actions: [create], requires: ${requires} }
      - { resource: brand, atLeast: read, relations: [same_organization], actions: [audit], requires: [{ feature: brand_audit }, { action: read }] }
roles:
  owner: { name: Owner, kind: owner }
  reader: { name: Reader, grants: { brands: read } }
  editor: { name: Editor, grants: { brands: edit } }
`;

describe('requires a feature: failure paths', () => {
  const errors = (requires: string) => checkFiles({ 'policy.yaml': policy(requires) }).diagnostics.filter((d) => d.severity === 'error');

  it('an unknown feature is PC3001 at the id, with a did-you-mean hint', () => {
    const [d, ...more] = errors('[{ feature: several_brand }]');
    expect(more).toEqual([]);
    expect(d).toMatchObject({ code: 'PC3001', rule: 'unknown-reference', path: '/permissions/brands/access/2/requires/0/feature', line: 23, hint: 'did you mean "several_brands"?' });
    expect(d!.column).toBeGreaterThan(60);
  });

  it('a feature that is nothing like one of the policy: the features that exist', () => {
    const [d] = errors('[{ feature: zzzzzz }]');
    expect(d).toMatchObject({ code: 'PC3001', hint: 'use one of: "several_brands", "brand_audit"' });
  });

  it('a feature entry with another key is a schema error at the entry', () => {
    const got = errors('[{ feature: several_brands, atLeast: pro }]').map((d) => ({ rule: d.rule, path: d.path }));
    expect(got).toContainEqual({ rule: 'schema', path: '/permissions/brands/access/2/requires/0' });
  });

  it('resolves into the IR: the feature, in the order of features, next to actions and permissions', () => {
    const r = checkFiles({ 'policy.yaml': policy('[{ feature: several_brands }]') });
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const ir = r.ir as ResolvedPolicy;
    expect(ir.permissions.brands!.access.map((x) => x.requires)).toEqual([
      undefined,
      undefined,
      { actions: [], permissions: [], features: ['several_brands'] },
      { actions: ['read'], permissions: [], features: ['brand_audit'] },
    ]);
  });
});

describe('requires a feature: the generated README', () => {
  it("names the feature's plan and every switch it needs, and says when a switch is off by default", () => {
    const ir = checkFiles({ 'policy.yaml': policy('[{ feature: several_brands }]') }).ir as ResolvedPolicy;
    const md = emitDocs(ir, 'policies/p');
    expect(md).toContain('together with feature Several brands (from plan Pro)');
    // brand_audit needs the brands switch, off unless the account turns it on: the rule says so.
    expect(md).toContain('feature Brand audit (from plan Basic, while switch Brands add\\-on is on (off unless the account turns it on))');
  });
});

describe('requires a feature: answers', () => {
  const r = checkFiles({ 'policy.yaml': policy('[{ feature: several_brands }]') });
  const ir = r.ir as ResolvedPolicy;
  const t = tablesOf(ir);
  const editor = { id: 'e', roles: ['editor'], organization: 'acme' };
  const reader = { id: 'r', roles: ['reader'], organization: 'acme' };
  const fresh = { kind: 'brand' };
  const own = { kind: 'brand', organization: 'acme' };

  const table: [string, string | undefined, boolean][] = [
    ['no plan given', undefined, false],
    ['below the feature', 'basic', false],
    ["at the feature's plan", 'pro', true],
    ['above it', 'max', true],
    ['an unknown plan', 'gold', false],
  ];
  it.each(table)('create with %s (%s): %s', (_name, plan, want) => {
    expect(kHasFeature(t, 'several_brands', plan)).toBe(want);
    expect(kCanAccess(t, editor, fresh, 'create', plan)).toBe(want);
    expect(evaluateAccess(ir, editor, fresh, 'create', plan).allowed).toBe(want);
    // The rule's own permission still counts: READ is not EDIT on any plan.
    expect(kCanAccess(t, reader, fresh, 'create', plan)).toBe(false);
    // The feature gates that rule only: editing the own brand needs no plan at all.
    expect(kCanAccess(t, editor, own, 'edit', plan)).toBe(true);
  });

  it('accessFilter: a feature the plan lacks drops the rule, one it has leaves no trace in the filter', () => {
    expect(kAccessFilter(t, editor, 'brand', 'create', 'basic')).toBe(false);
    expect(kAccessFilter(t, editor, 'brand', 'create', 'pro')).toBe(true);
    expect(kAccessFilter(t, reader, 'brand', 'create', 'pro')).toBe(false);
    // A feature whose switch is off (the policy's default) drops the audit rule; its other
    // requirement and relation would otherwise show as a condition on the organisation.
    expect(kAccessFilter(t, reader, 'brand', 'audit', 'max')).toBe(false);
    expect(kAccessFilter(t, reader, 'brand', 'read', 'max')).toEqual({ field: 'organization', op: 'eq', value: 'acme' });
  });

  it("an account answers on its own plan and switches, as hasFeature does", () => {
    const open = (data: Record<string, unknown>): KAccount => {
      const v = kOpenAccount(t, {}, { members: [{ id: 'o', roles: ['owner'] }, { id: 'e', roles: ['editor'], organization: 'acme' }, { id: 'r', roles: ['reader'], organization: 'acme' }], ...data });
      if (!v.ok) throw new Error(JSON.stringify(v.problems));
      return v.account;
    };
    const basic = open({ plan: 'basic' });
    const pro = open({ plan: 'pro' });
    expect(kCanAccess(basic.tables, 'e', fresh, 'create', undefined)).toBe(false);
    expect(kCanAccess(pro.tables, 'e', fresh, 'create', undefined)).toBe(true);
    // The account's plan wins over a plan passed with the question.
    expect(kCanAccess(basic.tables, 'e', fresh, 'create', 'max')).toBe(false);
    // A feature that requires a switch: off by default, on once the account turns it on.
    expect(kCanAccess(basic.tables, 'r', own, 'audit', undefined)).toBe(false);
    const withBrands = open({ plan: 'basic', switches: { brands: true } });
    expect(kHasFeature(withBrands.tables, 'brand_audit', undefined)).toBe(true);
    expect(kCanAccess(withBrands.tables, 'r', own, 'audit', undefined)).toBe(true);
    expect(kCanAccess(withBrands.tables, 'r', { kind: 'brand', organization: 'globex' }, 'audit', undefined)).toBe(false);
    expect(kAccessFilter(withBrands.tables, 'r', 'brand', 'audit', undefined)).toEqual({ field: 'organization', op: 'eq', value: 'acme' });
  });

  it('the kernel and the reference evaluator agree on every actor, resource, action and plan', () => {
    const actors = ['owner', 'reader', 'editor', 'ghost'].map((role) => ({ id: 'a', roles: [role], organization: 'acme' }));
    const resources = [fresh, own, { kind: 'brand', organization: 'globex' }];
    for (const plan of [undefined, 'basic', 'pro', 'max'])
      for (const actor of actors)
        for (const res of resources)
          for (const action of ir.resources.brand!.actions) {
            expect(kCanAccess(t, actor, res, action, plan), JSON.stringify({ actor, res, action, plan })).toBe(evaluateAccess(ir, actor, res, action, plan).allowed);
          }
  });
});

describe("Userlike's generated guards: creating an organization needs Flex", () => {
  const max = { id: 'max', roles: ['manager'], organization: 'acme' } as const;
  const amy = { id: 'amy', roles: ['staff'], organization: 'acme' } as const;
  const fresh = { kind: 'organization_settings' } as const;
  const acme = { kind: 'organization_settings', organization: 'acme' } as const;

  it('canAccess below, at and without the plan', () => {
    expect(userlike.canAccess(max, fresh, 'create', 'flex')).toBe(true);
    expect(userlike.canAccess(max, fresh, 'create', 'standard')).toBe(false);
    expect(userlike.canAccess(max, fresh, 'create')).toBe(false);
    expect(userlike.canAccess(amy, fresh, 'create', 'flex')).toBe(false);
    // Below Flex the existing organization's settings stay editable.
    expect(userlike.canAccess(max, acme, 'edit', 'standard')).toBe(true);
    expect(userlike.canAccess(max, { kind: 'organization_settings', organization: 'globex' }, 'edit', 'flex')).toBe(false);
  });

  it('accessFilter drops the create rule below Flex and keeps no condition for it on Flex', () => {
    expect(userlike.accessFilter(max, 'organization_settings', 'create', 'standard')).toBe(false);
    expect(userlike.accessFilter(max, 'organization_settings', 'create', 'flex')).toBe(true);
    expect(userlike.accessFilter(max, 'organization_settings', 'edit', 'standard')).toEqual({ field: 'organization', op: 'eq', value: 'acme' });
  });

  it("an account opened on a plan answers with that plan", () => {
    const members = [{ id: 'olga', roles: ['owner'] }, { id: 'max', roles: ['manager'], organization: 'acme' }];
    const on = (plan: string) => {
      const opened = userlike.openAccount({ plan, members });
      if (!opened.ok) throw new Error('the account should open');
      return opened.account;
    };
    expect(on('flex').canAccess('max', fresh, 'create')).toBe(true);
    expect(on('standard').canAccess('max', fresh, 'create')).toBe(false);
    expect(on('standard').canAccess('max', acme, 'edit')).toBe(true);
  });
});

describe('policyc diff: a feature requirement added or removed', () => {
  const withFeature = policy('[{ feature: several_brands }]');
  // The same rule without the feature.
  const without = withFeature.replace('actions: [create], requires: [{ feature: several_brands }] }', 'actions: [create] }');

  it.each([
    ['added: a restriction', without, withFeature, 'restriction', 0],
    ['removed: an escalation', withFeature, without, 'escalation', 1],
  ] as const)('%s', async (_name, base, head, impact, gateExit) => {
    expect(base).not.toBe(head);
    const root = writeTree({ 'base/policy.yaml': base, 'head/policy.yaml': head });
    const json = await cli(['diff', 'base', 'head', '--format', 'json'], root);
    const report = JSON.parse(json.stdout) as { changes: { kind: string; impact: string; permission?: string; field?: string; from?: unknown; to?: unknown }[] };
    expect(report.changes.map((c) => [c.kind, c.impact, c.permission, c.field])).toEqual([['permission-changed', impact, 'brands', 'access']]);
    const [c] = report.changes;
    const needing = (side: unknown) => (side as string[]).filter((rule) => rule.includes('needing feature several_brands'));
    expect(needing(impact === 'restriction' ? c!.to : c!.from)).toEqual(['brand: create (at edit) needing feature several_brands']);
    expect(needing(impact === 'restriction' ? c!.from : c!.to)).toEqual([]);
    // The text output names it, and the escalation gate fails only on the removal.
    const text = await cli(['diff', 'base', 'head', '--fail-on', 'escalation'], root);
    expect(text.stdout).toContain('needing feature several_brands');
    expect(text.code).toBe(gateExit);
  });
});

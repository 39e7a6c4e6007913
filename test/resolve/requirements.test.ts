// Conjunctions: access rules that need another action on the same resource or another permission
// (`requires`). Failure paths by code and JSON path; the answers of the kernel (canAccess,
// accessFilter) and of the reference evaluator on every combination of grants and relations.

import { describe, expect, it } from 'vitest';
import { evaluateAccess } from '../../src/evaluate/evaluate.js';
import type { ResolvedPolicy } from '../../src/ir.js';
import { tableDataOf, tablesOf } from '../../src/runtime/from-ir.js';
import { indexTables, kAccessFilter, kCanAccess, type Filter } from '../../src/runtime/kernel.js';
import { checkFiles, SCHEMA_LINE } from '../helpers.js';

const policy = (rules: string): string => `${SCHEMA_LINE(2)}title: Conjunctions
scales:
  access: { levels: [off, read, edit] }
  toggle: { levels: [off, on] }
resources:
  conversation: { label: Conversation, actions: [read, edit, delete, export] }
permissions:
  scope:
    label: Scope
    scale: access
    access:
      - { resource: conversation, atLeast: read, relations: [same_group], actions: [read] }
      - { resource: conversation, atLeast: edit, relations: [same_group], actions: [read, edit] }
  profiles: { label: Profiles, scale: access }
  remove:
    label: Remove
    scale: toggle
    access:
${rules}roles:
  owner: { name: Owner, kind: owner }
  reader: { name: Reader, grants: { scope: read, remove: "on", profiles: edit } }
  editor: { name: Editor, grants: { scope: edit, remove: "on", profiles: read } }
  full: { name: Full, grants: { scope: edit, remove: "on", profiles: edit } }
  plain: { name: Plain, grants: { scope: edit } }
`;

const GOOD = `      - resource: conversation
        atLeast: "on"
        actions: [delete]
        requires: [{ action: edit }]
      - resource: conversation
        atLeast: "on"
        actions: [export]
        requires: [{ action: read }, { permission: profiles, atLeast: edit }]
`;

describe('requires: failure paths', () => {
  const cases: [string, string, { rule: string; path: string }[]][] = [
    [
      'an unknown action of the resource',
      `      - { resource: conversation, actions: [delete], requires: [{ action: erase }] }\n`,
      [{ rule: 'unknown-reference', path: '/permissions/remove/access/0/requires/0/action' }],
    ],
    [
      'an unknown permission',
      `      - { resource: conversation, actions: [delete], requires: [{ permission: profile }] }\n`,
      [{ rule: 'unknown-reference', path: '/permissions/remove/access/0/requires/0/permission' }],
    ],
    [
      'a level the permission does not have',
      `      - { resource: conversation, actions: [delete], requires: [{ permission: profiles, atLeast: "on" }] }\n`,
      [{ rule: 'invalid-level', path: '/permissions/remove/access/0/requires/0/atLeast' }],
    ],
    [
      'an action that needs itself',
      `      - { resource: conversation, actions: [delete], requires: [{ action: delete }] }\n`,
      [{ rule: 'requirement-cycle', path: '/permissions/remove/access/0/requires/0/action' }],
    ],
    [
      'two actions that need each other',
      `      - { resource: conversation, actions: [delete], requires: [{ action: export }] }\n      - { resource: conversation, actions: [export], requires: [{ permission: profiles }, { action: delete }] }\n`,
      [{ rule: 'requirement-cycle', path: '/permissions/remove/access/0/requires/0/action' }],
    ],
    [
      'a requirement that is neither an action nor a permission',
      `      - { resource: conversation, actions: [delete], requires: [{ role: owner }] }\n`,
      [{ rule: 'schema', path: '/permissions/remove/access/0/requires/0' }],
    ],
    ['an empty list', `      - { resource: conversation, actions: [delete], requires: [] }\n`, [{ rule: 'schema', path: '/permissions/remove/access/0/requires' }]],
  ];
  it.each(cases)('%s', (_name, rules, want) => {
    const r = checkFiles({ 'policy.yaml': policy(rules) });
    const got = r.diagnostics.filter((d) => d.severity === 'error').map((d) => ({ rule: d.rule, path: d.path }));
    expect(got.length).toBeGreaterThan(0);
    for (const w of want) expect(got).toContainEqual(w);
    expect(new Set(got.map((d) => d.rule))).toEqual(new Set(want.map((w) => w.rule)));
  });
});

describe('requires: answers', () => {
  const r = checkFiles({ 'policy.yaml': policy(GOOD) });
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const ir = r.ir as ResolvedPolicy;
  const t = tablesOf(ir);

  it('resolves into the IR, in the resource order of actions', () => {
    expect(ir.permissions.remove!.access.map((x) => x.requires)).toEqual([
      { actions: ['edit'], permissions: [], features: [] },
      { actions: ['read'], permissions: [{ permission: 'profiles', atLeast: 'edit' }], features: [] },
    ]);
    // Rules that need nothing more carry no requires at all.
    expect(ir.permissions.scope!.access.every((x) => !('requires' in x))).toBe(true);
  });

  const actors = ['reader', 'editor', 'full', 'plain', 'owner', 'ghost'].flatMap((role) => [
    { id: 'a', roles: [role], groups: ['g1'] },
    { id: 'a', roles: [role], groups: [] },
  ]);
  const resources = [
    { kind: 'conversation', group: 'g1' },
    { kind: 'conversation', group: 'g2' },
    { kind: 'conversation' },
  ];
  const table: [string, string, boolean][] = [
    ['reader', 'delete', false], // READ is not EDIT
    ['editor', 'delete', true],
    ['editor', 'export', false], // profiles only at read
    ['full', 'export', true],
    ['plain', 'delete', false], // EDIT without the switch
    ['owner', 'delete', true],
  ];

  it.each(table)('%s in the group: %s is %s', (role, action, want) => {
    const actor = { id: 'a', roles: [role], groups: ['g1'] };
    expect(kCanAccess(t, actor, resources[0], action, undefined)).toBe(want);
    expect(evaluateAccess(ir, actor, resources[0]!, action).allowed).toBe(want);
    // Outside the group no scope gives edit or read, so neither conjunction holds.
    expect(kCanAccess(t, actor, resources[1], action, undefined)).toBe(false);
  });

  it('the kernel, the reference and the list filter agree on every actor, resource and action', () => {
    const matches = (f: Filter, res: { group?: string }): boolean => {
      if (typeof f === 'boolean') return f;
      if ('and' in f) return f.and.every((x) => matches(x, res));
      if ('or' in f) return f.or.some((x) => matches(x, res));
      if ('not' in f) return !matches(f.not, res);
      if (f.field !== 'group' || f.op !== 'in') throw new Error(`unexpected ${JSON.stringify(f)}`);
      return typeof res.group === 'string' && (f.value as string[]).includes(res.group);
    };
    for (const actor of actors)
      for (const action of ir.resources.conversation!.actions) {
        const filter = kAccessFilter(t, actor, 'conversation', action, undefined);
        for (const res of resources) {
          const want = evaluateAccess(ir, actor, res, action).allowed;
          expect(kCanAccess(t, actor, res, action, undefined), JSON.stringify({ actor, res, action })).toBe(want);
          expect(matches(filter, res), JSON.stringify({ actor, res, action, filter })).toBe(want);
        }
      }
  });

  it('fails closed, without recursing for ever, on tables whose requirements loop', () => {
    const data = tableDataOf(ir);
    const bits = (a: string): number => 1 << ir.resources.conversation!.actions.indexOf(a);
    // Make the edit rule need delete, while delete needs edit.
    const needs = data.accessNeeds[0]!.map((n, i) => (data.accessRules[0]![i]![3] & bits('edit') ? ([bits('delete'), []] as const) : n));
    const looped = indexTables({ ...data, accessNeeds: [needs] });
    const actor = { id: 'a', roles: ['full'], groups: ['g1'] };
    expect(kCanAccess(looped, actor, resources[0], 'delete', undefined)).toBe(false);
    expect(kCanAccess(looped, actor, resources[0], 'edit', undefined)).toBe(false);
    expect(kAccessFilter(looped, actor, 'conversation', 'delete', undefined)).toBe(false);
    // Read has a rule that needs nothing: still allowed.
    expect(kCanAccess(looped, actor, resources[0], 'read', undefined)).toBe(true);
  });
});

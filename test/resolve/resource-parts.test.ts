// Parts of a resource: privacy that covers some actions only. Failure paths by code and JSON path;
// the kernel (canAccess, accessFilter) and the reference evaluator agree on every actor, resource
// and action, and the actions outside the part stay open on a private resource.

import { describe, expect, it } from 'vitest';
import { evaluateAccess } from '../../src/evaluate/evaluate.js';
import type { ResolvedPolicy } from '../../src/ir.js';
import { tablesOf } from '../../src/runtime/from-ir.js';
import { kAccessFilter, kCanAccess, type Filter } from '../../src/runtime/kernel.js';
import { checkFiles, SCHEMA_LINE } from '../helpers.js';

const policy = (parts: string): string => `${SCHEMA_LINE(2)}title: Parts
scales:
  toggle: { levels: [off, on] }
resources:
  conversation:
    label: Conversation
    actions: [read, reply, read_private]
${parts}permissions:
  inbox:
    label: Inbox
    scale: toggle
    access:
      - { resource: conversation, relations: [same_group], actions: [read, read_private] }
      - { resource: conversation, relations: [assignee], actions: [read, reply, read_private] }
  view_private: { label: View private, scale: toggle }
roles:
  owner: { name: Owner, kind: owner }
  agent: { name: Agent, grants: { inbox: "on" } }
  trusted: { name: Trusted, grants: { inbox: "on", view_private: "on" } }
`;

const GOOD = `    parts:
      private_messages: { label: Private messages, actions: [read_private], privateNeeds: view_private }
`;

describe('parts: failure paths', () => {
  const cases: [string, string, { rule: string; path: string }[]][] = [
    [
      'an action the resource does not have',
      `    parts:\n      private_messages: { label: Private messages, actions: [read_secret], privateNeeds: view_private }\n`,
      [{ rule: 'unknown-reference', path: '/resources/conversation/parts/private_messages/actions/0' }],
    ],
    [
      'an unknown permission',
      `    parts:\n      private_messages: { label: Private messages, actions: [read_private], privateNeeds: view_privat }\n`,
      [{ rule: 'unknown-reference', path: '/resources/conversation/parts/private_messages/privateNeeds' }],
    ],
    [
      'a part without the permission it needs',
      `    parts:\n      private_messages: { label: Private messages, actions: [read_private] }\n`,
      [{ rule: 'schema', path: '/resources/conversation/parts/private_messages' }],
    ],
    ['a part without actions', `    parts:\n      private_messages: { label: Private messages, actions: [], privateNeeds: view_private }\n`, [{ rule: 'schema', path: '/resources/conversation/parts/private_messages/actions' }]],
  ];
  it.each(cases)('%s', (_name, parts, want) => {
    const r = checkFiles({ 'policy.yaml': policy(parts) });
    const got = r.diagnostics.filter((d) => d.severity === 'error').map((d) => ({ rule: d.rule, path: d.path }));
    for (const w of want) expect(got).toContainEqual(w);
    expect(new Set(got.map((d) => d.rule))).toEqual(new Set(want.map((w) => w.rule)));
  });
});

describe('parts: answers', () => {
  const r = checkFiles({ 'policy.yaml': policy(GOOD) });
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const ir = r.ir as ResolvedPolicy;
  const t = tablesOf(ir);

  it('resolves into the IR; resources without parts carry none', () => {
    expect(ir.resources.conversation!.parts).toEqual({ private_messages: { label: 'Private messages', description: null, actions: ['read_private'], privateNeeds: 'view_private' } });
    const plain = checkFiles({ 'policy.yaml': policy('') }).ir!;
    expect('parts' in plain.resources.conversation!).toBe(false);
  });

  const priv = { kind: 'conversation', group: 'g1', private: true };
  const table: [string, string, boolean][] = [
    ['agent', 'read', true], // the conversation itself stays open
    ['agent', 'read_private', false], // its private messages do not
    ['trusted', 'read_private', true],
    ['owner', 'read_private', true],
  ];
  it.each(table)('%s on a private conversation of its group: %s is %s', (role, action, want) => {
    const actor = { id: 'a', roles: [role], groups: ['g1'] };
    expect(kCanAccess(t, actor, priv, action, undefined)).toBe(want);
    expect(evaluateAccess(ir, actor, priv, action).allowed).toBe(want);
    // Without private messages the part needs nothing.
    expect(kCanAccess(t, actor, { ...priv, private: false }, action, undefined)).toBe(true);
  });

  it('the kernel, the reference and the list filter agree on every actor, resource and action', () => {
    const matches = (f: Filter, res: { group?: string; assignee?: string; private?: boolean }): boolean => {
      if (typeof f === 'boolean') return f;
      if ('and' in f) return f.and.every((x) => matches(x, res));
      if ('or' in f) return f.or.some((x) => matches(x, res));
      if ('not' in f) return !matches(f.not, res);
      if (f.field === 'group' && f.op === 'in') return typeof res.group === 'string' && (f.value as string[]).includes(res.group);
      if (f.field === 'assignee' && f.op === 'eq') return res.assignee === f.value;
      if (f.field === 'private' && f.op === 'eq') return res.private === f.value;
      throw new Error(`unexpected ${JSON.stringify(f)}`);
    };
    const resources = [true, false, undefined].flatMap((p) => [
      { kind: 'conversation', group: 'g1', private: p },
      { kind: 'conversation', group: 'g2', assignee: 'a', private: p },
      { kind: 'conversation', group: 'g2', private: p },
    ]);
    for (const role of ['owner', 'agent', 'trusted', 'ghost'])
      for (const actor of [{ id: 'a', roles: [role], groups: ['g1'] }, { id: 'b', roles: [role], groups: [] }])
        for (const action of ir.resources.conversation!.actions) {
          const filter = kAccessFilter(t, actor, 'conversation', action, undefined);
          for (const res of resources) {
            const want = evaluateAccess(ir, actor, res as never, action).allowed;
            expect(kCanAccess(t, actor, res, action, undefined), JSON.stringify({ actor, res, action })).toBe(want);
            expect(matches(filter, res), JSON.stringify({ actor, res, action, filter })).toBe(want);
          }
        }
  });
});

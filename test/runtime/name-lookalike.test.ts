// limits.distinctNames lookalike in the runtime validators (Zendesk sets it): a custom role's name
// may not look like any other role's name, in validateRoleDraft, openAccount and apply (createRole,
// editRole), under the compiler's rule name and at the name's JSON pointer.

import { describe, expect, it } from 'vitest';
import * as zendesk from '../../generated/zendesk/guards.js';
import * as userlike from '../../generated/userlike/guards.js';

type Problem = { rule: string; path?: string };
type Verdict = { ok: true } | { ok: false; problems: Problem[] };
type Opened = { ok: true; account: { apply(change: unknown): Opened; validateRoleDraft(actor: unknown, draft: unknown): Verdict } } | { ok: false; problems: Problem[] };
const open = (g: { openAccount(data: unknown): unknown }, data: unknown): Opened => g.openAccount(data) as Opened;
const rules = (v: Verdict | Opened): [string, string | undefined][] => (v.ok ? [] : v.problems.map((p) => [p.rule, p.path]));

const base = { plan: 'enterprise', members: [{ id: 'olga', roles: ['owner'] }, { id: 'ada', roles: ['admin'] }] };

describe('openAccount: custom role names', () => {
  it.each([
    ['a digit for a letter of a builtin name', [{ id: 'c1', name: 'Ag3nt', grants: {} }], [['name-lookalike', '/customRoles/0/name']]],
    ['a Cyrillic letter in a custom name', [{ id: 'c1', name: 'Night', grants: {} }, { id: 'c2', name: 'Nіght', grants: {} }], [['name-lookalike', '/customRoles/0/name'], ['name-lookalike', '/customRoles/1/name']]],
    ['numbered names', [{ id: 'c1', name: 'Tier 1', grants: {} }, { id: 'c2', name: 'Tier 2', grants: {} }], []],
    ['a transposition', [{ id: 'c1', name: 'Agnet', grants: {} }], []],
    ['the same name is name-duplicate only', [{ id: 'c1', name: 'agent', grants: {} }], [['name-duplicate', '/customRoles/0/name']]],
  ] as const)('%s', (_name, customRoles, want) => {
    expect(rules(open(zendesk, { ...base, customRoles }))).toEqual(want);
  });

  it('a policy without the setting accepts look-alikes (Userlike)', () => {
    const opened = open(userlike, { members: [{ id: 'o', roles: ['owner'] }], customRoles: [{ id: 'c1', name: 'Ag3nt', grants: {} }] });
    expect(rules(opened)).toEqual([]);
  });
});

describe('validateRoleDraft and apply', () => {
  const account = open(zendesk, { ...base, customRoles: [{ id: 'night', name: 'Night shift', grants: {} }] });
  if (!account.ok) throw new Error('the base account must open');
  const a = account.account;

  it('validateRoleDraft refuses a look-alike of a builtin and of a custom role, and accepts a distinct name', () => {
    expect(rules(a.validateRoleDraft('ada', { id: 'x', name: 'Ag3nt', grants: {} }))).toEqual([['name-lookalike', '/name']]);
    expect(rules(a.validateRoleDraft('ada', { id: 'x', name: 'Night-Shift', grants: {} }))).toEqual([['name-lookalike', '/name']]);
    expect(rules(a.validateRoleDraft('ada', { id: 'x', name: 'Day shift', grants: {} }))).toEqual([]);
  });

  it('createRole and editRole refuse a look-alike; editing a role under its own name passes', () => {
    expect(rules(a.apply({ type: 'createRole', actor: 'ada', role: { id: 'x', name: 'Аgent', grants: {} } }))).toEqual([['name-lookalike', '/name']]);
    expect(rules(a.apply({ type: 'editRole', actor: 'ada', role: 'night', name: 'Ag3nt', grants: {} }))).toEqual([['name-lookalike', '/name']]);
    expect(a.apply({ type: 'editRole', actor: 'ada', role: 'night', name: 'Night shift', grants: {} }).ok).toBe(true);
  });
});

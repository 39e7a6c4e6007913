// Values a database driver or a caller may hand the guards: BigInt and symbols, prototype-free
// objects, revoked proxies, throwing getters, huge sparse arrays. Every guard denies (or refuses,
// with a rule) and never throws.

import { describe, expect, it } from 'vitest';
import * as typed from '../golden/expected/helpdesk/guards.js';

type Untyped<M> = { [K in keyof M]: M[K] extends (...args: never[]) => infer R ? (...args: any[]) => R : M[K] };
/** The guards as called with values from outside: anything at all. */
const g = typed as unknown as Untyped<typeof typed>;

const revoked = (() => {
  const { proxy, revoke } = Proxy.revocable([], {});
  revoke();
  return proxy;
})();
const throwing = Object.defineProperty({}, 'roles', { get: () => { throw new Error('getter'); }, enumerable: true });
const sparse: unknown[] = [];
sparse.length = 2 ** 32 - 1;
const HOSTILE: [string, unknown][] = [
  ['a BigInt', 1n],
  ['a symbol', Symbol('x')],
  ['a prototype-free object', Object.create(null)],
  ['a revoked proxy', revoked],
  ['an object whose getter throws', throwing],
  ['a sparse array of length 2^32-1', sparse],
];
const owner = { id: 'ana', roles: ['owner'] };
const agent = { id: 'abe', roles: ['agent'] };

describe.each(HOSTILE)('given %s', (_name, value) => {
  it('the questions deny', () => {
    expect(g.canId(value, 0, 0)).toBe(false);
    expect(g.canId(0, value, 0)).toBe(false);
    expect(g.can(value, 'tickets.view')).toBe(false);
    expect(g.can('agent', value)).toBe(false);
    expect(g.can(['agent'], 'tickets.view', value)).toBe(false);
    expect(g.memberCan(value, 'tickets.view')).toBe(false);
    expect(g.memberCan({ roles: value }, 'tickets.view')).toBe(false);
    expect(g.levelOf(value, 'tickets.view')).toBeUndefined();
  });

  it('the validators refuse, under a rule', () => {
    const rules = (v: typed.Verdict) => (v.ok ? [] : v.problems.map((p) => p.rule));
    expect(rules(g.canAssignRole(value, agent, 'analyst'))).toEqual(['unknown-reference']);
    expect(rules(g.canAssignRole(owner, value, 'analyst'))).toEqual(['unknown-reference']);
    expect(rules(g.canSetRoles(owner, agent, value))).toEqual(['unknown-reference']);
    expect(rules(g.canEditRole(value, 'agent'))).toEqual(['unknown-reference']);
    expect(rules(g.validateRoleDraft(value, { id: 'x', name: 'X', grants: {} }))).toEqual(['unknown-reference']);
    expect(rules(g.validateRoleDraft(owner, value))).toEqual(['unknown-reference']);
    // An empty prototype-free object is valid (empty) account data; everything else is refused.
    expect(g.openAccount(value).ok).toBe(_name === 'a prototype-free object');
  });
});

describe('size', () => {
  it('setting 30,000 roles at once is answered (once per role), not looped over per pair', () => {
    const roles = Array.from({ length: 30_000 }, (_, i) => `r${i}`);
    const v = g.canSetRoles(owner, agent, roles);
    expect(v.ok).toBe(false);
    // Lists longer than the cap are not read at all.
    expect(v.ok ? [] : v.problems.map((p) => p.rule)).toEqual(['unknown-reference']);
    const within = g.canSetRoles(owner, agent, roles.slice(0, 5_000));
    expect(within.ok ? [] : within.problems.map((p) => p.rule)).toContain('unknown-reference');
    expect(within.ok ? 0 : within.problems.length).toBeLessThan(110);
  });

  it('a draft name longer than the schema allows is refused', () => {
    const v = g.validateRoleDraft(owner, { id: 'new1', name: 'N'.repeat(201), grants: {} });
    expect(v.ok ? [] : v.problems.map((p) => p.rule)).toEqual(['account-schema']);
    expect(g.validateRoleDraft(owner, { id: 'new1', name: 'N'.repeat(200), grants: {} }).ok).toBe(true);
  });
});

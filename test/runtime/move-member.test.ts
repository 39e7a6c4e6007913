// canMoveMember in the kernel (kMoveMember, KAccount.canMoveMember) and apply's moveMember, which
// asks it: who may place a member in a tier node, and each refusal under its rule.

import { describe, expect, it } from 'vitest';
import { kMoveMember, kOpenAccount, type KAccount, type KernelVerdict } from '../../src/runtime/kernel.js';
import { base, fixture } from './kernel-tables.js';

const rules = (v: KernelVerdict): string[] => (v.ok ? [] : v.problems.map((p) => p.rule));

/** The tiered fixture (owner, manager, agent; hq > north > taipei, hq > central > beitun) with one node of the account's own. */
function tiered(): KAccount {
  const opened = kOpenAccount(fixture('tiered'), {}, {
    tiers: [{ id: 'fengyuan', name: 'Fengyuan', parent: 'central' }],
    members: [
      { id: 'o', roles: ['owner'], tier: 'hq' },
      { id: 'm', roles: ['manager'], tier: 'north' },
      { id: 'b', roles: ['agent'], tier: 'beitun' },
    ],
  });
  if (!opened.ok) throw new Error(JSON.stringify(opened.problems));
  return opened.account;
}

describe('canMoveMember on an account', () => {
  it.each<[string, unknown, unknown, unknown, string[]]>([
    ['an owner places a member in a node of the policy', 'o', 'b', 'taipei', []],
    ["an owner places a member in the account's own node", 'o', 'b', 'fengyuan', []],
    ['an owner places a member at the root', 'o', 'b', 'hq', []],
    ['an owner takes a member out of the tree', 'o', 'b', null, []],
    ['the actor may be given as a member object', { id: 'o', roles: ['owner'] }, 'b', 'north', []],
    ['the member may be given as a member object', 'o', { id: 'b', roles: ['agent'] }, 'north', []],
    ['nobody moves themselves, an owner neither', 'o', 'o', 'central', ['self-assign']],
    ['a member without the power to assign roles places nobody', 'm', 'b', 'north', ['not-permitted']],
    ['without that power, moving oneself is refused twice over', 'm', 'm', 'hq', ['self-assign', 'not-permitted']],
    ['a member of no account is unknown', 'o', 'zz', 'hq', ['unknown-reference']],
    ['a member object the account does not have is unknown', 'o', { id: 'zz', roles: ['owner'] }, 'hq', ['unknown-reference']],
    ['an unknown node is refused', 'o', 'b', 'nowhere', ['unknown-reference']],
    ['a node id of the wrong type is refused', 'o', 'b', 7, ['unknown-reference']],
    ['a missing node is refused (null takes a member out)', 'o', 'b', undefined, ['unknown-reference']],
    ['an unknown actor is refused and nothing else is asked', 'zz', 'zz', 'nowhere', ['unknown-reference']],
    ['a missing actor is refused', undefined, 'b', 'hq', ['unknown-reference']],
  ])('%s', (_name, actor, member, tier, want) => {
    expect(rules(tiered().canMoveMember(actor, member, tier))).toEqual(want);
  });

  it('names what is unknown, with a JSON pointer and a did-you-mean for a misspelt node', () => {
    const a = tiered();
    expect(a.canMoveMember('o', 'zz', 'nort')).toEqual({
      ok: false,
      problems: [
        { rule: 'unknown-reference', message: 'unknown member "zz"', path: '/member' },
        { rule: 'unknown-reference', message: expect.stringMatching(/^unknown tier node "nort".*did you mean "north"/), path: '/tier' },
      ],
    });
    expect(a.canMoveMember('o', 'b', undefined)).toEqual({ ok: false, problems: [{ rule: 'unknown-reference', message: 'a tier node (or null, out of the tree) must be given', path: '/tier' }] });
    expect(a.canMoveMember('o', 42, 'hq')).toEqual({ ok: false, problems: [{ rule: 'unknown-reference', message: 'member must be given', path: '/member' }] });
    expect(a.canMoveMember('zz', 'b', 'hq')).toEqual({ ok: false, problems: [{ rule: 'unknown-reference', message: 'actor must be given' }] });
    expect(a.canMoveMember('m', 'b', 'hq')).toEqual({ ok: false, problems: [{ rule: 'not-permitted', message: 'moving a member needs the permission to assign roles' }] });
    expect(a.canMoveMember('o', 'o', 'hq')).toEqual({ ok: false, problems: [{ rule: 'self-assign', message: 'nobody may move themselves' }] });
  });

  it('a role that may assign roles places members; a policy without a tree only takes them out', () => {
    const opened = kOpenAccount(base(), {}, { members: [{ id: 'o1', roles: ['owner'] }, { id: 'o2', roles: ['owner'] }, { id: 'le', roles: ['lead'] }, { id: 'ag', roles: ['agent'] }] });
    if (!opened.ok) throw new Error('the data is refused');
    const a = opened.account;
    expect(a.canMoveMember('le', 'ag', null)).toEqual({ ok: true });
    expect(a.canMoveMember('ag', 'le', null)).toEqual({ ok: false, problems: [{ rule: 'not-permitted', message: expect.any(String) }] });
    expect(a.canMoveMember('le', 'ag', 'hq')).toEqual({ ok: false, problems: [{ rule: 'unknown-reference', message: 'unknown tier node "hq"; the policy has no tier tree', path: '/tier' }] });
  });

  it('denies input that throws instead of throwing', () => {
    const hostile = new Proxy({}, { get: () => { throw new Error('boom'); } });
    expect(rules(tiered().canMoveMember('o', hostile, 'hq'))).toEqual(['unknown-reference']);
    expect(rules(tiered().canMoveMember('o', 'b', hostile))).toEqual(['unknown-reference']);
    expect(rules(tiered().canMoveMember(hostile, 'b', 'hq'))).toEqual(['unknown-reference']);
  });
});

describe('kMoveMember without an account (the static guards)', () => {
  it('judges member objects against the policy tree; a member id names nobody', () => {
    const t = fixture('tiered');
    const owner = { id: 'o', roles: ['owner'] };
    const agent = { id: 'b', roles: ['agent'] };
    expect(kMoveMember(t, owner, agent, 'beitun')).toEqual({ ok: true });
    expect(kMoveMember(t, owner, agent, null)).toEqual({ ok: true });
    expect(rules(kMoveMember(t, { id: 'm', roles: ['manager'] }, agent, 'beitun'))).toEqual(['not-permitted']);
    expect(rules(kMoveMember(t, owner, owner, 'beitun'))).toEqual(['self-assign']);
    expect(rules(kMoveMember(t, owner, agent, 'fengyuan'))).toEqual(['unknown-reference']);
    expect(kMoveMember(t, owner, 'b', 'hq')).toEqual({ ok: false, problems: [{ rule: 'unknown-reference', message: 'unknown member "b"', path: '/member' }] });
  });
});

describe("apply's moveMember asks canMoveMember", () => {
  it.each<[string, unknown, unknown, unknown, boolean]>([
    ['allowed', 'o', 'b', 'fengyuan', true],
    ['out of the tree', 'o', 'b', null, true],
    ['self', 'o', 'o', 'north', false],
    ['not permitted', 'm', 'b', 'north', false],
    ['both', 'm', 'm', 'north', false],
    ['unknown member', 'o', 'zz', 'north', false],
    ['unknown node', 'o', 'b', 'nowhere', false],
    ['missing node', 'o', 'b', undefined, false],
    ['unknown actor', 'zz', 'b', 'north', false],
  ])('%s: the same verdict', (_name, actor, member, tier, ok) => {
    const a = tiered();
    const verdict = a.canMoveMember(actor, member, tier);
    const applied = a.apply({ type: 'moveMember', actor, member: member as string, tier: tier as string | null });
    expect(verdict.ok).toBe(ok);
    expect(applied.ok).toBe(ok);
    if (!applied.ok && !verdict.ok) expect(applied.problems).toEqual(verdict.problems);
  });

  it('moves the member, and takes them out of the tree with null', () => {
    const a = tiered();
    const moved = a.apply({ type: 'moveMember', actor: 'o', member: 'b', tier: 'fengyuan' });
    expect(moved.ok && moved.account.member('b')?.tier).toBe('fengyuan');
    const out = a.apply({ type: 'moveMember', actor: 'o', member: 'b', tier: null });
    expect(out.ok && out.account.data.members?.find((m) => m.id === 'b')).toEqual({ id: 'b', roles: ['agent'] });
    // A member given as an object is found by its id.
    const byObject = a.apply({ type: 'moveMember', actor: 'o', member: { id: 'b', roles: ['agent'] } as never, tier: 'taipei' });
    expect(byObject.ok && byObject.account.member('b')?.tier).toBe('taipei');
    // The account it came from is unchanged.
    expect(a.member('b')?.tier).toBe('beitun');
  });
});

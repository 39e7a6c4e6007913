// The generated guards and the IR evaluator (used by `policyc test`) must agree on every question:
// every member (role sets x tier nodes), resource shape, action and plan of the tiered fixture.

import { describe, expect, it } from 'vitest';
import { evaluateAccess, evaluateCan, isAncestorNode, relationsOf, type Actor, type Resource } from '../../src/evaluate/evaluate.js';
import * as g from '../golden/expected/tiered/guards.js';
import * as hTyped from '../golden/expected/helpdesk/guards.js';

/** The guards as a product calls them with ids read from data: untyped strings, checked at run time. */
type Untyped<M> = { [K in keyof M]: M[K] extends (...args: never[]) => infer R ? (...args: any[]) => R : M[K] };
const h = hTyped as unknown as Untyped<typeof hTyped>;
import { checkDir } from '../helpers.js';

const tiered = checkDir('test/fixtures/golden/tiered').ir!;
const helpdesk = checkDir('test/fixtures/golden/helpdesk').ir!;

function subsets<T>(xs: readonly T[]): T[][] {
  return xs.reduce<T[][]>((acc, x) => [...acc, ...acc.map((s) => [...s, x])], [[]]);
}

const plans = [undefined, 'basic', 'pro', 'enterprise', 'platinum'];
const tiers = [undefined, null, ...Object.keys(tiered.tiers!.nodes), 'nowhere'];
const roleSets = [...subsets(Object.keys(tiered.roles)), ['ghost'], ['agent', 'ghost']];

describe('tiered fixture', () => {
  it('can / memberCan agree with the evaluator for every member, permission, level and plan', () => {
    let n = 0;
    for (const roles of roleSets)
      for (const tier of tiers)
        for (const [perm, p] of Object.entries(tiered.permissions))
          for (const level of [undefined, ...p.levels, 'bogus'])
            for (const plan of plans) {
              const want = evaluateCan(tiered, roles, perm, level, plan, tier);
              const member = { roles, tier } as unknown as g.Member;
              expect(g.memberCan(member, perm as g.Permission, level as never, plan as g.Plan), JSON.stringify({ roles, tier, perm, level, plan })).toBe(want);
              if (tier === undefined) expect(g.can(roles as g.Role[], perm as g.Permission, level as never, plan as g.Plan)).toBe(want);
              n++;
            }
    expect(n).toBeGreaterThan(5000);
  });

  it('canAccess agrees with the evaluator on every actor, resource shape, action and plan', () => {
    const ids = ['ben', 'cai', ''];
    const resources: Resource[] = [];
    for (const kind of ['conversation', 'customer', 'invoice'])
      for (const assignee of [null, 'ben', 'zed'])
        for (const followers of [[], ['ben']])
          for (const tier of [null, 'north', 'taipei', 'hq', 'beitun'])
            for (const priv of [false, true])
              resources.push({ kind, assignee, followers, formerAssignees: assignee === 'zed' ? ['ben'] : [], group: 'g1', organization: 'o1', tier, private: priv });
    let n = 0;
    let allowed = 0;
    for (const roles of roleSets.slice(0, 8))
      for (const tier of [null, 'hq', 'north', 'taipei', 'central', 'beitun'])
        for (const id of ids)
          for (const r of resources)
            for (const action of ['read', 'reply', 'edit', 'view', 'delete'])
              for (const plan of ['pro', undefined]) {
                const actor: Actor = { id, roles, groups: ['g1'], organization: 'o1', tier };
                const want = evaluateAccess(tiered, actor, r, action, plan).allowed;
                expect(g.canAccess(actor as g.Actor, r as g.Resource, action as never, plan as g.Plan), JSON.stringify({ actor, r, action, plan })).toBe(want);
                n++;
                if (want) allowed++;
              }
    // Both answers occur often, so agreement is not trivially "always false".
    expect(allowed).toBeGreaterThan(n / 20);
    expect(allowed).toBeLessThan(n);
  });

  it('tier helpers answer like the parent chain', () => {
    const nodes = Object.keys(tiered.tiers!.nodes) as g.TierNode[];
    for (const a of nodes)
      for (const b of nodes) {
        expect(g.isAncestor(a, b)).toBe(isAncestorNode(tiered, a, b));
        expect(g.isSameOrAncestor(a, b)).toBe(a === b || isAncestorNode(tiered, a, b));
      }
    expect(g.parentOf('beitun')).toBe('central');
    expect(g.parentOf('hq')).toBeUndefined();
    expect(g.depthOf('taipei')).toBe(3);
    expect(g.isAncestor('__proto__' as g.TierNode, 'hq')).toBe(false);
  });

  it('plans and features', () => {
    expect(g.planAtLeast('pro', 'basic')).toBe(true);
    expect(g.planAtLeast('basic', 'pro')).toBe(false);
    expect(g.hasFeature('several_organizations', 'pro')).toBe(false);
    expect(g.hasFeature('several_organizations', 'enterprise')).toBe(true);
    expect(g.hasFeature('toString' as g.Feature, 'enterprise')).toBe(false);
  });
});

describe('helpdesk fixture', () => {
  it('can agrees with the evaluator for every role set, permission and level', () => {
    for (const roles of [...subsets(Object.keys(helpdesk.roles)), ['ghost']])
      for (const [perm, p] of Object.entries(helpdesk.permissions))
        for (const level of [undefined, ...p.levels, 'bogus']) {
          expect(h.can(roles as hTyped.Role[], perm as hTyped.Permission, level as never)).toBe(evaluateCan(helpdesk, roles, perm, level));
        }
  });
});

describe('role management: the evaluator of `policyc test` and the generated validators agree', () => {
  const roles = Object.keys(helpdesk.roles);
  const actorSets = [...subsets(roles).filter((s) => s.length <= 2), ['ghost']];
  it('canAssignRole and canEditRole for every actor role set and role', async () => {
    const { evaluateAssign, evaluateEditRole } = await import('../../src/evaluate/delegation.js');
    let allowed = 0;
    for (const held of actorSets)
      for (const role of roles) {
        const actor = { id: 'a', roles: held };
        const target = { id: 't', roles: ['night_shift'] };
        if (role !== 'night_shift') {
          const want = evaluateAssign(helpdesk, 'a', held, 't', role).allowed;
          expect(h.canAssignRole(actor, target, role, { customRoles: [] }).ok, JSON.stringify({ held, role })).toBe(want);
          if (want) allowed++;
        }
        expect(h.canEditRole(actor, role, { customRoles: [] }).ok, JSON.stringify({ held, role, edit: true })).toBe(evaluateEditRole(helpdesk, 'a', held, role).allowed);
      }
    expect(allowed).toBeGreaterThan(5);
  });
});

describe('malformed resources fail closed', () => {
  const ben = { id: 'ben', roles: ['agent'], tier: 'north' } as g.Actor;
  it.each([
    ['a private flag of 1', { kind: 'conversation', assignee: 'ben', tier: 'north', private: 1 }],
    ['a private flag of "true"', { kind: 'conversation', assignee: 'ben', tier: 'north', private: 'true' }],
  ])('%s counts as private', (_name, r) => {
    expect(g.canAccess(ben, r as unknown as g.Resource, 'read' as never, 'pro')).toBe(false);
    expect(evaluateAccess(tiered, ben, r as unknown as Resource, 'read', 'pro').allowed).toBe(false);
    // The same conversation, plainly not private, is readable.
    const open = { ...r, private: false } as unknown as g.Resource;
    expect(g.canAccess(ben, open, 'read' as never, 'pro')).toBe(true);
  });
  it('a numeric assignee is neither assigned nor unassigned', () => {
    const r = { kind: 'conversation', assignee: 42, tier: 'north' } as unknown as Resource;
    expect(relationsOfIr(r).has('unassigned')).toBe(false);
    expect(relationsOfIr(r).has('assigned')).toBe(false);
  });
});

function relationsOfIr(r: Resource) {
  return relationsOf(tiered, { id: 'ben', roles: ['agent'] }, r);
}

// Runtime behaviour of generated guards (the golden fixture's guards.ts, imported as a module):
// the grants table, unions over several roles, action sets, and denial of unknown input.

import { describe, expect, it } from 'vitest';
import * as g from '../golden/expected/helpdesk/guards.js';

type AnyCan = (roles: unknown, permission: unknown, atLeast?: unknown) => boolean;
const canAny = g.can as unknown as AnyCan;
const levelOfAny = g.levelOf as unknown as (role: unknown, permission: unknown) => unknown;

describe('can()', () => {
  it.each([
    ['agent', 'tickets.view', 'edit', true],
    ['agent', 'tickets.view', undefined, true],
    ['analyst', 'tickets.view', 'edit', false],
    ['analyst', 'tickets.view', 'read', true], // implied by tickets.reports
    ['night_shift', 'tickets.view', 'edit', true], // inherited from agent
    ['agent', 'settings.brand', undefined, false],
    ['admin', 'settings.brand', 'edit', true],
    ['owner', 'account.delete', 'on', true],
    ['admin', 'account.delete', 'on', false],
    ['admin', 'tickets.reports', 'export', true],
    ['admin', 'tickets.reports', 'delete', false],
    ['analyst', 'tickets.reports', 'read', true], // update implies read
    ['agent', 'tickets.reports', undefined, false],
    ['agent', 'tickets.view', 'off', true], // everybody holds at least the lowest level
  ] as const)('%s %s %s -> %s', (role, perm, level, want) => {
    expect(canAny(role, perm, level)).toBe(want);
  });

  it('a member with several roles gets the union of their grants', () => {
    expect(g.can(['agent', 'analyst'], 'tickets.view', 'edit')).toBe(true);
    expect(g.can(['agent', 'analyst'], 'tickets.reports', 'update')).toBe(true);
    expect(g.can(['agent', 'night_shift'], 'tickets.reports', 'update')).toBe(false);
    expect(g.can([], 'tickets.view')).toBe(false);
  });

  it.each([
    ['unknown role', 'ghost', 'tickets.view', 'read'],
    ['unknown permission', 'owner', 'tickets.delete', undefined],
    ['unknown level', 'owner', 'tickets.view', 'superuser'],
    ['prototype key as role', '__proto__', 'tickets.view', undefined],
    ['prototype key as permission', 'owner', 'constructor', undefined],
    ['prototype key as level', 'owner', 'tickets.view', 'toString'],
    ['non-string role', 42, 'tickets.view', undefined],
    ['null role', null, 'tickets.view', undefined],
    ['object as roles', { length: 1, 0: 'owner' }, 'tickets.view', undefined],
    ['array with unknown and non-string ids', ['ghost', 7, null], 'tickets.view', undefined],
  ])('denies %s', (_name, role, perm, level) => {
    expect(canAny(role, perm, level)).toBe(false);
  });
});

describe('levelOf()', () => {
  it('returns levels and action lists', () => {
    expect(g.levelOf('agent', 'tickets.view')).toBe('edit');
    expect(g.levelOf('analyst', 'tickets.reports')).toEqual(['read', 'update']);
    expect(g.levelOf('owner', 'tickets.reports')).toEqual(['read', 'create', 'update', 'delete', 'export']);
  });
  it('returns undefined for unknown ids', () => {
    expect(levelOfAny('ghost', 'tickets.view')).toBeUndefined();
    expect(levelOfAny('owner', 'nope')).toBeUndefined();
    expect(levelOfAny('__proto__', 'tickets.view')).toBeUndefined();
  });
});

describe('constants and type guards', () => {
  it('exposes ids, names and a version', () => {
    expect(g.ROLES).toEqual(['owner', 'admin', 'agent', 'analyst', 'night_shift']);
    expect(g.ROLE_NAMES.analyst).toBe('분석가');
    expect(g.POLICY_VERSION).toMatch(/^[0-9a-f]{16}$/);
    expect(Object.isFrozen(g.ROLES)).toBe(true);
  });
  it('isRole / isPermission accept only ids of the policy', () => {
    expect(g.isRole('agent')).toBe(true);
    expect(g.isRole('toString')).toBe(false);
    expect(g.isRole(undefined)).toBe(false);
    expect(g.isPermission('tickets.view')).toBe(true);
    expect(g.isPermission('__proto__')).toBe(false);
  });
});

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

describe('integer ids: ROLE_ID, PERMISSION_ID, LEVEL_ID, roleId(), canId()', () => {
  const canIdAny = g.canId as unknown as (r: unknown, p: unknown, l: unknown) => boolean;

  it('ids are positions in ROLES, PERMISSIONS and LEVELS', () => {
    g.ROLES.forEach((r, i) => expect(g.ROLE_ID[r]).toBe(i));
    g.PERMISSIONS.forEach((p, i) => expect(g.PERMISSION_ID[p]).toBe(i));
    expect(g.LEVEL_ID['tickets.reports'].export).toBe(g.LEVELS['tickets.reports'].indexOf('export'));
    expect(Object.isFrozen(g.ROLE_ID) && Object.isFrozen(g.LEVEL_ID['tickets.view'])).toBe(true);
  });

  it.each([
    ['agent', 'tickets.view', 'edit'],
    ['analyst', 'tickets.view', 'edit'],
    ['analyst', 'tickets.view', 'read'],
    ['admin', 'tickets.reports', 'export'],
    ['admin', 'tickets.reports', 'delete'],
    ['owner', 'account.delete', 'on'],
    ['admin', 'account.delete', 'on'],
    ['agent', 'tickets.view', 'off'],
  ] as const)('canId(%s, %s, %s) answers as can()', (role, perm, level) => {
    const levels = g.LEVEL_ID[perm] as Record<string, number>;
    expect(g.canId(g.ROLE_ID[role], g.PERMISSION_ID[perm], levels[level]!)).toBe(g.can(role, perm, level as never));
  });

  it('roleId converts ids read from outside, including strings built at run time', () => {
    expect(g.roleId(['night', 'shift'].join('_'))).toBe(g.ROLE_ID.night_shift);
    expect(g.permissionId('tickets.' + 'view')).toBe(g.PERMISSION_ID['tickets.view']);
    for (const bad of ['ghost', '__proto__', 'constructor', 'toString', '', 'agent ', 'AGENT', 7, null, undefined, {}]) {
      expect(g.roleId(bad)).toBe(-1);
      expect(g.permissionId(bad)).toBe(-1);
    }
  });

  it.each([
    ['a negative role', -1, 0, 0],
    ['a role past the end', 5, 0, 0],
    ['a fractional role', 0.5, 0, 0],
    ['NaN', Number.NaN, 0, 0],
    ['a permission past the end', 0, 7, 0],
    ['a level past the bit width', 0, 0, 32],
    ['a level of no such index', 0, 3, 2], // account.delete has two levels
    ['a string id', '0', 0, 0],
    ['a huge number', 2 ** 32, 0, 0],
  ])('canId denies %s', (_name, r, p, l) => {
    expect(canIdAny(r, p, l)).toBe(false);
  });
});

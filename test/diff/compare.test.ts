// The comparisons the diff sections share, as tables: values across two versions of a scale (what
// guards grant, by level name), sets, lists of allowed values, limits, and the words of messages.

import { describe, expect, it } from 'vitest';
import { changeValue, compareChoices, compareLimit, compareValues, describeCauses, sameSet, sameValue, setDelta, showValue } from '../../src/diff/compare.js';
import type { Cause, ResolvedScale } from '../../src/ir.js';

const ordered = (...levels: string[]): ResolvedScale => ({
  kind: 'ordered',
  label: null,
  description: null,
  levels,
  labels: Object.fromEntries(levels.map((l) => [l, l])),
  implies: {},
});

const actions = (...levels: string[]): ResolvedScale => ({ ...ordered(...levels), kind: 'actions' });

const ACCESS = ordered('off', 'read', 'edit');
const CRUD = actions('read', 'update', 'delete');
const NONE = { gained: false, lost: false };
const GAIN = { gained: true, lost: false };
const LOSS = { gained: false, lost: true };
const BOTH = { gained: true, lost: true };

describe('compareValues', () => {
  it.each([
    ['a raise', ACCESS, 'read', ACCESS, 'edit', GAIN],
    ['a drop', ACCESS, 'edit', ACCESS, 'read', LOSS],
    ['the same level', ACCESS, 'read', ACCESS, 'read', NONE],
    // Removing "read" moves "edit" into its position: the role now passes can(..., "edit").
    ['a removed level cannot hide a gain', ACCESS, 'read', ordered('off', 'edit'), 'edit', BOTH],
    ['a level added above changes nothing held', ordered('off', 'read'), 'read', ACCESS, 'read', NONE],
    ['to the lowest value', ordered('off', 'read'), 'read', ordered('off', 'read'), 'off', LOSS],
    ['from the lowest value', ACCESS, 'off', ACCESS, 'read', GAIN],
    ['lowest on both sides, under other names', ACCESS, 'off', ordered('none', 'read'), 'none', NONE],
    ['from an absent value (a new permission)', undefined, undefined, ACCESS, 'read', GAIN],
    ['to an absent value (a removed permission)', ACCESS, 'read', undefined, undefined, LOSS],
    ['a value with no scale counts as the lowest', undefined, 'read', ACCESS, 'read', GAIN],
    ['to a value with no scale', ACCESS, 'read', undefined, 'read', LOSS],
    ['absent value on a known scale', ACCESS, undefined, ACCESS, 'edit', GAIN],
    ['to an absent value on a known scale', ACCESS, 'read', ACCESS, undefined, LOSS],
    ['actions to an absent value', CRUD, ['read'], CRUD, undefined, LOSS],
    ['one action more', CRUD, ['read'], CRUD, ['read', 'update'], GAIN],
    ['one action fewer', CRUD, ['read', 'update'], CRUD, ['read'], LOSS],
    ['one action for another', CRUD, ['read', 'update'], CRUD, ['read', 'delete'], BOTH],
    ['the same actions', CRUD, ['read', 'update'], CRUD, ['read', 'update'], NONE],
    ['no actions to some', CRUD, [], CRUD, ['read'], GAIN],
    ['a level to an action set', ACCESS, 'read', CRUD, ['read'], BOTH],
    ['an action set to a level', CRUD, ['read'], ACCESS, 'read', BOTH],
  ] as const)('%s', (_name, sa, a, sb, b, want) => {
    expect(compareValues(sa, a as never, sb, b as never)).toEqual(want);
  });
});

describe('sets', () => {
  it.each([
    [[], [], NONE, true],
    [['a'], ['a'], NONE, true],
    [['a'], ['a', 'b'], GAIN, false],
    [['a', 'b'], ['a'], LOSS, false],
    [['a'], ['b'], BOTH, false],
    [['a', 'b'], ['b', 'a'], NONE, true],
  ] as const)('%j -> %j', (a, b, delta, same) => {
    expect(setDelta(a, b)).toEqual(delta);
    expect(sameSet(a, b)).toBe(same);
  });

  it.each([
    ['read', 'read', true],
    ['read', 'edit', false],
    ['read', ['read'], false],
    [['read'], 'read', false],
    [['read', 'update'], ['update', 'read'], true],
    [['read'], ['read', 'update'], false],
    [['read', 'update'], ['read'], false],
    [undefined, undefined, true],
    [undefined, 'read', false],
  ] as const)('sameValue(%j, %j) is %s', (a, b, want) => {
    expect(sameValue(a as never, b as never)).toBe(want);
  });
});

describe('compareChoices', () => {
  it.each([
    ['the same choices', ['read'], ['read'], NONE],
    ['a higher choice added', ['read'], ['read', 'edit'], GAIN],
    ['a lower choice added: covered by the old one', ['edit'], ['read', 'edit'], NONE],
    ['the only choice lowered', ['edit'], ['read'], LOSS],
    ['the only choice raised', ['read'], ['edit'], GAIN],
    ['a choice dropped that another covers', ['read', 'edit'], ['edit'], NONE],
    ['the higher choice dropped', ['read', 'edit'], ['read'], LOSS],
    ['no choices to one', [], ['read'], GAIN],
    ['one choice to none', ['read'], [], LOSS],
  ] as const)('%s', (_name, a, b, want) => {
    expect(compareChoices(ACCESS, a, ACCESS, b)).toEqual(want);
  });
});

describe('compareLimit (null is unlimited)', () => {
  it.each([
    [4, 5, GAIN],
    [5, 4, LOSS],
    [4, null, GAIN],
    [null, 4, LOSS],
    [0, 1, GAIN],
    [1, 0, LOSS],
  ] as const)('%s -> %s', (a, b, want) => {
    expect(compareLimit(a, b)).toEqual(want);
  });
});

describe('values in messages', () => {
  const long = 'x'.repeat(61);
  it.each([
    [undefined, 'none'],
    [null, 'none'],
    ['edit', 'edit'],
    [3, '3'],
    [false, 'false'],
    [[], '[]'],
    [['read', 'export'], '[read, export]'],
    [[null, ['a']], '[none, [a]]'],
    [{ basic: 5 }, '{"basic":5}'],
    ['x'.repeat(60), 'x'.repeat(60)],
    [long, `${'x'.repeat(57)}...`],
    [`${'x'.repeat(56)}   tail of it`, `${'x'.repeat(56)}...`],
  ] as const)('showValue(%j)', (v, want) => {
    expect(showValue(v as never)).toBe(want);
  });

  it.each([
    [undefined, null],
    ['read', 'read'],
    [[], []],
    [['read', 'update'], ['read', 'update']],
  ] as const)('changeValue(%j)', (v, want) => {
    expect(changeValue(v as never)).toEqual(want);
  });

  it('changeValue copies an action list', () => {
    const v = ['read'];
    const c = changeValue(v);
    expect(c).not.toBe(v);
  });
});

describe('describeCauses', () => {
  const grant = (value: string | string[]): Cause => ({ kind: 'grant', value, file: 'policy.yaml', path: '/roles/x' });
  const inherited = (from: string, value: string | string[]): Cause => ({ kind: 'inherited', from, value });
  const implied = (by: string, value: string | string[]): Cause => ({ kind: 'implied', by, byValue: 'on', value });
  const dflt = (value: string | string[]): Cause => ({ kind: 'default', value });
  it.each([
    ['no causes', [], ACCESS, 'read', undefined, 'not defined'],
    ['no trace', undefined, ACCESS, 'read', undefined, 'not defined'],
    ['no value', [grant('read')], ACCESS, undefined, undefined, 'not defined'],
    ['the owner role', [{ kind: 'owner' }], ACCESS, 'edit', undefined, 'owner role'],
    ['the cause that gives the value, not a weaker one', [inherited('staff', 'edit'), grant('read')], ACCESS, 'edit', undefined, 'inherited from staff'],
    ['several causes of the same value', [grant('edit'), inherited('staff', 'edit')], ACCESS, 'edit', undefined, 'own grant; inherited from staff'],
    ['the same words once', [inherited('staff', 'edit'), inherited('staff', 'edit')], ACCESS, 'edit', undefined, 'inherited from staff'],
    ['a default never contributes', [dflt('off'), grant('off')], ACCESS, 'off', undefined, 'own grant'],
    ['nothing contributes: every cause is named', [dflt('read'), grant('edit')], ACCESS, 'read', undefined, 'not granted; own grant'],
    ['no scale: a default still does not contribute', [dflt('off'), grant('read')], undefined, 'read', undefined, 'own grant'],
    ['no scale: every cause but a default contributes', [grant('read'), implied('tickets', 'edit')], undefined, 'read', undefined, 'own grant; implied by tickets'],
    ['actions: causes holding one of the actions', [grant(['read']), implied('tickets', ['update'])], CRUD, ['read', 'update'], undefined, 'own grant; implied by tickets'],
    ['actions: a cause holding one of the actions is enough', [grant(['read']), implied('tickets', ['read', 'update'])], CRUD, ['read', 'update'], undefined, 'own grant; implied by tickets'],
    ['actions: narrowed to the part that changed', [grant(['read']), implied('tickets', ['update'])], CRUD, ['read', 'update'], ['update'], 'implied by tickets'],
    ['actions: a part no cause holds', [grant(['read']), implied('tickets', ['update'])], CRUD, ['read', 'update'], ['delete'], 'own grant; implied by tickets'],
  ] as const)('%s', (_name, causes, scale, value, part, want) => {
    expect(describeCauses(causes as never, scale, value as never, part as never)).toBe(want);
  });

  it('names roles as the reader knows them', () => {
    expect(describeCauses([inherited('staff', 'edit')], ACCESS, 'edit', undefined, (id) => `${id}2`)).toBe('inherited from staff2');
  });
});

// The schema stage's pure parts as tables: which of ajv's errors are kept (selectErrors), which
// permission a JSON path holds a value of (permissionOfValue), and the levels the raw documents
// define (levelContext). Each row an input and the exact answer.

import type { ErrorObject } from 'ajv';
import { describe, expect, it } from 'vitest';
import { levelContext, permissionOfValue } from '../../src/validate/level-context.js';
import { selectErrors } from '../../src/validate/validate-schema.js';

/** A minimal ajv error: keyword and path; `id` only tells rows apart. */
const err = (keyword: string, instancePath: string, id = ''): ErrorObject => ({ keyword, instancePath, schemaPath: id || `#/${keyword}`, params: {} });
const show = (list: readonly ErrorObject[]): string[] => list.map((e) => `${e.keyword} ${e.instancePath}${e.schemaPath.startsWith('#') ? '' : ` ${e.schemaPath}`}`);

describe('selectErrors', () => {
  it.each<[string, ErrorObject[], string[]]>([
    ['no alternative: everything', [err('required', '/a'), err('type', '/b')], ['required /a', 'type /b']],
    ['no errors', [], []],
    [
      'every branch mismatched: the outermost alternative only',
      [err('type', '/a'), err('const', '/a'), err('oneOf', '/a', 'inner'), err('anyOf', '/a', 'outer')],
      ['anyOf /a outer'],
    ],
    [
      'a branch got deeper: its errors, and what else it found here',
      [err('type', '/a'), err('additionalProperties', '/a'), err('required', '/a/b'), err('oneOf', '/a')],
      ['additionalProperties /a', 'required /a/b'],
    ],
    [
      'a branch whose type matched: its error',
      [err('type', '/a'), err('pattern', '/a'), err('oneOf', '/a')],
      ['pattern /a'],
    ],
    [
      'one missing key: that key',
      [err('type', '/a'), err('required', '/a'), err('oneOf', '/a')],
      ['required /a'],
    ],
    [
      'several branches each missing their own key: the alternative',
      [err('required', '/a', 'levels'), err('required', '/a', 'actions'), err('type', '/a'), err('oneOf', '/a')],
      ['oneOf /a'],
    ],
    [
      'a missing key and an unknown key: both',
      [err('required', '/a'), err('additionalProperties', '/a'), err('oneOf', '/a')],
      ['required /a', 'additionalProperties /a'],
    ],
    [
      'nested alternatives: the inner one decides, the outer goes',
      [err('type', '/a/b'), err('oneOf', '/a/b'), err('type', '/a'), err('oneOf', '/a')],
      ['oneOf /a/b'],
    ],
    [
      'an alternative at the root with an error below',
      [err('type', ''), err('required', '/x'), err('anyOf', '')],
      ['required /x'],
    ],
    [
      'an alternative at the root, nothing below',
      [err('type', ''), err('const', ''), err('anyOf', '')],
      ['anyOf '],
    ],
    [
      'a sibling whose name extends the path is not below it',
      [err('type', '/ab'), err('type', '/a'), err('oneOf', '/a')],
      ['type /ab', 'oneOf /a'],
    ],
    [
      'an error below a sibling whose name extends the path is not below it',
      [err('type', '/a'), err('enum', '/ab/c'), err('oneOf', '/a')],
      ['enum /ab/c', 'oneOf /a'],
    ],
    [
      'the outer alternative listed first: the inner one still decides',
      [err('type', '/a'), err('oneOf', '/a'), err('type', '/a/b'), err('const', '/a/b'), err('anyOf', '/a/b')],
      ['anyOf /a/b'],
    ],
    [
      'an error two levels below counts as deeper',
      [err('type', '/a'), err('enum', '/a/b/c'), err('oneOf', '/a')],
      ['enum /a/b/c'],
    ],
    [
      'alternatives at two unrelated paths',
      [err('type', '/a'), err('oneOf', '/a'), err('pattern', '/b'), err('type', '/b'), err('anyOf', '/b')],
      ['oneOf /a', 'pattern /b'],
    ],
  ])('%s', (_name, errors, want) => {
    expect(show(selectErrors(errors))).toEqual(want);
  });

  it('keeps the order ajv gave', () => {
    const errors = [err('required', '/z'), err('type', '/a'), err('oneOf', '/a'), err('enum', '/m')];
    expect(show(selectErrors(errors))).toEqual(['required /z', 'oneOf /a', 'enum /m']);
  });
});

describe('permissionOfValue', () => {
  it.each<[string, string | undefined]>([
    ['/roles/agent/grants/tickets', 'tickets'],
    ['/roles/agent/grants/tickets/0', 'tickets'],
    ['/roles/agent/grants/tickets/12', 'tickets'],
    ['/roles/agent/grants/tickets/default', 'tickets'],
    ['/roles/agent/grants/tickets/default/1', 'tickets'],
    ['/roles/agent/grants/tickets/allowed/0', 'tickets'],
    ['/roles/agent/grants/tickets/allowed', undefined],
    ['/roles/agent/grants/tickets/allowed/0/1', undefined],
    ['/roles/agent/grants/tickets/allowed/x', undefined],
    ['/roles/agent/grants/tickets/default/x', undefined],
    ['/roles/agent/grants/tickets/other/0', undefined],
    ['/roles/agent/grants/tickets/1a', undefined],
    ['/roles/agent/grants/tickets/', undefined],
    ['/roles/agent/grants/tickets/label', undefined],
    ['/tiers/nodes/hq/grants/folders', 'folders'],
    ['/tiers/nodes/hq/grants/folders/default', 'folders'],
    ['/permissions/a/implies/b', 'b'],
    ['/permissions/a/implies/b/0', 'b'],
    ['/permissions/a/implies/b/default', undefined],
    ['/permissions/a/implies/b/0/1', undefined],
    ['/scales/agent/grants/tickets', undefined],
    ['/roles/agent/implies/tickets', undefined],
    ['/permissions/a/grants/b', undefined],
    ['/roles/agent/grants', undefined],
    ['/grants/tickets', undefined],
    ['/roles/grants/tickets', undefined],
    ['', undefined],
    ['/roles/agent/grants/x~1y~0z', 'x/y~z'],
    ['/roles/a~1b/grants/p', 'p'],
    ['/x/roles/r/grants/p', 'p'],
    ['/roles/grants/grants/p', 'p'],
  ])('%s', (path, want) => {
    expect(permissionOfValue(path)).toBe(want);
  });
});

describe('levelContext', () => {
  const S = { scales: { access: { levels: ['off', 'read'] }, crude: { actions: ['read', 'export'] } } };
  it.each<[string, unknown[], string, unknown]>([
    ['an ordered scale', [S, { permissions: { p: { scale: 'access' } } }], 'p', { scale: 'access', levels: ['off', 'read'] }],
    ['an action set', [{ ...S, permissions: { p: { scale: 'crude' } } }], 'p', { scale: 'crude', levels: ['read', 'export'] }],
    ['levels before actions', [{ scales: { s: { levels: ['a'], actions: ['b'] } }, permissions: { p: { scale: 's' } } }], 'p', { scale: 's', levels: ['a'] }],
    ['levels that are not text are left out', [{ scales: { s: { levels: ['a', 1, null] } }, permissions: { p: { scale: 's' } } }], 'p', { scale: 's', levels: ['a'] }],
    ['no levels left', [{ scales: { s: { levels: [2] } }, permissions: { p: { scale: 's' } } }], 'p', undefined],
    ['levels that are not a list', [{ scales: { s: { levels: 'a', actions: ['b'] } }, permissions: { p: { scale: 's' } } }], 'p', { scale: 's', levels: ['b'] }],
    ['neither levels nor actions', [{ scales: { s: { label: 'S' } }, permissions: { p: { scale: 's' } } }], 'p', undefined],
    ['an unknown scale', [{ ...S, permissions: { p: { scale: 'nope' } } }], 'p', undefined],
    ['an unknown permission', [{ ...S, permissions: { p: { scale: 'access' } } }], 'q', undefined],
    ['a scale that is not text', [{ ...S, permissions: { p: { scale: 1 } } }], 'p', undefined],
    ['a permission that is not a mapping', [{ ...S, permissions: { p: 'access' } }], 'p', undefined],
    ['a scale that is not a mapping', [{ scales: { s: ['a'] }, permissions: { p: { scale: 's' } } }], 'p', undefined],
    ['scales that are a list', [{ scales: [{ levels: ['a'] }], permissions: { p: { scale: '0' } } }], 'p', undefined],
    ['permissions that are a list', [S, { permissions: [{ scale: 'access' }] }], '0', undefined],
    ['documents that are not mappings are skipped', [null, [S], 'x', S, { permissions: { p: { scale: 'access' } } }], 'p', { scale: 'access', levels: ['off', 'read'] }],
    ['a name of the prototype', [S], 'constructor', undefined],
    ['a later document wins', [S, { scales: { access: { levels: ['x'] } }, permissions: { p: { scale: 'access' } } }], 'p', { scale: 'access', levels: ['x'] }],
  ])('%s', (_name, docs, permission, want) => {
    expect(levelContext(docs).scaleOf(permission)).toEqual(want);
  });
});

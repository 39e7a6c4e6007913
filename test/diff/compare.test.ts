// Value comparison across two versions of a scale: what guards grant, by level name.

import { describe, expect, it } from 'vitest';
import { compareValues } from '../../src/diff/compare.js';
import type { ResolvedScale } from '../../src/ir.js';

const ordered = (...levels: string[]): ResolvedScale => ({
  kind: 'ordered',
  label: null,
  description: null,
  levels,
  labels: Object.fromEntries(levels.map((l) => [l, l])),
  implies: {},
});

describe('compareValues', () => {
  it.each([
    ['a raise', ordered('off', 'read', 'edit'), 'read', ordered('off', 'read', 'edit'), 'edit', { gained: true, lost: false }],
    ['a drop', ordered('off', 'read', 'edit'), 'edit', ordered('off', 'read', 'edit'), 'read', { gained: false, lost: true }],
    // Removing "read" moves "edit" into its position: the role now passes can(..., "edit").
    ['a removed level cannot hide a gain', ordered('off', 'read', 'edit'), 'read', ordered('off', 'edit'), 'edit', { gained: true, lost: true }],
    ['a level added above changes nothing held', ordered('off', 'read'), 'read', ordered('off', 'read', 'edit'), 'read', { gained: false, lost: false }],
    ['to the lowest value', ordered('off', 'read'), 'read', ordered('off', 'read'), 'off', { gained: false, lost: true }],
  ] as const)('%s', (_name, sa, a, sb, b, want) => {
    expect(compareValues(sa, a, sb, b)).toEqual(want);
  });
});

// Scales: each scale's values, lowest first, with what each value includes.

import type { DocsPart } from './part.js';

export const scales: DocsPart = {
  name: 'scales',
  partials: [],
  view: ({ ir, label, scaleValues }) => ({
    scales: Object.entries(ir.scales).map(([id, s]) => ({
      id,
      label: s.label,
      values:
        scaleValues(s) +
        (Object.keys(s.implies).length ? ` (${Object.entries(s.implies).map(([a, bs]) => `${label(s, a)} includes ${bs.map((b) => label(s, b)).join(', ')}`).join('; ')})` : ''),
    })),
  }),
};

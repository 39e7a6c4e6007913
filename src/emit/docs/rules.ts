// Cross-field rules: if one permission is held, another must be, with the rule's severity.

import type { DocsPart } from './part.js';

export const rules: DocsPart = {
  name: 'rules',
  partials: ['rules'],
  view: ({ ir, condition }) => ({
    rules: Object.entries(ir.rules).map(([id, r]) => ({
      id,
      label: r.label,
      description: r.description,
      ifMd: condition(r.if),
      thenMd: condition(r.then),
      severity: r.severity,
    })),
  }),
};

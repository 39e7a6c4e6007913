// Quotas: the numbers a role grants, answered by limitOf.

import { doc, lit, union } from './helpers.js';
import type { GuardsPart } from './part.js';

export const quotas: GuardsPart = {
  types: ({ data }) => [doc('Quotas: numbers a role grants, answered by limitOf (never: the policy has none).'), `export type Quota = ${union(data.quotas)};`],
  constants: ({ data }) => [doc('Quota ids in declaration order.'), `export const QUOTAS: readonly Quota[] = Object.freeze([${data.quotas.map(lit).join(', ')}]);`],
};

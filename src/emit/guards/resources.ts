// Resources: the kinds of resources canAccess answers for, and the actions of each.

import { doc, lit, union } from './helpers.js';
import type { GuardsPart } from './part.js';

export const resources: GuardsPart = {
  types: ({ data }) => [
    doc('Kinds of resources that canAccess answers for.'),
    `export type ResourceKind = ${union(data.resources)};`,
    doc('The actions of each resource kind.'),
    'export interface ResourceActions {',
    ...data.resources.map((k, i) => `  readonly ${lit(k)}: ${union(data.resourceActions[i]!)};`),
    '}',
  ],
};

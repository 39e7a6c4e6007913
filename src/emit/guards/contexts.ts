// Contexts: where a request comes from, the first being where questions that name none are asked.

import { doc, lit, union } from './helpers.js';
import type { GuardsPart } from './part.js';

export const contexts: GuardsPart = {
  types: ({ data }) => [
    doc(data.contexts.length ? `Where a request comes from; questions that name none are asked in ${data.contexts[0]} (see inContext).` : 'Where a request comes from (never: the policy has none; inContext denies everything).'),
    `export type RequestContext = ${union(data.contexts)};`,
  ],
  constants: ({ data }) => [
    doc('Request contexts in order; the first is where a question that names none is asked.'),
    `export const CONTEXTS: readonly RequestContext[] = Object.freeze([${data.contexts.map(lit).join(', ')}]);`,
  ],
};

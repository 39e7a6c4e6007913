// Relations: the actor attributes declared relations read (fields of an actor and of an account's
// member) and the resource attributes (fields of a resource and columns for toSql). A relation on
// the actor's own id reads the id every actor has: no attribute of its own.

import { actorAttributes } from '../../ir.js';
import { doc, lit, union } from './helpers.js';
import type { GuardsPart } from './part.js';

export const relations: GuardsPart = {
  types: ({ ir, resourceAttributes }) => {
    const attributes = actorAttributes(ir);
    return [
      doc(
        attributes.length
          ? 'Attributes of an actor that the declared relations read: a value, or a list of values.'
          : Object.keys(ir.relations).length
            ? "Attributes of an actor that declared relations read (none: they read the actor's own id)."
            : 'Attributes of an actor that declared relations read (none: the policy declares no relation).',
      ),
      'export interface ActorAttributes {',
      ...attributes.map((a) => `  readonly ${lit(a)}?: string | readonly string[] | null;`),
      '}',
      doc('Attributes of a resource that the declared relations read (never: the policy declares none).'),
      `export type ResourceAttribute = ${union(resourceAttributes)};`,
    ];
  },
};

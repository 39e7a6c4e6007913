// One part of the generated README: the fields of the template view it fills, and the partials
// (templates/readme-<name>.hbs) its section is written in.

import type { DocsContext } from './helpers.js';

export interface DocsPart {
  /** The part's name, as in the policy language. */
  readonly name: string;
  /** Partials of readme.md.hbs that this part's fields are shown by: `{{> name}}` reads templates/readme-<name>.hbs. */
  readonly partials: readonly string[];
  /** The part's fields of the template view. */
  view(ctx: DocsContext): Record<string, unknown>;
}

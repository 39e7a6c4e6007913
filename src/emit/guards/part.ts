// One part of guards.ts: the types and constants it prints, section by section. emitGuards walks
// GUARDS_PARTS (index.ts) once per section, so each section shows the parts in the index's order.

import type { GuardsContext } from './helpers.js';

export interface GuardsPart {
  /** Its types, in "Types of the policy". */
  types(ctx: GuardsContext): string[];
  /** Its ids in declaration order, which open "Ids" (ROLES, PERMISSIONS). */
  idLists?(ctx: GuardsContext): string[];
  /** What each of those ids shows, after every part's id list (ROLE_NAMES, LEVELS). */
  idNames?(ctx: GuardsContext): string[];
  /** Its other constants, which close "Ids" (integer ids, plans, switch defaults, ...). */
  constants?(ctx: GuardsContext): string[];
  /** Its constants in "The policy's tables", before the id lookups (OBJECTS). */
  tables?(ctx: GuardsContext): string[];
}

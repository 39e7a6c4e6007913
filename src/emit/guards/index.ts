// The parts of guards.ts, in the order their types and constants appear in each section. A new
// part is one file here and one line below.

import { contexts } from './contexts.js';
import { members } from './members.js';
import { objects } from './objects.js';
import type { GuardsPart } from './part.js';
import { permissions } from './permissions.js';
import { plans } from './plans.js';
import { quotas } from './quotas.js';
import { relations } from './relations.js';
import { resources } from './resources.js';
import { roles } from './roles.js';
import { switches } from './switches.js';
import { tiers } from './tiers.js';

export const GUARDS_PARTS: readonly GuardsPart[] = [roles, permissions, objects, plans, switches, contexts, quotas, tiers, resources, relations, members];

// The parts of the generated README, in the order their sections appear. A new part is one file
// here, one line below and, when its section has a partial, templates/readme-<name>.hbs with its
// `{{> name}}` in readme.md.hbs.

import { contexts } from './contexts.js';
import { delegation } from './delegation.js';
import { limits } from './limits.js';
import { members } from './members.js';
import { objects } from './objects.js';
import type { DocsPart } from './part.js';
import { permissions } from './permissions.js';
import { plans } from './plans.js';
import { quotas } from './quotas.js';
import { relations } from './relations.js';
import { resources } from './resources.js';
import { roles } from './roles.js';
import { rules } from './rules.js';
import { scales } from './scales.js';
import { switches } from './switches.js';
import { tiers } from './tiers.js';

export const DOCS_PARTS: readonly DocsPart[] = [
  roles,
  permissions,
  scales,
  plans,
  switches,
  objects,
  contexts,
  quotas,
  resources,
  relations,
  tiers,
  rules,
  delegation,
  limits,
  members,
];

// name-reserved: a custom role may not take or imitate a reserved name (limits.reservedNames):
// case, spacing, accents, full-width forms, digits for letters and Cyrillic or Greek look-alikes
// are folded away, and a small edit distance still counts as imitation. Builtin and owner roles
// are the product's own and may carry the reserved names.

import { confusableWith } from '../../util/names.js';
import type { AnalysisRule } from '../rule.js';

export const nameReserved: AnalysisRule = (ctx) => {
  const reserved = ctx.policy.limits.reservedNames;
  for (const [id, role] of Object.entries(ctx.policy.roles)) {
    if (role.kind !== 'custom') continue;
    const hit = reserved.find((r) => confusableWith(role.name, r));
    if (hit === undefined) continue;
    const def = ctx.merged.roles.get(id)!;
    ctx.bag.report({
      rule: 'name-reserved',
      message: `role "${id}" has the name ${JSON.stringify(role.name)}, which is or looks like the reserved name ${JSON.stringify(hit)}`,
      at: { file: def.at.file, path: `${def.at.path}/name` },
      hint: 'choose a name that cannot be mistaken for an administrator role',
    });
  }
};

// name-lookalike: with limits.distinctNames lookalike, a custom role's name may not look like the
// name of any other role (builtin, owner or custom): the two may not share their look-alike
// skeleton (case, spacing, punctuation, accents, full-width forms, digits for letters and
// look-alike letters folded). Unlike reservedNames there is no edit-distance allowance, so that
// numbered roles such as "Tier 1" and "Tier 2" stay apart. Names that are the same outright are
// name-duplicate's.
// Between two custom roles the later one is reported; a name that imitates a reserved name is
// name-reserved's only.

import { confusableWith, nameSkeleton, normalizeName } from '../../util/names.js';
import type { AnalysisRule } from '../rule.js';

export const nameLookalike: AnalysisRule = (ctx) => {
  if (ctx.policy.limits.distinctNames !== 'lookalike') return;
  const ids = Object.keys(ctx.policy.roles);
  // Each name folded once, not once per pair.
  const normal = ids.map((o) => normalizeName(ctx.policy.roles[o]!.name));
  const skeleton = ids.map((o) => nameSkeleton(ctx.policy.roles[o]!.name));
  ids.forEach((id, i) => {
    const role = ctx.policy.roles[id]!;
    if (role.kind !== 'custom') return;
    if (ctx.policy.limits.reservedNames.some((r) => confusableWith(role.name, r))) return;
    const other = ids.find((o, j) => {
      const r = ctx.policy.roles[o]!;
      // A custom role before this one was compared with it already. The role itself (j === i) has
      // its own normal name, which the last test rules out.
      if (r.kind === 'custom' && j > i) return false;
      return normal[j] !== normal[i] && skeleton[j] === skeleton[i];
    });
    if (other === undefined) return;
    const def = ctx.merged.roles.get(id)!;
    ctx.bag.report({
      rule: 'name-lookalike',
      message: `role "${id}" has the name ${JSON.stringify(role.name)}, which looks like the name of role "${other}" (${JSON.stringify(ctx.policy.roles[other]!.name)})`,
      at: { file: def.at.file, path: `${def.at.path}/name` },
      hint: 'choose a name that cannot be mistaken for another role',
    });
  });
};

// name-duplicate: role display names are unique after Unicode normalisation (NFKC), case folding
// and whitespace collapsing, so "Agent", "ＡＧＥＮＴ" and "agent " are one name.

import { normalizeName } from '../../util/names.js';
import type { AnalysisRule } from '../rule.js';

export const nameDuplicate: AnalysisRule = (ctx) => {
  const seen = new Map<string, string>();
  for (const [id, role] of Object.entries(ctx.policy.roles)) {
    const key = normalizeName(role.name);
    const first = seen.get(key);
    if (first === undefined) {
      seen.set(key, id);
      continue;
    }
    const def = ctx.merged.roles.get(id)!;
    ctx.bag.report({
      rule: 'name-duplicate',
      message: `role "${id}" has the name ${JSON.stringify(role.name)}, which is the same name as role "${first}" (${JSON.stringify(ctx.policy.roles[first]!.name)})`,
      at: { file: def.at.file, path: `${def.at.path}/name` },
      hint: 'give each role a distinct name',
    });
  }
};

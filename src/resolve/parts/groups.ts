// Groups: the headings permissions are listed under.

import type { ResolveContext } from '../part.js';

export function resolveGroups(ctx: ResolveContext): void {
  for (const [id, d] of ctx.merged.groups) ctx.ir.groups[id] = { label: d.value.label, description: d.value.description ?? null };
}

// Contexts: where a request comes from (the product's screens, its API), in order, the first being
// the context of a question that names none. Permissions check their `contexts` with checkRefs (part.ts).

import type { ResolveContext } from '../part.js';

export function resolveContexts(ctx: ResolveContext): void {
  const { merged, ir } = ctx;
  for (const [id, d] of merged.contexts) ir.contexts[id] = { label: d.value.label, description: d.value.description ?? null };
}
